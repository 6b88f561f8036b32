package geo

import (
	"context"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/data"
	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/kb"
)

func TestGazetteerLookup(t *testing.T) {
	g, err := DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, country string
		level         Level
	}{
		{"Homs", "SYR", City},
		{"Aleppo", "SYR", City},
		{"Louisiana", "USA", Admin1},
		{"Kenya", "KEN", Country},
		{"São Paulo", "BRA", City},
		{"sao paulo", "BRA", City},
	} {
		es := g.Lookup(tc.name)
		if len(es) == 0 {
			t.Errorf("%q: not found", tc.name)
			continue
		}
		if es[0].Country != tc.country || es[0].Level != tc.level {
			t.Errorf("%q: first entry %+v, want %s %v", tc.name, es[0], tc.country, tc.level)
		}
	}
	if es := g.Lookup("Alexandria"); len(es) < 3 {
		t.Errorf("Alexandria: %d entries, want several", len(es))
	}
	if d := Distance(36.2, 37.16, 34.73, 36.72); d < 150 || d > 180 {
		t.Errorf("Aleppo-Homs %0.f km", d)
	}
}

func BenchmarkGazetteerLoad(b *testing.B) {
	for b.Loop() {
		if _, err := LoadGazetteer(data.Gaz); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolve measures place resolution: the geo stage over a
// document of 200 place mentions (ambiguous names included), reported as
// mentions per second.
func BenchmarkResolve(b *testing.B) {
	g, err := DefaultGazetteer()
	if err != nil {
		b.Fatal(err)
	}
	k, err := kb.Default()
	if err != nil {
		b.Fatal(err)
	}
	names := []string{"Paris", "Springfield", "Alexandria", "Homs", "Texas", "Kabul", "Richmond", "Lagos", "Georgia", "Dublin"}
	var sb strings.Builder
	var ents []doc.Entity
	var toks []doc.Token
	for i := 0; i < 200; i++ {
		name := names[i%len(names)]
		start := sb.Len()
		sb.WriteString(name)
		toks = append(toks, doc.Token{Span: doc.Span{Start: start, End: sb.Len()}, UPOS: "PROPN"})
		ents = append(ents, doc.Entity{Span: doc.Span{Start: start, End: sb.Len()}, TokStart: len(toks) - 1, TokEnd: len(toks), Type: "GPE"})
		sb.WriteString(" ")
		toks = append(toks, doc.Token{Span: doc.Span{Start: sb.Len() - 1, End: sb.Len() - 1}})
	}
	text := sb.String()
	st := New(k, g)
	b.ResetTimer()
	for b.Loop() {
		d := doc.New("bench", text)
		d.Tokens = toks
		d.Sentences = []doc.Sentence{{Span: doc.Span{Start: 0, End: len(text)}, TokStart: 0, TokEnd: len(toks)}}
		d.Entities = ents
		if err := st.Process(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "mentions/s")
}
