// Package count finds claims about how many people were killed, injured,
// arrested, displaced, missing, or took part in a protest, and adds them to a
// Document as doc.Count values.
//
// The stage works sentence by sentence on Document.Tokens. It finds number
// phrases, throws out those that measure something other than people, and
// keeps those that a kind word ties to people. Part-of-speech tags and lemmas
// are used when a tagger has set them, but the stage works without them.
//
// # Numbers
//
// Digits may carry thousands separators ("5,400") and a decimal part when a
// scale word follows ("1.5 million"). Number words combine as in "two
// hundred and fifty", "twenty-five", "3 million", "a dozen" (12), "two
// dozen" (24), "a hundred" (100), "half a million". Indefinite plurals count
// at least two of their unit and take the qualifier at_least unless another
// is stated: dozens 24, scores 40, hundreds 200, thousands 2,000, tens of
// thousands 20,000, hundreds of thousands 200,000, millions 2,000,000.
// "Several hundred" is at least 300 and "a few thousand" at least 2,000.
// Bare "several", "a few" and "many" are not counts. Ranges ("20 to 30",
// "20-30", "between 20 and 30", "two or three") count their lower bound with
// at_least; a "range" whose second number is not larger ("voted 9-4") is a
// tally and no count.
//
// # Qualifiers
//
// exactly is the default. at_least: at least, no fewer/less than, a minimum
// of, and indefinite plurals. more_than: more than, over, upwards of, in
// excess of, above, and "200-plus". about: about, around, some,
// approximately, roughly, an estimated, "200 or so", "200-odd". up_to: up
// to, as many as, at most, no more than, and also nearly, almost and close
// to, since those make the number an upper bound. fewer_than: fewer than,
// less than, under, below, just under.
//
// # Kinds
//
// killed, injured, arrested, displaced, missing and protesters, from the
// words in kindTriggers, kindNouns and precedingTriggers. Abductions and
// kidnappings are counted as missing. A crowd size ("a crowd of 5,000",
// "2,000 people marched", "300 protesters") is protesters; when a stronger
// kind word follows ("300 protesters were arrested") that kind wins.
//
// # Participants
//
// Victims is the counted noun phrase. When the words name several groups
// ("soldiers and police") the span covers them all and the sector is that of
// the first group, the one the number most directly quantifies. The sector
// comes from the SectorLexicon, then from a built-in list that makes
// generic words for people ("people", "civilians", "residents") CVL. An
// entity with an actor that covers the head noun gives the actor; one that
// only modifies it ("12 Turkish soldiers") gives its actor's country.
//
// Perpetrator is the agent of "killed by X" or the subject of "X killed N".
// It is set when X overlaps an entity with an actor, or when the lexicon
// gives its head noun a sector ("police arrested 40" gives COP with no
// actor); an instrument such as "a roadside bomb" gives none.
//
// Source is the phrase after "according to", or else the subject of the
// sentence's first active speech verb ("the UN says", "…, police said"):
// the actor of an overlapping entity when there is one, else the phrase with
// Actor "" and a lexicon sector if any.
//
// Date is the first resolved timex in the sentence. Count IDs are "C1",
// "C2", … numbered over Document.Counts.
package count

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/dyad-events/dyad/doc"
)

// SectorLexicon maps a lower-case noun or noun phrase (lemma, e.g.
// "soldier", "police", "security forces") to a CAMEO sector code such as
// MIL, COP, CVL, GOV, OPP, REB.
type SectorLexicon interface {
	Sector(noun string) (string, bool)
}

// Stage finds counts. It holds only read-only data after New.
type Stage struct {
	lex SectorLexicon
}

// New returns a counts stage that takes sectors from lex, which may be nil.
func New(lex SectorLexicon) *Stage { return &Stage{lex: lex} }

// Name returns "counts".
func (st *Stage) Name() string { return "counts" }

// Process appends the document's counts to d.Counts.
func (st *Stage) Process(ctx context.Context, d *doc.Document) error {
	for si := range d.Sentences {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, ok := newSent(d, si)
		if !ok {
			d.Warn("counts: sentence %d has invalid token ranges; skipped", si)
			continue
		}
		st.sentence(s)
	}
	linkEvents(d)
	return nil
}

// eventTypes lists the PLOVER event types a count of each kind can belong
// to.
var eventTypes = map[string][]string{
	Killed:     {"ASSAULT"},
	Injured:    {"ASSAULT"},
	Missing:    {"ASSAULT"},
	Arrested:   {"COERCE"},
	Displaced:  {"ASSAULT", "COERCE"},
	Protesters: {"PROTEST"},
}

// linkEvents ties each count to the event it reports on: the nearest event
// of a matching type in the count's sentence ("5,400 killed in the
// crackdown" belongs to the crackdown). A count without one keeps Event "".
func linkEvents(d *doc.Document) {
	for i := range d.Counts {
		c := &d.Counts[i]
		if c.Event != "" {
			continue
		}
		best, bestDist := "", -1
		for _, e := range d.Events {
			if e.Sentence != c.Sentence || !slices.Contains(eventTypes[c.Kind], e.PLOVER.Type) {
				continue
			}
			dist := e.Trigger.Start - c.Span.End
			if dist < 0 {
				dist = c.Start - e.Trigger.End
			}
			dist = max(dist, 0)
			if bestDist < 0 || dist < bestDist {
				best, bestDist = e.ID, dist
			}
		}
		c.Event = best
	}
}

// sent is one sentence prepared for matching. Indices are local: token i of
// the sentence is d.Tokens[first+i].
type sent struct {
	d     *doc.Document
	idx   int
	toks  []doc.Token
	n     int
	low   []string // lower-cased token text with typographic quotes and dashes folded
	lem   []string // lower-cased lemma, or ""
	upos  []string
	xpos  []string
	ents  []*doc.Entity // entities inside or overlapping the sentence
	times []*doc.Timex
}

func newSent(d *doc.Document, si int) (*sent, bool) {
	ss := d.Sentences[si]
	if ss.TokStart < 0 || ss.TokEnd > len(d.Tokens) || ss.TokStart > ss.TokEnd {
		return nil, false
	}
	s := &sent{d: d, idx: si, toks: d.Tokens[ss.TokStart:ss.TokEnd]}
	s.n = len(s.toks)
	s.low = make([]string, s.n)
	s.lem = make([]string, s.n)
	s.upos = make([]string, s.n)
	s.xpos = make([]string, s.n)
	prev := 0
	for i, t := range s.toks {
		if t.Start < prev || t.End < t.Start || t.End > len(d.Text) {
			return nil, false
		}
		prev = t.Start
		s.low[i] = fold(d.Text[t.Start:t.End])
		s.lem[i] = strings.ToLower(t.Lemma)
		s.upos[i] = t.UPOS
		s.xpos[i] = t.XPOS
	}
	if s.n == 0 {
		return s, true
	}
	sp := doc.Span{Start: s.toks[0].Start, End: s.toks[s.n-1].End}
	// Entities and timexes are in text order and do not overlap: search
	// for the first that can reach the sentence instead of scanning all.
	from := sort.Search(len(d.Entities), func(i int) bool { return d.Entities[i].Span.End > sp.Start })
	for i := from; i < len(d.Entities) && d.Entities[i].Start < sp.End; i++ {
		e := &d.Entities[i]
		if e.Start >= 0 && e.Span.End <= len(d.Text) && e.Start < e.Span.End && e.Overlaps(sp) {
			s.ents = append(s.ents, e)
		}
	}
	from = sort.Search(len(d.Timexes), func(i int) bool { return d.Timexes[i].End > sp.Start })
	for i := from; i < len(d.Timexes) && d.Timexes[i].Start < sp.End; i++ {
		t := &d.Timexes[i]
		if t.Start >= 0 && t.End <= len(d.Text) && t.Start < t.End && t.Overlaps(sp) {
			s.times = append(s.times, t)
		}
	}
	return s, true
}

// fold lower-cases a token and folds typographic apostrophes and dashes.
func fold(t string) string {
	t = strings.ToLower(t)
	if strings.ContainsAny(t, "’‘–—") {
		t = strings.NewReplacer("’", "'", "‘", "'", "–", "-", "—", "-").Replace(t)
	}
	return t
}

// span returns the byte span of local tokens [a, b), b > a.
func (s *sent) span(a, b int) doc.Span {
	return doc.Span{Start: s.toks[a].Start, End: s.toks[b-1].End}
}

// match is what the patterns found around one number.
type match struct {
	kind         string
	trigA, trigB int // kind word tokens
	vicA, vicB   int // victim noun phrase, empty when vicA == vicB
	vicHead      int // end of the first conjunct of the victims
	perpA, perpB int // perpetrator phrase, empty when perpA == perpB
	spanB        int // end of the count phrase when past the rest ("lives")
}

func (st *Stage) sentence(s *sent) {
	var source *doc.Participant
	sourceDone := false
	for i := 0; i < s.n; {
		num, ok := s.numberAt(i)
		if !ok {
			i++
			continue
		}
		num, ok = s.extend(num)
		next := num.end
		if next <= i {
			next = i + 1
		}
		if !ok || s.notCount(num) {
			i = next
			continue
		}
		qual, qa := s.qualifier(num)
		m, ok := st.analyze(s, num, qa)
		i = next
		if !ok {
			continue
		}
		if !sourceDone {
			source, sourceDone = st.source(s), true
		}
		c := doc.Count{
			ID:        fmt.Sprintf("C%d", len(s.d.Counts)+1),
			Kind:      m.kind,
			Count:     num.value,
			Qualifier: qual,
			Sentence:  s.idx,
			Date:      s.date(),
		}
		a, b := min(qa, m.trigA), max(num.end, m.trigB, m.spanB)
		if m.vicB > m.vicA {
			c.Victims = st.participant(s, m.vicA, m.vicB, m.vicHead, true)
			a, b = min(a, m.vicA), max(b, m.vicB)
		}
		c.Span = s.span(a, b)
		if m.perpB > m.perpA {
			if p := st.participant(s, m.perpA, m.perpB, m.perpB, false); p.Actor != "" || p.Sector != "" {
				c.Perpetrator = p
			}
		}
		if source != nil {
			cp := *source
			c.Source = &cp
		}
		s.d.Counts = append(s.d.Counts, c)
	}
}

// extend adds what may follow a number phrase: a range's upper bound
// ("20 to 30", "20-30") and a trailing qualifier ("200 or so", "200-plus").
// It returns false when the number is a tally or score ("9-4").
func (s *sent) extend(n number) (number, bool) {
	k := n.end
	if k+1 < s.n && !n.vague {
		w := s.low[k]
		between := n.start > 0 && s.low[n.start-1] == "between" && w == "and"
		if w == "-" || w == "to" || w == "or" || between {
			if hi, ok := s.numberAt(k + 1); ok && !hi.vague {
				if hi.value <= n.value {
					if w == "-" || w == "to" {
						n.end = hi.end
						return n, false // 9-4, 13 to 2: a tally or score
					}
				} else {
					n.end, n.ranged = hi.end, true
				}
			}
		}
	}
	k = n.end
	switch {
	case k+1 < s.n && s.low[k] == "or" && s.low[k+1] == "so":
		n.qual, n.end = About, k+2
	case k < s.n && s.low[k] == "odd":
		n.qual, n.end = About, k+1
	case k+1 < s.n && s.low[k] == "-" && s.low[k+1] == "odd":
		n.qual, n.end = About, k+2
	case k < s.n && (s.low[k] == "plus" || s.low[k] == "+"):
		n.qual, n.end = MoreThan, k+1
	case k+1 < s.n && s.low[k] == "-" && s.low[k+1] == "plus":
		n.qual, n.end = MoreThan, k+2
	}
	return n, true
}

// notCount reports whether the number measures something other than people:
// money, time, age, share, distance, a year, a label, a tally or a phone
// number.
func (s *sent) notCount(n number) bool {
	// A number in a condition is no claim: "if 10 were killed", "even if
	// 100 are arrested".
	for k := n.start - 1; k >= 0 && k >= n.start-4; k-- {
		w := s.low[k]
		if w == "if" || w == "unless" {
			return true
		}
		if isPunct(w) {
			break
		}
	}
	prev, prev2 := s.word(n.start-1), s.word(n.start-2)
	next, next2 := s.word(n.end), s.word(n.end+1)
	first := s.low[n.start]
	switch {
	case currencyBefore[prev] || startsWithCurrency(prev) || startsWithCurrency(first):
		return true
	case labelBefore[prev], prev == "#", prev == "+", prev == "/", prev == ":" && isDigitToken(prev2):
		return true
	case prev == "of" && (prev2 == "age" || prev2 == "ages"):
		return true
	case monthWords[prev] || monthWords[next]:
		return true
	case isDigitToken(prev) || isDigitToken(next):
		return true // phone numbers, "5 000", "2012 10"
	case (prev == "to" || prev == "-") && afterUnits[prev2]:
		return true // "13 votes to 2"
	case afterUnits[next]:
		return true
	case next == "-" && (afterUnits[next2] || next2 == "old" || next2 == "member" || next2 == "nation" || next2 == "point"):
		return true // "11-month", "25-year-old", "15-member"
	case next == "of" && afterUnits[next2]:
		return true // "millions of dollars", "hundreds of years"
	case next == ":" || next == "/" || next == "." && isDigitToken(next2):
		return true
	case next == "st" || next == "nd" || next == "rd" || next == "th":
		return true
	case first == "one" && (prev == "no" || prev == "the" || prev == "this" || prev == "that" ||
		prev == "any" || prev == "every" || prev == "each" || prev == "which" || next == "another" || next == "day"):
		return true
	}
	if n.end == n.start+1 && plainYear(first) {
		if yearBefore[prev] || prev == "," && (isDigitToken(prev2) || monthWords[prev2]) || prev == "" && next == "," {
			return true
		}
	}
	sp := s.span(n.start, n.end)
	for _, t := range s.times {
		if t.Overlaps(sp) {
			return true
		}
	}
	return false
}

// word returns the folded token i, or "" outside the sentence.
func (s *sent) word(i int) string {
	if i < 0 || i >= s.n {
		return ""
	}
	return s.low[i]
}

func isDigitToken(w string) bool {
	return w != "" && w[0] >= '0' && w[0] <= '9'
}

func startsWithCurrency(w string) bool {
	for _, c := range []string{"$", "€", "£", "¥", "₹", "₦"} {
		if strings.HasPrefix(w, c) {
			return true
		}
	}
	return strings.HasPrefix(w, "us$") || strings.HasPrefix(w, "rs.")
}

// qualifier returns the count's qualifier and the token where the count
// phrase starts (the qualifier's first token, or the number's).
func (s *sent) qualifier(n number) (string, int) {
	if q, a := qualifiers.matchEnding(s, n.start); a >= 0 {
		return q, a
	}
	if n.start > 0 && s.low[n.start-1] == "between" && n.ranged {
		return AtLeast, n.start - 1
	}
	switch {
	case n.qual != "":
		return n.qual, n.start
	case n.vague || n.ranged:
		return AtLeast, n.start
	}
	return Exactly, n.start
}

// analyze ties a number to a kind word and to the people it counts.
func (st *Stage) analyze(s *sent, n number, qa int) (match, bool) {
	var m match
	p := n.end
	partitive := false
	if p < s.n && s.low[p] == "of" {
		p++
		partitive = true
		if p < s.n && (s.low[p] == "the" || s.low[p] == "these" || s.low[p] == "those" || s.low[p] == "their" || s.low[p] == "its") && p+1 < s.n && !pronouns[s.low[p+1]] {
			p++
		}
	}
	if partitive && n.value == 1 && !n.vague {
		return m, false // "one of the arrested men" picks one of a group
	}
	if !partitive && p+1 < s.n && (s.low[p] == "more" || s.low[p] == "other" || s.low[p] == "others") && s.low[p+1] != "than" {
		// "30 more lives", "12 other people": the counted noun follows.
		if s.low[p] != "others" {
			p++
		}
	}
	pron := false
	if p < s.n && pronouns[s.low[p]] && (partitive || s.low[p] == "them") {
		p++
		pron = true
	}
	// "12 dead", "12 injured soldiers"
	if !pron {
		if k, l := kindTriggers.matchAt(s, p); l > 0 {
			m.kind, m.trigA, m.trigB = k, p, p+l
			if l == 1 && adjectiveKinds[s.low[p]] {
				if q := s.nounPhrase(p + 1); q > p+1 {
					m.vicA, m.vicHead = p+1, q
					m.vicB = st.coordinate(s, q)
				}
			}
			m.perpA, m.perpB = s.agent(m.trigB)
			return m, true
		}
	}
	q := p
	if !pron {
		q = s.nounPhrase(p)
	}
	if q > p {
		// "1,000 deaths due to the violence": the kind noun heads the
		// phrase whatever the words after it.
		for r := p; r < q-1; r++ {
			if _, ok := kindNouns[s.low[r]]; ok {
				q = r + 1
				break
			}
		}
	}
	head := ""
	if q > p {
		head = s.low[q-1]
	}
	if partitive && q == p && !pron {
		return m, false // "5 of 12", "dozens of" + nothing nominal
	}
	vicEnd := q
	if q > p {
		vicEnd = st.coordinate(s, q)
	}
	setVictims := func() {
		if q > p {
			m.vicA, m.vicB, m.vicHead = p, vicEnd, q
		}
	}
	// "killed 12 people", "the death toll rose to 40", "a crowd of 5,000"
	if k, a, b, ok := s.preceding(qa); ok && st.personal(s, a, b, p, q, head, pron) {
		if head == "lives" {
			k, m.spanB = Killed, q
		} else {
			setVictims()
		}
		m.kind, m.trigA, m.trigB = k, a, b
		if s.activeVerb(a, b) {
			m.perpA, m.perpB = s.subject(a)
		}
		return m, true
	}
	if head == "lives" {
		return m, false
	}
	// "12 people were killed", "12 soldiers and police have died"
	if k, a, b, ok := s.forward(vicEnd); ok && !nonPersonNouns[head] && !s.takesObject(a, b) {
		m.kind, m.trigA, m.trigB = k, a, b
		if _, isKind := kindNouns[head]; !isKind || kindNounVictims[head] {
			setVictims()
		}
		m.perpA, m.perpB = s.agent(b)
		return m, true
	}
	// "40 deaths", "300 protesters"
	if k, ok := kindNouns[head]; ok {
		m.kind, m.trigA, m.trigB = k, q-1, q
		if kindNounVictims[head] {
			setVictims()
		} else if q-1 > p {
			m.vicA, m.vicB, m.vicHead = p, q-1, q-1 // "40 civilian deaths"
		}
		return m, true
	}
	return m, false
}

// personal reports whether the noun after a number can be the people a
// preceding trigger counts: not "killed 30 cattle" or "held 3 meetings".
func (st *Stage) personal(s *sent, a, b, p, q int, head string, pron bool) bool {
	w := strings.Join(s.low[a:b], " ")
	if _, l := livesTriggers.matchAt(s, a); l > 0 && b-a == 1 && head != "lives" {
		return false // "took 40 people hostage"
	}
	if head == "lives" {
		switch s.low[a] {
		case "claimed", "claiming", "cost", "costing", "took", "taking", "killed", "the":
			return true
		}
		return false
	}
	if pron {
		return true
	}
	if q == p {
		return !personOnlyTriggers[w]
	}
	if nonPersonNouns[head] || afterUnits[head] {
		return false
	}
	if !personOnlyTriggers[w] {
		return true
	}
	return personNouns[head] || defaultSectors[head] != "" || kindNounVictims[head] || st.sector(s, p, q) != ""
}

// preceding looks back from token a, across the words of precedingSkip, for
// a trigger that precedes the number.
func (s *sent) preceding(a int) (string, int, int, bool) {
	j := a
	for steps := 0; j > 0 && steps <= 5; steps++ {
		if k, st := precedingTriggers.matchEnding(s, j); st >= 0 {
			return k, st, j, true
		}
		if k, st := livesTriggers.matchEnding(s, j); st >= 0 {
			return k, st, j, true
		}
		if !precedingSkip[s.low[j-1]] {
			break
		}
		j--
	}
	return "", 0, 0, false
}

// livesTriggers precede "N lives": "claimed 40 lives", "cost 12 lives".
var livesTriggers = phrases(map[string]string{
	"claimed": Killed, "claiming": Killed, "cost": Killed, "costing": Killed,
	"took": Killed, "taking": Killed, "taken": Killed, "takes": Killed,
})

// forward looks ahead from token j, across auxiliaries, adverbs,
// parentheticals and coordinated counts, for a kind trigger.
func (s *sent) forward(j int) (string, int, int, bool) {
	for steps := 0; j < s.n && steps < 14; steps++ {
		if k, l := kindTriggers.matchAt(s, j); l > 0 {
			return k, j, j + l, true
		}
		w := s.low[j]
		switch {
		case forwardSkip[w]:
			j++
		case forwardPreps[w] && j+1 < s.n:
			// "12 people in the village were killed"
			a := j + 1
			if a < s.n && (s.low[a] == "the" || s.low[a] == "a" || s.low[a] == "an") {
				a++
			}
			e := s.nounPhrase(a)
			if e == a {
				return "", 0, 0, false
			}
			j = e
		case (w == "and" || w == "or" || w == ",") && j+1 < s.n:
			if n, ok := s.numberAt(j + 1); ok {
				// "10 soldiers and 5 civilians were killed"
				j = s.nounPhrase(n.end)
				continue
			}
			if w != "," {
				// "17,000 dalits and buddhists were arrested"
				if e := s.nounPhrase(j + 1); e > j+1 {
					j = e
					continue
				}
				return "", 0, 0, false
			}
			fallthrough
		case w == "(" || w == "-" || w == "--":
			c := s.closing(j)
			if c < 0 {
				return "", 0, 0, false
			}
			j = c + 1
		default:
			return "", 0, 0, false
		}
	}
	return "", 0, 0, false
}

// forwardPreps open a prepositional phrase that may stand between the
// counted people and the kind word.
var forwardPreps = set("of", "in", "from", "at", "on", "inside", "near", "across")

// takesObject reports whether the trigger [a, b) is an active verb with an
// object after it, so that the number before it counts the agents: "two
// bombers have killed at least 22".
func (s *sent) takesObject(a, b int) bool {
	if b-a != 1 || b >= s.n || a > 0 && (beAux[s.low[a-1]] || s.low[a-1] == "got") {
		return false
	}
	if !transitive[s.low[a]] {
		return false
	}
	w := s.low[b]
	if _, qa := qualifiers.matchAt(s, b); qa > 0 {
		return true
	}
	if _, ok := s.numberAt(b); ok {
		return true
	}
	switch w {
	case "the", "a", "an", "his", "her", "their", "its", "our", "them", "him", "people", "civilians":
		return true
	}
	return false
}

// transitive are kind verbs that take the victims as object.
var transitive = set("killed", "murdered", "massacred", "executed", "slain",
	"injured", "wounded", "hurt", "arrested", "detained", "held", "jailed",
	"abducted", "kidnapped", "displaced", "evacuated", "lynched", "nabbed",
	"apprehended")

// closing returns the token that closes the parenthetical opened at j, or -1.
func (s *sent) closing(j int) int {
	want := s.low[j]
	if want == "(" {
		want = ")"
	}
	for k := j + 1; k < s.n && k <= j+12; k++ {
		if s.low[k] == want {
			return k
		}
		if s.low[k] == ";" || s.low[k] == "." {
			return -1
		}
	}
	return -1
}

// nominal reports whether token j can belong to a counted noun phrase.
func (s *sent) nominal(j int) bool {
	if j < 0 || j >= s.n {
		return false
	}
	w := s.low[j]
	if !hasLetter(w) || functionWords[w] || forwardSkip[w] || speechVerbs[w] {
		return false
	}
	if c, _ := classify(w); c != cNone && c != cA {
		return false
	}
	if _, l := kindTriggers.matchAt(s, j); l > 0 {
		return false
	}
	if _, ok := kindNouns[w]; ok {
		return true
	}
	if p := precedingTriggers.matchWords(s, j); p != nil && len(p.words) == 1 {
		return false
	}
	switch s.upos[j] {
	case "":
		return !strings.HasSuffix(w, "ly") || defaultSectors[w] != "" || personNouns[w]
	case "NOUN", "PROPN", "ADJ", "X":
		return true
	case "VERB":
		if (s.xpos[j] == "VBN" || s.xpos[j] == "VBG") && j+1 < s.n {
			u := s.upos[j+1]
			return u == "NOUN" || u == "PROPN"
		}
	}
	return false
}

func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// nounPhrase returns the end of the noun phrase that starts at i (i itself
// when none does). It is at most six tokens long.
func (s *sent) nounPhrase(i int) int {
	j := i
	for j < s.n && j-i < 6 && s.nominal(j) {
		j++
	}
	return j
}

// coordinate extends a noun phrase ending at q over coordinated groups of
// people: "soldiers and police", "men, women and children".
func (st *Stage) coordinate(s *sent, q int) int {
	for q+1 < s.n {
		w := s.low[q]
		if w != "and" && w != "or" && w != "," {
			break
		}
		a := q + 1
		if w == "," && a < s.n && (s.low[a] == "and" || s.low[a] == "or") {
			a++
		}
		e := s.nounPhrase(a)
		if e == a {
			break
		}
		h := s.low[e-1]
		if !(personNouns[h] || defaultSectors[h] != "" || kindNounVictims[h] || st.sector(s, a, e) != "") {
			break
		}
		q = e
	}
	return q
}

// agent returns the phrase after "by" at token j: "killed by Israeli troops".
func (s *sent) agent(j int) (int, int) {
	if j >= s.n || s.low[j] != "by" {
		return 0, 0
	}
	a := j + 1
	for a < s.n && (s.low[a] == "the" || s.low[a] == "a" || s.low[a] == "an") {
		a++
	}
	e := s.nounPhrase(a)
	e = s.entityEnd(a, e)
	return a, e
}

// entityEnd extends a phrase [a, e) to the end of any entity that starts
// inside it, so that "Syrian Observatory for Human Rights" stays whole.
func (s *sent) entityEnd(a, e int) int {
	if e <= a {
		return e
	}
	sp := s.span(a, e)
	for _, en := range s.ents {
		if en.Overlaps(sp) && en.Span.End > sp.End {
			for e < s.n && s.toks[e].Start < en.Span.End {
				e++
			}
			sp.End = s.toks[e-1].End
		}
	}
	return e
}

// entityStart moves the start of a phrase [a, e) back to the start of any
// entity that ends inside it.
func (s *sent) entityStart(a, e int) int {
	if e <= a {
		return a
	}
	sp := s.span(a, e)
	for _, en := range s.ents {
		if en.Overlaps(sp) && en.Start < sp.Start {
			for a > 0 && s.toks[a-1].End > en.Start {
				a--
			}
			sp.Start = s.toks[a].Start
		}
	}
	return a
}

// activeVerb reports whether the trigger [a, b) is an active finite verb
// whose subject is the perpetrator: "gunmen killed", not "killing", "toll".
func (s *sent) activeVerb(a, b int) bool {
	if b-a != 1 && strings.Join(s.low[a:b], " ") != "rounded up" {
		return false
	}
	w := s.low[a]
	if strings.HasSuffix(w, "ing") || w == "toll" || w == "arrest" || w == "arrests" {
		return false
	}
	if a > 0 && beAux[s.low[a-1]] {
		return false
	}
	return true
}

// subject returns the noun phrase that ends before token a, skipping
// auxiliaries and adverbs: "police have reportedly arrested".
func (s *sent) subject(a int) (int, int) {
	e := a
	for e > 0 {
		switch s.low[e-1] {
		case "have", "has", "had", "reportedly", "allegedly", "also", "then", "later", "again":
			e--
			continue
		}
		break
	}
	b := e
	for b > 0 && e-b < 6 && s.nominal(b-1) {
		b--
	}
	if b == e {
		return 0, 0
	}
	return s.entityStart(b, e), e
}

// sharedSubject returns the local token range of the subject a verb at j
// shares with the verb it is coordinated with, read from the parse, or 0, 0.
func (s *sent) sharedSubject(j int) (int, int) {
	base := s.d.Sentences[s.idx].TokStart
	t := s.toks[j]
	if r, _, _ := strings.Cut(t.Rel, ":"); r != "conj" {
		return 0, 0
	}
	h := t.Head - base
	if h < 0 || h >= s.n {
		return 0, 0
	}
	for k := 0; k < h; k++ {
		if s.toks[k].Head-base != h || s.toks[k].Rel != "nsubj" {
			continue
		}
		a, e := k, k+1
		for a > 0 && s.toks[a-1].Head-base == k {
			a--
		}
		return s.entityStart(a, e), s.entityEnd(a, e)
	}
	return 0, 0
}

// source finds the sentence's source: "according to X", or the subject of
// its first active speech verb.
func (st *Stage) source(s *sent) *doc.Participant {
	for j := 0; j+2 < s.n; j++ {
		if s.low[j] == "according" && s.low[j+1] == "to" {
			a := j + 2
			for a < s.n && (s.low[a] == "the" || s.low[a] == "a" || s.low[a] == "an") {
				a++
			}
			if e := s.entityEnd(a, s.nounPhrase(a)); e > a {
				return st.participant(s, a, e, e, false)
			}
		}
	}
	for j := 0; j < s.n; j++ {
		w := s.low[j]
		if !speechVerbs[w] || j > 0 && beAux[s.low[j-1]] {
			continue
		}
		if j+1 >= s.n {
			continue
		}
		if n, ok := s.numberAt(j + 1); ok && s.word(n.end) == "lives" {
			continue // "claimed 40 lives"
		}
		if a, e := s.subject(j); e > a {
			return st.participant(s, a, e, e, false)
		}
		if a, e := s.sharedSubject(j); e > a {
			// "Syrian authorities blame ... and say more than 2,000 ...".
			return st.participant(s, a, e, e, false)
		}
		if j == 0 || isPunct(s.low[j-1]) {
			// ", said the UN." / "… said Ahmed Ali"
			a := j + 1
			for a < s.n && (s.low[a] == "the" || s.low[a] == "a" || s.low[a] == "an") {
				a++
			}
			if e := s.entityEnd(a, s.nounPhrase(a)); e > a {
				return st.participant(s, a, e, e, false)
			}
		}
		if j > 0 && pronounSpeaker[s.low[j-1]] {
			return st.participant(s, j-1, j, j, false)
		}
	}
	return nil
}

// pronounSpeaker are subject pronouns that can name a source ("he said");
// a later coreference stage may resolve them.
var pronounSpeaker = set("he", "she", "they", "we", "i", "it")

func isPunct(w string) bool {
	return w != "" && !hasLetter(w) && !isDigitToken(w)
}

// participant builds a participant from local tokens [a, e) whose first
// conjunct ends at h. For victims an entity gives the actor only when it
// covers the head noun; a modifying entity gives only the country.
func (st *Stage) participant(s *sent, a, e, h int, victims bool) *doc.Participant {
	if h <= a || h > e {
		h = e
	}
	sp := s.span(a, e)
	head := s.span(h-1, h)
	p := &doc.Participant{Span: sp}
	var best *doc.Entity
	for _, en := range s.ents {
		if en.Actor == "" || !en.Overlaps(sp) {
			continue
		}
		if en.Overlaps(head) {
			best = en
			break
		}
		if best == nil {
			best = en
		}
	}
	if best != nil {
		act := s.d.ActorByID(best.Actor)
		if !victims || best.Overlaps(head) {
			p.Actor = best.Actor
			if act != nil {
				p.Sector = act.Sector
			}
		}
		if act != nil {
			p.Country = act.Country
		}
	}
	if p.Sector == "" {
		p.Sector = st.sector(s, a, h)
	}
	return p
}

// sector looks up the noun phrase [a, h) in the lexicon: the longest
// phrase ending at its head, as written, as lemmas and singularised, then
// the built-in words for people.
func (st *Stage) sector(s *sent, a, h int) string {
	if h <= a {
		return ""
	}
	for l := min(lexPhrase, h-a); l >= 1; l-- {
		words := s.low[h-l : h]
		cands := []string{strings.Join(words, " ")}
		last := words[len(words)-1]
		pre := strings.Join(words[:len(words)-1], " ")
		if pre != "" {
			pre += " "
		}
		if lm := s.lem[h-1]; lm != "" && lm != last {
			cands = append(cands, pre+lm)
		}
		if sg := singular(last); sg != last {
			cands = append(cands, pre+sg)
		}
		for _, c := range cands {
			if st.lex != nil {
				if sec, ok := st.lex.Sector(c); ok && sec != "" {
					return sec
				}
			}
		}
		if l == 1 {
			for _, c := range cands {
				if sec, ok := defaultSectors[c]; ok {
					return sec
				}
			}
		}
	}
	return ""
}

// singular is a rough English singular for lexicon look-ups.
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "men") && len(w) > 3:
		return w[:len(w)-3] + "man"
	case w == "people":
		return "person"
	case w == "police":
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// date returns the sentence's first resolved timex as a date.
func (s *sent) date() *doc.Date {
	for _, t := range s.times {
		if t.Value == "" {
			continue
		}
		sp := t.Span
		return &doc.Date{Value: t.Value, Text: &sp, Precision: t.Precision}
	}
	return nil
}

// phraseList is a list of word sequences, longest first.
type phraseList []phrase

func phrases(m map[string]string) phraseList {
	pl := make(phraseList, 0, len(m))
	for k, v := range m {
		pl = append(pl, phrase{words: strings.Fields(k), val: v})
	}
	sort.Slice(pl, func(i, j int) bool {
		if len(pl[i].words) != len(pl[j].words) {
			return len(pl[i].words) > len(pl[j].words)
		}
		return strings.Join(pl[i].words, " ") < strings.Join(pl[j].words, " ")
	})
	return pl
}

// matchAt returns the value and length of the longest phrase starting at
// token i, or length 0.
func (pl phraseList) matchAt(s *sent, i int) (string, int) {
	if w := pl.matchWords(s, i); w != nil {
		return w.val, len(w.words)
	}
	return "", 0
}

func (pl phraseList) matchWords(s *sent, i int) *phrase {
	for k := range pl {
		ws := pl[k].words
		if i+len(ws) > s.n || i < 0 {
			continue
		}
		ok := true
		for x, w := range ws {
			if s.low[i+x] != w {
				ok = false
				break
			}
		}
		if ok {
			return &pl[k]
		}
	}
	return nil
}

// matchEnding returns the value and start of the longest phrase that ends
// just before token e, or start -1.
func (pl phraseList) matchEnding(s *sent, e int) (string, int) {
	for _, p := range pl {
		a := e - len(p.words)
		if a < 0 || e > s.n {
			continue
		}
		ok := true
		for x, w := range p.words {
			if s.low[a+x] != w {
				ok = false
				break
			}
		}
		if ok {
			return p.val, a
		}
	}
	return "", -1
}
