package geo_test

import (
	"testing"

	"github.com/dyad-events/dyad/internal/testdoc"
)

func TestPlacesAndLocations(t *testing.T) {
	d := testdoc.Run(t, "Kenyan police arrested protesters in Nairobi. Moscow rejected the plan. Egyptian troops attacked rebels in Libya.", "2021-06-09")
	places := map[string]string{}
	for _, p := range d.Places {
		places[d.Slice(p.Span)] = p.Feature
		if p.GeonameID == 0 || p.Country == "" {
			t.Errorf("place %q lacks gazetteer data: %+v", d.Slice(p.Span), p)
		}
		if p.Feature == "PPLC" && !p.HasCoord {
			t.Errorf("capital %q has no coordinates", d.Slice(p.Span))
		}
	}
	if places["Nairobi"] != "PPLC" || places["Libya"] != "PCLI" {
		t.Errorf("places %v, want Nairobi (PPLC) and Libya (PCLI)", places)
	}
	if _, ok := places["Moscow"]; ok {
		t.Errorf("Moscow acts in an event: it is an actor, not a place")
	}
	locs := map[string]string{}
	for _, e := range d.Events {
		if e.Location != nil {
			locs[d.Slice(e.Trigger)] = e.Location.Name + "/" + e.Location.Resolution
		}
	}
	if locs["arrested"] != "Nairobi/city" || locs["attacked"] != "Libya/country" {
		t.Errorf("event locations %v", locs)
	}
}

// TestDisambiguation resolves ambiguous names by what the story says.
func TestDisambiguation(t *testing.T) {
	for _, tc := range []struct {
		text, mention, country, admin1 string
	}{
		{"A woman from Alexandria, La., was charged with arson.", "Alexandria", "USA", "Louisiana"},
		{"Security forces in Alexandria fired on protesters, Egyptian officials said.", "Alexandria", "EGY", ""},
		{"The Illinois library board met in Paris to plan a workshop for residents of Paris.", "Paris", "USA", "Illinois"},
		{"Leaders met in Paris before flying on to Berlin and Rome.", "Paris", "FRA", ""},
		{"Deputies searched a farm in Laurel County on Tuesday.", "Laurel County", "USA", "Kentucky"},
		{"Police in Charleston, W.Va., arrested two men.", "Charleston", "USA", "West Virginia"},
		{"The storm hit Ontario and Quebec before reaching Toronto.", "Ontario", "CAN", "Ontario"},
	} {
		d := testdoc.Run(t, tc.text, "2021-06-09")
		found := false
		for _, p := range d.Places {
			if d.Slice(p.Span) != tc.mention {
				continue
			}
			found = true
			if p.Country != tc.country || (tc.admin1 != "" && p.Admin1 != tc.admin1) {
				t.Errorf("%q: %q resolved to %s / %s, want %s / %s", tc.text, tc.mention, p.Country, p.Admin1, tc.country, tc.admin1)
			}
		}
		if !found {
			var got []string
			for _, p := range d.Places {
				got = append(got, d.Slice(p.Span))
			}
			t.Errorf("%q: no place %q; places %q", tc.text, tc.mention, got)
		}
	}
}

// TestNotPlaces: demonyms, compass regions and a capital that acts are not
// places.
func TestNotPlaces(t *testing.T) {
	d := testdoc.Run(t, "Russian officials said the Northwest was calm. Moscow rejected the plan.", "2021-06-09")
	for _, p := range d.Places {
		t.Errorf("unexpected place %q", d.Slice(p.Span))
	}
}

// TestStoryLocation: an event with no place of its own takes the one
// country the story's places name.
func TestStoryLocation(t *testing.T) {
	d := testdoc.Run(t, "Floods struck Kenya this week. Kenyan police arrested 12 protesters on Monday.", "2021-06-09")
	for _, e := range d.Events {
		if e.Location == nil || e.Location.Country != "KEN" || e.Location.Resolution != "country" {
			t.Errorf("event %q location %+v, want Kenya at country resolution", d.Slice(e.Trigger), e.Location)
		}
	}
	if len(d.Events) == 0 {
		t.Fatal("no event")
	}
}
