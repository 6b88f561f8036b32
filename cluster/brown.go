package cluster

import (
	"errors"
	"math"
	"sort"
	"strings"
)

// Options control Train. Zero fields take the defaults.
type Options struct {
	// Clusters is the window: the number of active clusters, and the number
	// of leaf clusters in the result (default 400).
	Clusters int
	// MaxWords caps the vocabulary at the most frequent words (default 60000).
	MaxWords int
	// MinCount drops words seen fewer times (default 3).
	MinCount int
	// Logf, when set, receives progress messages.
	Logf func(format string, args ...any)
}

func (o *Options) defaults() {
	if o.Clusters <= 0 {
		o.Clusters = 400
	}
	if o.MaxWords <= 0 {
		o.MaxWords = 60000
	}
	if o.MinCount <= 0 {
		o.MinCount = 3
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

type nb struct {
	w int32
	n float64
}

// brown is the state of the windowed merge algorithm. Slots 0..C hold the
// active clusters (one is free between merges); matrices are (C+1)².
type brown struct {
	k     int       // number of slots, C+1
	used  []bool    // slot holds a cluster
	p1    []float64 // unigram probability of the slot's cluster
	lp1   []float64 // log p1
	p2    []float64 // bigram probability, [s*k+t]
	q2    []float64 // p2 log(p2 / p1 p1)
	loss  []float64 // merge loss for s < t, [s*k+t]
	mem   [][]int32 // words of each slot
	slot  []int32   // word -> slot, -1 when inactive
	right [][]nb    // word -> right neighbours
	left  [][]nb
	uni   []float64 // word unigram probability

	lpu      []float64 // log(p1[s]+p1[t]) for s < t
	linked   []int32
	isLinked []bool
}

func (b *brown) q(p, lpa, lpb float64) float64 {
	if p <= 0 {
		return 0
	}
	return p * (math.Log(p) - lpa - lpb)
}

// contrib is the part of the loss of merging s and t that comes from their
// bigrams with cluster x (x ∉ {s, t}).
func (b *brown) contrib(s, t, x int, lpu float64) float64 {
	k := b.k
	old := b.q2[s*k+x] + b.q2[x*k+s] + b.q2[t*k+x] + b.q2[x*k+t]
	lpx := b.lp1[x]
	nw := b.q(b.p2[s*k+x]+b.p2[t*k+x], lpu, lpx) + b.q(b.p2[x*k+s]+b.p2[x*k+t], lpx, lpu)
	return old - nw
}

// fullLoss computes the loss of merging s and t from scratch.
func (b *brown) fullLoss(s, t int) float64 {
	k := b.k
	lpu := b.lpu[s*k+t]
	l := 0.0
	for x := 0; x < k; x++ {
		if !b.used[x] || x == s || x == t {
			continue
		}
		if b.p2[s*k+x] == 0 && b.p2[x*k+s] == 0 && b.p2[t*k+x] == 0 && b.p2[x*k+t] == 0 {
			continue
		}
		l += b.contrib(s, t, x, lpu)
	}
	l += b.q2[s*k+s] + b.q2[s*k+t] + b.q2[t*k+s] + b.q2[t*k+t]
	l -= b.q(b.p2[s*k+s]+b.p2[s*k+t]+b.p2[t*k+s]+b.p2[t*k+t], lpu, lpu)
	return l
}

func (b *brown) setQ(s, t int) {
	k := b.k
	b.q2[s*k+t] = b.q(b.p2[s*k+t], b.lp1[s], b.lp1[t])
}

// adjust adds sign × the contribution of cluster x to the loss of every
// active pair not involving x or skip. Only pairs where s or t has bigrams
// with x change.
func (b *brown) adjust(x, skip int, sign float64) {
	k := b.k
	linked := b.linked[:0]
	isLinked := b.isLinked
	for s := 0; s < k; s++ {
		isLinked[s] = false
		if !b.used[s] || s == x || s == skip {
			continue
		}
		if b.p2[s*k+x] != 0 || b.p2[x*k+s] != 0 {
			isLinked[s] = true
			linked = append(linked, int32(s))
		}
	}
	b.linked = linked
	for _, s32 := range linked {
		s := int(s32)
		for t := 0; t < k; t++ {
			if !b.used[t] || t == x || t == skip || t == s || (isLinked[t] && t < s) {
				continue
			}
			lo, hi := min(s, t), max(s, t)
			b.loss[lo*k+hi] += sign * b.contrib(lo, hi, x, b.lpu[lo*k+hi])
		}
	}
}

// setLPU caches log(p1[s]+p1[t]) for the pairs of s.
func (b *brown) setLPU(s int) {
	k := b.k
	for t := 0; t < k; t++ {
		if b.used[t] && t != s {
			lo, hi := min(s, t), max(s, t)
			b.lpu[lo*k+hi] = math.Log(b.p1[s] + b.p1[t])
		}
	}
}

// add puts word w into the free slot f and updates all tables.
func (b *brown) add(w int32, f int) {
	k := b.k
	b.used[f] = true
	b.mem[f] = append(b.mem[f][:0], w)
	b.slot[w] = int32(f)
	b.p1[f] = b.uni[w]
	b.lp1[f] = math.Log(b.uni[w])
	for x := 0; x < k; x++ {
		b.p2[f*k+x], b.p2[x*k+f] = 0, 0
	}
	for _, e := range b.right[w] {
		if s := b.slot[e.w]; s >= 0 {
			b.p2[f*k+int(s)] += e.n
		}
	}
	for _, e := range b.left[w] {
		if s := b.slot[e.w]; s >= 0 && e.w != w {
			b.p2[int(s)*k+f] += e.n
		}
	}
	for x := 0; x < k; x++ {
		if b.used[x] {
			b.setQ(f, x)
			b.setQ(x, f)
		}
	}
	b.setLPU(f)
	b.adjust(f, -1, 1)
	for s := 0; s < k; s++ {
		if b.used[s] && s != f {
			lo, hi := min(s, f), max(s, f)
			b.loss[lo*k+hi] = b.fullLoss(lo, hi)
		}
	}
}

// best returns the active pair with the least merge loss.
func (b *brown) best() (int, int) {
	k := b.k
	bs, bt := -1, -1
	bl := math.Inf(1)
	for s := 0; s < k; s++ {
		if !b.used[s] {
			continue
		}
		for t := s + 1; t < k; t++ {
			if b.used[t] && b.loss[s*k+t] < bl {
				bl, bs, bt = b.loss[s*k+t], s, t
			}
		}
	}
	return bs, bt
}

// merge merges slot t into slot s (s < t) and frees t.
func (b *brown) merge(s, t int) {
	k := b.k
	// Remove the old contributions of s and t from the other pairs.
	b.adjust(s, t, -1)
	b.adjust(t, s, -1)
	// Merge the tables.
	for x := 0; x < k; x++ {
		if !b.used[x] || x == s || x == t {
			continue
		}
		b.p2[s*k+x] += b.p2[t*k+x]
		b.p2[x*k+s] += b.p2[x*k+t]
	}
	b.p2[s*k+s] += b.p2[s*k+t] + b.p2[t*k+s] + b.p2[t*k+t]
	b.p1[s] += b.p1[t]
	b.lp1[s] = math.Log(b.p1[s])
	b.used[t] = false
	if len(b.mem[s]) < len(b.mem[t]) {
		b.mem[s], b.mem[t] = b.mem[t], b.mem[s]
	}
	for _, w := range b.mem[t] {
		b.slot[w] = int32(s)
	}
	b.mem[s] = append(b.mem[s], b.mem[t]...)
	b.mem[t] = b.mem[t][:0]
	for _, w := range b.mem[s] {
		b.slot[w] = int32(s)
	}
	for x := 0; x < k; x++ {
		if b.used[x] {
			b.setQ(s, x)
			b.setQ(x, s)
		}
	}
	// Add the new cluster's contribution, and recompute its own pairs.
	b.setLPU(s)
	b.adjust(s, -1, 1)
	for x := 0; x < k; x++ {
		if b.used[x] && x != s {
			lo, hi := min(s, x), max(s, x)
			b.loss[lo*k+hi] = b.fullLoss(lo, hi)
		}
	}
}

// Train learns Brown clusters from tokenized sentences. The result depends
// only on the sentences and options.
func Train(sents [][]string, opt Options) (*Clusters, error) {
	opt.defaults()
	counts := map[string]int{}
	total := 0
	for _, s := range sents {
		for _, w := range s {
			counts[w]++
			total++
		}
	}
	type wc struct {
		w string
		n int
	}
	var vocab []wc
	for w, n := range counts {
		if n >= opt.MinCount {
			vocab = append(vocab, wc{w, n})
		}
	}
	sort.Slice(vocab, func(i, j int) bool {
		if vocab[i].n != vocab[j].n {
			return vocab[i].n > vocab[j].n
		}
		return vocab[i].w < vocab[j].w
	})
	if len(vocab) > opt.MaxWords {
		vocab = vocab[:opt.MaxWords]
	}
	if len(vocab) < 2 {
		return nil, errors.New("cluster: fewer than two words to cluster")
	}
	C := min(opt.Clusters, len(vocab))
	index := make(map[string]int32, len(vocab))
	for i, v := range vocab {
		index[v.w] = int32(i)
	}
	// Bigram counts among vocabulary words.
	type pair struct{ a, b int32 }
	big := map[pair]int{}
	nbig := 0
	for _, s := range sents {
		for i := 1; i < len(s); i++ {
			a, ok1 := index[s[i-1]]
			c, ok2 := index[s[i]]
			if ok1 && ok2 {
				big[pair{a, c}]++
				nbig++
			}
		}
	}
	if nbig == 0 {
		nbig = 1
	}
	V := len(vocab)
	b := &brown{
		k:        C + 1,
		used:     make([]bool, C+1),
		p1:       make([]float64, C+1),
		lp1:      make([]float64, C+1),
		p2:       make([]float64, (C+1)*(C+1)),
		q2:       make([]float64, (C+1)*(C+1)),
		loss:     make([]float64, (C+1)*(C+1)),
		lpu:      make([]float64, (C+1)*(C+1)),
		isLinked: make([]bool, C+1),
		mem:      make([][]int32, C+1),
		slot:     make([]int32, V),
		right:    make([][]nb, V),
		left:     make([][]nb, V),
		uni:      make([]float64, V),
	}
	for i, v := range vocab {
		b.uni[i] = float64(v.n) / float64(total)
		b.slot[i] = -1
	}
	pairs := make([]pair, 0, len(big))
	for p := range big {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].a != pairs[j].a {
			return pairs[i].a < pairs[j].a
		}
		return pairs[i].b < pairs[j].b
	})
	for _, p := range pairs {
		n := float64(big[p]) / float64(nbig)
		b.right[p.a] = append(b.right[p.a], nb{p.b, n})
		b.left[p.b] = append(b.left[p.b], nb{p.a, n})
	}
	big = nil
	opt.Logf("cluster: %d tokens, %d words in vocabulary, %d bigrams, window %d", total, V, len(pairs), C)

	// Fill the window with the C most frequent words.
	for i := 0; i < C; i++ {
		b.add(int32(i), i)
	}
	free := C
	for w := C; w < V; w++ {
		b.add(int32(w), free)
		s, t := b.best()
		b.merge(s, t)
		free = t
		if (w-C+1)%5000 == 0 {
			opt.Logf("cluster: %d/%d words added", w+1, V)
		}
	}
	// Leaves: the C remaining clusters, then merged down to one to build
	// the hierarchy.
	leafOf := make([]int, b.k) // slot -> tree node
	type tnode struct{ l, r int }
	var tree []tnode
	leafWords := map[string]int{}
	nleaf := 0
	for s := 0; s < b.k; s++ {
		if !b.used[s] {
			leafOf[s] = -1
			continue
		}
		leafOf[s] = nleaf
		for _, w := range b.mem[s] {
			leafWords[vocab[w].w] = nleaf
		}
		tree = append(tree, tnode{-1, -1})
		nleaf++
	}
	for {
		s, t := b.best()
		if s < 0 {
			break
		}
		b.merge(s, t)
		tree = append(tree, tnode{leafOf[s], leafOf[t]})
		leafOf[s] = len(tree) - 1
		leafOf[t] = -1
	}
	paths := make([]string, nleaf)
	var walk func(n int, p string)
	walk = func(n int, p string) {
		if n < nleaf {
			if p == "" {
				p = "0"
			}
			paths[n] = p
			return
		}
		walk(tree[n].l, p+"0")
		walk(tree[n].r, p+"1")
	}
	walk(len(tree)-1, "")
	for i, p := range paths {
		if len(p) > 64 {
			paths[i] = p[:64]
		}
	}
	opt.Logf("cluster: %d clusters, longest path %d bits", nleaf, longest(paths))
	return New(paths, leafWords)
}

func longest(ps []string) int {
	m := 0
	for _, p := range ps {
		m = max(m, len(strings.TrimSpace(p)))
	}
	return m
}
