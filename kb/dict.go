package kb

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
)

// Dict is a user dictionary laid over a knowledge base by With: names,
// persons and nouns the data lacks or that should read otherwise.
type Dict struct {
	// Source names the dictionary in errors and in Sources; it must not be
	// empty.
	Source  string
	Names   []DictName
	Persons []DictPerson
	Nouns   []DictNoun
}

// DictName is a named entity of a Dict. Its Entry's Country and Sector
// are derived from Code as for the data: the root and the role after it.
type DictName struct {
	// Kind is one of KindCountry to KindOrg.
	Kind Kind
	// Name is the display name; empty, the first form.
	Name string
	// Forms are the surface forms in their written case, which Match checks
	// as for the data ("UN" only in capitals); empty, Name alone.
	Forms []string
	// Code is a CAMEO-style code: letters and digits in groups of three,
	// such as "RUS", "RUSGOV" or "IGOUNO".
	Code string
	// Organ is a body within an organisation, or "".
	Organ string
}

// DictPerson is a dated office-holder of a Dict.
type DictPerson struct {
	// Name is the display name; empty, the first form.
	Name string
	// Forms are the name variants Match and Person find ("Recep Tayyip
	// Erdogan", "Erdogan"), compared without case; Match wants each word
	// capitalised but particles such as "al" and "bin". Empty, Name alone.
	Forms []string
	// Codes are the person's codes; at least one.
	Codes []DatedCode
}

// DatedCode is a code valid from From to To inclusive, as YYYYMMDD
// integers with 0 for an open bound. A code with both bounds 0 is the
// person's default code, used when no dated code covers a date.
type DatedCode struct {
	Code     string
	From, To int
}

// DictNoun is an entry of the sector lexicon. It overrides the data's
// reading of the same lemma.
type DictNoun struct {
	// Lemma is the noun, one or more words, matched in lower case.
	Lemma string
	// Sector is a three-letter sector code: GOV, MIL, COP...
	Sector string
	Title  bool
	Group  bool
}

// With returns a knowledge base made of k and the dictionaries, leaving k
// unchanged (both remain safe for concurrent use). The dictionaries' entries
// take precedence over k's: for a form that both have, MatchAll lists the
// dictionaries' entries first and Match returns the first (the longest
// match still wins over a shorter one); Person prefers a dictionary's
// person of the same name variant whenever it has a code for the date; a
// dictionary's noun replaces the lexicon's. Later dictionaries take
// precedence over earlier ones, so k.With(a, b) is k.With(a).With(b).
// Sources lists each dictionary's Source after k's sources.
//
// With checks every entry and reports the first problem, naming the
// dictionary and the entry. It rebuilds the matching structures, which
// takes about as long as Load.
func (k *KB) With(dicts ...*Dict) (*KB, error) {
	if len(dicts) == 0 {
		return k, nil
	}
	files := make([]*kbfile.File, 0, len(dicts)+len(k.files))
	for i := len(dicts) - 1; i >= 0; i-- {
		f, err := dicts[i].file(i)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return build(append(files, k.files...)), nil
}

// file checks a dictionary and converts it to the data's schema.
func (d *Dict) file(i int) (*kbfile.File, error) {
	if d == nil {
		return nil, fmt.Errorf("kb: dictionary %d is nil", i+1)
	}
	if strings.TrimSpace(d.Source) == "" {
		return nil, fmt.Errorf("kb: dictionary %d has no Source", i+1)
	}
	f := &kbfile.File{Version: kbfile.Version, Sources: []string{d.Source}}
	fail := func(section string, j int, name string, forms []string, err error) error {
		return fmt.Errorf("kb: dictionary %q: %s[%d] %q: %w", d.Source, section, j, nameOr(name, firstOr(forms, "")), err)
	}
	for j, n := range d.Names {
		if n.Kind < KindCountry || n.Kind > KindOrg {
			return nil, fail("Names", j, n.Name, n.Forms, fmt.Errorf("kind %q is not a name kind (KindCountry to KindOrg)", n.Kind.String()))
		}
		forms, err := normForms(n.Name, n.Forms, false)
		if err != nil {
			return nil, fail("Names", j, n.Name, n.Forms, err)
		}
		if err := checkCode(n.Code); err != nil {
			return nil, fail("Names", j, n.Name, n.Forms, err)
		}
		root, sector := kbfile.SplitCode(n.Code)
		f.Names = append(f.Names, kbfile.Name{Kind: n.Kind.String(), Name: nameOr(n.Name, forms[0]),
			Forms: forms, Country: root, Sector: sector, Code: n.Code, Organ: strings.TrimSpace(n.Organ)})
	}
	for j, p := range d.Persons {
		forms, err := normForms(p.Name, p.Forms, true)
		if err != nil {
			return nil, fail("Persons", j, p.Name, p.Forms, err)
		}
		if len(p.Codes) == 0 {
			return nil, fail("Persons", j, p.Name, p.Forms, errors.New("no codes"))
		}
		codes := make([]kbfile.Code, len(p.Codes))
		for x, c := range p.Codes {
			if err := checkCode(c.Code); err != nil {
				return nil, fail("Persons", j, p.Name, p.Forms, err)
			}
			if err := checkRange(c.From, c.To); err != nil {
				return nil, fail("Persons", j, p.Name, p.Forms, fmt.Errorf("code %s: %w", c.Code, err))
			}
			codes[x] = kbfile.Code{Code: c.Code, From: c.From, To: c.To}
		}
		name := nameOr(p.Name, strings.Join(strings.Fields(firstOr(p.Forms, p.Name)), " "))
		f.Persons = append(f.Persons, kbfile.Person{Name: name, Forms: forms, Codes: codes})
	}
	for j, n := range d.Nouns {
		lemma := strings.Join(strings.Fields(strings.ToLower(n.Lemma)), " ")
		if lemma == "" {
			return nil, fail("Nouns", j, n.Lemma, nil, errors.New("empty lemma"))
		}
		if !isCodeGroup(n.Sector, false) {
			return nil, fail("Nouns", j, n.Lemma, nil, fmt.Errorf("sector %q is not three capital letters", n.Sector))
		}
		f.Nouns = append(f.Nouns, kbfile.Noun{Lemma: lemma, Sector: n.Sector, Title: n.Title, Group: n.Group})
	}
	return f, nil
}

func nameOr(name, def string) string {
	if s := strings.TrimSpace(name); s != "" {
		return s
	}
	return def
}

func firstOr(ss []string, def string) string {
	if len(ss) > 0 {
		return ss[0]
	}
	return def
}

// normForms returns the forms with their white space made single spaces
// (lower case for persons); with no forms, the name is the one form.
func normForms(name string, forms []string, lower bool) ([]string, error) {
	if len(forms) == 0 {
		if strings.TrimSpace(name) == "" {
			return nil, errors.New("no name and no forms")
		}
		forms = []string{name}
	}
	out := make([]string, len(forms))
	for i, f := range forms {
		if lower {
			f = strings.ToLower(f)
		}
		out[i] = strings.Join(strings.Fields(f), " ")
		if out[i] == "" {
			return nil, fmt.Errorf("form %d is empty", i)
		}
	}
	return out, nil
}

// checkCode accepts letters and digits in groups of three, such as "RUS",
// "RUSGOV" and "IGOUNOHLHWHO".
func checkCode(code string) error {
	if code == "" || len(code)%3 != 0 {
		return fmt.Errorf("code %q is not groups of three letters or digits", code)
	}
	if !isCodeGroup(code, true) {
		return fmt.Errorf("code %q has characters other than capital letters and digits", code)
	}
	return nil
}

func isCodeGroup(s string, digits bool) bool {
	if len(s) < 3 || (!digits && len(s) != 3) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z') && !(digits && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// checkRange checks a date range of YYYYMMDD integers, 0 for open.
func checkRange(from, to int) error {
	for _, d := range []int{from, to} {
		if d == 0 {
			continue
		}
		y, m, day := d/10000, d/100%100, d%100
		if d < 0 || y < 1 || y > 9999 || m < 1 || m > 12 || day < 1 || day > 31 {
			return fmt.Errorf("date %d is not YYYYMMDD", d)
		}
	}
	if from != 0 && to != 0 && from > to {
		return fmt.Errorf("range %d-%d ends before it starts", from, to)
	}
	return nil
}

// Persons returns the dated office-holders, the dictionaries' added by
// With first, with their lower-case forms and all their codes.
func (k *KB) Persons() []DictPerson {
	out := make([]DictPerson, 0, len(k.persons))
	for _, f := range k.files {
		for _, p := range f.Persons {
			codes := make([]DatedCode, len(p.Codes))
			for i, c := range p.Codes {
				codes[i] = DatedCode{Code: c.Code, From: c.From, To: c.To}
			}
			out = append(out, DictPerson{Name: p.Name, Forms: append([]string(nil), p.Forms...), Codes: codes})
		}
	}
	return out
}
