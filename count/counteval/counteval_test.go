package counteval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/pipeline"
)

const sentsFile = `{"doc_id": 1, "sent_id": 0, "sent_labels": [], "sent_text": "at least 12 people were killed and 40 injured in the clashes."}
{"doc_id": 1, "sent_id": 1, "sent_labels": [], "sent_text": "police arrested 30 protesters on monday."}
{"doc_id": 2, "sent_id": 0, "sent_labels": [], "sent_text": "the 45-year-old leader spent 20 years in parliament."}
`

const goldFile = `# test gold
1	0	killed	12	at_least
1	0	injured	40	exactly
1	1	arrested	30	exactly
2	0	-	-	-
`

func TestReadGoldErrors(t *testing.T) {
	for _, bad := range []string{
		"1\t0\tkilled\t12\n",
		"1\t0\teaten\t12\texactly\n",
		"1\t0\tkilled\ttwelve\texactly\n",
		"1\t0\tkilled\t12\tsome\n",
	} {
		if _, err := ReadGold(strings.NewReader(bad)); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
	g, err := ReadGold(strings.NewReader(goldFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(g) != 3 || len(g[0].Gold) != 2 || len(g[2].Gold) != 0 {
		t.Errorf("read %+v", g)
	}
}

func TestEvaluate(t *testing.T) {
	dir := t.TempDir()
	gp, sp := filepath.Join(dir, "gold.tsv"), filepath.Join(dir, "sents.jsonl")
	if err := os.WriteFile(gp, []byte(goldFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sp, []byte(sentsFile), 0o644); err != nil {
		t.Fatal(err)
	}
	gold, sents, err := Load(gp, sp)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Evaluate(context.Background(), p, gold, sents, true)
	if err != nil {
		t.Fatal(err)
	}
	if s.Sentences != 3 || s.Gold != 3 {
		t.Fatalf("scores %+v", s)
	}
	if s.Full.F1 < 0.99 {
		t.Errorf("full F1 %.3f; errors %q", s.Full.F1, s.Errors)
	}
	delete(sents, [2]string{"2", "0"})
	if _, err := Evaluate(context.Background(), p, gold, sents, false); err == nil {
		t.Error("no error for a missing sentence")
	}
}

// TestIndiaPoliceSamples scores the hand-annotated IndiaPoliceEvents
// samples when the corpus is present: the random sample (developed on) and
// the keyword-stratified one (held out: measured, not inspected).
func TestIndiaPoliceSamples(t *testing.T) {
	sp := filepath.Join("..", "..", "..", "shared", "datasets", "india_police_events", "data", "final", "sents.jsonl")
	if _, err := os.Stat(sp); err != nil {
		t.Skip("IndiaPoliceEvents not present")
	}
	p, err := pipeline.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range floors {
		gold, sents, err := Load(filepath.Join("..", "testdata", f.file), sp)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Evaluate(context.Background(), p, gold, sents, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d sentences, %d gold counts: count P %.3f R %.3f F1 %.3f; full F1 %.3f",
			f.file, s.Sentences, s.Gold, s.Count.Precision, s.Count.Recall, s.Count.F1, s.Full.F1)
		if s.Count.Precision < f.precision || s.Count.Recall < f.recall {
			t.Errorf("%s: count precision %.3f (floor %.2f), recall %.3f (floor %.2f)", f.file, s.Count.Precision, f.precision, s.Count.Recall, f.recall)
		}
	}
}
