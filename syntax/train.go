package syntax

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// TrainOptions control TrainTagger. Zero fields take the defaults.
type TrainOptions struct {
	// Iterations is the number of passes over the training data (default 10).
	Iterations int
	// Seed seeds the shuffling of sentences between passes (default 1).
	Seed uint64
	// TagDictMinCount and TagDictMinRatio select the frequent unambiguous
	// words that skip the model: seen at least TagDictMinCount times (default
	// 20) with one label at least TagDictMinRatio of the time (default 0.97).
	TagDictMinCount int
	TagDictMinRatio float64
	// PruneBelow drops averaged weights whose magnitude is below this
	// (default 0: keep all that survive int16 quantisation).
	PruneBelow float64
	// LemmaMaxSuffix is the longest suffix the lemma rules look at (default 5).
	LemmaMaxSuffix int
	// Dev, when set, is tagged after every pass and its accuracy logged.
	Dev [][]TrainToken
	// Logf, when set, receives progress messages.
	Logf func(format string, args ...any)
}

func (o *TrainOptions) defaults() {
	if o.Iterations <= 0 {
		o.Iterations = 10
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.TagDictMinCount <= 0 {
		o.TagDictMinCount = 20
	}
	if o.TagDictMinRatio <= 0 {
		o.TagDictMinRatio = 0.97
	}
	if o.LemmaMaxSuffix <= 0 {
		o.LemmaMaxSuffix = 5
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// weight is one class's weight for a feature during training, with the
// bookkeeping for lazy averaging.
type weight struct {
	w     int32
	cls   uint8
	ts    int32 // update count when w last changed
	total int64 // sum of w over updates up to ts
}

type trainer struct {
	index map[uint32]int32
	rows  [][]weight
	now   int32
}

func (tr *trainer) update(keys []uint32, cls uint8, delta int32) {
	for _, k := range keys {
		r, ok := tr.index[k]
		if !ok {
			r = int32(len(tr.rows))
			tr.index[k] = r
			tr.rows = append(tr.rows, nil)
		}
		row := tr.rows[r]
		j := -1
		for i := range row {
			if row[i].cls == cls {
				j = i
				break
			}
		}
		if j < 0 {
			row = append(row, weight{cls: cls, ts: tr.now})
			j = len(row) - 1
			tr.rows[r] = row
		}
		e := &row[j]
		e.total += int64(tr.now-e.ts) * int64(e.w)
		e.ts = tr.now
		e.w += delta
	}
}

func (tr *trainer) predict(keys []uint32, scores []int32) uint8 {
	clear(scores)
	for _, k := range keys {
		r, ok := tr.index[k]
		if !ok {
			continue
		}
		for _, e := range tr.rows[r] {
			scores[e.cls] += e.w
		}
	}
	best := 0
	for j := 1; j < len(scores); j++ {
		if scores[j] > scores[best] {
			best = j
		}
	}
	return uint8(best)
}

// TrainTagger trains a tagger and lemmatizer on gold sentences. The result
// depends only on the sentences and options.
func TrainTagger(sents [][]TrainToken, opt TrainOptions) (*Tagger, error) {
	opt.defaults()
	if len(sents) == 0 {
		return nil, errors.New("syntax: no training sentences")
	}
	lem := learnLemmatizer(sents, opt.LemmaMaxSuffix, 2)

	// Joint labels, sorted.
	type label struct{ xpos, upos string }
	labelSet := map[label]int{}
	for _, s := range sents {
		for _, t := range s {
			labelSet[label{t.XPOS, t.UPOS}]++
		}
	}
	labels := make([]label, 0, len(labelSet))
	for l := range labelSet {
		labels = append(labels, l)
	}
	if len(labels) > 255 {
		return nil, fmt.Errorf("syntax: %d labels, at most 255 supported", len(labels))
	}
	sort.Slice(labels, func(i, j int) bool {
		if labels[i].xpos != labels[j].xpos {
			return labels[i].xpos < labels[j].xpos
		}
		return labels[i].upos < labels[j].upos
	})
	classOf := map[label]uint8{}
	t := &Tagger{lem: lem}
	for i, l := range labels {
		classOf[l] = uint8(i)
		t.xpos = append(t.xpos, l.xpos)
		t.upos = append(t.upos, l.upos)
		t.classXPOS = append(t.classXPOS, uint8(lem.xposIndex[l.xpos]))
	}
	nc := len(labels)

	// Tag dictionary.
	wordCounts := map[string]map[uint8]int{}
	for _, s := range sents {
		for _, tok := range s {
			w := normalize(tok.Form)
			m := wordCounts[w]
			if m == nil {
				m = map[uint8]int{}
				wordCounts[w] = m
			}
			m[classOf[label{tok.XPOS, tok.UPOS}]]++
		}
	}
	t.tagdict = map[string]uint8{}
	for w, m := range wordCounts {
		n, bc, best := 0, -1, uint8(0)
		for c, k := range m {
			n += k
			if k > bc || (k == bc && c < best) {
				bc, best = k, c
			}
		}
		if n >= opt.TagDictMinCount && float64(bc)/float64(n) >= opt.TagDictMinRatio {
			t.tagdict[w] = best
		}
	}

	// Pre-analyse the sentences.
	type prepared struct {
		words []string
		ctx   []tokInfo
		gold  []uint8
	}
	data := make([]prepared, len(sents))
	for i, s := range sents {
		p := prepared{words: make([]string, len(s)), gold: make([]uint8, len(s))}
		for j, tok := range s {
			p.words[j] = normalize(tok.Form)
			p.gold[j] = classOf[label{tok.XPOS, tok.UPOS}]
		}
		p.ctx = prepare(p.words, nil)
		data[i] = p
	}

	tr := &trainer{index: map[uint32]int32{}}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	scores := make([]int32, nc)
	var keys []uint32
	for it := 0; it < opt.Iterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for _, si := range order {
			p := &data[si]
			p1, p2 := uint64(histStart), uint64(histStart2)
			for i, w := range p.words {
				guess, ok := t.tagdict[w]
				if !ok {
					keys = features(keys[:0], p.ctx, i+2, p1, p2)
					guess = tr.predict(keys, scores)
					tr.now++
					if guess != p.gold[i] {
						tr.update(keys, p.gold[i], 1)
						tr.update(keys, guess, -1)
					}
				}
				if guess == p.gold[i] {
					correct++
				}
				total++
				p2, p1 = p1, uint64(guess)
			}
		}
		opt.Logf("iteration %d: train accuracy %.4f, %d features", it+1, float64(correct)/float64(total), len(tr.rows))
		if len(opt.Dev) > 0 && it+1 < opt.Iterations {
			m := tr.finish(t, opt.PruneBelow)
			s := evalSents(m, opt.Dev)
			opt.Logf("iteration %d: dev UPOS %.4f XPOS %.4f lemma %.4f", it+1, s.UPOS, s.XPOS, s.Lemma)
		}
	}
	m := tr.finish(t, opt.PruneBelow)
	if len(opt.Dev) > 0 {
		s := evalSents(m, opt.Dev)
		opt.Logf("final: dev UPOS %.4f XPOS %.4f lemma %.4f", s.UPOS, s.XPOS, s.Lemma)
	}
	return m, nil
}

// finish averages and quantises the weights into a new Tagger sharing base's
// labels, tag dictionary and lemmatizer.
func (tr *trainer) finish(base *Tagger, pruneBelow float64) *Tagger {
	now := float64(tr.now)
	if now == 0 {
		now = 1
	}
	avg := func(e weight) float64 {
		return float64(e.total+int64(tr.now-e.ts)*int64(e.w)) / now
	}
	maxAbs := 0.0
	for _, row := range tr.rows {
		for _, e := range row {
			maxAbs = max(maxAbs, math.Abs(avg(e)))
		}
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	scale := maxAbs / 32767
	type feat struct {
		key uint32
		row int32
	}
	feats := make([]feat, 0, len(tr.index))
	for k, r := range tr.index {
		feats = append(feats, feat{k, r})
	}
	sort.Slice(feats, func(i, j int) bool { return feats[i].key < feats[j].key })

	m := &Tagger{
		xpos: base.xpos, upos: base.upos, classXPOS: base.classXPOS,
		tagdict: base.tagdict, lem: base.lem,
		off:   []uint32{0},
		scale: float32(scale),
	}
	for _, f := range feats {
		row := append([]weight(nil), tr.rows[f.row]...)
		sort.Slice(row, func(i, j int) bool { return row[i].cls < row[j].cls })
		n := 0
		for _, e := range row {
			a := avg(e)
			if math.Abs(a) < pruneBelow {
				continue
			}
			q := math.Round(a / scale)
			if q == 0 {
				continue
			}
			m.cls = append(m.cls, e.cls)
			m.w = append(m.w, int16(q))
			n++
		}
		if n == 0 {
			continue
		}
		m.keys = append(m.keys, f.key)
		m.off = append(m.off, uint32(len(m.cls)))
	}
	m.buildTable()
	return m
}
