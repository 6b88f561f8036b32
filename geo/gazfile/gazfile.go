// Package gazfile defines the gazetteer file that internal/geogen writes and
// package geo reads: countries, first-level administrative divisions and
// populated places from GeoNames, with the names they are matched by. The
// file is gob-encoded and gzip-compressed; the same data encodes to the same
// bytes.
package gazfile

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Version is the format version Encode writes and Decode accepts.
const Version = 1

// File is the whole gazetteer.
type File struct {
	Version int
	// Source describes the data and how it was built.
	Source    []string
	Countries []Country
	Admin1    []Admin1
	// Admin2 are second-level divisions where a source gives them (US
	// counties).
	Admin2 []Admin2
	// Places are populated places, as columns of equal length.
	Places Places
	// Names maps folded names (see Fold) to entries: the sorted keys
	// concatenated in KeyText, key i ending at KeyEnd[i]; its refs are
	// RefFlat[RefEnd[i-1]:RefEnd[i]], best known first. A ref r <
	// len(Places.GeoID) is a place; then come the Admin1 entries, then the
	// countries, then the Admin2 entries. (Flat columns decode without an allocation per name.)
	KeyText string
	KeyEnd  []uint32
	RefFlat []int32
	RefEnd  []uint32
}

// Key returns name key i.
func (f *File) Key(i int) string {
	a := uint32(0)
	if i > 0 {
		a = f.KeyEnd[i-1]
	}
	return f.KeyText[a:f.KeyEnd[i]]
}

// Refs returns the refs of name key i.
func (f *File) Refs(i int) []int32 {
	a := uint32(0)
	if i > 0 {
		a = f.RefEnd[i-1]
	}
	return f.RefFlat[a:f.RefEnd[i]]
}

// PlaceName returns the name of place i.
func (p *Places) PlaceName(i int) string {
	a := uint32(0)
	if i > 0 {
		a = p.NameEnd[i-1]
	}
	return p.NameText[a:p.NameEnd[i]]
}

// Country is a country or territory.
type Country struct {
	A2, A3, Name string
	GeoID        int32
	// Lat and Lon are the mean of the country's places, in degrees × 1e4.
	Lat, Lon   int32
	Population int64
}

// Admin1 is a first-level administrative division ("Louisiana",
// "Punjab").
type Admin1 struct {
	// Code is GeoNames' "CC.CODE" ("US.LA").
	Code, Name string
	GeoID      int32
	Country    uint16 // index into Countries
	Lat, Lon   int32  // mean of its places, degrees × 1e4
	Population int64  // sum of its places' populations
}

// Admin2 is a second-level division ("Laurel County", Kentucky).
type Admin2 struct {
	// ID is the source's code (a US county's FIPS code).
	ID, Name string
	Admin1   int32 // index into Admin1
	Lat, Lon int32 // centroid, degrees × 1e4
}

// Places holds the populated places column-wise.
type Places struct {
	GeoID []int32
	// NameText holds the names concatenated, place i's ending at
	// NameEnd[i].
	NameText   string
	NameEnd    []uint32
	Lat, Lon   []int32 // degrees × 1e4
	Population []uint32
	Country    []uint16 // index into Countries
	Admin1     []int32  // index into Admin1, or -1
	Feature    []uint8  // index into Features
	Features   []string // GeoNames feature codes (PPL, PPLA, PPLC...)
}

// Encode writes f, gzip-compressed.
func Encode(w io.Writer, f *File) error {
	f.Version = Version
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(zw).Encode(f); err != nil {
		return fmt.Errorf("gazfile: encode: %w", err)
	}
	return zw.Close()
}

// Decode reads a file Encode wrote.
func Decode(b []byte) (*File, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gazfile: %w", err)
	}
	var f File
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("gazfile: decode: %w", err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("gazfile: version %d, want %d", f.Version, Version)
	}
	n := len(f.Places.GeoID)
	p := f.Places
	if len(p.NameEnd) != n || len(p.Lat) != n || len(p.Lon) != n || len(p.Population) != n || len(p.Country) != n || len(p.Admin1) != n || len(p.Feature) != n {
		return nil, fmt.Errorf("gazfile: place columns of different lengths")
	}
	if len(f.KeyEnd) != len(f.RefEnd) {
		return nil, fmt.Errorf("gazfile: %d keys, %d ref lists", len(f.KeyEnd), len(f.RefEnd))
	}
	if !ends(f.KeyEnd, len(f.KeyText)) || !ends(f.RefEnd, len(f.RefFlat)) || !ends(p.NameEnd, len(p.NameText)) {
		return nil, fmt.Errorf("gazfile: bad offsets")
	}
	total := int32(n + len(f.Admin1) + len(f.Countries) + len(f.Admin2))
	for _, a := range f.Admin2 {
		if a.Admin1 < 0 || a.Admin1 >= int32(len(f.Admin1)) {
			return nil, fmt.Errorf("gazfile: second-level division %q outside the divisions", a.Name)
		}
	}
	for _, r := range f.RefFlat {
		if r < 0 || r >= total {
			return nil, fmt.Errorf("gazfile: ref %d out of range", r)
		}
	}
	for _, a := range p.Admin1 {
		if a >= int32(len(f.Admin1)) {
			return nil, fmt.Errorf("gazfile: division %d out of range", a)
		}
	}
	for _, c := range p.Country {
		if int(c) >= len(f.Countries) {
			return nil, fmt.Errorf("gazfile: country %d out of range", c)
		}
	}
	for _, x := range p.Feature {
		if int(x) >= len(p.Features) {
			return nil, fmt.Errorf("gazfile: feature %d out of range", x)
		}
	}
	return &f, nil
}

// ends reports whether offsets never decrease and stay within n.
func ends(e []uint32, n int) bool {
	prev := uint32(0)
	for _, x := range e {
		if x < prev || int(x) > n {
			return false
		}
		prev = x
	}
	return len(e) == 0 || int(e[len(e)-1]) == n
}

// Fold is the matching key of a place name: lower case, without
// diacritics, typographic apostrophes straight, runs of spaces single,
// periods dropped ("St. Louis" and "st louis" fold alike).
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = strings.NewReplacer("’", "'", "‘", "'", "‐", "-", "‑", "-").Replace(s)
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if out, _, err := transform.String(t, s); err == nil {
			s = out
		}
	}
	s = strings.ReplaceAll(strings.ToLower(s), ".", "")
	return strings.Join(strings.Fields(s), " ")
}
