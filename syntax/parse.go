package syntax

import (
	"sync"
)

// Parser is a trained greedy transition-based dependency parser producing
// Universal Dependencies relations. It is read-only once built or loaded and
// safe for concurrent use.
//
// The parser uses the arc-hybrid transition system with the root at the end
// of the buffer, a labelled averaged perceptron over hashed feature
// conjunctions of words, lemmas, tags, children, labels, distance and
// valency (in the style of Zhang and Nivre 2011), and was trained with a
// dynamic oracle and exploration (Goldberg and Nivre 2013).
type Parser struct {
	labels    []string // relation labels, sorted
	rootLabel int      // index of "root" in labels, or -1

	keys  []uint32 // feature keys, ascending
	table featTable
	off   []uint32 // feature f's weights are cls/w[off[f]:off[f+1]]
	cls   []uint8
	w     []int16
	scale float32

	pool sync.Pool
}

type parseScratch struct {
	st     pstate
	keys   []uint32
	scores [256]int32
}

func (p *Parser) getScratch() *parseScratch {
	if s, ok := p.pool.Get().(*parseScratch); ok {
		return s
	}
	return &parseScratch{}
}

// Labels returns the relation labels the parser predicts.
func (p *Parser) Labels() []string { return append([]string(nil), p.labels...) }

// NumFeatures returns the number of weighted features in the model.
func (p *Parser) NumFeatures() int { return len(p.keys) }

// NumWeights returns the number of non-zero weights in the model.
func (p *Parser) NumWeights() int { return len(p.w) }

func (p *Parser) buildTable() {
	p.table = newFeatTable(len(p.keys))
	for f, k := range p.keys {
		p.table.put(k, uint32(f))
	}
	p.rootLabel = -1
	for i, l := range p.labels {
		if l == "root" {
			p.rootLabel = i
		}
	}
}

func (p *Parser) score(keys []uint32, scores *[256]int32) {
	clear(scores[:])
	for _, k := range keys {
		f, ok := p.table.get(k)
		if !ok {
			continue
		}
		lo, hi := p.off[f], p.off[f+1]
		cls := p.cls[lo:hi]
		ws := p.w[lo:hi]
		ws = ws[:len(cls)]
		for j, c := range cls {
			scores[c] += int32(ws[j])
		}
	}
}

// bestValid returns the highest-scoring valid transition. The root label is
// used exactly for arcs from the root.
func bestValid(st *pstate, scores *[256]int32, nl, rootLabel int) int {
	best, bs := -1, int32(0)
	consider := func(c int) {
		if best < 0 || scores[c] > bs {
			best, bs = c, scores[c]
		}
	}
	if st.canShift() {
		consider(actShift)
	}
	if st.canLeft() {
		if st.b == st.n && rootLabel >= 0 {
			consider(classLeft(rootLabel))
		} else {
			for l := 0; l < nl; l++ {
				if l != rootLabel {
					consider(classLeft(l))
				}
			}
		}
	}
	if st.canRight() {
		for l := 0; l < nl; l++ {
			if l != rootLabel {
				consider(classRight(l))
			}
		}
	}
	return best
}

// Parse parses one sentence given its words, UPOS and Penn Treebank tags and
// lemmas (as the Tagger assigns them; missing tags or lemmas are allowed but
// hurt accuracy). It returns each word's head as a 0-based index into the
// sentence, -1 for the root word, and its relation.
func (p *Parser) Parse(words, upos, xpos, lemmas []string) (heads []int, rels []string) {
	heads = make([]int, len(words))
	rels = make([]string, len(words))
	p.ParseInto(heads, rels, words, upos, xpos, lemmas)
	return heads, rels
}

// ParseInto is Parse writing into heads and rels, which must be at least as
// long as words.
func (p *Parser) ParseInto(heads []int, rels []string, words, upos, xpos, lemmas []string) {
	n := len(words)
	if n == 0 {
		return
	}
	s := p.getScratch()
	st := &s.st
	st.reset(words, lemmas, xpos, upos)
	nl := len(p.labels)
	for !st.terminal() {
		s.keys = st.features(s.keys[:0])
		p.score(s.keys, &s.scores)
		st.apply(bestValid(st, &s.scores, nl, p.rootLabel))
	}
	for i := 0; i < n; i++ {
		h := int(st.head[i])
		if h >= n || h < 0 {
			h = -1
		}
		heads[i] = h
		if l := int(st.lab[i]) - 1; l >= 0 && l < nl {
			rels[i] = p.labels[l]
		} else {
			rels[i] = "dep"
		}
	}
	p.pool.Put(s)
}
