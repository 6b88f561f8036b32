// Package export writes stored events in the formats event-data users load
// into R, pandas or DuckDB: PLOVER JSON records, a GDELT-style CAMEO TSV
// with dyads expanded, a POLECAT-style TSV, and a flat CSV. The columns are
// documented in docs/exports.md.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/store"
)

// Formats are the names Write accepts.
var Formats = []string{"plover-jsonl", "cameo-tsv", "polecat-tsv", "csv"}

// Source yields stored events; *store.Store implements it.
type Source interface {
	EachEvent(ctx context.Context, fn func(store.Event) error) error
}

// Matching is the Source of the stored events a filter selects.
type Matching struct {
	Store  *store.Store
	Filter store.Filter
}

// EachEvent implements Source.
func (m Matching) EachEvent(ctx context.Context, fn func(store.Event) error) error {
	return m.Store.EachMatching(ctx, m.Filter, fn)
}

// Options tune Write.
type Options struct {
	// Negated includes negated events ("did not attack"), which event
	// data usually leaves out.
	Negated bool
}

// Write writes every event of src to w in format.
func Write(ctx context.Context, w io.Writer, src Source, format string, opt Options) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var row func(store.Event) error
	switch format {
	case "plover-jsonl":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		row = func(e store.Event) error { return enc.Encode(plover(e)) }
	case "cameo-tsv":
		if err := tsv(bw, cameoHeader); err != nil {
			return err
		}
		row = func(e store.Event) error {
			for _, r := range cameoRows(e) {
				if err := tsv(bw, r); err != nil {
					return err
				}
			}
			return nil
		}
	case "polecat-tsv":
		if err := tsv(bw, polecatHeader); err != nil {
			return err
		}
		row = func(e store.Event) error { return tsv(bw, polecatRow(e)) }
	case "csv":
		cw := csv.NewWriter(bw)
		if err := cw.Write(csvHeader); err != nil {
			return err
		}
		row = func(e store.Event) error {
			if err := cw.Write(csvRow(e)); err != nil {
				return err
			}
			cw.Flush()
			return cw.Error()
		}
	default:
		return fmt.Errorf("export: format %q: want one of %s", format, strings.Join(Formats, ", "))
	}
	err := src.EachEvent(ctx, func(e store.Event) error {
		if e.Negated && !opt.Negated {
			return nil
		}
		return row(e)
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// ploverRecord is one event as a PLOVER JSON record.
type ploverRecord struct {
	ID                 string   `json:"id"`
	Date               string   `json:"date"`
	DatePrecision      string   `json:"date_precision"`
	EventType          string   `json:"event_type"`
	Mode               string   `json:"mode"`
	Context            []string `json:"context"`
	Actor              []string `json:"actor"`
	ActorCountry       []string `json:"actor_country"`
	ActorSector        []string `json:"actor_sector"`
	Recipient          []string `json:"recipient"`
	RecipientCountry   []string `json:"recipient_country"`
	RecipientSector    []string `json:"recipient_sector"`
	CAMEO              string   `json:"cameo"`
	Goldstein          float64  `json:"goldstein"`
	QuadClass          int      `json:"quad_class"`
	Negated            bool     `json:"negated"`
	Hypothetical       bool     `json:"hypothetical"`
	Future             bool     `json:"future"`
	Historical         bool     `json:"historical"`
	Location           string   `json:"location"`
	LocationCountry    string   `json:"location_country"`
	Lat                *float64 `json:"lat"`
	Lon                *float64 `json:"lon"`
	LocationResolution string   `json:"location_resolution"`
	SourceOfReport     string   `json:"source_of_report"`
	DocID              string   `json:"doc_id"`
	URL                string   `json:"url"`
	Publisher          string   `json:"publisher"`
	Text               string   `json:"text"`
	Trigger            string   `json:"trigger"`
	Cluster            int64    `json:"cluster"`
	NumMentions        int      `json:"num_mentions"`
	NumArticles        int      `json:"num_articles"`
	NumSources         int      `json:"num_sources"`
	Confidence         float64  `json:"confidence"`
}

func plover(e store.Event) ploverRecord {
	r := ploverRecord{ID: e.DocID + "#" + e.EventID, Date: e.Date, DatePrecision: e.DatePrecision, EventType: e.Type, Mode: e.Mode,
		Context: split(e.Context), Actor: split(e.ActorCodes), ActorCountry: split(e.ActorCountries), ActorSector: split(e.ActorSectors),
		Recipient: split(e.RecipientCodes), RecipientCountry: split(e.RecipientCountries), RecipientSector: split(e.RecipientSectors),
		CAMEO: e.CAMEO, Goldstein: e.Goldstein, QuadClass: e.Quad, Negated: e.Negated, Hypothetical: e.Hypothetical,
		Future: e.Future, Historical: e.Historical, Location: e.LocationName, LocationCountry: e.LocationCountry,
		LocationResolution: e.Resolution, SourceOfReport: e.Source, DocID: e.DocID, URL: e.URL, Publisher: e.Publisher,
		Text: e.Sentence, Trigger: e.Trigger, Cluster: e.Cluster, NumMentions: e.Mentions, NumArticles: e.Articles,
		NumSources: e.Sources, Confidence: e.Confidence}
	if e.Lat.Valid && e.Lon.Valid {
		lat, lon := e.Lat.Float64, e.Lon.Float64
		r.Lat, r.Lon = &lat, &lon
	}
	return r
}

func split(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ";")
}

var cameoHeader = []string{"GlobalEventID", "Day", "Actor1Code", "Actor1CountryCode", "Actor1Type1Code",
	"Actor2Code", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode", "EventBaseCode",
	"EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
	"SOURCEURL", "DocID", "EventID", "Cluster"}

// cameoRows expands an event into its dyads: every actor with every
// recipient (an empty recipient when there is none).
func cameoRows(e store.Event) [][]string {
	ac, acc, acs := split(e.ActorCodes), split(e.ActorCountries), split(e.ActorSectors)
	rc, rcc, rcs := split(e.RecipientCodes), split(e.RecipientCountries), split(e.RecipientSectors)
	if len(rc) == 0 {
		rc, rcc, rcs = []string{""}, []string{""}, []string{""}
	}
	day := strings.ReplaceAll(e.Date, "-", "")
	base := e.CAMEO
	if len(base) > 3 {
		base = base[:3]
	}
	geoType := map[string]string{"country": "1", "admin1": "2", "admin2": "2", "city": "3"}[e.Resolution]
	var out [][]string
	n := 0
	for i := range ac {
		for j := range rc {
			n++
			out = append(out, []string{e.DocID + "#" + e.EventID + "#" + strconv.Itoa(n), day,
				ac[i], at(acc, i), at(acs, i), rc[j], at(rcc, j), at(rcs, j), "1",
				e.CAMEO, base, e.Root, strconv.Itoa(e.Quad), strconv.FormatFloat(e.Goldstein, 'f', 1, 64),
				strconv.Itoa(e.Mentions), strconv.Itoa(e.Sources), strconv.Itoa(e.Articles),
				geoType, e.LocationName, e.LocationCountry, coord(e.Lat.Valid, e.Lat.Float64), coord(e.Lon.Valid, e.Lon.Float64),
				e.URL, e.DocID, e.EventID, strconv.FormatInt(e.Cluster, 10)})
		}
	}
	return out
}

var polecatHeader = []string{"Event ID", "Event Date", "Event Type", "Event Mode", "Contexts",
	"Actor Name", "Actor Country", "Actor Sector", "Recipient Name", "Recipient Country", "Recipient Sector",
	"Placename", "Country", "Latitude", "Longitude", "Story ID", "Source", "Text"}

func polecatRow(e store.Event) []string {
	return []string{e.DocID + "#" + e.EventID, e.Date, strings.ToLower(e.Type), e.Mode, e.Context,
		e.ActorTexts, e.ActorCountries, e.ActorSectors, e.RecipientTexts, e.RecipientCountries, e.RecipientSectors,
		e.LocationName, e.LocationCountry, coord(e.Lat.Valid, e.Lat.Float64), coord(e.Lon.Valid, e.Lon.Float64),
		e.DocID, e.Publisher, e.Sentence}
}

var csvHeader = []string{"doc_id", "event_id", "date", "date_precision", "plover_type", "plover_mode", "plover_context",
	"cameo_code", "cameo_root", "quad_class", "goldstein", "actor_codes", "actor_countries", "actor_sectors", "actor_texts",
	"recipient_codes", "recipient_countries", "recipient_sectors", "recipient_texts", "negated", "hypothetical",
	"future", "historical", "trigger", "sentence", "source_of_report", "location", "location_country",
	"location_admin1", "location_geonameid", "lat", "lon", "location_resolution", "confidence", "cluster",
	"num_mentions", "num_articles", "num_sources", "url", "publisher"}

func csvRow(e store.Event) []string {
	b := func(x bool) string {
		if x {
			return "1"
		}
		return "0"
	}
	return []string{e.DocID, e.EventID, e.Date, e.DatePrecision, e.Type, e.Mode, e.Context, e.CAMEO, e.Root,
		strconv.Itoa(e.Quad), strconv.FormatFloat(e.Goldstein, 'f', 1, 64), e.ActorCodes, e.ActorCountries,
		e.ActorSectors, e.ActorTexts, e.RecipientCodes, e.RecipientCountries, e.RecipientSectors, e.RecipientTexts,
		b(e.Negated), b(e.Hypothetical), b(e.Future), b(e.Historical), e.Trigger, e.Sentence, e.Source,
		e.LocationName, e.LocationCountry, e.LocationAdmin1, strconv.Itoa(e.LocationGeonameID),
		coord(e.Lat.Valid, e.Lat.Float64), coord(e.Lon.Valid, e.Lon.Float64), e.Resolution,
		strconv.FormatFloat(e.Confidence, 'f', 2, 64), strconv.FormatInt(e.Cluster, 10),
		strconv.Itoa(e.Mentions), strconv.Itoa(e.Articles), strconv.Itoa(e.Sources), e.URL, e.Publisher}
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

func coord(ok bool, v float64) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// cellSpace turns the tabs and line breaks of a TSV cell into spaces.
var cellSpace = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

// tsv writes one row, with tabs and line breaks in cells made spaces.
func tsv(w io.Writer, cells []string) error {
	for i, c := range cells {
		if i > 0 {
			if _, err := io.WriteString(w, "\t"); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, cellSpace.Replace(c)); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n")
	return err
}
