package geo

import (
	"testing"

	"github.com/dyad-events/dyad/data"
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
