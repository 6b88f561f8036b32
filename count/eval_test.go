package count

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// datasets is where the shared data sets live, relative to this package.
func datasets(t *testing.T, name string) string {
	for _, dir := range []string{
		os.Getenv("DYAD_DATASETS"),
		filepath.Join("..", "..", "shared", "datasets"),
		"/work/shared/datasets",
	} {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return filepath.Join(dir, name)
		}
	}
	t.Skipf("data set %s not found", name)
	return ""
}

func logSample(t *testing.T, ps []Prediction, n int) {
	r := rand.New(rand.NewSource(7))
	for _, i := range r.Perm(len(ps))[:min(n, len(ps))] {
		p := ps[i]
		t.Logf("  %s %d %q %v | %.160s", p.Kind, p.Count, p.Phrase, p.Gold, p.Sentence)
	}
}

func TestEvalIndiaPolice(t *testing.T) {
	dir := datasets(t, "india_police_events")
	r, err := EvalIndiaPolice(context.Background(), New(testLex), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sentences with a number: %d, counts found: %d", r.Sentences, len(r.Predictions))
	for name, s := range map[string]Score{"KILL/killed": r.Kill, "ARREST/arrested": r.Arrest} {
		t.Logf("%s: %+v precision(lower bound) %.2f recall %.2f", name, s, s.Precision(), s.Recall())
	}
	if testing.Verbose() {
		logSample(t, r.Predictions, 40)
	}
}

func TestEvalCASE(t *testing.T) {
	dir := datasets(t, "case2021_task2")
	r, err := EvalCASE(context.Background(), New(testLex), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("snippets with a number: %d, counts found: %d", r.Snippets, len(r.Predictions))
	t.Logf("ARREST/arrested: %+v precision %.2f recall %.2f", r.Arrest, r.Arrest.Precision(), r.Arrest.Recall())
	t.Logf("protest types/protesters: %+v precision %.2f recall %.2f", r.Protest, r.Protest.Precision(), r.Protest.Recall())
	var types []string
	for k := range r.ByType {
		types = append(types, k)
	}
	sort.Strings(types)
	for _, k := range types {
		t.Logf("  %-22s %s", k, fmt.Sprint(r.ByType[k]))
	}
	if testing.Verbose() {
		logSample(t, r.Predictions, 40)
	}
}
