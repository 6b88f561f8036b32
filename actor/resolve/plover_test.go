package resolve_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad/actor/resolve"
)

// TestPLOVERDev scores actor coding on the PLOVER development records when
// the datasets are present. The floors sit just under the measured figures
// (country 0.866, sector 0.833 on 224 actors) so that a regression shows.
func TestPLOVERDev(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "datasets", "plover_gsr", "gold_standard_records", "PLOVER_GSR_CAMEO.dev.json")
	if _, err := os.Stat(path); err != nil {
		t.Skip("PLOVER gold records not present:", err)
	}
	p, err := defaultPipeline()
	if err != nil {
		t.Fatal(err)
	}
	s, err := resolve.EvalPLOVER(context.Background(), p, path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("actors %d, country %.4f, sector %.4f (source %.4f/%.4f, target %.4f/%.4f)",
		s.Actors, s.Country, s.Sector, s.Source.Country, s.Source.Sector, s.Target.Country, s.Target.Sector)
	if s.Actors < 200 {
		t.Errorf("only %d gold actors read", s.Actors)
	}
	if s.Country < 0.85 || s.Sector < 0.82 {
		t.Errorf("country %.4f, sector %.4f: below the floors 0.85 and 0.82", s.Country, s.Sector)
	}
}
