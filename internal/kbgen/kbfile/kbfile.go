// Package kbfile defines dyad's knowledge base file: File is the in-memory
// schema, and Encode and Decode convert it to and from the compact binary
// format that the kbgen command writes and package kb reads (see format.go).
// Keeping the schema here lets both sides share it without the generator
// depending on the embedded data it produces.
package kbfile

// Version is the format version. Decode rejects files of another version;
// version 1 was gzip-compressed JSON.
const Version = 2

// File is the whole knowledge base.
type File struct {
	Version int `json:"version"`
	// Generated describes the sources the file was built from, one line each.
	Sources   []string  `json:"sources"`
	Countries []Country `json:"countries"`
	Names     []Name    `json:"names"`
	Persons   []Person  `json:"persons"`
	Nouns     []Noun    `json:"nouns"`
}

// Country is a country or territory keyed by ISO 3166-1 alpha-3.
type Country struct {
	A3       string  `json:"a3"`
	A2       string  `json:"a2"`
	Name     string  `json:"name"`               // short common name used in news
	ISOName  string  `json:"iso,omitempty"`      // iso-codes "name"
	Official string  `json:"official,omitempty"` // official long name
	GeoID    int     `json:"gid,omitempty"`      // GeoNames id of the country
	Capital  string  `json:"cap,omitempty"`
	CapGeoID int     `json:"capgid,omitempty"`
	Lat      float64 `json:"lat,omitempty"` // capital latitude
	Lon      float64 `json:"lon,omitempty"` // capital longitude
}

// Name is a named entity other than a dated person: a country name, a
// demonym, a capital, a seat of government, a bloc or region, an
// international or non-governmental organisation, or a group.
type Name struct {
	Kind string `json:"k"`
	// Name is the display name.
	Name string `json:"n"`
	// Forms are the surface forms, space-separated tokens, in the case they
	// are written (see package kb for how case is matched).
	Forms   []string `json:"f"`
	Country string   `json:"c,omitempty"`
	Sector  string   `json:"s,omitempty"`
	Code    string   `json:"code,omitempty"`
	Organ   string   `json:"organ,omitempty"`
	// Src is the rank of the source: 0 curated, 1 reference data
	// (iso-codes, factbook, GeoNames), 2 Phoenix dictionaries. Lower wins.
	Src int `json:"src,omitempty"`
}

// Person is a dated office-holder.
type Person struct {
	Name  string   `json:"n"`
	Forms []string `json:"f"` // lower case, space separated
	Codes []Code   `json:"r"`
}

// Code is one CAMEO code of a person, valid from From to To inclusive
// (YYYYMMDD integers; 0 means open). A code with both bounds 0 is the
// person's default code, used when no dated code covers a date.
type Code struct {
	Code string `json:"c"`
	From int    `json:"a,omitempty"`
	To   int    `json:"b,omitempty"`
}

// Noun is one entry of the sector lexicon.
type Noun struct {
	Lemma  string `json:"l"` // lower case, space separated
	Sector string `json:"s"`
	Title  bool   `json:"t,omitempty"`
	Group  bool   `json:"g,omitempty"`
	Src    int    `json:"src,omitempty"`
}

// Latest returns the most recent of a person's codes: the dated code with
// the latest end (an open end is latest), ties broken by the later start;
// the default code when there is no dated code. ok is false for no codes.
func Latest(codes []Code) (c Code, ok bool) {
	end := func(c Code) int {
		if c.To == 0 {
			return 99999999
		}
		return c.To
	}
	for _, x := range codes {
		if x.From == 0 && x.To == 0 {
			continue
		}
		if !ok || end(x) > end(c) || (end(x) == end(c) && x.From > c.From) {
			c, ok = x, true
		}
	}
	if ok {
		return c, true
	}
	for _, x := range codes {
		return x, true
	}
	return Code{}, false
}

// SplitCode splits a CAMEO code into its root (country, IGO, NGO, IMG...) and
// the first three-letter role after it. A bare role code such as "ELI" has no
// root.
func SplitCode(code string) (root, sector string) {
	if SectorCodes[code] {
		return "", code
	}
	if len(code) >= 3 {
		root = code[:3]
	}
	if len(code) >= 6 {
		sector = code[3:6]
	}
	return root, sector
}

// SectorCodes are the CAMEO role codes, which the dictionaries also use
// without a country.
var SectorCodes = map[string]bool{"GOV": true, "MIL": true, "COP": true, "REB": true, "OPP": true,
	"CVL": true, "JUD": true, "LEG": true, "PTY": true, "MED": true, "BUS": true, "SPY": true,
	"HLH": true, "EDU": true, "LAB": true, "ELI": true, "INS": true, "UAF": true, "REF": true,
	"CRM": true, "AGR": true, "ENV": true, "HRI": true, "DEV": true, "REL": true, "MOD": true, "RAD": true}
