package syntax

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"

	"github.com/dyad-events/dyad/cluster"
)

// ParserOptions control TrainParser and TrainParserFile. Zero fields take
// the defaults.
type ParserOptions struct {
	// Iterations is the number of passes over the training data (default 12).
	Iterations int
	// Seed seeds sentence shuffling and exploration (default 1).
	Seed uint64
	// ExploreFrom is the first pass (1-based) in which the parser follows its
	// own wrong predictions (default 2).
	ExploreFrom int
	// ExploreProb is the probability of following a wrong prediction in those
	// passes (default 0.9; negative disables exploration).
	ExploreProb float64
	// SkipNonProjective drops training sentences whose gold tree is not
	// projective (default false: the dynamic oracle trains on all of them).
	SkipNonProjective bool
	// PruneBelow drops features of the transition model whose averaged
	// weights are all smaller in magnitude than this, and weights of the label
	// model smaller than this, in perceptron update units (default 2: drop
	// what never outweighed two updates, which halves the model and its
	// loading time; negative keeps everything).
	PruneBelow float64
	// JackknifeFolds is the number of folds TrainParserFile uses to give the
	// training sentences predicted tags and lemmas (default 5; 1 trains on
	// gold tags).
	JackknifeFolds int
	// Tagger sets the options of the jackknifing taggers (default: the
	// shipped tagger's settings).
	Tagger TrainOptions
	// Clusters are the word clusters behind the cluster features; nil uses
	// cluster.Default. The model keeps its own copy.
	Clusters *cluster.Clusters
	// Dev, when set, is parsed after every pass and its scores logged. Its
	// tags and lemmas are used as given.
	Dev [][]ParseToken
	// DevPruneSweep, with Dev, logs the dev scores and model size the final
	// weights would give with each of these PruneBelow values (diagnostic).
	DevPruneSweep []float64
	// Logf, when set, receives progress messages.
	Logf func(format string, args ...any)
}

func (o *ParserOptions) defaults() {
	if o.Iterations <= 0 {
		o.Iterations = 12
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.ExploreFrom <= 0 {
		o.ExploreFrom = 2
	}
	if o.ExploreProb == 0 {
		o.ExploreProb = 0.9
	}
	if o.PruneBelow == 0 {
		o.PruneBelow = 2
	}
	if o.JackknifeFolds <= 0 {
		o.JackknifeFolds = 5
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// pweight is one class's weight for a feature during training, with the
// running sum for lazy averaging.
type pweight struct {
	sum int64 // sum of w over decisions up to at
	w   int32
	at  int32 // decision count when w last changed
	cls uint8
}

// ptrainer holds the perceptron weights during training. Feature keys map to
// rows through an open-addressing table that grows.
type ptrainer struct {
	slotKey []uint32
	slotRow []int32 // -1 for an empty slot
	rows    [][]pweight
	now     int32
}

func newPTrainer() *ptrainer {
	tr := &ptrainer{}
	tr.rehash(1 << 16)
	return tr
}

func (tr *ptrainer) rehash(size int) {
	oldK, oldR := tr.slotKey, tr.slotRow
	tr.slotKey = make([]uint32, size)
	tr.slotRow = make([]int32, size)
	for i := range tr.slotRow {
		tr.slotRow[i] = -1
	}
	for i, r := range oldR {
		if r >= 0 {
			tr.insert(oldK[i], r)
		}
	}
}

func (tr *ptrainer) insert(k uint32, r int32) {
	mask := uint32(len(tr.slotKey) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		if tr.slotRow[i] < 0 {
			tr.slotKey[i], tr.slotRow[i] = k, r
			return
		}
	}
}

func (tr *ptrainer) find(k uint32) int32 {
	mask := uint32(len(tr.slotKey) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		r := tr.slotRow[i]
		if r < 0 || tr.slotKey[i] == k {
			return r
		}
	}
}

func (tr *ptrainer) score(keys []uint32, scores *[256]int32) {
	clear(scores[:])
	for _, k := range keys {
		r := tr.find(k)
		if r < 0 {
			continue
		}
		for _, e := range tr.rows[r] {
			scores[e.cls] += e.w
		}
	}
}

func (tr *ptrainer) update(keys []uint32, cls uint8, delta int32) {
	for _, k := range keys {
		r := tr.find(k)
		if r < 0 {
			r = int32(len(tr.rows))
			tr.rows = append(tr.rows, nil)
			if 2*len(tr.rows) > len(tr.slotKey) {
				tr.rehash(2 * len(tr.slotKey))
			}
			tr.insert(k, r)
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
			row = append(row, pweight{cls: cls, at: tr.now})
			tr.rows[r] = row
			j = len(row) - 1
		}
		e := &row[j]
		e.sum += int64(tr.now-e.at) * int64(e.w)
		e.at = tr.now
		e.w += delta
	}
}

// avg returns the averaged value of a weight.
func (tr *ptrainer) avg(e pweight) float64 {
	return float64(e.sum+int64(tr.now-e.at)*int64(e.w)) / float64(max(tr.now, 1))
}

// maxAbs returns the largest averaged magnitude (1 when all are zero).
func (tr *ptrainer) maxAbs() float64 {
	m := 0.0
	for _, row := range tr.rows {
		for _, e := range row {
			m = max(m, math.Abs(tr.avg(e)))
		}
	}
	if m == 0 {
		m = 1
	}
	return m
}

// featRow is a feature key with its trainer row.
type featRow struct {
	key uint32
	row int32
}

// sortedFeats returns the features in ascending key order.
func (tr *ptrainer) sortedFeats() []featRow {
	feats := make([]featRow, 0, len(tr.rows))
	for i, r := range tr.slotRow {
		if r >= 0 {
			feats = append(feats, featRow{tr.slotKey[i], r})
		}
	}
	sort.Slice(feats, func(i, j int) bool { return feats[i].key < feats[j].key })
	return feats
}

// finishParser averages and quantises the weights of the action trainer ta
// and the label trainer tl into a Parser: int8 for the transition model,
// int16 for the label model, each with its own scale (the two are never
// compared). The parser keeps the clusters cl. Transition features whose averaged weights are
// all below prune in magnitude, and label weights below prune, are dropped.
func finishParser(ta, tl *ptrainer, labels []string, cl *cluster.Clusters, prune float64) *Parser {
	p := &Parser{labels: labels, loff: []uint32{0}, clusters: cl}
	ma := ta.maxAbs()
	sa := ma / 127
	for _, f := range ta.sortedFeats() {
		var w [numActions]int8
		nz, big := false, false
		for _, e := range ta.rows[f.row] {
			a := ta.avg(e)
			if math.Abs(a) >= prune {
				big = true
			}
			if q := max(-127, min(127, math.Round(a/sa))); q != 0 {
				w[e.cls] = int8(q)
				nz = true
			}
		}
		if nz && big {
			p.akeys = append(p.akeys, f.key)
			p.aw = append(p.aw, w[:]...)
		}
	}
	ml := tl.maxAbs()
	sl := ml / 32767
	cut := prune
	var row []pweight
	for _, f := range tl.sortedFeats() {
		row = append(row[:0], tl.rows[f.row]...)
		sort.Slice(row, func(i, j int) bool { return row[i].cls < row[j].cls })
		n := 0
		for _, e := range row {
			a := tl.avg(e)
			if math.Abs(a) < cut {
				continue
			}
			q := math.Round(a / sl)
			if q == 0 {
				continue
			}
			p.lcls = append(p.lcls, e.cls)
			p.lw = append(p.lw, int16(q))
			n++
		}
		if n > 0 {
			p.lkeys = append(p.lkeys, f.key)
			p.loff = append(p.loff, uint32(len(p.lcls)))
		}
	}
	p.buildTables()
	return p
}

// projective reports whether a tree (heads, -1 for the root) has no
// crossing arcs.
func projective(heads []int32) bool {
	n := int32(len(heads))
	for i, h := range heads {
		d := int32(i)
		if h < 0 {
			h = n
		}
		lo, hi := min(d, h), max(d, h)
		for j := lo + 1; j < hi; j++ {
			// every word strictly between must be dominated by h
			a := j
			for steps := int32(0); a != h && a >= 0 && a < n && steps <= n; steps++ {
				a = heads[a]
				if a < 0 {
					a = n
				}
			}
			if a != h {
				return false
			}
		}
	}
	return true
}

type ptrainSent struct {
	words, lemmas, xpos, upos []string
	gold                      []int32 // heads, root = n
	rel                       []uint8 // label indices
}

// TrainParser trains a parser on sentences with dependency trees. The
// sentences' tags and lemmas are the features' input, so they should look
// like the tagger's output (see TrainParserFile, which jackknifes them). The
// result depends only on the sentences and options.
func TrainParser(sents [][]ParseToken, opt ParserOptions) (*Parser, error) {
	opt.defaults()
	if len(sents) == 0 {
		return nil, errors.New("syntax: no training sentences")
	}
	if opt.Clusters == nil {
		c, err := cluster.Default()
		if err != nil {
			return nil, fmt.Errorf("syntax: train parser: %w", err)
		}
		opt.Clusters = c
	}
	labelSet := map[string]bool{}
	for _, s := range sents {
		for _, t := range s {
			labelSet[t.Rel] = true
		}
	}
	labels := make([]string, 0, len(labelSet))
	for l := range labelSet {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	if len(labels) > 64 {
		return nil, fmt.Errorf("syntax: %d relation labels, at most 64 supported", len(labels))
	}
	labelIdx := map[string]uint8{}
	rootLabel := -1
	for i, l := range labels {
		labelIdx[l] = uint8(i)
		if l == "root" {
			rootLabel = i
		}
	}
	groups := make([]uint8, len(labels))
	for i, l := range labels {
		groups[i] = labelGroup(l)
	}
	rootGroup := labelGroup("root")

	var data []ptrainSent
	skipped := 0
	for si, s := range sents {
		n := len(s)
		d := ptrainSent{gold: make([]int32, n), rel: make([]uint8, n)}
		heads := make([]int32, n)
		roots := 0
		for i, t := range s {
			if t.Head < -1 || t.Head >= n || t.Head == i {
				return nil, fmt.Errorf("syntax: sentence %d word %d: bad head %d", si, i, t.Head)
			}
			heads[i] = int32(t.Head)
			if t.Head < 0 {
				d.gold[i] = int32(n)
				roots++
			} else {
				d.gold[i] = int32(t.Head)
			}
			d.rel[i] = labelIdx[t.Rel]
			d.words = append(d.words, t.Form)
			d.lemmas = append(d.lemmas, t.Lemma)
			d.xpos = append(d.xpos, t.XPOS)
			d.upos = append(d.upos, t.UPOS)
		}
		if roots != 1 || (opt.SkipNonProjective && !projective(heads)) {
			skipped++
			continue
		}
		data = append(data, d)
	}
	opt.Logf("%d training sentences, %d skipped; %d labels", len(data), skipped, len(labels))

	ta, tl := newPTrainer(), newPTrainer()
	rng := rand.New(rand.NewPCG(opt.Seed, 0xda7a))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	var (
		st     pstate
		keys   []uint32
		scores [256]int32
	)
	for it := 1; it <= opt.Iterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		explore := it >= opt.ExploreFrom && opt.ExploreProb > 0
		var decisions, wrong, arcsRight, labelsRight, words int
		for _, si := range order {
			d := &data[si]
			st.reset(d.words, d.lemmas, d.xpos, d.upos, opt.Clusters)
			for !st.terminal() {
				keys = st.features(keys[:0])
				ta.score(keys, &scores)
				cs, cl, cr := st.costs(d.gold)
				var s0, s1 int32 = -1, -1
				if k := len(st.stack); k > 0 {
					s0 = st.stack[k-1]
					if k > 1 {
						s1 = st.stack[k-2]
					}
				}
				pred, gold := -1, -1
				var predCost, goldCost int
				consider := func(a, cost int) {
					if pred < 0 || scores[a] > scores[pred] {
						pred, predCost = a, cost
					}
					if gold < 0 || cost < goldCost || (cost == goldCost && scores[a] > scores[gold]) {
						gold, goldCost = a, cost
					}
				}
				if st.canShift() {
					consider(actShift, cs)
				}
				if st.canLeft() {
					if st.b == st.n {
						consider(actionLeft(rootGroup), cl)
					} else {
						goldArc := d.gold[s0] == st.b
						for g := uint8(0); g < numGroups; g++ {
							c := cl
							if goldArc && groups[d.rel[s0]] != g {
								c++
							}
							consider(actionLeft(g), c)
						}
					}
				}
				if st.canRight() {
					goldArc := d.gold[s0] == s1
					for g := uint8(0); g < numGroups; g++ {
						c := cr
						if goldArc && groups[d.rel[s0]] != g {
							c++
						}
						consider(actionRight(g), c)
					}
				}
				ta.now++
				decisions++
				next := pred
				if predCost > goldCost {
					wrong++
					ta.update(keys, uint8(gold), 1)
					ta.update(keys, uint8(pred), -1)
					if !explore || rng.Float64() >= opt.ExploreProb {
						next = gold
					}
				}
				if next == actShift {
					st.apply(actShift)
					continue
				}
				dep, head := arcEnds(&st, next)
				l := rootLabel
				if head != st.n || rootLabel < 0 {
					keys = st.labelFeatures(keys[:0], dep, head, dep > head)
					tl.score(keys, &scores)
					var sc64 [64]int32
					copy(sc64[:], scores[:64])
					l = bestLabel(&sc64, groups, rootLabel, uint8((next-1)/2))
					if d.gold[dep] == head {
						tl.now++
						g := int(d.rel[dep])
						if free := bestLabel(&sc64, groups, rootLabel, numGroups); free != g {
							tl.update(keys, uint8(g), 1)
							tl.update(keys, uint8(free), -1)
						}
						if l != g && (!explore || rng.Float64() >= opt.ExploreProb) {
							l = g
						}
					}
				}
				if next&1 == 1 {
					st.apply(classLeft(l))
				} else {
					st.apply(classRight(l))
				}
			}
			for i := range d.words {
				words++
				if st.head[i] == d.gold[i] {
					arcsRight++
					if int(st.lab[i])-1 == int(d.rel[i]) {
						labelsRight++
					}
				}
			}
		}
		opt.Logf("pass %d: %d decisions, %.4f wrong, train UAS %.4f LAS %.4f (explore %v), %d+%d features",
			it, decisions, float64(wrong)/float64(decisions), float64(arcsRight)/float64(words), float64(labelsRight)/float64(words), explore, len(ta.rows), len(tl.rows))
		if len(opt.Dev) > 0 && it < opt.Iterations {
			s := scoreTrees(finishParser(ta, tl, labels, opt.Clusters, opt.PruneBelow), opt.Dev)
			opt.Logf("pass %d: dev UAS %.4f LAS %.4f LAS(full) %.4f", it, s.UAS, s.LAS, s.LASFull)
		}
	}
	if len(opt.Dev) > 0 {
		for _, pr := range opt.DevPruneSweep {
			q := finishParser(ta, tl, labels, opt.Clusters, pr)
			s := scoreTrees(q, opt.Dev)
			opt.Logf("prune %g: %d features, %d weights: dev UAS %.4f LAS %.4f LAS(full) %.4f", pr, q.NumFeatures(), q.NumWeights(), s.UAS, s.LAS, s.LASFull)
		}
	}
	p := finishParser(ta, tl, labels, opt.Clusters, opt.PruneBelow)
	opt.Logf("model: %d features, %d weights", p.NumFeatures(), p.NumWeights())
	if len(opt.Dev) > 0 {
		s := scoreTrees(p, opt.Dev)
		opt.Logf("final: dev UAS %.4f LAS %.4f LAS(full) %.4f", s.UAS, s.LAS, s.LASFull)
	}
	return p, nil
}

// TrainParserFile reads a CoNLL-U treebank, replaces its tags and lemmas
// with predicted ones by jackknifing (each of opt.JackknifeFolds folds is
// tagged by a tagger trained on the others, with opt.Tagger's settings) and
// trains a parser on it. logf, when not nil, receives progress messages.
func TrainParserFile(trainPath string, opt ParserOptions, logf func(string, ...any)) (*Parser, error) {
	if logf != nil {
		opt.Logf = logf
	}
	opt.defaults()
	f, err := os.Open(trainPath)
	if err != nil {
		return nil, err
	}
	sents, err := ReadCoNLLUTrees(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	if opt.JackknifeFolds > 1 {
		if err := Jackknife(sents, opt.JackknifeFolds, opt.Tagger, opt.Logf); err != nil {
			return nil, err
		}
	}
	return TrainParser(sents, opt)
}

// Jackknife replaces the tags and lemmas of sents in place with those of
// taggers trained on the other folds: the sentences are cut into k
// contiguous folds and each is tagged by a tagger trained on the rest with
// options topt.
func Jackknife(sents [][]ParseToken, k int, topt TrainOptions, logf func(string, ...any)) error {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if k < 2 || len(sents) < k {
		return fmt.Errorf("syntax: cannot jackknife %d sentences in %d folds", len(sents), k)
	}
	toTrain := func(s []ParseToken) []TrainToken {
		out := make([]TrainToken, len(s))
		for i, t := range s {
			out[i] = TrainToken{Form: t.Form, Lemma: t.Lemma, UPOS: t.UPOS, XPOS: t.XPOS}
		}
		return out
	}
	var words []string
	var tagged []Tagged
	for fold := 0; fold < k; fold++ {
		lo, hi := fold*len(sents)/k, (fold+1)*len(sents)/k
		var train [][]TrainToken
		for i, s := range sents {
			if i < lo || i >= hi {
				train = append(train, toTrain(s))
			}
		}
		to := topt
		to.Dev, to.Logf = nil, nil
		t, err := TrainTagger(train, to)
		if err != nil {
			return err
		}
		correct, total := 0, 0
		for _, s := range sents[lo:hi] {
			words = words[:0]
			for _, tok := range s {
				words = append(words, tok.Form)
			}
			tagged = t.TagInto(tagged[:0], words)
			for i := range s {
				if s[i].UPOS == tagged[i].UPOS {
					correct++
				}
				total++
				s[i].UPOS, s[i].XPOS, s[i].Lemma = tagged[i].UPOS, tagged[i].XPOS, tagged[i].Lemma
			}
		}
		logf("jackknife fold %d/%d: %d sentences, UPOS %.4f", fold+1, k, hi-lo, float64(correct)/float64(max(total, 1)))
	}
	return nil
}
