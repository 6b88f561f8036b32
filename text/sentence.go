package text

import (
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// SplitSentences groups the tokens of s, as Tokenize or SurfaceTokens
// return them, into sentences and the sentences into paragraphs. Every token
// belongs to exactly one sentence and every sentence to one paragraph.
//
// A line break between two tokens ends the paragraph, and so the sentence:
// news text often holds one paragraph per line. Within a line a sentence ends
//
//   - after a run of . ! ? (with any closing quotes or brackets written right
//     after it) unless the next word starts in lower case or is a comma,
//     semicolon or closing bracket;
//   - after an ellipsis when the next word is capitalised;
//   - after an abbreviation such as "U.S." or "Inc." only when the next word
//     is a typical sentence opener ("The", "He", "In", ...). Titles ("Dr.",
//     "Sen."), initials ("W.") and "No." before a number never end one;
//   - after the dash of a dateline that opens a paragraph
//     ("MOSCOW, Feb 8 (Reuters) -", "KABUL —"), which becomes its own
//     sentence.
func SplitSentences(s string, tokens []doc.Span) ([]doc.Sentence, []doc.Paragraph) {
	n := len(tokens)
	if n == 0 {
		return nil, nil
	}
	sents := make([]doc.Sentence, 0, n/16+1)
	var paras []doc.Paragraph
	first, paraFirst := 0, 0
	pending := -1
	paraStart := true
	for i := 0; i < n; i++ {
		if paraStart {
			paraStart = false
			if k := dateline(s, tokens, i); k >= 0 {
				pending = k
			}
		}
		end, para := false, false
		switch {
		case i+1 == n:
			end, para = true, true
		case hasBreak(s, tokens[i].End, tokens[i+1].Start):
			end, para = true, true
		case i == pending:
			end = true
		case i > pending:
			if j := terminal(s, tokens, i); j >= 0 {
				if j == i {
					end = true
				} else {
					pending = j
				}
			}
		}
		if end {
			sents = append(sents, doc.Sentence{
				Span:      doc.Span{Start: tokens[first].Start, End: tokens[i].End},
				TokStart:  first,
				TokEnd:    i + 1,
				Paragraph: len(paras),
			})
			first = i + 1
		}
		if para {
			paras = append(paras, doc.Paragraph{
				Span:      doc.Span{Start: sents[paraFirst].Start, End: sents[len(sents)-1].Span.End},
				SentStart: paraFirst,
				SentEnd:   len(sents),
			})
			paraFirst = len(sents)
			paraStart = true
		}
	}
	return sents, paras
}

// hasBreak reports whether s[a:b] holds a line break.
func hasBreak(s string, a, b int) bool {
	for i := a; i < b && i < len(s); i++ {
		switch s[i] {
		case '\n', '\r', '\f', '\v':
			return true
		case 0xE2: // U+2028, U+2029
			if i+2 < b && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return true
			}
		}
	}
	return false
}

// terminal decides whether a sentence ends at token i. It returns -1 when it
// does not, or the index of the last token of the sentence: i, or the last
// closing quote or bracket written right after it.
func terminal(s string, toks []doc.Span, i int) int {
	t := s[toks[i].Start:toks[i].End]
	if t == "" {
		return -1
	}
	const (
		strong = iota + 1
		weak
		abbr
	)
	kind := 0
	switch last := t[len(t)-1]; {
	case last == '.' || last == '!' || last == '?':
		if onlyPeriods(t) {
			if len(t) == 1 {
				kind = strong
			} else {
				kind = weak
			}
		} else if isPunctRun(t) {
			kind = strong
		} else if last == '.' {
			switch abbrKind(t[:len(t)-1], s[toks[i].End:]) {
			case abbrOther:
				kind = abbr
			case abbrNone:
				// A word the tokenizer kept with its period, such as a
				// URL: treat the period as terminal.
				kind = strong
			default:
				return -1
			}
		}
	case t == "…" || t == "⋯":
		kind = weak
	default:
		return -1
	}
	j := i
	for j+1 < len(toks) && toks[j+1].Start == toks[j].End && isCloser(s[toks[j+1].Start:toks[j+1].End]) {
		j++
	}
	if j+1 >= len(toks) {
		return j
	}
	next := s[toks[j+1].Start:toks[j+1].End]
	r, _ := utf8.DecodeRuneInString(next)
	switch kind {
	case strong:
		if unicode.IsLower(r) && j > i {
			// "Why not?" he asked. Yahoo! and AOL.
			return -1
		}
		switch r {
		case ',', ';', ')', ']', '}', ':', '.', '!', '?':
			// The last of ". . ." decides.
			return -1
		}
		return j
	case weak:
		if unicode.IsUpper(r) {
			return j
		}
	case abbr:
		if starters[next] || next == "“" {
			return j
		}
	}
	return -1
}

func onlyPeriods(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] != '.' {
			return false
		}
	}
	return true
}

func isPunctRun(t string) bool {
	for i := 0; i < len(t); i++ {
		if c := t[i]; c != '.' && c != '!' && c != '?' {
			return false
		}
	}
	return true
}

// isCloser reports whether token t closes a quotation or bracket.
func isCloser(t string) bool {
	switch t {
	case "\"", "'", "''", "”", "’", "’’", "»", "›", ")", "]", "}":
		return true
	}
	return false
}

func isDash(t string) bool {
	switch t {
	case "-", "--", "–", "—", "―":
		return true
	}
	return false
}

// dateline returns the index of the dash that ends a dateline opening the
// paragraph at token p ("MOSCOW, Feb 8 (Reuters) -", "KABUL —",
// "(Reuters) -"), or -1.
func dateline(s string, toks []doc.Span, p int) int {
	first := s[toks[p].Start:toks[p].End]
	if first != "(" && !allCaps(first) {
		return -1
	}
	caps := true
	for k := p + 1; k < len(toks) && k < p+20; k++ {
		if hasBreak(s, toks[k-1].End, toks[k].Start) {
			return -1
		}
		t := s[toks[k].Start:toks[k].End]
		if isDash(t) {
			if k+1 >= len(toks) || toks[k-1].End == toks[k].Start || toks[k].End == toks[k+1].Start {
				return -1
			}
			prev := s[toks[k-1].Start:toks[k-1].End]
			if prev == ")" || caps {
				return k
			}
			return -1
		}
		if isPunctRun(t) && t != "." {
			return -1
		}
		if t != "," && !allCaps(t) {
			caps = false
		}
	}
	return -1
}

// allCaps reports whether t has at least two letters and no lower-case ones.
func allCaps(t string) bool {
	letters := 0
	for _, r := range t {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 2
}
