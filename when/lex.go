package when

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind classifies a word of the stage's own light tokenisation.
type kind uint8

const (
	kAlpha kind = iota // a run of letters
	kNum               // a run of ASCII digits
	kOrd               // digits followed by st, nd, rd or th: "8th"
	kPunct             // any other single non-space character
)

// word is one unit of the stage's tokenisation. The stage works on the text
// directly rather than on Document.Tokens so that it does not depend on how
// the tokeniser splits "Feb.", "8th" or "2012-02-08".
type word struct {
	s, e  int    // byte span in the text
	t     string // the text
	l     string // lower-cased text
	k     kind
	n     int  // value of kNum / kOrd words (0 when too long)
	space bool // whitespace follows the word
}

// lex splits text into words: letter runs, digit runs (with an ordinal
// suffix glued on) and single punctuation characters.
func lex(text string) []word {
	ws := make([]word, 0, len(text)/5+1)
	i := 0
	for i < len(text) {
		r, sz := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			if len(ws) > 0 {
				ws[len(ws)-1].space = true
			}
			i += sz
		case r >= '0' && r <= '9':
			j := i
			for j < len(text) && text[j] >= '0' && text[j] <= '9' {
				j++
			}
			w := word{s: i, k: kNum}
			if j-i <= 6 {
				for _, c := range text[i:j] {
					w.n = w.n*10 + int(c-'0')
				}
			}
			if j+2 <= len(text) {
				suf := strings.ToLower(text[j : j+2])
				if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") &&
					(j+2 == len(text) || !isLetterAt(text, j+2)) {
					w.k = kOrd
					j += 2
				}
			}
			w.e = j
			ws = append(ws, w)
			i = j
		case unicode.IsLetter(r):
			j := i + sz
			for j < len(text) {
				r2, sz2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) && !unicode.IsMark(r2) {
					break
				}
				j += sz2
			}
			ws = append(ws, word{s: i, e: j, k: kAlpha})
			i = j
		default:
			ws = append(ws, word{s: i, e: i + sz, k: kPunct})
			i += sz
		}
	}
	for k := range ws {
		ws[k].t = text[ws[k].s:ws[k].e]
		ws[k].l = strings.ToLower(ws[k].t)
	}
	return ws
}

func isLetterAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r)
}

// capitalised reports whether the word starts with an upper-case letter.
func (w word) capitalised() bool {
	r, _ := utf8.DecodeRuneInString(w.t)
	return unicode.IsUpper(r)
}

// adjacent reports whether words a and b touch with no space between.
func adjacent(a, b word) bool { return a.e == b.s }

// isApos reports whether the word is a straight or curly apostrophe.
func (w word) isApos() bool { return w.t == "'" || w.t == "’" }
