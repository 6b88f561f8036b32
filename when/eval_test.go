package when

import (
	"os"
	"path/filepath"
	"testing"
)

const tbaq = "../../shared/datasets/tempeval3_tbaq/data/TBAQ-cleaned"

func TestParseTimeML(t *testing.T) {
	src := `<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">19980108</TIMEX3></DCT>
<TEXT>Shares fell &amp; rose <TIMEX3 tid="t1" type="DATE" value="1998-01-07">Wednesday</TIMEX3>.</TEXT></TimeML>`
	text, gold, dct, err := parseTimeML(src)
	if err != nil {
		t.Fatal(err)
	}
	if text != "Shares fell & rose Wednesday." || len(gold) != 1 || text[gold[0].Start:gold[0].End] != "Wednesday" ||
		gold[0].value != "1998-01-07" || gold[0].typ != "DATE" || dct.Format("2006-01-02") != "1998-01-08" {
		t.Errorf("got %q %+v %v", text, gold, dct)
	}
}

// TestEvalTimeML scores the stage on TempEval-3 TBAQ-cleaned when the data
// set is present (WHEN_TIMEML overrides the path; WHEN_EVAL_ERRORS=1 logs
// mistakes).
func TestEvalTimeML(t *testing.T) {
	dir := os.Getenv("WHEN_TIMEML")
	if dir == "" {
		dir, _ = filepath.Abs(tbaq)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no TimeML data at %s", dir)
	}
	s, err := EvalTimeML(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("TBAQ-cleaned TIMEX3 DATE\n%v", s)
	if os.Getenv("WHEN_EVAL_ERRORS") != "" {
		for _, e := range s.Errors {
			t.Log(e)
		}
	}
	if s.Docs == 0 || s.Overlap.F1 < 0.5 {
		t.Errorf("suspicious scores: %v", s)
	}
}
