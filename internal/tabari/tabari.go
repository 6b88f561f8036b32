// Package tabari reads actor dictionaries in the TABARI/PETRARCH format
// (the Phoenix dictionaries, and users' own): entries of name lines joined
// by underscores, "+" synonyms, and bracketed CAMEO codes with optional date
// ranges. The knowledge-base generator and user dictionaries share it.
package tabari

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/dyad-events/dyad/internal/kbgen/kbfile"
)

// A Block is one entry of a PETRARCH/TABARI actor dictionary: the
// entry's name lines (the first line and its synonyms) and the codes that
// follow them.
type Block struct {
	Line    int // line number of the first name
	Names   []string
	Codes   []kbfile.Code
	Comment string // comment of the first line
}

// Stats counts what the parser could not use.
type Stats struct {
	BadCodes    int // bracketed codes whose code or date range did not parse
	BadLines    int // other lines that did not parse
	Uncoded     int // blocks that ended without any code
	FirstFewBad []string
}

// Bad records a line that could not be used; codes tells a bad bracketed
// code from another bad line.
func (s *Stats) Bad(file string, n int, line string, codes bool) {
	if codes {
		s.BadCodes++
	} else {
		s.BadLines++
	}
	if len(s.FirstFewBad) < 8 {
		s.FirstFewBad = append(s.FirstFewBad, fmt.Sprintf("%s:%d: %q", file, n, strings.TrimSpace(line)))
	}
}

var bracketRe = regexp.MustCompile(`\[([^\]]*)\]`)

// Parse reads an actor dictionary in the TABARI format:
//
//	NAME_WITH_UNDERSCORES_  [CODE daterange] # comment
//	+SYNONYM_
//		[CODE daterange]
//
// A "+" line always adds a synonym to the current entry. A name line without
// "+" starts a new entry, unless the current entry has no code yet, in which
// case it is one more synonym (the format allows both). A blank line ends the
// current entry. Codes may sit on the entry line or on indented lines after
// it, several per line.
// path names the input in st's messages.
func Parse(r io.Reader, path string, st *Stats) ([]Block, error) {
	var blocks []Block
	var cur *Block
	flush := func() {
		if cur == nil {
			return
		}
		if len(cur.Codes) == 0 {
			st.Uncoded++
		} else {
			blocks = append(blocks, *cur)
		}
		cur = nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Text()
		if isXMLComment(raw) {
			continue
		}
		line := raw
		comment := ""
		if k := strings.IndexByte(line, '#'); k >= 0 {
			comment = strings.TrimSpace(line[k+1:])
			line = line[:k]
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			if strings.TrimSpace(raw) == "" {
				flush()
			}
			continue
		}
		// Split off the bracketed codes.
		name := trimmed
		if k := strings.IndexByte(trimmed, '['); k >= 0 {
			name = strings.TrimSpace(trimmed[:k])
		}
		var codes []kbfile.Code
		for _, m := range bracketRe.FindAllStringSubmatch(trimmed, -1) {
			if strings.TrimSpace(m[1]) == "---" {
				// TABARI's null code: the phrase is known and codes to
				// nothing.
				continue
			}
			c, ok := ParseCode(m[1])
			if !ok {
				st.Bad(path, n, raw, true)
				continue
			}
			codes = append(codes, c)
		}
		if strings.Count(trimmed, "[") != len(bracketRe.FindAllString(trimmed, -1)) {
			st.Bad(path, n, raw, true)
		}
		switch {
		case name == "":
			// A code line.
			if cur == nil {
				if len(codes) > 0 {
					st.Bad(path, n, raw, false)
				}
				continue
			}
			cur.Codes = append(cur.Codes, codes...)
		case strings.HasPrefix(name, "+"):
			if cur == nil {
				st.Bad(path, n, raw, false)
				continue
			}
			cur.Names = append(cur.Names, splitPlus(name)...)
			cur.Codes = append(cur.Codes, codes...)
		default:
			if cur != nil && len(cur.Codes) > 0 {
				flush()
			}
			if cur == nil {
				cur = &Block{Line: n, Comment: comment}
			}
			cur.Names = append(cur.Names, splitPlus(name)...)
			cur.Codes = append(cur.Codes, codes...)
		}
	}
	flush()
	return blocks, sc.Err()
}

func splitPlus(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "+") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var codeRe = regexp.MustCompile(`^([A-Z][A-Z0-9]{2,})\s*(.*)$`)

// ParseCode parses the inside of a bracket: "RUSGOV", "RUSGOV 910710-991231",
// "RUSGOV >080507", "RUSGOV <080507", with dates as YYMMDD or YYYYMMDD.
func ParseCode(s string) (kbfile.Code, bool) {
	s = strings.TrimSpace(s)
	m := codeRe.FindStringSubmatch(s)
	if m == nil {
		return kbfile.Code{}, false
	}
	c := kbfile.Code{Code: m[1]}
	r := strings.ReplaceAll(m[2], " ", "")
	switch {
	case r == "":
	case r[0] == '>':
		d, ok := ParseDate(r[1:])
		if !ok {
			return c, false
		}
		c.From = d
	case r[0] == '<':
		d, ok := ParseDate(r[1:])
		if !ok {
			return c, false
		}
		c.To = d
	default:
		a, b, found := strings.Cut(r, "-")
		if !found {
			return c, false
		}
		da, ok1 := ParseDate(a)
		db, ok2 := ParseDate(b)
		if !ok1 || !ok2 || db < da {
			return c, false
		}
		c.From, c.To = da, db
	}
	return c, true
}

// yearPivot decides the century of two-digit years: YY <= yearPivot is 20YY,
// otherwise 19YY. The Phoenix dictionaries were generated in January 2014 and
// hold no six-digit date later than 2014, while their earliest office dates
// reach back into the 1930s, so any pivot from 14 to 30 reads them the same.
const yearPivot = 30

// ParseDate turns YYMMDD or YYYYMMDD into a YYYYMMDD integer.
func ParseDate(s string) (int, bool) {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return 0, false
		}
	}
	var y, md int
	switch len(s) {
	case 6:
		yy, _ := strconv.Atoi(s[:2])
		if yy <= yearPivot {
			y = 2000 + yy
		} else {
			y = 1900 + yy
		}
		md, _ = strconv.Atoi(s[2:])
	case 8:
		y, _ = strconv.Atoi(s[:4])
		md, _ = strconv.Atoi(s[4:])
	default:
		return 0, false
	}
	mo, d := md/100, md%100
	if mo > 12 || d > 31 {
		return 0, false
	}
	if mo == 0 {
		mo = 1
	}
	if d == 0 {
		d = 1
	}
	return y*10000 + mo*100 + d, true
}

// CleanName turns NAME_WITH_UNDERSCORES_ into space-separated words and
// returns it with any parenthesised acronym, "(ETA)", as a second form.
func CleanName(s string) []string {
	s = strings.ReplaceAll(s, "_", " ")
	var out []string
	for {
		a := strings.IndexByte(s, '(')
		b := strings.IndexByte(s, ')')
		if a < 0 || b < a {
			break
		}
		inner := strings.TrimSpace(s[a+1 : b])
		if inner != "" && !strings.ContainsAny(inner, " ") {
			out = append(out, inner)
		}
		s = s[:a] + " " + s[b+1:]
	}
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, " -,")
	if s == "" {
		return out
	}
	return append([]string{s}, out...)
}

// functionWords stay lower case when an upper-case dictionary name is given
// its written case.
var functionWords = map[string]bool{
	"of": true, "the": true, "and": true, "for": true, "in": true, "on": true,
	"de": true, "del": true, "la": true, "le": true, "les": true, "du": true,
	"des": true, "al": true, "el": true, "bin": true, "ibn": true, "van": true,
	"von": true, "der": true, "da": true, "dos": true, "das": true, "y": true,
	"et": true, "to": true, "a": true, "an": true, "fi": true, "wa": true,
	"at": true, "against": true, "with": true, "by": true,
}

// WrittenCase gives an upper-case dictionary name the case it is written in:
// function words lower case, other words capitalised, and short words kept
// upper case as acronyms when they have no vowel or are the whole name
// ("PKK", "ETA", "ICC"). Package kb requires the text to be all upper case
// only for tokens kept upper case, and a capital first letter otherwise.
func WrittenCase(name string, person bool) string {
	words := strings.Fields(name)
	for i, w := range words {
		segs := strings.Split(w, "-")
		for j, s := range segs {
			low := strings.ToLower(s)
			letters := 0
			vowel := false
			for _, r := range low {
				if unicode.IsLetter(r) {
					letters++
				}
				if strings.ContainsRune("aeiouy", r) {
					vowel = true
				}
			}
			switch {
			case functionWords[low] && (len(words) > 1 || len(segs) > 1):
				segs[j] = low
			case !person && letters > 0 && letters <= 3 && (!vowel || (len(words) == 1 && len(segs) == 1)):
				segs[j] = strings.ToUpper(s)
			case strings.Contains(s, "."):
				segs[j] = strings.ToUpper(s) // initials: "V."
			default:
				segs[j] = titleWord(low)
			}
		}
		words[i] = strings.Join(segs, "-")
	}
	return strings.Join(words, " ")
}

// titleWord capitalises the first letter, and the letter after an
// apostrophe in names such as O'Neil.
func titleWord(s string) string {
	rs := []rune(s)
	up := true
	for i, r := range rs {
		if up && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
			up = false
		}
		if r == '\'' && i == 1 {
			up = true
		}
	}
	return string(rs)
}

// orgWords mark a Phoenix entry as an organisation rather than a person.
var orgWords = []string{"ARMY", "PARTY", "COUNCIL", "MINISTRY", "FRONT", "MOVEMENT", "COMMITTEE",
	"ORGANIZATION", "ORGANISATION", "STATE", "GOVERNMENT", "BRIGADE", "FORCES", "UNION", "ASSEMBLY",
	"CONGRESS", "PARLIAMENT", "LEAGUE", "POLITBURO", "COMMISSION", "COURT", "GROUP", "NETWORK",
	"ALLIANCE", "COALITION", "BATTALION", "GUARD", "POLICE", "MILITIA", "REPUBLIC", "AGENCY", "BANK",
	"CABINET", "SECRETARIAT", "OFFICE", "DEPARTMENT", "SERVICE", "FEDERATION", "ASSOCIATION",
	"INSTITUTE", "FUND", "PROGRAM", "JUNTA", "REGIME", "TRIBUNAL", "FACTION", "CELLS"}

// IsOrgName reports whether an entry's first name reads as an
// organisation rather than a person ("NATIONAL_LIBERATION_FRONT").
func IsOrgName(names []string) bool {
	first := " " + strings.ReplaceAll(strings.ToUpper(names[0]), "_", " ") + " "
	for _, w := range orgWords {
		if strings.Contains(first, " "+w+" ") || strings.Contains(first, " "+w+"S ") {
			return true
		}
	}
	return false
}

// An Agent is one noun of an agents dictionary: a lower-case lemma, its
// three-letter sector, and whether it names a group (a plural).
type Agent struct {
	Lemma, Sector string
	Group         bool
}

// ParseAgents reads an agents dictionary (Phoenix.agents.txt):
// "NOUN_PHRASE {PLURAL} [~SECTOR]" lines, with macros such as !PERSON!
// declared at the top ("!PERSON! = MAN, WOMAN"). Phrases that end in a
// preposition ("AMBASSADOR_TO {}", TABARI's slot for a following actor) are
// left out: the noun has its own line. path names the input in st.
func ParseAgents(r io.Reader, path string, st *Stats) ([]Agent, error) {
	macros := map[string][]string{}
	var out []Agent
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if isXMLComment(line) {
			continue
		}
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
				st.Bad(path, n, line, false)
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
			st.Bad(path, n, line, false)
			continue
		}
		code := line[a+2 : a+b]
		if len(code) < 3 {
			st.Bad(path, n, line, true)
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
				st.Bad(path, n, line, false)
				continue
			}
			if endsInPreposition(v) {
				// "AMBASSADOR_TO {}": TABARI's slot for the actor that
				// follows; the noun itself has its own line.
				continue
			}
			group := (plural != "" && v == strings.Join(strings.Fields(plural), " ")) ||
				strings.HasSuffix(v, "men") || strings.HasSuffix(v, "ies") || strings.HasSuffix(v, "ministers")
			out = append(out, Agent{Lemma: v, Sector: code[:3], Group: group})
		}
	}
	return out, sc.Err()
}

// endsInPreposition reports an agent phrase whose last word is a
// preposition ("ambassador to", "observers in").
func endsInPreposition(v string) bool {
	i := strings.LastIndexByte(v, ' ')
	if i < 0 {
		return false
	}
	switch v[i+1:] {
	case "to", "at", "for", "of", "in", "on", "from", "with":
		return true
	}
	return false
}

// isXMLComment reports a line holding an XML-style comment, as the
// PETRARCH validation dictionaries open with ("<!-- VERSION: 0.1 -->").
func isXMLComment(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "<!--") || strings.HasPrefix(t, "-->")
}
