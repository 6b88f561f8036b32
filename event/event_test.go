package event_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/event"
	"github.com/dyad-events/dyad/internal/testdoc"
)

func TestDefaultLexicon(t *testing.T) {
	lex, err := event.DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if lex.Len() < 60 {
		t.Errorf("lexicon has %d entries", lex.Len())
	}
	for _, tc := range []struct{ code, plover string }{
		{"030", "AGREE"}, {"041", "CONSULT"}, {"111", "ACCUSE"}, {"020", "REQUEST"}, {"100", "REQUEST"},
		{"120", "REJECT"}, {"173", "COERCE"}, {"190", "ASSAULT"}, {"0841", "RETREAT"},
	} {
		c, ok := lex.Code(tc.code)
		if !ok || c.Type != tc.plover {
			t.Errorf("code %s: %+v %v, want PLOVER %s", tc.code, c, ok, tc.plover)
		}
	}
}

func TestParseLexiconErrors(t *testing.T) {
	codes, err := event.ParseCodes(strings.NewReader("030\tAgree\t4.0\t1\tAGREE\t\t\n010\tStatement\t0\t1\t\t\t\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		"agree\tV\t999\twith\t-\n",       // unknown code
		"agree\tV\t010\twith\t-\n",       // no PLOVER type
		"agree\tX\t030\twith\t-\n",       // bad pos
		"agree\tV\t030\twith\n",          // too few fields
		"agree\tV\t030\twith\tsoon\n",    // unknown flag
		"deal @x\tN\t030\twith\t-\n",     // object pattern on a noun
		"agree\tV\t030\twith\tplover=\n", // empty PLOVER override
	} {
		if _, err := event.ParseLexicon(strings.NewReader(bad), codes); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}

type want struct {
	plover, cameo string
	actors        []string
	recips        []string
	rc            []string // recipient countries (implied ones too), when set
	date          string
	negated       bool
	future        bool
	historical    bool
	source        string // code of source_of_report, "" for none
}

func TestEvents(t *testing.T) {
	const pub = "2021-06-09" // a Wednesday
	tests := []struct {
		name, text string
		want       []want
	}{
		{"compound actor, weekday, reporter",
			"Japanese Prime Minister Kenji Sato and Indian Prime Minister Ravi Kumar agreed on Monday to expand trade, the Japanese foreign ministry said.",
			[]want{{plover: "AGREE", cameo: "030", actors: []string{"JPNGOV", "INDGOV"}, date: "2021-06-07", historical: true, source: "JPNGOV"}}},
		{"negation",
			"The Egyptian army did not attack the border post.",
			[]want{{plover: "ASSAULT", actors: []string{"EGYMIL"}, negated: true, date: pub}}},
		{"future",
			"Iran will reject the proposal.",
			[]want{{plover: "REJECT", actors: []string{"IRN"}, future: true, date: pub}}},
		{"object recipient",
			"Brazil condemned Venezuela.",
			[]want{{plover: "ACCUSE", cameo: "111", actors: []string{"BRA"}, recips: []string{"VEN"}, date: pub}}},
		{"arrest",
			"Kenyan police arrested dozens of protesters.",
			[]want{{plover: "COERCE", cameo: "173", actors: []string{"KENCOP"}, recips: []string{"CVL"}, date: pub}}},
		{"passive",
			"The rebels were attacked by Nigerian troops.",
			[]want{{plover: "ASSAULT", actors: []string{"NGAMIL"}, recips: []string{"REB"}, date: pub}}},
		{"call on with infinitive content",
			"German Chancellor Anna Weber called on Russia to withdraw its forces.",
			[]want{{plover: "REQUEST", actors: []string{"DEUGOV"}, recips: []string{"RUS"}, date: pub}}},
		{"relative object",
			"Moscow proposed a plan, which Washington criticized.",
			[]want{{plover: "ACCUSE", actors: []string{"USAGOV"}, recips: []string{"RUSGOV"}, date: pub}}},
		{"reported obligation",
			"The French foreign minister said Iran must free the detainees.",
			[]want{{plover: "REQUEST", cameo: "100", actors: []string{"FRAGOV"}, recips: []string{"IRN"}, date: pub}}},
		{"first person in a quote",
			"“We reject these accusations,” the Chinese foreign ministry said.",
			[]want{{plover: "REJECT", actors: []string{"CHNGOV"}, date: pub, source: "CHNGOV"}}},
		{"object pattern, implied own-country target",
			"Serbia lifted the curfew on Monday.",
			[]want{{plover: "CONCEDE", cameo: "081", actors: []string{"SRB"}, recips: []string{"SRB"}, date: "2021-06-07", historical: true}}},
		{"threat with the recipient in the infinitive",
			"Chile threatened to cut ties with Peru.",
			[]want{{plover: "THREATEN", cameo: "130", actors: []string{"CHL"}, recips: []string{"PER"}, date: pub}}},
		{"a conditional hostile act is a threat",
			"Norway would impose sanctions on Belarus if the talks fail.",
			[]want{{plover: "THREATEN", cameo: "1312", actors: []string{"NOR"}, recips: []string{"BLR"}, date: pub, future: true}}},
		{"a future visit is an intent to meet",
			"The Turkish foreign minister will visit Egypt in June.",
			[]want{{plover: "AGREE", cameo: "036", actors: []string{"TURGOV"}, recips: []string{"EGY"}, date: "2021-06", future: true}}},
		{"light verb and event noun",
			"Thai students staged a protest against the Malaysian government.",
			[]want{{plover: "PROTEST", actors: []string{"THAEDU"}, recips: []string{"MYSGOV"}, date: pub}}},
		{"curfew imposed at home",
			"The Kenyan government imposed a curfew on Friday.",
			[]want{{plover: "COERCE", cameo: "1723", actors: []string{"KENGOV"}, recips: []string{"KEN"}, date: "2021-06-04", historical: true}}},
		{"quantities before the people",
			"Thousands of Chilean students marched on Saturday.",
			[]want{{plover: "PROTEST", cameo: "141", actors: []string{"CHLEDU"}, recips: []string{"CHL"}, date: "2021-06-05", historical: true}}},
		{"an obligation is asked for, not done",
			"The German foreign minister said Iran must release the sailors.",
			[]want{{plover: "REQUEST", cameo: "100", actors: []string{"DEUGOV"}, recips: []string{"IRN"}, date: pub}}},
		{"a participle clause shares the subject",
			"Kenyan police dispersed the crowd, arresting dozens of students.",
			[]want{{plover: "ASSAULT", cameo: "175", actors: []string{"KENCOP"}, recips: []string{"KEN"}, date: pub},
				{plover: "COERCE", cameo: "173", actors: []string{"KENCOP"}, recips: []string{"EDU"}, date: pub}}},
		{"a name before a body noun",
			"The Hezbollah group declared a ceasefire.",
			[]want{{plover: "RETREAT", cameo: "0871", actors: []string{"LBNREB"}, date: pub}}},
		{"declining to comment is no event", "The Kenyan foreign minister declined to comment.", nil},
		{"falling figures are no rejection", "Exports from Chile were declining.", nil},
		{"a place before a meeting noun is not its actor",
			"After a Geneva summit, the Swiss president praised Italy.",
			[]want{{plover: "SUPPORT", cameo: "051", actors: []string{"CHEGOV"}, recips: []string{"ITA"}, date: pub}}},
		{"what a demand asks for has not happened",
			"Greece demanded that the European Union reject the plan.",
			[]want{{plover: "REQUEST", cameo: "100", actors: []string{"GRC"}, recips: []string{"IGOEUREEC"}, date: pub}}},
		{"an order needs its infinitive", "The Indian court ordered the destruction of the files.", nil},
		{"an order to someone",
			"The Indian army ordered Pakistani troops to withdraw.",
			[]want{{plover: "REQUEST", cameo: "100", actors: []string{"INDMIL"}, recips: []string{"PAKMIL"}, date: pub}}},
		{"coordinated verbs share the subject",
			"Greek and Turkish diplomats met in Athens and agreed to resume talks.",
			[]want{{plover: "CONSULT", cameo: "040", actors: []string{"GRCGOV", "TURGOV"}, date: pub},
				{plover: "AGREE", cameo: "030", actors: []string{"GRCGOV", "TURGOV"}, date: pub}}},
		{"a person's attack is verbal",
			"French President Jean Martin attacked Germany over its budget.",
			[]want{{plover: "ACCUSE", cameo: "111", actors: []string{"FRAGOV"}, recips: []string{"DEU"}, date: pub}}},
		{"troops attack",
			"Syrian troops attacked Turkey.",
			[]want{{plover: "ASSAULT", cameo: "190", actors: []string{"SYRMIL"}, recips: []string{"TUR"}, date: pub}}},
		{"a question is not a request",
			"“Why now?” the Iraqi foreign minister asked.",
			nil},
		{"talks need a partner",
			"Chinese President Li Wei talked about the economy.",
			nil},
		{"two actors talking",
			"Chinese President Li Wei and Japanese Prime Minister Ken Sato talked by phone.",
			[]want{{plover: "CONSULT", cameo: "041", actors: []string{"CHNGOV", "JPNGOV"}, date: pub}}},
		{"a sector without a country is not a coded actor",
			"Police arrested the protesters.",
			nil},
		{"no coded actor, no event",
			"The committee condemned the decision.",
			nil},
		{"speech is not an event",
			"The Kenyan president said the vote was fair.",
			nil},
		{"a condition is not an event",
			"Peru said it would meet the Chilean envoy if he rejected the plan.",
			[]want{{plover: "AGREE", cameo: "036", actors: []string{"PER"}, recips: []string{"CHLGOV"}, date: pub, future: true, source: "PER"}}},
		{"an ultimatum is a threat",
			"Ghana announced that it will withdraw its troops from Mali unless the junta holds elections.",
			[]want{{plover: "THREATEN", actors: []string{"GHA"}, recips: []string{"MLI"}, date: pub, future: true, source: "GHA"}}},
		{"an announced sanction is the sanction",
			"Canada announced that it would suspend aid to Haiti.",
			[]want{{plover: "SANCTION", actors: []string{"CAN"}, recips: []string{"HTI"}, date: pub, future: true, source: "CAN"}}},
		{"preparing to shell is a show of force",
			"The Ethiopian army was preparing to attack rebel positions.",
			[]want{{plover: "MOBILIZE", cameo: "150", actors: []string{"ETHMIL"}, date: pub, future: true}}},
		{"an announced resignation is the resignation",
			"The Italian prime minister will resign.",
			[]want{{plover: "RETREAT", actors: []string{"ITAGOV"}, date: pub, future: true}}},
		{"the event an event is about is its matter",
			"Uruguay rejected Argentina's demand.",
			[]want{{plover: "REJECT", actors: []string{"URY"}, recips: []string{"ARG"}, date: pub}}},
		{"the owner of the act denounced",
			"Chile denounced Bolivia's expulsion of the diplomats.",
			[]want{{plover: "ACCUSE", actors: []string{"CHL"}, recips: []string{"BOL"}, date: pub}}},
		{"police violence at home",
			"Egyptian police opened fire on demonstrators.",
			[]want{{plover: "ASSAULT", cameo: "190", actors: []string{"EGYCOP"}, recips: []string{"CVL"}, rc: []string{"EGY"}, date: pub}}},
		{"violence placed in a country",
			"Somali militants bombed a market in Kenya.",
			[]want{{plover: "ASSAULT", actors: []string{"SOMREB"}, recips: []string{"KEN"}, rc: []string{"KEN"}, date: pub}}},
		{"a stance word is no nationality",
			"Pro-Russian separatists attacked a police station.",
			nil},
		{"pro-Russian troops are not Russian troops",
			"Pro-Iranian Hezbollah fighters attacked Israel.",
			[]want{{plover: "ASSAULT", actors: []string{"LBNREB"}, recips: []string{"ISR"}, date: pub}}},
		{"mobilising support is not mobilising troops",
			"Brazil mobilized support for the treaty.",
			[]want{{plover: "SUPPORT", actors: []string{"BRA"}, date: pub}}},
		{"wanting to do something asks no one",
			"Beijing wants to unite Taiwan with the mainland.",
			nil},
		{"wanting someone to do something asks them",
			"The Chinese government wants Taiwan to drop the plan.",
			[]want{{plover: "REQUEST", cameo: "020", actors: []string{"CHNGOV"}, recips: []string{"TWN"}, date: pub}}},
		{"a name compared is not the actor",
			"A Madrid-style bombing took place in the city.",
			nil},
		{"an event noun under a modal has not happened",
			"Officials warned that a Turkish attack could happen soon.",
			nil},
		{"a subject the parse finds is not replaced by another name",
			"Thousands have arrived in Greece to seek asylum.",
			nil},
		{"refugees are not of the country they are in",
			"Refugees in Greece protested on Monday.",
			nil},
		{"a verb coordinated with a passive shares its subject",
			"The Serbian prime minister was indicted by the court and will resign.",
			[]want{{plover: "RETREAT", actors: []string{"SRBGOV"}, date: pub, future: true}}},
		{"a passive participle on a noun",
			"The family of a Kenyan student allegedly killed by Ugandan soldiers won the case.",
			[]want{{plover: "ASSAULT", actors: []string{"UGAMIL"}, recips: []string{"KENEDU"}, date: pub}}},
		{"a passive participle with no agent has no actor",
			"Foreign nationals detained in Kenya are being held in Nairobi.",
			nil},
		{"an obligation with have to is not done",
			"This is the plan the Kenyan president will have to defend.",
			nil},
		{"a threat is aimed at who must meet its condition",
			"Chile threatened to close the border if Peru refused to pay.",
			[]want{{plover: "THREATEN", cameo: "130", actors: []string{"CHL"}, recips: []string{"PER"}, date: pub}}},
		{"an owner read as an nmod",
			"Iraqi students staged a protest against the United States' policies.",
			[]want{{plover: "PROTEST", actors: []string{"IRQEDU"}, recips: []string{"USA"}, date: pub}}},
		{"an expletive it is no actor",
			"The Kenyan government raised taxes. It is all very well criticising that policy.",
			nil},
		{"an unknown organisation keeps its pronoun",
			"The Pacific Fisheries Forum said that talks in Fiji had failed. It called for new talks.",
			nil},
		{"what a pledge works towards is its content",
			"The Kenyan government pledged to work towards lifting the ban.",
			[]want{{plover: "AGREE", cameo: "030", actors: []string{"KENGOV"}, date: pub, future: true}}},
		{"signing up for something is no agreement",
			"The Kenyan president signed up for another term.",
			nil},
		{"a quantity read as a phrase with to",
			"Afghan rebels kidnapped up to 16 Russian engineers.",
			[]want{{plover: "ASSAULT", cameo: "181", actors: []string{"AFGREB"}, recips: []string{"RUSCVL"}, date: pub}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := testdoc.Run(t, tc.text, pub)
			if len(d.Events) != len(tc.want) {
				t.Fatalf("%d events, want %d: %s", len(d.Events), len(tc.want), describe(d))
			}
			for i, w := range tc.want {
				e := d.Events[i]
				check(t, d, e, w)
			}
		})
	}
}

func check(t *testing.T, d *doc.Document, e doc.Event, w want) {
	t.Helper()
	if e.PLOVER.Type != w.plover || (w.cameo != "" && e.CAMEO.Code != w.cameo) {
		t.Errorf("coded %s/%s, want %s/%s", e.PLOVER.Type, e.CAMEO.Code, w.plover, w.cameo)
	}
	if got := testdoc.Codes(d, e.Actor); !slices.Equal(got, w.actors) {
		t.Errorf("actors %v, want %v", got, w.actors)
	}
	if got := testdoc.Codes(d, e.Recipient); !slices.Equal(got, w.recips) && !(len(got) == 0 && len(w.recips) == 0) {
		t.Errorf("recipients %v, want %v", got, w.recips)
	}
	if w.rc != nil {
		var got []string
		for _, p := range e.Recipient {
			got = append(got, p.Country)
		}
		if !slices.Equal(got, w.rc) {
			t.Errorf("recipient countries %v, want %v", got, w.rc)
		}
	}
	date := ""
	if e.Date != nil {
		date = e.Date.Value
	}
	if date != w.date {
		t.Errorf("date %q, want %q", date, w.date)
	}
	m := e.Modality
	if m.Negated != w.negated || m.Future != w.future || m.Historical != w.historical {
		t.Errorf("modality %+v, want negated=%v future=%v historical=%v", m, w.negated, w.future, w.historical)
	}
	src := ""
	if e.SourceOfReport != nil {
		src = testdoc.Codes(d, []doc.Participant{*e.SourceOfReport})[0]
	}
	if src != w.source {
		t.Errorf("source_of_report %q, want %q", src, w.source)
	}
}

func describe(d *doc.Document) string {
	var b strings.Builder
	for _, e := range d.Events {
		b.WriteString("\n  " + e.PLOVER.Type + " " + e.CAMEO.Code + " " + d.Slice(e.Trigger) + " A=" +
			strings.Join(testdoc.Codes(d, e.Actor), ",") + " R=" + strings.Join(testdoc.Codes(d, e.Recipient), ","))
	}
	for _, en := range d.Entities {
		b.WriteString("\n  entity " + en.Type + " " + d.Slice(en.Span) + " -> " + en.Actor)
	}
	return b.String()
}

func BenchmarkEvents(b *testing.B) {
	text := strings.Repeat("Japanese Prime Minister Kenji Sato and Indian Prime Minister Ravi Kumar agreed on Monday to expand trade, the Japanese foreign ministry said. Brazil condemned Venezuela. ", 20)
	for b.Loop() {
		testdoc.Run(b, text, "2021-06-09")
	}
}
