package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold is the matching key of a token: lower case, without diacritics, with
// typographic apostrophes made straight. "Türkiye" and "turkiye" fold alike.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	s = strings.NewReplacer("’", "'", "‘", "'", "‐", "-", "‑", "-").Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	return strings.ToLower(s)
}

// caseOK reports whether the text token t is written in a case the stored
// form s allows. Both are compared segment by segment between hyphens:
//
//   - a stored segment without capitals ("al", "of") accepts any case;
//   - a stored segment of two or more letters all in capitals, an acronym
//     ("US", "UN", "WHO", "PKK"), needs all its letters in capitals in the
//     text, so "us" and "Who" are not the US and the WHO;
//   - any other stored segment ("Russia", "Qaeda") needs a capital first
//     letter in the text; all-capital headlines ("RUSSIA") pass.
func caseOK(s, t string) bool {
	ss := strings.Split(s, "-")
	ts := strings.Split(t, "-")
	if len(ss) != len(ts) {
		ss, ts = []string{s}, []string{t}
	}
	for i := range ss {
		if !segCaseOK(ss[i], ts[i]) {
			return false
		}
	}
	return true
}

func segCaseOK(s, t string) bool {
	letters, upper := 0, 0
	first := rune(0)
	for _, r := range s {
		if unicode.IsLetter(r) {
			if first == 0 {
				first = r
			}
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if upper == 0 {
		return true
	}
	if letters >= 2 && upper == letters {
		for _, r := range t {
			if unicode.IsLetter(r) && !unicode.IsUpper(r) {
				return false
			}
		}
		return true
	}
	if !unicode.IsUpper(first) {
		return true // "iPhone"-like forms: no constraint
	}
	for _, r := range t {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return true
}

// stripPossessive removes a trailing 's or ’s ("Russia's"), for tokenizers
// that keep the clitic on the word.
func stripPossessive(s string) (string, bool) {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if len(s) > len(suf) && strings.HasSuffix(s, suf) {
			return s[:len(s)-len(suf)], true
		}
	}
	return s, false
}
