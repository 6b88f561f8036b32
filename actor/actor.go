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
	"strings"

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
	r := &resolver{kb: s.kb, d: d, byKey: map[string]int{}}
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
	d := r.d
	e := &d.Entities[ei]
	words, upos := entity.Words(d, *e)
	si := d.SentenceAt(e.Start)
	first := si >= 0 && d.Sentences[si].TokStart == e.TokStart
	if e.TokStart > 0 && strings.EqualFold(d.TokenText(e.TokStart-1), "the") && (si < 0 || d.Sentences[si].TokStart < e.TokStart) {
		// Entity spans leave out the definite article; the mention's
		// reading needs it ("the press service" refers back).
		words = append([]string{d.TokenText(e.TokStart - 1)}, words...)
		upos = append([]string{d.Tokens[e.TokStart-1].UPOS}, upos...)
		first = false
	}
	p, ok := entity.Parse(r.kb, words, upos, 0, first)
	var c coding
	whole := ok && p.N == len(words)
	if whole && p.Entry != nil && p.Entry.Kind == kb.KindCapital && r.placeContext(e) {
		return // "in Ankara", "ANKARA, March 14 -": a place, not an actor
	}
	switch {
	case e.Type == "PERSON" && !(whole && p.HasName() && p.Noun != ""):
		// A bare name: a person already met, or one the dictionaries know.
		c, ok = r.fromName(words[len(words)-(e.TokEnd-e.TokStart):], si, nil)
	case whole:
		c, ok = r.fromPhrase(p, words, d.Slice(e.Span), si)
	default:
		ok = false
	}
	if !ok {
		return
	}
	e.Actor = r.link(c, e.ID)
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
		if c.code == "" {
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
		// A nationality noun in the plural names the people ("Syrians");
		// the adjective alone names no actor.
		last := words[len(words)-1]
		if !strings.HasSuffix(last, "s") || strings.HasSuffix(e.Name, "s") {
			return c, false
		}
		c.country = e.Country
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
	if e, ok := r.kb.Person(full, r.d.Date); ok || len(name) > 1 {
		if !ok {
			e, ok = r.kb.Person(name[len(name)-1], r.d.Date)
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
	if out.country == "" {
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

// placeContext reports whether entity e sits where a place is meant: after a
// locative preposition, or as a dateline opening a paragraph.
func (r *resolver) placeContext(e *doc.Entity) bool {
	d := r.d
	k := e.TokStart - 1
	if k >= 0 && isArticle(d.TokenText(k)) {
		k--
	}
	if k >= 0 {
		switch strings.ToLower(d.TokenText(k)) {
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
	return e.TokStart == s.TokStart && si == par.SentStart && e.TokEnd < len(d.Tokens) && d.TokenText(e.TokEnd) == ","
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
		words = append(words, r.d.TokenText(t))
	}
	found := ""
	for i := 0; i < len(words); i++ {
		e, n, ok := r.kb.Match(words, i)
		if !ok {
			continue
		}
		if e.Kind == kb.KindCountry || e.Kind == kb.KindDemonym || e.Kind == kb.KindCapital || e.Kind == kb.KindSeat {
			if found != "" && found != e.Country {
				return ""
			}
			found = e.Country
		}
		i += n - 1
	}
	return found
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
