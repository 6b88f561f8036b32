package dictfile

import (
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/kb"
)

const dyadSample = `# a dictionary for a made-up country
country	Novaria|Republic of Novaria	NVR
demonym	Novarian|Novarians	NVR
group	Free Novaria Front|FNF	NVRREB
igo	Council of Northern States|CNS	IGONOR	Council
person	Ivan Petrov|Petrov	NVRGOV@2019-01-01..2024-06-30 NVRELI
noun	sheriff	COP	title
noun	sheriffs	COP	group
`

func TestParseDyad(t *testing.T) {
	d, warns, err := Parse(strings.NewReader(dyadSample), "novaria.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings %q", warns)
	}
	if len(d.Names) != 4 || len(d.Persons) != 1 || len(d.Nouns) != 2 {
		t.Fatalf("got %d names, %d persons, %d nouns", len(d.Names), len(d.Persons), len(d.Nouns))
	}
	if n := d.Names[3]; n.Kind != kb.KindIGO || n.Organ != "Council" || n.Forms[1] != "CNS" {
		t.Errorf("igo line read as %+v", n)
	}
	p := d.Persons[0]
	want := []kb.DatedCode{{Code: "NVRGOV", From: 20190101, To: 20240630}, {Code: "NVRELI"}}
	if len(p.Codes) != 2 || p.Codes[0] != want[0] || p.Codes[1] != want[1] || p.Name != "Ivan Petrov" {
		t.Errorf("person read as %+v", p)
	}
	if !d.Nouns[0].Title || d.Nouns[1].Title || !d.Nouns[1].Group {
		t.Errorf("noun flags %+v", d.Nouns)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown kind", "country\tNovaria\tNVR\nplanet\tMars\tMRS\n", "x.tsv:2: unknown kind"},
		{"too few fields", "country\tNovaria\n", "x.tsv:1: a country line has 3 or 4 fields"},
		{"bad date", "person\tIvan Petrov\tNVRGOV@2019-13-01..\n", "x.tsv:1: code \"NVRGOV@2019-13-01..\": date"},
		{"reversed range", "person\tIvan Petrov\tNVRGOV@2020-01-01..2019-01-01\n", "ends before it starts"},
		{"no range", "person\tIvan Petrov\tNVRGOV@2020-01-01\n", "want CODE@FROM..TO"},
		{"noun flag", "noun\tsheriff\tCOP\tboss\n", "unknown noun flag"},
		{"empty", "# nothing\n\n", "no entries"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tc.src), "x.tsv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

const petrarchSample = `# PETRARCH-style entries written for this test
IVAN_PETROV_   # head of state
+PETROV_
	[NVRGOV 190101-240630]
	[NVRELI]

FREE_NOVARIA_FRONT_  [NVRREB]
+FNF_

NOVARIA_  [NVR]

NORTHERN_RELIEF_AGENCY_ [NGONORHLH] [---]
BAD_ENTRY_ [NVR 19-20]
`

func TestParsePETRARCH(t *testing.T) {
	d, warns, err := Parse(strings.NewReader(petrarchSample), "novaria.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) == 0 || !strings.Contains(strings.Join(warns, " "), "BAD_ENTRY_") {
		t.Errorf("warnings %q should name the bad line", warns)
	}
	if len(d.Persons) != 1 || d.Persons[0].Name != "Ivan Petrov" || len(d.Persons[0].Codes) != 2 {
		t.Fatalf("persons %+v", d.Persons)
	}
	kinds := map[string]kb.Kind{}
	for _, n := range d.Names {
		kinds[n.Name] = n.Kind
	}
	for name, want := range map[string]kb.Kind{"Free Novaria Front": kb.KindGroup, "Novaria": kb.KindCountry, "Northern Relief Agency": kb.KindNGO} {
		if kinds[name] != want {
			t.Errorf("%s: kind %v, want %v (names %+v)", name, kinds[name], want, d.Names)
		}
	}
}

func TestParseAgents(t *testing.T) {
	src := "!PERSON! = MAN, WOMAN\nSHERIFF {SHERIFFS} [~COP]\nCOAST_GUARD [~MIL]\nENVOY_TO {} [~GOV]\n"
	d, _, err := Parse(strings.NewReader(src), "agents.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]kb.DictNoun{}
	for _, n := range d.Nouns {
		got[n.Lemma] = n
	}
	if got["sheriff"].Sector != "COP" || !got["sheriffs"].Group || got["coast guard"].Sector != "MIL" {
		t.Errorf("nouns %+v", d.Nouns)
	}
	if _, ok := got["envoy to"]; ok {
		t.Error("a phrase ending in a preposition became a noun")
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want Format
	}{
		{dyadSample, Dyad},
		{petrarchSample, PETRARCH},
		{"# c\n!X! = A\nSHERIFF [~COP]\n", Agents},
		{"\n# only comments\n", 0},
	} {
		if got := Detect([]byte(tc.src)); got != tc.want {
			t.Errorf("Detect(%.20q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

// TestOverlay lays a dictionary over the embedded knowledge base.
func TestOverlay(t *testing.T) {
	base, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := Parse(strings.NewReader(dyadSample), "novaria.tsv")
	if err != nil {
		t.Fatal(err)
	}
	k, err := base.With(d)
	if err != nil {
		t.Fatal(err)
	}
	e, n, ok := k.Match([]string{"the", "Free", "Novaria", "Front", "said"}, 0)
	if !ok || n != 4 || e.Code != "NVRREB" {
		t.Errorf("Match = %+v %d %v", e, n, ok)
	}
	on := time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
	if p, ok := k.Person("Petrov", on); !ok || p.Code != "NVRGOV" {
		t.Errorf("Person(Petrov, 2020) = %+v %v", p, ok)
	}
	if p, ok := k.Person("Ivan Petrov", on.AddDate(5, 0, 0)); !ok || p.Code != "NVRELI" {
		t.Errorf("Person(Ivan Petrov, 2025) = %+v %v", p, ok)
	}
	if _, _, ok := base.Match([]string{"Novaria"}, 0); ok {
		t.Error("the base knowledge base changed")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(dyadSample)
	f.Add(petrarchSample)
	f.Add("SHERIFF {SHERIFFS} [~COP]\n")
	f.Add("person\tA\tAAA@..\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, _, err := Parse(strings.NewReader(src), "fuzz")
		if err != nil {
			return
		}
		if len(d.Names)+len(d.Persons)+len(d.Nouns) == 0 {
			t.Fatal("no error and no entries")
		}
	})
}
