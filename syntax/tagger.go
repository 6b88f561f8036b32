package syntax

import (
	"sync"

	"github.com/dyad-events/dyad/cluster"
)

// Tagger is a trained part-of-speech tagger and lemmatizer. It is read-only
// once built or loaded and safe for concurrent use.
type Tagger struct {
	// Joint labels: class c is XPOS xposNames[classXPOS[c]] with UPOS upos[c].
	xpos      []string // per class
	upos      []string // per class
	classXPOS []uint8  // per class: index into lem.xpos

	tagdict   map[string]uint8  // normalized form -> class
	dictLemma map[string]string // tag dictionary word -> lemma when not sentence-initial

	// first is the left-to-right model; second, when it has features, is
	// the second pass, which also sees the first pass's labels of the word
	// and of the words to its right.
	first, second tagModel

	lem lemmatizer

	// clusters are the word clusters the model was trained with; the model
	// file carries a copy, so a change of the shared clusters cannot
	// silently change the features.
	clusters *cluster.Clusters

	pool sync.Pool
}

// Tagged is the annotation of one word.
type Tagged struct {
	UPOS  string
	XPOS  string
	Lemma string
}

// tagModel is one pass's averaged perceptron: weights per feature for the
// classes the feature was seen with.
type tagModel struct {
	// The model as trained and saved: feature f's weights are
	// cls/w[off[f]:off[f+1]].
	keys  []uint32 // ascending
	off   []uint32
	cls   []uint8
	w     []int16
	scale float32 // weight = w * scale

	// The lookup form built from it: an open-addressing table of
	// key<<32 | (index into data)+1, 0 marking an empty slot, and per
	// feature its number of weights followed by class<<16 | uint16(weight),
	// so that a feature costs two memory accesses.
	tab  []uint64
	data []uint32
}

// best returns the class with the highest score for the features keys
// among the first nc classes.
//
// The table lookups are bound by cache misses: a first loop loads each
// key's home slot, so that the misses overlap, before the second one adds
// the weights up.
func (m *tagModel) best(keys []uint32, scores *[256]int32, nc int) uint8 {
	clear(scores[:nc])
	tab, data := m.tab, m.data
	if len(tab) == 0 {
		return 0
	}
	mask := uint32(len(tab) - 1)
	var x uint64
	for _, k := range keys {
		x += tab[k&mask]
	}
	if x == 1 {
		touched.Store(uint32(x))
	}
	for _, k := range keys {
		for i := k & mask; ; i = (i + 1) & mask {
			sl := tab[i]
			if sl == 0 {
				break
			}
			if uint32(sl>>32) == k {
				at := uint32(sl) - 1
				n := data[at]
				for _, e := range data[at+1 : at+1+n] {
					scores[uint8(e>>16)] += int32(int16(e))
				}
				break
			}
		}
	}
	return argmax(scores[:nc])
}

// buildTable builds the lookup form of the model.
func (m *tagModel) buildTable() {
	m.tab = make([]uint64, tableSize(len(m.keys)))
	m.data = make([]uint32, 0, len(m.keys)+len(m.w))
	mask := uint32(len(m.tab) - 1)
	for f, k := range m.keys {
		at := uint32(len(m.data))
		lo, hi := m.off[f], m.off[f+1]
		m.data = append(m.data, hi-lo)
		for j := lo; j < hi; j++ {
			m.data = append(m.data, uint32(m.cls[j])<<16|uint32(uint16(m.w[j])))
		}
		for i := k & mask; ; i = (i + 1) & mask {
			if m.tab[i] == 0 {
				m.tab[i] = uint64(k)<<32 | uint64(at+1)
				break
			}
		}
	}
}

type scratch struct {
	norm    []string
	ctx     []tokInfo
	keys    []uint32
	scores  [256]int32 // indexed by class; uint8 indices need no bounds checks
	classes []uint8
	guess   []uint8 // first-pass classes
	hit     []bool  // the word's class came from the tag dictionary
}

func (t *Tagger) getScratch() *scratch {
	if s, ok := t.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// NumFeatures returns the number of weighted features in the model.
func (t *Tagger) NumFeatures() int { return len(t.first.keys) + len(t.second.keys) }

// NumWeights returns the number of weights stored in the model.
func (t *Tagger) NumWeights() int { return len(t.first.w) + len(t.second.w) }

// Passes returns the number of tagging passes: 1, or 2 when the model has a
// second pass that sees the first pass's labels.
func (t *Tagger) Passes() int {
	if len(t.second.keys) > 0 {
		return 2
	}
	return 1
}

// Labels returns the number of joint XPOS|UPOS labels.
func (t *Tagger) Labels() int { return len(t.upos) }

// tagClasses assigns a class to each word.
func (t *Tagger) tagClasses(words []string, s *scratch) []uint8 {
	s.norm = s.norm[:0]
	for _, w := range words {
		s.norm = append(s.norm, normalize(w))
	}
	s.ctx = prepare(s.norm, s.ctx, t)
	s.hit = s.hit[:0]
	for _, w := range s.norm {
		_, ok := t.tagdict[w]
		s.hit = append(s.hit, ok)
	}
	s.classes = t.pass(&t.first, nil, s, s.classes[:0])
	if len(t.second.keys) > 0 {
		s.guess = append(s.guess[:0], s.classes...)
		s.classes = t.pass(&t.second, s.guess, s, s.classes[:0])
	}
	return s.classes
}

// pass tags the prepared sentence in s left to right with model m, given
// the first pass's classes guess when m is the second pass, and appends the
// classes to out.
func (t *Tagger) pass(m *tagModel, guess []uint8, s *scratch, out []uint8) []uint8 {
	p1, p2 := uint64(histStart), uint64(histStart2)
	nc := len(t.upos)
	for i, w := range s.norm {
		var c uint8
		if s.hit[i] {
			c = t.tagdict[w]
		} else {
			s.keys = features(s.keys[:0], s.ctx, i+2, p1, p2)
			if guess != nil {
				s.keys = secondFeatures(s.keys, s.ctx, i+2, guess, p1)
			}
			c = m.best(s.keys, &s.scores, nc)
		}
		out = append(out, c)
		p2, p1 = p1, uint64(c)
	}
	return out
}

// Tag tags and lemmatizes one sentence of words.
func (t *Tagger) Tag(words []string) []Tagged {
	return t.TagInto(make([]Tagged, 0, len(words)), words)
}

// TagInto appends the annotation of one sentence of words to dst.
func (t *Tagger) TagInto(dst []Tagged, words []string) []Tagged {
	s := t.getScratch()
	classes := t.tagClasses(words, s)
	for i, c := range classes {
		var lemma string
		if s.hit[i] && i > 0 {
			lemma = t.dictLemma[s.norm[i]]
		} else {
			lemma = t.lem.lemma(s.norm[i], int(t.classXPOS[c]), i == 0)
		}
		dst = append(dst, Tagged{UPOS: t.upos[c], XPOS: t.xpos[c], Lemma: lemma})
	}
	t.pool.Put(s)
	return dst
}

// Lemma returns the lemma of a word with the given Penn Treebank tag; first
// says whether the word starts its sentence.
func (t *Tagger) Lemma(form, xpos string, first bool) string {
	x, ok := t.lem.xposIndex[xpos]
	if !ok {
		return form
	}
	return t.lem.lemma(normalize(form), x, first)
}

// argmax returns the class with the highest score (the first on ties).
func argmax(scores []int32) uint8 {
	best := 0
	for j := 1; j < len(scores); j++ {
		if scores[j] > scores[best] {
			best = j
		}
	}
	return uint8(best)
}
