// Package actor codes entity mentions as political actors (country + sector,
// CAMEO-style codes) and links mentions of the same actor within a document.
//
// Coding reads the mention's structure (entity.Parse): modifiers give the
// country ("Russian", "the Kremlin", "Syria's"), the role noun gives the
// sector ("foreign minister" GOV, "soldiers" MIL), and a person's name is
// looked up among dated office-holders for the document's date. A later
// mention by surname ("Medvedev"), or by role alone ("the press service"),
// links to the actor already introduced.
package actor

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/entity"
	"github.com/dyad-events/dyad/kb"
)

// Stage codes actors. It runs after the entity stage and is safe for
// concurrent use.
type Stage struct {
	kb *kb.KB
}

// New returns an actor stage reading k.
func New(k *kb.KB) *Stage { return &Stage{kb: k} }

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "actors" }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	r := &resolver{kb: s.kb, d: d, byKey: map[string]int{}, done: make([]bool, len(d.Entities)),
		appos: map[int]coding{}, sameAs: map[int]int{},
		words: make([]string, len(d.Tokens)), upos: make([]string, len(d.Tokens))}
	for t := range d.Tokens {
		r.words[t], r.upos[t] = d.TokenText(t), d.Tokens[t].UPOS
	}
	for ei := range d.Entities {
		if ei%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r.resolve(ei)
	}
	return nil
}

type resolver struct {
	kb    *kb.KB
	d     *doc.Document
	byKey map[string]int // actor key -> index in d.Actors
	keys  []string       // index in d.Actors -> actor key
	last  []int          // actors in order of their latest mention
	done  []bool         // entities already resolved
	cur   int            // the entity being resolved
	// appos holds, for a name in apposition to a title phrase, the
	// phrase's coding; sameAs maps a title phrase in apposition to the
	// name's entity.
	appos  map[int]coding
	sameAs map[int]int
	// words and upos hold every token's text and tag, so that mentions
	// are slices of them.
	words, upos []string
	// docCountries holds the countries the document names (see
	// countryInDoc), computed when first needed.
	docCountries map[string]bool
}

// coding is what one mention says about its actor.
type coding struct {
	key     string
	name    string
	country string
	sector  string
	code    string
	title   string
}

func (r *resolver) resolve(ei int) {
	if r.done[ei] {
		return
	}
	r.done[ei] = true
	defer func(prev int) { r.cur = prev }(r.cur)
	r.cur = ei
	d := r.d
	e := &d.Entities[ei]
	if k, ok := r.sameAs[ei]; ok {
		// An apposition already coded with its name: "X, the White
		// House spokesman".
		if d.Entities[k].Actor != "" {
			e.Actor = r.link(coding{key: r.keyOfActor(d.Entities[k].Actor)}, e.ID)
		}
		return
	}
	words, upos, first := r.mentionWords(e)
	words, upos = r.withoutStance(words, upos)
	si := d.SentenceAt(e.Start)
	p, ok := entity.Parse(r.kb, words, upos, 0, first)
	var c coding
	whole := ok && p.N == len(words)
	if whole && p.Entry != nil && p.Entry.Kind == kb.KindCapital && r.placeContext(e) {
		return // "in Ankara", "ANKARA, March 14 -": a place, not an actor
	}
	if whole && p.Count > 0 && len(p.Mods) == 0 {
		// "the two leaders", "both sides": the actors last named with
		// that role.
		if ks := r.plural(p); len(ks) == p.Count {
			if isCountryNoun(p.Noun) {
				// "both countries" after their leaders: the countries.
				for x, k := range ks {
					ks[x] = r.countryActor(d.Actors[k].Country)
				}
			}
			e.Actor = r.link(coding{key: r.keys[ks[0]]}, e.ID)
			for _, k := range ks[1:] {
				a := &d.Actors[k]
				a.Mentions = append(a.Mentions, e.ID)
				r.last = append(r.last, k)
				e.Also = append(e.Also, a.ID)
			}
			return
		}
	}
	switch {
	case e.Type == "PERSON" && !(whole && p.HasName() && p.Noun != ""):
		// A bare name: a person already met, or one the dictionaries
		// know, with what an apposition says of them.
		var ctx *coding
		if ac, ok := r.appos[ei]; ok {
			ctx = &ac
		} else if ac, ej, ok := r.appositiveAfter(e); ok {
			ctx = &ac
			r.sameAs[ej] = ei
		}
		// The entity's own words (a stance word may have been dropped).
		c, ok = r.fromName(words[len(words)-min(len(words), e.TokEnd-e.TokStart):], si, ctx)
	case whole:
		c, ok = r.fromPhrase(p, words, d.Slice(e.Span), si)
		if ok && (p.Former || r.formerBefore(e)) && p.Noun != "" && p.NounInfo.Title {
			// "former president Carlos Menem": a past office-holder is
			// one of the country's elites, whatever the dictionary says
			// of the office.
			c.sector = "ELI"
			c.code = c.country + c.sector
		}
		if ok && p.Noun != "" && p.NounInfo.Title && !p.HasName() {
			// "the White House spokesman, John Miller, said": the name
			// in apposition is this person.
			if ek, ok := r.nameAfter(e); ok {
				r.appos[ek] = c
				r.resolve(ek)
				if id := d.Entities[ek].Actor; id != "" {
					e.Actor = r.link(coding{key: r.keyOfActor(id)}, e.ID)
					return
				}
			}
		}
	case e.Type == "ORG" || e.Type == "MISC":
		// A name the knowledge base does not know that opens with a
		// country ("Kenya Anti-Corruption Commission", "Rwandan Patriotic
		// Front"): that country, and the sector of its head noun.
		c, ok = r.fromOrgName(words, d.Slice(e.Span))
	default:
		ok = false
	}
	if !ok {
		return
	}
	r.refine(&c, e, p, whole)
	e.Actor = r.link(c, e.ID)
}

// mentionWords returns the words and tags of entity e, with a definite
// article before it, and whether they open the sentence.
func (r *resolver) mentionWords(e *doc.Entity) (words, upos []string, first bool) {
	d := r.d
	from := e.TokStart
	si := d.SentenceAt(e.Start)
	first = si >= 0 && d.Sentences[si].TokStart == e.TokStart
	if e.TokStart > 0 && strings.EqualFold(r.words[e.TokStart-1], "the") && (si < 0 || d.Sentences[si].TokStart < e.TokStart) {
		// Entity spans leave out the definite article; the mention's
		// reading needs it ("the press service" refers back).
		from--
		first = false
	}
	return r.words[from:e.TokEnd:e.TokEnd], r.upos[from:e.TokEnd:e.TokEnd], first
}

// withoutStance drops a leading stance word from a mention: "pro-Iranian
// Hizbollah" is Hizbollah, and "pro-Russian separatists" are not Russian.
// A name the knowledge base lists with the word ("Anti-Defamation League")
// keeps it.
func (r *resolver) withoutStance(words, upos []string) ([]string, []string) {
	i := 0
	if len(words) > 0 && isArticle(strings.ToLower(words[0])) {
		i = 1
	}
	if i+1 >= len(words) {
		return words, upos
	}
	w := strings.ToLower(words[i])
	if !strings.HasPrefix(w, "pro-") && !strings.HasPrefix(w, "anti-") {
		return words, upos
	}
	if _, n, ok := r.kb.Match(words, i); ok && n > 1 {
		return words, upos
	}
	out := append(append([]string(nil), words[:i]...), words[i+1:]...)
	tags := append(append([]string(nil), upos[:i]...), upos[i+1:]...)
	return out, tags
}

// appositiveAfter finds a title phrase in apposition after entity e ("X,
// the White House spokesman,") and returns its coding and entity index.
func (r *resolver) appositiveAfter(e *doc.Entity) (coding, int, bool) {
	d := r.d
	if e.TokEnd >= len(d.Tokens) || r.words[e.TokEnd] != "," {
		return coding{}, 0, false
	}
	ej := r.entityFrom(e.TokEnd+1, true)
	if ej < 0 || r.done[ej] {
		return coding{}, 0, false
	}
	f := &d.Entities[ej]
	if f.Type == "PERSON" || f.Type == "NORP" {
		return coding{}, 0, false
	}
	words, upos, first := r.mentionWords(f)
	p, ok := entity.Parse(r.kb, words, upos, 0, first)
	if !ok || p.N != len(words) || p.Noun == "" || !p.NounInfo.Title || p.HasName() {
		return coding{}, 0, false
	}
	c, ok := r.fromPhrase(p, words, d.Slice(f.Span), d.SentenceAt(f.Start))
	if !ok {
		return coding{}, 0, false
	}
	return coding{country: c.country, sector: c.sector, title: c.title}, ej, true
}

// nameAfter finds a person's name in apposition after entity e ("the
// spokesman, John Miller, said"): a PERSON entity after a comma, followed
// by a comma or the end of the clause.
func (r *resolver) nameAfter(e *doc.Entity) (int, bool) {
	d := r.d
	if e.TokEnd >= len(d.Tokens) || r.words[e.TokEnd] != "," {
		return 0, false
	}
	ek := r.entityFrom(e.TokEnd+1, false)
	if ek < 0 || r.done[ek] || d.Entities[ek].Type != "PERSON" {
		return 0, false
	}
	end := d.Entities[ek].TokEnd
	if end < len(d.Tokens) {
		switch r.words[end] {
		case ",", ".", ";", ")":
		default:
			return 0, false
		}
	}
	return ek, true
}

// entityFrom returns the index of the entity starting at token t, or after
// an article there when article is set; -1 if none.
func (r *resolver) entityFrom(t int, article bool) int {
	d := r.d
	if t >= len(d.Tokens) {
		return -1
	}
	if article && isArticle(r.words[t]) {
		t++
	}
	for ei := range d.Entities {
		if d.Entities[ei].TokStart == t {
			return ei
		}
		if d.Entities[ei].TokStart > t {
			break
		}
	}
	return -1
}

// keyOfActor returns the coding key of the actor with the given ID.
func (r *resolver) keyOfActor(id string) string {
	for k, a := range r.d.Actors {
		if a.ID == id {
			return r.keys[k]
		}
	}
	return ""
}

// refine completes a coding from the words after the mention: a place that
// locates a body of people without a country ("rebels in Darfur",
// "students throughout Indonesia", "a group based in Trinidad"), the
// country a titled person is "of" ("King Hassan of Morocco"), and the actor
// a group is loyal or affiliated to ("militias loyal to the president").
func (r *resolver) refine(c *coding, e *doc.Entity, p entity.Phrase, whole bool) {
	if _, known := r.byKey[c.key]; known {
		return // a later mention of an actor already coded
	}
	country, explicit := r.followingCountry(e)
	switch {
	case country == "" || country == c.country:
		return
	case explicit && whole && p.HasName() && p.NounInfo.Title:
		// "King Hassan of Morocco": the text outranks the dictionary.
	case c.country == "" && (p.Noun != "" || c.title != "") && c.sector != "REF":
		// (Not "refugees in Greece": they are from elsewhere.)
	default:
		return
	}
	c.country = country
	c.code = c.country + c.sector
	if strings.HasPrefix(c.key, "N:") {
		c.key = "N:" + c.code + "|" + c.title
	}
}

// followingCountry reads the words after entity e for the country they
// place it in. explicit reports "of COUNTRY" right after the mention.
func (r *resolver) followingCountry(e *doc.Entity) (country string, explicit bool) {
	d := r.d
	si := d.SentenceAt(e.Start)
	if si < 0 {
		return "", false
	}
	end := d.Sentences[si].TokEnd
	t := e.TokEnd
	word := func(i int) string {
		if i < end {
			return strings.ToLower(r.words[i])
		}
		return ""
	}
	switch word(t) {
	case "based", "stationed", "living", "operating", "deployed", "located", "active", "fighting":
		t++
	case "loyal", "affiliated", "linked", "allied", "aligned", "belonging", "tied", "attached":
		if w := word(t + 1); w == "to" || w == "with" {
			if a := r.actorAt(t+2, end); a != nil && a.Country != "" {
				return a.Country, false
			}
		}
		return "", false
	}
	prep := word(t)
	switch prep {
	case "in", "throughout", "across", "from", "of", "inside":
	default:
		return "", false
	}
	t++
	if word(t) == "the" {
		t++
	}
	if t >= end {
		return "", false
	}
	words := make([]string, 0, 6)
	for i := t; i < end && len(words) < 6; i++ {
		words = append(words, r.words[i])
	}
	m, _, ok := r.kb.Match(words, 0)
	if !ok {
		return "", false
	}
	switch m.Kind {
	case kb.KindCountry, kb.KindCapital:
		return m.Country, prep == "of" && t == e.TokEnd+1
	}
	return "", false
}

// actorAt returns the actor of the entity starting at token t (after an
// optional article), resolving it first when it comes later in the text.
func (r *resolver) actorAt(t, end int) *doc.Actor {
	d := r.d
	for ei := range d.Entities {
		e := &d.Entities[ei]
		if e.TokStart < t || e.TokStart > t+1 || e.TokStart >= end {
			continue
		}
		if e.TokStart == t+1 && !isArticle(r.words[t]) {
			continue
		}
		if e.Actor == "" && !r.done[ei] {
			r.resolve(ei)
		}
		return d.ActorByID(e.Actor)
	}
	return nil
}

// fromOrgName codes an organisation name that opens with a country name or
// nationality word.
func (r *resolver) fromOrgName(words []string, text string) (coding, bool) {
	var c coding
	if len(words) < 2 {
		return c, false
	}
	m, n, ok := r.kb.Match(words, 0)
	if !ok || n >= len(words) {
		return c, false
	}
	switch m.Kind {
	case kb.KindCountry, kb.KindDemonym:
	default:
		return c, false
	}
	c.country = m.Country
	if ni, ok := r.kb.Noun(strings.ToLower(words[len(words)-1])); ok && ni.Sector != "" {
		c.sector = ni.Sector
	}
	c.name = text
	c.code = c.country + c.sector
	c.key = "O:" + strings.ToLower(text)
	return c, true
}

func (r *resolver) fromPhrase(p entity.Phrase, words []string, text string, si int) (coding, bool) {
	var c coding
	// An organisation or seat among the modifiers codes the actor whole
	// ("a spokeswoman for the European Commission" is the Commission's);
	// otherwise the first modifier gives the country and the noun the
	// sector.
	org := false
	for _, m := range p.Mods {
		switch m.Kind {
		case kb.KindSeat, kb.KindIGO, kb.KindGroup, kb.KindNGO, kb.KindOrg:
			if !org {
				org = true
				c.country, c.sector, c.code = m.Country, m.Sector, m.Code
			}
		default:
			if c.country == "" {
				c.country = m.Country
			}
		}
	}
	if p.HasName() {
		if p.Noun != "" {
			c.title = p.Noun
			if p.NounInfo.Sector != "" && !org {
				c.sector = p.NounInfo.Sector
			}
		}
		return r.fromName(words[p.NameStart:p.NameEnd], si, &c)
	}
	if p.Noun != "" {
		if p.NounInfo.Sector != "" && (!org || c.sector == "") {
			c.sector = p.NounInfo.Sector
			c.code = ""
		}
		c.title = p.Noun
		c.name = text
		if c.country == "" && p.Det && (p.NounInfo.Title || !strings.HasSuffix(p.Noun, "s")) {
			// "the press service", "the spokesman": the actor last named
			// with that role.
			if k := r.byRole(p.Noun); k >= 0 {
				c.key = r.keyOf(k)
				return c, true
			}
		}
		if c.country == "" && c.sector != "" && !p.Det {
			// "Israeli intelligence officials" split into two names:
			// the name just before the noun says whose they are.
			c.country = r.modifierCountry()
		}
		switch {
		case c.country != "" || c.sector == "":
		case p.NounInfo.Group && !p.Det && c.sector != "REF":
			// "police arrested protesters in Cairo": bodies of people the
			// text does not attach to a country are placed by where the
			// sentence happens, or by the dateline; not refugees, who
			// are from elsewhere.
			c.country = r.placeCountry(si)
		case p.NounInfo.Title:
			// "ISLAMABAD, Jan. 5 - The prime minister said": an office no
			// earlier mention explains is the dateline country's.
			c.country = r.datelineCountry()
		}
		if c.code == "" || len(c.code) < 3 || c.code[:3] != c.country {
			c.code = c.country + c.sector
		}
		if c.code == "" {
			return c, false
		}
		c.key = "N:" + c.code + "|" + p.Noun
		return c, true
	}
	e := p.Entry
	if e == nil {
		return c, false
	}
	switch e.Kind {
	case kb.KindPerson:
		return r.fromName(words, si, nil)
	case kb.KindDemonym:
		last := words[len(words)-1]
		c.country = e.Country
		if strings.HasSuffix(last, "s") && !strings.HasSuffix(e.Name, "s") {
			// A nationality noun in the plural names the people:
			// "Syrians" are civilians, "the Syrians" the nation.
			if !p.Det {
				c.sector = "CVL"
			}
			break
		}
		if h, ok := r.sharedHead(); ok {
			// "Hungarian and Romanian officials": the noun after the
			// last of coordinated nationality words heads them all.
			c.sector, c.title = h.NounInfo.Sector, h.Noun
			c.code = c.country + c.sector
			c.name = text
			c.key = "N:" + c.code + "|" + h.Noun
			return c, true
		}
		// A nationality adjective on a thing ("an Israeli offer",
		// "Iraqi gunfire") stands for its country.
	case kb.KindCapital:
		// A capital acting stands for its government ("Moscow has
		// proposed"); the place reading is the geo stage's.
		c.country, c.sector = e.Country, "GOV"
	case kb.KindCountry:
		c.country = e.Country
	default:
		c.country, c.sector, c.code = e.Country, e.Sector, e.Code
	}
	c.name = r.displayName(e)
	if c.code == "" {
		c.code = c.country + c.sector
	}
	c.key = "K:" + c.code + "|" + e.Organ
	return c, true
}

// fromName codes a person by name: a person already in the document, a dated
// office-holder, or what the surrounding phrase says (c, may be nil).
func (r *resolver) fromName(name []string, si int, c *coding) (coding, bool) {
	var out coding
	if c != nil {
		out = *c
	}
	sur := entity.Surname(name)
	if sur == "" {
		return out, false
	}
	out.key = "P:" + sur
	full := joinName(name)
	if k, ok := r.byKey[out.key]; ok {
		a := &r.d.Actors[k]
		// A fuller mention may add what the first one lacked.
		if a.Country == "" && out.country != "" {
			a.Country, a.Sector, a.Code = out.country, out.sector, out.country+out.sector
		}
		if a.Title == "" {
			a.Title = out.title
		}
		if len(full) > len(a.Name) {
			a.Name = full
		}
		return out, true
	}
	out.name = full
	namesake := false
	if e, ok := r.kb.Person(full, r.d.Date); ok || len(name) > 1 {
		if ok && e.Name != "" && len(e.Name) < len(full) {
			// The dictionary's name for a form with a title in it
			// ("President Vladimir Putin").
			out.name = e.Name
		}
		if !ok && !namesake {
			e, ok = r.kb.Person(name[len(name)-1], r.d.Date)
		}
		if ok && !e.Office && out.country == "" && !r.countryInDoc(e.Country) {
			// A private figure of a country the story never names is
			// most likely a namesake: the dictionaries list many common
			// names ("John Smith") under one country's elites. (Former
			// office-holders keep their country.)
			namesake = true
			ok = false
		}
		if ok {
			if out.country == "" {
				out.country = e.Country
			}
			if out.sector == "" {
				out.sector = e.Sector
			}
		}
	}
	if out.country == "" && !namesake {
		// A name the knowledge base lists under another kind ("Assad" as
		// the Syrian government in the Phoenix dictionaries).
		if e, n, ok := r.kb.Match(name, 0); ok && n == len(name) && e.Country != "" {
			out.country = e.Country
			if out.sector == "" {
				out.sector = e.Sector
			}
		} else if e, n, ok := r.kb.Match(name, len(name)-1); ok && n == 1 && e.Kind != kb.KindCountry && e.Kind != kb.KindDemonym && e.Country != "" {
			out.country = e.Country
			if out.sector == "" {
				out.sector = e.Sector
			}
		}
	}
	if out.country == "" && out.title != "" {
		// A titled person the dictionaries do not know ("Prime Minister
		// X"): the one country the sentence names, if it names only one.
		out.country = r.soleCountry(si)
	}
	if out.code == "" || out.code[:min(3, len(out.code))] != out.country {
		out.code = out.country + out.sector
	}
	return out, true
}

// sharedHead returns the phrase that closes a coordination of nationality
// words after the current entity: at "Hungarian" in "Hungarian and
// Romanian officials", the phrase "Romanian officials".
func (r *resolver) sharedHead() (entity.Phrase, bool) {
	d := r.d
	e := &d.Entities[r.cur]
	si := d.SentenceAt(e.Start)
	if si < 0 {
		return entity.Phrase{}, false
	}
	s := d.Sentences[si]
	words := make([]string, 0, 12)
	upos := make([]string, 0, 12)
	for t := e.TokEnd; t < s.TokEnd && len(words) < 12; t++ {
		words = append(words, r.words[t])
		upos = append(upos, d.Tokens[t].UPOS)
	}
	i := 0
	for i < len(words) && (words[i] == "and" || words[i] == "," || words[i] == "&" || words[i] == "or") {
		i++
		if i >= len(words) {
			break
		}
		m, n, ok := r.kb.Match(words, i)
		if !ok || (m.Kind != kb.KindDemonym && m.Kind != kb.KindCountry) {
			return entity.Phrase{}, false
		}
		if p, ok := entity.Parse(r.kb, words, upos, i, false); ok && len(p.Mods) > 0 && p.Noun != "" && !p.HasName() {
			return p, true
		}
		i += n
	}
	return entity.Phrase{}, false
}

// placeContext reports whether entity e sits where a place is meant: after a
// locative preposition, or as a dateline opening a paragraph.
func (r *resolver) placeContext(e *doc.Entity) bool {
	d := r.d
	k := e.TokStart - 1
	if k >= 0 && isArticle(r.words[k]) {
		k--
	}
	if k >= 0 {
		switch strings.ToLower(r.words[k]) {
		case "in", "at", "from", "near", "to", "outside", "across", "into", "around", "inside", "throughout":
			return true
		}
	}
	si := d.SentenceAt(e.Start)
	if si < 0 {
		return false
	}
	s := d.Sentences[si]
	par := d.Paragraphs[s.Paragraph]
	return e.TokStart == s.TokStart && si == par.SentStart && e.TokEnd < len(d.Tokens) && r.words[e.TokEnd] == ","
}

// soleCountry returns the country of the only country-level mention in
// sentence si, or "".
func (r *resolver) soleCountry(si int) string {
	if si < 0 {
		return ""
	}
	s := r.d.Sentences[si]
	var words []string
	for t := s.TokStart; t < s.TokEnd; t++ {
		words = append(words, r.words[t])
	}
	found := ""
	for i := 0; i < len(words); i++ {
		e, n, ok := r.kb.Match(words, i)
		if !ok {
			continue
		}
		if e.Kind == kb.KindCountry || e.Kind == kb.KindDemonym || e.Kind == kb.KindCapital || e.Kind == kb.KindSeat {
			if r.modifiesTitle(words, i+n) {
				// "South African leader F.W. de Klerk": the country
				// belongs to another person.
				i += n - 1
				continue
			}
			if found != "" && found != e.Country {
				return ""
			}
			found = e.Country
		}
		i += n - 1
	}
	return found
}

// placeCountry returns the country where sentence si places its events:
// the only country or capital named after a locative preposition ("in
// Cairo", "across Syria"), else the document's dateline ("CAIRO, Jan. 5
// -"), else "".
func (r *resolver) placeCountry(si int) string {
	if si < 0 {
		return ""
	}
	s := r.d.Sentences[si]
	found := ""
	for t := s.TokStart; t < s.TokEnd; t++ {
		switch strings.ToLower(r.words[t]) {
		case "in", "at", "near", "across", "throughout", "outside", "inside", "around":
		default:
			continue
		}
		k := t + 1
		if k < s.TokEnd && strings.EqualFold(r.words[k], "the") {
			k++
		}
		if k >= s.TokEnd {
			continue
		}
		// The place, and any coordinated with it ("in Cairo and Amman").
		for k < s.TokEnd {
			e, n, ok := r.kb.Match(r.words[k:s.TokEnd], 0)
			if !ok || e.Kind != kb.KindCountry && e.Kind != kb.KindCapital {
				break
			}
			if found != "" && found != e.Country {
				return ""
			}
			found = e.Country
			k += n
			if k+1 >= s.TokEnd || r.words[k] != "and" && r.words[k] != "," {
				break
			}
			k++
		}
	}
	if found != "" {
		return found
	}
	return r.datelineCountry()
}

// countryInDoc reports whether the document names country x: by its name,
// a nationality word, its capital or a seat of government, anywhere in an
// entity or in the dateline.
func (r *resolver) countryInDoc(x string) bool {
	if r.docCountries == nil {
		r.docCountries = map[string]bool{}
		for _, e := range r.d.Entities {
			for t := e.TokStart; t < e.TokEnd; t++ {
				m, _, ok := r.kb.Match(r.words[t:e.TokEnd], 0)
				if !ok || m.Country == "" {
					continue
				}
				switch m.Kind {
				case kb.KindCountry, kb.KindDemonym, kb.KindCapital, kb.KindSeat:
					r.docCountries[m.Country] = true
				}
			}
		}
		if c := r.datelineCountry(); c != "" {
			r.docCountries[c] = true
		}
	}
	return r.docCountries[x]
}

// modifierCountry returns the country of the coded name or nationality
// word that ends right where the current entity starts ("Israeli
// intelligence" before "officials", "Russian civilian" before "advisers"),
// or "". A person's name or a place after a locative preposition does not
// count.
func (r *resolver) modifierCountry() string {
	d := r.d
	e := d.Entities[r.cur]
	for j := r.cur - 1; j >= 0; j-- {
		m := d.Entities[j]
		if m.TokEnd < e.TokStart {
			return ""
		}
		if m.TokEnd != e.TokStart {
			continue
		}
		switch m.Type {
		case "NORP", "ORG", "MISC":
		default:
			return ""
		}
		r.resolve(j)
		if m = d.Entities[j]; m.Actor == "" {
			return ""
		}
		if a := d.ActorByID(m.Actor); a != nil {
			return a.Country
		}
		return ""
	}
	return ""
}

// datelineCountry returns the country of a dateline opening the document
// ("ANKARA, March 14 -", "Moscow (Reuters) -"), or "".
func (r *resolver) datelineCountry() string {
	if len(r.words) < 2 {
		return ""
	}
	e, n, ok := r.kb.Match(r.words, 0)
	if !ok || e.Kind != kb.KindCapital || n >= len(r.words) {
		return ""
	}
	if w := r.words[n]; w == "," || w == "(" || w == "-" || w == "—" {
		return e.Country
	}
	return ""
}

// modifiesTitle reports whether words[j:] continue a country word with a
// title ("leader", "foreign minister"), possibly after a possessive.
func (r *resolver) modifiesTitle(words []string, j int) bool {
	if j < len(words) && (words[j] == "'s" || words[j] == "’s") {
		j++
	}
	lw := make([]string, 0, 4)
	for i := j; i < len(words) && len(lw) < 4; i++ {
		lw = append(lw, strings.ToLower(words[i]))
	}
	ni, n, ok := r.kb.MatchNoun(lw, 0)
	if !ok || !ni.Title {
		return false
	}
	k := j + n
	return k < len(words) && isCapitalised(words[k])
}

// formerBefore reports "former" or "ex" just before entity e, possibly
// with one capitalised word between ("Former Socialist prime minister").
func (r *resolver) formerBefore(e *doc.Entity) bool {
	for k := e.TokStart - 1; k >= 0 && k >= e.TokStart-2; k-- {
		w := r.words[k]
		switch strings.ToLower(w) {
		case "former", "ex":
			return true
		}
		if !isCapitalised(w) {
			return false
		}
	}
	return false
}

func isCapitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

func (r *resolver) displayName(e *kb.Entry) string {
	if e.Kind == kb.KindCountry || e.Kind == kb.KindCapital || e.Kind == kb.KindDemonym {
		if c, ok := r.kb.Country(e.Country); ok {
			if e.Kind == kb.KindCapital {
				return c.Name + " (government)"
			}
			return c.Name
		}
	}
	if e.Organ != "" && !strings.Contains(e.Name, e.Organ) {
		return e.Name + " " + e.Organ
	}
	return e.Name
}

// plural returns the actors a plural reference back names, in the order
// they were introduced: the p.Count most recently mentioned distinct
// countries for "the two countries" and "both sides", persons for "the two
// leaders". It returns fewer when the text has fewer.
func (r *resolver) plural(p entity.Phrase) []int {
	const window = 200
	var out []int
	seen := map[string]bool{}
	for i := len(r.last) - 1; i >= 0 && i >= len(r.last)-window && len(out) < p.Count; i-- {
		k := r.last[i]
		a := &r.d.Actors[k]
		var id string
		switch {
		case p.Noun == "sides" || p.Noun == "governments" || isCountryNoun(p.Noun):
			if _, national := r.kb.Country(a.Country); !national {
				continue
			}
			id = a.Country
		default:
			// Persons, named or by a singular title ("his Pakistani
			// counterpart").
			if ni, _ := r.kb.Noun(a.Title); !strings.HasPrefix(r.keys[k], "P:") && !ni.Title {
				continue
			}
			id = r.keys[k]
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// countryActor returns the index of the country-level actor for code,
// creating it when the document has none yet.
func (r *resolver) countryActor(code string) int {
	key := "K:" + code + "|"
	if k, ok := r.byKey[key]; ok {
		return k
	}
	name := code
	if c, ok := r.kb.Country(code); ok {
		name = c.Name
	}
	k := len(r.d.Actors)
	r.d.Actors = append(r.d.Actors, doc.Actor{ID: fmt.Sprintf("a%d", k+1), Name: name, Country: code, Code: code})
	r.byKey[key] = k
	r.keys = append(r.keys, key)
	return k
}

func isCountryNoun(n string) bool {
	switch n {
	case "countries", "nations", "states", "neighbours", "neighbors":
		return true
	}
	return false
}

// byRole returns the actor most recently mentioned with role noun, or -1.
func (r *resolver) byRole(noun string) int {
	// Look back over recent mentions only: a role noun refers to an actor
	// named shortly before, and the bound keeps long documents linear.
	const window = 200
	for i := len(r.last) - 1; i >= 0 && i >= len(r.last)-window; i-- {
		k := r.last[i]
		if t := r.d.Actors[k].Title; t == noun || strings.HasSuffix(t, " "+noun) {
			return k
		}
	}
	return -1
}

func (r *resolver) keyOf(k int) string { return r.keys[k] }

// link attaches mention id to the actor with c's key, creating the actor on
// first mention, and returns the actor's ID.
func (r *resolver) link(c coding, id string) string {
	d := r.d
	k, ok := r.byKey[c.key]
	if !ok {
		k = len(d.Actors)
		name := c.name
		if name == "" {
			name = c.code
		}
		d.Actors = append(d.Actors, doc.Actor{
			ID: fmt.Sprintf("a%d", k+1), Name: name, Country: c.country, Sector: c.sector,
			Code: c.code, Title: c.title,
		})
		r.byKey[c.key] = k
		r.keys = append(r.keys, c.key)
	}
	a := &d.Actors[k]
	a.Mentions = append(a.Mentions, id)
	r.last = append(r.last, k)
	return a.ID
}

// joinName writes name words as text: "al", "-", "Assad" is "al-Assad".
func joinName(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 && w != "-" && words[i-1] != "-" {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

func isArticle(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an":
		return true
	}
	return false
}
