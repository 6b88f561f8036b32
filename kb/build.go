package kb

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
)

// builder collects the trie while the entries are added, then freezes it
// into the flat arrays of a KB.
type builder struct {
	k      *KB
	child  map[uint64]uint32 // parent<<32 | token -> node, for parents other than the root
	parent []uint32          // by node
	token  []uint32          // by node: the token of the edge into it
	cands  []nodeCand
	pers   []nodePerson
	buf    []byte
	// scratch: a form's tokens and their ids, and its split variant's
	pieces, split   []string
	toks, splitToks []uint32
}

type nodeCand struct {
	node uint32
	cand cand
}

type nodePerson struct {
	node   uint32
	person int32
}

// build makes a KB from files in precedence order. Entries are numbered in
// that order (each file's names, then its persons), and every structure
// keeps them in number order, which is the order Match prefers them in.
func build(files []*kbfile.File) *KB {
	k := &KB{files: files, complex: map[uint32]string{}}
	names, persons, forms, nouns := 0, 0, 0, 0
	for _, f := range files {
		names += len(f.Names)
		persons += len(f.Persons)
		nouns += len(f.Nouns)
		for _, n := range f.Names {
			forms += len(n.Forms)
		}
		for _, p := range f.Persons {
			forms += len(p.Forms)
		}
	}
	b := &builder{
		k:      k,
		child:  make(map[uint64]uint32, forms+forms/2),
		parent: make([]uint32, 1, 2*forms+forms/4),
		token:  make([]uint32, 1, 2*forms+forms/4),
		cands:  make([]nodeCand, 0, forms+forms/8),
		pers:   make([]nodePerson, 0, persons*2),
	}
	// The sizes are from the embedded data: about one token and two or
	// three nodes and stored tokens per form.
	k.tokens = make(map[string]uint32, forms+forms/8)
	k.rootChild = make([]uint32, 0, forms+forms/8)
	k.classes = make([]uint32, 0, 3*forms)
	k.entries = make([]Entry, 0, names+persons)
	k.persons = make([]person, 0, persons)
	k.nouns = make(map[string]NounInfo, nouns)
	k.nounFirst = make(map[string]bool, nouns)
	k.nounWords = make(map[string]int, nouns)
	k.countries = map[string]*Country{}

	// Persons' forms are lower case; they match in their written case,
	// each word capitalised. All of them go into one string.
	size := 0
	for _, f := range files {
		for _, p := range f.Persons {
			for _, form := range p.Forms {
				size += len(form) + 1
			}
		}
	}
	written := make([]byte, 0, size+size/16)
	ends := make([]int, 0, forms)
	for _, f := range files {
		for _, p := range f.Persons {
			for _, form := range p.Forms {
				written = appendCapitalised(written, form)
				ends = append(ends, len(written))
			}
		}
	}
	capitalised, at, fi := string(written), 0, 0

	for li, f := range files {
		for _, n := range f.Names {
			kind := parseKind(n.Kind)
			if kind == KindNone {
				continue
			}
			idx := int32(len(k.entries))
			k.entries = append(k.entries, Entry{Kind: kind, Name: n.Name, Country: n.Country,
				Sector: n.Sector, Code: n.Code, Organ: n.Organ})
			for _, form := range n.Forms {
				b.insert(form, idx)
			}
		}
		for _, p := range f.Persons {
			e := Entry{Kind: KindPerson, Name: p.Name}
			if c, ok := kbfile.Latest(p.Codes); ok {
				e = personEntry(e, c)
			}
			idx := int32(len(k.entries))
			k.entries = append(k.entries, e)
			pi := int32(len(k.persons))
			k.persons = append(k.persons, person{entry: idx, layer: int32(li), codes: p.Codes})
			for _, lower := range p.Forms {
				w := capitalised[at:ends[fi]]
				at = ends[fi]
				fi++
				// The person is found by the path of the folded lower-case
				// form, the same as the written form's for ASCII.
				n := b.insert(w, idx)
				if !isASCII(lower) {
					n = b.path(lower)
				}
				b.pers = append(b.pers, nodePerson{n, pi})
			}
		}
	}
	for i := len(files) - 1; i >= 0; i-- {
		k.sources = append(k.sources, files[i].Sources...)
		for _, c := range files[i].Countries {
			c := &Country{A3: c.A3, A2: c.A2, Name: c.Name, ISOName: c.ISOName, Official: c.Official,
				GeoID: c.GeoID, Capital: c.Capital, CapitalGeoID: c.CapGeoID, Lat: c.Lat, Lon: c.Lon}
			k.countries[c.A3] = c
			if c.A2 != "" {
				k.countries[c.A2] = c
			}
		}
	}
	for _, f := range files {
		for _, n := range f.Nouns {
			k.addNoun(n)
		}
	}
	b.freeze()
	return k
}

func (k *KB) addNoun(n kbfile.Noun) {
	if _, ok := k.nouns[n.Lemma]; ok {
		return
	}
	k.nouns[n.Lemma] = NounInfo{Sector: n.Sector, Title: n.Title, Group: n.Group}
	words := 0
	for w := range strings.FieldsSeq(n.Lemma) {
		if words == 0 {
			k.nounFirst[w] = true
		}
		words++
	}
	k.maxNoun = max(k.maxNoun, words)
	// MatchNoun looks up n words joined by single spaces, or a singular of
	// them, which has as many spaces and the same first word when n > 1.
	first, _, _ := strings.Cut(n.Lemma, " ")
	k.nounWords[first] = max(k.nounWords[first], strings.Count(n.Lemma, " ")+1)
}

// tokenID returns the id of a token's folded form, adding it if new.
func (b *builder) tokenID(t string) uint32 {
	k := b.k
	var key string
	if isASCII(t) {
		b.buf = appendLowerASCII(b.buf[:0], t)
		if id, ok := k.tokens[string(b.buf)]; ok {
			return id
		}
		key = t
		if string(b.buf) != t {
			key = string(b.buf)
		}
	} else {
		key = fold(t)
		if id, ok := k.tokens[key]; ok {
			return id
		}
	}
	id := uint32(len(k.rootChild))
	k.tokens[key] = id
	k.rootChild = append(k.rootChild, 0)
	return id
}

// path returns the node reached by a lower-case person form's folded
// tokens, creating it.
func (b *builder) path(form string) uint32 {
	n := uint32(0)
	for t := range strings.FieldsSeq(form) {
		n = b.next(n, b.tokenID(t))
	}
	return n
}

// next returns the child of node n by token tok, creating it.
func (b *builder) next(n, tok uint32) uint32 {
	k := b.k
	if n == 0 {
		if c := k.rootChild[tok]; c != 0 {
			return c
		}
	} else if c, ok := b.child[uint64(n)<<32|uint64(tok)]; ok {
		return c
	}
	c := uint32(len(b.parent))
	b.parent = append(b.parent, n)
	b.token = append(b.token, tok)
	if n == 0 {
		k.rootChild[tok] = c
	} else {
		b.child[uint64(n)<<32|uint64(tok)] = c
	}
	return c
}

// insert adds a written form of entry idx under its tokens, and once more
// with hyphenated tokens split into word, "-", word. It returns the node of
// the form's own tokens, 0 for a form without tokens.
func (b *builder) insert(form string, idx int32) uint32 {
	b.pieces, b.toks = b.pieces[:0], b.toks[:0]
	hyphen := false
	for t := range strings.FieldsSeq(form) {
		b.pieces = append(b.pieces, t)
		b.toks = append(b.toks, b.tokenID(t))
		hyphen = hyphen || (len(t) > 1 && strings.IndexByte(t, '-') >= 0)
	}
	node := b.add(idx, b.pieces, b.toks)
	if !hyphen || node == 0 {
		return node
	}
	// The split variant: reuse the ids of the tokens without a hyphen.
	b.split, b.splitToks = b.split[:0], b.splitToks[:0]
	for x, t := range b.pieces {
		if len(t) <= 1 || strings.IndexByte(t, '-') < 0 {
			b.split = append(b.split, t)
			b.splitToks = append(b.splitToks, b.toks[x])
			continue
		}
		j := 0
		for p := range strings.SplitSeq(t, "-") {
			if j > 0 {
				b.split = append(b.split, "-")
				b.splitToks = append(b.splitToks, b.tokenID("-"))
			}
			if p != "" {
				b.split = append(b.split, p)
				b.splitToks = append(b.splitToks, b.tokenID(p))
			}
			j++
		}
	}
	b.add(idx, b.split, b.splitToks)
	return node
}

// add adds entry idx as a candidate at the node of toks, the folded ids of
// the tokens written, and returns the node.
func (b *builder) add(idx int32, written []string, toks []uint32) uint32 {
	if len(toks) == 0 {
		return 0
	}
	n := uint32(0)
	for _, t := range toks {
		n = b.next(n, t)
	}
	start := uint32(len(b.k.classes))
	for _, t := range written {
		c, ok := caseClass(t)
		if !ok {
			b.k.complex[uint32(len(b.k.classes))] = t
		}
		b.k.classes = append(b.k.classes, c)
	}
	b.cands = append(b.cands, nodeCand{n, cand{entry: idx, class: start}})
	return n
}

// freeze turns the collected trie into the KB's flat arrays.
func (b *builder) freeze() {
	k := b.k
	nodes := len(b.parent)
	// Edges: counting sort of the nodes by parent, then each parent's run
	// sorted by token.
	k.edgeStart = make([]uint32, nodes+1)
	for c := 1; c < nodes; c++ {
		if p := b.parent[c]; p != 0 {
			k.edgeStart[p+1]++
		}
	}
	for i := 1; i <= nodes; i++ {
		k.edgeStart[i] += k.edgeStart[i-1]
	}
	k.edges = make([]edge, k.edgeStart[nodes])
	fill := slices.Clone(k.edgeStart[:nodes])
	for c := 1; c < nodes; c++ {
		if p := b.parent[c]; p != 0 {
			k.edges[fill[p]] = edge{b.token[c], uint32(c)}
			fill[p]++
		}
	}
	for n := range nodes {
		if run := k.edges[k.edgeStart[n]:k.edgeStart[n+1]]; len(run) > 1 {
			slices.SortFunc(run, func(x, y edge) int { return cmp.Compare(x.tok, y.tok) })
		}
	}
	// Candidates and persons: stable counting sorts by node, so each node
	// keeps them in entry order.
	k.candStart, k.cands = groupByNode(b.cands, nodes, func(c nodeCand) (uint32, cand) { return c.node, c.cand })
	k.perStart, k.perIdx = groupByNode(b.pers, nodes, func(p nodePerson) (uint32, int32) { return p.node, p.person })
}

func groupByNode[T, V any](items []T, nodes int, get func(T) (uint32, V)) ([]uint32, []V) {
	start := make([]uint32, nodes+1)
	for _, it := range items {
		n, _ := get(it)
		start[n+1]++
	}
	for i := 1; i <= nodes; i++ {
		start[i] += start[i-1]
	}
	out := make([]V, len(items))
	fill := slices.Clone(start[:nodes])
	for _, it := range items {
		n, v := get(it)
		out[fill[n]] = v
		fill[n]++
	}
	return start, out
}

// capitalise gives a lower-case person form its written case for matching:
// each word capitalised except particles such as "al", "bin", "de", and
// the parts after a hyphen ("ban ki-moon" matches "Ban Ki-moon" and "Ban
// Ki-Moon").
func capitalise(form string) string {
	words := strings.Fields(form)
	for i, w := range words {
		if i > 0 && particles[w] {
			continue
		}
		segs := strings.Split(w, "-")
		for j, s := range segs {
			if j > 0 || particles[s] && len(segs) > 1 {
				// After a hyphen the case varies ("Ki-moon", "Jean-Marc"):
				// lower case accepts both. So does a particle before one
				// ("al-Assad").
				continue
			}
			if s != "" {
				r := []rune(s)
				r[0] = []rune(strings.ToUpper(string(r[0])))[0]
				segs[j] = string(r)
			}
		}
		words[i] = strings.Join(segs, "-")
	}
	return strings.Join(words, " ")
}

// appendCapitalised appends capitalise(form) to dst without allocating for
// valid UTF-8.
func appendCapitalised(dst []byte, form string) []byte {
	if !utf8.ValidString(form) {
		return append(dst, capitalise(form)...)
	}
	i := 0
	for w := range strings.FieldsSeq(form) {
		if i > 0 {
			dst = append(dst, ' ')
		}
		if i > 0 && particles[w] {
			dst = append(dst, w...)
			i++
			continue
		}
		i++
		j := 0
		for s := range strings.SplitSeq(w, "-") {
			if j > 0 {
				dst = append(dst, '-')
			}
			if j > 0 || particles[s] && strings.Contains(w, "-") || s == "" {
				dst = append(dst, s...)
			} else {
				r, size := utf8.DecodeRuneInString(s)
				dst = utf8.AppendRune(dst, unicode.ToUpper(r))
				dst = append(dst, s[size:]...)
			}
			j++
		}
	}
	return dst
}

var particles = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "de": true, "da": true,
	"del": true, "der": true, "van": true, "von": true, "la": true, "le": true, "du": true, "dos": true,
	"das": true, "y": true, "of": true, "the": true, "and": true}
