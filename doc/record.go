package doc

import (
	"math"
	"sort"
	"unicode/utf8"
)

// Record is the wire form of a Document: the JSON object dyad writes for each
// input document. Offsets are Unicode code-point offsets into Text, end
// exclusive. Field names are fixed by the output contract (docs/output.md).
type Record struct {
	ID         string       `json:"id"`
	Date       *string      `json:"date"`
	Title      string       `json:"title"`
	Source     string       `json:"source"`
	URL        string       `json:"url"`
	Text       string       `json:"text"`
	Paragraphs []RecSpan    `json:"paragraphs"`
	Sentences  []RecSpan    `json:"sentences"`
	Tokens     []RecToken   `json:"tokens,omitempty"`
	Entities   []RecEntity  `json:"entities"`
	Actors     []RecActor   `json:"actors"`
	Events     []RecEvent   `json:"events"`
	Quotes     []RecQuote   `json:"quotes"`
	Counts     []RecCount   `json:"counts"`
	Places     []RecPlace   `json:"places"`
	Timexes    []RecTimex   `json:"timexes"`
	Warnings   []string     `json:"warnings"`
	Stats      *RecordStats `json:"stats,omitempty"`
}

// RecordStats carries counts that summarise a record.
type RecordStats struct {
	Tokens int `json:"tokens"`
}

// ErrorRecord is written instead of a Record for a document that failed.
type ErrorRecord struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// RecSpan is a code-point span.
type RecSpan struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// RecText is a code-point span with the text it covers.
type RecText struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// RecToken is a token in the wire form.
type RecToken struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	UPOS  string `json:"upos,omitempty"`
	XPOS  string `json:"xpos,omitempty"`
	Lemma string `json:"lemma,omitempty"`
	Head  *int   `json:"head,omitempty"`
	Rel   string `json:"rel,omitempty"`
}

// RecEntity is an entity mention in the wire form.
type RecEntity struct {
	ID    string  `json:"id"`
	Text  string  `json:"text"`
	Type  string  `json:"type"`
	Start int     `json:"start"`
	End   int     `json:"end"`
	Actor *string `json:"actor"`
	// Also lists further actors a plural reference names ("the two
	// leaders").
	Also []string `json:"also,omitempty"`
}

// RecActor is a coded actor in the wire form.
type RecActor struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Country  string   `json:"country"`
	Sector   string   `json:"sector"`
	Code     string   `json:"code"`
	Title    string   `json:"title"`
	Mentions []string `json:"mentions"`
}

// RecParticipant is an actor's part in an event, quote or count.
type RecParticipant struct {
	Actor   *string `json:"actor"`
	Text    string  `json:"text"`
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Country string  `json:"country"`
	Sector  string  `json:"sector"`
	// Implied is true for a participant the event implies but the text
	// does not name (its text is the trigger's).
	Implied bool `json:"implied,omitempty"`
}

// RecPLOVER is the PLOVER coding of an event.
type RecPLOVER struct {
	Type    string   `json:"type"`
	Mode    string   `json:"mode"`
	Context []string `json:"context"`
}

// RecCAMEO is the CAMEO coding of an event.
type RecCAMEO struct {
	Code      string  `json:"code"`
	Root      string  `json:"root"`
	Quad      int     `json:"quad"`
	Goldstein float64 `json:"goldstein"`
}

// RecDate is a resolved date; Start, End and Text are null when the date
// comes from the publication date rather than from the text.
type RecDate struct {
	Value     string  `json:"value"`
	Start     *int    `json:"start"`
	End       *int    `json:"end"`
	Text      *string `json:"text"`
	Precision string  `json:"precision"`
}

// RecModality qualifies an event.
type RecModality struct {
	Negated      bool `json:"negated"`
	Hypothetical bool `json:"hypothetical"`
	Future       bool `json:"future"`
	Historical   bool `json:"historical"`
}

// RecLocation is where an event or count happened.
type RecLocation struct {
	Place      *int     `json:"place"`
	Name       string   `json:"name"`
	Country    string   `json:"country"`
	Admin1     string   `json:"admin1"`
	GeonameID  int      `json:"geonameid"`
	Lat        *float64 `json:"lat"`
	Lon        *float64 `json:"lon"`
	Resolution string   `json:"resolution"`
}

// RecEvent is a coded event in the wire form.
type RecEvent struct {
	ID             string           `json:"id"`
	Sentence       int              `json:"sentence"`
	Trigger        RecText          `json:"trigger"`
	PLOVER         RecPLOVER        `json:"plover"`
	CAMEO          RecCAMEO         `json:"cameo"`
	Actor          []RecParticipant `json:"actor"`
	Recipient      []RecParticipant `json:"recipient"`
	Date           *RecDate         `json:"date"`
	Location       *RecLocation     `json:"location"`
	Modality       RecModality      `json:"modality"`
	SourceOfReport *RecParticipant  `json:"source_of_report"`
	Confidence     float64          `json:"confidence"`
}

// RecQuote is a quote in the wire form.
type RecQuote struct {
	ID      string          `json:"id"`
	Text    string          `json:"text"`
	Start   int             `json:"start"`
	End     int             `json:"end"`
	Direct  bool            `json:"direct"`
	Scare   bool            `json:"scare"`
	Cue     *RecText        `json:"cue"`
	Speaker *RecParticipant `json:"speaker"`
}

// RecVictims describes who a count counts.
type RecVictims struct {
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Country string `json:"country"`
	Sector  string `json:"sector"`
}

// RecCount is a count claim in the wire form.
type RecCount struct {
	ID          string          `json:"id"`
	Kind        string          `json:"kind"`
	Count       int64           `json:"count"`
	Qualifier   string          `json:"qualifier"`
	Text        string          `json:"text"`
	Victims     *RecVictims     `json:"victims"`
	Perpetrator *RecParticipant `json:"perpetrator"`
	Source      *RecParticipant `json:"source"`
	Sentence    int             `json:"sentence"`
	Start       int             `json:"start"`
	End         int             `json:"end"`
	Date        *RecDate        `json:"date"`
	Location    *RecLocation    `json:"location"`
	Event       *string         `json:"event"`
}

// RecPlace is a resolved place mention.
type RecPlace struct {
	Text      string   `json:"text"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Name      string   `json:"name"`
	Country   string   `json:"country"`
	Admin1    string   `json:"admin1"`
	GeonameID int      `json:"geonameid"`
	Lat       *float64 `json:"lat"`
	Lon       *float64 `json:"lon"`
	Feature   string   `json:"feature"`
}

// RecTimex is a temporal expression in the wire form.
type RecTimex struct {
	Text      string `json:"text"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Value     string `json:"value"`
	Precision string `json:"precision"`
	Relation  string `json:"relation"`
}

// RecordOptions selects optional parts of a Record.
type RecordOptions struct {
	// Tokens includes the token layer.
	Tokens bool
}

// Offsets converts byte offsets in a string into code-point offsets.
type Offsets struct {
	// pos holds the byte offset of each multi-byte rune and extra the
	// cumulative number of continuation bytes up to and including it.
	pos   []int
	extra []int
}

// NewOffsets prepares conversions for text.
func NewOffsets(text string) *Offsets {
	o := &Offsets{}
	n := 0
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		n += size - 1
		o.pos = append(o.pos, i)
		o.extra = append(o.extra, n)
		i += size
	}
	return o
}

// Rune returns the code-point offset of byte offset b. A byte offset inside a
// multi-byte rune maps to the rune that holds it.
func (o *Offsets) Rune(b int) int {
	// Find the last multi-byte rune starting before b.
	k := sort.SearchInts(o.pos, b) // first pos >= b
	if k == 0 {
		return b
	}
	return b - o.extra[k-1]
}

// Record builds the wire form of d.
func (d *Document) Record(opt RecordOptions) *Record {
	o := NewOffsets(d.Text)
	sp := func(s Span) RecText {
		return RecText{Text: d.Text[s.Start:s.End], Start: o.Rune(s.Start), End: o.Rune(s.End)}
	}
	r := &Record{
		ID: d.ID, Title: d.Title, Source: d.Source, URL: d.URL, Text: d.Text,
		Paragraphs: make([]RecSpan, 0, len(d.Paragraphs)),
		Sentences:  make([]RecSpan, 0, len(d.Sentences)),
		Entities:   make([]RecEntity, 0, len(d.Entities)),
		Actors:     make([]RecActor, 0, len(d.Actors)),
		Events:     make([]RecEvent, 0, len(d.Events)),
		Quotes:     make([]RecQuote, 0, len(d.Quotes)),
		Counts:     make([]RecCount, 0, len(d.Counts)),
		Places:     make([]RecPlace, 0, len(d.Places)),
		Timexes:    make([]RecTimex, 0, len(d.Timexes)),
		Warnings:   append([]string{}, d.Warnings...),
		Stats:      &RecordStats{Tokens: len(d.Tokens)},
	}
	if ds := d.DateString(); ds != "" {
		r.Date = &ds
	}
	for _, p := range d.Paragraphs {
		r.Paragraphs = append(r.Paragraphs, RecSpan{o.Rune(p.Start), o.Rune(p.Span.End)})
	}
	for _, s := range d.Sentences {
		r.Sentences = append(r.Sentences, RecSpan{o.Rune(s.Start), o.Rune(s.Span.End)})
	}
	if opt.Tokens {
		r.Tokens = make([]RecToken, 0, len(d.Tokens))
		for _, t := range d.Tokens {
			rt := RecToken{Start: o.Rune(t.Start), End: o.Rune(t.End), UPOS: t.UPOS, XPOS: t.XPOS, Lemma: t.Lemma, Rel: t.Rel}
			if t.Rel != "" {
				h := t.Head
				rt.Head = &h
			}
			r.Tokens = append(r.Tokens, rt)
		}
	}
	for _, e := range d.Entities {
		t := sp(e.Span)
		r.Entities = append(r.Entities, RecEntity{ID: e.ID, Text: t.Text, Type: e.Type, Start: t.Start, End: t.End, Actor: optString(e.Actor), Also: e.Also})
	}
	for _, a := range d.Actors {
		r.Actors = append(r.Actors, RecActor{ID: a.ID, Name: a.Name, Country: a.Country, Sector: a.Sector,
			Code: a.Code, Title: a.Title, Mentions: append([]string{}, a.Mentions...)})
	}
	part := func(p *Participant) *RecParticipant {
		if p == nil {
			return nil
		}
		t := sp(p.Span)
		return &RecParticipant{Actor: optString(p.Actor), Text: t.Text, Start: t.Start, End: t.End, Country: p.Country, Sector: p.Sector, Implied: p.Implied}
	}
	parts := func(ps []Participant) []RecParticipant {
		out := make([]RecParticipant, 0, len(ps))
		for i := range ps {
			out = append(out, *part(&ps[i]))
		}
		return out
	}
	date := func(dt *Date) *RecDate {
		if dt == nil {
			return nil
		}
		rd := &RecDate{Value: dt.Value, Precision: dt.Precision}
		if dt.Text != nil {
			t := sp(*dt.Text)
			rd.Start, rd.End, rd.Text = &t.Start, &t.End, &t.Text
		}
		return rd
	}
	loc := func(l *Location) *RecLocation {
		if l == nil {
			return nil
		}
		rl := &RecLocation{Name: l.Name, Country: l.Country, Admin1: l.Admin1, GeonameID: l.GeonameID,
			Resolution: l.Resolution}
		if l.HasCoord {
			rl.Lat, rl.Lon = &l.Lat, &l.Lon
		}
		if l.Place >= 0 {
			p := l.Place
			rl.Place = &p
		}
		return rl
	}
	for _, e := range d.Events {
		ctx := e.PLOVER.Context
		if ctx == nil {
			ctx = []string{}
		}
		r.Events = append(r.Events, RecEvent{
			ID: e.ID, Sentence: e.Sentence, Trigger: sp(e.Trigger),
			PLOVER:         RecPLOVER{Type: e.PLOVER.Type, Mode: e.PLOVER.Mode, Context: ctx},
			CAMEO:          RecCAMEO{Code: e.CAMEO.Code, Root: e.CAMEO.Root, Quad: e.CAMEO.Quad, Goldstein: e.CAMEO.Goldstein},
			Actor:          parts(e.Actor),
			Recipient:      parts(e.Recipient),
			Date:           date(e.Date),
			Location:       loc(e.Location),
			Modality:       RecModality(e.Modality),
			SourceOfReport: part(e.SourceOfReport),
			Confidence:     math.Round(e.Confidence*100) / 100,
		})
	}
	for _, q := range d.Quotes {
		t := sp(q.Span)
		rq := RecQuote{ID: q.ID, Text: t.Text, Start: t.Start, End: t.End, Direct: q.Direct, Scare: q.Scare, Speaker: part(q.Speaker)}
		if q.Cue != nil {
			c := sp(*q.Cue)
			rq.Cue = &c
		}
		r.Quotes = append(r.Quotes, rq)
	}
	for _, c := range d.Counts {
		t := sp(c.Span)
		rc := RecCount{ID: c.ID, Kind: c.Kind, Count: c.Count, Qualifier: c.Qualifier, Text: t.Text,
			Perpetrator: part(c.Perpetrator), Source: part(c.Source), Sentence: c.Sentence,
			Start: t.Start, End: t.End, Date: date(c.Date), Location: loc(c.Location), Event: optString(c.Event)}
		if c.Victims != nil {
			v := sp(c.Victims.Span)
			rc.Victims = &RecVictims{Text: v.Text, Start: v.Start, End: v.End, Country: c.Victims.Country, Sector: c.Victims.Sector}
		}
		r.Counts = append(r.Counts, rc)
	}
	for _, p := range d.Places {
		t := sp(p.Span)
		rp := RecPlace{Text: t.Text, Start: t.Start, End: t.End, Name: p.Name, Country: p.Country,
			Admin1: p.Admin1, GeonameID: p.GeonameID, Feature: p.Feature}
		if p.HasCoord {
			lat, lon := p.Lat, p.Lon
			rp.Lat, rp.Lon = &lat, &lon
		}
		r.Places = append(r.Places, rp)
	}
	for _, x := range d.Timexes {
		t := sp(x.Span)
		r.Timexes = append(r.Timexes, RecTimex{Text: t.Text, Start: t.Start, End: t.End, Value: x.Value, Precision: x.Precision, Relation: x.Relation})
	}
	return r
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
