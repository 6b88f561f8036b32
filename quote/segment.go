package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// Segment splits text into tokens, sentences and paragraphs with simple
// rules, for use when no tokenizer stage has run (and by tests and the
// PolNeAR evaluation):
//
//   - paragraphs are the non-blank lines of the text;
//   - tokens are runs of letters and digits, which may contain inner hyphens,
//     periods, apostrophes and digit-group commas ("U.S.", "don’t", "1,000"),
//     with a possessive "’s"/"'s" split off as its own token; every other
//     non-space rune is a token of its own, so quotation marks are tokens;
//   - a sentence ends after ".", "!", "?" or "…" (and any closing quotation
//     marks or brackets right after it) when whitespace and then an upper-case
//     letter, digit or opening mark follow, unless the period ends a common
//     abbreviation ("Mr.", "Gen.") or a single capital initial.
//
// Only Span, SpaceAfter and Head (-1) are set on tokens.
func Segment(text string) ([]doc.Token, []doc.Sentence, []doc.Paragraph) {
	var toks []doc.Token
	var sents []doc.Sentence
	var paras []doc.Paragraph
	start := 0
	for start <= len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		a, b := trimSpan(text, start, end)
		if a < b {
			pi := len(paras)
			firstSent := len(sents)
			firstTok := len(toks)
			toks = tokenize(text, a, b, toks)
			sents = splitSentences(text, toks, firstTok, pi, sents)
			paras = append(paras, doc.Paragraph{Span: doc.Span{Start: a, End: b}, SentStart: firstSent, SentEnd: len(sents)})
		}
		start = end + 1
	}
	return toks, sents, paras
}

func trimSpan(text string, a, b int) (int, int) {
	for a < b {
		r, w := utf8.DecodeRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += w
	}
	for b > a {
		r, w := utf8.DecodeLastRuneInString(text[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		b -= w
	}
	return a, b
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// runeAt decodes the rune at byte i of s, returning utf8.RuneError and 0
// width past the end.
func runeAt(s string, i int) (rune, int) {
	if i < 0 || i >= len(s) {
		return utf8.RuneError, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeBefore decodes the rune ending at byte i of s.
func runeBefore(s string, i int) (rune, int) {
	if i <= 0 || i > len(s) {
		return utf8.RuneError, 0
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

func tokenize(text string, a, b int, toks []doc.Token) []doc.Token {
	first := len(toks)
	i := a
	for i < b {
		r, w := utf8.DecodeRuneInString(text[i:b])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		start := i
		switch {
		case isWordRune(r):
			i += w
			for i < b {
				r2, w2 := utf8.DecodeRuneInString(text[i:b])
				if isWordRune(r2) {
					i += w2
					continue
				}
				if r2 == '-' || r2 == '.' || isApostrophe(r2) || r2 == ',' || r2 == '&' {
					r3, w3 := utf8.DecodeRuneInString(text[i+w2 : b])
					if w3 == 0 || !isWordRune(r3) {
						break
					}
					if isApostrophe(r2) && (r3 == 's' || r3 == 'S') {
						r4, _ := utf8.DecodeRuneInString(text[i+w2+w3 : b])
						if !isWordRune(r4) {
							break // possessive: split "’s" off
						}
					}
					if r2 == ',' && !(unicode.IsDigit(r3) && unicode.IsDigit(lastRune(text[start:i]))) {
						break
					}
					i += w2 + w3
					continue
				}
				break
			}
			// "U.S." keeps its final period.
			if i < b && text[i] == '.' && strings.Contains(text[start:i], ".") {
				i++
			}
		case isApostrophe(r) && possessiveAt(text, i, b):
			_, w2 := utf8.DecodeRuneInString(text[i+w : b])
			i += w + w2
		default:
			i += w
		}
		toks = append(toks, doc.Token{Span: doc.Span{Start: start, End: i}, Head: -1})
	}
	for k := first; k < len(toks); k++ {
		if k+1 < len(toks) {
			toks[k].SpaceAfter = toks[k+1].Start > toks[k].End
		} else {
			toks[k].SpaceAfter = false
		}
	}
	return toks
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// possessiveAt reports whether the apostrophe at i starts a possessive "’s"
// that follows a word.
func possessiveAt(text string, i, b int) bool {
	p, _ := runeBefore(text, i)
	if !isWordRune(p) {
		return false
	}
	_, w := utf8.DecodeRuneInString(text[i:b])
	s, w2 := utf8.DecodeRuneInString(text[i+w : b])
	if s != 's' && s != 'S' {
		return false
	}
	n, w3 := utf8.DecodeRuneInString(text[i+w+w2 : b])
	return w3 == 0 || !isWordRune(n)
}

var abbreviations = set("mr mrs ms dr gen col lt sen rep gov st jr sr prof no vs etc inc corp co ltd maj capt adm sgt pres amb dept fig jan feb mar apr aug sept sep oct nov dec")

func splitSentences(text string, toks []doc.Token, first, para int, sents []doc.Sentence) []doc.Sentence {
	begin := first
	for k := first; k < len(toks); k++ {
		t := text[toks[k].Start:toks[k].End]
		if t != "." && t != "!" && t != "?" && t != "…" {
			continue
		}
		if t == "." && k > begin {
			prev := strings.ToLower(text[toks[k-1].Start:toks[k-1].End])
			if abbreviations[prev] || (len(prev) == 1 && unicode.IsLetter(rune(prev[0])) && toks[k-1].End == toks[k].Start) {
				continue
			}
		}
		end := k + 1
		for end < len(toks) {
			s := text[toks[end].Start:toks[end].End]
			if toks[end].Start != toks[end-1].End || !isClosingRun(s) {
				break
			}
			end++
		}
		if end < len(toks) {
			if toks[end].Start == toks[end-1].End {
				continue
			}
			r, _ := utf8.DecodeRuneInString(text[toks[end].Start:])
			if !(unicode.IsUpper(r) || unicode.IsDigit(r) || isOpenMark(r)) {
				continue
			}
		}
		sents = append(sents, doc.Sentence{Span: doc.Span{Start: toks[begin].Start, End: toks[end-1].End}, TokStart: begin, TokEnd: end, Paragraph: para})
		begin = end
		k = end - 1
	}
	if begin < len(toks) {
		sents = append(sents, doc.Sentence{Span: doc.Span{Start: toks[begin].Start, End: toks[len(toks)-1].End}, TokStart: begin, TokEnd: len(toks), Paragraph: para})
	}
	return sents
}

func isClosingRun(s string) bool {
	r, w := utf8.DecodeRuneInString(s)
	if w != len(s) {
		return false
	}
	switch r {
	case '”', '’', '"', '\'', '»', ')', ']':
		return true
	}
	return false
}

func isOpenMark(r rune) bool {
	switch r {
	case '“', '‘', '"', '\'', '«', '„', '(', '[':
		return true
	}
	return false
}
