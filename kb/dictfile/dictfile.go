// Package dictfile reads user actor dictionaries, the files "--dict" names:
// dyad's own tab-separated format (docs/dictionaries.md) and the
// TABARI/PETRARCH actor and agents formats, so that users can bring the
// dictionaries they already maintain. The result is a kb.Dict to lay over
// the embedded knowledge base with kb.KB.With.
package dictfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
	"github.com/dyad-events/dyad/internal/tabari"
	"github.com/dyad-events/dyad/kb"
)

// MaxBytes bounds the size of a dictionary file.
const MaxBytes = 64 << 20

// Format is a dictionary file format.
type Format int

// The formats Parse reads.
const (
	// Dyad is dyad's tab-separated format: one entry per line, the kind
	// first.
	Dyad Format = iota + 1
	// PETRARCH is the TABARI/PETRARCH actor format: NAME_WITH_UNDERSCORES,
	// "+" synonyms, bracketed codes with date ranges.
	PETRARCH
	// Agents is the TABARI/PETRARCH agents format: "NOUN [~SECTOR]" lines.
	Agents
)

func (f Format) String() string {
	switch f {
	case Dyad:
		return "dyad"
	case PETRARCH:
		return "petrarch"
	case Agents:
		return "agents"
	}
	return "unknown"
}

// Load reads the dictionary file at path, in any of the formats. The
// warnings name the lines of a PETRARCH file that could not be read and
// were skipped (dyad-format files have none: any bad line is an error).
func Load(path string) (d *kb.Dict, warnings []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("dictionary: %w", err)
	}
	defer f.Close()
	return Parse(io.LimitReader(f, MaxBytes+1), path)
}

// Parse reads a dictionary, detecting its format, and names it source in
// the result, the warnings and errors.
func Parse(r io.Reader, source string) (d *kb.Dict, warnings []string, err error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("dictionary %s: %w", source, err)
	}
	if len(b) > MaxBytes {
		return nil, nil, fmt.Errorf("dictionary %s: larger than %d bytes", source, MaxBytes)
	}
	format := Detect(b)
	switch format {
	case Dyad:
		d, err = parseDyad(b, source)
	case PETRARCH:
		d, warnings, err = parsePETRARCH(b, source)
	case Agents:
		d, warnings, err = parseAgents(b, source)
	default:
		return nil, nil, fmt.Errorf("dictionary %s: no entries", source)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(d.Names)+len(d.Persons)+len(d.Nouns) == 0 {
		return nil, nil, fmt.Errorf("dictionary %s: no entries (read as the %s format)", source, format)
	}
	return d, warnings, nil
}

// Detect tells the format of a dictionary: dyad's when the first entry
// line's first tab-separated field is a dyad kind; else an agents
// dictionary when any of the first 200 entry lines holds a "[~SECTOR]"
// code; else PETRARCH. Comment lines (#, and XML-style <!-- -->) are
// skipped. It returns 0 when there is no entry line.
func Detect(b []byte) Format {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var first string
	seen := 0
	for sc.Scan() && seen < 200 {
		line := sc.Text()
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "<!--") || strings.HasPrefix(t, "-->") {
			continue
		}
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "!") {
			continue
		}
		if seen == 0 {
			first = line
			if f, _, ok := strings.Cut(line, "\t"); ok {
				if _, known := kinds[strings.TrimSpace(f)]; known {
					return Dyad
				}
			}
		}
		seen++
		if strings.Contains(line, "[~") {
			return Agents
		}
	}
	if first == "" {
		return 0
	}
	return PETRARCH
}

// kinds maps the first field of a dyad-format line to its kind; person and
// noun lines have their own shapes.
var kinds = map[string]kb.Kind{
	"country": kb.KindCountry, "demonym": kb.KindDemonym, "capital": kb.KindCapital,
	"seat": kb.KindSeat, "region": kb.KindRegion, "igo": kb.KindIGO, "ngo": kb.KindNGO,
	"group": kb.KindGroup, "org": kb.KindOrg, "person": kb.KindPerson, "noun": kb.KindNone,
}

// lineError is an error at a line of a dictionary.
func lineError(source string, n int, format string, args ...any) error {
	return fmt.Errorf("dictionary %s:%d: %s", source, n, fmt.Sprintf(format, args...))
}

func parseDyad(b []byte, source string) (*kb.Dict, error) {
	d := &kb.Dict{Source: source}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		kind, ok := kinds[f[0]]
		if !ok {
			return nil, lineError(source, n, "unknown kind %q (want one of country, demonym, capital, seat, region, igo, ngo, group, org, person, noun)", f[0])
		}
		switch f[0] {
		case "noun":
			if len(f) < 3 || len(f) > 4 {
				return nil, lineError(source, n, "a noun line has 3 or 4 fields: noun, lemma, sector, flags; got %d", len(f))
			}
			nn := kb.DictNoun{Lemma: strings.ToLower(strings.Join(strings.Fields(f[1]), " ")), Sector: f[2]}
			if len(f) == 4 {
				for _, flag := range strings.Split(f[3], ",") {
					switch strings.TrimSpace(flag) {
					case "title":
						nn.Title = true
					case "group":
						nn.Group = true
					case "-", "":
					default:
						return nil, lineError(source, n, "unknown noun flag %q (want title, group or -)", flag)
					}
				}
			}
			d.Nouns = append(d.Nouns, nn)
		case "person":
			if len(f) != 3 {
				return nil, lineError(source, n, "a person line has 3 fields: person, names, codes; got %d", len(f))
			}
			p := kb.DictPerson{Forms: forms(f[1])}
			for _, c := range strings.Fields(f[2]) {
				dc, err := parseDatedCode(c)
				if err != nil {
					return nil, lineError(source, n, "%v", err)
				}
				p.Codes = append(p.Codes, dc)
			}
			if len(p.Forms) == 0 || len(p.Codes) == 0 {
				return nil, lineError(source, n, "a person needs a name and a code")
			}
			p.Name = p.Forms[0]
			d.Persons = append(d.Persons, p)
		default:
			if len(f) < 3 || len(f) > 4 {
				return nil, lineError(source, n, "a %s line has 3 or 4 fields: kind, names, code, organ; got %d", f[0], len(f))
			}
			nm := kb.DictName{Kind: kind, Forms: forms(f[1]), Code: f[2]}
			if len(f) == 4 {
				nm.Organ = f[3]
			}
			if len(nm.Forms) == 0 {
				return nil, lineError(source, n, "no name")
			}
			nm.Name = nm.Forms[0]
			d.Names = append(d.Names, nm)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("dictionary %s: %w", source, err)
	}
	return d, nil
}

// forms splits a "|"-separated list of names.
func forms(s string) []string {
	var out []string
	for _, f := range strings.Split(s, "|") {
		if f = strings.Join(strings.Fields(f), " "); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// parseDatedCode reads CODE, CODE@FROM..TO, CODE@FROM.. or CODE@..TO.
func parseDatedCode(s string) (kb.DatedCode, error) {
	c, err := kbfile.ParseDatedCode(s)
	return kb.DatedCode{Code: c.Code, From: c.From, To: c.To}, err
}

func parsePETRARCH(b []byte, source string) (*kb.Dict, []string, error) {
	var st tabari.Stats
	blocks, err := tabari.Parse(bytes.NewReader(b), source, &st)
	if err != nil {
		return nil, nil, fmt.Errorf("dictionary %s: %w", source, err)
	}
	d := &kb.Dict{Source: source}
	for _, bl := range blocks {
		dated := false
		for _, c := range bl.Codes {
			if c.From != 0 || c.To != 0 {
				dated = true
			}
		}
		if dated && !tabari.IsOrgName(bl.Names) {
			p := kb.DictPerson{}
			for _, n := range bl.Names {
				for _, f := range tabari.CleanName(n) {
					p.Forms = append(p.Forms, tabari.WrittenCase(f, true))
				}
			}
			for _, c := range bl.Codes {
				if !validCode(c.Code) {
					st.Bad(source, bl.Line, c.Code, true)
					continue
				}
				p.Codes = append(p.Codes, kb.DatedCode{Code: c.Code, From: c.From, To: c.To})
			}
			if len(p.Codes) == 0 {
				continue
			}
			if len(p.Forms) == 0 {
				st.Bad(source, bl.Line, strings.Join(bl.Names, " "), false)
				continue
			}
			p.Name = p.Forms[0]
			d.Persons = append(d.Persons, p)
			continue
		}
		if !validCode(bl.Codes[0].Code) {
			st.Bad(source, bl.Line, bl.Codes[0].Code, true)
			continue
		}
		nm := kb.DictName{Code: bl.Codes[0].Code, Kind: kindOf(bl.Codes[0].Code)}
		for _, n := range bl.Names {
			for _, f := range tabari.CleanName(n) {
				nm.Forms = append(nm.Forms, tabari.WrittenCase(f, false))
			}
		}
		if len(nm.Forms) == 0 {
			st.Bad(source, bl.Line, strings.Join(bl.Names, " "), false)
			continue
		}
		nm.Name = nm.Forms[0]
		d.Names = append(d.Names, nm)
	}
	return d, warnings(st), nil
}

// kindOf guesses the kind of an undated PETRARCH entry from its code: a
// bare country code names a country, IGO and NGO roots organisations, the
// IMG root and rebel or insurgent sectors groups, and anything else an
// organisation.
func kindOf(code string) kb.Kind {
	switch {
	case len(code) == 3 && code != "IGO" && code != "NGO" && code != "IMG":
		return kb.KindCountry
	case strings.HasPrefix(code, "IGO"):
		return kb.KindIGO
	case strings.HasPrefix(code, "NGO"):
		return kb.KindNGO
	case strings.HasPrefix(code, "IMG"):
		return kb.KindGroup
	}
	if len(code) >= 6 {
		switch code[3:6] {
		case "REB", "INS", "UAF":
			return kb.KindGroup
		}
	}
	return kb.KindOrg
}

func parseAgents(b []byte, source string) (*kb.Dict, []string, error) {
	var st tabari.Stats
	agents, err := tabari.ParseAgents(bytes.NewReader(b), source, &st)
	if err != nil {
		return nil, nil, fmt.Errorf("dictionary %s: %w", source, err)
	}
	d := &kb.Dict{Source: source}
	for _, a := range agents {
		d.Nouns = append(d.Nouns, kb.DictNoun{Lemma: a.Lemma, Sector: a.Sector, Group: a.Group})
	}
	return d, warnings(st), nil
}

// warnings reports the lines a TABARI reader skipped: a user's dictionary
// should not lose entries silently.
func warnings(st tabari.Stats) []string {
	n := st.BadCodes + st.BadLines
	if n == 0 {
		return nil
	}
	out := []string{fmt.Sprintf("%d lines could not be read and were skipped; the first:", n)}
	return append(out, st.FirstFewBad...)
}

// LoadAll reads the dictionary files at paths, in order, and returns the
// warnings of all of them.
func LoadAll(paths []string) ([]*kb.Dict, []string, error) {
	out := make([]*kb.Dict, 0, len(paths))
	var warns []string
	for _, p := range paths {
		d, w, err := Load(p)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, d)
		warns = append(warns, w...)
	}
	return out, warns, nil
}

// validCode reports a CAMEO-style code: capital letters and digits in
// groups of three. PETRARCH files also hold codes of other lengths
// ("ITHTV"), which are skipped with a warning.
func validCode(c string) bool {
	if c == "" || len(c)%3 != 0 {
		return false
	}
	for _, r := range c {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
