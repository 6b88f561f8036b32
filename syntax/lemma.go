package syntax

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// editRule turns a word into its lemma: drop Strip bytes from the end, then
// append Add.
type editRule struct {
	Strip uint8
	Add   string
}

func (r editRule) apply(s string) string {
	if int(r.Strip) > len(s) {
		return s
	}
	if r.Strip == 0 && r.Add == "" {
		return s
	}
	return s[:len(s)-int(r.Strip)] + r.Add
}

// lemmatizer maps (form, XPOS) to a lemma: an exception table for forms seen
// in training where the rules fail, else the edit rule of the longest known
// suffix for the tag, applied to the form after a case transform (lower,
// as written, or title case) learned per tag, capitalisation shape and
// sentence position: proper nouns, nationality adjectives and acronyms keep
// their case, all-capital names of five or more letters become title case.
// Numbers with comma-grouped thousands lose the commas, as in EWT.
type lemmatizer struct {
	xpos      []string
	xposIndex map[string]int
	cd        int // index of CD, or -1
	maxSuf    int
	rules     []map[string]editRule // per XPOS: lower-case suffix -> rule ("" is the default)
	exc       []map[string]string   // per XPOS: lower-case form -> lemma
	// caseOf[x][shape*2+first] is the case transform for XPOS x.
	caseOf [][numShapes * 2]uint8
}

// Case transforms.
const (
	caseLower = iota
	caseKeep
	caseTitle
	numCases
)

func applyCase(c uint8, form, lower string) string {
	switch c {
	case caseKeep:
		return form
	case caseTitle:
		r, n := utf8.DecodeRuneInString(lower)
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				return string(rune(r-'a'+'A')) + lower[n:]
			}
			return lower
		}
		return string(unicode.ToUpper(r)) + lower[n:]
	}
	return lower
}

// Case shapes of a word.
const (
	csLower = iota // no upper-case letter
	csTitle        // initial capital
	csUpper        // all capitals, two to four letters
	csLong         // all capitals, five or more letters
	csMixed        // other mixtures
	numShapes
)

func caseShape(s string) int {
	upper, lower := 0, 0
	initCap := false
	for i, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case 'A' <= r && r <= 'Z':
				upper++
				if i == 0 {
					initCap = true
				}
			case 'a' <= r && r <= 'z':
				lower++
			}
			continue
		}
		if unicode.IsUpper(r) {
			upper++
			if i == 0 {
				initCap = true
			}
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	switch {
	case upper == 0:
		return csLower
	case upper >= 5 && lower == 0:
		return csLong
	case upper >= 2 && lower == 0:
		return csUpper
	case initCap && upper == 1:
		return csTitle
	default:
		return csMixed
	}
}

func caseSlot(shape int, first bool) int {
	return shape*2 + boolInt(first)
}

// lemma returns the lemma of form with XPOS x: the learned exceptions and
// rules, and for an irregular past form the learned or listed base form.
func (l *lemmatizer) lemma(form string, x int, first bool) string {
	lower := strings.ToLower(form)
	if _, ok := l.exc[x][lower]; !ok {
		if alt := l.pastTwin(x); alt >= 0 {
			// An irregular past form tagged as the other past ("blew" as
			// VBN): its lemma is the same.
			if lem, ok := l.exc[alt][lower]; ok {
				return lem
			}
			if lem, ok := irregularPast[lower]; ok {
				return lem
			}
		}
	}
	return l.learned(form, x, first)
}

// learned returns the lemma the learned tables give: the exception for the
// form, else the suffix rule. Learning decides its exceptions with it.
func (l *lemmatizer) learned(form string, x int, first bool) string {
	lower := strings.ToLower(form)
	if lem, ok := l.exc[x][lower]; ok {
		return lem
	}
	if x == l.cd && isGroupedNumber(form) {
		return strings.ReplaceAll(form, ",", "")
	}
	base := lower
	if len(form) == len(lower) {
		base = applyCase(l.caseOf[x][caseSlot(caseShape(form), first)], form, lower)
	}
	return l.rule(lower, x).apply(base)
}

func (l *lemmatizer) rule(lower string, x int) editRule {
	m := l.rules[x]
	k := min(l.maxSuf, len(lower))
	for ; k > 0; k-- {
		if r, ok := m[lower[len(lower)-k:]]; ok {
			return r
		}
	}
	return m[""]
}

func editScript(from, to string) editRule {
	p := 0
	for p < len(from) && p < len(to) && from[p] == to[p] {
		p++
	}
	strip := len(from) - p
	if strip > 255 {
		return editRule{Strip: 255, Add: to}
	}
	return editRule{Strip: uint8(strip), Add: to[p:]}
}

// learnLemmatizer learns case policy, suffix rules and exceptions from gold
// (form, XPOS, lemma) data.
func learnLemmatizer(sents [][]TrainToken, maxSuf, minSupport int) lemmatizer {
	l := lemmatizer{maxSuf: maxSuf, xposIndex: map[string]int{}}
	for _, s := range sents {
		for _, t := range s {
			if _, ok := l.xposIndex[t.XPOS]; !ok {
				l.xposIndex[t.XPOS] = 0
				l.xpos = append(l.xpos, t.XPOS)
			}
		}
	}
	sort.Strings(l.xpos)
	l.cd = -1
	for i, x := range l.xpos {
		l.xposIndex[x] = i
		if x == "CD" {
			l.cd = i
		}
	}
	nx := len(l.xpos)

	// Case policy: for each tag, shape and sentence position, the transform
	// that most often gives the case of the gold lemma.
	cc := make([][numShapes * 2][numCases]int, nx)
	for _, s := range sents {
		for i, t := range s {
			form := normalize(t.Form)
			lower := strings.ToLower(form)
			if len(lower) != len(form) {
				continue
			}
			slot := caseSlot(caseShape(form), i == 0)
			x := l.xposIndex[t.XPOS]
			p := 0
			ll := strings.ToLower(t.Lemma)
			for p < len(lower) && p < len(ll) && lower[p] == ll[p] {
				p++
			}
			for c := uint8(0); c < numCases; c++ {
				if applyCase(c, form, lower)[:p] == t.Lemma[:p] {
					cc[x][slot][c]++
				}
			}
		}
	}
	l.caseOf = make([][numShapes * 2]uint8, nx)
	for x := range cc {
		for slot := range cc[x] {
			best := uint8(0)
			for c := uint8(1); c < numCases; c++ {
				if cc[x][slot][c] > cc[x][slot][best] {
					best = c
				}
			}
			l.caseOf[x][slot] = best
		}
	}

	// Types with their majority lower-case lemma.
	type key struct {
		lower string
		x     int
	}
	lemmaCounts := map[key]map[string]int{}
	for _, s := range sents {
		for _, t := range s {
			k := key{strings.ToLower(normalize(t.Form)), l.xposIndex[t.XPOS]}
			m := lemmaCounts[k]
			if m == nil {
				m = map[string]int{}
				lemmaCounts[k] = m
			}
			m[t.Lemma]++
		}
	}
	keys := make([]key, 0, len(lemmaCounts))
	for k := range lemmaCounts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].x != keys[j].x {
			return keys[i].x < keys[j].x
		}
		return keys[i].lower < keys[j].lower
	})

	// Suffix rule counts over types.
	type sufKey struct {
		x   int
		suf string
	}
	ruleCounts := map[sufKey]map[editRule]int{}
	for _, k := range keys {
		lem := strings.ToLower(majority(lemmaCounts[k]))
		r := editScript(k.lower, lem)
		for n := 0; n <= min(maxSuf, len(k.lower)); n++ {
			sk := sufKey{k.x, k.lower[len(k.lower)-n:]}
			m := ruleCounts[sk]
			if m == nil {
				m = map[editRule]int{}
				ruleCounts[sk] = m
			}
			m[r]++
		}
	}
	sks := make([]sufKey, 0, len(ruleCounts))
	for sk := range ruleCounts {
		sks = append(sks, sk)
	}
	sort.Slice(sks, func(i, j int) bool {
		if len(sks[i].suf) != len(sks[j].suf) {
			return len(sks[i].suf) < len(sks[j].suf)
		}
		if sks[i].x != sks[j].x {
			return sks[i].x < sks[j].x
		}
		return sks[i].suf < sks[j].suf
	})
	l.rules = make([]map[string]editRule, nx)
	for x := range l.rules {
		l.rules[x] = map[string]editRule{"": {}}
	}
	for _, sk := range sks { // shortest suffixes first
		m := ruleCounts[sk]
		total := 0
		for _, c := range m {
			total += c
		}
		best := bestRule(m)
		if sk.suf == "" {
			l.rules[sk.x][""] = best
			continue
		}
		if total < minSupport {
			continue
		}
		if l.rule(sk.suf, sk.x) == best {
			continue // a shorter suffix already gives this rule
		}
		l.rules[sk.x][sk.suf] = best
	}

	// Exceptions where the rules lose on the training tokens.
	l.exc = make([]map[string]string, nx)
	for x := range l.exc {
		l.exc[x] = map[string]string{}
	}
	ruleRight := map[key]int{}
	for _, s := range sents {
		for i, t := range s {
			form := normalize(t.Form)
			k := key{strings.ToLower(form), l.xposIndex[t.XPOS]}
			if l.learned(form, k.x, i == 0) == t.Lemma {
				ruleRight[k]++
			}
		}
	}
	for _, k := range keys {
		m := lemmaCounts[k]
		best := majority(m)
		if m[best] > ruleRight[k] {
			l.exc[k.x][k.lower] = best
		}
	}
	return l
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// majority returns the most frequent key, breaking ties by string order.
func majority(m map[string]int) string {
	best, bc := "", -1
	for s, c := range m {
		if c > bc || (c == bc && s < best) {
			best, bc = s, c
		}
	}
	return best
}

func bestRule(m map[editRule]int) editRule {
	var best editRule
	bc := -1
	for r, c := range m {
		if c > bc || (c == bc && (r.Strip < best.Strip || (r.Strip == best.Strip && r.Add < best.Add))) {
			best, bc = r, c
		}
	}
	return best
}

// numRules and numExceptions report the lemmatizer's size.
func (l *lemmatizer) size() (rules, exceptions int) {
	for x := range l.rules {
		rules += len(l.rules[x])
		exceptions += len(l.exc[x])
	}
	return
}

// isGroupedNumber reports whether s is a number with comma-grouped
// thousands, such as 1,250,000 or 12,000.50; its lemma drops the commas.
func isGroupedNumber(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 3 || i == len(s) {
		return false
	}
	groups := 0
	for i < len(s) && s[i] == ',' {
		if i+4 > len(s) {
			return false
		}
		for j := i + 1; j < i+4; j++ {
			if s[j] < '0' || s[j] > '9' {
				return false
			}
		}
		i += 4
		groups++
	}
	if groups == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i == len(s)
}

// pastTwin returns the index of VBN for VBD and of VBD for VBN, whose
// irregular forms share their lemmas; -1 for other tags.
func (l *lemmatizer) pastTwin(x int) int {
	if x < 0 || x >= len(l.xpos) {
		return -1
	}
	var twin string
	switch l.xpos[x] {
	case "VBD":
		twin = "VBN"
	case "VBN":
		twin = "VBD"
	default:
		return -1
	}
	if i, ok := l.xposIndex[twin]; ok {
		return i
	}
	return -1
}
