package quote

import (
	"os"
	"testing"
)

// TestEvalPolNeAR runs the PolNeAR dev evaluation when the corpus is
// present; set POLNEAR_DIR to point elsewhere.
func TestEvalPolNeAR(t *testing.T) {
	dir := os.Getenv("POLNEAR_DIR")
	if dir == "" {
		dir = "/work/shared/datasets/polnear"
	}
	if _, err := os.Stat(dir); err != nil || testing.Short() {
		t.Skip("PolNeAR not available")
	}
	sc, err := EvalPolNeAR(dir)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Docs == 0 {
		t.Fatal("no documents scored")
	}
	t.Logf("\n%s", sc)
}
