package actor_test

import (
	"testing"

	"github.com/dyad-events/dyad/internal/testdoc"
)

func TestActorCoding(t *testing.T) {
	tests := []struct {
		name, text, date string
		mention          string // entity text
		code, actorName  string
	}{
		{"demonym + title + name", "Russian President Dmitry Medvedev spoke.", "2012-02-08", "Russian President Dmitry Medvedev", "RUSGOV", "Dmitry Medvedev"},
		{"seat + title + name", "White House Spokesman John Doe spoke.", "2012-02-08", "White House Spokesman John Doe", "USAGOV", "John Doe"},
		{"possessive country + title", "Syria's foreign minister spoke.", "2012-02-08", "Syria's foreign minister", "SYRGOV", "Syria's foreign minister"},
		{"title for organisation", "A spokeswoman for the European Commission spoke.", "2012-02-08", "spokeswoman for the European Commission", "IGOEUREEC", "spokeswoman for the European Commission"},
		{"group noun with nationality", "Syrian authorities spoke.", "2012-02-08", "Syrian authorities", "SYRGOV", "Syrian authorities"},
		{"military sector", "Israeli soldiers fired.", "2012-02-08", "Israeli soldiers", "ISRMIL", "Israeli soldiers"},
		{"police sector", "Kenyan police fired.", "2012-02-08", "Kenyan police", "KENCOP", "Kenyan police"},
		{"dictionary office-holder on the date", "Prime Minister Vladimir Putin spoke.", "2012-02-08", "Prime Minister Vladimir Putin", "RUSGOV", "Vladimir Putin"},
		{"capital acting", "Moscow rejected the plan.", "2012-02-08", "Moscow", "RUSGOV", ""},
		{"seat of government", "The Kremlin rejected the plan.", "2012-02-08", "Kremlin", "RUSGOV", ""},
		{"international organisation", "The UN Security Council met.", "2012-02-08", "UN Security Council", "IGOUNO", ""},
		{"bloc", "The West rejected the plan.", "2012-02-08", "West", "WST", ""},
		{"armed group", "Al-Qaeda claimed the attack.", "2012-02-08", "Al-Qaeda", "IMGMUSALQ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := testdoc.Run(t, tc.text, tc.date)
			for _, e := range d.Entities {
				if d.Slice(e.Span) != tc.mention {
					continue
				}
				a := d.ActorByID(e.Actor)
				if a == nil {
					t.Fatalf("%q has no actor", tc.mention)
				}
				if a.Code != tc.code {
					t.Errorf("%q coded %s, want %s", tc.mention, a.Code, tc.code)
				}
				if tc.actorName != "" && a.Name != tc.actorName {
					t.Errorf("%q named %q, want %q", tc.mention, a.Name, tc.actorName)
				}
				return
			}
			var got []string
			for _, e := range d.Entities {
				got = append(got, d.Slice(e.Span))
			}
			t.Fatalf("no entity %q; entities: %q", tc.mention, got)
		})
	}
}

func TestCoreference(t *testing.T) {
	d := testdoc.Run(t, "Turkish Prime Minister Ali Demir met reporters. Demir said the talks went well. The Kremlin press service said the call was useful. The press service gave no details.", "2020-01-01")
	byText := map[string]string{}
	for _, e := range d.Entities {
		byText[d.Slice(e.Span)] = e.Actor
	}
	if a, b := byText["Turkish Prime Minister Ali Demir"], byText["Demir"]; a == "" || a != b {
		t.Errorf("surname not linked: %q vs %q", a, b)
	}
	if a, b := byText["Kremlin press service"], byText["press service"]; a == "" || a != b {
		t.Errorf("role not linked: %q vs %q", a, b)
	}
}

func TestNoActorForPlaces(t *testing.T) {
	d := testdoc.Run(t, "ANKARA, March 3 - Officials met in Ankara to discuss the Russian proposal.", "2020-03-04")
	for _, e := range d.Entities {
		switch d.Slice(e.Span) {
		case "ANKARA", "Ankara":
			if e.Actor != "" {
				t.Errorf("%q at %d has actor %s", d.Slice(e.Span), e.Start, e.Actor)
			}
		case "Russian":
			// A nationality adjective on a thing stands for its country.
			if a := d.ActorByID(e.Actor); a == nil || a.Code != "RUS" {
				t.Errorf("%q coded %+v, want RUS", d.Slice(e.Span), a)
			}
		}
	}
}

func TestDateAwareOffice(t *testing.T) {
	// The Phoenix dictionaries code Putin as government in 2012 but not in
	// 1995, when he held no national office.
	for _, tc := range []struct {
		date   string
		govern bool
	}{{"2012-02-08", true}, {"1995-06-01", false}} {
		d := testdoc.Run(t, "Vladimir Putin spoke.", tc.date)
		if len(d.Actors) == 0 {
			t.Fatalf("%s: no actor", tc.date)
		}
		if got := d.Actors[0].Code == "RUSGOV"; got != tc.govern {
			t.Errorf("%s: coded %s", tc.date, d.Actors[0].Code)
		}
	}
}

// TestNamesakes: the dictionaries list private figures and long-past
// office-holders under common names (a colonial governor of the Gilbert
// Islands in the 1970s is "John Smith" to a name matcher). Such a person
// is coded only in a story that names their country; a current or recent
// office-holder is coded anyway.
func TestNamesakes(t *testing.T) {
	for _, tc := range []struct {
		text, date, code string
	}{
		{"John Smith spoke in London.", "2005-03-01", ""},
		{"John Smith spoke about Kiribati.", "2005-03-01", "KIRELI"},
		{"John Smith spoke.", "1975-03-01", "KIRGOV"},
		{"Vladimir Putin spoke in London.", "2012-02-08", "RUSGOV"},
	} {
		d := testdoc.Run(t, tc.text, tc.date)
		got := ""
		for _, e := range d.Entities {
			if e.Type == "PERSON" && e.Actor != "" {
				got = d.ActorByID(e.Actor).Code
			}
		}
		if got != tc.code {
			t.Errorf("%q on %s: coded %q, want %q", tc.text, tc.date, got, tc.code)
		}
	}
}

// TestStanceWordPerson: a person entity opening with a stance word ("anti-
// Trump Republican John Kasich" tagged as one name) is read without it.
func TestStanceWordPerson(t *testing.T) {
	for _, text := range []string{
		"Anti-Kremlin Alexei Navalny spoke.",
		"The pro-Kremlin Vladimir Putin spoke.",
		"Pro-Europe Smith spoke.",
	} {
		testdoc.Run(t, text, "2012-02-08") // must not panic
	}
}
