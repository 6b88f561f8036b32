package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Feature templates. Their values are part of the model format: append new
// ones, never renumber.
const (
	tBias = iota
	tWord
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tPre1
	tPre2
	tPre3
	tPre4
	tShape
	tFlag
	tP1
	tP2
	tP1P2
	tP1Word
	tWordM1
	tSuf3M1
	tWordM2
	tWordP1
	tSuf3P1
	tWordP2
	tWordM1Word
	tWordWordP1
	tShapeM1
	tShapeP1
	tP1Suf3
	tP1ShapeP1
)

// Orthographic flags.
const (
	fHyphen = 1 << iota
	fDigit
	fUpper
	fTitle
	fAllCaps
	fFirst
	fFirstTitle
	fNonAlnum
)

const maxFeats = 40

// tokInfo holds the hashed pieces of a token that features combine.
type tokInfo struct {
	word  uint64
	suf   [4]uint64
	pre   [4]uint64
	shape uint64
	flags uint8
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// fkey combines a template with up to two hashed values into a 32-bit
// feature key.
func fkey(t uint64, a, b uint64) uint32 {
	h := (t+1)*0x9E3779B97F4A7C15 ^ a
	h *= 0xBF58476D1CE4E5B9
	h ^= b
	h ^= h >> 31
	h *= 0x94D049BB133111EB
	h ^= h >> 29
	return uint32(h) ^ uint32(h>>32)
}

// normalize maps typographic quotes to their ASCII forms, as most of the
// training data writes them.
func normalize(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return normalizeSlow(s)
		}
	}
	return s
}

var quoteReplacer = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", "\"", "\u201d", "\"", "\u2032", "'")

func normalizeSlow(s string) string {
	if !strings.ContainsAny(s, "\u2019\u2018\u201c\u201d\u2032") {
		return s
	}
	return quoteReplacer.Replace(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

var (
	hStart  = [2]uint64{hashString("-START-"), hashString("-START2-")}
	hEnd    = [2]uint64{hashString("-END-"), hashString("-END2-")}
	padInfo = [4]tokInfo{
		{word: hStart[1], shape: hStart[1]},
		{word: hStart[0], shape: hStart[0]},
		{word: hEnd[0], shape: hEnd[0]},
		{word: hEnd[1], shape: hEnd[1]},
	}
)

func init() {
	for i := range padInfo {
		for k := 0; k < 4; k++ {
			padInfo[i].suf[k] = padInfo[i].word
			padInfo[i].pre[k] = padInfo[i].word
		}
	}
}

// analyze fills in the hashed pieces of a normalized word.
func analyze(w string, first bool, ti *tokInfo) {
	var flags uint8
	if first {
		flags |= fFirst
	}
	if !isASCII(w) {
		analyzeUnicode(w, flags, ti)
		return
	}
	n := len(w)
	// word, lower-cased
	h := uint64(fnvOffset)
	upper, lower, digit, other := 0, 0, 0, 0
	for i := 0; i < n; i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			upper++
		case 'a' <= c && c <= 'z':
			lower++
		case '0' <= c && c <= '9':
			digit++
		default:
			other++
			if c == '-' {
				flags |= fHyphen
			}
		}
		h ^= uint64(lowerASCII(c))
		h *= fnvPrime
	}
	ti.word = h
	// suffixes: hash the last k bytes
	for k := 1; k <= 4; k++ {
		if k > n {
			ti.suf[k-1] = h
			continue
		}
		hs := uint64(fnvOffset)
		for i := n - k; i < n; i++ {
			hs ^= uint64(lowerASCII(w[i]))
			hs *= fnvPrime
		}
		ti.suf[k-1] = hs
	}
	hp := uint64(fnvOffset)
	for k := 1; k <= 4; k++ {
		if k <= n {
			hp ^= uint64(lowerASCII(w[k-1]))
			hp *= fnvPrime
		}
		ti.pre[k-1] = hp
	}
	// shape: character classes with runs capped at 4
	hsh := uint64(fnvOffset)
	var last byte
	run := 0
	for i := 0; i < n; i++ {
		c := w[i]
		var s byte
		switch {
		case 'A' <= c && c <= 'Z':
			s = 'X'
		case 'a' <= c && c <= 'z':
			s = 'x'
		case '0' <= c && c <= '9':
			s = 'd'
		default:
			s = c
		}
		if s == last {
			run++
			if run >= 4 {
				continue
			}
		} else {
			last, run = s, 0
		}
		hsh ^= uint64(s)
		hsh *= fnvPrime
	}
	ti.shape = hsh
	ti.flags = flags | caseFlags(upper, lower, digit, other, n > 0 && 'A' <= w[0] && w[0] <= 'Z', first)
}

func caseFlags(upper, lower, digit, other int, initCap, first bool) uint8 {
	var f uint8
	if digit > 0 {
		f |= fDigit
	}
	if upper > 0 {
		f |= fUpper
	}
	if initCap {
		if first {
			f |= fFirstTitle
		} else {
			f |= fTitle
		}
	}
	if upper > 1 && lower == 0 {
		f |= fAllCaps
	}
	if upper+lower+digit == 0 && other > 0 {
		f |= fNonAlnum
	}
	return f
}

func analyzeUnicode(w string, flags uint8, ti *tokInfo) {
	lw := strings.ToLower(w)
	n := len(lw)
	ti.word = hashString(lw)
	// affixes by runes
	runes := []rune(lw)
	for k := 1; k <= 4; k++ {
		if k > len(runes) {
			ti.suf[k-1] = ti.word
			ti.pre[k-1] = ti.word
			continue
		}
		ti.suf[k-1] = hashString(string(runes[len(runes)-k:]))
		ti.pre[k-1] = hashString(string(runes[:k]))
	}
	_ = n
	upper, lower, digit, other := 0, 0, 0, 0
	hsh := uint64(fnvOffset)
	var last rune
	run := 0
	initCap := false
	for i, r := range w {
		var s rune
		switch {
		case unicode.IsUpper(r):
			upper++
			s = 'X'
			if i == 0 {
				initCap = true
			}
		case unicode.IsLetter(r):
			lower++
			s = 'x'
		case unicode.IsDigit(r):
			digit++
			s = 'd'
		default:
			other++
			s = r
			if r == '-' {
				flags |= fHyphen
			}
		}
		if s == last {
			run++
			if run >= 4 {
				continue
			}
		} else {
			last, run = s, 0
		}
		var buf [4]byte
		m := utf8.EncodeRune(buf[:], s)
		for j := 0; j < m; j++ {
			hsh ^= uint64(buf[j])
			hsh *= fnvPrime
		}
	}
	ti.shape = hsh
	ti.flags = flags | caseFlags(upper, lower, digit, other, initCap, flags&fFirst != 0)
}

// prepare analyzes a sentence of normalized words into ctx, which gets two
// padding entries at each end: ctx[i+2] describes words[i].
func prepare(words []string, ctx []tokInfo) []tokInfo {
	ctx = ctx[:0]
	ctx = append(ctx, padInfo[0], padInfo[1])
	for i, w := range words {
		var ti tokInfo
		analyze(w, i == 0, &ti)
		ctx = append(ctx, ti)
	}
	ctx = append(ctx, padInfo[2], padInfo[3])
	return ctx
}

// features appends the feature keys of the word at ctx[j] (j = i+2) given
// the two previous tags (class indices, or start markers) to keys.
func features(keys []uint32, ctx []tokInfo, j int, p1, p2 uint64) []uint32 {
	w := &ctx[j]
	keys = append(keys,
		fkey(tBias, 0, 0),
		fkey(tWord, w.word, 0),
		fkey(tSuf1, w.suf[0], 0),
		fkey(tSuf2, w.suf[1], 0),
		fkey(tSuf3, w.suf[2], 0),
		fkey(tSuf4, w.suf[3], 0),
		fkey(tPre1, w.pre[0], 0),
		fkey(tPre2, w.pre[1], 0),
		fkey(tPre3, w.pre[2], 0),
		fkey(tPre4, w.pre[3], 0),
		fkey(tShape, w.shape, 0),
		fkey(tP1, p1, 0),
		fkey(tP2, p2, 0),
		fkey(tP1P2, p1, p2),
		fkey(tP1Word, p1, w.word),
		fkey(tWordM1, ctx[j-1].word, 0),
		fkey(tSuf3M1, ctx[j-1].suf[2], 0),
		fkey(tWordM2, ctx[j-2].word, 0),
		fkey(tWordP1, ctx[j+1].word, 0),
		fkey(tSuf3P1, ctx[j+1].suf[2], 0),
		fkey(tWordP2, ctx[j+2].word, 0),
		fkey(tWordM1Word, ctx[j-1].word, w.word),
		fkey(tWordWordP1, w.word, ctx[j+1].word),
		fkey(tShapeM1, ctx[j-1].shape, 0),
		fkey(tShapeP1, ctx[j+1].shape, 0),
		fkey(tP1Suf3, p1, w.suf[2]),
		fkey(tP1ShapeP1, p1, ctx[j+1].shape),
	)
	for f := w.flags; f != 0; f &= f - 1 {
		bit := f & -f
		keys = append(keys, fkey(tFlag, uint64(bit), 0))
	}
	return keys
}

// Tag history markers for positions before the sentence start.
const (
	histStart  = 1000
	histStart2 = 1001
)
