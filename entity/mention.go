// Package entity finds mentions of people, organisations, places and groups:
// names from the knowledge base, titled names ("Turkish Prime Minister Recep
// Tayyip Erdogan"), and nominal mentions that name an actor by its role ("the
// Kremlin press service", "Syrian authorities", "protesters").
//
// This first version reads the knowledge base and the shape of the text; a
// trained recogniser will replace the name finder.
package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/kb"
)

// Phrase is the structure of a mention: modifiers naming who it belongs to,
// the role noun, and the name.
type Phrase struct {
	// N is the number of words the phrase covers.
	N int
	// Det is true when the phrase opens with the definite article; an
	// indefinite one is covered but leaves Det false ("a firm" names no
	// particular actor).
	Det bool
	// Mods are knowledge-base entries that modify the noun or name
	// ("Russian", "the Kremlin", "Syria's").
	Mods []kb.Entry
	// Noun is the role noun ("foreign minister", "press service"), lower
	// case, or "".
	Noun string
	// NounInfo is the sector lexicon's reading of Noun.
	NounInfo kb.NounInfo
	// Name is the person's name when the phrase ends in one: [start, end)
	// word offsets relative to the phrase start.
	NameStart, NameEnd int
	// Entry is set when the whole phrase is one knowledge-base name.
	Entry *kb.Entry
	// Former is true when the role is qualified as past ("former
	// president", "ex-minister").
	Former bool
	// Count is the number of a plural reference to actors already named:
	// 2 for "the two leaders" and "both sides", 0 otherwise.
	Count int
}

// HasName reports whether the phrase ends in a person's name.
func (p Phrase) HasName() bool { return p.NameEnd > p.NameStart }

// Parse reads the longest mention starting at words[i]. upos holds the
// words' tags ("" when untagged). It returns false when no mention starts
// there. first reports whether words[i] opens the sentence (a capital there
// says nothing about names).
func Parse(k *kb.KB, words, upos []string, i int, first bool) (Phrase, bool) {
	var p Phrase
	j := i
	if j < len(words) && isArticle(words[j]) {
		p.Det = strings.EqualFold(words[j], "the")
		j++
	}
	// "the two leaders", "both sides": a plural reference back.
	if j < len(words) {
		if n := countWord(words[j]); n > 0 && (p.Det || n == 2 && strings.EqualFold(words[j], "both")) {
			if j+1 < len(words) && isCountNoun(words[j+1]) {
				p.Count, p.Noun, p.NounInfo, p.N = n, strings.ToLower(words[j+1]), kb.NounInfo{Group: true}, j+2-i
				return p, true
			}
			if _, _, ok := k.MatchNoun(words, j+1); ok {
				p.Count = n
				j++
			}
		}
	}
	// Modifiers: knowledge-base names and a few role adjectives.
	compound := false
	for j < len(words) {
		if e, n, ok := k.Match(words, j); ok && isModifierKind(e.Kind) && !namePart(k, e, words, j, n) {
			if j+n+1 < len(words) && words[j+n] == "-" && isLower(words[j+n+1]) {
				// A hyphenated compound: "Vietnamese-led forces" are
				// Vietnamese; "NATO-member Norway" and "US-backed rebels"
				// are not NATO's or American.
				if ledBy(words[j+n+1]) {
					p.Mods = append(p.Mods, e)
				}
				j += n + 2
				compound = true
				continue
			}
			// Stop when the name is the head of the phrase, not a modifier.
			if !followedByNoun(k, words, j+n) {
				break
			}
			p.Mods = append(p.Mods, e)
			j += n
			if j < len(words) && isPossessive(words[j]) {
				j++
			}
			continue
		}
		if isRoleAdjective(words[j]) && !headNounHere(k, words, j) {
			if isPastAdjective(words[j]) {
				p.Former = true
			}
			j++
			continue
		}
		break
	}
	// The role noun, possibly after adjectives ("foreign minister" is one
	// noun; "armed gangs" is an adjective and a noun). After a modifier,
	// nouns may qualify it too ("French paper workers", "Bangladeshi
	// peacekeeping troops").
	k2 := j
	ni, n, found := k.MatchNoun(words, k2)
	for x := 0; !found && x < 2 && k2 < len(words) && k2 < len(upos) && isLower(words[k2]) &&
		(upos[k2] == "ADJ" || len(p.Mods) > 0 && (upos[k2] == "NOUN" || upos[k2] == "VERB")); x++ {
		k2++
		ni, n, found = k.MatchNoun(words, k2)
	}
	if found && n > 0 && !longerName(k, words, i, j, k2+n) {
		p.Noun = strings.Join(lowerWords(words, k2, n), " ")
		p.NounInfo = ni
		j = k2 + n
	} else if compound && j < len(words) {
		// "NATO-member Norway": the name after the compound heads the
		// phrase.
		if q, ok := parseName(k, words, upos, j, false); ok && q.Noun == "" {
			q.N += j - i
			q.NameStart += j - i
			q.NameEnd += j - i
			q.Det = p.Det
			return q, true
		}
		return parseName(k, words, upos, i, first)
	} else if len(p.Mods) > 0 {
		// Modifiers without a noun: not a phrase of this shape.
		return parseName(k, words, upos, i, first)
	}
	if p.Noun != "" {
		// A title takes a name after it: "Prime Minister Vladimir Putin".
		if p.NounInfo.Title {
			ns, ne := nameRun(k, words, upos, j)
			if ne > ns {
				p.NameStart, p.NameEnd = ns-i, ne-i
				j = ne
			}
		}
		if !p.HasName() && len(p.Mods) == 0 && p.NounInfo.Title && j+1 < len(words) && (words[j] == "for" || words[j] == "of") {
			// "a spokeswoman for the European Commission": the body the
			// title belongs to follows it.
			at := j + 1
			if isArticle(words[at]) && at+1 < len(words) {
				at++
			}
			if e, n, ok := k.Match(words, at); ok && isModifierKind(e.Kind) {
				p.Mods = append(p.Mods, e)
				j = at + n
			}
		}
		if !p.HasName() && len(p.Mods) == 0 && !bareMention(p) {
			return parseName(k, words, upos, i, first)
		}
		p.N = j - i
		return p, true
	}
	return parseName(k, words, upos, i, first)
}

// parseName reads a knowledge-base name at words[i].
func parseName(k *kb.KB, words, upos []string, i int, first bool) (Phrase, bool) {
	e, n, ok := k.Match(words, i)
	if !ok && isArticle(words[i]) && i+1 < len(words) {
		// "the Syrians", "a Kremlin": kinds the knowledge base matches
		// without their article.
		if e, n, ok = k.Match(words, i+1); ok {
			n++
		}
	}
	if !ok || namePart(k, e, words, i+n-1, 1) && n == 1 {
		return Phrase{}, false
	}
	if e.Kind == kb.KindPerson {
		// Extend a dictionary person to the full run of name words.
		ns, ne := nameRun(k, words, upos, i)
		if ne > i+n {
			n = ne - i
		}
		_ = ns
		return Phrase{N: n, Entry: &e, NameStart: 0, NameEnd: n}, true
	}
	// A dictionary name that ends in a title and is followed by a name is a
	// titled person ("White House Spokesman Jay Carney").
	if last := strings.ToLower(words[i+n-1]); n > 1 {
		if ni, ok := k.Noun(last); ok && ni.Title {
			if ns, ne := nameRun(k, words, upos, i+n); ne > ns {
				return Phrase{N: ne - i, Mods: []kb.Entry{e}, Noun: last, NounInfo: ni,
					NameStart: ns - i, NameEnd: ne - i, Det: isArticle(words[i])}, true
			}
		}
	}
	return Phrase{N: n, Entry: &e, Det: isArticle(words[i])}, true
}

// nameRun returns the run of name words starting at words[j]: capitalised
// words, initials, and particles inside names ("Bashar al-Assad", "George W.
// Bush"). It stops at words the knowledge base knows as places or groups.
func nameRun(k *kb.KB, words, upos []string, j int) (int, int) {
	start := j
	for j < len(words) {
		w := words[j]
		switch {
		case (isCapitalised(w) || hasParticlePrefix(w)) && !isCalendarWord(w):
			if j > start {
				if e, _, ok := k.Match(words, j); ok && endsName(e.Kind) {
					return start, j
				}
			}
			j++
		case (w == "-" || w == "‐") && j > start && j+1 < len(words) && isCapitalised(words[j+1]):
			j++
		case isNameParticle(w) && j+1 < len(words) && (isCapitalised(words[j+1]) || words[j+1] == "-"):
			j++
		default:
			return start, j
		}
	}
	return start, j
}

// endsName reports kinds of names that do not continue a person's name
// ("President Obama Washington" is not one name).
func endsName(k kb.Kind) bool {
	switch k {
	case kb.KindCountry, kb.KindCapital, kb.KindDemonym, kb.KindRegion, kb.KindIGO, kb.KindSeat:
		return true
	}
	return false
}

func followedByNoun(k *kb.KB, words []string, j int) bool {
	if j < len(words) && isPossessive(words[j]) {
		j++
	}
	for n := 0; n < 2 && j < len(words) && isRoleAdjective(words[j]) && !headNounHere(k, words, j); n++ {
		j++
	}
	if j >= len(words) {
		return false
	}
	if _, _, ok := k.MatchNoun(words, j); ok {
		return true
	}
	// Another modifier: "Russian and Belarusian soldiers" is handled by the
	// caller as two phrases; "US Defense Secretary" chains.
	if e, _, ok := k.Match(words, j); ok && isModifierKind(e.Kind) && e.Kind != kb.KindCountry {
		return followedByNoun(k, words, j+1)
	}
	// "armed gangs", "paper workers", "peacekeeping troops": one or two
	// lower-case words before the noun.
	for n := 1; n <= 2 && j+n <= len(words) && isLower(words[j+n-1]); n++ {
		if _, _, ok := k.MatchNoun(words, j+n); ok {
			return true
		}
	}
	return false
}

// longerName reports whether a knowledge-base name starting at words[j]
// (the noun's position, with no modifier before it) runs past end, where
// the noun would stop: "Doctors Without Borders" is a name, not "doctors".
func longerName(k *kb.KB, words []string, i, j, end int) bool {
	if j != i && !(j == i+1 && isArticle(words[i])) {
		return false
	}
	e, n, ok := k.Match(words, j)
	return ok && j+n > end && e.Kind != kb.KindPerson
}

// headNounHere reports whether words[j], a word that can also be a role
// adjective ("military", "state"), is the phrase's noun: it is a lexicon
// noun and no lexicon noun follows it ("the Israeli military said").
func headNounHere(k *kb.KB, words []string, j int) bool {
	if _, _, ok := k.MatchNoun(words, j); !ok {
		return false
	}
	next := j + 1
	if next < len(words) && isRoleAdjective(words[next]) {
		next++
	}
	_, _, ok := k.MatchNoun(words, next)
	return !ok
}

// namePart reports a one-word region or direction name that begins a
// longer proper name the knowledge base does not list: "West" in "West
// Darfur" or "West Africans" is not the West.
func namePart(k *kb.KB, e kb.Entry, words []string, j, n int) bool {
	if e.Kind != kb.KindRegion || n != 1 || j+1 >= len(words) {
		return false
	}
	next := words[j+1]
	if !isCapitalised(next) || isCalendarWord(next) {
		return false
	}
	_, _, noun := k.MatchNoun(words, j+1)
	return !noun
}

// ledBy reports the second parts of hyphenated compounds that make the
// first part the head's owner: "Vietnamese-led", "state-run",
// "London-based".
func ledBy(w string) bool {
	switch strings.ToLower(w) {
	case "led", "run", "owned", "controlled", "dominated", "based", "commanded", "ruled", "held":
		return true
	}
	return false
}

// countWord returns the number a word names in a plural reference back
// ("two", "both", "three"), or 0.
func countWord(w string) int {
	switch strings.ToLower(w) {
	case "two", "both":
		return 2
	case "three":
		return 3
	case "four":
		return 4
	}
	return 0
}

// isCountNoun reports nouns that refer back to countries in a plural
// reference ("the two countries"), which the sector lexicon does not list.
func isCountNoun(w string) bool {
	switch strings.ToLower(w) {
	case "countries", "nations", "states", "neighbours", "neighbors":
		return true
	}
	return false
}

// isPastAdjective reports words that make a role a past one.
func isPastAdjective(w string) bool {
	switch strings.ToLower(w) {
	case "former", "ex", "then", "late":
		return true
	}
	return false
}

func isModifierKind(k kb.Kind) bool {
	switch k {
	case kb.KindCountry, kb.KindDemonym, kb.KindCapital, kb.KindSeat, kb.KindRegion, kb.KindIGO, kb.KindNGO, kb.KindGroup:
		return true
	}
	return false
}

func lowerWords(words []string, j, n int) []string {
	out := make([]string, 0, n)
	for ; j < len(words) && len(out) < n; j++ {
		out = append(out, strings.ToLower(words[j]))
	}
	return out
}

func isArticle(w string) bool {
	switch w {
	case "the", "The", "a", "A", "an", "An":
		return true
	}
	return false
}

func isPossessive(w string) bool { return w == "'s" || w == "’s" || w == "'" || w == "’" }

func isRoleAdjective(w string) bool {
	switch strings.ToLower(w) {
	case "senior", "top", "former", "acting", "deputy", "chief", "interim", "then", "local", "state", "federal", "national", "military":
		return true
	}
	return false
}

func isNameParticle(w string) bool {
	switch w {
	case "al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "du", "le", "la", "abu", "Abu":
		return true
	}
	return false
}

// hasParticlePrefix reports a name written with its particle and a hyphen:
// "al-Assad", "el-Sisi", "bin-Laden".
func hasParticlePrefix(w string) bool {
	p, rest, ok := strings.Cut(w, "-")
	return ok && isNameParticle(p) && isCapitalised(rest)
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

func isPlural(noun string) bool { return strings.HasSuffix(noun, "s") }

// bareMention reports whether a role noun with no modifier and no name is a
// mention of an actor: a title or body after an article ("the spokesman",
// "the government"), or a plural or collective body ("protesters",
// "soldiers", "police"). A bare singular ("a firm", "his regime") is not.
func bareMention(p Phrase) bool {
	ni := p.NounInfo
	if p.Det {
		return ni.Title || ni.Group
	}
	if !ni.Group {
		return false
	}
	return isPlural(p.Noun) || isCollective(p.Noun)
}

// isCollective lists singular nouns that name a body of people without an
// article ("police arrested", "army units").
func isCollective(noun string) bool {
	switch noun {
	case "police", "military", "army", "militia", "clergy", "navy", "security forces":
		return true
	}
	return false
}

// isCalendarWord reports month and weekday names, which follow names in news
// ("President Obama Monday") but are not part of them.
func isCalendarWord(w string) bool {
	switch strings.TrimSuffix(w, ".") {
	case "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
		"January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December",
		"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec":
		return true
	}
	return false
}
