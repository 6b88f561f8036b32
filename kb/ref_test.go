package kb

// The implementation of package kb before the flat trie, kept as an oracle
// for TestAgainstReference: a trie of maps built from a kbfile.File.

import (
	"slices"
	"strings"
	"time"

	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
)

type refCand struct {
	entry int32
	form  []string // stored tokens in written case
}

type refNode struct {
	next  map[string]*refNode
	cands []refCand
}

type refPerson struct {
	entry int32 // index of the person's Match entry
	codes []kbfile.Code
}

// KB is the loaded knowledge base.
type refKB struct {
	entries  []Entry
	root     *refNode
	persons  []refPerson
	byPerson map[string][]int32 // folded, space-separated name -> persons
	nouns    map[string]NounInfo
	maxNoun  int
	// nounFirst holds the first word of every lexicon noun, for a quick
	// rejection in MatchNoun.
	nounFirst map[string]bool
	countries map[string]*Country
	sources   []string
}

func refBuild(f *kbfile.File) *refKB {
	k := &refKB{
		root:      &refNode{},
		byPerson:  make(map[string][]int32, 2*len(f.Persons)),
		nouns:     make(map[string]NounInfo, len(f.Nouns)),
		nounFirst: map[string]bool{},
		countries: make(map[string]*Country, 2*len(f.Countries)),
		sources:   f.Sources,
	}
	for _, c := range f.Countries {
		c := &Country{A3: c.A3, A2: c.A2, Name: c.Name, ISOName: c.ISOName, Official: c.Official,
			GeoID: c.GeoID, Capital: c.Capital, CapitalGeoID: c.CapGeoID, Lat: c.Lat, Lon: c.Lon}
		k.countries[c.A3] = c
		if c.A2 != "" {
			k.countries[c.A2] = c
		}
	}
	k.entries = make([]Entry, 0, len(f.Names)+len(f.Persons))
	for _, n := range f.Names {
		kind := parseKind(n.Kind)
		if kind == KindNone {
			continue
		}
		idx := int32(len(k.entries))
		k.entries = append(k.entries, Entry{Kind: kind, Name: n.Name, Country: n.Country,
			Sector: n.Sector, Code: n.Code, Organ: n.Organ})
		for _, form := range n.Forms {
			k.insert(form, idx)
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
		k.persons = append(k.persons, refPerson{entry: idx, codes: p.Codes})
		for _, form := range p.Forms {
			key := refFoldPhrase(form)
			k.byPerson[key] = append(k.byPerson[key], pi)
			k.insert(capitalise(form), idx)
		}
	}
	for _, n := range f.Nouns {
		if _, ok := k.nouns[n.Lemma]; ok {
			continue
		}
		k.nouns[n.Lemma] = NounInfo{Sector: n.Sector, Title: n.Title, Group: n.Group}
		if f := strings.Fields(n.Lemma); len(f) > 0 {
			k.nounFirst[f[0]] = true
		}
		if l := len(strings.Fields(n.Lemma)); l > k.maxNoun {
			k.maxNoun = l
		}
	}
	return k
}

func refFoldPhrase(s string) string {
	fs := strings.Fields(s)
	for i, w := range fs {
		fs[i] = fold(w)
	}
	return strings.Join(fs, " ")
}

// insert adds a form under its tokens, and once more with hyphenated tokens
// split into word, "-", word.
func (k *refKB) insert(form string, idx int32) {
	toks := strings.Fields(form)
	if len(toks) == 0 {
		return
	}
	k.insertTokens(toks, idx)
	var split []string
	for _, t := range toks {
		if strings.Contains(t, "-") && len(t) > 1 {
			for j, p := range strings.Split(t, "-") {
				if j > 0 {
					split = append(split, "-")
				}
				if p != "" {
					split = append(split, p)
				}
			}
		} else {
			split = append(split, t)
		}
	}
	if len(split) != len(toks) {
		k.insertTokens(split, idx)
	}
}

func (k *refKB) insertTokens(toks []string, idx int32) {
	n := k.root
	for _, t := range toks {
		key := fold(t)
		next := n.next[key]
		if next == nil {
			if n.next == nil {
				n.next = map[string]*refNode{}
			}
			next = &refNode{}
			n.next[key] = next
		}
		n = next
	}
	for _, c := range n.cands {
		if c.entry == idx && strings.Join(c.form, " ") == strings.Join(toks, " ") {
			return
		}
	}
	n.cands = append(n.cands, refCand{entry: idx, form: toks})
}

// Match returns the entry of the longest name that starts at words[i], and
// the number of words it covers (including an optional leading "the"; see
// the package documentation for the case rules). When several entries share
// the matched name, the first in the data wins: curated entries, then
// reference data (a country before a demonym before a capital; the more
// populous country first), then the Phoenix dictionaries, then persons.
func (k *refKB) Match(words []string, i int) (e Entry, n int, ok bool) {
	es, n := k.MatchAll(words, i)
	if len(es) == 0 {
		return Entry{}, 0, false
	}
	return es[0], n, true
}

// MatchAll is Match returning every entry the longest name has, best first.
func (k *refKB) MatchAll(words []string, i int) ([]Entry, int) {
	if i < 0 || i >= len(words) {
		return nil, 0
	}
	idx, n := k.walk(words, i, false)
	if fold(words[i]) == "the" && i+1 < len(words) {
		idx2, n2 := k.walk(words, i+1, true)
		switch {
		case n2 > 0 && n2+1 > n:
			idx, n = idx2, n2+1
		case n2 > 0 && n2+1 == n:
			// The same name with and without a stored "the": merge, data order.
			for _, x := range idx2 {
				if !refContainsIdx(idx, x) {
					idx = append(idx, x)
				}
			}
			slices.Sort(idx)
		}
	}
	out := make([]Entry, len(idx))
	for x, e := range idx {
		out[x] = k.entries[e]
	}
	return out, n
}

func (k *refKB) walk(words []string, i int, afterThe bool) ([]int32, int) {
	var best []int32
	bestN := 0
	n := k.root
	for j := i; j < len(words) && n != nil; j++ {
		w := words[j]
		next := n.next[fold(w)]
		if next == nil {
			// A possessive clitic on the last matched word.
			if base, ok := stripPossessive(w); ok {
				if nb := n.next[fold(base)]; nb != nil {
					if got := k.check(nb, words[i:j+1], base, afterThe); len(got) > 0 {
						best, bestN = got, j-i+1
					}
				}
			}
			break
		}
		n = next
		if len(n.cands) > 0 {
			if got := k.check(n, words[i:j+1], "", afterThe); len(got) > 0 {
				best, bestN = got, j-i+1
			}
		}
	}
	return best, bestN
}

// check returns the candidates of n whose stored case the text allows.
// last, when set, replaces the last text word (its possessive removed).
func (k *refKB) check(n *refNode, text []string, last string, afterThe bool) []int32 {
	var out []int32
	for _, c := range n.cands {
		if afterThe {
			if kind := k.entries[c.entry].Kind; kind == KindDemonym || kind == KindPerson {
				continue
			}
		}
		good := true
		for x, s := range c.form {
			t := text[x]
			if x == len(text)-1 && last != "" {
				t = last
			}
			if !caseOK(s, t) {
				good = false
				break
			}
		}
		if good && !refContainsIdx(out, c.entry) {
			out = append(out, c.entry)
		}
	}
	return out
}

func refContainsIdx(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Person looks up an office-holder by a name variant the dictionary lists
// (case-insensitive: "Vladimir Putin", "Putin", "Dmitry Medvedev") and
// returns the entry with the code valid on the given date. A dated code
// covers a date when From <= date <= To (open bounds unlimited); of several,
// the one that started last wins. When no dated code covers the date, the
// person's undated default code is used, as in TABARI ("[RUSELI]" after
// the offices); when there is none, ok is false. A zero time asks for the
// most recent code: the dated code ending last (an open end is latest).
// When several persons share the name, one with a dated code covering the
// date is preferred.
func (k *refKB) Person(name string, on time.Time) (Entry, bool) {
	idxs := k.byPerson[refFoldPhrase(name)]
	if len(idxs) == 0 {
		return Entry{}, false
	}
	if on.IsZero() {
		for _, pi := range idxs {
			p := k.persons[pi]
			if c, ok := kbfile.Latest(p.codes); ok {
				e := personEntry(k.entries[p.entry], c)
				e.Office = hasOffice(p.codes, 0)
				return e, true
			}
		}
		return Entry{}, false
	}
	d := on.Year()*10000 + int(on.Month())*100 + on.Day()
	var fallback *Entry
	for _, pi := range idxs {
		p := k.persons[pi]
		var got *kbfile.Code
		var def *kbfile.Code
		for x := range p.codes {
			c := &p.codes[x]
			if c.From == 0 && c.To == 0 {
				if def == nil {
					def = c
				}
				continue
			}
			if (c.From == 0 || c.From <= d) && (c.To == 0 || d <= c.To) {
				if got == nil || c.From > got.From {
					got = c
				}
			}
		}
		if got != nil {
			e := personEntry(k.entries[p.entry], *got)
			e.Office = hasOffice(p.codes, d)
			return e, true
		}
		if def != nil && fallback == nil {
			e := personEntry(k.entries[p.entry], *def)
			e.Office = hasOffice(p.codes, d)
			fallback = &e
		}
	}
	if fallback != nil {
		return *fallback, true
	}
	return Entry{}, false
}

// Noun returns the sector lexicon's reading of a lemma, lower case, one or
// more words ("spokesman", "foreign minister", "security forces"). A regular
// plural of a listed noun ("farmers") is found through its singular and
// reported as a Group.
func (k *refKB) Noun(lemma string) (NounInfo, bool) {
	l := strings.Join(strings.Fields(strings.ToLower(lemma)), " ")
	if ni, ok := k.nouns[l]; ok {
		return ni, true
	}
	for _, sing := range refSingulars(l) {
		if ni, ok := k.nouns[sing]; ok {
			return NounInfo{Sector: ni.Sector, Group: true}, true
		}
	}
	return NounInfo{}, false
}

func refSingulars(s string) []string {
	var out []string
	if len(s) < 4 {
		return nil
	}
	if strings.HasSuffix(s, "ies") && len(s) > 4 {
		out = append(out, s[:len(s)-3]+"y")
	}
	if strings.HasSuffix(s, "es") && len(s) > 3 {
		out = append(out, s[:len(s)-2])
	}
	if strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") && len(s) > 2 {
		out = append(out, s[:len(s)-1])
	}
	return out
}

// MatchNoun finds the longest lexicon noun starting at words[i] (compared in
// lower case) and returns it with the number of words it covers:
// ["foreign", "minister", "Lavrov"] at 0 is "foreign minister", n = 2.
func (k *refKB) MatchNoun(words []string, i int) (NounInfo, int, bool) {
	if i >= len(words) {
		return NounInfo{}, 0, false
	}
	if w := strings.ToLower(words[i]); !k.nounFirst[w] {
		found := false
		for _, s := range refSingulars(w) {
			found = found || k.nounFirst[s]
		}
		if !found {
			return NounInfo{}, 0, false
		}
	}
	for n := min(k.maxNoun, len(words)-i); n >= 1; n-- {
		if ni, ok := k.Noun(strings.Join(words[i:i+n], " ")); ok {
			return ni, n, true
		}
	}
	return NounInfo{}, 0, false
}
