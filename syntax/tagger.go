package syntax

import (
	"sync"
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

	keys  []uint32  // feature number -> key, ascending
	table featTable // key -> feature number
	off   []uint32  // feature f's weights are cls/w[off[f]:off[f+1]]
	cls   []uint8
	w     []int16
	scale float32 // weight = w * scale

	lem lemmatizer

	pool sync.Pool
}

// Tagged is the annotation of one word.
type Tagged struct {
	UPOS  string
	XPOS  string
	Lemma string
}

type scratch struct {
	norm    []string
	ctx     []tokInfo
	keys    []uint32
	scores  [256]int32 // indexed by class; uint8 indices need no bounds checks
	classes []uint8
	hit     []bool // the word's class came from the tag dictionary
}

func (t *Tagger) getScratch() *scratch {
	if s, ok := t.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// NumFeatures returns the number of weighted features in the model.
func (t *Tagger) NumFeatures() int { return len(t.keys) }

// Labels returns the number of joint XPOS|UPOS labels.
func (t *Tagger) Labels() int { return len(t.upos) }

// tagClasses assigns a class to each word.
func (t *Tagger) tagClasses(words []string, s *scratch) []uint8 {
	s.norm = s.norm[:0]
	for _, w := range words {
		s.norm = append(s.norm, normalize(w))
	}
	s.ctx = prepare(s.norm, s.ctx)
	s.classes = s.classes[:0]
	s.hit = s.hit[:0]
	p1, p2 := uint64(histStart), uint64(histStart2)
	scores := &s.scores
	nc := len(t.upos)
	for i, w := range s.norm {
		c, ok := t.tagdict[w]
		s.hit = append(s.hit, ok)
		if !ok {
			s.keys = features(s.keys[:0], s.ctx, i+2, p1, p2)
			clear(scores[:nc])
			for _, k := range s.keys {
				f, ok := t.table.get(k)
				if !ok {
					continue
				}
				lo, hi := t.off[f], t.off[f+1]
				cls := t.cls[lo:hi]
				ws := t.w[lo:hi]
				ws = ws[:len(cls)]
				for j, cl := range cls {
					scores[cl] += int32(ws[j])
				}
			}
			best := 0
			for j := 1; j < nc; j++ {
				if scores[j] > scores[best] {
					best = j
				}
			}
			c = uint8(best)
		}
		s.classes = append(s.classes, c)
		p2, p1 = p1, uint64(c)
	}
	return s.classes
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
