package main

import (
	"os"
	"strings"
	"testing"
)

// seedArticle is the project's reference article, kept beside the repo.
const seedArticle = "../../../shared/seed/article.txt"

// TestSeedArticle checks what a good run finds in the reference article
// (DESIGN.md). No rule in dyad names anything from it: the article is one
// test among many.
func TestSeedArticle(t *testing.T) {
	if _, err := os.Stat(seedArticle); err != nil {
		t.Skip("reference article not available:", err)
	}
	lines, err := run(t, extractOptions{date: "2012-02-08"}, "", seedArticle)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 {
		t.Fatalf("%d records, want 1", len(lines))
	}
	r := decode(t, lines[0])
	actorOf := map[string]string{} // actor id -> code
	for _, a := range r.Actors {
		actorOf[a.ID] = a.Code
	}
	byName := func(part string) string {
		for _, a := range r.Actors {
			if strings.Contains(a.Name, part) {
				return a.Code
			}
		}
		return ""
	}
	for _, tc := range []struct{ name, code string }{
		{"Medvedev", "RUSGOV"}, {"Putin", "RUSGOV"}, {"Lavrov", "RUSGOV"}, {"Erdogan", "TURGOV"}, {"Carney", "USAGOV"},
	} {
		if got := byName(tc.name); got != tc.code {
			t.Errorf("actor %s coded %q, want %s", tc.name, got, tc.code)
		}
	}

	agree := false
	for _, e := range r.Events {
		if e.PLOVER.Type != "AGREE" {
			continue
		}
		countries := map[string]bool{}
		for _, a := range e.Actor {
			countries[a.Country] = true
			if strings.Contains(a.Text, "press service") {
				t.Errorf("the press service is an actor of the AGREE event")
			}
		}
		if !countries["RUS"] || !countries["TUR"] {
			continue
		}
		agree = true
		if e.Date == nil || e.Date.Value != "2012-02-08" {
			t.Errorf("AGREE dated %+v, want 2012-02-08", e.Date)
		}
		if e.SourceOfReport == nil || !strings.Contains(e.SourceOfReport.Text, "press service") || e.SourceOfReport.Country != "RUS" {
			t.Errorf("AGREE source_of_report = %+v, want the Kremlin press service (RUS)", e.SourceOfReport)
		}
	}
	if !agree {
		t.Errorf("no AGREE event with RUS and TUR actors")
	}

	// The other events DESIGN.md lists: type, the actor countries and
	// sector of one actor, and recipient countries that must all be there.
	countriesOf := func(ps []testParticipant) map[string]bool {
		m := map[string]bool{}
		for _, p := range ps {
			m[p.Country] = true
		}
		return m
	}
	for _, w := range []struct {
		name, plover string
		actor        []string
		recips       []string
	}{
		{"their telephone conversation", "CONSULT", []string{"RUS", "TUR"}, nil},
		{"Russia condemns the violence in Syria", "ACCUSE", []string{"RUS"}, []string{"SYR"}},
		{"the Syrian government's crackdown on protesters", "ASSAULT", []string{"SYR"}, []string{"SYR"}},
		{"Syrian authorities blame armed gangs", "ACCUSE", []string{"SYR"}, []string{"IMG"}},
		{"Lavrov calls on the Arab world, the US and Europe", "REQUEST", []string{"RUS"}, []string{"ARB", "USA", "EUR"}},
		{"Carney: Russia must realize", "REQUEST", []string{"USA"}, []string{"RUS"}},
		{"the West tries to persuade Moscow", "REQUEST", []string{"WST"}, []string{"RUS"}},
		{"the West criticizes Moscow's draft", "ACCUSE", []string{"WST"}, []string{"RUS"}},
	} {
		found := false
		for _, e := range r.Events {
			if e.PLOVER.Type != w.plover {
				continue
			}
			a, rc := countriesOf(e.Actor), countriesOf(e.Recipient)
			ok := true
			for _, c := range w.actor {
				ok = ok && a[c]
			}
			for _, c := range w.recips {
				ok = ok && rc[c]
			}
			found = found || ok
		}
		if !found {
			t.Errorf("no %s event for %q (actors %v, recipients %v)", w.plover, w.name, w.actor, w.recips)
		}
	}
	veto := false
	for _, e := range r.Events {
		if (e.PLOVER.Type == "REJECT" || e.PLOVER.Type == "THREATEN") && countriesOf(e.Actor)["RUS"] && e.Modality.Future {
			veto = true
		}
	}
	if !veto {
		t.Error("no stated intent to veto (REJECT or THREATEN, future) by Russia")
	}

	wantQuotes := []struct{ start, speaker string }{
		{"Medvedev stressed", "RUSGOV"},
		{"That resolution", "RUSGOV"},
		{"We certainly condemn", "RUSGOV"},
		{"must realize", "USAGOV"},
	}
	speakerName := map[string]string{}
	for _, a := range r.Actors {
		speakerName[a.ID] = a.Name
	}
	wantSpeaker := []string{"press service", "Medvedev", "Putin", "Carney"}
	direct := 0
	for _, q := range r.Quotes {
		if q.Direct {
			direct++
		}
	}
	if direct != len(wantQuotes) {
		t.Errorf("%d direct quotes, want %d", direct, len(wantQuotes))
	}
	for i, w := range wantQuotes {
		found := false
		for _, q := range r.Quotes {
			if !q.Direct || !strings.HasPrefix(q.Text, w.start) {
				continue
			}
			found = true
			if q.Speaker == nil || q.Speaker.Actor == nil {
				t.Errorf("quote %q has no coded speaker", w.start)
				continue
			}
			if got := actorOf[*q.Speaker.Actor]; got != w.speaker {
				t.Errorf("quote %q speaker coded %s, want %s", w.start, got, w.speaker)
			}
			if name := speakerName[*q.Speaker.Actor]; !strings.Contains(name, wantSpeaker[i]) {
				t.Errorf("quote %q speaker is %q, want %s", w.start, name, wantSpeaker[i])
			}
		}
		if !found {
			t.Errorf("direct quote starting %q not found", w.start)
		}
	}
	scare := false
	for _, q := range r.Quotes {
		if q.Scare && strings.HasPrefix(q.Text, "Libyan scenario") {
			scare = true
			if q.Speaker != nil {
				t.Errorf("scare quote has a speaker")
			}
		}
	}
	if !scare {
		t.Errorf("\"Libyan scenario\" not marked as a scare quote")
	}
	killed, soldiers := false, false
	for _, c := range r.Counts {
		if c.Kind == "killed" && c.Count == 5400 && c.Qualifier == "at_least" && c.Source != nil && strings.Contains(c.Source.Text, "UN") {
			killed = true
		}
		if c.Kind == "killed" && c.Count == 2000 && c.Qualifier == "more_than" && c.Source != nil && strings.Contains(c.Source.Text, "Syrian authorities") {
			soldiers = true
		}
	}
	if !killed {
		t.Errorf("no count of at least 5,400 killed according to the UN")
	}
	if !soldiers {
		t.Errorf("no count of more than 2,000 soldiers and police killed according to Syrian authorities")
	}
}
