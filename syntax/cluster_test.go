package syntax

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/cluster"
)

// toyClusters puts determiners, nouns and verbs of the toy data into three
// clusters.
func toyClusters(t *testing.T) *cluster.Clusters {
	t.Helper()
	c, err := cluster.New([]string{"00", "01", "1"}, map[string]int{
		"The": 0, "the": 0, "A": 0, "a": 0,
		"dogs": 1, "dog": 1, "town": 1, "protesters": 1, "Police": 1,
		"barked": 2, "runs": 2, "arrested": 2, "attacked": 2, "visited": 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestModelsCarryClusters checks that the tagger and the parser keep the
// clusters they were trained with across Save and Load, instead of reading
// the shared ones.
func TestModelsCarryClusters(t *testing.T) {
	c := toyClusters(t)
	tg, err := TrainTagger(toy(), TrainOptions{Iterations: 3, Seed: 7, TagDictMinCount: 3, Clusters: c})
	if err != nil {
		t.Fatal(err)
	}
	var tb bytes.Buffer
	if err := tg.Save(&tb); err != nil {
		t.Fatal(err)
	}
	lt, err := LoadTagger(bytes.NewReader(tb.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	p, err := TrainParser(tinySents(t), ParserOptions{Iterations: 2, Seed: 3, Clusters: c})
	if err != nil {
		t.Fatal(err)
	}
	var pb bytes.Buffer
	if err := p.Save(&pb); err != nil {
		t.Fatal(err)
	}
	lp, err := LoadParser(bytes.NewReader(pb.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		got  *cluster.Clusters
	}{
		{"tagger", lt.clusters},
		{"parser", lp.clusters},
	} {
		if tc.got == nil {
			t.Errorf("%s: no clusters after loading", tc.name)
			continue
		}
		if tc.got.NumWords() != c.NumWords() || tc.got.NumClusters() != c.NumClusters() {
			t.Errorf("%s: %d words in %d clusters, want %d in %d", tc.name, tc.got.NumWords(), tc.got.NumClusters(), c.NumWords(), c.NumClusters())
		}
		for _, w := range []string{"the", "dogs", "barked"} {
			want, _ := c.Path(w)
			if got, ok := tc.got.Path(w); !ok || got != want {
				t.Errorf("%s: path of %q = %q, %v; want %q", tc.name, w, got, ok, want)
			}
		}
	}
	words := strings.Fields("The dogs barked .")
	if a, b := tg.Tag(words), lt.Tag(words); len(a) != len(b) || a[0] != b[0] || a[1] != b[1] || a[2] != b[2] {
		t.Errorf("loaded tagger tags %v, trained one %v", b, a)
	}
}

func TestClusterAtoms(t *testing.T) {
	c := toyClusters(t)
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"the", "The", true},      // looked up as written
		{"THE", "the", true},      // falls back to lower case
		{"dogs", "town", true},    // one cluster
		{"dogs", "barked", false}, // different clusters
		{"zebra", "quokka", true}, // both unknown
		{"zebra", "the", false},
	} {
		x, y := clusterAtoms(c, tc.a), clusterAtoms(c, tc.b)
		if (x == y) != tc.same {
			t.Errorf("atoms of %q and %q: equal %v, want %v", tc.a, tc.b, x == y, tc.same)
		}
	}
	if a := clusterAtoms(nil, "the"); a != clusterAtoms(c, "zebra") {
		t.Error("nil clusters should give the unknown-word atoms")
	}
}
