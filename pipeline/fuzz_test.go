package pipeline_test

import (
	"context"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/pipeline"
)

// FuzzPipeline runs the whole standard pipeline over arbitrary text: no stage
// may panic, and every span in the record must lie inside the text.
func FuzzPipeline(f *testing.F) {
	for _, s := range []string{
		"Russian President Ivan Petrov and Turkish Prime Minister Ali Demir agreed on Monday to meet, the Kremlin press service said.",
		"“We condemn the attack,” he said. At least 5,400 people were killed, according to the UN.",
		"ANKARA, March 3 (Reuters) - Police in Istanbul detained 45 protesters.\n\nThe West criticized Moscow, which rejected it.",
		"\"unbalanced quote. 'single' ’s ’ -- — … U.S. 2.4% $3.5bn 11-month",
		"he said she said they said it said we said",
		"",
	} {
		f.Add(s)
	}
	p, err := pipeline.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // ingest repairs encoding before the pipeline
		}
		d := doc.New("fuzz", text)
		if err := p.Process(context.Background(), d); err != nil {
			t.Fatalf("process: %v", err)
		}
		r := d.Record(doc.RecordOptions{Tokens: true})
		n := utf8.RuneCountInString(text)
		check := func(what string, start, end int) {
			if start < 0 || end < start || end > n {
				t.Fatalf("%s span [%d,%d) outside text of %d code points", what, start, end, n)
			}
		}
		for _, s := range r.Sentences {
			check("sentence", s.Start, s.End)
		}
		for _, e := range r.Entities {
			check("entity", e.Start, e.End)
		}
		for _, e := range r.Events {
			check("trigger", e.Trigger.Start, e.Trigger.End)
			if len(e.Actor) == 0 {
				t.Fatalf("event without actor")
			}
			for _, a := range append(e.Actor, e.Recipient...) {
				check("participant", a.Start, a.End)
			}
		}
		for _, q := range r.Quotes {
			check("quote", q.Start, q.End)
		}
		for _, c := range r.Counts {
			check("count", c.Start, c.End)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
	})
}
