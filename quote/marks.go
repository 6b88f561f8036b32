package quote

import (
	"sort"
	"strings"
	"unicode"

	"github.com/dyad-events/dyad/doc"
)

const (
	kindDouble = iota
	kindSingle
)

const (
	roleOpen = iota
	roleClose
	roleEither // a straight mark whose direction the context leaves open
)

// mark is one quotation mark found in the text.
type mark struct {
	doc.Span
	kind int
	role int
}

// pair is an outermost pair of quotation marks.
type pair struct {
	open, close doc.Span
	content     doc.Span
}

// isQuoteMarkRune reports whether r can be a quotation mark.
func isQuoteMarkRune(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '"', '\'', '«', '»', '„':
		return true
	}
	return false
}

// leftOpen reports whether a mark preceded by p may open a quote.
func leftOpen(p rune, w int) bool {
	if w == 0 || unicode.IsSpace(p) {
		return true
	}
	return strings.ContainsRune("([{<—–-/“‘«„\"", p)
}

// rightClose reports whether a mark followed by n may close a quote.
func rightClose(n rune, w int) bool {
	if w == 0 || unicode.IsSpace(n) {
		return true
	}
	return strings.ContainsRune(".,;:!?)]}>—–-…/”’»\"'", n)
}

// scanMarks lists the quotation marks in text[a:b], with apostrophes
// ("Syria’s", "don't") left out.
func scanMarks(text string, a, b int) []mark {
	var out []mark
	for i := a; i < b; {
		r, w := runeAt(text, i)
		if w == 0 {
			break
		}
		if r == '`' && i+1 < b && text[i+1] == '`' {
			// TeX-style opening double mark (``), as some wire text has.
			out = append(out, mark{doc.Span{Start: i, End: i + 2}, kindDouble, roleOpen})
			i += 2
			continue
		}
		if !isQuoteMarkRune(r) {
			i += w
			continue
		}
		if r == '\'' && i+1 < b && text[i+1] == '\'' {
			// Two apostrophes as one double mark, opening or closing
			// (''The stock hasn't done well,'' he said).
			r, w = '"', 2
		}
		p, pw := runeBefore(text, i)
		if i <= a {
			pw = 0
		}
		n, nw := runeAt(text, i+w)
		if i+w >= b {
			nw = 0
		}
		sp := doc.Span{Start: i, End: i + w}
		i += w
		nSpace := nw == 0 || unicode.IsSpace(n)
		pSpace := pw == 0 || unicode.IsSpace(p)
		switch r {
		case '“', '«', '„':
			out = append(out, mark{sp, kindDouble, roleOpen})
		case '”', '»':
			out = append(out, mark{sp, kindDouble, roleClose})
		case '"':
			open := leftOpen(p, pw) && !nSpace
			cl := !pSpace && rightClose(n, nw)
			switch {
			case open && !cl:
				out = append(out, mark{sp, kindDouble, roleOpen})
			case cl && !open:
				out = append(out, mark{sp, kindDouble, roleClose})
			default:
				out = append(out, mark{sp, kindDouble, roleEither})
			}
		case '‘':
			if leftOpen(p, pw) && !nSpace {
				out = append(out, mark{sp, kindSingle, roleOpen})
			}
		case '’', '\'':
			if pw != 0 && nw != 0 && isWordRune(p) && isWordRune(n) {
				continue // apostrophe inside a word
			}
			if r == '\'' && leftOpen(p, pw) && !nSpace {
				out = append(out, mark{sp, kindSingle, roleOpen})
				continue
			}
			if !pSpace && rightClose(n, nw) {
				out = append(out, mark{sp, kindSingle, roleClose})
			}
		}
	}
	return out
}

// findPairs pairs quotation marks paragraph by paragraph and returns the
// outermost pairs in text order. Rules:
//
//   - double and single marks pair with marks of their own kind; a straight
//     mark whose direction is unclear closes an open quote of its kind or
//     else opens one;
//   - a closing mark closes the innermost open quote of its kind, dropping
//     any unclosed quotes opened inside it; a closing single mark with no
//     open single quote is an apostrophe ("ministers’ ") and is ignored;
//   - only outermost pairs are returned: quotes nested inside a quote stay
//     part of its content and are not recorded on their own;
//   - an outermost quote left open at the end of a paragraph continues when
//     the next paragraph starts with an opening mark of the same kind (the
//     news convention for quotes that run over several paragraphs); the
//     content then spans both paragraphs, reopening mark included;
//   - any other unclosed mark is reported in unbalanced and ignored.
func findPairs(text string, paras []doc.Span) (pairs []pair, unbalanced []int) {
	var all []pair
	var carry *mark
	for pi, pa := range paras {
		marks := scanMarks(text, pa.Start, pa.End)
		var stack []mark
		if carry != nil {
			if len(marks) > 0 && marks[0].role != roleClose && marks[0].kind == carry.kind && onlySpace(text, pa.Start, marks[0].Start) {
				stack = append(stack, *carry)
				marks = marks[1:]
			} else {
				unbalanced = append(unbalanced, carry.Start)
			}
			carry = nil
		}
		for _, m := range marks {
			top := -1
			for j := len(stack) - 1; j >= 0; j-- {
				if stack[j].kind == m.kind {
					top = j
					break
				}
			}
			closing := m.role == roleClose || (m.role == roleEither && top >= 0)
			if !closing {
				stack = append(stack, m)
				continue
			}
			if top < 0 {
				continue // stray closing mark or apostrophe
			}
			all = append(all, pair{
				open:    stack[top].Span,
				close:   m.Span,
				content: doc.Span{Start: stack[top].End, End: m.Start},
			})
			for _, inner := range stack[top+1:] {
				if inner.kind == kindDouble {
					unbalanced = append(unbalanced, inner.Start)
				}
			}
			stack = stack[:top]
		}
		// The first open quote may continue into the next paragraph.
		if len(stack) > 0 && pi+1 < len(paras) {
			next := scanMarks(text, paras[pi+1].Start, paras[pi+1].End)
			for j, m := range stack {
				if len(next) > 0 && next[0].role != roleClose && next[0].kind == m.kind && onlySpace(text, paras[pi+1].Start, next[0].Start) {
					c := m
					carry = &c
					stack = append(stack[:j:j], stack[j+1:]...)
					break
				}
			}
		}
		for _, m := range stack {
			if m.kind == kindDouble {
				unbalanced = append(unbalanced, m.Start)
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].open.Start < all[j].open.Start })
	end := -1
	for _, p := range all {
		if p.open.Start >= end {
			pairs = append(pairs, p)
			end = p.close.End
		}
	}
	return pairs, unbalanced
}

func onlySpace(text string, a, b int) bool {
	return strings.TrimSpace(text[a:b]) == ""
}
