package cluster

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func toy() [][]string {
	var out [][]string
	for i := 0; i < 30; i++ {
		for _, s := range []string{
			"the cat sat on the mat", "the dog sat on the rug", "a cat ran to the house",
			"a dog ran to the garden", "Paris is in France", "Berlin is in Germany",
			"Rome is in Italy", "the dog ate", "the cat ate",
		} {
			out = append(out, strings.Fields(s))
		}
	}
	return out
}

func TestTrainSaveLoad(t *testing.T) {
	c, err := Train(toy(), Options{Clusters: 6, MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	if c.NumClusters() != 6 {
		t.Errorf("%d clusters, want 6", c.NumClusters())
	}
	for _, w := range []string{"cat", "dog", "Paris", "the"} {
		if _, ok := c.Path(w); !ok {
			t.Errorf("%q has no cluster", w)
		}
	}
	pc, _ := c.Path("cat")
	pd, _ := c.Path("dog")
	pp, _ := c.Path("Paris")
	pb, _ := c.Path("Berlin")
	if pc != pd || pp != pb {
		t.Errorf("cat %s dog %s Paris %s Berlin %s: want cat=dog, Paris=Berlin", pc, pd, pp, pb)
	}
	if _, ok := c.Path("zebra"); ok {
		t.Error("unknown word has a cluster")
	}
	// Paths are distinct.
	seen := map[string]bool{}
	for i := 0; i < c.NumClusters(); i++ {
		p := c.ClusterPath(i)
		if seen[p] {
			t.Errorf("path %s twice", p)
		}
		seen[p] = true
	}
	bits, n, _ := c.Bits("cat")
	if n != len(pc) || bits>>max(n-1, 0)&1 != uint64(pc[0]-'0') {
		t.Errorf("Bits %b/%d for path %s", bits, n, pc)
	}
	if p, _ := c.Prefix("cat", 1); p != pc[:1] {
		t.Errorf("Prefix %q", p)
	}
	var a, b bytes.Buffer
	if err := c.Save(&a); err != nil {
		t.Fatal(err)
	}
	c2, err := Load(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, c2) {
		t.Error("round trip differs")
	}
	again, _ := Train(toy(), Options{Clusters: 6, MinCount: 1})
	again.Save(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("training is not deterministic")
	}
	if _, err := Load(bytes.NewReader([]byte("nope"))); err == nil {
		t.Error("Load accepted junk")
	}
}

func TestDefault(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Skipf("no embedded clusters: %v", err)
	}
	if c.NumWords() < 10000 {
		t.Errorf("only %d words", c.NumWords())
	}
	// Names of the same kind should share a prefix more often than not.
	p1, ok1 := c.Prefix("Monday", 6)
	p2, ok2 := c.Prefix("Tuesday", 6)
	if !ok1 || !ok2 || p1 != p2 {
		t.Errorf("Monday %q Tuesday %q", p1, p2)
	}
}
