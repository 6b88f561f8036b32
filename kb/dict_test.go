package kb

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWith(t *testing.T) {
	k := mustLoad(t)
	d := &Dict{
		Source: "newsroom",
		Names: []DictName{
			{Kind: KindSeat, Name: "Kremlin", Forms: []string{"the Kremlin", "Kremlin"}, Code: "RUSGOVPRS"},
			{Kind: KindGroup, Name: "Wagner", Forms: []string{"Wagner Group", "Wagner"}, Code: "RUSMILPMC"},
			{Kind: KindIGO, Name: "BRICS", Code: "IGOBRC", Organ: "Summit"},
		},
		Persons: []DictPerson{
			{Name: "Vladimir Putin", Forms: []string{"Vladimir Putin", "Putin"}, Codes: []DatedCode{{Code: "RUSGOVHOS", From: 20000507}}},
			{Name: "Jane Roe", Codes: []DatedCode{{Code: "USAGOV"}}},
		},
		Nouns: []DictNoun{{Lemma: "Spokesman", Sector: "COP", Title: true}, {Lemma: "drone pilot", Sector: "MIL", Group: true}},
	}
	k2, err := k.With(d)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2012, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		code string
		n    int
	}{
		{"the Kremlin said", "RUSGOVPRS", 2},
		{"Wagner Group fighters", "RUSMILPMC", 2},
		{"BRICS", "IGOBRC", 1},
		{"Jane Roe", "USAGOV", 2},
		{"Russia", "RUS", 1},                 // the data still there
		{"Vladimir Putin", "RUSGOVHOS", 2},   // the dictionary's person first
		{"UN Security Council", "IGOUNO", 3}, // longest match still wins
		{"the United States", "USA", 3},      // untouched
		{"Kremlin's", "RUSGOVPRS", 1},        // possessive
		{"KREMLIN", "RUSGOVPRS", 1},          // headline case
		{"Wagner-Group", "", 0},              // no such form
		{"jane roe", "", 0},                  // persons need capitals in text
		{"al-Qaeda", "IMGMUSALQ", 1},         // hyphens as before
		{"the Taliban", "AFGREB", 2},         // "the" as before
		{"Recep Tayyip Erdogan", k.mustMatch(t, "Recep Tayyip Erdogan"), 3},
	}
	for _, tt := range tests {
		e, n, ok := k2.Match(strings.Fields(tt.text), 0)
		if tt.code == "" {
			if ok {
				t.Errorf("%q matched %q", tt.text, e.Code)
			}
			continue
		}
		if !ok || e.Code != tt.code || n != tt.n {
			t.Errorf("%q: got %q n=%d %v, want %q n=%d", tt.text, e.Code, n, ok, tt.code, tt.n)
		}
	}
	all, _ := k2.MatchAll([]string{"the", "Kremlin"}, 0)
	if len(all) < 2 || all[0].Code != "RUSGOVPRS" || all[1].Code != "RUSGOV" {
		t.Errorf("MatchAll(the Kremlin) = %v", all)
	}
	if e, _, _ := k2.Match([]string{"BRICS"}, 0); e.Country != "IGO" || e.Sector != "BRC" || e.Organ != "Summit" || e.Kind != KindIGO {
		t.Errorf("BRICS entry %+v", e)
	}
	if e, ok := k2.Person("putin", day); !ok || e.Code != "RUSGOVHOS" || e.Country != "RUS" || e.Sector != "GOV" {
		t.Errorf("Person(putin) = %+v %v", e, ok)
	}
	// Before the dictionary's code starts, the data's person answers.
	if e, ok := k2.Person("Putin", time.Date(1995, 6, 1, 0, 0, 0, 0, time.UTC)); !ok || e.Code != "RUSELI" {
		t.Errorf("Person(Putin, 1995) = %+v %v", e, ok)
	}
	if e, ok := k2.Person("Jane Roe", day); !ok || e.Code != "USAGOV" || e.From != 0 {
		t.Errorf("Person(Jane Roe) = %+v %v", e, ok)
	}
	if ni, ok := k2.Noun("spokesman"); !ok || ni.Sector != "COP" {
		t.Errorf("Noun(spokesman) = %+v %v", ni, ok)
	}
	if ni, n, ok := k2.MatchNoun([]string{"Drone", "pilots", "said"}, 0); !ok || n != 2 || ni.Sector != "MIL" || !ni.Group {
		t.Errorf("MatchNoun(drone pilots) = %+v %d %v", ni, n, ok)
	}
	if src := k2.Sources(); len(src) != len(k.Sources())+1 || src[len(src)-1] != "newsroom" {
		t.Errorf("Sources = %q", src)
	}
	if got, want := k2.Stats()[KindPerson], k.Stats()[KindPerson]+2; got != want {
		t.Errorf("%d persons, want %d", got, want)
	}
	if ps := k2.Persons(); len(ps) != k2.Stats()[KindPerson] || ps[0].Name != "Vladimir Putin" || ps[0].Forms[1] != "putin" {
		t.Errorf("Persons: %d, first %+v", len(ps), ps[0])
	}

	// k is unchanged.
	if e, _, _ := k.Match([]string{"Kremlin"}, 0); e.Code != "RUSGOV" {
		t.Errorf("k changed: Kremlin is %q", e.Code)
	}
	if ni, _ := k.Noun("spokesman"); ni.Sector != "GOV" {
		t.Errorf("k changed: spokesman is %q", ni.Sector)
	}
	if _, _, ok := k.Match([]string{"Jane", "Roe"}, 0); ok {
		t.Error("k changed: Jane Roe found")
	}
}

func (k *KB) mustMatch(t *testing.T, text string) string {
	e, _, ok := k.Match(strings.Fields(text), 0)
	if !ok {
		t.Fatalf("%q: no match", text)
	}
	return e.Code
}

func TestWithLayers(t *testing.T) {
	k := mustLoad(t)
	a := &Dict{Source: "a", Names: []DictName{{Kind: KindOrg, Name: "Acme", Code: "USABUS"}}}
	b := &Dict{Source: "b", Names: []DictName{{Kind: KindOrg, Name: "Acme", Code: "GBRBUS"}}}
	k1, err := k.With(a, b)
	if err != nil {
		t.Fatal(err)
	}
	ka, _ := k.With(a)
	k2, err := ka.With(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, kk := range []*KB{k1, k2} {
		all, _ := kk.MatchAll([]string{"Acme"}, 0)
		if codes := []string{all[0].Code, all[1].Code}; !slices.Equal(codes, []string{"GBRBUS", "USABUS"}) {
			t.Errorf("Acme: %q", codes)
		}
		if src := kk.Sources(); !slices.Equal(src[len(src)-2:], []string{"a", "b"}) {
			t.Errorf("Sources end %q", src[len(src)-2:])
		}
	}
	if k3, err := k.With(); err != nil || k3 != k {
		t.Errorf("With() = %p %v", k3, err)
	}
}

func TestWithConcurrent(t *testing.T) {
	k := mustLoad(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			if i%2 == 0 {
				if _, err := k.With(&Dict{Source: "x", Nouns: []DictNoun{{Lemma: "x", Sector: "GOV"}}}); err != nil {
					t.Error(err)
				}
				return
			}
			for range 1000 {
				k.Match([]string{"the", "Kremlin"}, 0)
			}
		})
	}
	wg.Wait()
}

func TestWithErrors(t *testing.T) {
	k := mustLoad(t)
	code := []DatedCode{{Code: "USAGOV"}}
	tests := []struct {
		name string
		dict *Dict
		want string
	}{
		{"nil", nil, "dictionary 1 is nil"},
		{"no source", &Dict{}, "dictionary 1 has no Source"},
		{"bad kind", &Dict{Source: "s", Names: []DictName{{Kind: KindPerson, Name: "X", Code: "USA"}}}, `"s": Names[0] "X": kind "person"`},
		{"no kind", &Dict{Source: "s", Names: []DictName{{Name: "X", Code: "USA"}}}, `kind ""`},
		{"empty form", &Dict{Source: "s", Names: []DictName{{Kind: KindOrg, Name: "X", Forms: []string{"X", " "}, Code: "USA"}}}, "form 1 is empty"},
		{"no name", &Dict{Source: "s", Names: []DictName{{Kind: KindOrg, Code: "USA"}}}, "no name and no forms"},
		{"short code", &Dict{Source: "s", Names: []DictName{{Kind: KindOrg, Name: "X", Code: "US"}}}, `code "US"`},
		{"lower code", &Dict{Source: "s", Names: []DictName{{Kind: KindOrg, Name: "X", Code: "usa"}}}, "capital letters"},
		{"no code", &Dict{Source: "s", Names: []DictName{{Kind: KindOrg, Name: "X"}}}, `code ""`},
		{"person no codes", &Dict{Source: "s", Persons: []DictPerson{{Name: "Jane Roe"}}}, `Persons[0] "Jane Roe": no codes`},
		{"person bad code", &Dict{Source: "s", Persons: []DictPerson{{Name: "J", Codes: []DatedCode{{Code: "USAGO"}}}}}, `code "USAGO"`},
		{"person bad date", &Dict{Source: "s", Persons: []DictPerson{{Name: "J", Codes: []DatedCode{{Code: "USAGOV", From: 2012}}}}}, "date 2012"},
		{"person bad month", &Dict{Source: "s", Persons: []DictPerson{{Name: "J", Codes: []DatedCode{{Code: "USAGOV", To: 20121301}}}}}, "date 20121301"},
		{"person reversed", &Dict{Source: "s", Persons: []DictPerson{{Name: "J", Codes: []DatedCode{{Code: "USAGOV", From: 20120101, To: 20110101}}}}}, "ends before"},
		{"person empty form", &Dict{Source: "s", Persons: []DictPerson{{Name: "J", Forms: []string{""}, Codes: code}}}, "form 0 is empty"},
		{"noun empty", &Dict{Source: "s", Nouns: []DictNoun{{Lemma: " ", Sector: "GOV"}}}, "Nouns[0]"},
		{"noun sector", &Dict{Source: "s", Nouns: []DictNoun{{Lemma: "x", Sector: "gov"}}}, `sector "gov"`},
		{"second dict", nil, "dictionary 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dicts := []*Dict{tt.dict}
			if tt.name == "second dict" {
				dicts = []*Dict{{Source: "ok"}, {}}
			}
			_, err := k.With(dicts...)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to mention %q", err, tt.want)
			}
		})
	}
}

func BenchmarkWith(b *testing.B) {
	k := mustLoad(b)
	d := &Dict{Source: "bench", Names: []DictName{{Kind: KindOrg, Name: "Acme", Code: "USABUS"}}}
	for b.Loop() {
		if _, err := k.With(d); err != nil {
			b.Fatal(err)
		}
	}
}
