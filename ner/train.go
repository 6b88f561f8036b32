package ner

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"

	"github.com/dyad-events/dyad/cluster"
	"github.com/dyad-events/dyad/kb"
	"github.com/dyad-events/dyad/syntax"
)

// Options control Train. Zero fields take the defaults.
type Options struct {
	// Iterations is the number of passes over the training documents
	// (default 12).
	Iterations int
	// Seed seeds the shuffling of documents between passes (default 1).
	Seed uint64
	// PruneBelow drops features whose largest quantised weight magnitude is
	// below this many units of the int16 scale (default 0: keep all).
	PruneBelow int
	// Clusters are the word clusters; nil uses cluster.Default. They are
	// stored in the model.
	Clusters *cluster.Clusters
	// Gazetteer, when set, adds place-name and person-name-word features
	// (see BuildGazetteer). It is stored in the model.
	Gazetteer Gazetteer
	// NoClusters and NoKB turn the cluster and gazetteer features off.
	NoClusters, NoKB bool
	// SecondPass trains a second pass that relabels each document with
	// features of the first pass's labels over the whole document (the
	// type the same word was given elsewhere, the longest mention holding
	// it). It did not pay on CoNLL-2003 testa, so it is off by default.
	SecondPass bool
	// Folds is the number of folds for the first-pass labels the second
	// pass learns from (default 5).
	Folds int
	// Dev, when set, is scored after every pass and its F1 logged. Its
	// sentences are tagged with syntax.DefaultTagger when they have no
	// UPOS and the training data has.
	Dev []Doc
	// Logf, when set, receives progress messages.
	Logf func(format string, args ...any)
}

func (o *Options) defaults() {
	if o.Iterations <= 0 {
		o.Iterations = 12
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Folds < 2 {
		o.Folds = 5
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

type row struct {
	w   [numLabels]int32
	tot [numLabels]int64
	ts  [numLabels]int32
}

type trainer struct {
	index map[uint32]int32
	rows  []row
	now   int32
}

// score is called once per token, which is the averaging step.
func (tr *trainer) score(keys []uint32, scores *[numLabels]int32) {
	tr.now++
	for _, k := range keys {
		r, ok := tr.index[k]
		if !ok {
			continue
		}
		w := &tr.rows[r].w
		for c := range numLabels {
			scores[c] += w[c]
		}
	}
}

func (tr *trainer) update(keys []uint32, gold, pred int) {
	for _, k := range keys {
		r, ok := tr.index[k]
		if !ok {
			r = int32(len(tr.rows))
			tr.index[k] = r
			tr.rows = append(tr.rows, row{})
		}
		e := &tr.rows[r]
		for _, c := range [2]int{gold, pred} {
			e.tot[c] += int64(tr.now-e.ts[c]) * int64(e.w[c])
			e.ts[c] = tr.now
		}
		e.w[gold]++
		e.w[pred]--
	}
}

// bilou turns a sentence's mentions into labels.
func bilou(se *Sentence) ([]uint8, error) {
	ls := make([]uint8, len(se.Words))
	for _, m := range se.Mentions {
		t := typeIndex(m.Type)
		if t < 0 {
			return nil, fmt.Errorf("ner: unknown type %q", m.Type)
		}
		if m.Start < 0 || m.End > len(ls) || m.Start >= m.End {
			return nil, fmt.Errorf("ner: bad mention %d..%d in a sentence of %d words", m.Start, m.End, len(ls))
		}
		if m.End-m.Start == 1 {
			ls[m.Start] = uint8(labelOf(t, lbU))
			continue
		}
		ls[m.Start] = uint8(labelOf(t, lbB))
		for i := m.Start + 1; i < m.End-1; i++ {
			ls[i] = uint8(labelOf(t, lbI))
		}
		ls[m.End-1] = uint8(labelOf(t, lbL))
	}
	return ls, nil
}

func typeIndex(t string) int {
	for i, x := range Types {
		if x == t {
			return i
		}
	}
	return -1
}

// Train trains a model on gold documents. The result depends only on the
// documents and the options.
func Train(docs []Doc, opt Options) (*Model, error) {
	opt.defaults()
	if len(docs) == 0 {
		return nil, errors.New("ner: no training documents")
	}
	m := &Model{}
	if !opt.NoClusters {
		m.clusters = opt.Clusters
		if m.clusters == nil {
			c, err := cluster.Default()
			if err != nil {
				return nil, err
			}
			m.clusters = c
		}
	}
	if !opt.NoKB {
		k, err := kb.Default()
		if err != nil {
			return nil, err
		}
		m.kb = k
	}
	gold := make([][][]uint8, len(docs))
	for di := range docs {
		gold[di] = make([][]uint8, len(docs[di].Sentences))
		for si := range docs[di].Sentences {
			se := &docs[di].Sentences[si]
			if len(se.UPOS) > 0 {
				m.usePOS = true
			}
			ls, err := bilou(se)
			if err != nil {
				return nil, err
			}
			gold[di][si] = ls
		}
	}
	if m.usePOS && len(opt.Dev) > 0 && !tagged(opt.Dev) {
		dev := make([]Doc, len(opt.Dev))
		for i, d := range opt.Dev {
			dev[i] = Doc{Sentences: append([]Sentence(nil), d.Sentences...)}
		}
		if err := TagDocs(dev); err != nil {
			return nil, err
		}
		opt.Dev = dev
	}
	m.gaz = newGazIndex(opt.Gazetteer)
	res := &resources{clusters: m.clusters, kb: m.kb, gaz: m.gaz}
	m.first = trainPass(docs, gold, nil, res, opt, func(w *weights) *Model {
		return &Model{first: w, clusters: m.clusters, kb: m.kb, gaz: m.gaz, usePOS: m.usePOS}
	}, "pass 1")
	if !opt.SecondPass {
		return m, nil
	}
	// The second pass learns from first-pass labels that come from models
	// which did not see the document (k-fold jackknife), so it learns how
	// far to trust them on new text.
	prior := make([][][]uint8, len(docs))
	s := newScratch()
	for f := 0; f < opt.Folds; f++ {
		var sub []Doc
		var subGold [][][]uint8
		for di := range docs {
			if di%opt.Folds != f {
				sub = append(sub, docs[di])
				subGold = append(subGold, gold[di])
			}
		}
		fo := opt
		fo.Dev = nil
		fo.Logf = func(string, ...any) {}
		w := trainPass(sub, subGold, nil, res, fo, nil, "")
		for di := range docs {
			if di%opt.Folds == f {
				prior[di] = runDoc(&docs[di], s, res, w.score, nil, nil, nil)
			}
		}
		opt.Logf("ner: fold %d/%d done", f+1, opt.Folds)
	}
	m.second = trainPass(docs, gold, prior, res, opt, func(w *weights) *Model {
		return &Model{first: m.first, second: w, clusters: m.clusters, kb: m.kb, gaz: m.gaz, usePOS: m.usePOS}
	}, "pass 2")
	return m, nil
}

// trainPass trains the weights of one pass. prior holds first-pass labels
// when training the second pass. model, when set, builds a model around
// intermediate weights for scoring opt.Dev.
func trainPass(docs []Doc, gold, prior [][][]uint8, res *resources, opt Options, model func(*weights) *Model, name string) *weights {
	tr := &trainer{index: map[uint32]int32{}}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6e6572))
	s := newScratch()
	for it := 0; it < opt.Iterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, toks := 0, 0
		for _, di := range order {
			var pr [][]uint8
			if prior != nil {
				pr = prior[di]
			}
			out := runDoc(&docs[di], s, res, tr.score, gold[di], tr.update, pr)
			for si, ls := range out {
				for i, l := range ls {
					toks++
					if l != gold[di][si][i] {
						errs++
					}
				}
			}
		}
		msg := fmt.Sprintf("ner: %s, iteration %d: %d features, train token error %.4f", name, it+1, len(tr.rows), float64(errs)/float64(max(toks, 1)))
		if len(opt.Dev) > 0 && model != nil {
			sc := EvalDocs(model(tr.average(0)), opt.Dev, nil)
			msg += fmt.Sprintf(", dev P %.4f R %.4f F1 %.4f", sc.Precision, sc.Recall, sc.F1)
		}
		opt.Logf("%s", msg)
	}
	return tr.average(opt.PruneBelow)
}

// average builds a model from the averaged weights, quantised to int16.
func (tr *trainer) average(prune int) *weights {
	now := float64(tr.now)
	avg := make([]float32, len(tr.rows)*numLabels)
	maxAbs := 0.0
	for r := range tr.rows {
		e := &tr.rows[r]
		for c := range numLabels {
			tot := e.tot[c] + int64(tr.now-e.ts[c])*int64(e.w[c])
			v := float64(tot) / now
			avg[r*numLabels+c] = float32(v)
			maxAbs = max(maxAbs, math.Abs(v))
		}
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = float32(maxAbs / 32767)
	}
	keys := make([]uint32, 0, len(tr.index))
	for k := range tr.index {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	m := &weights{scale: scale}
	var kept []uint32
	var w []int16
	var q [numLabels]int16
	for _, k := range keys {
		r := tr.index[k]
		big := 0
		for c := range numLabels {
			v := math.Round(float64(avg[int(r)*numLabels+c] / scale))
			q[c] = int16(v)
			big = max(big, int(math.Abs(v)))
		}
		if big == 0 || big < prune {
			continue
		}
		kept = append(kept, k)
		w = append(w, q[:]...)
	}
	m.table = newTable(kept)
	m.w = w
	m.keys = kept
	return m
}

// TrainFiles reads a CoNLL-2003 or IOB2 training file, tags it with
// syntax.DefaultTagger, and trains a model. opt.Dev is used as given.
func TrainFiles(trainPath string, opt Options, logf func(string, ...any)) (*Model, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if opt.Logf == nil {
		opt.Logf = logf
	}
	docs, err := ReadFile(trainPath)
	if err != nil {
		return nil, err
	}
	if err := TagDocs(docs); err != nil {
		return nil, err
	}
	n := 0
	for _, d := range docs {
		n += len(d.Sentences)
	}
	logf("ner: %s: %d documents, %d sentences", trainPath, len(docs), n)
	return Train(docs, opt)
}

// ReadFile reads a CoNLL-2003 or IOB2 file.
func ReadFile(path string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f)
}

// tagged reports whether every sentence has its UPOS tags.
func tagged(docs []Doc) bool {
	for _, d := range docs {
		for _, se := range d.Sentences {
			if len(se.UPOS) != len(se.Words) {
				return false
			}
		}
	}
	return true
}

// TagDocs fills in the UPOS tags of every sentence with
// syntax.DefaultTagger, the way they are predicted at run time.
func TagDocs(docs []Doc) error {
	t, err := syntax.DefaultTagger()
	if err != nil {
		return err
	}
	for di := range docs {
		for si := range docs[di].Sentences {
			se := &docs[di].Sentences[si]
			tags := t.Tag(se.Words)
			se.UPOS = make([]string, len(tags))
			for i, tg := range tags {
				se.UPOS[i] = tg.UPOS
			}
		}
	}
	return nil
}
