package when

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	dp "github.com/markusmobius/go-dateparser"
	dpdate "github.com/markusmobius/go-dateparser/date"

	"github.com/dyad-events/dyad/doc"
)

// TestDateparserComparison measures why the stage resolves dates with its
// own rules: on the TempEval-3 DATE expressions it finds whose gold value is
// a day, month or year, go-dateparser (configured for news: the
// publication date as the current time, incomplete dates taken from the
// past) gets far fewer values right, bare weekdays above all, as it reads
// "Friday" as the one a week before even on a Friday. It fails when
// go-dateparser would do as well as the stage's rules. Skips without the
// corpus.
func TestDateparserComparison(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus comparison")
	}
	files, _ := filepath.Glob("../../shared/datasets/tempeval3_tbaq/data/*/*/*.tml")
	if len(files) == 0 {
		t.Skip("../shared/datasets/tempeval3_tbaq not present")
	}
	st := New()
	var n, ours, theirs int
	var spent time.Duration
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, gold, dct, err := parseTimeML(string(raw))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		d := doc.New(filepath.Base(f), text)
		d.Date = dct
		if err := st.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		cfg := &dp.Configuration{CurrentTime: dct, Languages: []string{"en"}, PreferredDateSource: dp.Past, ReturnTimeAsPeriod: true}
		for _, g := range gold {
			if g.typ != "DATE" || !ourRE.MatchString(g.value) {
				continue
			}
			for _, p := range d.Timexes {
				if !p.Overlaps(g.Span) {
					continue
				}
				n++
				if p.Value == g.value {
					ours++
				}
				start := time.Now()
				r, err := dp.Parse(cfg, d.Slice(p.Span))
				spent += time.Since(start)
				if err == nil && dateparserValue(r) == g.value {
					theirs++
				}
				break
			}
		}
	}
	if n == 0 {
		t.Fatal("no matched DATE expressions")
	}
	t.Logf("%d expressions: the stage %.3f, go-dateparser %.3f (%v per call)",
		n, float64(ours)/float64(n), float64(theirs)/float64(n), spent/time.Duration(n))
	if ours <= theirs {
		t.Errorf("go-dateparser resolves %d of %d, the stage %d: reconsider using it", theirs, n, ours)
	}
}

func dateparserValue(d dpdate.Date) string {
	switch d.Period {
	case dpdate.Year:
		return d.Time.Format("2006")
	case dpdate.Month:
		return d.Time.Format("2006-01")
	}
	return d.Time.Format("2006-01-02")
}
