// Package geo resolves place mentions to gazetteer entries (GeoNames
// countries, first-level divisions and places of at least 1,000 people) and
// gives events and counts a location.
//
// # Mentions
//
// Place mentions are the GPE and LOC entities of the entity layer that do
// not act: a country or capital that is an actor in an event or a quote's
// speaker ("Moscow has proposed") is not a place. Nationality words (NORP)
// are never places. A mention the knowledge base reads as a country or a
// capital takes that entry; any other is looked up by name in the
// gazetteer.
//
// # Disambiguation
//
// Each candidate scores the log of its population, plus bonuses from the
// document: its country is one the story names (actors' countries, the
// dateline, places resolved unambiguously); its division is named in the
// story; the mention is followed by its division or country ("Alexandria,
// La.", "Alexandria, Egypt"); it is a capital or an administrative seat;
// it lies within 300 km of the places resolved unambiguously. A division
// or a country whose name is also a town's wins over small towns of that
// name.
//
// # Locations
//
// An event or count takes the place a locative preposition attaches to it
// in its sentence ("in Homs", "near Aleppo", "outside Kabul"), nearest the
// trigger; else the dateline's place; else, when the story's places or
// actors name one country, that country at country resolution.
package geo

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/entity"
	"github.com/dyad-events/dyad/kb"
)

// Stage resolves places and event locations. It runs after the event and
// count stages and is safe for concurrent use.
type Stage struct {
	kb  *kb.KB
	gaz *Gazetteer
}

// New returns a geo stage using k's countries and capitals and the
// gazetteer g (nil: countries and capitals only).
func New(k *kb.KB, g *Gazetteer) *Stage { return &Stage{kb: k, gaz: g} }

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "places" }

// mention is a place mention and its candidates.
type mention struct {
	ent   doc.Entity
	cands []Entry
	pick  int
}

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	acting := map[doc.Span]bool{}
	for _, ev := range d.Events {
		for _, p := range append(append([]doc.Participant{}, ev.Actor...), ev.Recipient...) {
			acting[p.Span] = true
		}
	}
	for _, q := range d.Quotes {
		if q.Speaker != nil {
			acting[q.Speaker.Span] = true
		}
	}
	var ms []*mention
	for _, e := range d.Entities {
		if e.Type == "ORG" || e.Type == "MISC" {
			// "the Illinois Department of Employment Security", "the
			// University of Texas": a division or country named inside
			// a name is a place mention of its own.
			ms = append(ms, s.inside(d, e)...)
			continue
		}
		if (e.Type != "GPE" && e.Type != "LOC") || acting[e.Span] {
			continue
		}
		if m := s.candidates(d, e); m != nil {
			ms = append(ms, m)
		}
	}
	countries := s.resolve(d, ms)
	keep := s.supported(d, ms, countries)
	placeAt := map[int]int{} // first token of a place mention -> place index
	for i, m := range ms {
		if m.pick < 0 || !keep[i] {
			continue
		}
		c := m.cands[m.pick]
		pl := doc.Place{Span: m.ent.Span, Name: c.Name, Country: c.Country, Admin1: c.Admin1, GeonameID: c.GeoID,
			Lat: c.Lat, Lon: c.Lon, HasCoord: c.Lat != 0 || c.Lon != 0, Feature: c.Feature}
		placeAt[m.ent.TokStart] = len(d.Places)
		d.Places = append(d.Places, pl)
	}
	s.stateAbbrevs(d, placeAt)
	fallback := s.storyLocation(d)
	for i := range d.Events {
		if err := ctx.Err(); err != nil {
			return err
		}
		ev := &d.Events[i]
		ev.Location = s.locate(d, placeAt, ev.Sentence, ev.Trigger)
		if ev.Location == nil {
			ev.Location = fallback
		}
	}
	for i := range d.Counts {
		c := &d.Counts[i]
		c.Location = s.locate(d, placeAt, c.Sentence, c.Span)
		if c.Location == nil {
			c.Location = fallback
		}
	}
	return nil
}

// candidates returns the mention of entity e with its gazetteer
// candidates, or nil when no entry has its name.
func (s *Stage) candidates(d *doc.Document, e doc.Entity) *mention {
	words, upos := entity.Words(d, e)
	// The knowledge base knows a country by its variants ("the U.S.",
	// "Britain") and capitals: its reading is one candidate among the
	// gazetteer's ("Georgia" is also a US state, "Paris" a Texas town).
	var kbEntry *Entry
	if p, ok := entity.Parse(s.kb, words, upos, 0, false); ok && p.Entry != nil && p.N == len(words) {
		if c, ok := s.kb.Country(p.Entry.Country); ok {
			switch p.Entry.Kind {
			case kb.KindCountry:
				ce := Entry{Ref: -1, Level: Country, Name: c.Name, Country: c.A3, GeoID: c.GeoID, Feature: "PCLI"}
				if s.gaz != nil {
					if g, ok := s.gaz.CountryEntry(c.A3); ok {
						ce.Ref, ce.Lat, ce.Lon, ce.Population = g.Ref, g.Lat, g.Lon, g.Population
					}
				}
				kbEntry = &ce
			case kb.KindCapital:
				if c.CapitalGeoID != 0 {
					kbEntry = &Entry{Ref: -1, Level: City, Name: c.Capital, Country: c.A3, GeoID: c.CapitalGeoID, Lat: c.Lat, Lon: c.Lon, Feature: "PPLC", Population: 1_000_000}
				}
			}
		}
	}
	if stopName[strings.ToLower(strings.Join(words, " "))] {
		return nil
	}
	if e.TokEnd < len(d.Tokens) {
		switch next := d.TokenText(e.TokEnd); next {
		case "County", "Parish", "Borough", "Township", "District":
			// "Guernsey County" read as "Guernsey": the county, when the
			// gazetteer has it, not the place the first word names.
			if s.gaz == nil {
				return nil
			}
			cs := s.gaz.Lookup(strings.Join(words, " ") + " " + next)
			if len(cs) == 0 {
				return nil
			}
			e.Span.End, e.TokEnd = d.Tokens[e.TokEnd].End, e.TokEnd+1
			return &mention{ent: e, cands: cs, pick: -1}
		}
	}
	if s.gaz != nil {
		// "Fla.", "W.Va.": a US state's AP abbreviation, before any
		// place whose folded name it shares.
		if code := usStateByAbbrev(strings.Join(words, "")); code != "" {
			if a, ok := s.gaz.Admin1ByCode("US." + code); ok {
				return &mention{ent: e, cands: []Entry{a}, pick: -1}
			}
		}
	}
	var cands []Entry
	if s.gaz != nil {
		name := strings.Join(words, " ")
		if low := strings.ToLower(name); strings.HasPrefix(low, "the ") {
			name = name[4:]
		}
		cands = s.gaz.Lookup(name)
		if len(cands) > maxCandidates {
			cands = cands[:maxCandidates]
		}
	}
	if kbEntry != nil {
		dup := false
		for _, c := range cands {
			if c.GeoID == kbEntry.GeoID || (c.Level == Country && c.Country == kbEntry.Country && kbEntry.Level == Country) {
				dup = true
			}
		}
		if !dup {
			cands = append([]Entry{*kbEntry}, cands...)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return &mention{ent: e, cands: cands, pick: -1}
}

// maxCandidates bounds the entries scored for one name ("Springfield" has
// dozens).
const maxCandidates = 150

// resolve picks each mention's candidate (see the package documentation)
// and returns the countries the story names through its actors, dateline
// and settled places.
func (s *Stage) resolve(d *doc.Document, ms []*mention) map[string]bool {
	countries := map[string]bool{}
	for _, a := range d.Actors {
		if len(a.Country) == 3 {
			countries[a.Country] = true
		}
	}
	if c := s.datelineCountry(d); c != "" {
		countries[c] = true
	}
	admin1 := map[string]bool{}
	// Divisions and countries named inside other names count as context
	// ("the Illinois Department of Employment Security").
	if s.gaz != nil {
		for _, e := range d.Entities {
			if e.Type == "PERSON" {
				continue
			}
			for t := e.TokStart; t < e.TokEnd; t++ {
				for n := 2; n >= 1; n-- {
					if t+n > e.TokEnd {
						continue
					}
					words := make([]string, 0, n)
					for k := t; k < t+n; k++ {
						words = append(words, d.TokenText(k))
					}
					w := strings.Join(words, " ")
					if w == "" || !(w[0] >= 'A' && w[0] <= 'Z') {
						continue
					}
					cs := s.gaz.Lookup(w)
					if len(cs) == 0 || cs[0].Level == City || !unambiguous(cs) {
						continue
					}
					countries[cs[0].Country] = true
					if cs[0].Level == Admin1 {
						admin1[cs[0].Admin1Code] = true
					}
					break
				}
			}
		}
	}
	// First the mentions that leave no doubt: fixed by the knowledge
	// base, a single candidate, or a division or country.
	var anchors []Entry
	for _, m := range ms {
		m.pick = -1
		if unambiguous(m.cands) {
			m.pick = 0
		} else if next := s.followingName(d, m.ent); next != "" {
			// "London, Ontario", "Alexandria, La.": the division or
			// country after the comma settles it.
			best := -1
			for i, c := range m.cands {
				if matchesDivision(next, c) || s.countryName(next) == c.Country && c.Level == City {
					if best < 0 || c.Population > m.cands[best].Population {
						best = i
					}
				}
			}
			m.pick = best
		}
		if m.pick < 0 {
			continue
		}
		c := m.cands[m.pick]
		countries[c.Country] = true
		if c.Level == Admin1 {
			admin1[c.Admin1Code] = true
		}
		if c.Level == City && len(anchors) < maxAnchors && !hasEntry(anchors, c) {
			anchors = append(anchors, c)
		}
	}
	score := func(m *mention, c Entry, next string, votes map[string]float64, a1votes map[string]float64) float64 {
		pop := float64(c.Population)
		if c.Level == Admin1 {
			pop /= 10 // a division's people are not all in one place
		}
		sc := math.Log10(pop + 10)
		if countries[c.Country] {
			sc += countryBonus
		}
		sc += voteWeight * votes[c.Country]
		if c.Admin1Code != "" {
			if admin1[c.Admin1Code] {
				sc += 2
			}
			sc += a1VoteWeight * a1votes[c.Admin1Code]
		}
		if next != "" && (matchesDivision(next, c) || strings.EqualFold(next, c.Country) || s.countryName(next) == c.Country) {
			sc += 5
		}
		switch c.Feature {
		case "PPLC":
			sc += 1.5
		case "PPLA", "PPLA2":
			sc += 0.5
		case "ADM1":
			sc += 1
		case "ADM2":
			sc += 0.5
		case "PCLI":
			sc += 2
		}
		for _, a := range anchors {
			if Distance(a.Lat, a.Lon, c.Lat, c.Lon) < 300 {
				sc += 1.5
				break
			}
		}
		return sc
	}
	// Two passes: the second adds votes, the share of the other mentions
	// whose first-pass pick lies in the candidate's country and division.
	// Mentions of one name with the same follower resolve together, and a
	// name votes nothing for itself.
	groups := map[string]*group{}
	var order []string
	nameOf := map[*mention]string{}
	for _, m := range ms {
		name := strings.ToLower(d.Slice(m.ent.Span))
		nameOf[m] = name
		if m.pick >= 0 {
			continue
		}
		next := s.followingName(d, m.ent)
		key := name + "\x00" + next
		g, ok := groups[key]
		if !ok {
			g = &group{next: next}
			groups[key] = g
			order = append(order, key)
		}
		g.ms = append(g.ms, m)
	}
	best := func(m *mention, next string, votes, a1votes map[string]float64) int {
		b, bestScore := 0, math.Inf(-1)
		for i, c := range m.cands {
			if sc := score(m, c, next, votes, a1votes); sc > bestScore {
				b, bestScore = i, sc
			}
		}
		return b
	}
	for _, key := range order {
		g := groups[key]
		g.first = best(g.ms[0], g.next, nil, nil)
	}
	// Tallies over every mention, and per name, to take a name's own
	// share out; two rounds, the second voting with the first's picks.
	for _, key := range order {
		for _, m := range groups[key].ms {
			m.pick = groups[key].first
		}
	}
	for round := 0; round < voteRounds; round++ {
		s.vote(ms, groups, order, nameOf, best)
	}
	return countries
}

// supported reports, per mention, whether to keep it: a small town (fewer
// than 5,000 people) must lie in a country the story names otherwise (its
// actors, the dateline, another place); "Frankenstein" for a film, "Wal" of
// "Wal-Mart" are dropped.
func (s *Stage) supported(d *doc.Document, ms []*mention, countries map[string]bool) []bool {
	byCountry := map[string]map[string]bool{} // country -> names resolved there
	for _, m := range ms {
		if m.pick < 0 {
			continue
		}
		c := m.cands[m.pick].Country
		if byCountry[c] == nil {
			byCountry[c] = map[string]bool{}
		}
		byCountry[c][strings.ToLower(d.Slice(m.ent.Span))] = true
	}
	keep := make([]bool, len(ms))
	for i, m := range ms {
		if m.pick < 0 {
			continue
		}
		c := m.cands[m.pick]
		if c.Level != City || c.Population >= smallTown {
			keep[i] = true
			continue
		}
		others := len(byCountry[c.Country])
		if byCountry[c.Country][strings.ToLower(d.Slice(m.ent.Span))] {
			others--
		}
		keep[i] = others > 0 || countries[c.Country]
	}
	return keep
}

// smallTown is the population under which a town needs the story's
// support to count as the place meant.
const smallTown = 5000

// voteRounds is how many times the votes are tallied and the picks redone.
const voteRounds = 2

// group is the mentions of one name with the same follower.
type group struct {
	ms    []*mention
	next  string
	first int
}

// vote re-picks each group's candidate with the votes of the other
// mentions' current picks.
func (s *Stage) vote(ms []*mention, groups map[string]*group, order []string, nameOf map[*mention]string,
	best func(m *mention, next string, votes, a1votes map[string]float64) int) {
	pickOf := func(m *mention) Entry { return m.cands[m.pick] }
	total, totalA1 := map[string]float64{}, map[string]float64{}
	byName := map[string]map[string]float64{}
	byNameA1 := map[string]map[string]float64{}
	count := map[string]float64{}
	for _, m := range ms {
		c := pickOf(m)
		n := nameOf[m]
		if byName[n] == nil {
			byName[n], byNameA1[n] = map[string]float64{}, map[string]float64{}
		}
		total[c.Country]++
		byName[n][c.Country]++
		if c.Admin1Code != "" {
			totalA1[c.Admin1Code]++
			byNameA1[n][c.Admin1Code]++
		}
		count[n]++
	}
	picks := make([]int, 0, len(order))
	for _, key := range order {
		g := groups[key]
		m := g.ms[0]
		n := nameOf[m]
		others := float64(len(ms)) - count[n]
		if others <= 0 {
			others = 1
		}
		votes, a1votes := map[string]float64{}, map[string]float64{}
		for _, c := range m.cands {
			if _, done := votes[c.Country]; !done {
				votes[c.Country] = (total[c.Country] - byName[n][c.Country]) / others
			}
			if c.Admin1Code != "" {
				if _, done := a1votes[c.Admin1Code]; !done {
					a1votes[c.Admin1Code] = (totalA1[c.Admin1Code] - byNameA1[n][c.Admin1Code]) / others
				}
			}
		}
		picks = append(picks, best(m, g.next, votes, a1votes))
	}
	for i, key := range order {
		for _, x := range groups[key].ms {
			x.pick = picks[i]
		}
	}
}

// stateAbbrevs adds the US states written as AP abbreviations after a
// comma ("Charleston, W.Va.", "Washington, D.C.") that the entity layer
// missed.
func (s *Stage) stateAbbrevs(d *doc.Document, placeAt map[int]int) {
	if s.gaz == nil {
		return
	}
	for t := 1; t < len(d.Tokens); t++ {
		if d.TokenText(t-1) != "," {
			continue
		}
		if _, done := placeAt[t]; done {
			continue
		}
		for n := 2; n >= 1; n-- {
			if t+n > len(d.Tokens) {
				continue
			}
			var b strings.Builder
			for k := t; k < t+n; k++ {
				b.WriteString(d.TokenText(k))
			}
			code := usStateByAbbrev(b.String())
			if code == "" {
				continue
			}
			a, ok := s.gaz.Admin1ByCode("US." + code)
			if !ok {
				break
			}
			sp := doc.Span{Start: d.Tokens[t].Start, End: d.Tokens[t+n-1].End}
			placeAt[t] = len(d.Places)
			d.Places = append(d.Places, doc.Place{Span: sp, Name: a.Name, Country: a.Country, Admin1: a.Admin1, GeonameID: a.GeoID,
				Lat: a.Lat, Lon: a.Lon, HasCoord: true, Feature: a.Feature})
			break
		}
	}
	sort.SliceStable(d.Places, func(i, j int) bool { return d.Places[i].Start < d.Places[j].Start })
	for k := range placeAt {
		delete(placeAt, k)
	}
	for i, p := range d.Places {
		placeAt[d.TokenAt(p.Start)] = i
	}
}

// inside returns the mentions of divisions and countries named within the
// name e (one or two words that the gazetteer reads unambiguously as one).
func (s *Stage) inside(d *doc.Document, e doc.Entity) []*mention {
	if s.gaz == nil {
		return nil
	}
	var out []*mention
	for t := e.TokStart; t < e.TokEnd; t++ {
		for n := 2; n >= 1; n-- {
			if t+n > e.TokEnd {
				continue
			}
			words := make([]string, 0, n)
			for k := t; k < t+n; k++ {
				words = append(words, d.TokenText(k))
			}
			w := strings.Join(words, " ")
			if w == "" || !(w[0] >= 'A' && w[0] <= 'Z') {
				continue
			}
			sub := doc.Entity{Span: doc.Span{Start: d.Tokens[t].Start, End: d.Tokens[t+n-1].End}, TokStart: t, TokEnd: t + n, Type: "GPE"}
			cs := s.gaz.Lookup(w)
			if e, m, ok := s.kb.Match(words, 0); ok && m == n && e.Kind == kb.KindCountry {
				// "the U.S. Army": the knowledge base knows the variants;
				// a namesake ("the Georgia Power Company") competes.
				if c, ok := s.gaz.CountryEntry(e.Country); ok {
					if !hasEntry(cs, c) {
						cs = append([]Entry{c}, cs...)
					}
					if len(cs) > maxCandidates {
						cs = cs[:maxCandidates]
					}
					out = append(out, &mention{ent: sub, cands: cs, pick: -1})
					t += n - 1
					break
				}
			}
			if len(cs) == 0 {
				continue
			}
			if cs[0].Level == Admin2 && n == 2 {
				// "the Laurel County Sheriff's Office": the county,
				// resolved by context among its namesakes.
				if len(cs) > maxCandidates {
					cs = cs[:maxCandidates]
				}
				out = append(out, &mention{ent: sub, cands: cs, pick: -1})
				t += n - 1
				break
			}
			if cs[0].Level == City || !unambiguous(cs) {
				continue // towns inside names: too often not the place meant
			}
			out = append(out, &mention{ent: sub, cands: cs[:1], pick: -1})
			t += n - 1
			break
		}
	}
	return out
}

// stopName are words the recogniser may take for a place that the
// gazetteer also lists as a town: compass regions ("the Northwest"),
// holidays, "God".
var stopName = map[string]bool{
	"north": true, "south": true, "east": true, "west": true, "northwest": true, "northeast": true,
	"southwest": true, "southeast": true, "midwest": true, "central": true, "god": true, "christmas": true,
	"easter": true, "heaven": true, "hell": true, "downtown": true, "uptown": true, "main street": true,
}

// maxAnchors bounds the settled places whose neighbourhood counts.
const maxAnchors = 64

func hasEntry(es []Entry, e Entry) bool {
	for _, x := range es {
		if x.GeoID == e.GeoID && x.Level == e.Level {
			return true
		}
	}
	return false
}

// unambiguous reports whether the first candidate leaves no doubt: it is
// the only one, or a country or division whose other namesakes are all
// towns of fewer than 10,000 people.
func unambiguous(cs []Entry) bool {
	if len(cs) == 1 {
		return true
	}
	if cs[0].Level == City {
		return false
	}
	for _, c := range cs[1:] {
		if c.Level != City || c.Population >= 10000 {
			return false
		}
	}
	return true
}

// followingName returns the words after ", " that follow entity e up to
// the next punctuation ("La." in "Alexandria, La., police"), or "".
func (s *Stage) followingName(d *doc.Document, e doc.Entity) string {
	t := e.TokEnd
	if t+1 >= len(d.Tokens) || d.TokenText(t) != "," {
		return ""
	}
	var words []string
	for k := t + 1; k < len(d.Tokens) && k <= t+3; k++ {
		w := d.TokenText(k)
		if w == "," || w == ";" || w == "(" || w == ")" || (w == "." && len(words) > 0) {
			break
		}
		if w == "" || !(w[0] >= 'A' && w[0] <= 'Z') && w != "." {
			break
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// countryName returns the alpha-3 code of a country name the knowledge base
// knows, or "".
func (s *Stage) countryName(name string) string {
	if e, n, ok := s.kb.Match(strings.Fields(name), 0); ok && n == len(strings.Fields(name)) && e.Kind == kb.KindCountry {
		return e.Country
	}
	return ""
}

// matchesDivision reports whether name names candidate c's division: its
// name, or a US state's postal or AP abbreviation.
func matchesDivision(name string, c Entry) bool {
	if c.Admin1 == "" {
		return false
	}
	if strings.EqualFold(name, c.Admin1) {
		return true
	}
	if strings.HasPrefix(c.Admin1Code, "US.") {
		n := strings.TrimSuffix(strings.ReplaceAll(name, " ", ""), ".")
		code := strings.TrimPrefix(c.Admin1Code, "US.")
		if strings.EqualFold(n, code) {
			return true
		}
		for _, ab := range usStateAbbrev[code] {
			if strings.EqualFold(n, strings.TrimSuffix(strings.ReplaceAll(ab, " ", ""), ".")) {
				return true
			}
		}
	}
	return false
}

// datelineCountry returns the country of a dateline place opening the
// document ("CAIRO, Jan. 5 -"), or "".
func (s *Stage) datelineCountry(d *doc.Document) string {
	if len(d.Tokens) < 2 || d.TokenText(1) != "," && d.TokenText(1) != "(" {
		return ""
	}
	w := d.TokenText(0)
	if e, n, ok := s.kb.Match([]string{w}, 0); ok && n == 1 && (e.Kind == kb.KindCapital || e.Kind == kb.KindCountry) {
		return e.Country
	}
	if s.gaz != nil && w == strings.ToUpper(w) && len(w) > 2 {
		if cs := s.gaz.Lookup(w); len(cs) > 0 && cs[0].Population > 100000 {
			return cs[0].Country
		}
	}
	return ""
}

// storyLocation returns the location events without a place of their own
// take: the dateline's place, else the one country the story's places (or
// else its actors) name, at country resolution; nil when there is none.
func (s *Stage) storyLocation(d *doc.Document) *doc.Location {
	if len(d.Places) > 0 && d.Places[0].Start == d.Tokens[0].Start && len(d.Tokens) > 1 && d.TokenText(1) == "," {
		p := d.Places[0]
		return location(0, p)
	}
	one := func(cs map[string]bool) string {
		if len(cs) != 1 {
			return ""
		}
		for c := range cs {
			return c
		}
		return ""
	}
	cs := map[string]bool{}
	for _, p := range d.Places {
		cs[p.Country] = true
	}
	c := one(cs)
	if c == "" && len(cs) == 0 {
		for _, a := range d.Actors {
			if len(a.Country) == 3 {
				if _, ok := s.kb.Country(a.Country); ok {
					cs[a.Country] = true
				}
			}
		}
		c = one(cs)
	}
	if c == "" {
		return nil
	}
	loc := &doc.Location{Place: -1, Country: c, Resolution: "country"}
	if s.gaz != nil {
		if e, ok := s.gaz.CountryEntry(c); ok {
			loc.Name, loc.GeonameID, loc.Lat, loc.Lon, loc.HasCoord = e.Name, e.GeoID, e.Lat, e.Lon, true
		}
	}
	return loc
}

// locate returns the place a locative preposition attaches to the event in
// its sentence ("in Homs", "near Aleppo"), nearest the trigger.
func (s *Stage) locate(d *doc.Document, placeAt map[int]int, si int, trig doc.Span) *doc.Location {
	if si < 0 || si >= len(d.Sentences) {
		return nil
	}
	sent := d.Sentences[si]
	best, bestDist := -1, 1<<30
	for t := sent.TokStart; t+1 < sent.TokEnd; t++ {
		switch strings.ToLower(d.TokenText(t)) {
		case "in", "at", "near", "outside", "inside", "across", "throughout", "around":
		default:
			continue
		}
		pi, ok := placeAt[t+1]
		if !ok && t+2 < sent.TokEnd && d.TokenText(t+1) == "the" {
			pi, ok = placeAt[t+2]
		}
		if !ok {
			continue
		}
		dist := d.Tokens[t].Start - trig.End
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist = pi, dist
		}
	}
	if best < 0 {
		return nil
	}
	return location(best, d.Places[best])
}

func location(i int, p doc.Place) *doc.Location {
	res := "city"
	switch p.Feature {
	case "PCLI":
		res = "country"
	case "ADM1":
		res = "admin1"
	case "ADM2":
		res = "admin2"
	}
	return &doc.Location{Place: i, Name: p.Name, Country: p.Country, Admin1: p.Admin1, GeonameID: p.GeonameID,
		Lat: p.Lat, Lon: p.Lon, HasCoord: p.HasCoord, Resolution: res}
}

// Weights of the document evidence for a candidate: its country is one
// the story's actors or settled places name (countryBonus); the share of
// the story's other places in its country and division (votes). They were
// chosen on LGL among five settings whose accuracy@161 km spread over
// 0.801-0.808.
const (
	countryBonus = 1.5
	voteWeight   = 3.5
	a1VoteWeight = 2.5
)
