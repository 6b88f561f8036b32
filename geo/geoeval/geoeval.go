// Package geoeval scores dyad's place mentions and their resolution against
// the LGL geoparsing corpus (XML articles with toponyms tagged with
// GeoNames entries).
package geoeval

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/geo"
)

// Processor runs dyad's pipeline over a document; *pipeline.Pipeline
// implements it.
type Processor interface {
	Process(ctx context.Context, d *doc.Document) error
}

// Toponym is one gold place mention.
type Toponym struct {
	doc.Span
	Phrase   string
	GeoID    int
	Lat, Lon float64
	Country  string // country name as the corpus gives it
}

// Article is one gold article.
type Article struct {
	ID       string
	Text     string
	Date     time.Time
	Toponyms []Toponym
}

type xmlArticles struct {
	Articles []struct {
		ID       string `xml:"docid,attr"`
		DLTime   string `xml:"dltime"`
		Text     string `xml:"text"`
		Toponyms []struct {
			Start  int    `xml:"start"`
			End    int    `xml:"end"`
			Phrase string `xml:"phrase"`
			Gaz    *struct {
				GeoID   int     `xml:"geonameid,attr"`
				Lat     float64 `xml:"lat"`
				Lon     float64 `xml:"lon"`
				Country string  `xml:"country"`
			} `xml:"gaztag"`
		} `xml:"toponyms>toponym"`
	} `xml:"article"`
}

// Read parses an LGL-style XML file. Offsets (code points) become byte
// offsets; a toponym whose offsets do not cover its phrase is looked up
// near them, and dropped when not found (Dropped counts them).
func Read(r io.Reader) (arts []Article, dropped int, err error) {
	var x xmlArticles
	if err := xml.NewDecoder(r).Decode(&x); err != nil {
		return nil, 0, fmt.Errorf("lgl: %w", err)
	}
	for _, a := range x.Articles {
		art := Article{ID: a.ID, Text: a.Text}
		if len(a.DLTime) >= 10 {
			art.Date, _ = time.Parse("2006-01-02", a.DLTime[:10])
		}
		byteAt := make([]int, 0, len(a.Text)+1)
		for i := range a.Text {
			byteAt = append(byteAt, i)
		}
		byteAt = append(byteAt, len(a.Text))
		for _, t := range a.Toponyms {
			if t.Gaz == nil {
				continue // no gazetteer entry: not scored for resolution
			}
			sp, ok := locate(a.Text, byteAt, t.Start, t.End, t.Phrase)
			if !ok {
				dropped++
				continue
			}
			art.Toponyms = append(art.Toponyms, Toponym{Span: sp, Phrase: t.Phrase, GeoID: t.Gaz.GeoID, Lat: t.Gaz.Lat, Lon: t.Gaz.Lon, Country: t.Gaz.Country})
		}
		arts = append(arts, art)
	}
	return arts, dropped, nil
}

func locate(text string, byteAt []int, a, b int, phrase string) (doc.Span, bool) {
	if a >= 0 && b >= a && b < len(byteAt) {
		sp := doc.Span{Start: byteAt[a], End: byteAt[b]}
		if text[sp.Start:sp.End] == phrase {
			return sp, true
		}
	}
	if a >= 0 && a < len(byteAt) {
		from := max(0, byteAt[a]-20)
		if i := strings.Index(text[from:], phrase); i >= 0 && i < 60 {
			return doc.Span{Start: from + i, End: from + i + len(phrase)}, true
		}
	}
	return doc.Span{}, false
}

// PRF holds precision, recall and F1 with the counts behind them.
type PRF struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Scores is the result of Evaluate.
type Scores struct {
	Articles int `json:"articles"`
	Gold     int `json:"gold_toponyms"`
	Dropped  int `json:"gold_dropped"`
	// Demonyms counts gold toponyms left out as nationality words.
	Demonyms int `json:"gold_demonyms_left_out"`
	// Mentions scores place mentions: a predicted place matches a gold
	// toponym when their spans overlap.
	Mentions PRF `json:"mentions"`
	// On matched mentions: the share within 161 km of the gold
	// coordinates, the mean and median error in km, and the share in the
	// gold country.
	Matched        int     `json:"matched"`
	AccuracyAt161  float64 `json:"accuracy_at_161km"`
	MeanErrorKm    float64 `json:"mean_error_km"`
	MedianErrorKm  float64 `json:"median_error_km"`
	CountryCorrect float64 `json:"country_correct"`
	// CountryUnjudged counts matched mentions whose gold has no country
	// the scorer can name; they are left out of CountryCorrect.
	CountryUnjudged int      `json:"country_unjudged"`
	Errors          []string `json:"errors,omitempty"`
}

// Evaluate runs p over every article (with its download date as the
// publication date) and scores the places found. countryOf maps the
// corpus's country names to ISO alpha-3 codes. Gold toponyms for which
// demonym reports true ("American", "Russian": LGL tags nationality
// adjectives, dyad does not take them for places) are left out of the
// scores, and a place predicted over one is not counted as false.
func Evaluate(ctx context.Context, p Processor, arts []Article, countryOf func(name string) string, demonym func(phrase string) bool, errors bool) (Scores, error) {
	var s Scores
	var errs []float64
	within, country := 0, 0
	for _, a := range arts {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		d := doc.New(a.ID, a.Text)
		d.Date = a.Date
		if err := p.Process(ctx, d); err != nil {
			return s, fmt.Errorf("article %s: %w", a.ID, err)
		}
		s.Articles++
		used := make([]bool, len(d.Places))
		var golds []Toponym
		for _, g := range a.Toponyms {
			if demonym != nil && demonym(g.Phrase) {
				s.Demonyms++
				for i, pl := range d.Places {
					if pl.Overlaps(g.Span) {
						used[i] = true
					}
				}
				continue
			}
			golds = append(golds, g)
		}
		s.Gold += len(golds)
		for _, g := range golds {
			m := -1
			for i, pl := range d.Places {
				if !used[i] && pl.Overlaps(g.Span) {
					m = i
					break
				}
			}
			if m < 0 {
				s.Mentions.FN++
				if errors {
					s.Errors = append(s.Errors, fmt.Sprintf("%s FN %q (%s)", a.ID, g.Phrase, g.Country))
				}
				continue
			}
			used[m] = true
			s.Mentions.TP++
			pl := d.Places[m]
			if !pl.HasCoord {
				errs = append(errs, 20000)
				continue
			}
			km := geo.Distance(pl.Lat, pl.Lon, g.Lat, g.Lon)
			errs = append(errs, km)
			if km <= 161 {
				within++
			} else if errors {
				s.Errors = append(s.Errors, fmt.Sprintf("%s FAR %q -> %s %s (%.0f km; gold %s)", a.ID, g.Phrase, pl.Name, pl.Country, km, g.Country))
			}
			if c := countryOf(g.Country); c == "" {
				s.CountryUnjudged++ // no country in the gold (a sea), or one not known by name
			} else if c == pl.Country {
				country++
			}
		}
		for i, u := range used {
			if !u {
				s.Mentions.FP++
				if errors {
					s.Errors = append(s.Errors, fmt.Sprintf("%s FP %q -> %s %s", a.ID, d.Slice(d.Places[i].Span), d.Places[i].Name, d.Places[i].Country))
				}
			}
		}
	}
	m := &s.Mentions
	if m.TP+m.FP > 0 {
		m.Precision = float64(m.TP) / float64(m.TP+m.FP)
	}
	if m.TP+m.FN > 0 {
		m.Recall = float64(m.TP) / float64(m.TP+m.FN)
	}
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	s.Matched = len(errs)
	if len(errs) > 0 {
		sum := 0.0
		for _, e := range errs {
			sum += e
		}
		s.MeanErrorKm = sum / float64(len(errs))
		sort.Float64s(errs)
		s.MedianErrorKm = errs[len(errs)/2]
		s.AccuracyAt161 = float64(within) / float64(len(errs))
		if n := len(errs) - s.CountryUnjudged; n > 0 {
			s.CountryCorrect = float64(country) / float64(n)
		}
	}
	s.MeanErrorKm = math.Round(s.MeanErrorKm*10) / 10
	return s, nil
}

// Load reads an LGL file.
func Load(path string) ([]Article, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	return Read(f)
}
