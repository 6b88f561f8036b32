// Package event finds political events in a document and codes them in CAMEO
// and PLOVER: the trigger, the actors and recipients, the date, the modality
// and the source that reports the event.
//
// The predicate lexicon (lexicon.tsv) and the CAMEO code table (cameo.tsv)
// are data embedded in the package; see their headers for their formats.
package event

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

//go:embed lexicon.tsv
var lexiconTSV string

//go:embed cameo.tsv
var cameoTSV string

// Code is one CAMEO code with its PLOVER equivalent.
type Code struct {
	Code      string
	Name      string
	Goldstein float64
	Quad      int
	Type      string // PLOVER event type, "" when PLOVER has none
	Mode      string
	Context   []string
}

// Root returns the two-digit CAMEO root of the code.
func (c Code) Root() string { return c.Code[:2] }

// Entry is one trigger of the predicate lexicon.
type Entry struct {
	// Lemmas is the trigger: the head lemma, then words that must follow it.
	Lemmas []string
	// Objects, when set, restricts a verb to these direct objects ("lift"
	// is an event only as "lift the curfew", "lift sanctions"): lemmas or
	// lower-case forms of the object's head.
	Objects []string
	// Noun is true for event nouns, false for verbs.
	Noun bool
	// Adj is true for adjective predicates ("willing to", "ready to").
	Adj  bool
	Code Code
	// Frame lists where the recipient comes from, in order of preference:
	// "obj" or a preposition.
	Frame []string
	// Recip marks triggers whose actors act together (agree, meet).
	Recip bool
	// Intent marks promises: the event itself lies in the future.
	Intent bool
	// NeedRecip marks triggers that are events only with a recipient.
	NeedRecip bool
	// NeedInf marks verbs that are events only with a "to" infinitive
	// ("ordered the army to withdraw", not "ordered the destruction").
	NeedInf bool
	// Keep marks acts coded as themselves when announced for the future
	// ("will resign" is the resignation, mode future), not recoded as an
	// intent or a threat.
	Keep bool
	// Verbal, when set, is the code for the word's verbal sense, used
	// when every actor is a person ("the minister attacked the plan").
	Verbal *Code
}

// Lexicon maps trigger lemmas to entries. It is read-only once loaded.
type Lexicon struct {
	byHead map[string][]*Entry
	codes  map[string]Code
}

// DefaultLexicon parses the embedded lexicon and code table.
func DefaultLexicon() (*Lexicon, error) {
	codes, err := ParseCodes(strings.NewReader(cameoTSV))
	if err != nil {
		return nil, fmt.Errorf("embedded cameo.tsv: %w", err)
	}
	lex, err := ParseLexicon(strings.NewReader(lexiconTSV), codes)
	if err != nil {
		return nil, fmt.Errorf("embedded lexicon.tsv: %w", err)
	}
	return lex, nil
}

// DefaultCodes parses the embedded CAMEO code table, keyed by code.
func DefaultCodes() (map[string]Code, error) {
	codes, err := ParseCodes(strings.NewReader(cameoTSV))
	if err != nil {
		return nil, fmt.Errorf("embedded cameo.tsv: %w", err)
	}
	return codes, nil
}

// ParseCodes reads a CAMEO code table in the format of cameo.tsv.
func ParseCodes(r io.Reader) (map[string]Code, error) {
	codes := map[string]Code{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 7 {
			return nil, fmt.Errorf("line %d: %d fields, want 7", line, len(f))
		}
		g, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: goldstein: %w", line, err)
		}
		q, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, fmt.Errorf("line %d: quad: %w", line, err)
		}
		c := Code{Code: f[0], Name: f[1], Goldstein: g, Quad: q, Type: f[4], Mode: f[5]}
		if f[6] != "" {
			c.Context = strings.Split(f[6], ";")
		}
		codes[c.Code] = c
	}
	return codes, sc.Err()
}

// ParseLexicon reads a predicate lexicon in the format of lexicon.tsv,
// resolving its codes in codes.
func ParseLexicon(r io.Reader, codes map[string]Code) (*Lexicon, error) {
	lex := &Lexicon{byHead: map[string][]*Entry{}, codes: codes}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("line %d: %d fields, want 5", line, len(f))
		}
		code, ok := codes[f[2]]
		if !ok {
			return nil, fmt.Errorf("line %d: unknown CAMEO code %q", line, f[2])
		}
		if code.Type == "" {
			return nil, fmt.Errorf("line %d: CAMEO code %s has no PLOVER type", line, f[2])
		}
		e := &Entry{Code: code}
		for _, w := range strings.Fields(f[0]) {
			if obj, ok := strings.CutPrefix(w, "@"); ok {
				e.Objects = append(e.Objects, strings.Split(obj, "|")...)
				continue
			}
			e.Lemmas = append(e.Lemmas, w)
		}
		if len(e.Lemmas) == 0 {
			return nil, fmt.Errorf("line %d: no trigger word", line)
		}
		switch f[1] {
		case "V":
		case "N":
			e.Noun = true
		case "A":
			e.Adj = true
		default:
			return nil, fmt.Errorf("line %d: pos %q, want V, N or A", line, f[1])
		}
		if len(e.Objects) > 0 && f[1] != "V" {
			return nil, fmt.Errorf("line %d: object patterns (@) are for verbs", line)
		}
		if f[3] != "-" {
			e.Frame = strings.Split(f[3], ",")
		}
		if f[4] != "-" {
			for _, fl := range strings.Split(f[4], ",") {
				name, val, _ := strings.Cut(fl, "=")
				switch name {
				case "recip":
					e.Recip = true
				case "intent":
					e.Intent = true
				case "needrecip":
					e.NeedRecip = true
				case "needinf":
					e.NeedInf = true
				case "keep":
					e.Keep = true
				case "plover":
					// The PLOVER manual's own reading where the CAMEO map
					// differs: a resignation is RETREAT, mode resign.
					typ, mode, _ := strings.Cut(val, "/")
					if typ == "" {
						return nil, fmt.Errorf("line %d: plover flag %q: want TYPE or TYPE/mode", line, fl)
					}
					e.Code.Type, e.Code.Mode = typ, mode
				case "verbal":
					vc, ok := codes[val]
					if !ok || vc.Type == "" {
						return nil, fmt.Errorf("line %d: verbal code %q unknown or without PLOVER type", line, val)
					}
					e.Verbal = &vc
				default:
					return nil, fmt.Errorf("line %d: unknown flag %q", line, fl)
				}
			}
		}
		head := e.Lemmas[0]
		lex.byHead[head] = append(lex.byHead[head], e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, es := range lex.byHead {
		// Object patterns are tried before the plain verb.
		slices.SortStableFunc(es, func(a, b *Entry) int {
			return cmp.Compare(plain(a), plain(b))
		})
	}
	return lex, nil
}

// Code returns the CAMEO code c from the code table.
func (l *Lexicon) Code(c string) (Code, bool) {
	code, ok := l.codes[c]
	return code, ok
}

// Entries returns the entries whose head lemma is lemma.
func (l *Lexicon) Entries(lemma string) []*Entry { return l.byHead[lemma] }

// Len returns the number of entries.
func (l *Lexicon) Len() int {
	n := 0
	for _, es := range l.byHead {
		n += len(es)
	}
	return n
}

// plain orders entries: 0 for an entry with object patterns, 1 without.
func plain(e *Entry) int {
	if len(e.Objects) > 0 {
		return 0
	}
	return 1
}
