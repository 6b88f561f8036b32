package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// table maps feature keys to feature numbers by open addressing.
type table struct {
	keys []uint32 // 0 = empty; key 0 is stored as zeroKey
	vals []int32
	mask uint32
}

const zeroKey = 0x9e3779b9

func newTable(keys []uint32) table {
	size := 1
	for size < 2*len(keys)+2 {
		size <<= 1
	}
	t := table{keys: make([]uint32, size), vals: make([]int32, size), mask: uint32(size - 1)}
	for i, k := range keys {
		if k == 0 {
			k = zeroKey
		}
		h := (k * 0x9E3779B1) & t.mask
		for t.keys[h] != 0 {
			h = (h + 1) & t.mask
		}
		t.keys[h] = k
		t.vals[h] = int32(i)
	}
	return t
}

func (t *table) get(k uint32) (int32, bool) {
	if k == 0 {
		k = zeroKey
	}
	if len(t.keys) == 0 {
		return 0, false
	}
	h := (k * 0x9E3779B1) & t.mask
	for {
		x := t.keys[h]
		if x == k {
			return t.vals[h], true
		}
		if x == 0 {
			return 0, false
		}
		h = (h + 1) & t.mask
	}
}

// aggInfo is what the first pass said about a word across a document.
type aggInfo struct {
	n       [numTypes]uint16 // tokens of each type
	long    int              // type of the longest mention holding the word
	longLen int
}

func (a *aggInfo) major() uint64 {
	best := 0
	for k := 1; k < numTypes; k++ {
		if a.n[k] > a.n[best] {
			best = k
		}
	}
	return 600 + uint64(best)
}

// aggregate collects the first pass's mentions of a document by word.
func (s *scratch) aggregate(d *Doc, prior [][]uint8) {
	for si, se := range d.Sentences {
		for _, m := range mentionsOf(prior[si]) {
			typ := typeIndex(m.Type)
			for i := m.Start; i < m.End; i++ {
				w := se.Words[i]
				if !isCapitalised(w) {
					continue
				}
				lw := lowerString(w)
				a := s.agg[lw]
				if a == nil {
					a = &aggInfo{long: -1}
					s.agg[lw] = a
				}
				if a.n[typ] < 65535 {
					a.n[typ]++
				}
				if l := m.End - m.Start; l > a.longLen {
					a.long, a.longLen = typ, l
				}
			}
		}
	}
}

type scratch struct {
	second bool // second pass: prior labels are known
	si     int  // the sentence being labelled
	// beam > 1 decodes with a beam of that width (not in training); scale
	// turns summed weights into log-potentials for it.
	beam       int
	scale      float64
	beamHyps   []beamHyp
	beamNext   []beamHyp
	beamStarts []int
	ctx        map[string][]ctxEnt // contexts of capitalised words in the document
	lh         [][]uint64          // hashed lower-cased words of each sentence
	agg        map[string]*aggInfo
	toks       []tok
	keys       []uint32
	lowerSet   map[string]bool
	titleSet   map[string]bool
	hist       map[string]*[numTypes]uint16
	lws        []string
}

func (m *Model) getScratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return newScratch()
}

func newScratch() *scratch {
	return &scratch{ctx: map[string][]ctxEnt{}, agg: map[string]*aggInfo{}, lowerSet: map[string]bool{}, titleSet: map[string]bool{}, hist: map[string]*[numTypes]uint16{}}
}

// scoreFunc adds the weights of keys to scores.
type scoreFunc func(keys []uint32, scores *[numLabels]int32)

// updateFunc is called in training when the predicted label differs from
// the gold one.
type updateFunc func(keys []uint32, gold, pred int)

func (m *weights) score(keys []uint32, scores *[numLabels]int32) {
	for _, k := range keys {
		f, ok := m.table.get(k)
		if !ok {
			continue
		}
		row := m.w[int(f)*numLabels : int(f)*numLabels+numLabels]
		for c := range numLabels {
			scores[c] += int32(row[c])
		}
	}
}

func (m *Model) decodeDoc(d *Doc, s *scratch, gold [][]uint8) [][]uint8 {
	res := &resources{clusters: m.clusters, kb: m.kb, gaz: m.gaz}
	s.beam = m.beam
	if s.beam == 0 {
		s.beam = beamWidth
	}
	s.scale = float64(m.first.scale) * beamTemp
	labels := runDoc(d, s, res, m.first.score, nil, nil, nil)
	s.beam = 1
	if m.second != nil {
		labels = runDoc(d, s, res, m.second.score, nil, nil, labels)
	}
	return labels
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return r < utf8.RuneSelf && 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && isUpperRune(r)
}

// runDoc labels the sentences of d left to right. With gold and upd set it
// trains: upd is called for every token whose prediction is wrong, and the
// prediction is kept (the history features then see the model's own
// labels, as at run time).
func runDoc(d *Doc, s *scratch, res *resources, score scoreFunc, gold [][]uint8, upd updateFunc, prior [][]uint8) [][]uint8 {
	clear(s.lowerSet)
	clear(s.titleSet)
	clear(s.hist)
	clear(s.agg)
	s.second = prior != nil
	if prior != nil {
		s.aggregate(d, prior)
	}
	multi := len(d.Sentences) > 1
	nScores := 0
	if multi {
		for _, se := range d.Sentences {
			for i, w := range se.Words {
				if w == "" {
					continue
				}
				if isScore(w) {
					nScores++
				}
				lw := lowerString(w)
				if lw == w {
					if hasLetter(w) {
						s.lowerSet[w] = true
					}
				} else if i > 0 && len(lw) == len(w) && isCapitalised(w) && lw[1:] == w[1:] {
					s.titleSet[lw] = true
				}
			}
		}
	}
	sports := nScores >= 3
	s.buildCtx(d, multi)
	out := make([][]uint8, len(d.Sentences))
	for si, se := range d.Sentences {
		words := se.Words
		n := len(words)
		s.si = si
		s.prepare(res, words, se.UPOS, func(i int, t *tok) {
			t.agg, t.aggLong, t.prior = hNone, hNone, hNone
			if sports {
				t.doc |= dScores
			}
			if prior != nil {
				t.prior = 400 + uint64(prior[si][i])
				if a := s.agg[t.lowerStr]; a != nil {
					t.agg, t.aggLong = a.major(), 500+uint64(a.long)
				}
			}
			if t.flags&(fInitCap|fAllCaps) == 0 {
				t.hist = hNone
				return
			}
			if multi {
				if s.lowerSet[t.lowerStr] {
					t.doc |= dLowerSeen
				}
				if (t.flags&fAllCaps != 0 || i == 0) && s.titleSet[t.lowerStr] {
					t.doc |= dTitleSeen
				}
			}
			t.hist = hNone
			t.histDist = [numTypes]uint64{}
			if h := s.hist[t.lowerStr]; h != nil {
				tot := 0
				for _, c := range h {
					tot += int(c)
				}
				for k, c := range h {
					if c > 0 {
						t.histDist[k] = 1 + uint64(min(3, int(c)*4/tot))
					}
				}
				best := 0
				for k := 1; k < numTypes; k++ {
					if h[k] > h[best] {
						best = k
					}
				}
				t.hist = 300 + uint64(best)
			}
		})
		var labels []uint8
		if upd == nil && s.beam > 1 && !s.second {
			labels = s.beamSentence(n, s.beam, s.scale, score)
		} else {
			labels = s.greedy(n, score, gold, upd, si)
		}
		out[si] = labels
		// Remember the types given to capitalised words.
		for i, l := range labels {
			t := &s.toks[i+2]
			if t.flags&(fInitCap|fAllCaps) == 0 {
				continue
			}
			if l == 0 {
				continue
			}
			h := s.hist[t.lowerStr]
			if h == nil {
				h = new([numTypes]uint16)
				s.hist[t.lowerStr] = h
			}
			if typ := labelType(int(l)); h[typ] < 65535 {
				h[typ]++
			}
		}
	}
	return out
}

// isScore reports a result such as "2-1" or "6-4".
func isScore(w string) bool {
	dash := strings.IndexByte(w, '-')
	if dash <= 0 || dash == len(w)-1 || len(w) > 7 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if i != dash && (w[i] < '0' || w[i] > '9') {
			return false
		}
	}
	return true
}

func lowerString(w string) string { return strings.ToLower(w) }

func isUpperRune(r rune) bool { return unicode.IsUpper(r) }

func hasLetter(w string) bool {
	for _, r := range w {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				return true
			}
		} else if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// greedy labels the n tokens of the prepared sentence si left to right,
// each with the best label allowed after the previous one. With upd set it
// trains on gold: upd is called for every token whose label is wrong, and
// the predicted label is kept.
func (s *scratch) greedy(n int, score scoreFunc, gold [][]uint8, upd updateFunc, si int) []uint8 {
	var scores [numLabels]int32
	labels := make([]uint8, n)
	l1, l2 := -1, -1
	for i := range n {
		s.keys = s.features(s.keys[:0], i)
		s.keys = s.labelFeatures(s.keys, i, l1, l2)
		clear(scores[:])
		score(s.keys, &scores)
		last := i == n-1
		best := -1
		for c := range numLabels {
			if !allowed(l1, c, last) {
				continue
			}
			if best < 0 || scores[c] > scores[best] {
				best = c
			}
		}
		if upd != nil {
			if g := int(gold[si][i]); g != best {
				upd(s.keys, g, best)
			}
		}
		labels[i] = uint8(best)
		l2, l1 = l1, best
	}
	return labels
}
