package count

import (
	"strings"

	"github.com/dyad-events/dyad/doc"
)

// lexMap is a SectorLexicon for tests.
type lexMap map[string]string

func (m lexMap) Sector(n string) (string, bool) {
	s, ok := m[n]
	return s, ok
}

var testLex = lexMap{
	"soldier": "MIL", "troops": "MIL", "troop": "MIL", "army": "MIL",
	"police": "COP", "policeman": "COP", "security forces": "COP",
	"protester": "OPP", "demonstrator": "OPP", "rebel": "REB",
	"ministry": "GOV", "government": "GOV", "journalist": "MED",
	"student": "EDU", "alumnus": "EDU", "refugee": "REF", "gunman": "UAF",
	"villager": "CVL", "schoolgirl": "CVL",
}

// build makes a Document from text with the rough tokeniser.
func build(text string, splitHyphen bool) *doc.Document { return roughDoc("t", text, splitHyphen) }

// addEntity marks the first occurrence of sub as an entity of the given
// actor, adding the actor when it is new.
func addEntity(d *doc.Document, sub, typ, actor, country, sector string) {
	a := strings.Index(d.Text, sub)
	if a < 0 {
		panic("no " + sub)
	}
	sp := doc.Span{Start: a, End: a + len(sub)}
	first, end := -1, -1
	for i, t := range d.Tokens {
		if t.Overlaps(sp) {
			if first < 0 {
				first = i
			}
			end = i + 1
		}
	}
	id := "E" + string(rune('0'+len(d.Entities)+1))
	d.Entities = append(d.Entities, doc.Entity{ID: id, Span: sp, TokStart: first, TokEnd: end, Type: typ, Actor: actor})
	if actor != "" && d.ActorByID(actor) == nil {
		d.Actors = append(d.Actors, doc.Actor{ID: actor, Country: country, Sector: sector, Code: country + sector, Mentions: []string{id}})
	}
}

// addTimex marks the first occurrence of sub as a resolved timex.
func addTimex(d *doc.Document, sub, value, precision string) {
	a := strings.Index(d.Text, sub)
	if a < 0 {
		panic("no " + sub)
	}
	d.Timexes = append(d.Timexes, doc.Timex{Span: doc.Span{Start: a, End: a + len(sub)}, Value: value, Precision: precision, Relation: "on"})
}
