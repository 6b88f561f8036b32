// Package doc defines the Document that flows through dyad's pipeline and the
// standoff annotation layers that stages add to it.
//
// A Document owns the original text. Every layer stores byte offsets into
// Document.Text (end exclusive), never copies of it. The wire format, built by
// Document.Record, converts those byte offsets into Unicode code-point offsets,
// the way Python slices strings.
package doc

import (
	"fmt"
	"strconv"
	"time"
)

// DateLayout is the layout of publication and event dates: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Span is a half-open byte range [Start, End) into Document.Text.
type Span struct {
	Start int
	End   int
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether o lies entirely inside s.
func (s Span) Contains(o Span) bool { return o.Start >= s.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Token is one token of the text with the syntactic annotation later stages
// add. Fields left empty have not been assigned by any stage.
type Token struct {
	Span
	// SpaceAfter reports whether whitespace follows the token in the text.
	SpaceAfter bool
	// UPOS is the Universal Dependencies part-of-speech tag.
	UPOS string
	// XPOS is the Penn Treebank tag.
	XPOS string
	// Lemma is the dictionary form, lower case unless a proper noun.
	Lemma string
	// Head is the index of the syntactic head token in Document.Tokens, or -1
	// for the root or when no parser has run.
	Head int
	// Rel is the Universal Dependencies relation to Head.
	Rel string
}

// Sentence is a sentence span with the range of its tokens.
type Sentence struct {
	Span
	// TokStart and TokEnd delimit the sentence's tokens: Tokens[TokStart:TokEnd].
	TokStart, TokEnd int
	// Paragraph is the index of the paragraph that holds the sentence.
	Paragraph int
}

// Paragraph is a paragraph span with the range of its sentences.
type Paragraph struct {
	Span
	// SentStart and SentEnd delimit the paragraph's sentences: Sentences[SentStart:SentEnd].
	SentStart, SentEnd int
}

// Entity is a named or nominal mention of a person, organisation, place or
// group.
type Entity struct {
	ID string
	Span
	// TokStart and TokEnd delimit the entity's tokens: Tokens[TokStart:TokEnd].
	TokStart, TokEnd int
	// Type is one of PERSON, ORG, LOC, GPE, NORP, MISC.
	Type string
	// Actor is the ID of the actor the mention refers to, or "".
	Actor string
	// Also holds the IDs of further actors a plural reference names
	// together with Actor: "the two leaders" after two were named.
	Also []string
}

// Actor is a coded political actor, with the mentions that refer to it.
type Actor struct {
	ID string
	// Name is the canonical name: a person's full name or a country's name.
	Name string
	// Country is an ISO 3166 alpha-3 code or a non-state root such as IGO.
	Country string
	// Sector is a CAMEO/PLOVER sector such as GOV, MIL or COP, or "".
	Sector string
	// Code is the CAMEO-style actor code, Country followed by Sector.
	Code string
	// Title is the office or role given in the text, such as "prime minister".
	Title string
	// Mentions are the IDs of the entities that refer to the actor.
	Mentions []string
}

// Participant is an actor's role in an event, quote or count: the actor and
// the words that name it there.
type Participant struct {
	// Actor is the actor ID, or "" when the words name no coded actor.
	Actor string
	Span
	Country string
	Sector  string
	// Implied marks a participant the text does not name but the event
	// implies: the actor's own country as the target of a curfew, a ban or
	// a protest with no other target. Its span is the trigger's.
	Implied bool
}

// PLOVER is an event's PLOVER coding.
type PLOVER struct {
	Type    string
	Mode    string
	Context []string
}

// CAMEO is an event's CAMEO coding. Codes are strings so leading zeros
// survive ("030").
type CAMEO struct {
	Code      string
	Root      string
	Quad      int
	Goldstein float64
}

// Date is a resolved date with the expression it came from. When Text is nil
// the date was not stated in the text and comes from the publication date.
type Date struct {
	// Value is YYYY-MM-DD, YYYY-MM or YYYY, as Precision says; for a week,
	// the date of its Monday.
	Value string
	// Text is the expression's span, or nil when the date is the
	// publication date, used as a fallback.
	Text *Span
	// Precision is day, week, month or year.
	Precision string
}

// Modality qualifies whether and how an event happened.
type Modality struct {
	Negated      bool
	Hypothetical bool
	Future       bool
	Historical   bool
}

// Location is where an event or count took place.
type Location struct {
	// Place is the index into Document.Places, or -1 when the location does
	// not come from a place mention.
	Place int
	Name  string
	// Country is ISO 3166 alpha-3.
	Country   string
	Admin1    string
	GeonameID int
	// Lat and Lon are the coordinates when HasCoord is true.
	Lat, Lon float64
	HasCoord bool
	// Resolution is city, admin1 or country.
	Resolution string
}

// Event is a coded political event.
type Event struct {
	ID string
	// Sentence is the index of the sentence holding the trigger.
	Sentence       int
	Trigger        Span
	PLOVER         PLOVER
	CAMEO          CAMEO
	Actor          []Participant
	Recipient      []Participant
	Date           *Date
	Location       *Location
	Modality       Modality
	SourceOfReport *Participant
	Confidence     float64
}

// Quote is a direct or indirect quotation, or a scare-quoted phrase.
type Quote struct {
	ID string
	// Span is the quoted content, without the quotation marks.
	Span
	Direct bool
	// Scare marks a quoted phrase that is not speech; it has no speaker.
	Scare   bool
	Cue     *Span
	Speaker *Participant
}

// Count is a claim about how many people were killed, injured, arrested and
// so on.
type Count struct {
	ID string
	// Kind is killed, injured, arrested, displaced, missing, protesters or
	// other.
	Kind  string
	Count int64
	// Qualifier is exactly, at_least, more_than, about, up_to or fewer_than.
	Qualifier   string
	Victims     *Participant
	Perpetrator *Participant
	Source      *Participant
	Sentence    int
	Span
	Date     *Date
	Location *Location
	// Event is the ID of the event the count belongs to, or "".
	Event string
}

// Place is a place mention resolved to a gazetteer entry.
type Place struct {
	Span
	Name      string
	Country   string
	Admin1    string
	GeonameID int
	// Lat and Lon are the coordinates when HasCoord is true.
	Lat, Lon float64
	HasCoord bool
	// Feature is a GeoNames feature code such as PPLC or PCLI.
	Feature string
}

// Document is one article and its annotation layers.
type Document struct {
	ID     string
	Title  string
	Source string
	URL    string
	// Date is the publication date, or the zero time when unknown.
	Date time.Time
	// Text is the article text, valid UTF-8.
	Text string

	Tokens     []Token
	Sentences  []Sentence
	Paragraphs []Paragraph
	Entities   []Entity
	Actors     []Actor
	Events     []Event
	Quotes     []Quote
	Counts     []Count
	Places     []Place
	Timexes    []Timex

	Warnings []string
}

// New returns a Document holding text.
func New(id, text string) *Document {
	return &Document{ID: id, Text: text}
}

// Slice returns the text a span covers.
func (d *Document) Slice(s Span) string { return d.Text[s.Start:s.End] }

// TokenText returns the text of token i.
func (d *Document) TokenText(i int) string { return d.Text[d.Tokens[i].Start:d.Tokens[i].End] }

// Warn records a warning about the document.
func (d *Document) Warn(format string, args ...any) {
	d.Warnings = append(d.Warnings, fmt.Sprintf(format, args...))
}

// ActorByID returns the actor with the given ID, or nil. IDs of the form
// "a<N>" naming the Nth actor are found at once; others by a scan.
func (d *Document) ActorByID(id string) *Actor {
	if len(id) > 1 && id[0] == 'a' {
		if n, err := strconv.Atoi(id[1:]); err == nil && n >= 1 && n <= len(d.Actors) && d.Actors[n-1].ID == id {
			return &d.Actors[n-1]
		}
	}
	for i := range d.Actors {
		if d.Actors[i].ID == id {
			return &d.Actors[i]
		}
	}
	return nil
}

// SentenceAt returns the index of the sentence that holds byte offset off, or
// -1.
func (d *Document) SentenceAt(off int) int {
	lo, hi := 0, len(d.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case off < d.Sentences[m].Start:
			hi = m
		case off >= d.Sentences[m].Span.End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

// TokenAt returns the index of the token that holds byte offset off, or -1.
func (d *Document) TokenAt(off int) int {
	lo, hi := 0, len(d.Tokens)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case off < d.Tokens[m].Start:
			hi = m
		case off >= d.Tokens[m].End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

// DateString returns the publication date as YYYY-MM-DD, or "" when unknown.
func (d *Document) DateString() string {
	if d.Date.IsZero() {
		return ""
	}
	return d.Date.Format(DateLayout)
}

// Timex is a temporal expression found in the text and resolved against the
// publication date.
type Timex struct {
	Span
	// Value is YYYY-MM-DD, YYYY-MM or YYYY, as Precision says; "" when the
	// expression could not be resolved.
	Value string
	// Precision is day, month or year.
	Precision string
	// Relation is how the expression relates the event to Value: "on" (the
	// default), "before" ("earlier this week") or "after".
	Relation string
}
