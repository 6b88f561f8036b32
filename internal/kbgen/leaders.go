package main

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// A factbookLeader is an office-holder named in a factbook profile's
// executive branch ("President Vladimir Vladimirovich PUTIN (since 7 May
// 2012)"): the name as news writes it, its matching forms, and the day the
// office began as a YYYYMMDD integer.
type factbookLeader struct {
	Name  string
	Forms []string // lower case
	Since int
}

var sinceRe = regexp.MustCompile(`\(since (?:(\d{1,2}) )?(?:([A-Z][a-z]+) )?(\d{4})`)

var months = map[string]int{"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
	"July": 7, "August": 8, "September": 9, "October": 10, "November": 11, "December": 12}

// parseLeaders reads the office-holders of a factbook "chief of state" or
// "head of government" text: ";"- or ","-separated segments, each a title,
// a name whose principal part the factbook writes in capitals, and "(since
// DATE)". Segments without a date or a name in capitals are skipped.
func parseLeaders(text string) []factbookLeader {
	var out []factbookLeader
	for _, seg := range splitSegments(text) {
		m := sinceRe.FindStringSubmatchIndex(seg)
		if m == nil {
			continue
		}
		since, ok := sinceDate(seg, m)
		if !ok {
			continue
		}
		if l, ok := leaderName(seg[:m[0]]); ok {
			l.Since = since
			out = append(out, l)
		}
	}
	return out
}

// splitSegments splits at ";" and at ", " followed by a capital (lists of
// deputies), and drops "represented by" and notes.
func splitSegments(text string) []string {
	var out []string
	for _, s := range strings.Split(text, ";") {
		s = strings.TrimSpace(s)
		s = strings.TrimPrefix(s, "represented by ")
		if strings.HasPrefix(s, "note") {
			continue
		}
		for {
			k := strings.Index(s, "), ")
			if k < 0 {
				break
			}
			out = append(out, s[:k+1])
			s = strings.TrimSpace(s[k+2:])
		}
		out = append(out, s)
	}
	return out
}

func sinceDate(seg string, m []int) (int, bool) {
	day, month := 1, 1
	if m[2] >= 0 {
		day, _ = strconv.Atoi(seg[m[2]:m[3]])
	}
	if m[4] >= 0 {
		mo, ok := months[seg[m[4]:m[5]]]
		if !ok {
			return 0, false
		}
		month = mo
	}
	year, _ := strconv.Atoi(seg[m[6]:m[7]])
	if day < 1 || day > 31 || year < 1900 {
		return 0, false
	}
	return year*10000 + month*100 + day, true
}

// leaderName reads "Title Given NAMES rest" into a display name and forms.
func leaderName(s string) (factbookLeader, bool) {
	ws := strings.Fields(s)
	// The principal name: the first run of words in capitals.
	a := -1
	for i, w := range ws {
		if isCapsWord(w) {
			a = i
			break
		}
	}
	if a < 0 {
		return factbookLeader{}, false
	}
	b := a
	for b < len(ws) && isCapsWord(ws[b]) {
		b++
	}
	// Titles first, then given names.
	g := 0
	for g < a && isTitleWord(ws[g]) {
		g++
	}
	given := ws[g:a]
	for _, w := range given {
		if !isNameWord(w) {
			return factbookLeader{}, false
		}
	}
	caps := make([]string, 0, b-a)
	for _, w := range ws[a:b] {
		caps = append(caps, titleCase(w))
	}
	rest := ws[b:]
	for i, w := range rest {
		if !isNameWord(w) && !isParticleWord(w) {
			rest = rest[:i]
			break
		}
	}
	parts := append(append(append([]string{}, given...), caps...), rest...)
	l := factbookLeader{Name: strings.Join(parts, " ")}
	switch {
	case len(given) > 0:
		l.Forms = append(l.Forms, strings.ToLower(l.Name))
		short := append([]string{given[0]}, caps...)
		l.Forms = append(l.Forms, strings.ToLower(strings.Join(short, " ")))
	case g > 0 && len(caps)+len(rest) > 0:
		// "Sheikh HASINA", "King SALMAN bin Abd al-Aziz Al Saud": the
		// name is used with its title.
		title := ws[g-1]
		regnal := true // "Queen ANNE II"
		for _, w := range rest {
			regnal = regnal && romanNumeral(w)
		}
		if regnal {
			l.Name = title + " " + l.Name
		}
		l.Forms = append(l.Forms, strings.ToLower(l.Name))
		l.Forms = append(l.Forms, strings.ToLower(title+" "+strings.Join(caps, " ")))
	default:
		if len(caps)+len(rest) < 2 {
			return factbookLeader{}, false
		}
		l.Forms = append(l.Forms, strings.ToLower(l.Name))
	}
	l.Forms = dedupe(l.Forms)
	return l, true
}

func isCapsWord(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		case r == '-' || r == '\'' || r == '.':
		default:
			return false
		}
	}
	return letters >= 2 && !romanNumeral(w)
}

func romanNumeral(w string) bool { return strings.Trim(w, "IVX") == "" }

func isNameWord(w string) bool {
	r := []rune(w)
	if len(r) == 0 || !unicode.IsUpper(r[0]) {
		return false
	}
	for _, c := range r {
		if !unicode.IsLetter(c) && c != '-' && c != '\'' && c != '.' {
			return false
		}
	}
	return true
}

func isParticleWord(w string) bool {
	switch w {
	case "bin", "bint", "ibn", "al", "al-", "de", "da", "del", "van", "von", "der", "la", "le":
		return true
	}
	return strings.HasPrefix(w, "al-")
}

// titleCase writes a word in capitals as a name: "PUTIN" is "Putin",
// "AL-SISI" is "Al-Sisi", "O'NEILL" is "O'Neill".
func titleCase(w string) string {
	rs := []rune(strings.ToLower(w))
	up := true
	for i, r := range rs {
		if up && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
			up = false
		}
		if r == '-' || (r == '\'' && i == 1) {
			up = true
		}
	}
	return string(rs)
}

// isTitleWord lists the words of office titles in factbook texts.
func isTitleWord(w string) bool {
	switch strings.TrimSuffix(w, ",") {
	case "President", "Vice", "Prime", "Minister", "Ministers", "Premier", "Premiers", "Chancellor", "King", "Queen",
		"Emir", "Amir", "Sultan", "Supreme", "Leader", "Chairman", "Chairwoman", "First", "Second", "Deputy",
		"Governor", "General", "Chief", "Executive", "Crown", "Prince", "Princess", "Grand", "Duke", "Duchess",
		"Sheikh", "Shaykh", "Co-prince", "Co-Prince", "Head", "of", "State", "Government", "Council", "Federal",
		"Captain", "Captains", "Regent", "Pope", "Archbishop", "Bishop", "Secretary", "Acting", "Interim",
		"Transitional", "Taoiseach", "Lord", "Cardinal", "Administrator", "Commissioner", "Lieutenant",
		"Colonel", "Major", "Field", "Marshal", "Marshall", "Brigadier", "Gen.", "Lt.", "Col.", "Maj.", "Dr.", "Sir",
		"Dame", "Ayatollah", "Mayor", "Heir", "Apparent", "Air", "Vice-Marshall", "Vice-Marshal", "Presidents",
		"State,", "the", "and", "Ruler", "Monarch", "Emperor", "Empress", "Speaker", "Commander", "Admiral":
		return true
	}
	return false
}
