package geo

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/dyad-events/dyad/data"
	"github.com/dyad-events/dyad/geo/gazfile"
)

// Level is the resolution of a gazetteer entry.
type Level uint8

// Levels of gazetteer entries.
const (
	City Level = iota
	Admin1
	Country
	Admin2
)

// String returns "city", "admin1", "country" or "admin2".
func (l Level) String() string { return [...]string{"city", "admin1", "country", "admin2"}[l] }

// Gazetteer finds places by name. It is read-only once loaded and safe for
// concurrent use.
type Gazetteer struct {
	f      *gazfile.File
	np, na int32
	a3     map[string]int // country alpha-3 -> index
	a1     map[string]int // admin1 code -> index
}

// Entry is one gazetteer entry: a place, a division or a country.
type Entry struct {
	Ref        int32
	Level      Level
	Name       string
	Country    string // ISO alpha-3
	Admin1     string // the division's name ("" for a country)
	Admin1Code string // "US.LA"
	GeoID      int
	Lat, Lon   float64
	Population int64
	Feature    string
}

// LoadGazetteer decodes a gazetteer file (see package geo/gazfile).
func LoadGazetteer(b []byte) (*Gazetteer, error) {
	f, err := gazfile.Decode(b)
	if err != nil {
		return nil, err
	}
	g := &Gazetteer{f: f, np: int32(len(f.Places.GeoID)), na: int32(len(f.Admin1)),
		a3: map[string]int{}, a1: map[string]int{}}
	for i, c := range f.Countries {
		g.a3[c.A3] = i
	}
	for i, a := range f.Admin1 {
		g.a1[a.Code] = i
	}
	return g, nil
}

var defaultGaz = sync.OnceValues(func() (*Gazetteer, error) {
	g, err := LoadGazetteer(data.Gaz)
	if err != nil {
		return nil, fmt.Errorf("embedded gazetteer: %w", err)
	}
	return g, nil
})

// DefaultGazetteer returns the embedded gazetteer, loaded on first use and
// shared.
func DefaultGazetteer() (*Gazetteer, error) { return defaultGaz() }

// Len returns the number of entries: places, divisions and countries.
func (g *Gazetteer) Len() int {
	return int(g.np + g.na + int32(len(g.f.Countries)) + int32(len(g.f.Admin2)))
}

// Lookup returns the entries a name may refer to, the most populous first.
func (g *Gazetteer) Lookup(name string) []Entry {
	refs := g.refs(gazfile.Fold(name))
	out := make([]Entry, 0, len(refs))
	for _, r := range refs {
		out = append(out, g.Entry(r))
	}
	return out
}

// refs returns the refs of a folded name, by binary search over the
// sorted keys.
func (g *Gazetteer) refs(key string) []int32 {
	n := len(g.f.KeyEnd)
	i := sort.Search(n, func(i int) bool { return g.f.Key(i) >= key })
	if i < n && g.f.Key(i) == key {
		return g.f.Refs(i)
	}
	return nil
}

// Entry returns the entry of ref r.
func (g *Gazetteer) Entry(r int32) Entry {
	f := g.f
	switch {
	case r < g.np:
		p := &f.Places
		c := f.Countries[p.Country[r]]
		e := Entry{Ref: r, Level: City, Name: p.PlaceName(int(r)), Country: c.A3, GeoID: int(p.GeoID[r]),
			Lat: float64(p.Lat[r]) / 1e4, Lon: float64(p.Lon[r]) / 1e4, Population: int64(p.Population[r]),
			Feature: p.Features[p.Feature[r]]}
		if a := p.Admin1[r]; a >= 0 {
			e.Admin1, e.Admin1Code = f.Admin1[a].Name, f.Admin1[a].Code
		}
		return e
	case r < g.np+g.na:
		a := f.Admin1[r-g.np]
		c := f.Countries[a.Country]
		return Entry{Ref: r, Level: Admin1, Name: a.Name, Country: c.A3, Admin1: a.Name, Admin1Code: a.Code, GeoID: int(a.GeoID),
			Lat: float64(a.Lat) / 1e4, Lon: float64(a.Lon) / 1e4, Population: a.Population, Feature: "ADM1"}
	}
	if nc := int32(len(f.Countries)); r >= g.np+g.na+nc {
		a := f.Admin2[r-g.np-g.na-nc]
		s := f.Admin1[a.Admin1]
		c := f.Countries[s.Country]
		return Entry{Ref: r, Level: Admin2, Name: a.Name, Country: c.A3, Admin1: s.Name, Admin1Code: s.Code,
			Lat: float64(a.Lat) / 1e4, Lon: float64(a.Lon) / 1e4, Population: countyPopulation, Feature: "ADM2"}
	}
	c := f.Countries[r-g.np-g.na]
	return Entry{Ref: r, Level: Country, Name: c.Name, Country: c.A3, GeoID: int(c.GeoID),
		Lat: float64(c.Lat) / 1e4, Lon: float64(c.Lon) / 1e4, Population: c.Population, Feature: "PCLI"}
}

// countyPopulation is the population a second-level division scores with
// when the source gives none: that of a middling US county.
const countyPopulation = 25000

// CountryEntry returns the entry of the country with ISO alpha-3 code a3.
func (g *Gazetteer) CountryEntry(a3 string) (Entry, bool) {
	i, ok := g.a3[a3]
	if !ok {
		return Entry{}, false
	}
	return g.Entry(g.np + g.na + int32(i)), true
}

// Distance returns the great-circle distance between two points in
// kilometres.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := (lat2-lat1)*math.Pi/180, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// CountryByName returns the ISO alpha-3 code of a country named as
// GeoNames names it ("United States"), or "".
func (g *Gazetteer) CountryByName(name string) string {
	for _, e := range g.Lookup(name) {
		if e.Level == Country {
			return e.Country
		}
	}
	return ""
}

// Admin1ByCode returns the division with GeoNames code code ("US.LA").
func (g *Gazetteer) Admin1ByCode(code string) (Entry, bool) {
	i, ok := g.a1[code]
	if !ok {
		return Entry{}, false
	}
	return g.Entry(g.np + int32(i)), true
}
