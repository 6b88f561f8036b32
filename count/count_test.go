package count

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/doc"
)

// want describes one expected count. Empty string fields are not checked;
// "-" requires the participant to be nil.
type want struct {
	kind    string
	n       int64
	qual    string
	span    string
	victims string
	vsector string
	country string // victims' country
	perp    string
	psector string
	pactor  string
	source  string
	sactor  string
}

func run(t *testing.T, d *doc.Document) []doc.Count {
	t.Helper()
	if err := New(testLex).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d.Counts
}

func show(d *doc.Document, cs []doc.Count) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  %s %d %s %q", c.Kind, c.Count, c.Qualifier, d.Slice(c.Span))
		if c.Victims != nil {
			fmt.Fprintf(&b, " victims=%q/%s/%s", d.Slice(c.Victims.Span), c.Victims.Sector, c.Victims.Country)
		}
		if c.Perpetrator != nil {
			fmt.Fprintf(&b, " perp=%q/%s/%s", d.Slice(c.Perpetrator.Span), c.Perpetrator.Actor, c.Perpetrator.Sector)
		}
		if c.Source != nil {
			fmt.Fprintf(&b, " source=%q/%s/%s", d.Slice(c.Source.Span), c.Source.Actor, c.Source.Sector)
		}
	}
	return b.String()
}

func check(t *testing.T, d *doc.Document, got []doc.Count, ws []want) {
	t.Helper()
	if len(got) != len(ws) {
		t.Fatalf("%q: got %d counts, want %d:%s", d.Text, len(got), len(ws), show(d, got))
	}
	part := func(field, wantText string, p *doc.Participant) bool {
		switch {
		case wantText == "":
			return true
		case wantText == "-":
			if p != nil {
				t.Errorf("%q: %s = %q, want none", d.Text, field, d.Slice(p.Span))
				return false
			}
			return true
		case p == nil:
			t.Errorf("%q: %s missing, want %q", d.Text, field, wantText)
			return false
		case d.Slice(p.Span) != wantText:
			t.Errorf("%q: %s = %q, want %q", d.Text, field, d.Slice(p.Span), wantText)
		}
		return true
	}
	for i, w := range ws {
		c := got[i]
		if c.Kind != w.kind || c.Count != w.n {
			t.Errorf("%q: count %d = %s %d, want %s %d", d.Text, i, c.Kind, c.Count, w.kind, w.n)
		}
		q := w.qual
		if q == "" {
			q = Exactly
		}
		if c.Qualifier != q {
			t.Errorf("%q: count %d qualifier = %s, want %s", d.Text, i, c.Qualifier, q)
		}
		if w.span != "" && d.Slice(c.Span) != w.span {
			t.Errorf("%q: count %d span = %q, want %q", d.Text, i, d.Slice(c.Span), w.span)
		}
		if part("victims", w.victims, c.Victims) && c.Victims != nil {
			if w.vsector != "" && c.Victims.Sector != w.vsector {
				t.Errorf("%q: victims sector = %q, want %q", d.Text, c.Victims.Sector, w.vsector)
			}
			if w.country != "" && c.Victims.Country != w.country {
				t.Errorf("%q: victims country = %q, want %q", d.Text, c.Victims.Country, w.country)
			}
		}
		if part("perpetrator", w.perp, c.Perpetrator) && c.Perpetrator != nil {
			if w.psector != "" && c.Perpetrator.Sector != w.psector {
				t.Errorf("%q: perpetrator sector = %q, want %q", d.Text, c.Perpetrator.Sector, w.psector)
			}
			if w.pactor != "" && c.Perpetrator.Actor != w.pactor {
				t.Errorf("%q: perpetrator actor = %q, want %q", d.Text, c.Perpetrator.Actor, w.pactor)
			}
		}
		if part("source", w.source, c.Source) && c.Source != nil {
			if w.sactor != "" && c.Source.Actor != w.sactor {
				t.Errorf("%q: source actor = %q, want %q", d.Text, c.Source.Actor, w.sactor)
			}
		}
		if c.Sentence < 0 || c.Sentence >= len(d.Sentences) || !d.Sentences[c.Sentence].Contains(c.Span) {
			t.Errorf("%q: count %d span outside its sentence %d", d.Text, i, c.Sentence)
		}
	}
}

func TestPatterns(t *testing.T) {
	tests := []struct {
		text string
		want []want
	}{
		// N PEOPLE were killed / died / N dead
		{"At least 12 people were killed in the blast.", []want{{kind: Killed, n: 12, qual: AtLeast,
			span: "At least 12 people were killed", victims: "people", vsector: "CVL", perp: "-", source: "-"}}},
		{"Eighteen dead after the bridge collapsed.", []want{{kind: Killed, n: 18, span: "Eighteen dead", victims: "-"}}},
		{"At least 5,400 people died of their wounds.", []want{{kind: Killed, n: 5400, qual: AtLeast}}},
		{"Forty-two villagers have reportedly been slain.", []want{{kind: Killed, n: 42, victims: "villagers", vsector: "CVL"}}},
		{"Scores of villagers were massacred.", []want{{kind: Killed, n: 40, qual: AtLeast, victims: "villagers"}}},
		{"Upwards of 80 people lost their lives in the storm.", []want{{kind: Killed, n: 80, qual: MoreThan,
			span: "Upwards of 80 people lost their lives"}}},
		{"Three men were shot dead at the checkpoint.", []want{{kind: Killed, n: 3, victims: "men"}}},
		{"40 deaths were recorded in the district.", []want{{kind: Killed, n: 40, span: "40 deaths", victims: "-"}}},
		{"The ward reported 16 civilian deaths.", []want{{kind: Killed, n: 16, span: "16 civilian deaths", victims: "civilian", vsector: "CVL"}}},
		// killed N / the death toll / claimed N lives
		{"The explosion killed 7 civilians.", []want{{kind: Killed, n: 7, span: "killed 7 civilians",
			victims: "civilians", vsector: "CVL", perp: "-"}}},
		{"The death toll rose to 40 on Tuesday.", []want{{kind: Killed, n: 40, span: "death toll rose to 40"}}},
		{"The official death toll has now climbed to more than 1,200.", []want{{kind: Killed, n: 1200, qual: MoreThan}}},
		{"The blast claimed 17 lives.", []want{{kind: Killed, n: 17, victims: "-"}}},
		{"The clashes left 12 people dead.", []want{{kind: Killed, n: 12, span: "12 people dead"}}},
		{"The attack killed 5 people and wounded 20 others.", []want{
			{kind: Killed, n: 5, victims: "people"}, {kind: Injured, n: 20, victims: "others"}}},
		// mixed victims
		{"Nine soldiers and police have been killed in the ambush.", []want{{kind: Killed, n: 9,
			span: "Nine soldiers and police have been killed", victims: "soldiers and police", vsector: "MIL"}}},
		{"Ten soldiers and 4 civilians were killed.", []want{
			{kind: Killed, n: 10, victims: "soldiers", vsector: "MIL"},
			{kind: Killed, n: 4, victims: "civilians", vsector: "CVL"}}},
		{"Security forces killed 3 rebels near the border.", []want{{kind: Killed, n: 3, victims: "rebels", vsector: "REB",
			perp: "Security forces", psector: "COP", pactor: ""}}},
		// injured
		{"Some 300 were wounded.", []want{{kind: Injured, n: 300, qual: About, span: "Some 300 were wounded", victims: "-"}}},
		{"Fewer than ten people were hurt.", []want{{kind: Injured, n: 10, qual: FewerThan}}},
		{"Nearly 60 people were injured in the stampede.", []want{{kind: Injured, n: 60, qual: UpTo}}},
		{"Two or three people were hurt.", []want{{kind: Injured, n: 2, qual: AtLeast}}},
		{"Between 20 and 30 people were injured.", []want{{kind: Injured, n: 20, qual: AtLeast, span: "Between 20 and 30 people were injured"}}},
		{"The blast left 14 injured soldiers in hospital.", []want{{kind: Injured, n: 14, victims: "soldiers", vsector: "MIL"}}},
		{"Six people were killed and 25 wounded.", []want{{kind: Killed, n: 6}, {kind: Injured, n: 25, span: "25 wounded"}}},
		// arrested
		{"Police arrested 35 protesters outside parliament.", []want{{kind: Arrested, n: 35, span: "arrested 35 protesters",
			victims: "protesters", vsector: "OPP", perp: "Police", psector: "COP"}}},
		{"Twenty-five protesters were arrested.", []want{{kind: Arrested, n: 25, victims: "protesters"}}},
		{"Dozens of students were detained.", []want{{kind: Arrested, n: 24, qual: AtLeast, span: "Dozens of students were detained",
			victims: "students", vsector: "EDU"}}},
		{"Roughly a dozen journalists were jailed.", []want{{kind: Arrested, n: 12, qual: About, victims: "journalists", vsector: "MED"}}},
		{"A hundred people were rounded up.", []want{{kind: Arrested, n: 100}}},
		{"As many as 90 people were taken into custody.", []want{{kind: Arrested, n: 90, qual: UpTo,
			span: "As many as 90 people were taken into custody"}}},
		{"Officers detained two dozen men.", []want{{kind: Arrested, n: 24}}},
		// displaced
		{"Hundreds have fled their homes.", []want{{kind: Displaced, n: 200, qual: AtLeast}}},
		{"1.5 million people have been displaced by the fighting.", []want{{kind: Displaced, n: 1500000}}},
		{"Up to 3 million refugees are living in camps.", []want{{kind: Displaced, n: 3000000, qual: UpTo,
			victims: "refugees", vsector: "REF"}}},
		{"Two hundred and fifty residents were evacuated.", []want{{kind: Displaced, n: 250}}},
		{"The floods left 4,000 families homeless.", []want{{kind: Displaced, n: 4000}}},
		// missing
		{"More than two hundred people are missing.", []want{{kind: Missing, n: 200, qual: MoreThan}}},
		{"Gunmen abducted 14 schoolgirls.", []want{{kind: Missing, n: 14, victims: "schoolgirls", perp: "Gunmen", psector: "UAF"}}},
		{"No fewer than 6 journalists have disappeared.", []want{{kind: Missing, n: 6, qual: AtLeast}}},
		// protesters
		{"A crowd of 5,000 gathered in the square.", []want{{kind: Protesters, n: 5000}}},
		{"Thousands of people marched through the capital.", []want{{kind: Protesters, n: 2000, qual: AtLeast,
			span: "Thousands of people marched"}}},
		{"An estimated 2,000 demonstrators rallied outside.", []want{{kind: Protesters, n: 2000, qual: About,
			victims: "demonstrators", vsector: "OPP"}}},
		{"Police fired tear gas at 300 protesters.", []want{{kind: Protesters, n: 300, span: "300 protesters"}}},
		{"Tens of thousands took to the streets.", []want{{kind: Protesters, n: 20000, qual: AtLeast}}},
		{"Almost 3,000 people demonstrated on Friday.", []want{{kind: Protesters, n: 3000, qual: UpTo}}},
		{"About 200-odd farmers protested.", []want{{kind: Protesters, n: 200, qual: About}}},
		{"Hundreds of thousands gathered in the city.", []want{{kind: Protesters, n: 200000, qual: AtLeast}}},
		{"Half a million people rallied.", []want{{kind: Protesters, n: 500000}}},
		{"Several hundred students protested.", []want{{kind: Protesters, n: 300, qual: AtLeast}}},
		// numbers and money in one sentence
		{"Protesters demanded 10 million dollars in compensation for the 40 people killed.", []want{{kind: Killed, n: 40}}},
		{"In 2012 rebels killed 8 soldiers.", []want{{kind: Killed, n: 8, perp: "rebels", psector: "REB"}}},
		{"The 3 million residents of the city fled.", []want{{kind: Displaced, n: 3000000}}},
	}
	for _, split := range []bool{false, true} {
		for _, tc := range tests {
			d := build(tc.text, split)
			check(t, d, run(t, d), tc.want)
		}
	}
}

func TestParticipants(t *testing.T) {
	t.Run("victim nationality", func(t *testing.T) {
		d := build("12 Turkish soldiers were killed.", false)
		addEntity(d, "Turkish", "NORP", "A1", "TUR", "")
		check(t, d, run(t, d), []want{{kind: Killed, n: 12, victims: "Turkish soldiers", vsector: "MIL", country: "TUR"}})
		if a := d.Counts[0].Victims.Actor; a != "" {
			t.Errorf("victims actor = %q, want none for a modifying entity", a)
		}
	})
	t.Run("victim actor", func(t *testing.T) {
		d := build("Five Hamas fighters were killed.", false)
		addEntity(d, "Hamas fighters", "ORG", "A1", "PSE", "REB")
		check(t, d, run(t, d), []want{{kind: Killed, n: 5, victims: "Hamas fighters", vsector: "REB", country: "PSE"}})
		if a := d.Counts[0].Victims.Actor; a != "A1" {
			t.Errorf("victims actor = %q, want A1", a)
		}
	})
	t.Run("killed by", func(t *testing.T) {
		d := build("Over 200 people were killed by Turkish troops.", false)
		addEntity(d, "Turkish", "NORP", "A1", "TUR", "")
		check(t, d, run(t, d), []want{{kind: Killed, n: 200, qual: MoreThan, perp: "Turkish troops", pactor: "A1", psector: "MIL"}})
	})
	t.Run("subject perpetrator", func(t *testing.T) {
		d := build("Boko Haram killed 30 villagers.", false)
		addEntity(d, "Boko Haram", "ORG", "A7", "NGA", "REB")
		check(t, d, run(t, d), []want{{kind: Killed, n: 30, perp: "Boko Haram", pactor: "A7", psector: "REB"}})
	})
	t.Run("instrument is no perpetrator", func(t *testing.T) {
		d := build("Five people were killed by a roadside bomb.", false)
		check(t, d, run(t, d), []want{{kind: Killed, n: 5, perp: "-"}})
	})
	t.Run("according to", func(t *testing.T) {
		d := build("According to the UN, 40 civilians have been killed.", false)
		addEntity(d, "UN", "ORG", "A2", "IGO", "")
		check(t, d, run(t, d), []want{{kind: Killed, n: 40, source: "UN", sactor: "A2"}})
	})
	t.Run("according to long entity", func(t *testing.T) {
		d := build("Eleven fighters died, according to the Syrian Observatory for Human Rights.", false)
		addEntity(d, "Syrian Observatory for Human Rights", "ORG", "A3", "SYR", "NGO")
		check(t, d, run(t, d), []want{{kind: Killed, n: 11, source: "Syrian Observatory for Human Rights", sactor: "A3"}})
	})
	t.Run("said", func(t *testing.T) {
		d := build("Police said 20 people were arrested.", false)
		c := run(t, d)
		check(t, d, c, []want{{kind: Arrested, n: 20, source: "Police", sactor: ""}})
		if c[0].Source.Sector != "COP" {
			t.Errorf("source sector = %q, want COP", c[0].Source.Sector)
		}
	})
	t.Run("says", func(t *testing.T) {
		d := build("The UN says 15 people have died.", false)
		addEntity(d, "UN", "ORG", "A2", "IGO", "")
		check(t, d, run(t, d), []want{{kind: Killed, n: 15, source: "UN", sactor: "A2"}})
	})
	t.Run("inverted said", func(t *testing.T) {
		d := build("Nine people were wounded, said the ministry.", false)
		check(t, d, run(t, d), []want{{kind: Injured, n: 9, source: "ministry"}})
	})
	t.Run("pronoun said", func(t *testing.T) {
		d := build("He said 4 people died.", false)
		check(t, d, run(t, d), []want{{kind: Killed, n: 4, source: "He"}})
	})
	t.Run("passive reported is no source", func(t *testing.T) {
		d := build("Four people were reported killed.", false)
		check(t, d, run(t, d), []want{{kind: Killed, n: 4, source: "-"}})
	})
}

func TestDate(t *testing.T) {
	d := build("Police arrested 35 people on Monday. Another 12 were detained.", false)
	addTimex(d, "Monday", "2024-03-04", "day")
	cs := run(t, d)
	check(t, d, cs, []want{{kind: Arrested, n: 35}, {kind: Arrested, n: 12}})
	if cs[0].Date == nil || cs[0].Date.Value != "2024-03-04" || cs[0].Date.Precision != "day" ||
		cs[0].Date.Text == nil || d.Slice(*cs[0].Date.Text) != "Monday" {
		t.Errorf("date = %+v, want 2024-03-04 from Monday", cs[0].Date)
	}
	if cs[1].Date != nil {
		t.Errorf("second sentence date = %+v, want nil", cs[1].Date)
	}
	if cs[0].Sentence != 0 || cs[1].Sentence != 1 {
		t.Errorf("sentences = %d, %d", cs[0].Sentence, cs[1].Sentence)
	}
	if cs[0].ID != "C1" || cs[1].ID != "C2" {
		t.Errorf("IDs = %s, %s", cs[0].ID, cs[1].ID)
	}
}

func TestTagged(t *testing.T) {
	// A tagger's lemma reaches the lexicon when the plural is irregular.
	d := build("Thirty alumni were detained.", false)
	d.Tokens[1].Lemma, d.Tokens[1].UPOS = "alumnus", "NOUN"
	check(t, d, run(t, d), []want{{kind: Arrested, n: 30, victims: "alumni", vsector: "EDU"}})

	// Tags keep a verb out of the noun phrase.
	d = build("Officers arrested 5 men carrying rifles.", false)
	tags := []string{"NOUN", "VERB", "NUM", "NOUN", "VERB", "NOUN", "PUNCT"}
	for i := range d.Tokens {
		d.Tokens[i].UPOS = tags[i]
	}
	check(t, d, run(t, d), []want{{kind: Arrested, n: 5, victims: "men"}})
}

func TestNotCounts(t *testing.T) {
	tests := []string{
		// ages
		"A 25-year-old man was killed.",
		"The victim, aged 30, was killed on the spot.",
		"A man in his 40s died, and a boy of age 12 was hurt.",
		// years
		"In 1990, soldiers killed protesters.",
		"Since 2011 rebels have killed civilians.",
		"On March 10, 2002, a mob attacked the station.",
		// durations
		"The 11-month crackdown has ended.",
		"Protesters were detained for three days.",
		"The five-day strike left the city paralysed.",
		// money
		"The government spent $3.5bn on aid for the injured.",
		"They paid 10 million dollars to the families of the dead.",
		"Rs 50,000 was given to each of the injured.",
		// percentages
		"Turnout fell 2.4% as protesters were arrested.",
		"40 percent of the injured were children.",
		// votes and scores
		"The council voted 9-4 to condemn the killings.",
		"The motion passed by 13 votes to 2 after the arrests.",
		"The home side won 3-1 while fans marched outside.",
		// ordinals, times, labels, phone numbers
		"The third protest ended peacefully.",
		"He was the 3rd person arrested.",
		"At 10:30 police arrested the leaders.",
		"At 3 pm, the wounded were flown out.",
		"Call 555 0199 to report missing people.",
		"Call 555-0199 to report missing people.",
		"Resolution 1701 condemned the killings.",
		// not numbers of people
		"No one was killed.",
		"Several people were hurt.",
		"The attack killed 30 cattle.",
		"Police held 3 meetings with protest leaders.",
		"The rebels took 40 people hostage.",
		"Two people were not injured.",
		"The march covered 12 km.",
		"1.5 people died.",
	}
	for _, split := range []bool{false, true} {
		for _, text := range tests {
			d := build(text, split)
			if cs := run(t, d); len(cs) != 0 {
				t.Errorf("%q (split hyphens %v): got%s, want no count", text, split, show(d, cs))
			}
		}
	}
}

func TestStage(t *testing.T) {
	st := New(nil)
	if st.Name() != "counts" {
		t.Errorf("Name = %q", st.Name())
	}
	// A nil lexicon still gives generic people their sector.
	d := build("Eight people died.", false)
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Counts) != 1 || d.Counts[0].Victims == nil || d.Counts[0].Victims.Sector != "CVL" {
		t.Fatalf("got %s", show(d, d.Counts))
	}
	// Broken sentence ranges are skipped with a warning.
	d = build("Eight people died.", false)
	d.Sentences = append(d.Sentences, doc.Sentence{TokStart: 2, TokEnd: 99})
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Counts) != 1 || len(d.Warnings) != 1 {
		t.Errorf("counts %d warnings %v", len(d.Counts), d.Warnings)
	}
	// A cancelled context stops the stage.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := st.Process(ctx, build("Eight people died.", false)); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		text  string
		value int64
		vague bool
	}{
		{"12", 12, false}, {"5,400", 5400, false}, {"2000", 2000, false},
		{"1.5 million", 1500000, false}, {"3 million", 3000000, false},
		{"two", 2, false}, {"twelve", 12, false}, {"twenty-five", 25, false},
		{"twenty - five", 25, false}, {"twenty five", 25, false},
		{"a dozen", 12, false}, {"two dozen", 24, false}, {"dozens", 24, true},
		{"hundreds", 200, true}, {"thousands", 2000, true}, {"scores", 40, true},
		{"a hundred", 100, false}, {"two hundred", 200, false},
		{"two hundred and fifty", 250, false}, {"one thousand two hundred", 1200, false},
		{"tens of thousands", 20000, true}, {"hundreds of thousands", 200000, true},
		{"millions", 2000000, true}, {"several hundred", 300, true},
		{"a few thousand", 2000, true}, {"half a million", 500000, false},
		{"5 lakh", 500000, false}, {"2 crore", 20000000, false}, {"20-30", 20, false},
	}
	for _, tc := range tests {
		d := build(tc.text+" x", false)
		s, _ := newSent(d, 0)
		n, ok := s.numberAt(0)
		if !ok || n.value != tc.value || n.vague != tc.vague || n.end != s.n-1 {
			t.Errorf("%q: got %+v ok=%v, want %d vague=%v", tc.text, n, ok, tc.value, tc.vague)
		}
	}
	for _, bad := range []string{"a", "0100", "1,23", "2.5", "hundred", "3rd", "several", "9-4", "555-0199"} {
		d := build(bad+" x", false)
		s, _ := newSent(d, 0)
		if n, ok := s.numberAt(0); ok {
			t.Errorf("%q: got %+v, want no number", bad, n)
		}
	}
}

func TestAgentsNotVictims(t *testing.T) {
	for _, text := range []string{
		"Two gunmen have killed at least 22 worshippers.",
		"Three bombers killed the guards.",
	} {
		d := build(text, false)
		cs := run(t, d)
		for _, c := range cs {
			if d.Slice(c.Span) != "killed at least 22 worshippers" {
				t.Errorf("%q: got%s", text, show(d, cs))
			}
		}
	}
	d := build("Two meetings were held and one of the arrested men spoke.", false)
	check(t, d, run(t, d), nil)
}

func TestMore(t *testing.T) {
	tests := []struct {
		text string
		want []want
	}{
		{"More than 432 arrests have been made in the city.", []want{{kind: Arrested, n: 432, qual: MoreThan}}},
		{"The national tally of arrests has now crossed 1,200.", []want{{kind: Arrested, n: 1200, qual: MoreThan}}},
		{"Officials said that if 10 were killed, more would come.", nil},
		{"Five guards were stabbed and two of them later succumbed to their injuries.", []want{{kind: Injured, n: 5}, {kind: Killed, n: 2}}},
		{"Police fired tear gas as a 3,000 strong mob gathered outside the station.", []want{{kind: Protesters, n: 3000}}},
		{"Nearly 60 villagers were burnt alive in the attack.", []want{{kind: Killed, n: 60, qual: UpTo}}},
		{"The death toll reached an all-time high of 412 on Monday.", []want{{kind: Killed, n: 412}}},
		{"The minister said there were over 900 deaths due to the floods.", []want{{kind: Killed, n: 900, qual: MoreThan}}},
		{"The riots took 30 more lives.", []want{{kind: Killed, n: 30}}},
		{"About 50 pilgrims were apprehended at the station.", []want{{kind: Arrested, n: 50, qual: About}}},
		{"He said 17,000 farmers and labourers were arrested.", []want{{kind: Arrested, n: 17000, victims: "farmers"}}},
		{"Update: eighty-one activists were arrested by the railway police.", []want{{kind: Arrested, n: 81,
			perp: "railway police", psector: "COP"}}},
		{"The reprisal attacks have claimed more than 675 lives.", []want{{kind: Killed, n: 675, qual: MoreThan, span: "claimed more than 675 lives"}}},
	}
	for _, tc := range tests {
		d := build(tc.text, false)
		check(t, d, run(t, d), tc.want)
	}
}

func TestLinkEvents(t *testing.T) {
	d := &doc.Document{
		Events: []doc.Event{
			{ID: "v1", Sentence: 0, Trigger: doc.Span{Start: 50, End: 59}, PLOVER: doc.PLOVER{Type: "ACCUSE"}},
			{ID: "v2", Sentence: 0, Trigger: doc.Span{Start: 70, End: 79}, PLOVER: doc.PLOVER{Type: "ASSAULT"}},
			{ID: "v3", Sentence: 1, Trigger: doc.Span{Start: 120, End: 126}, PLOVER: doc.PLOVER{Type: "COERCE"}},
		},
		Counts: []doc.Count{
			{Kind: Killed, Sentence: 0, Span: doc.Span{Start: 10, End: 40}},
			{Kind: Arrested, Sentence: 0, Span: doc.Span{Start: 80, End: 90}},
			{Kind: Arrested, Sentence: 1, Span: doc.Span{Start: 100, End: 110}},
		},
	}
	linkEvents(d)
	for i, want := range []string{"v2", "", "v3"} {
		if got := d.Counts[i].Event; got != want {
			t.Errorf("count %d linked to %q, want %q", i, got, want)
		}
	}
}
