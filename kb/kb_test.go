package kb

import (
	"strings"
	"testing"
	"time"
)

func mustLoad(t testing.TB) *KB {
	t.Helper()
	k, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestLoadTime(t *testing.T) {
	start := time.Now()
	k, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Load: %v; entries by kind: %v", time.Since(start), k.Stats())
}

func TestMatch(t *testing.T) {
	k := mustLoad(t)
	tests := []struct {
		text    string
		kind    Kind
		country string
		sector  string
		code    string
		n       int
	}{
		{"Russia", KindCountry, "RUS", "", "RUS", 1},
		{"Russian", KindDemonym, "RUS", "", "RUS", 1},
		{"Russians", KindDemonym, "RUS", "", "RUS", 1},
		{"Moscow", KindCapital, "RUS", "", "RUS", 1},
		{"the Kremlin said", KindSeat, "RUS", "GOV", "RUSGOV", 2},
		{"Kremlin", KindSeat, "RUS", "GOV", "RUSGOV", 1},
		{"Turkish", KindDemonym, "TUR", "", "TUR", 1},
		{"Turkey", KindCountry, "TUR", "", "TUR", 1},
		{"Türkiye", KindCountry, "TUR", "", "TUR", 1},
		{"Ankara", KindCapital, "TUR", "", "TUR", 1},
		{"the United States", KindCountry, "USA", "", "USA", 3},
		{"United States", KindCountry, "USA", "", "USA", 2},
		{"U.S.", KindCountry, "USA", "", "USA", 1},
		{"US", KindCountry, "USA", "", "USA", 1},
		{"American", KindDemonym, "USA", "", "USA", 1},
		{"Washington", KindCapital, "USA", "", "USA", 1},
		{"the White House", KindSeat, "USA", "GOV", "USAGOV", 3},
		{"Pentagon", KindSeat, "USA", "MIL", "USAMIL", 1},
		{"Syria", KindCountry, "SYR", "", "SYR", 1},
		{"Syrian", KindDemonym, "SYR", "", "SYR", 1},
		{"Damascus", KindCapital, "SYR", "", "SYR", 1},
		{"Britain", KindCountry, "GBR", "", "GBR", 1},
		{"British", KindDemonym, "GBR", "", "GBR", 1},
		{"London", KindCapital, "GBR", "", "GBR", 1},
		{"Downing Street", KindSeat, "GBR", "GOV", "GBRGOV", 2},
		{"the Elysee", KindSeat, "FRA", "GOV", "FRAGOV", 2},
		{"Élysée", KindSeat, "FRA", "GOV", "FRAGOV", 1},
		{"Ivorian", KindDemonym, "CIV", "", "CIV", 1},
		{"Emirati", KindDemonym, "ARE", "", "ARE", 1},
		{"the West", KindRegion, "WST", "", "WST", 2},
		{"the Arab world", KindRegion, "ARB", "", "ARB", 3},
		{"UN Security Council", KindIGO, "IGO", "UNO", "IGOUNO", 3},
		{"the United Nations", KindIGO, "IGO", "UNO", "IGOUNO", 3},
		{"European Union", KindIGO, "IGO", "EUR", "IGOEUREEC", 2},
		{"NATO", KindIGO, "IGO", "WST", "IGOWSTNAT", 1},
		{"al-Qaeda", KindGroup, "IMG", "MUS", "IMGMUSALQ", 1},
		{"al - Qaeda", KindGroup, "IMG", "MUS", "IMGMUSALQ", 3},
		{"al-Qaida", KindGroup, "IMG", "MUS", "IMGMUSALQ", 1},
		{"al Qaeda", KindGroup, "IMG", "MUS", "IMGMUSALQ", 2},
		{"Hamas", KindGroup, "PSE", "REB", "PSEREBHMS", 1},
		{"the Taliban", KindGroup, "AFG", "REB", "AFGREB", 2},
		{"Russia's", KindCountry, "RUS", "", "RUS", 1},
		{"RUSSIA", KindCountry, "RUS", "", "RUS", 1},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.text)
		e, n, ok := k.Match(words, 0)
		if !ok {
			t.Errorf("%q: no match", tt.text)
			continue
		}
		if e.Kind != tt.kind || e.Country != tt.country || e.Sector != tt.sector || e.Code != tt.code || n != tt.n {
			t.Errorf("%q: got %v %s/%s %s n=%d (%q), want %v %s/%s %s n=%d",
				tt.text, e.Kind, e.Country, e.Sector, e.Code, n, e.Name, tt.kind, tt.country, tt.sector, tt.code, tt.n)
		}
	}
	if e, _, _ := k.Match([]string{"UN", "Security", "Council"}, 0); e.Organ != "Security Council" {
		t.Errorf("UN Security Council organ = %q", e.Organ)
	}
}

func TestMatchCase(t *testing.T) {
	k := mustLoad(t)
	for _, text := range []string{"us", "Who", "the", "russia", "turkey", "said"} {
		if e, n, ok := k.Match(strings.Fields(text), 0); ok {
			t.Errorf("%q matched %v %q (n=%d)", text, e.Kind, e.Name, n)
		}
	}
	if e, _, ok := k.Match([]string{"WHO"}, 0); !ok || e.Code != "IGOUNOHLHWHO" {
		t.Errorf("WHO: got %+v %v", e, ok)
	}
	// "the" is not taken by a demonym.
	if _, _, ok := k.Match([]string{"the", "Russian", "president"}, 0); ok {
		t.Errorf("the Russian: matched at the article")
	}
}

func TestPerson(t *testing.T) {
	k := mustLoad(t)
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name string
		on   string
		code string
		ok   bool
	}{
		{"Medvedev", "2012-02-15", "RUSGOV", true},
		{"Dmitry Medvedev", "2012-02-15", "RUSGOV", true},
		{"Vladimir Putin", "2012-06-01", "RUSGOV", true},
		{"Putin", "2012-06-01", "RUSGOV", true},
		// The dictionary has Putin as RUSELI (elite) until August 1999.
		{"Vladimir Putin", "1995-06-01", "RUSELI", true},
		{"Putin", "", "RUSGOV", true},
		{"Nobody Inparticular", "2012-01-01", "", false},
	}
	for _, tt := range tests {
		var on time.Time
		if tt.on != "" {
			on = day(tt.on)
		}
		e, ok := k.Person(tt.name, on)
		if ok != tt.ok || e.Code != tt.code {
			t.Errorf("Person(%q, %s) = %q %v, want %q %v", tt.name, tt.on, e.Code, ok, tt.code, tt.ok)
			continue
		}
		if ok && (e.Kind != KindPerson || e.Country != tt.code[:3]) {
			t.Errorf("Person(%q): entry %+v", tt.name, e)
		}
	}
	if e, ok := k.Person("Putin", day("1995-06-01")); ok && e.Code == "RUSGOV" {
		t.Errorf("Putin 1995 is RUSGOV")
	}
}

func TestNoun(t *testing.T) {
	k := mustLoad(t)
	tests := []struct {
		lemma  string
		sector string
		title  bool
		group  bool
	}{
		{"spokesman", "GOV", true, false},
		{"soldiers", "MIL", false, true},
		{"police", "COP", false, true},
		{"foreign minister", "GOV", true, false},
		{"security forces", "MIL", false, true},
		{"press service", "GOV", false, true},
		{"rebels", "REB", false, true},
		{"judge", "JUD", true, false},
		{"protesters", "CVL", false, true},
		{"journalists", "MED", false, true},
	}
	for _, tt := range tests {
		ni, ok := k.Noun(tt.lemma)
		if !ok || ni.Sector != tt.sector || ni.Title != tt.title || ni.Group != tt.group {
			t.Errorf("Noun(%q) = %+v %v, want %s title=%v group=%v", tt.lemma, ni, ok, tt.sector, tt.title, tt.group)
		}
	}
	ni, n, ok := k.MatchNoun([]string{"Foreign", "Minister", "Sergei", "Lavrov"}, 0)
	if !ok || n != 2 || ni.Sector != "GOV" || !ni.Title {
		t.Errorf("MatchNoun(foreign minister) = %+v %d %v", ni, n, ok)
	}
}

func TestCountry(t *testing.T) {
	k := mustLoad(t)
	for _, code := range []string{"RUS", "RU"} {
		c, ok := k.Country(code)
		if !ok || c.A3 != "RUS" || c.A2 != "RU" || c.Capital != "Moscow" || c.CapitalGeoID == 0 || c.GeoID == 0 {
			t.Fatalf("Country(%s) = %+v %v", code, c, ok)
		}
		if c.Lat < 55 || c.Lat > 56 || c.Lon < 37 || c.Lon > 38 {
			t.Errorf("Moscow at %v,%v", c.Lat, c.Lon)
		}
	}
	if c, _ := k.Country("SYR"); c.Name != "Syria" {
		t.Errorf("SYR name %q", c.Name)
	}
	if c, _ := k.Country("TUR"); c.Capital != "Ankara" {
		t.Errorf("TUR capital %q", c.Capital)
	}
	if _, ok := k.Country("XXX"); ok {
		t.Error("XXX found")
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	k := mustLoad(b)
	words := strings.Fields("On Tuesday the Kremlin said that the United States and al-Qaeda had met the UN Security Council in Damascus , Russian officials said .")
	b.ResetTimer()
	for b.Loop() {
		for i := range words {
			k.Match(words, i)
		}
	}
}
