// Package geo resolves place mentions to gazetteer entries and gives events
// a location.
//
// This first version knows countries and their capitals from the knowledge
// base (GeoNames identifiers and coordinates). A country or capital that acts
// in an event ("Moscow has proposed") is an actor, not a place.
package geo

import (
	"context"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/entity"
	"github.com/dyad-events/dyad/kb"
)

// Stage resolves places and event locations. It runs after the event and
// count stages and is safe for concurrent use.
type Stage struct {
	kb *kb.KB
}

// New returns a geo stage using k's countries and capitals.
func New(k *kb.KB) *Stage { return &Stage{kb: k} }

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "places" }

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
	placeAt := map[int]int{} // first token of a place mention -> place index
	for _, e := range d.Entities {
		if e.Type != "GPE" || acting[e.Span] {
			continue
		}
		words, upos := entity.Words(d, e)
		p, ok := entity.Parse(s.kb, words, upos, 0, false)
		if !ok || p.Entry == nil || p.N != len(words) {
			continue
		}
		c, ok := s.kb.Country(p.Entry.Country)
		if !ok {
			continue
		}
		pl := doc.Place{Span: e.Span, Country: c.A3}
		switch p.Entry.Kind {
		case kb.KindCountry:
			pl.Name, pl.GeonameID, pl.Feature = c.Name, c.GeoID, "PCLI"
		case kb.KindCapital:
			if c.CapitalGeoID == 0 {
				continue
			}
			pl.Name, pl.GeonameID, pl.Lat, pl.Lon, pl.HasCoord, pl.Feature = c.Capital, c.CapitalGeoID, c.Lat, c.Lon, true, "PPLC"
		default:
			continue
		}
		placeAt[e.TokStart] = len(d.Places)
		d.Places = append(d.Places, pl)
	}
	for i := range d.Events {
		if err := ctx.Err(); err != nil {
			return err
		}
		ev := &d.Events[i]
		ev.Location = s.locate(d, placeAt, ev.Sentence, ev.Trigger)
	}
	for i := range d.Counts {
		c := &d.Counts[i]
		c.Location = s.locate(d, placeAt, c.Sentence, c.Span)
	}
	return nil
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
		switch d.TokenText(t) {
		case "in", "at", "near", "outside", "inside", "across", "throughout":
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
	p := d.Places[best]
	res := "city"
	if p.Feature == "PCLI" {
		res = "country"
	}
	return &doc.Location{Place: best, Name: p.Name, Country: p.Country, Admin1: p.Admin1, GeonameID: p.GeonameID,
		Lat: p.Lat, Lon: p.Lon, HasCoord: p.HasCoord, Resolution: res}
}
