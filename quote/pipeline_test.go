package quote_test

import (
	"testing"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/internal/testdoc"
)

// TestAttributionsInPipeline checks attributions that need the whole
// pipeline (tags, parse, actors): each case gives the text of a quote's
// content (a prefix is enough), whether it is direct, and the text of its
// speaker and cue ("" for none).
func TestAttributionsInPipeline(t *testing.T) {
	for _, tc := range []struct {
		name, text   string
		content      string
		direct       bool
		speaker, cue string
	}{
		{"two apostrophes as marks",
			"''The plan will fail,'' Senator John Kerry said.",
			"The plan will fail", true, "John Kerry", "said"},
		{"a continuing speaker",
			"“The vote was fair,” he said. “The rest is noise,” Senator Mary Jones continued.",
			"The rest is noise", true, "Mary Jones", "continued"},
		{"a transcript line",
			"Smith: Well, no one is like, ‘My savings are speculation.’",
			"My savings are speculation", true, "Smith", ":"},
		{"a colon after the speaker's clause",
			"Senator Mary Jones put it bluntly: “The bill is dead.”",
			"The bill is dead", true, "Mary Jones", ":"},
		{"a participle cue takes its clause's subject",
			"The spokesman said no meeting was planned, adding: “If one is proposed we will consider it.”",
			"If one is proposed", true, "spokesman", ""},
		{"a time after the cue is not the speaker",
			"“We will win,” Senator Mary Jones said Saturday. “Because we are right.”",
			"Because we are right", true, "Mary Jones", ""},
		{"a speaker after a full stop in its own sentence",
			"“We will win the state.” Senator Mary Jones said.",
			"We will win the state", true, "Mary Jones", "said"},
		{"an expressive verb after a quote",
			"“This is fantastic!” beamed Donald Hartley of Alabama.",
			"This is fantastic", true, "Donald Hartley", "beamed"},
		{"a name and an expressive verb after a quote",
			"“I told you so,” Senator Mary Jones gloated.",
			"I told you so", true, "Mary Jones", "gloated"},
		{"a long apposition before the cue",
			"“We are going to win,” Trent Lott, who was the Senate majority leader under a Republican president for several years, told reporters.",
			"We are going to win", true, "Trent Lott", "told"},
		{"the subject of the verb a quote depends on",
			"Chancellor Angela Merkel condemned “such a murderous and cowardly attack on innocent people” on Sunday.",
			"such a murderous", true, "Angela Merkel", "condemned"},
		{"a speaker after the cue is a noun phrase without a verb",
			"He said the agreement might be “signed and ratified by the time anybody is elected.”",
			"signed and ratified", true, "He", ""},
		{"reported speech found in the parse",
			"On Monday the senator from Ohio said that the plan would fail.",
			"the plan would fail", false, "senator", "said"},
		{"a belief with a clause",
			"Aides to the governor believe that the bill will pass.",
			"the bill will pass", false, "Aides", "believe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := testdoc.Run(t, tc.text, "2016-05-02")
			var q *doc.Quote
			for i := range d.Quotes {
				if c := d.Slice(d.Quotes[i].Span); len(c) >= len(tc.content) && c[:len(tc.content)] == tc.content {
					q = &d.Quotes[i]
				}
			}
			if q == nil {
				var got []string
				for _, x := range d.Quotes {
					got = append(got, d.Slice(x.Span))
				}
				t.Fatalf("no quote starting %q; quotes %q", tc.content, got)
			}
			if q.Direct != tc.direct {
				t.Errorf("direct %v, want %v", q.Direct, tc.direct)
			}
			sp := ""
			if q.Speaker != nil {
				sp = d.Slice(q.Speaker.Span)
			}
			if !contains(sp, tc.speaker) {
				t.Errorf("speaker %q, want %q", sp, tc.speaker)
			}
			cue := ""
			if q.Cue != nil {
				cue = d.Slice(*q.Cue)
			}
			if tc.cue != "" && cue != tc.cue {
				t.Errorf("cue %q, want %q", cue, tc.cue)
			}
		})
	}
}

func contains(s, sub string) bool {
	if sub == "" {
		return s == ""
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
