package syntax

import (
	"sync"
	"sync/atomic"

	"github.com/dyad-events/dyad/cluster"
)

// Parser is a trained greedy transition-based dependency parser producing
// Universal Dependencies relations. It is read-only once built or loaded and
// safe for concurrent use.
//
// The parser uses the arc-hybrid transition system with the root at the end
// of the buffer. An averaged perceptron over hashed feature conjunctions of
// words, lemmas, tags, suffixes, children, labels, distance and valency (in
// the style of Zhang and Nivre 2011) picks the transition; a second one picks
// the relation of each arc from features of the head, the dependent and
// their children. Both were trained with a dynamic oracle and exploration
// (Goldberg and Nivre 2013).
type Parser struct {
	labels    []string // relation labels, sorted
	rootLabel int      // index of "root" in labels, or -1

	// Transition model: numActions weights per feature (SHIFT, and LEFT and
	// RIGHT for each label group).
	akeys  []uint32 // ascending
	aw     []int8   // numActions per key
	atab   []actSlot
	lgroup []uint8 // per label: its group

	// Label model: sparse rows of (label, weight).
	lkeys []uint32 // ascending
	loff  []uint32 // feature f's weights are lcls/lw[loff[f]:loff[f+1]]
	lcls  []uint8
	lw    []int16
	ltab  []uint64 // key<<32 | index into ldata; 0 marks an empty slot
	ldata []uint32 // per feature: count, then label<<16 | uint16(weight)

	// clusters are the word clusters the model was trained with; the model
	// file carries a copy.
	clusters *cluster.Clusters

	pool sync.Pool
}

// The transition model predicts SHIFT, or LEFT or RIGHT together with a
// coarse group of the relation, which lets it weigh evidence for, say, a
// subject against a modifier; the label model then picks the relation
// within the group.
const (
	numGroups  = 11
	numActions = 1 + 2*numGroups
)

var relGroup = map[string]uint8{
	"root": 0, "nsubj": 0, "csubj": 0, "expl": 0,
	"obj": 1, "iobj": 1,
	"ccomp": 2, "xcomp": 2,
	"obl":  3,
	"nmod": 4, "acl": 4, "appos": 4,
	"advmod": 5, "advcl": 5, "discourse": 5, "vocative": 5, "dislocated": 5,
	"det": 6, "amod": 6, "nummod": 6, "compound": 6, "flat": 6, "fixed": 6, "goeswith": 6, "clf": 6,
	"case": 7, "mark": 7, "cc": 7,
	"aux": 8, "cop": 8,
	"conj": 9, "parataxis": 9, "list": 9, "reparandum": 9, "orphan": 9, "dep": 9,
	"punct": 10,
}

// labelGroup returns the group of a relation label.
func labelGroup(l string) uint8 {
	if g, ok := relGroup[universalRel(l)]; ok {
		return g
	}
	return 9
}

// actionLeft and actionRight are the transition-model classes of LEFT and
// RIGHT with group g.
func actionLeft(g uint8) int  { return 1 + 2*int(g) }
func actionRight(g uint8) int { return 2 + 2*int(g) }

// actSlot is one slot of the transition model's hash table, 32 bytes so
// that a slot never straddles two cache lines. The weights are stored as
// bytes w+128 (w in [-127, 127]), class j in byte j%8 of word j/8, so that
// scoring can add four classes at a time in 16-bit lanes of a uint64 without
// carries between lanes (see scoreActions).
type actSlot struct {
	key uint32 // 0 marks an empty slot
	_   uint32
	w   [actWords]uint64
}

const actWords = (numActions + 7) / 8

type parseScratch struct {
	st     pstate
	keys   []uint32
	scores [64]int32
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
func (p *Parser) NumFeatures() int { return len(p.akeys) + len(p.lkeys) }

// NumWeights returns the number of weights stored in the model.
func (p *Parser) NumWeights() int { return len(p.aw) + len(p.lw) }

func tableSize(n int) int {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return size
}

// buildTables builds the lookup tables from the sorted features.
func (p *Parser) buildTables() {
	p.rootLabel = -1
	p.lgroup = make([]uint8, len(p.labels))
	for i, l := range p.labels {
		if l == "root" {
			p.rootLabel = i
		}
		p.lgroup[i] = labelGroup(l)
	}
	p.atab = make([]actSlot, tableSize(len(p.akeys)))
	mask := uint32(len(p.atab) - 1)
	for f, k := range p.akeys {
		for i := k & mask; ; i = (i + 1) & mask {
			if p.atab[i].key == 0 {
				sl := actSlot{key: k}
				for c, w := range p.aw[numActions*f : numActions*f+numActions] {
					sl.w[c/8] |= uint64(uint8(int(w)+128)) << (8 * (c % 8))
				}
				p.atab[i] = sl
				break
			}
		}
	}
	p.ltab = make([]uint64, tableSize(len(p.lkeys)))
	p.ldata = make([]uint32, 0, len(p.lkeys)+len(p.lw))
	mask = uint32(len(p.ltab) - 1)
	for f, k := range p.lkeys {
		at := uint32(len(p.ldata))
		lo, hi := p.loff[f], p.loff[f+1]
		p.ldata = append(p.ldata, hi-lo)
		for j := lo; j < hi; j++ {
			p.ldata = append(p.ldata, uint32(p.lcls[j])<<16|uint32(uint16(p.lw[j])))
		}
		for i := k & mask; ; i = (i + 1) & mask {
			if p.ltab[i] == 0 {
				p.ltab[i] = uint64(k)<<32 | uint64(at+1)
				break
			}
		}
	}
}

// touched keeps the compiler from dropping the warming loads below; it is
// written (atomically) only in the one-in-2^32 case that their sum is 1.
var touched atomic.Uint32

// scoreActions sums the transition weights of the features.
//
// Looking the keys up is bound by cache misses, so a first pass loads every
// key's home slot: those loads are independent and the processor overlaps
// their misses, and the second pass then mostly hits the cache.
//
// The sums are kept in 16-bit lanes: the even bytes of a slot word go to one
// accumulator and the odd bytes to another, four classes per addition. Each
// stored byte is at most 255 and a configuration has fewer than 257
// features, so no lane overflows into the next. Every found feature adds the
// bias 128 to every class, which is subtracted at the end.
func (p *Parser) scoreActions(keys []uint32) (s [numActions]int32) {
	tab := p.atab
	mask := uint32(len(tab) - 1)
	var x uint32
	for _, k := range keys {
		x += tab[k&mask].key
	}
	if x == 1 {
		touched.Store(x)
	}
	const lo = 0x00FF00FF00FF00FF
	var ev, od [actWords]uint64
	found := int32(0)
	for _, k := range keys {
		i := k & mask
		for {
			sl := &tab[i&mask]
			if sl.key == k {
				for j, w := range &sl.w {
					ev[j] += w & lo
					od[j] += (w >> 8) & lo
				}
				found++
				break
			}
			if sl.key == 0 {
				break
			}
			i++
		}
	}
	bias := 128 * found
	for c := range s {
		acc := ev[c/8]
		if c%2 == 1 {
			acc = od[c/8]
		}
		s[c] = int32((acc>>(16*((c%8)/2)))&0xFFFF) - bias
	}
	return s
}

func (p *Parser) scoreLabels(keys []uint32, scores *[64]int32) {
	clear(scores[:])
	tab := p.ltab
	data := p.ldata
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
					scores[(e>>16)&63] += int32(int16(e))
				}
				break
			}
		}
	}
}

// bestAction returns the highest-scoring valid transition-model class. LEFT
// onto the root is only allowed with the root's group.
func bestAction(st *pstate, s *[numActions]int32, rootGroup uint8) int {
	best := -1
	if st.canShift() {
		best = actShift
	}
	if st.canLeft() {
		if st.b == st.n {
			if a := actionLeft(rootGroup); best < 0 || s[a] > s[best] {
				best = a
			}
		} else {
			for g := uint8(0); g < numGroups; g++ {
				if a := actionLeft(g); best < 0 || s[a] > s[best] {
					best = a
				}
			}
		}
	}
	if st.canRight() {
		for g := uint8(0); g < numGroups; g++ {
			if a := actionRight(g); best < 0 || s[a] > s[best] {
				best = a
			}
		}
	}
	return best
}

// bestLabel returns the highest-scoring label other than root, within group
// g when the group has any (g >= numGroups: any group).
func bestLabel(scores *[64]int32, groups []uint8, rootLabel int, g uint8) int {
	best := -1
	for l, lg := range groups {
		if l != rootLabel && (lg == g || g >= numGroups) && (best < 0 || scores[l] > scores[best]) {
			best = l
		}
	}
	if best < 0 && g < numGroups {
		return bestLabel(scores, groups, rootLabel, numGroups)
	}
	if best < 0 {
		best = 0
	}
	return best
}

// arcEnds returns the dependent and head of arc action a in the current
// state.
func arcEnds(st *pstate, a int) (dep, head int32) {
	k := len(st.stack)
	dep = st.stack[k-1]
	if a&1 == 1 {
		return dep, st.b
	}
	return dep, st.stack[k-2]
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
	st.reset(words, lemmas, xpos, upos, p.clusters)
	nl := len(p.labels)
	rootGroup := labelGroup("root")
	for !st.terminal() {
		s.keys = st.features(s.keys[:0])
		sc := p.scoreActions(s.keys)
		a := bestAction(st, &sc, rootGroup)
		if a == actShift {
			st.apply(actShift)
			continue
		}
		dep, head := arcEnds(st, a)
		var l int
		if head == st.n && p.rootLabel >= 0 {
			l = p.rootLabel
		} else {
			s.keys = st.labelFeatures(s.keys[:0], dep, head, dep > head)
			p.scoreLabels(s.keys, &s.scores)
			l = bestLabel(&s.scores, p.lgroup, p.rootLabel, uint8((a-1)/2))
		}
		if a&1 == 1 {
			st.apply(classLeft(l))
		} else {
			st.apply(classRight(l))
		}
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
