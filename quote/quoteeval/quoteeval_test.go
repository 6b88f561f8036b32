package quoteeval

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/pipeline"
)

const article = "Title line.\n\n“We will win the vote,” the senator said.\n\nThe mayor said that the budget was fine.\n"

// code points of the spans in article (all ASCII but the curly marks).
func span(text, s string) (int, int) {
	i := strings.Index(text, s)
	return len([]rune(text[:i])), len([]rune(text[:i])) + len([]rune(s))
}

func brat(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	add := func(id, kind, s string) {
		a, e := span(article, s)
		b.WriteString(id + "\t" + kind + " " + itoa(a) + " " + itoa(e) + "\t" + s + "\n")
	}
	add("T1", "Content", "We will win the vote,")
	add("T2", "Source", "the senator")
	add("T3", "Cue", "said")
	b.WriteString("E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n")
	add("T4", "Source", "The mayor")
	a, _ := span(article, "said that the budget")
	b.WriteString("T5\tCue " + itoa(a) + " " + itoa(a+4) + "\tsaid\n")
	add("T6", "Content", "that the budget was fine")
	b.WriteString("E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\n")
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestReadBrat(t *testing.T) {
	as, err := ReadBrat(strings.NewReader(brat(t)), article)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 {
		t.Fatalf("%d attributions, want 2", len(as))
	}
	slice := func(s doc.Span) string { return article[s.Start:s.End] }
	if got := slice(as[0].Content[0]); got != "We will win the vote," || !as[0].Direct {
		t.Errorf("first content %q direct %v", got, as[0].Direct)
	}
	if got := slice(as[0].Source[0]); got != "the senator" {
		t.Errorf("first source %q", got)
	}
	if got := slice(as[1].Content[0]); got != "that the budget was fine" || as[1].Direct {
		t.Errorf("second content %q direct %v", got, as[1].Direct)
	}
	for _, bad := range []string{
		"T1\tContent 5\tx\n",
		"T1\tContent 9 3\tx\n",
		"T1\tContent 0 100000\tx\n",
		"T1\tContent\n",
	} {
		if _, err := ReadBrat(strings.NewReader(bad), article); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}

// TestEvaluate scores the pipeline on a two-attribution corpus written for
// the test: both are found, with their speakers and cues.
func TestEvaluate(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"text", "attributions"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "text", "a.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "attributions", "a_x1.ann"), []byte(brat(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Evaluate(context.Background(), p, dir, Options{Errors: true})
	if err != nil {
		t.Fatal(err)
	}
	if s.Docs != 1 {
		t.Fatalf("%d docs", s.Docs)
	}
	if s.All.Overlap.F1 < 0.99 || s.Direct.Exact.F1 < 0.99 || s.All.Speaker < 0.99 || s.All.Cue.F1 < 0.99 {
		t.Errorf("scores %+v; errors %q", s.All, s.Errors)
	}
	if _, err := Evaluate(context.Background(), p, t.TempDir(), Options{}); err == nil {
		t.Error("no error for an empty directory")
	}
}

// TestPolNeARDev scores the PolNeAR dev compartment when the corpus is
// present. The floors are the targets (direct quotes: content
// overlap F1 0.90, speaker accuracy 0.85; all attributions: overlap F1
// 0.75), under the measured 0.982, 0.851 and 0.774.
func TestPolNeARDev(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "datasets", "polnear")
	if _, err := os.Stat(dir); err != nil || testing.Short() {
		t.Skip("PolNeAR not present")
	}
	p, err := pipeline.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Evaluate(context.Background(), p, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("direct overlap F1 %.3f speaker %.3f; all overlap F1 %.3f", s.Direct.Overlap.F1, s.Direct.Speaker, s.All.Overlap.F1)
	if s.Direct.Overlap.F1 < 0.90 || s.Direct.Speaker < 0.85 || s.All.Overlap.F1 < 0.75 {
		t.Errorf("below the targets: direct overlap F1 %.3f (0.90), speaker %.3f (0.85), all overlap F1 %.3f (0.75)",
			s.Direct.Overlap.F1, s.Direct.Speaker, s.All.Overlap.F1)
	}
}
