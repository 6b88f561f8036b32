// Package synth generates synthetic stored documents for load tests of the
// store and the API: records with events, quotes and counts whose
// countries, sectors, types, places and words follow skewed (Zipf)
// distributions like those of real event data, so that filters range from
// very common to rare values. Generation is deterministic for a seed.
package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/store"
)

// Countries are the ISO alpha-3 codes the generator draws, most frequent
// first.
var Countries = []string{
	"USA", "RUS", "CHN", "GBR", "UKR", "ISR", "IRN", "SYR", "IND", "TUR", "FRA", "DEU", "PAK", "AFG", "IRQ",
	"NGA", "EGY", "SAU", "JPN", "KOR", "PRK", "BRA", "MEX", "VEN", "COL", "LBY", "YEM", "SDN", "SOM", "ETH",
	"KEN", "ZAF", "COD", "MLI", "NER", "BFA", "CMR", "TCD", "CAF", "SSD", "UGA", "TZA", "RWA", "BDI", "MOZ",
	"ZWE", "AGO", "DZA", "MAR", "TUN", "LBN", "JOR", "PSE", "QAT", "ARE", "KWT", "OMN", "BHR", "AZE", "ARM",
	"GEO", "BLR", "POL", "HUN", "ROU", "BGR", "SRB", "BIH", "HRV", "GRC", "ITA", "ESP", "PRT", "NLD", "BEL",
	"SWE", "NOR", "FIN", "DNK", "CHE", "AUT", "CZE", "SVK", "LTU", "LVA", "EST", "MDA", "KAZ", "UZB", "KGZ",
	"TJK", "TKM", "MNG", "BGD", "LKA", "NPL", "MMR", "THA", "VNM", "KHM", "LAO", "MYS", "IDN", "PHL", "SGP",
	"AUS", "NZL", "CAN", "ARG", "CHL", "PER", "BOL", "ECU", "PRY", "URY", "CUB", "HTI", "DOM", "NIC", "HND",
	"GTM", "SLV", "PAN", "CRI", "JAM", "TTO", "GHA", "CIV", "SEN", "GIN", "SLE", "LBR", "TGO", "BEN", "MRT",
}

// Sectors are the sector codes the generator draws.
var Sectors = []string{"GOV", "MIL", "COP", "OPP", "REB", "CVL", "BUS", "MED", "JUD", "LEG", "IGO", "NGO", "PTY", "EDU", "REF"}

// types are PLOVER types with CAMEO codes of each.
var types = []struct {
	typ   string
	codes []string
}{
	{"CONSULT", []string{"040", "042", "043", "036"}},
	{"ACCUSE", []string{"111", "112", "114"}},
	{"AGREE", []string{"030", "057", "061"}},
	{"ASSAULT", []string{"190", "193", "195", "180", "181"}},
	{"REQUEST", []string{"020", "021", "024"}},
	{"SUPPORT", []string{"050", "051", "056"}},
	{"THREATEN", []string{"130", "138"}},
	{"PROTEST", []string{"140", "141", "145"}},
	{"COERCE", []string{"170", "173", "175"}},
	{"REJECT", []string{"120", "125", "128"}},
	{"AID", []string{"070", "073"}},
	{"SANCTION", []string{"163", "172"}},
	{"MOBILIZE", []string{"150", "152"}},
	{"RETREAT", []string{"087", "0871"}},
	{"COOPERATE", []string{"060", "062"}},
	{"CONCEDE", []string{"083", "084"}},
}

// Types returns the PLOVER types the generator draws, most frequent first.
func Types() []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = t.typ
	}
	return out
}

// words make up the documents' texts, for full-text queries; the most
// frequent first.
var words = strings.Fields(`government said police minister president talks forces attack killed
protest election military security troops border agreement officials opposition leader army ceasefire
sanctions parliament rebels crisis refugees aid court strike meeting summit vote peace war embassy
rally clashes arrested injured bombing missile drone treaty negotiations envoy spokesman capital
province villages pipeline oil grain port airport hospital school university journalists activists
curfew checkpoint convoy militia coalition blockade referendum coup amnesty hostage kidnapping
mediation observers inspectors reactor uranium tariffs loans debt inflation currency drought flood
earthquake famine cholera vaccine monsoon harvest wildfire corridor enclave frontier garrison`)

// Options configures Generate.
type Options struct {
	// Events is about how many events to generate (documents carry 1 to 5).
	Events int
	// Seed makes the output deterministic.
	Seed uint64
	// From is the first date; events spread over Years years from it.
	From  time.Time
	Years int
	// Batch is the number of documents stored per transaction.
	Batch int
	// Progress, when set, is called after each batch with the events
	// generated so far.
	Progress func(events int)
}

// Generate stores synthetic documents in st until about o.Events events are
// stored, and returns the number of documents and events.
func Generate(ctx context.Context, st *store.Store, o Options) (docs, events int, err error) {
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.Years <= 0 {
		o.Years = 10
	}
	if o.From.IsZero() {
		o.From = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	zc := rand.NewZipf(r, 1.1, 3, uint64(len(Countries)-1))
	zs := rand.NewZipf(r, 1.2, 2, uint64(len(Sectors)-1))
	zt := rand.NewZipf(r, 1.1, 2, uint64(len(types)-1))
	zw := rand.NewZipf(r, 1.05, 4, uint64(len(words)-1))
	// Places: 20 per country, scattered round a country point.
	type place struct {
		name     string
		lat, lon float64
	}
	places := make(map[string][]place, len(Countries))
	for i, c := range Countries {
		lat0, lon0 := -40+float64(i*37%80), -170+float64(i*53%340)
		for j := range 20 {
			places[c] = append(places[c], place{fmt.Sprintf("%s town %d", c, j+1), lat0 + r.Float64()*6 - 3, lon0 + r.Float64()*6 - 3})
		}
	}
	span := o.Years * 365
	var batch []*doc.Record
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := st.PutBatch(ctx, batch); err != nil {
			return err
		}
		batch = batch[:0]
		if o.Progress != nil {
			o.Progress(events)
		}
		return nil
	}
	for events < o.Events {
		if err := ctx.Err(); err != nil {
			return docs, events, err
		}
		day := o.From.AddDate(0, 0, r.IntN(span))
		date := day.Format("2006-01-02")
		var sb strings.Builder
		n := 1 + r.IntN(5)
		var sents []doc.RecSpan
		var evs []doc.RecEvent
		var actors []doc.RecActor
		for k := range n {
			start := sb.Len()
			for w := range 12 + r.IntN(10) {
				if w > 0 {
					sb.WriteByte(' ')
				}
				sb.WriteString(words[zw.Uint64()])
			}
			sb.WriteString(". ")
			sents = append(sents, doc.RecSpan{Start: start, End: sb.Len() - 1})
			t := types[zt.Uint64()]
			ac, rc := Countries[zc.Uint64()], Countries[zc.Uint64()]
			as, rs := Sectors[zs.Uint64()], Sectors[zs.Uint64()]
			aid := fmt.Sprintf("a%d", k+1)
			actors = append(actors, doc.RecActor{ID: aid, Name: ac + " " + as, Country: ac, Sector: as, Code: ac + as, Mentions: []string{}})
			e := doc.RecEvent{
				ID:         fmt.Sprintf("v%d", k+1),
				Sentence:   k,
				Trigger:    doc.RecText{Text: words[zw.Uint64()]},
				PLOVER:     doc.RecPLOVER{Type: t.typ, Context: []string{}},
				CAMEO:      doc.RecCAMEO{Code: t.codes[r.IntN(len(t.codes))]},
				Actor:      []doc.RecParticipant{{Actor: &aid, Text: ac + " " + as, Country: ac, Sector: as}},
				Date:       &doc.RecDate{Value: date, Precision: "day"},
				Modality:   doc.RecModality{Negated: r.IntN(20) == 0},
				Confidence: 0.5 + r.Float64()/2,
			}
			e.CAMEO.Root = e.CAMEO.Code[:2]
			if r.IntN(10) > 0 {
				e.Recipient = []doc.RecParticipant{{Text: rc + " " + rs, Country: rc, Sector: rs}}
			}
			if r.IntN(3) > 0 {
				lc := ac
				if len(e.Recipient) > 0 && r.IntN(2) == 0 {
					lc = rc
				}
				p := places[lc][r.IntN(len(places[lc]))]
				lat, lon := p.lat, p.lon
				e.Location = &doc.RecLocation{Name: p.name, Country: lc, Lat: &lat, Lon: &lon, Resolution: "city"}
			}
			evs = append(evs, e)
		}
		text := sb.String()
		var quotes []doc.RecQuote
		if r.IntN(2) == 0 {
			aid := actors[0].ID
			quotes = append(quotes, doc.RecQuote{ID: "q1", Text: words[zw.Uint64()] + " " + words[zw.Uint64()], Direct: true,
				Speaker: &doc.RecParticipant{Actor: &aid, Text: actors[0].Name, Country: actors[0].Country, Sector: actors[0].Sector}})
		}
		var counts []doc.RecCount
		if r.IntN(4) == 0 {
			kind := []string{"killed", "injured", "arrested", "protesters"}[r.IntN(4)]
			counts = append(counts, doc.RecCount{ID: "c1", Kind: kind, Count: int64(1 + r.IntN(500)), Text: kind, Date: &doc.RecDate{Value: date, Precision: "day"}})
		}
		docs++
		events += len(evs)
		batch = append(batch, &doc.Record{
			ID: fmt.Sprintf("synth/%08d", docs), Date: &date, Title: fmt.Sprintf("Synthetic report %d", docs),
			Source: fmt.Sprintf("source%d", r.IntN(50)), Text: text,
			Paragraphs: []doc.RecSpan{{Start: 0, End: len(text)}}, Sentences: sents,
			Entities: []doc.RecEntity{}, Actors: actors, Events: evs, Quotes: quotes, Counts: counts,
			Places: []doc.RecPlace{}, Timexes: []doc.RecTimex{}, Warnings: []string{},
		})
		if len(batch) >= o.Batch {
			if err := flush(); err != nil {
				return docs, events, err
			}
		}
	}
	return docs, events, flush()
}
