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
