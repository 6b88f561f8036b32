package resolve

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
	"github.com/dyad-events/dyad/internal/plovergold"
)

// PLOVERScores are the actor scores on PLOVER gold records: of the gold
// source and target actors, the share whose country (the code's root: ISO
// alpha-3, IGO, NGO, IMG...) and whose sector dyad gets right.
//
// A gold actor's sector is the first three letters of its "sector" field;
// no sector means a country-level actor, and "***" (the coders' unknown) is
// left out of the sector score. A predicted sector counts only when it is a
// role (GOV, MIL, REB...): an organisation's family code (the UN's UNO) is
// no sector. A mention dyad codes as no actor is wrong on both counts.
type PLOVERScores struct {
	Records int `json:"records"`
	// Actors is the number of gold actors with a text; Resolved of them
	// got an actor.
	Actors   int `json:"actors"`
	Resolved int `json:"resolved"`
	// Country is the share of Actors with the right country.
	Country        float64 `json:"country"`
	CountryCorrect int     `json:"country_correct"`
	// Sector is the share of SectorActors with the right sector.
	Sector        float64 `json:"sector"`
	SectorActors  int     `json:"sector_actors"`
	SectorCorrect int     `json:"sector_correct"`
	// Source and Target split Country and Sector by role.
	Source RoleScores `json:"source"`
	Target RoleScores `json:"target"`
	// Errors lists the actors coded wrong, when asked for.
	Errors []PLOVERError `json:"errors,omitempty"`
}

// RoleScores are the country and sector shares for one role.
type RoleScores struct {
	Actors  int     `json:"actors"`
	Country float64 `json:"country"`
	Sector  float64 `json:"sector"`

	countryOK, sectorN, sectorOK int
}

// PLOVERError is one actor coded wrong.
type PLOVERError struct {
	ID        string `json:"id"`
	Role      string `json:"role"`
	Text      string `json:"text"`
	Gold      string `json:"gold"`
	Predicted string `json:"predicted"`
}

// EvalPLOVER scores actor coding on a PLOVER gold-record file (a JSON array
// of records with "text", "date", and "source"/"target" actor lists). Each
// gold actor's text is resolved in its record's sentence, dated by the
// record. With errors set, the wrong codings are listed.
func EvalPLOVER(ctx context.Context, p Processor, path string, errors bool) (PLOVERScores, error) {
	var s PLOVERScores
	recs, err := plovergold.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("plover eval: %w", err)
	}
	for _, r := range recs {
		s.Records++
		date, _ := time.Parse(doc.DateLayout, r.Date)
		text := r.Text
		for _, role := range []string{"source", "target"} {
			gold := r.Source
			rs := &s.Source
			if role == "target" {
				gold, rs = r.Target, &s.Target
			}
			for _, g := range gold {
				res, err := Resolve(ctx, p, g.Text, text, date)
				if err != nil {
					return s, fmt.Errorf("plover eval: %s: %w", r.ID, err)
				}
				s.Actors++
				rs.Actors++
				a, ok := res.Best()
				if ok {
					s.Resolved++
				}
				countryOK := ok && a.Country == g.Code
				if countryOK {
					s.CountryCorrect++
					rs.countryOK++
				}
				gs := strings.ToUpper(g.Sector)
				if len(gs) > 3 {
					gs = gs[:3]
				}
				sectorOK := true
				if gs != "***" {
					s.SectorActors++
					rs.sectorN++
					sectorOK = ok && roleSector(a.Sector) == gs
					if sectorOK {
						s.SectorCorrect++
						rs.sectorOK++
					}
				}
				if errors && (!countryOK || !sectorOK) {
					pred := "-"
					if ok {
						pred = a.Country + "/" + a.Sector + " (" + a.Text + ")"
					}
					s.Errors = append(s.Errors, PLOVERError{ID: r.ID, Role: role, Text: g.Text,
						Gold: g.Code + "/" + g.Sector, Predicted: pred})
				}
			}
		}
	}
	s.Country = ratio(s.CountryCorrect, s.Actors)
	s.Sector = ratio(s.SectorCorrect, s.SectorActors)
	for _, rs := range []*RoleScores{&s.Source, &s.Target} {
		rs.Country = ratio(rs.countryOK, rs.Actors)
		rs.Sector = ratio(rs.sectorOK, rs.sectorN)
	}
	return s, nil
}

// roleSector returns s when it is a role sector (GOV, MIL, REB...), and ""
// for an organisation family or nothing.
func roleSector(s string) string {
	if kbfile.SectorCodes[s] {
		return s
	}
	return ""
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
