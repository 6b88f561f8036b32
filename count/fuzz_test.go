package count

import (
	"context"
	"testing"

	"github.com/dyad-events/dyad/doc"
)

// FuzzProcess checks that the stage never panics and that every span it
// writes lies inside the text and inside its sentence.
func FuzzProcess(f *testing.F) {
	for _, s := range []string{
		"At least 12 people were killed, according to the UN.",
		"Police said dozens of protesters were arrested by security forces.",
		"The death toll rose to 1.5 million; 9-4, $3.5bn, 10:30, 555-0199.",
		"twenty - five and a hundred and , or so - plus -odd between 3 and",
		"claimed 4 lives said", "of them", "half a", "a few", "2012 ,",
		"Thousands of, 4 (", "… ’ — 5 — killed by",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	st := New(testLex)
	f.Fuzz(func(t *testing.T, text string, split bool) {
		d := build(text, split)
		if len(d.Tokens) > 1 {
			// An entity with an actor and a timex on the first tokens.
			t0, t1 := d.Tokens[0], d.Tokens[1]
			d.Entities = append(d.Entities, doc.Entity{ID: "E1", Span: doc.Span{Start: t0.Start, End: t1.End}, TokStart: 0, TokEnd: 2, Type: "ORG", Actor: "A1"})
			d.Actors = append(d.Actors, doc.Actor{ID: "A1", Country: "IGO"})
			d.Timexes = append(d.Timexes, doc.Timex{Span: t1.Span, Value: "2020", Precision: "year"})
		}
		if err := st.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		in := func(s doc.Span) bool { return s.Start >= 0 && s.Start <= s.End && s.End <= len(text) }
		for _, c := range d.Counts {
			if !in(c.Span) || c.Span.Len() == 0 {
				t.Fatalf("count span %+v out of bounds in %q", c.Span, text)
			}
			if c.Sentence < 0 || c.Sentence >= len(d.Sentences) || !d.Sentences[c.Sentence].Contains(c.Span) {
				t.Fatalf("count %+v outside its sentence in %q", c, text)
			}
			for _, p := range []*doc.Participant{c.Victims, c.Perpetrator, c.Source} {
				if p != nil && (!in(p.Span) || p.Span.Len() == 0) {
					t.Fatalf("participant span %+v out of bounds in %q", p.Span, text)
				}
			}
			if c.Date != nil && (c.Date.Text == nil || !in(*c.Date.Text)) {
				t.Fatalf("bad date %+v in %q", c.Date, text)
			}
			if c.Count < 1 {
				t.Fatalf("count %d in %q", c.Count, text)
			}
		}
	})
}
