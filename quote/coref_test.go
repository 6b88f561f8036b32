package quote_test

import (
	"testing"

	"github.com/dyad-events/dyad/internal/testdoc"
)

// TestPronounSpeakers resolves pronoun speakers through the whole
// pipeline: the subject of the nearest sentence with a candidate wins, and
// "they" prefers a plural mention.
func TestPronounSpeakers(t *testing.T) {
	tests := []struct {
		name, text, code string
	}{
		{"they is the plural subject", "Syrian rebels attacked an army post near Aleppo on Monday. “We will not retreat,” they said.", "SYRREB"},
		{"he is the subject, not the object", "Turkish Prime Minister Ali Demir met Iraqi President Omar Saleh in Ankara. “The border stays open,” he said.", "TURGOV"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := testdoc.Run(t, tc.text, "2015-03-03")
			if len(d.Quotes) != 1 || d.Quotes[0].Speaker == nil {
				t.Fatalf("quotes %+v", d.Quotes)
			}
			a := d.ActorByID(d.Quotes[0].Speaker.Actor)
			if a == nil || a.Code != tc.code {
				t.Errorf("speaker %+v, want %s", a, tc.code)
			}
		})
	}
}
