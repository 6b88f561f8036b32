package event

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/when"
)

// Stage codes events. It runs after the actor stage (it needs entities linked
// to actors) and the date stage (it reads d.Timexes). It is read-only after
// construction and safe for concurrent use.
type Stage struct {
	lex       *Lexicon
	isCountry func(string) bool
}

// New returns an event stage using lex.
func New(lex *Lexicon) *Stage { return &Stage{lex: lex} }

// WithCountries returns a copy of the stage that asks isCountry whether an
// actor's code root is a country (rather than IGO, NGO, IMG or a region);
// package kb answers it. Without it, any three-letter root but IGO, NGO and
// IMG counts as a country.
func (s *Stage) WithCountries(isCountry func(root string) bool) *Stage {
	c := *s
	c.isCountry = isCountry
	return &c
}

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "events" }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	c := newCoder(s.lex, d)
	c.isCountry = s.isCountry
	for si := range d.Sentences {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		c.sentence(si)
	}
	return nil
}

// coder holds the per-document indexes the rules use.
type coder struct {
	lex   *Lexicon
	d     *doc.Document
	entAt []int // token -> entity index, or -1
	low   []string
	lemma []string
	timex []bool // token inside a temporal expression
	quote []bool // token inside a direct quote
	// quoteOf maps a token inside a direct quote to the quote's index in
	// d.Quotes, or -1.
	quoteOf []int
	// kids lists each token's dependents, and parsedSent marks the
	// sentences that have a dependency parse.
	kids       [][]int
	parsedSent []bool
	isCountry  func(string) bool
}

func newCoder(lex *Lexicon, d *doc.Document) *coder {
	n := len(d.Tokens)
	c := &coder{lex: lex, d: d, entAt: make([]int, n), low: make([]string, n), lemma: make([]string, n),
		timex: make([]bool, n), quote: make([]bool, n), quoteOf: make([]int, n)}
	for i := range c.entAt {
		c.entAt[i] = -1
		c.quoteOf[i] = -1
		c.low[i] = strings.ToLower(d.TokenText(i))
		c.lemma[i] = d.Tokens[i].Lemma
		if c.lemma[i] == "" {
			c.lemma[i] = c.low[i]
		} else {
			c.lemma[i] = strings.ToLower(c.lemma[i])
		}
	}
	c.kids = make([][]int, n)
	for i, t := range d.Tokens {
		if t.Rel != "" && t.Head >= 0 && t.Head < n {
			c.kids[t.Head] = append(c.kids[t.Head], i)
		}
	}
	c.parsedSent = make([]bool, len(d.Sentences))
	for si := range d.Sentences {
		c.parsedSent[si] = c.parsed(si)
	}
	for ei, e := range d.Entities {
		for t := e.TokStart; t < e.TokEnd && t < n; t++ {
			c.entAt[t] = ei
		}
	}
	for _, x := range d.Timexes {
		for t := d.TokenAt(x.Start); t >= 0 && t < n && d.Tokens[t].Start < x.End; t++ {
			c.timex[t] = true
		}
	}
	for qi, q := range d.Quotes {
		if !q.Direct {
			continue
		}
		for t := d.TokenAt(q.Start); t >= 0 && t < n && d.Tokens[t].Start < q.End; t++ {
			c.quote[t] = true
			c.quoteOf[t] = qi
		}
	}
	return c
}

// trigger is a lexicon match in a sentence.
type trigger struct {
	entry      *Entry
	head, end  int // tokens [head, end) of the trigger words
	extraWords []int
}

func (c *coder) sentence(si int) {
	s := c.d.Sentences[si]
	var trigs []trigger
	for i := s.TokStart; i < s.TokEnd; i++ {
		if c.entAt[i] >= 0 {
			continue
		}
		for _, e := range c.entries(i) {
			if !c.posOK(i, e) {
				continue
			}
			t, ok := c.matchRest(e, i, s.TokEnd)
			if ok && !e.Noun && !e.Adj && c.parsedSent[si] && c.d.Tokens[i].Rel == "amod" && i > s.TokStart && isDeterminer(c.low[i-1]) {
				ok = false // "the occupied West Bank": a participle as an adjective
			}
			if ok && !e.Noun && c.parsedSent[si] && c.obligation(i) {
				ok = false // "Sudan must return the helicopter": asked for, not done
			}
			if ok && e.Noun && c.parsedSent[si] && c.d.Tokens[i].Rel == "compound" {
				if h := c.d.Tokens[i].Head; h < t.head || h >= t.end {
					ok = false // "aid agencies", "invasion plans": a noun modifying another
				}
			}
			if ok && e.NeedInf && !c.hasInfinitive(i, s.TokEnd, si) {
				ok = false
			}
			if ok && len(e.Objects) > 0 && !c.objectIs(i, s.TokEnd, si, e.Objects) {
				ok = false
			}
			if ok {
				trigs = append(trigs, t)
				break
			}
		}
	}
	var made []int          // indexes into d.Events made for this sentence
	coded := map[int]bool{} // heads of the triggers coded as events
	isTrigger := func(i int) bool {
		for _, t := range trigs {
			if t.head == i {
				return true
			}
		}
		return false
	}
	for ti, t := range trigs {
		if (c.parsedSent[si] && c.depContent(t, isTrigger)) || c.isContentOfEarlier(trigs[:ti], t) {
			continue
		}
		ev, ok := c.code(si, t)
		if !ok {
			if t.entry.Noun {
				// "discussed ... in a telephone conversation": a noun with
				// no actor of its own can still refine an event made from
				// the same sentence.
				for _, k := range made {
					refine(&c.d.Events[k], t.entry.Code)
				}
			}
			continue
		}
		if t.entry.Noun && c.parsedSent[si] && c.argumentOfEvent(t.head, coded) {
			// "rejected North Korea's demand", "complained over Israeli
			// air raids": the event named as what another event is
			// about is that event's matter, coded with it.
			continue
		}
		coded[t.head] = true
		if c.mergeInto(made, ev, t) {
			continue
		}
		ev.ID = fmt.Sprintf("v%d", len(c.d.Events)+1)
		c.d.Events = append(c.d.Events, ev)
		made = append(made, len(c.d.Events)-1)
	}
	c.demands(si)
}

// entries returns the lexicon entries for token i: by its lemma, or when
// the lemma has none by the stems of its inflected form, so that a
// lemmatizer slip ("rioted" read as "riote") does not hide a trigger.
func (c *coder) entries(i int) []*Entry {
	byForm := c.lex.Entries(c.low[i]) // "committed to", "opposed to": participles as adjectives
	byLemma := c.lex.Entries(c.lemma[i])
	switch {
	case len(byForm) > 0 && c.low[i] != c.lemma[i] && len(byLemma) > 0:
		// The entries of the form are the more specific: tried first.
		return append(append([]*Entry(nil), byForm...), byLemma...)
	case len(byLemma) > 0:
		return byLemma
	case len(byForm) > 0:
		return byForm
	}
	for _, st := range stems(c.low[i]) {
		if es := c.lex.Entries(st); len(es) > 0 {
			return es
		}
	}
	return nil
}

// stems returns candidate base forms of an inflected word: "rioted" gives
// "riot" and "riote", "stopped" "stop", "carried" "carry", "talks" "talk".
func stems(w string) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 3 {
			out = append(out, s)
		}
	}
	for _, suf := range []string{"ed", "ing", "es", "s"} {
		base, ok := strings.CutSuffix(w, suf)
		if !ok {
			continue
		}
		add(base)
		if n := len(base); n >= 2 && base[n-1] == base[n-2] {
			add(base[:n-1]) // stopped, shelling
		}
		if suf == "ed" || suf == "ing" {
			add(base + "e") // noted, voting
		}
		if suf == "ed" || suf == "es" {
			if b, ok := strings.CutSuffix(base, "i"); ok {
				add(b + "y") // carried, carries
			}
		}
	}
	return out
}

// posOK reports whether token i can be the trigger of entry e: a verb, a
// noun or an adjective.
func (c *coder) posOK(i int, e *Entry) bool {
	u := c.d.Tokens[i].UPOS
	switch {
	case u == "":
		return true
	case e.Noun:
		// A noun the tagger read as an adjective still heads an argument
		// ("gave a warm welcome": welcome/ADJ as the object).
		return u == "NOUN" || u == "PROPN" || u == "ADJ" && c.parsed(c.d.SentenceAt(c.d.Tokens[i].Start)) && isArgumentRel(c.rel(i, false))
	case e.Adj:
		return u == "ADJ" || u == "VERB" // "prepared to" is tagged either way
	}
	return u == "VERB"
}

// objectIs reports whether the direct object of the verb at token i is one
// of objs (by lemma or lower-case form): from the parse, the "obj" child
// of i (or of the first verb of its "xcomp"); without one, the first noun
// within five words after i.
func (c *coder) objectIs(i, end, si int, objs []string) bool {
	is := func(k int) bool {
		return slices.Contains(objs, c.lemma[k]) || slices.Contains(objs, c.low[k])
	}
	if c.parsedSent[si] {
		for _, k := range c.kids[i] {
			if r := c.d.Tokens[k].Rel; r == "obj" || r == "nsubj:pass" {
				if is(k) {
					return true
				}
				if isPartitive(c.lemma[k]) {
					// "suspended part of a military aid program": the
					// whole the part is of.
					for _, m := range c.kids[k] {
						if c.rel(m, false) == "nmod" && c.caseOf(m) == "of" {
							k = m
							break
						}
					}
					if is(k) {
						return true
					}
				}
				// "mediation efforts", "a state of emergency": a
				// compound or "of" phrase of the object names it.
				for _, m := range c.kids[k] {
					if r := c.rel(m, false); (r == "compound" || r == "nmod" && c.caseOf(m) == "of") && is(m) {
						return true
					}
				}
				return false
			}
		}
		return false
	}
	for k := i + 1; k < end && k <= i+5; k++ {
		if u := c.d.Tokens[k].UPOS; u == "NOUN" || u == "PROPN" {
			return is(k)
		}
	}
	return false
}

func (c *coder) matchRest(e *Entry, i, end int) (trigger, bool) {
	t := trigger{entry: e, head: i, end: i + 1}
	for _, w := range e.Lemmas[1:] {
		// A particle or second word may follow directly, or after the
		// object for phrasal verbs is not handled: it must be adjacent.
		if t.end >= end || c.lemma[t.end] != w && c.low[t.end] != w {
			return trigger{}, false
		}
		t.extraWords = append(t.extraWords, t.end)
		t.end++
	}
	return t, true
}

// isContentOfEarlier reports whether t is the infinitive content of an
// earlier trigger in the same clause ("called on X to refrain", "refused to
// meet", "persuade Moscow to support"): such a trigger is not an event of its
// own.
func (c *coder) isContentOfEarlier(earlier []trigger, t trigger) bool {
	if t.head == 0 || c.low[t.head-1] != "to" {
		return false
	}
	for k := len(earlier) - 1; k >= 0; k-- {
		e := earlier[k]
		if e.entry.Noun && e.entry.Code.Type != "REQUEST" && e.entry.Code.Type != "PROTEST" {
			// but "a demand for Turkey to recognise Cyprus" and "a hunger
			// strike to demand..." hold their content
			continue
		}
		if c.clauseBreakBetween(e.end, t.head) {
			return false
		}
		return true
	}
	return false
}

// clauseBreakBetween reports whether a clause boundary lies in [from, to).
func (c *coder) clauseBreakBetween(from, to int) bool {
	for i := from; i < to; i++ {
		if isClauseBreak(c.low[i]) {
			return true
		}
	}
	return false
}

func isClauseBreak(w string) bool {
	switch w {
	case ";", ":", "“", "”", "\"", "that", "which", "who", "whom", "whose", "because", "while", "but", "although", "though", "if", "when", "after", "before", "since", "until", ".", "?", "!":
		return true
	}
	return false
}

// code builds the event for trigger t in sentence si, or reports false when
// the trigger has no coded actor.
func (c *coder) code(si int, t trigger) (doc.Event, bool) {
	d := c.d
	e := t.entry
	ev := doc.Event{Sentence: si, Trigger: doc.Span{Start: d.Tokens[t.head].Start, End: d.Tokens[t.end-1].End}}
	code := e.Code
	deps := c.parsedSent[si]
	var actors, recips []doc.Participant
	conf := 0.8
	passive := false
	if deps && e.Adj {
		// "Vietnam is committed to", "Israel is opposed to": the parse
		// may read the participle as passive; its subject is the actor.
		for _, rel := range []string{"nsubj:pass", "nsubj"} {
			if k := c.child(t.head, rel); k >= 0 && len(actors) == 0 {
				actors, _ = c.np(k, si, 0)
			}
		}
		if len(actors) == 0 {
			actors, _ = c.depSubject(t.head, si, 0)
		}
	}
	if deps && !e.Noun && !e.Adj {
		var a, r []doc.Participant
		if a, r, passive = c.depPassive(t.head, si, slices.Contains(e.Frame, "obj") && !e.Recip); passive {
			actors, recips = a, r
			conf = 0.7
		} else {
			var pron bool
			if actors, pron = c.depSubject(t.head, si, 0); pron {
				conf = 0.6
			}
		}
	}
	if !deps && !e.Noun && !e.Adj {
		passive = c.isPassive(t.head)
	}
	switch {
	case len(actors) > 0:
	case e.Noun:
		if deps {
			actors = c.depNounActor(t.head, si)
		}
		if len(actors) == 0 {
			actors = c.nounActor(t)
		}
		conf = 0.7
	case passive:
		actors = c.afterPrep(t.end, "by", si)
		conf = 0.7
	case deps && c.subjectToken(t.head, 0) >= 0:
		// The parse found a subject that names no coded actor: the
		// surface reading counts only inside that subject ("Human rights
		// watchdog Amnesty International accused" misparsed), not
		// elsewhere ("at least 9,000 under-18s have arrived in the UK to
		// seek asylum").
		k := c.subjectToken(t.head, 0)
		from, to := c.subtree(k)
		ps, pron := c.subject(t.head, si)
		inside := len(ps) > 0
		for _, p := range ps {
			if p.Start < c.d.Tokens[from].Start || p.End > c.d.Tokens[to-1].End {
				inside = false
			}
		}
		if inside {
			actors = ps
			conf = 0.7
			if pron {
				conf = 0.6
			}
		}
	default:
		// The surface rules: the parse found no subject, or there is no
		// parse.
		var pron bool
		actors, pron = c.subject(t.head, si)
		conf = 0.7
		if pron {
			conf = 0.6
		}
	}
	if deps && e.Noun && c.modalGovernor(t.head) {
		// "a bombing could happen", "EU cooperation would help": an
		// event noun under a modal verb has not taken place.
		return ev, false
	}
	if deps && c.conditionClause(t) {
		// "... if he gave them a veto": a condition is not an event.
		return ev, false
	}
	if code.Root() == "12" && c.declinesToSpeak(t) {
		// "declined to comment", "refused to say": no comment, which
		// PLOVER does not code (CAMEO 011).
		return ev, false
	}
	if len(actors) == 0 || !anyCountry(actors) {
		// No event without a coded actor: a sector alone ("officials",
		// "the prime minister" of no stated country) is not enough.
		return ev, false
	}
	if e.Verbal != nil && c.allPersons(actors) {
		code = *e.Verbal
	}
	if code.Type == "CONSULT" && c.byPhone(t, si) {
		if phone, ok := c.lex.Code(phoneCode); ok {
			code = phone
		}
	}
	if passive && !deps {
		recips, _ = c.subject(t.head, si)
	}
	if !passive && deps {
		recips = c.depRecipient(t, si)
	}
	if !passive && len(recips) == 0 {
		for _, f := range e.Frame {
			if f == "obj" {
				recips = c.object(t.end, si)
			} else {
				recips = c.afterPrep(t.end, f, si)
			}
			if len(recips) > 0 {
				break
			}
		}
		if len(recips) == 0 && !e.Noun && !e.Recip && evaluative(code.Type) && c.objectIsRelative(t.head, si) {
			recips = c.relativeAntecedent(t.head, si)
		}
	}
	if len(recips) == 0 && e.Recip && deps && !passive && len(actors) == 1 {
		// "agreed to lift the sanctions on Iran": one actor agreeing to
		// act on another.
		recips = c.complementRecipient(t.head, si)
	}
	recips = without(recips, actors)
	if domestic(code.Code) || violent(code.Code) && c.atHome(actors, si) {
		recips = inheritCountry(recips, actors)
	}
	if len(recips) == 0 && !e.Recip && violent(code.Code) {
		// Violence with no victim named lands on the country the sentence
		// places it in ("blew up power lines leading into Kabul").
		if x := c.placedIn(si); x != "" {
			recips = []doc.Participant{{Span: ev.Trigger, Country: x, Implied: true}}
		}
	}
	if len(recips) == 0 && !e.Recip {
		if x := c.ownCountry(code, actors, si); x != "" {
			// A curfew, a ban or a protest with no target named is aimed
			// at the actor's own country: its people or its government.
			recips = []doc.Participant{{Span: ev.Trigger, Country: x, Implied: true}}
		}
	}
	if e.NeedRecip && len(recips) == 0 && !(e.Recip && len(actors) > 1) {
		return ev, false
	}
	if len(recips) == 0 && len(e.Frame) > 0 && !e.Recip {
		conf -= 0.1
	}
	ev.Actor, ev.Recipient = actors, recips
	ev.PLOVER = doc.PLOVER{Type: code.Type, Mode: code.Mode, Context: code.Context}
	ev.CAMEO = doc.CAMEO{Code: code.Code, Root: code.Root(), Quad: code.Quad, Goldstein: code.Goldstein}
	if deps && !e.Noun {
		ev.Modality = c.depModality(t.head)
	} else {
		ev.Modality = c.modality(t, si)
	}
	if e.Intent {
		ev.Modality.Future = true
	}
	if m := ev.Modality; !m.Negated && (m.Future || m.Hypothetical) && !e.Intent && !e.Keep {
		// Announced, not done: an intent to cooperate or a threat; an
		// act with an ultimatum ("will withdraw unless ...") a threat; a
		// military act being prepared a show of force; a sanction or
		// coercive measure announced as decided the measure itself.
		alt, ok := code, false
		switch {
		case deps && violent(code.Code) && c.preparing(t.head):
			alt, ok = c.lex.codes[postureCode]
		case deps && c.ultimatum(t.head):
			if alt, ok = c.lex.recode(code); !ok || alt.Type != "THREATEN" {
				alt, ok = c.lex.codes[threatCode]
			}
		case deps && code.Type == "SANCTION" && c.announced(t.head):
		default:
			alt, ok = c.lex.recode(code)
		}
		if ok && alt.Type != "" {
			code = alt
			ev.PLOVER = doc.PLOVER{Type: code.Type, Mode: code.Mode, Context: code.Context}
			ev.CAMEO = doc.CAMEO{Code: code.Code, Root: code.Root(), Quad: code.Quad, Goldstein: code.Goldstein}
		}
	}
	if deps && code.Type == "THREATEN" && len(ev.Recipient) == 0 {
		// "threatened to ban voting if Hamas ran": a threat is aimed at
		// whoever must meet its condition.
		ev.Recipient = without(c.conditionSubject(t.head, si), actors)
	}
	if !ev.Modality.Historical {
		ev.Date = c.date(si, ev.Trigger)
	}
	if ev.Date != nil && ev.Date.Precision == "day" && !d.Date.IsZero() && ev.Date.Value < d.DateString() && !ev.Modality.Future {
		ev.Modality.Historical = true
	}
	if deps {
		ev.SourceOfReport = c.depSource(t.head, si)
	}
	if ev.SourceOfReport == nil {
		ev.SourceOfReport = c.source(si, t)
	}
	ev.Confidence = conf
	return ev, true
}

func anyCountry(ps []doc.Participant) bool {
	for _, p := range ps {
		if p.Country != "" {
			return true
		}
	}
	return false
}

// allPersons reports whether every participant is a person: a named
// individual or a pronoun standing for one.
func (c *coder) allPersons(ps []doc.Participant) bool {
	for _, p := range ps {
		ei := c.entAt[c.d.TokenAt(p.Start)]
		if ei < 0 {
			// A pronoun: persons were resolved through he and she.
			switch c.low[c.d.TokenAt(p.Start)] {
			case "he", "she", "i":
				continue
			}
			return false
		}
		if c.d.Entities[ei].Type != "PERSON" {
			return false
		}
	}
	return true
}

// phoneCode is CAMEO's "discuss by telephone".
const phoneCode = "041"

// byPhone reports whether a consultation happened by telephone: "by
// phone", "by telephone", "over the phone" right after the trigger.
func (c *coder) byPhone(t trigger, si int) bool {
	end := c.d.Sentences[si].TokEnd
	for i := t.end; i+1 < end && i < t.end+6; i++ {
		if (c.low[i] == "by" || c.low[i] == "over" || c.low[i] == "on") && (c.low[i+1] == "phone" || c.low[i+1] == "telephone" ||
			(c.low[i+1] == "the" && i+2 < end && (c.low[i+2] == "phone" || c.low[i+2] == "telephone"))) {
			return true
		}
	}
	return false
}

// evaluative reports event types whose object is often a thing an actor
// did: criticising a draft is criticising its author.
func evaluative(plover string) bool {
	switch plover {
	case "ACCUSE", "SUPPORT", "REJECT":
		return true
	}
	return false
}

// mergeInto folds ev into an event already made for the sentence when it
// describes the same happening: a noun trigger with the same PLOVER type and
// the same actors ("discussed ... in a telephone conversation"). A more
// specific CAMEO code of the same root refines the existing event. It reports
// whether ev was merged.
func (c *coder) mergeInto(made []int, ev doc.Event, t trigger) bool {
	for _, k := range made {
		old := &c.d.Events[k]
		if old.PLOVER.Type != ev.PLOVER.Type || !sameActors(old.Actor, ev.Actor) {
			continue
		}
		refine(old, t.entry.Code)
		if len(old.Recipient) == 0 {
			old.Recipient = ev.Recipient
		}
		return true
	}
	return false
}

// refine replaces ev's code by code when code is a more specific code of the
// same PLOVER type and CAMEO root (040 consult -> 041 discuss by telephone).
func refine(ev *doc.Event, code Code) {
	if code.Type != ev.PLOVER.Type || code.Root() != ev.CAMEO.Root || code.Code <= ev.CAMEO.Code {
		return
	}
	ev.PLOVER = doc.PLOVER{Type: code.Type, Mode: code.Mode, Context: code.Context}
	ev.CAMEO = doc.CAMEO{Code: code.Code, Root: code.Root(), Quad: code.Quad, Goldstein: code.Goldstein}
}

func sameActors(a, b []doc.Participant) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Actor != b[i].Actor {
			return false
		}
	}
	return true
}

func without(ps, drop []doc.Participant) []doc.Participant {
	var out []doc.Participant
	for _, p := range ps {
		keep := true
		for _, q := range drop {
			if p.Actor == q.Actor {
				keep = false
			}
		}
		if keep {
			out = append(out, p)
		}
	}
	return out
}

func (c *coder) date(si int, trig doc.Span) *doc.Date {
	if x := when.Nearest(c.d, si, trig); x != nil && x.Value != "" {
		sp := x.Span
		dt := &doc.Date{Value: x.Value, Text: &sp, Precision: x.Precision}
		if t := strings.ToLower(c.d.Slice(x.Span)); x.Precision == "day" && x.Relation != "" && x.Relation != "on" &&
			strings.Contains(t, "week") && !strings.Contains(t, "weekend") {
			// "last week", "earlier this week": the week, given by its
			// Monday.
			if day, err := time.Parse(doc.DateLayout, x.Value); err == nil {
				back := (int(day.Weekday()) + 6) % 7
				dt.Value, dt.Precision = day.AddDate(0, 0, -back).Format(doc.DateLayout), "week"
			}
		}
		return dt
	}
	if c.d.Date.IsZero() {
		return nil
	}
	return &doc.Date{Value: c.d.DateString(), Precision: "day"}
}

// violent reports codes of material violence: assaults, fighting, mass
// violence (CAMEO 18, 19, 20).
func violent(code string) bool {
	return strings.HasPrefix(code, "18") || strings.HasPrefix(code, "19") || strings.HasPrefix(code, "20")
}

// atHome reports whether violence by actors is at home, so that victims
// named without a country ("demonstrators", "guerrillas") are the actors'
// compatriots: the actors are police, or the sentence places the event in
// their country.
func (c *coder) atHome(actors []doc.Participant, si int) bool {
	x := ""
	police := true
	for _, a := range actors {
		if a.Country == "" || x != "" && a.Country != x {
			return false
		}
		x = a.Country
		if a.Sector != "COP" {
			police = false
		}
	}
	return x != "" && (police || c.placedIn(si) == x)
}

// domestic reports codes of acts a state usually takes against people in
// its own country: coercion (arrests, curfews, bans, expulsions) and
// violent repression.
func domestic(code string) bool {
	return strings.HasPrefix(code, "17")
}

// inheritCountry gives recipients named without a country ("protesters",
// "students") the country of the actors, when they have exactly one:
// "the Syrian government's crackdown on protesters" targets Syrian
// protesters.
func inheritCountry(recips, actors []doc.Participant) []doc.Participant {
	country := ""
	for _, a := range actors {
		switch {
		case a.Country == "":
		case country == "":
			country = a.Country
		case country != a.Country:
			return recips
		}
	}
	if country == "" {
		return recips
	}
	out := append([]doc.Participant(nil), recips...)
	for i := range out {
		if out[i].Country == "" && out[i].Sector != "" {
			out[i].Country = country
		}
	}
	return out
}

// ownCountry returns the country an event with no named target is aimed
// at, when the code makes it the actors' own: coercion and easing of
// restrictions by a state at home (curfews, bans, states of emergency,
// arrests), threats of them, and protests by non-state actors (against
// their government). It returns "" otherwise, or when the actors have no
// single national country.
func (c *coder) ownCountry(code Code, actors []doc.Participant, si int) string {
	cc := code.Code
	state := true
	x := ""
	for _, a := range actors {
		if !c.national(a.Country) {
			return ""
		}
		if x != "" && a.Country != x {
			return ""
		}
		x = a.Country
		switch a.Sector {
		case "", "GOV", "MIL", "COP", "JUD", "LEG", "SPY":
		default:
			state = false
		}
	}
	switch {
	case strings.HasPrefix(cc, "17") || strings.HasPrefix(cc, "081") || strings.HasPrefix(cc, "082") ||
		strings.HasPrefix(cc, "132"):
		if state {
			return x
		}
	case strings.HasPrefix(cc, "14"):
		if !state {
			// At home, unless the sentence places the protest in another
			// country ("rioted at a jail in northern Israel").
			if y := c.placedIn(si); y != "" {
				return y
			}
			return x
		}
	}
	return ""
}

// placedIn returns the country of a place entity after a locative
// preposition in sentence si ("in northern Israel", "outside the US
// embassy" does not count), or "".
func (c *coder) placedIn(si int) string {
	s := c.d.Sentences[si]
	for t := s.TokStart; t < s.TokEnd; t++ {
		switch c.low[t] {
		case "in", "at", "near", "inside", "into":
		default:
			continue
		}
		k := t + 1
		for k < s.TokEnd && k <= t+3 && c.entAt[k] < 0 && (c.low[k] == "the" || c.d.Tokens[k].UPOS == "ADJ") {
			k++
		}
		if k >= s.TokEnd || c.entAt[k] < 0 {
			continue
		}
		e := c.d.Entities[c.entAt[k]]
		if e.Type != "GPE" {
			continue
		}
		if p, ok := c.part(c.entAt[k]); ok && c.national(p.Country) {
			return p.Country
		}
	}
	return ""
}

// national reports whether root is a country.
func (c *coder) national(root string) bool {
	if c.isCountry != nil {
		return c.isCountry(root)
	}
	switch root {
	case "", "IGO", "NGO", "IMG":
		return false
	}
	return len(root) == 3
}

// obligation reports a verb under "must", "should" or "ought to": what
// someone is told to do, which the demand that asks for it codes.
func (c *coder) obligation(i int) bool {
	for depth := 0; i >= 0 && depth < 3; depth++ {
		for _, k := range c.kids[i] {
			if c.d.Tokens[k].Rel == "aux" {
				switch c.low[k] {
				case "must", "should", "ought":
					return true
				}
			}
		}
		if g := c.head(i); g >= 0 && c.rel(i, false) == "xcomp" && c.toInfinitive(i) &&
			(c.lemma[g] == "have" || c.lemma[g] == "need") && c.d.Tokens[g].XPOS != "VBD" {
			// "the record Mr Blair will have to defend": obliged, not
			// done ("had to" is done).
			return true
		}
		// "must agree to changes before they demobilize": a clause under
		// the obligation is part of what is asked.
		switch c.rel(i, false) {
		case "advcl", "xcomp":
			i = c.head(i)
		default:
			return false
		}
	}
	return false
}

// declinesToSpeak reports a refusal whose content is speech: "declined to
// comment", "refused to say whether".
func (c *coder) declinesToSpeak(t trigger) bool {
	k := t.end
	if k < len(c.low) && c.low[k] == "to" {
		k++
	} else if t.end-1 > t.head && c.low[t.end-1] == "to" {
		// the trigger itself ends in "to" ("decline to")
	} else {
		return false
	}
	if k >= len(c.low) {
		return false
	}
	switch c.lemma[k] {
	case "say", "comment", "elaborate", "confirm", "discuss", "disclose", "reveal", "name", "identify",
		"specify", "answer", "speculate", "give", "deny", "respond", "detail", "explain":
		return true
	}
	return false
}

// hasInfinitive reports a "to" infinitive complement of the verb at i: an
// xcomp in the parse, or "to" and a verb within a few words.
func (c *coder) hasInfinitive(i, end, si int) bool {
	if c.parsedSent[si] {
		for _, k := range c.kids[i] {
			if c.rel(k, false) == "xcomp" {
				return true
			}
		}
	}
	for k := i + 1; k+1 < end && k <= i+6; k++ {
		if c.low[k] == "to" && c.d.Tokens[k+1].UPOS == "VERB" {
			return true
		}
		if isClauseBreak(c.low[k]) {
			return false
		}
	}
	return false
}
