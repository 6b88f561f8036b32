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
	s = punct.Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	return strings.ToLower(s)
}

var punct = strings.NewReplacer("’", "'", "‘", "'", "‐", "-", "‑", "-")

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func appendLowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendFold appends fold(s) to dst, allocating only for non-ASCII tokens.
func appendFold(dst []byte, s string) []byte {
	if isASCII(s) {
		return appendLowerASCII(dst, s)
	}
	return append(dst, fold(s)...)
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

// The case classes of a stored segment, as segCaseOK reads it.
const (
	caseAny     = iota // no constraint
	caseAcronym        // all letters of the text in capitals
	caseCapital        // the text's first letter a capital
)

// segClass is the class of a stored segment.
func segClass(s string) uint32 {
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
	switch {
	case upper == 0:
		return caseAny
	case letters >= 2 && upper == letters:
		return caseAcronym
	case !unicode.IsUpper(first):
		return caseAny
	}
	return caseCapital
}

// classOK reports whether the text t satisfies a stored segment's class.
func classOK(class uint32, t string) bool {
	switch class {
	case caseAcronym:
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c >= utf8.RuneSelf {
				for _, r := range t[i:] {
					if unicode.IsLetter(r) && !unicode.IsUpper(r) {
						return false
					}
				}
				return true
			}
			if 'a' <= c && c <= 'z' {
				return false
			}
		}
		return true
	case caseCapital:
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c >= utf8.RuneSelf {
				for _, r := range t[i:] {
					if unicode.IsLetter(r) {
						return unicode.IsUpper(r)
					}
				}
				return true
			}
			if 'a' <= c && c <= 'z' {
				return false
			}
			if 'A' <= c && c <= 'Z' {
				return true
			}
		}
	}
	return true
}

// A case class packs what caseOK needs to know of a stored token: bits 0-1
// the class of the whole token, bits 2-5 the number of its hyphen-separated
// segments, then two bits for the class of each segment. Tokens of more
// than maxSegs segments are checked with caseOK itself.
const (
	maxSegs     = 13
	complexSegs = 15
)

// caseClass returns the case class of a stored token; ok is false for a
// token of too many segments.
func caseClass(s string) (c uint32, ok bool) {
	segs := strings.Count(s, "-") + 1
	if segs > maxSegs {
		return complexSegs << 2, false
	}
	c = segClass(s) | uint32(segs)<<2
	if segs == 1 {
		return c | (c&3)<<6, true
	}
	shift := 6
	for seg := range strings.SplitSeq(s, "-") {
		c |= segClass(seg) << shift
		shift += 2
	}
	return c, true
}

// classMatch is caseOK for a stored token of class c and a text token t.
func classMatch(c uint32, t string) bool {
	segs := int(c>>2) & 15
	if segs == 1 || segs != strings.Count(t, "-")+1 {
		return classOK(c&3, t)
	}
	c >>= 6
	for {
		i := strings.IndexByte(t, '-')
		if i < 0 {
			return classOK(c&3, t)
		}
		if !classOK(c&3, t[:i]) {
			return false
		}
		t = t[i+1:]
		c >>= 2
	}
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
