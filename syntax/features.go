package syntax

import (
	"strings"

	"github.com/dyad-events/dyad/cluster"
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
	// Brown cluster templates (cluster prefixes of 4, 6, 10 bits and the
	// full path).
	tCl4
	tCl6
	tCl10
	tClFull
	tCl4M1
	tClFullM1
	tCl4P1
	tClFullP1
	tCl6P2
	tP1ClFull
	tP1Cl4P1
	tClFullM1ClFull
	tClFullClFullP1
	// Second-pass templates: first-pass labels of the word (G0) and the
	// words after it (G1, G2).
	tG0
	tG1
	tG2
	tG1G2
	tP1G1
	tG0G1
	tWordG1
	tG1WordP1
	tP1G0G1
	tWordG0
	tSuf3G0
	tGM1G0
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

// tokInfo holds the hashed pieces of a token that features combine.
type tokInfo struct {
	word  uint64
	suf   [4]uint64
	pre   [4]uint64
	shape uint64
	cl    [numClusterPrefixes]uint64 // cluster path prefixes, see clusterAtoms
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
		for k := range padInfo[i].cl {
			padInfo[i].cl[k] = padInfo[i].word
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
func prepare(words []string, ctx []tokInfo, t *Tagger) []tokInfo {
	ctx = ctx[:0]
	ctx = append(ctx, padInfo[0], padInfo[1])
	for i, w := range words {
		var ti tokInfo
		analyze(w, i == 0, &ti)
		ti.cl = clusterAtoms(t.clusters, w)
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
		fkey(tCl4, w.cl[0], 0),
		fkey(tCl6, w.cl[1], 0),
		fkey(tCl10, w.cl[2], 0),
		fkey(tClFull, w.cl[3], 0),
		fkey(tCl4M1, ctx[j-1].cl[0], 0),
		fkey(tClFullM1, ctx[j-1].cl[3], 0),
		fkey(tCl4P1, ctx[j+1].cl[0], 0),
		fkey(tClFullP1, ctx[j+1].cl[3], 0),
		fkey(tCl6P2, ctx[j+2].cl[1], 0),
		fkey(tP1ClFull, p1, w.cl[3]),
		fkey(tP1Cl4P1, p1, ctx[j+1].cl[0]),
		fkey(tClFullM1ClFull, ctx[j-1].cl[3], w.cl[3]),
		fkey(tClFullClFullP1, w.cl[3], ctx[j+1].cl[3]),
	)
	for f := w.flags; f != 0; f &= f - 1 {
		bit := f & -f
		keys = append(keys, fkey(tFlag, uint64(bit), 0))
	}
	return keys
}

// secondFeatures appends the second pass's extra feature keys for the word
// at ctx[j] (j = i+2), given the first pass's classes of the sentence.
func secondFeatures(keys []uint32, ctx []tokInfo, j int, guess []uint8, p1 uint64) []uint32 {
	i := j - 2
	g0, g1, g2 := uint64(guess[i]), uint64(histEnd), uint64(histEnd2)
	gm1 := uint64(histStart)
	if i > 0 {
		gm1 = uint64(guess[i-1])
	}
	if i+1 < len(guess) {
		g1 = uint64(guess[i+1])
		if i+2 < len(guess) {
			g2 = uint64(guess[i+2])
		}
	}
	return append(keys,
		fkey(tG0, g0, 0),
		fkey(tG1, g1, 0),
		fkey(tG2, g2, 0),
		fkey(tG1G2, g1, g2),
		fkey(tP1G1, p1, g1),
		fkey(tG0G1, g0, g1),
		fkey(tWordG1, ctx[j].word, g1),
		fkey(tG1WordP1, g1, ctx[j+1].word),
		fkey(tP1G0G1, p1, g0<<8|g1),
		fkey(tWordG0, ctx[j].word, g0),
		fkey(tSuf3G0, ctx[j].suf[2], g0),
		fkey(tGM1G0, gm1, g0),
	)
}

// Tag history markers for positions before the sentence start.
const (
	histStart  = 1000
	histStart2 = 1001
	histEnd    = 1002
	histEnd2   = 1003
)

// clusterPrefixBits are the path prefix lengths of the cluster atoms; the
// last atom is the whole path.
var clusterPrefixBits = [numClusterPrefixes]int{4, 6, 10, 64}

const numClusterPrefixes = 4

// hNoCluster is the cluster atom of words without a cluster.
var hNoCluster = hashString("-NOCLUSTER-")

// clusterAtoms returns the hashed cluster path prefixes of a normalized
// word. The word is looked up as written and then lower-cased; words
// without a cluster (or a nil c) get hNoCluster throughout.
func clusterAtoms(c *cluster.Clusters, w string) (a [numClusterPrefixes]uint64) {
	bits, n, ok := lookupCluster(c, w)
	if !ok {
		for i := range a {
			a[i] = hNoCluster
		}
		return a
	}
	for i, k := range clusterPrefixBits {
		b, m := bits, n
		if m > k {
			b, m = bits>>uint(m-k), k
		}
		// the length keeps prefixes of different lengths apart
		a[i] = b<<7 | uint64(m) | 1<<62
	}
	return a
}

// lookupCluster finds the cluster path of w, trying the lower-cased form
// when w itself has none.
func lookupCluster(c *cluster.Clusters, w string) (bits uint64, n int, ok bool) {
	if c == nil {
		return 0, 0, false
	}
	if bits, n, ok = c.Bits(w); ok {
		return bits, n, ok
	}
	for i := 0; i < len(w); i++ {
		if ch := w[i]; ('A' <= ch && ch <= 'Z') || ch >= utf8.RuneSelf {
			return c.Bits(strings.ToLower(w))
		}
	}
	return 0, 0, false
}
