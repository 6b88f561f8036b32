package entity_test

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/entity"
	"github.com/dyad-events/dyad/internal/testdoc"
	"github.com/dyad-events/dyad/kb"
)

func TestParse(t *testing.T) {
	k, err := kb.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		words string // space-separated tokens; the phrase starts at the first
		n     int    // words covered, 0 for no mention
		noun  string
		name  string
		mods  int
	}{
		{"Russian President Ivan Petrov said", 4, "president", "Ivan Petrov", 1},
		{"Prime Minister Ana Costa said", 4, "prime minister", "Ana Costa", 0},
		{"White House Spokesman John Doe said", 5, "spokesman", "John Doe", 1},
		{"Syria 's foreign minister said", 4, "foreign minister", "", 1},
		{"the Kremlin press service said", 4, "press service", "", 1},
		{"Syrian authorities said", 2, "authorities", "", 1},
		{"armed gangs attacked", 2, "armed gangs", "", 0},
		{"protesters marched", 1, "protesters", "", 0},
		{"police fired", 1, "police", "", 0},
		{"the spokesman said", 2, "spokesman", "", 0},
		{"spokeswoman for the European Commission said", 5, "spokeswoman", "", 1},
		{"President Bashar al - Assad said", 5, "president", "Bashar al - Assad", 0},
		{"a firm said", 0, "", "", 0},     // a bare singular noun is no actor
		{"his regime fell", 0, "", "", 0}, // nor after a possessive pronoun
		{"people said", 0, "", "", 0},     // generic people
		{"Russia said", 1, "", "", 0},     // a plain name
		{"the United States said", 3, "", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.words, func(t *testing.T) {
			words := strings.Fields(tc.words)
			upos := make([]string, len(words))
			p, ok := entity.Parse(k, words, upos, 0, false)
			if tc.n == 0 {
				if ok {
					t.Fatalf("parsed %+v, want no mention", p)
				}
				return
			}
			if !ok || p.N != tc.n {
				t.Fatalf("parsed %+v (ok=%v), want %d words", p, ok, tc.n)
			}
			if p.Noun != tc.noun || len(p.Mods) != tc.mods {
				t.Errorf("noun %q mods %d, want %q and %d", p.Noun, len(p.Mods), tc.noun, tc.mods)
			}
			name := ""
			if p.HasName() {
				name = strings.Join(words[p.NameStart:p.NameEnd], " ")
			}
			if name != tc.name {
				t.Errorf("name %q, want %q", name, tc.name)
			}
		})
	}
}

func TestStageTypesAndSpans(t *testing.T) {
	d := testdoc.Run(t, "The Kremlin said the United States and the Arab League met Turkish officials in Ankara. Russians voted. Putin spoke; later Putin left.", "2012-02-08")
	want := map[string]string{
		"Kremlin":           "ORG",
		"United States":     "GPE",
		"Arab League":       "ORG",
		"Turkish officials": "ORG",
		"Ankara":            "GPE",
		"Russians":          "NORP",
		"Putin":             "PERSON",
	}
	got := map[string]string{}
	for _, e := range d.Entities {
		got[d.Slice(e.Span)] = e.Type
		if e.TokStart >= e.TokEnd || d.Tokens[e.TokStart].Start != e.Start || d.Tokens[e.TokEnd-1].End != e.End {
			t.Errorf("entity %q: token range [%d,%d) does not match its span", d.Slice(e.Span), e.TokStart, e.TokEnd)
		}
	}
	for text, typ := range want {
		if got[text] != typ {
			t.Errorf("%q typed %q, want %q (all: %v)", text, got[text], typ, got)
		}
	}
	n := 0
	for _, e := range d.Entities {
		if d.Slice(e.Span) == "Putin" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d mentions of Putin, want 2", n)
	}
}

func TestSurname(t *testing.T) {
	for in, want := range map[string]string{
		"Bashar al-Assad": "assad",
		"Assad's":         "assad",
		"Vladimir Putin":  "putin",
		"":                "",
	} {
		if got := entity.Surname(strings.Fields(in)); got != want {
			t.Errorf("Surname(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSurnameThatIsAWeekday guards against a loop that never advanced: a
// person named like a calendar word, mentioned again.
func TestSurnameThatIsAWeekday(t *testing.T) {
	d := testdoc.Run(t, "Mike Friday's England side matched their opponents. On Friday, the team rested.", "2020-01-01")
	persons := 0
	for _, e := range d.Entities {
		if e.TokEnd <= e.TokStart {
			t.Fatalf("empty entity at token %d", e.TokStart)
		}
		if e.Type == "PERSON" {
			persons++
		}
	}
	if persons != 1 || len(d.Entities) > 5 {
		t.Fatalf("%d entities, %d persons: want Mike Friday once and no weekday", len(d.Entities), persons)
	}
}
