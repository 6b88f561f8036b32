// Package testdoc runs dyad's standard pipeline over test sentences, for the
// tests of the stage packages.
package testdoc

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/pipeline"
)

var defaultPipeline = sync.OnceValues(pipeline.Default)

// Run processes text published on date (YYYY-MM-DD, or "" for none) with the
// standard pipeline and returns the document.
func Run(t testing.TB, text, date string) *doc.Document {
	t.Helper()
	p, err := defaultPipeline()
	if err != nil {
		t.Fatalf("load pipeline: %v", err)
	}
	d := doc.New("test", text)
	if date != "" {
		dt, err := time.Parse(doc.DateLayout, date)
		if err != nil {
			t.Fatalf("bad test date %q: %v", date, err)
		}
		d.Date = dt
	}
	if err := p.Process(context.Background(), d); err != nil {
		t.Fatalf("process %q: %v", text, err)
	}
	return d
}

// Codes returns the actor codes of participants.
func Codes(d *doc.Document, ps []doc.Participant) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if a := d.ActorByID(p.Actor); a != nil {
			out = append(out, a.Code)
		} else {
			out = append(out, p.Country+p.Sector)
		}
	}
	return out
}
