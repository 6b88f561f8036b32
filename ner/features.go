package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/cluster"
	"github.com/dyad-events/dyad/kb"
)

// Feature templates. Their numbers are part of the model format: append
// new ones, never renumber.
const (
	tBias = iota
	tWord
	tLower
	tPre1
	tPre2
	tPre3
	tPre4
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tShape
	tShort
	tFlags
	tLowerM1
	tLowerM2
	tLowerP1
	tLowerP2
	tBigramM1
	tBigramP1
	tShortM1
	tShortP1
	tShort3
	tCl4
	tCl6
	tCl10
	tCl20
	tCl6M1
	tCl20M1
	tCl6P1
	tCl20P1
	tCl6M2
	tCl6P2
	tPOS
	tPOSM1
	tPOSP1
	tPOSM1POS
	tPOSPOSP1
	tGaz
	tGazM1
	tGazP1
	tGazShort
	tCapsLower
	tDoc
	tDocShort
	tHist
	tHistShort
	tP1
	tP1P2
	tP1Lower
	tP1Short
	tP1LowerP1
	tGazM2
	tGazP2
	tCl10M1
	tCl10P1
	tPrior
	tPriorM1
	tPriorP1
	tAgg
	tAggLong
	tAggShort
	tAggM1P1
	tGeo
	tGeoM1
	tGeoP1
	tName
	tNameM1
	tNameP1
	tNameNext
	tScoresGaz
	tScoresGeo
	tScoresLower
	tScoresCl
	tScoresShort
	tWordM1
	tWordP1
	tP1Cl
	tP1Gaz
	tLowerShortP1
	tShortM1Lower
	tHistDist
	tCtxM1
	tCtxP1
)

// Token flags.
const (
	fInitCap = 1 << iota
	fAllCaps
	fHasLower
	fHasDigit
	fAllDigits
	fHyphen
	fDot
	fApos
	fFirst
	fInnerCap
	fSingleCap
	fNoAlnum
)

// Document flags.
const (
	dLowerSeen = 1 << iota // a capitalised word also written in lower case in the document
	dTitleSeen             // a word in capitals also written in title case
	dCapSeen               // a sentence-initial word also capitalised inside a sentence
	dCaps                  // the sentence is written in capitals
	dScores                // the document has sports scores or results tables
)

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

func hashBytes(s []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range s {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// fkey mixes a template and two values into a 32-bit key.
func fkey(t uint64, a, b uint64) uint32 {
	h := (t+7)*0xD6E8FEB86659FD93 ^ a
	h ^= h >> 32
	h *= 0x9E3779B97F4A7C15
	h ^= b
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	return uint32(h)
}

var (
	hNone  = hashString("\x00none")
	hPad   = [4]uint64{hashString("\x00<s2"), hashString("\x00<s1"), hashString("\x00</s1"), hashString("\x00</s2")}
	hEmpty = hashString("")
)

// tok is the hashed analysis of one token.
type tok struct {
	word, lower, shape, short, pos uint64
	pre, suf                       [4]uint64
	cl                             [4]uint64
	gaz, gazKind                   uint64
	flags                          uint32
	doc                            uint32
	hist                           uint64
	histDist                       [numTypes]uint64 // share of each type in hist, 0 when none
	prior, agg, aggLong            uint64
	geo, name                      uint64
	lowerStr                       string
}

var clLens = [4]int{4, 6, 10, 20}

// resources are what features look up besides the words.
type resources struct {
	clusters *cluster.Clusters
	kb       *kb.KB
	gaz      *gazIndex
}

func padTok(h uint64) tok {
	t := tok{word: h, lower: h, shape: h, short: h, pos: h, gaz: h, gazKind: h, hist: h, prior: h, agg: h, aggLong: h, geo: h, name: h}
	t.histDist = [numTypes]uint64{h, h, h, h}
	for k := range 4 {
		t.pre[k], t.suf[k], t.cl[k] = h, h, h
	}
	return t
}

var pads = [4]tok{padTok(hPad[0]), padTok(hPad[1]), padTok(hPad[2]), padTok(hPad[3])}

// analyze fills in t for word w.
func analyze(w string, first bool, t *tok) {
	var flags uint32
	if first {
		flags |= fFirst
	}
	upper, lower, digit, other := 0, 0, 0, 0
	shape := make([]byte, 0, 16)
	short := make([]byte, 0, 8)
	var last byte
	run := 0
	firstUpper := false
	innerCap := false
	n := 0
	for i, r := range w {
		var c byte
		switch {
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z', r >= utf8.RuneSelf && unicode.IsUpper(r):
			upper++
			c = 'X'
			if i == 0 {
				firstUpper = true
			} else {
				innerCap = true
			}
		case r < utf8.RuneSelf && 'a' <= r && r <= 'z', r >= utf8.RuneSelf && unicode.IsLetter(r):
			lower++
			c = 'x'
		case '0' <= r && r <= '9':
			digit++
			c = 'd'
		default:
			other++
			switch r {
			case '-':
				flags |= fHyphen
			case '.':
				flags |= fDot
			case '\'', '\u2019':
				flags |= fApos
			}
			if r < utf8.RuneSelf {
				c = byte(r)
			} else {
				c = '*'
			}
		}
		n++
		if c != last {
			short = append(short, c)
			run = 0
		} else {
			run++
		}
		if run < 4 {
			shape = append(shape, c)
		}
		last = c
	}
	if firstUpper {
		flags |= fInitCap
	}
	if upper > 0 && lower == 0 {
		flags |= fAllCaps
	}
	if lower > 0 {
		flags |= fHasLower
	}
	if digit > 0 {
		flags |= fHasDigit
		if upper+lower+other == 0 {
			flags |= fAllDigits
		}
	}
	if innerCap && lower > 0 {
		flags |= fInnerCap
	}
	if upper == 1 && n == 1 {
		flags |= fSingleCap
	}
	if upper+lower+digit == 0 {
		flags |= fNoAlnum
	}
	t.flags = flags
	t.word = hashString(w)
	lw := strings.ToLower(w)
	t.lowerStr = lw
	t.lower = hashString(lw)
	t.shape = hashBytes(shape)
	t.short = hashBytes(short)
	// affixes of the lower-cased word, by bytes (rune boundaries for the
	// prefixes are not needed: hashes of partial runes are just features)
	for k := 1; k <= 4; k++ {
		if k > len(lw) {
			t.pre[k-1], t.suf[k-1] = t.lower, t.lower
			continue
		}
		t.pre[k-1] = hashString(lw[:k])
		t.suf[k-1] = hashString(lw[len(lw)-k:])
	}
}

// clusterPath looks the word up as written, then in title case when it is
// in capitals, then in lower case.
func clusterPath(c *cluster.Clusters, w, lw string, flags uint32) (string, bool) {
	if c == nil {
		return "", false
	}
	if p, ok := c.Path(w); ok {
		return p, true
	}
	if flags&fAllCaps != 0 && len(lw) > 1 {
		r, size := utf8.DecodeRuneInString(lw)
		if p, ok := c.Path(string(unicode.ToUpper(r)) + lw[size:]); ok {
			return p, true
		}
	}
	if lw != w {
		if p, ok := c.Path(lw); ok {
			return p, true
		}
	}
	return "", false
}

// prepare analyzes a sentence into s.toks, with two pad tokens on each
// side.
func (s *scratch) prepare(res *resources, words, upos []string, docFlags func(i int, t *tok)) {
	n := len(words)
	s.toks = append(s.toks[:0], pads[0], pads[1])
	caps, letters := 0, 0
	for i, w := range words {
		var t tok
		analyze(w, i == 0, &t)
		if t.flags&(fHasLower|fAllCaps) != 0 {
			letters++
			if t.flags&fAllCaps != 0 {
				caps++
			}
		}
		if p, ok := clusterPath(res.clusters, w, t.lowerStr, t.flags); ok {
			for k, l := range clLens {
				if len(p) > l {
					t.cl[k] = hashString(p[:l])
				} else {
					t.cl[k] = hashString(p)
				}
			}
		} else {
			for k := range t.cl {
				t.cl[k] = hNone
			}
		}
		if i < len(upos) {
			t.pos = hashString(upos[i])
		} else {
			t.pos = hEmpty
		}
		t.gaz, t.gazKind, t.geo, t.name = hNone, hNone, hNone, hNone
		if res.gaz != nil {
			if b := res.gaz.lookup(w) & (GazFirstName | GazLastName); b != 0 {
				t.name = 800 + uint64(b)
			}
		}
		s.toks = append(s.toks, t)
	}
	s.toks = append(s.toks, pads[2], pads[3])
	if res.kb != nil {
		for i := 0; i < n; {
			w := words[i]
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) {
				i++
				continue
			}
			e, m, ok := res.kb.Match(words, i)
			if !ok || m <= 0 {
				i++
				continue
			}
			kind := uint64(e.Kind)
			for j := i; j < i+m && j < n; j++ {
				part := uint64(1) // inside
				switch {
				case m == 1:
					part = 3
				case j == i:
					part = 0
				case j == i+m-1:
					part = 2
				}
				t := &s.toks[j+2]
				t.gaz = 100 + kind*4 + part
				t.gazKind = 200 + kind
			}
			i += m
		}
	}
	if res.gaz != nil {
		for i := 0; i < n; {
			if !isCapitalised(words[i]) {
				i++
				continue
			}
			bits, m := res.gaz.match(words, i)
			bits &= GazCity | GazRegion
			if bits == 0 {
				i++
				continue
			}
			for j := i; j < i+m; j++ {
				part := uint64(1)
				switch {
				case m == 1:
					part = 3
				case j == i:
					part = 0
				case j == i+m-1:
					part = 2
				}
				s.toks[j+2].geo = 700 + uint64(bits)*4 + part
			}
			i += m
		}
	}
	headline := letters >= 3 && caps*10 >= letters*7
	for i := range n {
		t := &s.toks[i+2]
		if headline {
			t.doc |= dCaps
		}
		if docFlags != nil {
			docFlags(i, t)
		}
	}
}

// features appends the label-independent feature keys of token i.
func (s *scratch) features(keys []uint32, i int) []uint32 {
	ts := s.toks
	j := i + 2
	t := &ts[j]
	m1, m2, p1, p2 := &ts[j-1], &ts[j-2], &ts[j+1], &ts[j+2]
	keys = append(keys,
		fkey(tBias, 0, 0),
		fkey(tWord, t.word, 0),
		fkey(tLower, t.lower, 0),
		fkey(tPre1, t.pre[0], 0),
		fkey(tPre2, t.pre[1], 0),
		fkey(tPre3, t.pre[2], 0),
		fkey(tPre4, t.pre[3], 0),
		fkey(tSuf1, t.suf[0], 0),
		fkey(tSuf2, t.suf[1], 0),
		fkey(tSuf3, t.suf[2], 0),
		fkey(tSuf4, t.suf[3], 0),
		fkey(tShape, t.shape, 0),
		fkey(tShort, t.short, 0),
		fkey(tFlags, uint64(t.flags), 0),
		fkey(tLowerM1, m1.lower, 0),
		fkey(tLowerM2, m2.lower, 0),
		fkey(tLowerP1, p1.lower, 0),
		fkey(tLowerP2, p2.lower, 0),
		fkey(tBigramM1, m1.lower, t.lower),
		fkey(tBigramP1, t.lower, p1.lower),
		fkey(tShortM1, m1.short, 0),
		fkey(tShortP1, p1.short, 0),
		fkey(tShort3, m1.short, t.short*31+p1.short),
		fkey(tCl4, t.cl[0], 0),
		fkey(tCl6, t.cl[1], 0),
		fkey(tCl10, t.cl[2], 0),
		fkey(tCl20, t.cl[3], 0),
		fkey(tCl6M1, m1.cl[1], 0),
		fkey(tCl20M1, m1.cl[3], 0),
		fkey(tCl6P1, p1.cl[1], 0),
		fkey(tCl20P1, p1.cl[3], 0),
		fkey(tCl6M2, m2.cl[1], 0),
		fkey(tCl6P2, p2.cl[1], 0),
		fkey(tCl10M1, m1.cl[2], 0),
		fkey(tCl10P1, p1.cl[2], 0),
		fkey(tPOS, t.pos, 0),
		fkey(tPOSM1, m1.pos, 0),
		fkey(tPOSP1, p1.pos, 0),
		fkey(tPOSM1POS, m1.pos, t.pos),
		fkey(tPOSPOSP1, t.pos, p1.pos),
		fkey(tGaz, t.gaz, 0),
		fkey(tGazM1, m1.gazKind, 0),
		fkey(tGazP1, p1.gazKind, 0),
		fkey(tGazM2, m2.gazKind, 0),
		fkey(tGazP2, p2.gazKind, 0),
		fkey(tGazShort, t.gaz, t.short),
		fkey(tCapsLower, uint64(t.doc&dCaps), t.lower),
		fkey(tDoc, uint64(t.doc), 0),
		fkey(tDocShort, uint64(t.doc), t.short),
		fkey(tHist, t.hist, 0),
		fkey(tHistShort, t.hist, t.short),
		fkey(tGeo, t.geo, 0),
		fkey(tGeoM1, m1.geo, 0),
		fkey(tGeoP1, p1.geo, 0),
		fkey(tName, t.name, 0),
		fkey(tNameM1, m1.name, 0),
		fkey(tNameP1, p1.name, 0),
		fkey(tNameNext, t.name, p1.name),
		fkey(tWordM1, m1.word, 0),
		fkey(tWordP1, p1.word, 0),
		fkey(tLowerShortP1, t.lower, p1.short),
		fkey(tShortM1Lower, m1.short, t.lower),
	)
	for k, v := range t.histDist {
		if v != 0 {
			keys = append(keys, fkey(tHistDist, uint64(k), v))
		}
	}
	if len(s.ctx) > 0 && t.flags&(fInitCap|fAllCaps) != 0 {
		keys = s.ctxFeatures(keys, t.lowerStr, i)
	}
	if t.doc&dScores != 0 {
		keys = append(keys,
			fkey(tScoresGaz, t.gazKind, 0),
			fkey(tScoresGeo, t.geo, 0),
			fkey(tScoresLower, t.lower, 0),
			fkey(tScoresCl, t.cl[2], 0),
			fkey(tScoresShort, t.short, m1.short),
		)
	}
	if s.second {
		keys = append(keys,
			fkey(tPrior, t.prior, 0),
			fkey(tPriorM1, m1.prior, t.prior),
			fkey(tPriorP1, t.prior, p1.prior),
			fkey(tAgg, t.agg, 0),
			fkey(tAggLong, t.aggLong, 0),
			fkey(tAggShort, t.agg, t.short),
			fkey(tAggM1P1, m1.agg, p1.agg),
		)
	}
	return keys
}

// labelFeatures appends the keys that depend on the previous labels.
func (s *scratch) labelFeatures(keys []uint32, i int, l1, l2 int) []uint32 {
	t := &s.toks[i+2]
	p1 := &s.toks[i+3]
	a, b := uint64(l1+2), uint64(l2+2)
	return append(keys,
		fkey(tP1, a, 0),
		fkey(tP1P2, a, b),
		fkey(tP1Lower, a, t.lower),
		fkey(tP1Short, a, t.short),
		fkey(tP1LowerP1, a, p1.lower),
		fkey(tP1Cl, a, t.cl[1]),
		fkey(tP1Gaz, a, t.gazKind),
	)
}
