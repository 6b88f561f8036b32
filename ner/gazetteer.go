package ner

import (
	"archive/zip"
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/data"
	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
)

// Gazetteer categories.
const (
	GazCity      = 1 << iota // a GeoNames city of 15,000 people or more
	GazRegion                // a GeoNames first-level administrative region
	GazFirstName             // the first word of a KB person's name
	GazLastName              // the last word of a KB person's name
)

// Gazetteer maps names (space-separated tokens, as written) to category
// bits. It complements the knowledge base with place names and with the
// words person names are made of.
type Gazetteer map[string]uint8

// BuildGazetteer builds the gazetteer from GeoNames (cities15000.zip and
// regionInfo.tsv in geonamesDir: the name and ASCII name of each place) and
// the person names of the embedded knowledge base. Words in capitals are
// looked up in title case, for headlines.
func BuildGazetteer(geonamesDir string) (Gazetteer, error) {
	g := Gazetteer{}
	add := func(name string, bit uint8) {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" || !isCapitalised(name) {
			return
		}
		g[name] |= bit
	}
	zr, err := zip.OpenReader(filepath.Join(geonamesDir, "cities15000.zip"))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			fs := strings.Split(sc.Text(), "\t")
			if len(fs) > 2 {
				add(fs[1], GazCity)
				add(fs[2], GazCity)
			}
		}
		rc.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	rb, err := os.ReadFile(filepath.Join(geonamesDir, "regionInfo.tsv"))
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(rb), "\n") {
		fs := strings.Split(line, "\t")
		if len(fs) > 2 && !strings.HasPrefix(line, "#") {
			add(fs[1], GazRegion)
			add(fs[2], GazRegion)
		}
	}
	// Person name words from the knowledge base.
	kf, err := kbfile.Decode(data.KB)
	if err != nil {
		return nil, fmt.Errorf("ner: read the knowledge base: %w", err)
	}
	for _, p := range kf.Persons {
		ws := strings.Fields(p.Name)
		if len(ws) < 2 {
			continue
		}
		if isName(ws[0]) {
			add(ws[0], GazFirstName)
		}
		if l := ws[len(ws)-1]; isName(l) {
			add(l, GazLastName)
		}
	}
	return g, nil
}

// isName reports a capitalised word of letters, at least two long.
func isName(w string) bool {
	if utf8.RuneCountInString(w) < 2 || !isCapitalised(w) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return true
}

// gazIndex is a Gazetteer ready for matching: names maps each name to its
// category bits, and each first word of a longer name to the length of the
// longest (in words) shifted left by 4.
type gazIndex struct {
	names map[string]uint8
}

func newGazIndex(g Gazetteer) *gazIndex {
	if len(g) == 0 {
		return nil
	}
	x := &gazIndex{names: make(map[string]uint8, len(g)+len(g)/4)}
	for name, bits := range g {
		x.names[name] |= bits & 0x0f
	}
	for name := range g {
		first, _, multi := strings.Cut(name, " ")
		if !multi {
			continue
		}
		n := uint8(min(strings.Count(name, " ")+1, 15))
		if v := x.names[first]; v>>4 < n {
			x.names[first] = v&0x0f | n<<4
		}
	}
	return x
}

// lookup returns the category bits of a single word, trying title case for
// a word in capitals.
func (x *gazIndex) lookup(w string) uint8 {
	if v, ok := x.names[w]; ok {
		return v
	}
	if len(w) > 1 && isAllCaps(w) {
		return x.names[titleCase(w)]
	}
	return 0
}

// match returns the category bits and length of the longest name at
// words[i]. Words in capitals are matched in title case.
func (x *gazIndex) match(words []string, i int) (uint8, int) {
	v, ok := x.names[words[i]]
	caps := false
	if !ok && isAllCaps(words[i]) {
		caps = true
		v, ok = x.names[titleCase(words[i])]
	}
	if !ok {
		return 0, 0
	}
	for n := min(int(v>>4), len(words)-i); n >= 2; n-- {
		parts := words[i : i+n]
		if caps {
			parts = make([]string, n)
			for j, w := range words[i : i+n] {
				parts[j] = titleCase(w)
			}
		}
		if bits, ok := x.names[strings.Join(parts, " ")]; ok && bits&0x0f != 0 {
			return bits & 0x0f, n
		}
	}
	if v&0x0f != 0 {
		return v & 0x0f, 1
	}
	return 0, 0
}

func isAllCaps(w string) bool {
	up := false
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			up = true
		}
	}
	return up
}

// titleCase writes a word in capitals as "Title".
func titleCase(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(r) + strings.ToLower(w[size:])
}

func (g Gazetteer) sorted() []string {
	ks := make([]string, 0, len(g))
	for k := range g {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// gazetteer returns the names with their category bits.
func (x *gazIndex) gazetteer() Gazetteer {
	g := make(Gazetteer, len(x.names))
	for name, v := range x.names {
		if v&0x0f != 0 {
			g[name] = v & 0x0f
		}
	}
	return g
}
