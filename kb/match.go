package kb

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
)

// lookup returns the id of a text token's folded form; buf is scratch
// space of at least 64 bytes for the folding, so that ASCII tokens of
// ordinary length fold without allocating.
func (k *KB) lookup(buf []byte, w string) (uint32, bool) {
	id, ok := k.tokens[string(appendFold(buf[:0], w))]
	return id, ok
}

// child returns the child of node n by token tok, or 0.
func (k *KB) child(n, tok uint32) uint32 {
	if n == 0 {
		return k.rootChild[tok]
	}
	run := k.edges[k.edgeStart[n]:k.edgeStart[n+1]]
	if len(run) <= 8 {
		for _, e := range run {
			if e.tok == tok {
				return e.node
			}
		}
		return 0
	}
	lo, hi := 0, len(run)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if run[m].tok < tok {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(run) && run[lo].tok == tok {
		return run[lo].node
	}
	return 0
}

// span is the text a walk matched: words[i:i+n], the last word replaced by
// last when it carried a possessive clitic.
type span struct {
	words    []string
	last     string
	afterThe bool
}

func (s *span) word(x int) string {
	if x == len(s.words)-1 && s.last != "" {
		return s.last
	}
	return s.words[x]
}

// passes reports whether candidate c may match the span: its stored case
// allows the text, and after "the" it is not a demonym or a person.
func (k *KB) passes(c cand, s *span) bool {
	if s.afterThe {
		if kind := k.entries[c.entry].Kind; kind == KindDemonym || kind == KindPerson {
			return false
		}
	}
	for x := range s.words {
		cl := k.classes[c.class+uint32(x)]
		if cl>>2 == complexSegs {
			if !caseOK(k.complex[c.class+uint32(x)], s.word(x)) {
				return false
			}
		} else if !classMatch(cl, s.word(x)) {
			return false
		}
	}
	return true
}

// first returns the first candidate of node n from position from on that
// passes, and the position after it; -1 when there is none.
func (k *KB) first(n uint32, from uint32, s *span) (entry int32, next uint32) {
	end := k.candStart[n+1]
	for x := max(from, k.candStart[n]); x < end; x++ {
		if c := k.cands[x]; k.passes(c, s) {
			return c.entry, x + 1
		}
	}
	return -1, end
}

// tokenCache holds the token ids of the words from base on, so that the
// walks from a "the" and from the word after it look each word up once.
type tokenCache struct {
	base  int
	ids   [16]uint32
	state [16]uint8 // 0 not looked up, 1 found, 2 not a token
	buf   [64]byte
}

func (c *tokenCache) token(k *KB, words []string, j int) (uint32, bool) {
	x := j - c.base
	if x < 0 || x >= len(c.ids) {
		return k.lookup(c.buf[:], words[j])
	}
	if c.state[x] == 0 {
		id, ok := k.lookup(c.buf[:], words[j])
		c.ids[x], c.state[x] = id, 2
		if ok {
			c.state[x] = 1
		}
	}
	return c.ids[x], c.state[x] == 1
}

// walk finds the longest name starting at words[i] with a candidate that
// passes, and returns its node and span; n = 0 when there is none.
func (k *KB) walk(words []string, i int, afterThe bool, c *tokenCache) (node uint32, s span) {
	n := uint32(0)
	for j := i; j < len(words); j++ {
		w := words[j]
		var next uint32
		if tok, ok := c.token(k, words, j); ok {
			next = k.child(n, tok)
		}
		if next == 0 {
			// A possessive clitic on the last matched word.
			if base, ok := stripPossessive(w); ok {
				if tok, ok := k.lookup(c.buf[:], base); ok {
					if nb := k.child(n, tok); nb != 0 {
						try := span{words[i : j+1], base, afterThe}
						if e, _ := k.first(nb, 0, &try); e >= 0 {
							node, s = nb, try
						}
					}
				}
			}
			break
		}
		n = next
		if k.candStart[n] < k.candStart[n+1] {
			try := span{words[i : j+1], "", afterThe}
			if e, _ := k.first(n, 0, &try); e >= 0 {
				node, s = n, try
			}
		}
	}
	return node, s
}

// isThe reports whether w folds to "the".
func isThe(w string) bool {
	if len(w) == 3 {
		return (w[0]|0x20) == 't' && (w[1]|0x20) == 'h' && (w[2]|0x20) == 'e'
	}
	return !isASCII(w) && fold(w) == "the"
}

// match walks from words[i] and, after a "the", from words[i+1], and
// returns the nodes of the longest match: a and b, either 0 when unused,
// with their spans, and the words covered.
func (k *KB) match(words []string, i int) (a uint32, sa span, b uint32, sb span, n int) {
	if i < 0 || i >= len(words) {
		return 0, span{}, 0, span{}, 0
	}
	c := tokenCache{base: i}
	a, sa = k.walk(words, i, false, &c)
	n = len(sa.words)
	if i+1 < len(words) && isThe(words[i]) {
		b, sb = k.walk(words, i+1, true, &c)
		switch n2 := len(sb.words); {
		case n2 > 0 && n2+1 > n:
			return 0, span{}, b, sb, n2 + 1
		case n2 > 0 && n2+1 == n:
			// The same name with and without a stored "the": both, in
			// data order.
			return a, sa, b, sb, n
		}
	}
	return a, sa, 0, span{}, n
}

// Match returns the entry of the longest name that starts at words[i], and
// the number of words it covers (including an optional leading "the"; see
// the package documentation for the case rules). When several entries share
// the matched name, the first in the data wins: curated entries, then
// reference data (a country before a demonym before a capital; the more
// populous country first), then the Phoenix dictionaries, then persons.
// Entries of dictionaries added by With come before all of these. Match
// does not allocate for ASCII words.
func (k *KB) Match(words []string, i int) (e Entry, n int, ok bool) {
	a, sa, b, sb, n := k.match(words, i)
	if n == 0 {
		return Entry{}, 0, false
	}
	best := int32(-1)
	if a != 0 {
		best, _ = k.first(a, 0, &sa)
	}
	if b != 0 {
		if eb, _ := k.first(b, 0, &sb); best < 0 || eb < best {
			best = eb
		}
	}
	return k.entries[best], n, true
}

// MatchAll is Match returning every entry the longest name has, best first.
func (k *KB) MatchAll(words []string, i int) ([]Entry, int) {
	es, n := k.AppendMatches(nil, words, i)
	return es, n
}

// AppendMatches is MatchAll appending the entries to dst, so that a caller
// reusing dst does not allocate.
func (k *KB) AppendMatches(dst []Entry, words []string, i int) ([]Entry, int) {
	a, sa, b, sb, n := k.match(words, i)
	if n == 0 {
		return dst, 0
	}
	// Both nodes list their candidates in entry order: merge them.
	ea, ia, eb, ib := int32(-1), uint32(0), int32(-1), uint32(0)
	if a != 0 {
		ea, ia = k.first(a, 0, &sa)
	}
	if b != 0 {
		eb, ib = k.first(b, 0, &sb)
	}
	last := int32(-1)
	for ea >= 0 || eb >= 0 {
		var e int32
		if eb < 0 || (ea >= 0 && ea <= eb) {
			e = ea
			ea, ia = k.first(a, ia, &sa)
		} else {
			e = eb
			eb, ib = k.first(b, ib, &sb)
		}
		if e != last {
			dst = append(dst, k.entries[e])
			last = e
		}
	}
	return dst, n
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
// date is preferred; a person of a dictionary added by With is preferred
// to the data's whenever it has a code for the date.
func (k *KB) Person(name string, on time.Time) (Entry, bool) {
	var buf [64]byte
	n := uint32(0)
	for w := range strings.FieldsSeq(name) {
		tok, ok := k.lookup(buf[:], w)
		if !ok {
			return Entry{}, false
		}
		if n = k.child(n, tok); n == 0 {
			return Entry{}, false
		}
	}
	idxs := k.perIdx[k.perStart[n]:k.perStart[n+1]]
	if len(idxs) == 0 {
		return Entry{}, false
	}
	if on.IsZero() {
		for _, pi := range idxs {
			p := &k.persons[pi]
			if c, ok := kbfile.Latest(p.codes); ok {
				e := personEntry(k.entries[p.entry], c)
				e.Office = hasOffice(p.codes, 0)
				return e, true
			}
		}
		return Entry{}, false
	}
	d := on.Year()*10000 + int(on.Month())*100 + on.Day()
	fallback, layer := -1, int32(-1)
	var fallbackCode *kbfile.Code
	fallbackOffice := false
	for _, pi := range idxs {
		p := &k.persons[pi]
		if p.layer != layer {
			if fallback >= 0 {
				break // an earlier dictionary's default code wins
			}
			layer = p.layer
		}
		var got, def *kbfile.Code
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
		if def != nil && fallback < 0 {
			fallback, fallbackCode, fallbackOffice = int(p.entry), def, hasOffice(p.codes, d)
		}
	}
	if fallback >= 0 {
		e := personEntry(k.entries[fallback], *fallbackCode)
		e.Office = fallbackOffice
		return e, true
	}
	return Entry{}, false
}

// hasOffice reports whether any of a person's codes has a sector other than
// ELI (a public role, not only a private figure's) and, when d (YYYYMMDD)
// is not 0, is undated or ended less than officeMemory years before d: a
// colonial governor of the 1970s is a private figure in a 2005 story.
func hasOffice(codes []kbfile.Code, d int) bool {
	for _, c := range codes {
		if len(c.Code) <= 3 || strings.HasSuffix(c.Code, "ELI") {
			continue
		}
		if d == 0 || c.To == 0 || c.To >= d-officeMemory*10000 {
			return true
		}
	}
	return false
}

// officeMemory is how many years after leaving it an office-holder counts
// as one (see Entry.Office).
const officeMemory = 20

// Noun returns the sector lexicon's reading of a lemma, lower case, one or
// more words ("spokesman", "foreign minister", "security forces"). A regular
// plural of a listed noun ("farmers") is found through its singular and
// reported as a Group.
func (k *KB) Noun(lemma string) (NounInfo, bool) {
	var buf [128]byte
	l, ok := appendNorm(buf[:0], lemma, false)
	if !ok {
		l = []byte(strings.Join(strings.Fields(strings.ToLower(lemma)), " "))
	}
	return k.noun(l)
}

// noun looks up a normalised lemma, then its singulars.
func (k *KB) noun(l []byte) (NounInfo, bool) {
	if ni, ok := k.nouns[string(l)]; ok {
		return ni, true
	}
	if len(l) < 4 {
		return NounInfo{}, false
	}
	if bytes.HasSuffix(l, []byte("ies")) && len(l) > 4 {
		var buf [128]byte
		y := append(append(buf[:0], l[:len(l)-3]...), 'y')
		if ni, ok := k.nouns[string(y)]; ok {
			return NounInfo{Sector: ni.Sector, Group: true}, true
		}
	}
	if bytes.HasSuffix(l, []byte("es")) {
		if ni, ok := k.nouns[string(l[:len(l)-2])]; ok {
			return NounInfo{Sector: ni.Sector, Group: true}, true
		}
	}
	if bytes.HasSuffix(l, []byte("s")) && !bytes.HasSuffix(l, []byte("ss")) {
		if ni, ok := k.nouns[string(l[:len(l)-1])]; ok {
			return NounInfo{Sector: ni.Sector, Group: true}, true
		}
	}
	return NounInfo{}, false
}

// appendNorm appends s lower-cased with its runs of white space made single
// spaces, as strings.Join(strings.Fields(strings.ToLower(s)), " ") would;
// space reports a space pending before the next word. ok is false for
// non-ASCII text, which the caller normalises itself.
func appendNorm(dst []byte, s string, space bool) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return dst, false
		case c == ' ' || ('\t' <= c && c <= '\r'):
			space = len(dst) > 0
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, c)
	}
	return dst, true
}

// MatchNoun finds the longest lexicon noun starting at words[i] (compared in
// lower case) and returns it with the number of words it covers:
// ["foreign", "minister", "Lavrov"] at 0 is "foreign minister", n = 2.
func (k *KB) MatchNoun(words []string, i int) (NounInfo, int, bool) {
	if i < 0 || i >= len(words) {
		return NounInfo{}, 0, false
	}
	if k.maxNoun >= maxNounWords || strings.ContainsAny(words[i], " \t\n\v\f\r") {
		return k.matchNounSlow(words, i)
	}
	var buf [256]byte
	w, ok := appendNorm(buf[:0], words[i], false)
	if !ok {
		return k.matchNounSlow(words, i)
	}
	if !k.nounFirst[string(w)] && !k.singularFirst(w) {
		return NounInfo{}, 0, false
	}
	// The text of 1..maxN words normalised, where each prefix ends and how
	// many words it has.
	var ends, count [maxNounWords]int
	maxN := min(k.maxNoun, len(words)-i)
	text := w
	ends[1], count[1] = len(text), 1
	for n := 2; n <= maxN; n++ {
		before := len(text)
		if text, ok = appendNorm(text, words[i+n-1], true); !ok {
			return k.matchNounSlow(words, i)
		}
		ends[n], count[n] = len(text), count[n-1]
		if len(text) > before {
			count[n]++
		}
	}
	// A noun of more than one word starts with w: skip the lengths no
	// noun starting with w has.
	longest := k.nounWords[string(w)]
	for n := maxN; n >= 1; n-- {
		if count[n] > 1 && count[n] > longest {
			continue
		}
		if ni, ok := k.noun(text[:ends[n]]); ok {
			return ni, n, true
		}
	}
	return NounInfo{}, 0, false
}

// maxNounWords bounds the nouns MatchNoun handles without allocating.
const maxNounWords = 16

// singularFirst reports whether a singular of w is the first word of a noun.
func (k *KB) singularFirst(w []byte) bool {
	if len(w) < 4 {
		return false
	}
	if bytes.HasSuffix(w, []byte("ies")) && len(w) > 4 {
		var buf [128]byte
		if k.nounFirst[string(append(append(buf[:0], w[:len(w)-3]...), 'y'))] {
			return true
		}
	}
	if bytes.HasSuffix(w, []byte("es")) && k.nounFirst[string(w[:len(w)-2])] {
		return true
	}
	return bytes.HasSuffix(w, []byte("s")) && !bytes.HasSuffix(w, []byte("ss")) && k.nounFirst[string(w[:len(w)-1])]
}

// matchNounSlow is MatchNoun for words that are not plain ASCII.
func (k *KB) matchNounSlow(words []string, i int) (NounInfo, int, bool) {
	if w := strings.ToLower(words[i]); !k.nounFirst[w] && !k.singularFirst([]byte(w)) {
		return NounInfo{}, 0, false
	}
	for n := min(k.maxNoun, len(words)-i); n >= 1; n-- {
		if ni, ok := k.Noun(strings.Join(words[i:i+n], " ")); ok {
			return ni, n, true
		}
	}
	return NounInfo{}, 0, false
}
