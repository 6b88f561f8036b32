package syntax

// Arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta 2011)
// with the root token at the end of the buffer (Ballesteros and Nivre 2013).

import "github.com/dyad-events/dyad/cluster"

//
// Words are numbered 0..n-1; n is the artificial root and n+1 stands for "no
// token" in feature lookups. The buffer is always the contiguous range
// [b, n) followed by the root. Transitions:
//
//	SHIFT    push b0 onto the stack
//	LEFT-l   pop s0 and make it an l-dependent of b0
//	RIGHT-l  pop s0 and make it an l-dependent of s1
//
// LEFT onto the root is allowed only when s0 is the last word on the stack,
// so every parse has exactly one root word.

const (
	actShift = 0
	// Class 1+2l is LEFT with label l, class 2+2l is RIGHT with label l.
)

func classLeft(l int) int  { return 1 + 2*l }
func classRight(l int) int { return 2 + 2*l }

// pstate is a parser configuration plus the per-word atoms features use.
type pstate struct {
	n     int32
	stack []int32
	b     int32

	head []int32 // per word: head or -1 while unattached; head n is the root
	lab  []uint8 // per token (n+2): label+1 of the arc to the head, 0 if none
	lc1  []int32 // leftmost child, or n+1
	lc2  []int32 // second leftmost child
	rc1  []int32 // rightmost child
	rc2  []int32 // second rightmost child
	nl   []uint8 // number of left children
	nr   []uint8
	lset []uint64 // set of left-children labels
	rset []uint64

	// Atoms, per token (n+2): lower-cased word, lemma, XPOS, UPOS,
	// lower-cased last three bytes, and a coarse shape.
	w, lm, xp, up, sf, sh []uint64
	// Brown cluster atoms, per token (n+2): path prefixes of 4 and 6 bits
	// and the full path (see clusterAtoms).
	c4, c6, cf []uint64
}

var (
	hRootAtom = hashString("-ROOT-")
	hNoneAtom = hashString("-NONE-")
)

func grow32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

func grow8(s []uint8, n int) []uint8 {
	if cap(s) < n {
		return make([]uint8, n)
	}
	return s[:n]
}

func grow64(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n)
	}
	return s[:n]
}

// hashLower hashes s lower-cased (ASCII letters), after mapping typographic
// quotes to ASCII.
func hashLower(s string) uint64 {
	s = normalize(s)
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(lowerASCII(s[i]))
		h *= fnvPrime
	}
	return h
}

// reset prepares the state for a sentence of n words with the given atoms
// (each of length n).
func (st *pstate) reset(words, lemmas, xpos, upos []string, cl *cluster.Clusters) {
	n := len(words)
	st.n = int32(n)
	st.b = 0
	st.stack = st.stack[:0]
	st.head = grow32(st.head, n+2)
	st.lc1 = grow32(st.lc1, n+2)
	st.lc2 = grow32(st.lc2, n+2)
	st.rc1 = grow32(st.rc1, n+2)
	st.rc2 = grow32(st.rc2, n+2)
	st.lab = grow8(st.lab, n+2)
	st.nl = grow8(st.nl, n+2)
	st.nr = grow8(st.nr, n+2)
	st.lset = grow64(st.lset, n+2)
	st.rset = grow64(st.rset, n+2)
	st.w = grow64(st.w, n+2)
	st.lm = grow64(st.lm, n+2)
	st.xp = grow64(st.xp, n+2)
	st.up = grow64(st.up, n+2)
	st.sf = grow64(st.sf, n+2)
	st.sh = grow64(st.sh, n+2)
	st.c4 = grow64(st.c4, n+2)
	st.c6 = grow64(st.c6, n+2)
	st.cf = grow64(st.cf, n+2)
	none := int32(n + 1)
	for i := 0; i < n+2; i++ {
		st.head[i] = -1
		st.lc1[i], st.lc2[i], st.rc1[i], st.rc2[i] = none, none, none, none
		st.lab[i], st.nl[i], st.nr[i] = 0, 0, 0
		st.lset[i], st.rset[i] = 0, 0
	}
	for i := 0; i < n; i++ {
		st.w[i] = hashLower(words[i])
		st.lm[i] = hashAtom(lemmas, i)
		st.xp[i] = hashAtom(xpos, i)
		st.up[i] = hashAtom(upos, i)
		st.sf[i], st.sh[i] = suffixShape(words[i])
		a := clusterAtoms(cl, normalize(words[i]))
		st.c4[i], st.c6[i], st.cf[i] = a[0], a[1], a[3]
	}
	st.c4[n], st.c6[n], st.cf[n] = hRootAtom, hRootAtom, hRootAtom
	st.c4[n+1], st.c6[n+1], st.cf[n+1] = hNoneAtom, hNoneAtom, hNoneAtom
	st.w[n], st.lm[n], st.xp[n], st.up[n], st.sf[n], st.sh[n] = hRootAtom, hRootAtom, hRootAtom, hRootAtom, hRootAtom, 7
	st.w[n+1], st.lm[n+1], st.xp[n+1], st.up[n+1], st.sf[n+1], st.sh[n+1] = hNoneAtom, hNoneAtom, hNoneAtom, hNoneAtom, hNoneAtom, 8
}

// suffixShape returns the hash of a word's lower-cased last three bytes and
// a shape class: capitalised, all caps, digits, punctuation, lower case.
func suffixShape(w string) (uint64, uint64) {
	h := uint64(fnvOffset)
	for i := max(len(w)-3, 0); i < len(w); i++ {
		h ^= uint64(lowerASCII(w[i]))
		h *= fnvPrime
	}
	var shape uint64
	if w == "" {
		return h, 0
	}
	c := w[0]
	switch {
	case c >= 'A' && c <= 'Z':
		shape = 1
		if len(w) > 1 && w[1] >= 'A' && w[1] <= 'Z' {
			shape = 2
		}
	case c >= '0' && c <= '9':
		shape = 3
	case c >= 'a' && c <= 'z':
		shape = 4
	case c < 0x80:
		shape = 5
	default:
		shape = 6
	}
	return h, shape
}

func hashAtom(s []string, i int) uint64 {
	if i < len(s) {
		return hashString(s[i])
	}
	return hNoneAtom
}

func (st *pstate) terminal() bool { return st.b == st.n && len(st.stack) == 0 }

func (st *pstate) canShift() bool { return st.b < st.n }

func (st *pstate) canLeft() bool {
	return len(st.stack) > 0 && (st.b < st.n || len(st.stack) == 1)
}

func (st *pstate) canRight() bool { return len(st.stack) >= 2 }

// apply performs transition class c, which must be valid.
func (st *pstate) apply(c int) {
	if c == actShift {
		st.stack = append(st.stack, st.b)
		st.b++
		return
	}
	l := (c - 1) / 2
	top := len(st.stack) - 1
	d := st.stack[top]
	st.stack = st.stack[:top]
	var h int32
	if c&1 == 1 {
		h = st.b
	} else {
		h = st.stack[top-1]
	}
	st.attach(h, d, l)
}

func (st *pstate) attach(h, d int32, l int) {
	st.head[d] = h
	st.lab[d] = uint8(l + 1)
	none := st.n + 1
	bit := uint64(1) << (uint(l) & 63)
	if d < h {
		if st.lc1[h] == none || d < st.lc1[h] {
			st.lc2[h] = st.lc1[h]
			st.lc1[h] = d
		} else if st.lc2[h] == none || d < st.lc2[h] {
			st.lc2[h] = d
		}
		if st.nl[h] < 255 {
			st.nl[h]++
		}
		st.lset[h] |= bit
	} else {
		if st.rc1[h] == none || d > st.rc1[h] {
			st.rc2[h] = st.rc1[h]
			st.rc1[h] = d
		} else if st.rc2[h] == none || d > st.rc2[h] {
			st.rc2[h] = d
		}
		if st.nr[h] < 255 {
			st.nr[h]++
		}
		st.rset[h] |= bit
	}
}

// costs returns the number of gold arcs (heads g, root = n) each unlabeled
// transition makes unreachable (Goldberg and Nivre 2013, arc-hybrid).
// Invalid transitions get a cost too; callers check validity.
func (st *pstate) costs(g []int32) (cs, cl, cr int) {
	n, b := st.n, st.b
	k := len(st.stack)
	if b < n {
		for i, x := range st.stack {
			if g[x] == b {
				cs++
			}
			if i < k-1 && g[b] == x {
				cs++
			}
		}
	}
	if k == 0 {
		return
	}
	s0 := st.stack[k-1]
	deps := 0
	for d := b; d < n; d++ {
		if g[d] == s0 {
			deps++
		}
	}
	cl, cr = deps, deps
	h := g[s0]
	if h != b {
		if k >= 2 && h == st.stack[k-2] {
			cl++
		} else if h > b && h <= n {
			cl++
		}
	}
	if k >= 2 && h != st.stack[k-2] && h >= b && h <= n {
		cr++
	}
	return
}

func distBucket(d int32) uint64 {
	switch {
	case d <= 0:
		return 0
	case d <= 4:
		return uint64(d)
	case d <= 6:
		return 5
	case d <= 10:
		return 6
	case d <= 20:
		return 7
	}
	return 8
}

func capCount(c uint8) uint64 {
	if c > 6 {
		return 6
	}
	return uint64(c)
}

// pk combines a template number with three atoms into a feature key.
func pk(t, a, b, c uint64) uint32 {
	h := (t + 1) * 0x9E3779B97F4A7C15
	h = (h ^ a) * 0xBF58476D1CE4E5B9
	h = (h ^ (h >> 31) ^ b) * 0x94D049BB133111EB
	h = (h ^ (h >> 29) ^ c) * 0xD6E8FEB86659FD93
	h ^= h >> 32
	if uint32(h) == 0 {
		return 1 // 0 marks empty slots in the action table
	}
	return uint32(h)
}

// features appends the feature keys of the current configuration.
func (st *pstate) features(k []uint32) []uint32 {
	n := st.n
	none := n + 1
	s0, s1, s2 := none, none, none
	if m := len(st.stack); m > 0 {
		s0 = st.stack[m-1]
		if m > 1 {
			s1 = st.stack[m-2]
			if m > 2 {
				s2 = st.stack[m-3]
			}
		}
	}
	b0, b1, b2 := st.b, none, none
	if b0 < n {
		b1 = b0 + 1
		if b1 < n {
			b2 = b1 + 1
		}
	}
	w, lm, xp, up := st.w, st.lm, st.xp, st.up
	lab := st.lab
	s0L, s0L2, s0R, s0R2 := st.lc1[s0], st.lc2[s0], st.rc1[s0], st.rc2[s0]
	s1L, s1R := st.lc1[s1], st.rc1[s1]
	b0L, b0L2 := st.lc1[b0], st.lc2[b0]

	var d0, d1 uint64
	if s0 != none {
		if b0 == n {
			d0 = 9
		} else {
			d0 = distBucket(b0 - s0)
		}
		if s1 != none {
			d1 = distBucket(s0 - s1)
		}
	}

	ws0, ps0, us0, ls0 := w[s0], xp[s0], up[s0], lm[s0]
	ws1, ps1, ls1 := w[s1], xp[s1], lm[s1]
	wb0, pb0, ub0, lb0 := w[b0], xp[b0], up[b0], lm[b0]
	wb1, pb1, lb1 := w[b1], xp[b1], lm[b1]
	wb2, pb2 := w[b2], xp[b2]
	ws2, ps2 := w[s2], xp[s2]

	k = append(k,
		// unigrams
		pk(0, 0, 0, 0),
		pk(1, ws0, 0, 0),
		pk(2, ps0, 0, 0),
		pk(3, ws0, ps0, 0),
		pk(4, ls0, 0, 0),
		pk(5, us0, 0, 0),
		pk(6, ws1, 0, 0),
		pk(7, ps1, 0, 0),
		pk(8, ws1, ps1, 0),
		pk(9, ls1, 0, 0),
		pk(10, wb0, 0, 0),
		pk(11, pb0, 0, 0),
		pk(12, wb0, pb0, 0),
		pk(13, lb0, 0, 0),
		pk(14, ub0, 0, 0),
		pk(15, wb1, 0, 0),
		pk(16, pb1, 0, 0),
		pk(17, wb1, pb1, 0),
		pk(18, wb2, 0, 0),
		pk(19, pb2, 0, 0),
		pk(20, ws2, 0, 0),
		pk(21, ps2, 0, 0),
		pk(22, lb1, 0, 0),
		// pairs
		pk(23, ws0, ps0, wb0<<1^pb0),
		pk(24, ws0, ps0, wb0),
		pk(25, ws0, wb0, pb0),
		pk(26, ws0, ps0, pb0),
		pk(27, ps0, wb0, pb0),
		pk(28, ws0, wb0, 0),
		pk(29, ps0, pb0, 0),
		pk(30, ls0, lb0, 0),
		pk(31, pb0, pb1, 0),
		pk(32, ps1, ps0, 0),
		pk(33, ws1, ws0, 0),
		pk(34, ps1, ws0, 0),
		pk(35, ws1, ps0, 0),
		pk(36, ls1, ls0, 0),
		pk(37, ls0, pb0, 0),
		pk(38, ps0, lb0, 0),
		pk(39, ws1, ps1, ws0<<1^ps0),
		pk(40, ls1, ps1, ps0),
		pk(41, ls0, ps0, pb1),
		// triples of tags
		pk(42, pb0, pb1, pb2),
		pk(43, ps0, pb0, pb1),
		pk(44, ps1, ps0, pb0),
		pk(45, ps0, xp[s0L], pb0),
		pk(46, ps0, xp[s0R], pb0),
		pk(47, ps0, pb0, xp[b0L]),
		pk(48, ps1, ps0, xp[s0L]),
		pk(49, ps1, ps0, xp[s0R]),
		pk(50, ps1, xp[s1R], ps0),
		pk(51, ps1, xp[s1L], ps0),
		pk(52, ps2, ps1, ps0),
		pk(53, ps1, ps0, pb1),
		// distance
		pk(54, ws0, d0, 0),
		pk(55, ps0, d0, 0),
		pk(56, wb0, d0, 0),
		pk(57, pb0, d0, 0),
		pk(58, ws0, wb0, d0),
		pk(59, ps0, pb0, d0),
		pk(60, ps1, ps0, d1),
		pk(61, ws1, ws0, d1),
		pk(62, ls1, ps0, d1),
		pk(63, ps1, ls0, d1),
		// valency
		pk(64, ws0, capCount(st.nr[s0]), 0),
		pk(65, ps0, capCount(st.nr[s0]), 0),
		pk(66, ws0, capCount(st.nl[s0]), 0),
		pk(67, ps0, capCount(st.nl[s0]), 0),
		pk(68, ws1, capCount(st.nr[s1]), 0),
		pk(69, ps1, capCount(st.nr[s1]), 0),
		pk(70, ps1, capCount(st.nl[s1]), 0),
		pk(71, wb0, capCount(st.nl[b0]), 0),
		pk(72, pb0, capCount(st.nl[b0]), 0),
		// children
		pk(73, w[s0L], 0, 0),
		pk(74, xp[s0L], 0, 0),
		pk(75, uint64(lab[s0L]), 0, 0),
		pk(76, w[s0R], 0, 0),
		pk(77, xp[s0R], 0, 0),
		pk(78, uint64(lab[s0R]), 0, 0),
		pk(79, xp[s1L], 0, 0),
		pk(80, uint64(lab[s1L]), 0, 0),
		pk(81, w[s1R], 0, 0),
		pk(82, xp[s1R], 0, 0),
		pk(83, uint64(lab[s1R]), 0, 0),
		pk(84, w[b0L], 0, 0),
		pk(85, xp[b0L], 0, 0),
		pk(86, uint64(lab[b0L]), 0, 0),
		pk(87, xp[s0L2], uint64(lab[s0L2]), 0),
		pk(88, xp[s0R2], uint64(lab[s0R2]), 0),
		pk(89, xp[b0L2], uint64(lab[b0L2]), 0),
		pk(90, ps0, uint64(lab[s0L]), uint64(lab[s0L2])),
		pk(91, ps0, uint64(lab[s0R]), uint64(lab[s0R2])),
		pk(92, pb0, uint64(lab[b0L]), uint64(lab[b0L2])),
		pk(93, ps0, xp[s0L], xp[s0L2]),
		pk(94, ps0, xp[s0R], xp[s0R2]),
		pk(95, pb0, xp[b0L], xp[b0L2]),
		pk(96, ws0, uint64(lab[s0L]), 0),
		pk(97, ws0, uint64(lab[s0R]), 0),
		pk(98, wb0, uint64(lab[b0L]), 0),
		pk(99, ps1, uint64(lab[s1L]), uint64(lab[s1R])),
		// label sets
		pk(100, ws0, st.rset[s0], 0),
		pk(101, ps0, st.rset[s0], 0),
		pk(102, ws0, st.lset[s0], 0),
		pk(103, ps0, st.lset[s0], 0),
		pk(104, wb0, st.lset[b0], 0),
		pk(105, pb0, st.lset[b0], 0),
		pk(106, ps1, st.rset[s1], 0),
		pk(107, ps1, st.lset[s1], 0),
		// lemmas of children with heads
		pk(108, ls0, lm[s0L], 0),
		pk(109, ls0, lm[s0R], 0),
		pk(110, lb0, lm[b0L], 0),
		pk(111, us0, up[b0], d0),
		pk(112, ws0, wb1, 0),
		pk(113, ps0, wb1, pb1),
		// suffixes and shapes, for words the tagger gets wrong
		pk(114, st.sf[s0], st.sh[s0], 0),
		pk(115, st.sf[b0], st.sh[b0], 0),
		pk(116, st.sf[b1], st.sh[b1], 0),
		pk(117, st.sf[s1], st.sh[s1], 0),
		pk(118, st.sf[s0], st.sf[b0], 0),
		pk(119, st.sf[s0], pb0, 0),
		pk(120, ps0, st.sf[b0], 0),
		pk(121, st.sf[s1], st.sf[s0], 0),
		// word clusters
		pk(122, st.cf[s0], 0, 0),
		pk(123, st.cf[b0], 0, 0),
		pk(124, st.cf[b1], 0, 0),
		pk(125, st.cf[s1], 0, 0),
		pk(126, st.c4[s0], st.c4[b0], 0),
		pk(127, st.c6[s0], st.c6[b0], 0),
		pk(128, st.cf[s0], pb0, 0),
		pk(129, ps0, st.cf[b0], 0),
		pk(130, st.c6[s1], st.c6[s0], 0),
		pk(131, st.c4[b0], st.c4[b1], 0),
		pk(132, st.cf[s0], st.cf[b0], 0),
		pk(133, st.c6[s0], st.c6[b0], d0),
	)
	return k
}

// labelFeatures appends the feature keys for labelling the arc from head to
// dep; right says whether dep is to the right of head.
func (st *pstate) labelFeatures(k []uint32, dep, head int32, right bool) []uint32 {
	n := st.n
	none := n + 1
	var dir uint64
	if right {
		dir = 1
	}
	w, lm, xp, up := st.w, st.lm, st.xp, st.up
	d, h := dep, head
	dl, dr := st.lc1[d], st.rc1[d]
	dl2 := st.lc2[d]
	prev, next := none, none
	if d > 0 {
		prev = d - 1
	}
	if d+1 < n {
		next = d + 1
	}
	var dist uint64
	if h == n {
		dist = 9
	} else if d < h {
		dist = distBucket(h - d)
	} else {
		dist = distBucket(d - h)
	}
	b0 := st.b
	hl, hr := st.lc1[h], st.rc1[h]
	t := func(i uint64) uint64 { return 1000 + 2*i + dir }
	wd, pd, ud, ld := w[d], xp[d], up[d], lm[d]
	wh, ph, uh, lh := w[h], xp[h], up[h], lm[h]
	k = append(k,
		pk(t(0), 0, 0, 0),
		pk(t(1), wd, 0, 0),
		pk(t(2), pd, 0, 0),
		pk(t(3), ud, 0, 0),
		pk(t(4), ld, 0, 0),
		pk(t(5), wh, 0, 0),
		pk(t(6), ph, 0, 0),
		pk(t(7), uh, 0, 0),
		pk(t(8), lh, 0, 0),
		pk(t(9), wd, wh, 0),
		pk(t(10), ld, lh, 0),
		pk(t(11), pd, ph, 0),
		pk(t(12), wd, ph, 0),
		pk(t(13), pd, wh, 0),
		pk(t(14), ld, ph, 0),
		pk(t(15), pd, lh, 0),
		pk(t(16), ud, uh, dist),
		pk(t(17), pd, ph, dist),
		pk(t(18), pd, st.lset[d], 0),
		pk(t(19), pd, st.rset[d], 0),
		pk(t(20), ph, st.lset[h], 0),
		pk(t(21), ph, st.rset[h], 0),
		pk(t(22), pd, xp[dl], uint64(st.lab[dl])),
		pk(t(23), pd, xp[dr], uint64(st.lab[dr])),
		pk(t(24), pd, lm[dl], 0),
		pk(t(25), pd, lm[dl2], 0),
		pk(t(26), pd, lm[dr], 0),
		pk(t(27), st.sf[d], ph, 0),
		pk(t(28), st.sh[d], pd, ph),
		pk(t(29), xp[prev], pd, ph),
		pk(t(30), xp[next], pd, ph),
		pk(t(31), w[prev], pd, 0),
		pk(t(32), ph, xp[hl], uint64(st.lab[hl])),
		pk(t(33), pd, ph, xp[b0]),
		pk(t(34), pd, ph, w[b0]),
		pk(t(35), ld, lm[dl], lh),
		pk(t(36), ud, uh, st.lset[h]),
		pk(t(37), ud, st.lset[d], st.rset[d]),
		pk(t(38), wd, pd, ph),
		pk(t(39), lh, ud, 0),
		pk(t(40), ld, uh, 0),
		pk(t(41), lm[dl], ph, dist),
		pk(t(42), lm[dl], ud, uh),
		pk(t(43), st.lset[d], ph, 0),
		pk(t(44), wd, wh, pd),
		pk(t(45), ph, uint64(st.lab[hr]), ud),
		pk(t(46), ph, xp[hl]<<1^uint64(st.lab[hl]), ud),
		pk(t(47), ph, capCount(st.nl[h])<<4|capCount(st.nr[h]), pd),
		pk(t(48), lh, lm[dl], ud),
		pk(t(49), st.cf[d], 0, 0),
		pk(t(50), st.cf[h], 0, 0),
		pk(t(51), st.cf[d], ph, 0),
		pk(t(52), pd, st.cf[h], 0),
		pk(t(53), st.c6[d], st.c6[h], 0),
	)
	return k
}
