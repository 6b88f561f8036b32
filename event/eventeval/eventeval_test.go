package eventeval

import (
	"context"
	"testing"

	"github.com/dyad-events/dyad/doc"
)

// fake codes each text with the events listed for it.
type fake map[string][]doc.Event

func (f fake) Process(_ context.Context, d *doc.Document) error {
	d.Events = append(d.Events, f[d.Text]...)
	return nil
}

func ev(typ, code string, actors, recips []string) doc.Event {
	e := doc.Event{PLOVER: doc.PLOVER{Type: typ}, CAMEO: doc.CAMEO{Code: code}}
	for _, a := range actors {
		e.Actor = append(e.Actor, doc.Participant{Country: a})
	}
	for _, r := range recips {
		e.Recipient = append(e.Recipient, doc.Participant{Country: r})
	}
	return e
}

const ploverGold = `[
 {"id": "a1", "date": "2001-02-03", "event": "DEMAND", "text": "Alpha asked Beta.",
  "source": [{"actorText": "Alpha", "code": "AAA"}], "target": [{"actorText": "Beta", "code": "BBBGOV"}]},
 {"id": "a2", "date": "2001-02-03", "event": "FIGHT", "text": "{Alpha asked Beta.}",
  "source": [{"actorText": "Alpha", "code": "AAA"}], "target": ""},
 {"id": "a3", "date": "2001-02-03", "event": "AGREE", "text": "Gamma agreed.",
  "source": [{"actorText": "Gamma", "code": "CCC"}]}
]`

func TestParsePLOVERAndScore(t *testing.T) {
	sents, err := ParsePLOVER([]byte(ploverGold))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || len(sents[0].Events) != 2 {
		t.Fatalf("sentences %+v: records with the same text should merge", sents)
	}
	if e := sents[0].Events[0]; e.Type != "REQUEST" || e.Recipient[0] != "BBB" {
		t.Errorf("first event %+v: DEMAND maps to REQUEST and BBBGOV to BBB", e)
	}
	if e := sents[0].Events[1]; e.Type != "ASSAULT" || len(e.Recipient) != 0 {
		t.Errorf("second event %+v: FIGHT maps to ASSAULT, no target", e)
	}
	p := fake{
		"Alpha asked Beta.": {ev("REQUEST", "020", []string{"AAA"}, []string{"BBB"}), ev("ACCUSE", "111", []string{"AAA"}, nil)},
		"Gamma agreed.":     {ev("AGREE", "030", []string{"CCC"}, []string{"DDD"})},
	}
	s, err := Evaluate(context.Background(), p, sents, true)
	if err != nil {
		t.Fatal(err)
	}
	// Types: REQUEST and AGREE right, ASSAULT missed, ACCUSE extra.
	if s.Type.TP != 2 || s.Type.FP != 1 || s.Type.FN != 1 {
		t.Errorf("type counts %+v", s.Type)
	}
	// Dyads: only the REQUEST; AGREE has a recipient the gold lacks.
	if s.Dyad.TP != 1 || s.Dyad.FP != 2 || s.Dyad.FN != 2 {
		t.Errorf("dyad counts %+v", s.Dyad)
	}
	if len(s.Errors) != 2 {
		t.Errorf("%d error sentences, want 2", len(s.Errors))
	}
}

const petrGold = `<Sentences>
<Sentence date="19950101" id="T-1" category="X">
<EventCoding sourcecode="AAAGOV" targetcode="BBB" eventcode="111"></EventCoding>
<Text>
Alpha criticised Beta.
</Text>
</Sentence>
# a comment line
<Sentence date = "19950102" id = "T-2" category="X">
<EventCoding noevents = "True"/>
<Text>Nothing happened.</Text>
</Sentence>
<Sentence date="19950103" id="T-3">
<EventCoding error="true"></EventCoding>
<Text>Skipped.</Text>
</Sentence>
</Sentences>`

func TestParsePETRARCH(t *testing.T) {
	sents, err := ParsePETRARCH([]byte(petrGold), func(c string) (string, bool) {
		return map[string]string{"111": "ACCUSE"}[c], c == "111"
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 {
		t.Fatalf("%d sentences, want 2 (the error test skipped): %+v", len(sents), sents)
	}
	if e := sents[0].Events; len(e) != 1 || e[0].Type != "ACCUSE" || e[0].Actors[0] != "AAA" || e[0].CAMEO != "111" || sents[0].Text != "Alpha criticised Beta." {
		t.Errorf("first sentence %+v", sents[0])
	}
	if len(sents[1].Events) != 0 || sents[1].Date.Day() != 2 {
		t.Errorf("no-event sentence %+v", sents[1])
	}
}

func TestNegatedNotScored(t *testing.T) {
	d := doc.New("x", "Alpha did not attack.")
	e := ev("ASSAULT", "190", []string{"AAA"}, nil)
	e.Modality.Negated = true
	d.Events = []doc.Event{e}
	if got := Predicted(d); len(got) != 0 {
		t.Errorf("negated event scored: %+v", got)
	}
}
