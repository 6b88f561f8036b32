package kb

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/data"
	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
)

// variants returns token sequences to try a form with: as written, in
// other cases, after "the", with a possessive, with its hyphens split, and
// followed by a word.
func variants(form string) [][]string {
	w := strings.Fields(form)
	if len(w) == 0 {
		return nil
	}
	title := make([]string, len(w))
	for i, t := range w {
		title[i] = strings.ToUpper(t[:1]) + t[1:]
	}
	poss := slices.Clone(w)
	poss[len(poss)-1] += "'s"
	split := strings.Fields(strings.ReplaceAll(form, "-", " - "))
	out := [][]string{
		w,
		title,
		strings.Fields(strings.ToLower(form)),
		strings.Fields(strings.ToUpper(form)),
		append([]string{"the"}, w...),
		append([]string{"The"}, title...),
		poss,
		split,
		append(slices.Clone(w), "said"),
	}
	return out
}

// TestAgainstReference compares Match, MatchAll, Person and MatchNoun with
// the implementation they replaced, on every form of the data.
func TestAgainstReference(t *testing.T) {
	f, err := kbfile.Decode(data.KB)
	if err != nil {
		t.Fatal(err)
	}
	k, ref := build([]*kbfile.File{f}), refBuild(f)
	var texts [][]string
	step := 1
	if testing.Short() {
		step = 10
	}
	for x, n := range f.Names {
		if x%step != 0 {
			continue
		}
		for _, form := range n.Forms {
			texts = append(texts, variants(form)...)
		}
	}
	for x, p := range f.Persons {
		if x%step != 0 {
			continue
		}
		for _, form := range p.Forms {
			texts = append(texts, variants(capitalise(form))...)
		}
	}
	texts = append(texts, strings.Fields("On Tuesday the Kremlin said that the United States and al-Qaeda had met the UN Security Council in Damascus , Russian officials said ."),
		[]string{"Thé", "Kremlin"}, []string{"the"}, []string{""}, []string{"US", "-", "led"}, []string{"Türkiye’s"})
	mismatches := 0
	for _, words := range texts {
		for i := range words {
			e1, n1, ok1 := k.Match(words, i)
			e2, n2, ok2 := ref.Match(words, i)
			all1, m1 := k.MatchAll(words, i)
			all2, m2 := ref.MatchAll(words, i)
			if e1 != e2 || n1 != n2 || ok1 != ok2 || m1 != m2 || !slices.Equal(all1, all2) {
				if mismatches++; mismatches <= 10 {
					t.Errorf("%q at %d: Match %v %d %v, reference %v %d %v; MatchAll %d %d, reference %d %d",
						words, i, e1.Name, n1, ok1, e2.Name, n2, ok2, len(all1), m1, len(all2), m2)
				}
			}
			ni1, nn1, nok1 := k.MatchNoun(words, i)
			ni2, nn2, nok2 := ref.MatchNoun(words, i)
			if ni1 != ni2 || nn1 != nn2 || nok1 != nok2 {
				if mismatches++; mismatches <= 10 {
					t.Errorf("MatchNoun(%q, %d) = %+v %d %v, reference %+v %d %v", words, i, ni1, nn1, nok1, ni2, nn2, nok2)
				}
			}
		}
	}
	days := []time.Time{{}, time.Date(1995, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2012, 2, 15, 0, 0, 0, 0, time.UTC)}
	for _, p := range f.Persons {
		for _, form := range p.Forms {
			for _, name := range []string{form, strings.ToUpper(form), capitalise(form), form + " x"} {
				for _, d := range days {
					e1, ok1 := k.Person(name, d)
					e2, ok2 := ref.Person(name, d)
					if e1 != e2 || ok1 != ok2 {
						if mismatches++; mismatches <= 10 {
							t.Errorf("Person(%q, %v) = %+v %v, reference %+v %v", name, d, e1, ok1, e2, ok2)
						}
					}
				}
			}
		}
	}
	for _, n := range f.Nouns {
		for _, l := range []string{n.Lemma, n.Lemma + "s", n.Lemma + "es", strings.ToUpper(n.Lemma), " " + n.Lemma + "  ", strings.TrimSuffix(n.Lemma, "y") + "ies"} {
			ni1, ok1 := k.Noun(l)
			ni2, ok2 := ref.Noun(l)
			if ni1 != ni2 || ok1 != ok2 {
				if mismatches++; mismatches <= 10 {
					t.Errorf("Noun(%q) = %+v %v, reference %+v %v", l, ni1, ok1, ni2, ok2)
				}
			}
			words := append(strings.Fields(l), "Lavrov")
			ni1, n1, ok1 := k.MatchNoun(words, 0)
			ni2, n2, ok2 := ref.MatchNoun(words, 0)
			if ni1 != ni2 || n1 != n2 || ok1 != ok2 {
				if mismatches++; mismatches <= 10 {
					t.Errorf("MatchNoun(%q) = %+v %d %v, reference %+v %d %v", words, ni1, n1, ok1, ni2, n2, ok2)
				}
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d mismatches", mismatches)
	}
	want := map[Kind]int{}
	for _, e := range ref.entries {
		want[e.Kind]++
	}
	if got := k.Stats(); !maps.Equal(got, want) {
		t.Errorf("Stats = %v, reference %v", got, want)
	}
}

func TestMatchAllocations(t *testing.T) {
	k := mustLoad(t)
	words := strings.Fields("the Kremlin said Turkish Prime Minister Recep Tayyip Erdogan met the UN Security Council and al-Qaeda 's foreign minister")
	dst := make([]Entry, 0, 16)
	allocs := testing.AllocsPerRun(20, func() {
		for i := range words {
			k.Match(words, i)
			dst, _ = k.AppendMatches(dst[:0], words, i)
			k.MatchNoun(words, i)
		}
		k.Person("Recep Tayyip Erdogan", time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC))
		k.Noun("foreign ministers")
	})
	if allocs != 0 {
		t.Errorf("%v allocations", allocs)
	}
}
