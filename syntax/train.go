package syntax

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/dyad-events/dyad/cluster"
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
	// TwoPassFolds, when at least 2, adds a second left-to-right pass that
	// also sees the first pass's labels of the word and of the words around
	// it; its training sentences get those labels from first-pass models
	// trained on the other folds (the sentences cut into TwoPassFolds
	// contiguous folds). Default 0: one pass (the second pass scored +0.002
	// UPOS on EWT dev but halves tagging speed).
	TwoPassFolds int
	// Clusters are the word clusters behind the cluster features; nil uses
	// cluster.Default. The model keeps its own copy.
	Clusters *cluster.Clusters
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
	return argmax(scores)
}

// TrainTagger trains a tagger and lemmatizer on gold sentences. The result
// depends only on the sentences and options.
func TrainTagger(sents [][]TrainToken, opt TrainOptions) (*Tagger, error) {
	opt.defaults()
	if len(sents) == 0 {
		return nil, errors.New("syntax: no training sentences")
	}
	if opt.Clusters == nil {
		c, err := cluster.Default()
		if err != nil {
			return nil, fmt.Errorf("syntax: train tagger: %w", err)
		}
		opt.Clusters = c
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
	t := &Tagger{lem: lem, clusters: opt.Clusters}
	for i, l := range labels {
		classOf[l] = uint8(i)
		t.xpos = append(t.xpos, l.xpos)
		t.upos = append(t.upos, l.upos)
		t.classXPOS = append(t.classXPOS, uint8(lem.xposIndex[l.xpos]))
	}

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
	data := make([]taggedSent, len(sents))
	for i, s := range sents {
		p := taggedSent{words: make([]string, len(s)), gold: make([]uint8, len(s))}
		for j, tok := range s {
			p.words[j] = normalize(tok.Form)
			p.gold[j] = classOf[label{tok.XPOS, tok.UPOS}]
		}
		p.ctx = prepare(p.words, nil, t)
		data[i] = p
	}
	all := make([]int, len(data))
	for i := range all {
		all[i] = i
	}

	if opt.TwoPassFolds < 2 {
		first := trainPass(t, data, all, nil, &opt, nil)
		return t.withModels(first, tagModel{}), nil
	}

	// Second pass: its training sentences get first-pass labels from
	// first-pass models trained on the other folds.
	guess := make([][]uint8, len(data))
	k := opt.TwoPassFolds
	var s scratch
	for fold := 0; fold < k; fold++ {
		lo, hi := fold*len(data)/k, (fold+1)*len(data)/k
		var idx []int
		for i := range data {
			if i < lo || i >= hi {
				idx = append(idx, i)
			}
		}
		quiet := opt
		quiet.Dev, quiet.Logf = nil, func(string, ...any) {}
		m := t.withModels(trainPass(t, data, idx, nil, &quiet, nil), tagModel{})
		correct, total := 0, 0
		for i := lo; i < hi; i++ {
			guess[i] = append([]uint8(nil), m.tagClasses(data[i].words, &s)...)
			for j, c := range guess[i] {
				if c == data[i].gold[j] {
					correct++
				}
				total++
			}
		}
		opt.Logf("first-pass fold %d/%d: accuracy %.4f", fold+1, k, float64(correct)/float64(max(total, 1)))
	}
	first := trainPass(t, data, all, nil, &opt, nil)
	second := trainPass(t, data, all, guess, &opt, &first)
	return t.withModels(first, second), nil
}

// taggedSent is a training sentence, analysed.
type taggedSent struct {
	words []string
	ctx   []tokInfo
	gold  []uint8
}

// trainPass trains one pass of the tagger on the sentences data[idx] with
// the labels, tag dictionary and clusters of base. guess, for the second
// pass, holds the first pass's labels of every sentence and first the
// first-pass model (used to score opt.Dev).
func trainPass(base *Tagger, data []taggedSent, idx []int, guess [][]uint8, opt *TrainOptions, first *tagModel) tagModel {
	name := "pass 1"
	if guess != nil {
		name = "pass 2"
	}
	nc := len(base.upos)
	tr := &trainer{index: map[uint32]int32{}}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	order := append([]int(nil), idx...)
	scores := make([]int32, nc)
	var keys []uint32
	dev := func(m tagModel) Scores {
		if first != nil {
			return evalSents(base.withModels(*first, m), opt.Dev)
		}
		return evalSents(base.withModels(m, tagModel{}), opt.Dev)
	}
	for it := 0; it < opt.Iterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for _, si := range order {
			p := &data[si]
			p1, p2 := uint64(histStart), uint64(histStart2)
			for i, w := range p.words {
				c, ok := base.tagdict[w]
				if !ok {
					keys = features(keys[:0], p.ctx, i+2, p1, p2)
					if guess != nil {
						keys = secondFeatures(keys, p.ctx, i+2, guess[si], p1)
					}
					c = tr.predict(keys, scores)
					tr.now++
					if c != p.gold[i] {
						tr.update(keys, p.gold[i], 1)
						tr.update(keys, c, -1)
					}
				}
				if c == p.gold[i] {
					correct++
				}
				total++
				p2, p1 = p1, uint64(c)
			}
		}
		opt.Logf("%s iteration %d: train accuracy %.4f, %d features", name, it+1, float64(correct)/float64(total), len(tr.rows))
		if len(opt.Dev) > 0 && it+1 < opt.Iterations {
			s := dev(tr.finish(opt.PruneBelow))
			opt.Logf("%s iteration %d: dev UPOS %.4f XPOS %.4f lemma %.4f", name, it+1, s.UPOS, s.XPOS, s.Lemma)
		}
	}
	m := tr.finish(opt.PruneBelow)
	if len(opt.Dev) > 0 {
		s := dev(m)
		opt.Logf("%s final: dev UPOS %.4f XPOS %.4f lemma %.4f", name, s.UPOS, s.XPOS, s.Lemma)
	}
	return m
}

// withModels returns a new Tagger with t's labels, tag dictionary,
// lemmatizer and clusters and the given weights.
func (t *Tagger) withModels(first, second tagModel) *Tagger {
	m := &Tagger{
		xpos: t.xpos, upos: t.upos, classXPOS: t.classXPOS,
		tagdict: t.tagdict, lem: t.lem, clusters: t.clusters,
		first: first, second: second,
	}
	m.buildTable()
	return m
}

// finish averages and quantises the weights into a model.
func (tr *trainer) finish(pruneBelow float64) tagModel {
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

	m := tagModel{
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
	return m
}
