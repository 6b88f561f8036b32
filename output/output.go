// Package output writes dyad's records: JSON Lines (one object per
// document, the contract of docs/output.md) or TSV (one row per event).
package output

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/doc"
)

// Options selects optional parts of the output.
type Options struct {
	// Tokens includes the token layer in JSON records.
	Tokens bool
}

// Writer writes documents and failures in one format. A Writer is used by
// one goroutine.
type Writer interface {
	// WriteDoc writes a processed document.
	WriteDoc(w io.Writer, d *doc.Document) error
	// WriteError writes the failure of the document named id.
	WriteError(w io.Writer, id string, err error) error
	// Close finishes the output.
	Close(w io.Writer) error
}

// Formats lists the formats NewWriter accepts.
var Formats = []string{"json", "tsv", "dyads"}

// NewWriter returns a writer for format: "json", "tsv" (one row per event)
// or "dyads" (one row per actor-recipient pair, CAMEO/GDELT style).
func NewWriter(format string, opt Options) (Writer, error) {
	switch format {
	case "json", "jsonl":
		return &jsonWriter{opt: opt}, nil
	case "tsv":
		return &tsvWriter{columns: TSVColumns}, nil
	case "dyads":
		return &tsvWriter{columns: DyadColumns, dyads: true}, nil
	}
	return nil, fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
}

type jsonWriter struct{ opt Options }

func (j *jsonWriter) encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	return nil
}

func (j *jsonWriter) WriteDoc(w io.Writer, d *doc.Document) error {
	return j.encode(w, d.Record(doc.RecordOptions{Tokens: j.opt.Tokens}))
}

func (j *jsonWriter) WriteError(w io.Writer, id string, err error) error {
	return j.encode(w, doc.ErrorRecord{ID: id, Error: err.Error()})
}

func (j *jsonWriter) Close(io.Writer) error { return nil }

// TSVColumns are the columns of the TSV format, one row per event. A failed
// document is one row with only doc_id and error filled.
var TSVColumns = []string{
	"doc_id", "event_id", "date", "plover_type", "plover_mode", "cameo_code", "cameo_root", "quad_class", "goldstein",
	"actor_codes", "actor_text", "recipient_codes", "recipient_text", "source_of_report",
	"negated", "hypothetical", "future", "historical", "confidence", "trigger", "sentence", "error",
}

// DyadColumns are the columns of the dyads format: one row per actor and
// recipient pair, as CAMEO and GDELT expect. An event with several actors
// and recipients gives every actor-recipient pair; one with several actors
// and no recipient (they met, they agreed) every ordered pair of actors of
// different codes; one with a single actor and no recipient one row with
// empty actor2 columns. A failed document is one row with only doc_id and
// error filled.
var DyadColumns = []string{
	"doc_id", "event_id", "date", "actor1_code", "actor1_country", "actor1_sector", "actor1_text",
	"actor2_code", "actor2_country", "actor2_sector", "actor2_text",
	"cameo_code", "cameo_root", "quad_class", "goldstein", "plover_type", "plover_mode",
	"negated", "hypothetical", "future", "historical", "confidence", "source_of_report", "sentence", "error",
}

type tsvWriter struct {
	header  bool
	columns []string
	dyads   bool
}

func (t *tsvWriter) row(w io.Writer, f []string) error {
	if !t.header {
		t.header = true
		if _, err := io.WriteString(w, strings.Join(t.columns, "\t")+"\n"); err != nil {
			return fmt.Errorf("write row: %w", err)
		}
	}
	for i := range f {
		f[i] = clean(f[i])
	}
	if _, err := io.WriteString(w, strings.Join(f, "\t")+"\n"); err != nil {
		return fmt.Errorf("write row: %w", err)
	}
	return nil
}

// clean makes a value safe for one TSV cell: tabs and line breaks become
// spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return ' '
		}
		return r
	}, s)
}

func (t *tsvWriter) WriteDoc(w io.Writer, d *doc.Document) error {
	if t.dyads {
		return t.writeDyads(w, d)
	}
	for _, e := range d.Events {
		date, src, sent := eventCells(d, e)
		f := []string{
			d.ID, e.ID, date, e.PLOVER.Type, e.PLOVER.Mode, e.CAMEO.Code, e.CAMEO.Root,
			strconv.Itoa(e.CAMEO.Quad), strconv.FormatFloat(e.CAMEO.Goldstein, 'f', -1, 64),
			codes(d, e.Actor), texts(d, e.Actor), codes(d, e.Recipient), texts(d, e.Recipient), src,
			flag(e.Modality.Negated), flag(e.Modality.Hypothetical), flag(e.Modality.Future), flag(e.Modality.Historical),
			strconv.FormatFloat(e.Confidence, 'f', 2, 64), d.Slice(e.Trigger), sent, "",
		}
		if err := t.row(w, f); err != nil {
			return err
		}
	}
	return nil
}

func (t *tsvWriter) WriteError(w io.Writer, id string, err error) error {
	f := make([]string, len(t.columns))
	f[0], f[len(f)-1] = id, err.Error()
	return t.row(w, f)
}

// Close writes the header when no row was written, so that an empty result
// is still a valid table.
func (t *tsvWriter) Close(w io.Writer) error {
	if t.header {
		return nil
	}
	t.header = true
	if _, err := io.WriteString(w, strings.Join(t.columns, "\t")+"\n"); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	return nil
}

func participantCode(d *doc.Document, p doc.Participant) string {
	if a := d.ActorByID(p.Actor); a != nil && a.Code != "" {
		return a.Code
	}
	return p.Country + p.Sector
}

func codes(d *doc.Document, ps []doc.Participant) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = participantCode(d, p)
	}
	return strings.Join(out, ";")
}

func texts(d *doc.Document, ps []doc.Participant) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = d.Slice(p.Span)
	}
	return strings.Join(out, ";")
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// writeDyads writes the dyad rows of d's events.
func (t *tsvWriter) writeDyads(w io.Writer, d *doc.Document) error {
	for _, e := range d.Events {
		date, src, sent := eventCells(d, e)
		side := func(p *doc.Participant) []string {
			if p == nil {
				return []string{"", "", "", ""}
			}
			return []string{participantCode(d, *p), p.Country, p.Sector, d.Slice(p.Span)}
		}
		for _, pr := range Dyads(d, e) {
			f := []string{d.ID, e.ID, date}
			f = append(f, side(pr[0])...)
			f = append(f, side(pr[1])...)
			f = append(f, e.CAMEO.Code, e.CAMEO.Root, strconv.Itoa(e.CAMEO.Quad),
				strconv.FormatFloat(e.CAMEO.Goldstein, 'f', -1, 64), e.PLOVER.Type, e.PLOVER.Mode,
				flag(e.Modality.Negated), flag(e.Modality.Hypothetical), flag(e.Modality.Future), flag(e.Modality.Historical),
				strconv.FormatFloat(e.Confidence, 'f', 2, 64), src, sent, "")
			if err := t.row(w, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// Dyads expands an event into actor-recipient pairs (the second is nil
// when there is none): every actor with every recipient; without
// recipients, every ordered pair of actors with different codes (a
// reciprocal event: they met, they agreed), or each actor alone.
func Dyads(d *doc.Document, e doc.Event) [][2]*doc.Participant {
	var out [][2]*doc.Participant
	switch {
	case len(e.Recipient) > 0:
		for i := range e.Actor {
			for j := range e.Recipient {
				out = append(out, [2]*doc.Participant{&e.Actor[i], &e.Recipient[j]})
			}
		}
	case len(e.Actor) > 1:
		for i := range e.Actor {
			for j := range e.Actor {
				if i != j && participantCode(d, e.Actor[i]) != participantCode(d, e.Actor[j]) {
					out = append(out, [2]*doc.Participant{&e.Actor[i], &e.Actor[j]})
				}
			}
		}
		if len(out) == 0 {
			out = append(out, [2]*doc.Participant{&e.Actor[0], nil})
		}
	default:
		for i := range e.Actor {
			out = append(out, [2]*doc.Participant{&e.Actor[i], nil})
		}
	}
	return out
}

// eventCells returns an event's date value, the code of its source of
// report and its evidence sentence, each "" when absent.
func eventCells(d *doc.Document, e doc.Event) (date, src, sent string) {
	if e.Date != nil {
		date = e.Date.Value
	}
	if e.SourceOfReport != nil {
		src = participantCode(d, *e.SourceOfReport)
	}
	if e.Sentence >= 0 && e.Sentence < len(d.Sentences) {
		sent = d.Slice(d.Sentences[e.Sentence].Span)
	}
	return date, src, sent
}
