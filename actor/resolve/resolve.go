// Package resolve codes one actor mention the way dyad codes it inside an
// article: the mention is read in its context (a sentence or a whole text)
// by the full pipeline, so tags, titles, appositions and coreference all
// play their part, and the actor the mention's words refer to is returned.
//
// It backs "dyad actor resolve" and the actor evaluation on the PLOVER gold
// records (EvalPLOVER).
package resolve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// Processor runs dyad's pipeline over a document; *pipeline.Pipeline
// implements it.
type Processor interface {
	Process(ctx context.Context, d *doc.Document) error
}

// Actor is a coded actor as the resolver reports it. Empty strings mean
// unknown.
type Actor struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	Sector  string `json:"sector"`
	Code    string `json:"code"`
	Title   string `json:"title"`
	// Text is the part of the mention that names this actor.
	Text string `json:"text"`
}

// Result is the coding of one mention. Actors lists every actor the
// mention's words name, in text order: one for most mentions, two for
// "Russian and Belarusian soldiers". It is empty when the mention names no
// coded actor.
type Result struct {
	Mention string  `json:"mention"`
	Date    string  `json:"date,omitempty"`
	Actors  []Actor `json:"actors"`
	InText  bool    `json:"in_context"`
	// Doc is the processed text the mention was read in.
	Doc *doc.Document `json:"-"`

	best int
}

// Best returns the actor the mention is mainly about: the one whose words
// cover most of it ("Ariel Sharon" in "Israeli right-winger Ariel
// Sharon"), the first on a tie.
func (r Result) Best() (Actor, bool) {
	if len(r.Actors) == 0 {
		return Actor{}, false
	}
	return r.Actors[r.best], true
}

// ErrEmpty reports an empty mention.
var ErrEmpty = errors.New("resolve: empty mention")

// Resolve codes mention as it reads in context, for a text published on
// date (zero for undated). The context must contain the mention (compared
// exactly first, then without case); when it does not, or is empty, the
// mention is read alone.
func Resolve(ctx context.Context, p Processor, mention, context string, date time.Time) (Result, error) {
	mention = strings.TrimSpace(mention)
	if mention == "" {
		return Result{}, ErrEmpty
	}
	res := Result{Mention: mention}
	if !date.IsZero() {
		res.Date = date.Format(doc.DateLayout)
	}
	var occ []int
	if context != "" {
		occ = occurrences(context, mention)
	}
	if len(occ) > 0 {
		d, err := process(ctx, p, context, date)
		if err != nil {
			return res, err
		}
		// Of several occurrences, the first that is a mention of its own
		// (an entity starts and ends inside it) rather than part of a
		// longer one ("Palestinian" in "Palestinian Islamic Jihad").
		pick := -1
		for i, at := range occ {
			span := doc.Span{Start: at, End: at + len(mention)}
			if len(actorsIn(d, span, true)) > 0 {
				pick = i
				break
			}
			if pick < 0 && len(actorsIn(d, span, false)) > 0 {
				pick = i
			}
		}
		if pick >= 0 {
			span := doc.Span{Start: occ[pick], End: occ[pick] + len(mention)}
			res.InText, res.Doc = true, d
			res.Actors, res.best = choose(d, span)
			return res, nil
		}
		if entityAt(d, occ[0], occ[0]+len(mention)) {
			// The context reads the words as a mention of no actor: a
			// place ("talks in Moscow"), say.
			res.InText, res.Doc = true, d
			res.Actors = []Actor{}
			return res, nil
		}
	}
	// No context, or the context reads the words another way: the
	// mention alone.
	d, err := process(ctx, p, mention, date)
	if err != nil {
		return res, err
	}
	res.Doc = d
	res.Actors, res.best = choose(d, doc.Span{Start: 0, End: len(mention)})
	return res, nil
}

func process(ctx context.Context, p Processor, text string, date time.Time) (*doc.Document, error) {
	d := doc.New("mention", text)
	d.Date = date
	if err := p.Process(ctx, d); err != nil {
		return nil, fmt.Errorf("resolve: %w", err)
	}
	return d, nil
}

// actorsIn returns the coded entities overlapping span (inside it only,
// when inside is set).
func actorsIn(d *doc.Document, span doc.Span, inside bool) []doc.Entity {
	var out []doc.Entity
	for _, e := range d.Entities {
		if e.Actor == "" || !e.Span.Overlaps(span) || inside && !span.Contains(e.Span) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// entityAt reports whether an entity lies within [start, end).
func entityAt(d *doc.Document, start, end int) bool {
	span := doc.Span{Start: start, End: end}
	for _, e := range d.Entities {
		if span.Contains(e.Span) {
			return true
		}
	}
	return false
}

// choose returns the actors of the entities overlapping span, in text
// order and each once, with the index of the one covering most of span.
func choose(d *doc.Document, span doc.Span) ([]Actor, int) {
	seen := map[string]int{}
	actors := []Actor{}
	best, bestCover := 0, -1
	for _, e := range actorsIn(d, span, false) {
		a := d.ActorByID(e.Actor)
		if a == nil {
			continue
		}
		cover := min(e.End, span.End) - max(e.Start, span.Start)
		if prepositionBefore(d, e, span) {
			// "Indonesia" in "students throughout Indonesia" qualifies
			// the head; it wins only when nothing else is there.
			cover -= span.Len()
		}
		k, ok := seen[e.Actor]
		if !ok {
			k = len(actors)
			seen[e.Actor] = k
			actors = append(actors, Actor{Name: a.Name, Country: a.Country, Sector: a.Sector,
				Code: a.Code, Title: a.Title, Text: d.Slice(e.Span)})
		}
		for _, id := range e.Also {
			// "the two leaders": every actor the reference names.
			if b := d.ActorByID(id); b != nil {
				if _, dup := seen[id]; !dup {
					seen[id] = len(actors)
					actors = append(actors, Actor{Name: b.Name, Country: b.Country, Sector: b.Sector,
						Code: b.Code, Title: b.Title, Text: d.Slice(e.Span)})
				}
			}
		}
		if cover > bestCover {
			best, bestCover = k, cover
		}
	}
	return actors, best
}

// occurrences returns the byte offsets of sub in s at word boundaries:
// exact matches first, then matches without case.
func occurrences(s, sub string) []int {
	var out []int
	for _, fold := range []bool{false, true} {
		for i := 0; i+len(sub) <= len(s); i++ {
			var hit bool
			if fold {
				hit = strings.EqualFold(s[i:i+len(sub)], sub)
			} else {
				hit = strings.HasPrefix(s[i:], sub)
			}
			if hit && boundary(s, i) && boundary(s, i+len(sub)) && !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	return out
}

// boundary reports whether offset i of s is not inside a word.
func boundary(s string, i int) bool {
	if i == 0 || i >= len(s) {
		return true
	}
	a, _ := utf8.DecodeLastRuneInString(s[:i])
	b, _ := utf8.DecodeRuneInString(s[i:])
	return !(isWordRune(a) && isWordRune(b))
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// prepositionBefore reports whether entity e is the object of a
// preposition inside span ("of Morocco", "loyal to the president").
func prepositionBefore(d *doc.Document, e doc.Entity, span doc.Span) bool {
	t := e.TokStart - 1
	if t >= 0 && strings.EqualFold(d.TokenText(t), "the") {
		t--
	}
	if t < 0 || d.Tokens[t].Start < span.Start {
		return false
	}
	switch strings.ToLower(d.TokenText(t)) {
	case "of", "in", "to", "with", "at", "from", "throughout", "across", "near", "for", "by", "against", "inside":
		return true
	}
	return d.Tokens[t].UPOS == "ADP"
}
