package event

import (
	"github.com/dyad-events/dyad/doc"
)

// The rules below find an event's participants from the token sequence and
// the entity layer. They prefer silence to guessing: a subject must sit next
// to its verb, apart from auxiliaries, adverbs, time expressions, appositives
// and catenative verbs ("has been trying to").

// skippable reports whether token i may stand between a subject and its verb.
func (c *coder) skippable(i int) bool {
	if c.timex[i] {
		return true
	}
	switch c.low[i] {
	case "not", "n't", "never", "also", "earlier", "later", "repeatedly", "again", "already", "still", "reportedly",
		"has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "will", "would", "could", "should",
		"might", "may", "must", "can", "shall", "'ll", "’ll", "did", "does", "do", "to", "then", "jointly", "now",
		"today", "yesterday", "on", "in", "this", "week", "the", "day", "allegedly", "apparently", "formally", "publicly", "officially":
		return true
	}
	if isCatenative(c.lemma[i]) {
		return true
	}
	switch c.d.Tokens[i].UPOS {
	case "ADV", "AUX":
		return true
	}
	return false
}

// isCatenative reports whether a verb takes the next verb as its infinitive
// complement with the same subject ("tried to persuade").
func isCatenative(lemma string) bool {
	switch lemma {
	case "try", "attempt", "seek", "want", "plan", "decide", "vow", "continue", "begin", "hope", "intend",
		"aim", "expect", "prepare", "move", "threaten", "offer", "start", "need", "wish", "fail":
		return true
	}
	return false
}

// isIntentVerb reports catenative verbs whose complement has not happened
// yet ("plans to visit"), unlike attempts ("tried to persuade").
func isIntentVerb(lemma string) bool {
	switch lemma {
	case "plan", "decide", "vow", "hope", "intend", "aim", "expect", "prepare", "threaten", "offer", "want", "wish", "agree", "promise", "pledge":
		return true
	}
	return false
}

// subject finds the actors of the verb at head: the entity group that ends
// next to it. pron reports whether the subject was a resolved pronoun.
func (c *coder) subject(head, si int) (ps []doc.Participant, pron bool) {
	s := c.d.Sentences[si]
	i := head - 1
	for i >= s.TokStart && c.skippable(i) && c.entAt[i] < 0 {
		i--
	}
	if i < s.TokStart {
		return nil, false
	}
	if j := c.locativeStart(i, s.TokStart); j >= 0 {
		// "police in Istanbul detained": the subject stands before the
		// place phrase that modifies it.
		i = j - 1
		for i >= s.TokStart && c.skippable(i) && c.entAt[i] < 0 {
			i--
		}
		if i < s.TokStart {
			return nil, false
		}
	}
	if c.low[i] == "and" || c.low[i] == "but" {
		// "X met in Ankara and agreed": a coordinated verb shares the
		// subject of the verb before it.
		for k := i - 1; k > s.TokStart; k-- {
			if isClauseBreak(c.low[k]) {
				break
			}
			if c.d.Tokens[k].UPOS == "VERB" && c.entAt[k] < 0 {
				return c.subject(k, si)
			}
		}
		return nil, false
	}
	if c.low[i] == "," {
		// "X, one of ..., indicated": the subject stands before the
		// appositive that the commas enclose.
		j := i - 1
		for j > s.TokStart && c.low[j] != "," {
			if isClauseBreak(c.low[j]) {
				return nil, false
			}
			j--
		}
		if j <= s.TokStart || c.entAt[j-1] < 0 {
			return nil, false
		}
		i = j - 1
	}
	if ei := c.entAt[i]; ei >= 0 {
		return c.groupLeft(ei, s.TokStart), false
	}
	if p, ok := c.pronoun(i, si); ok {
		return []doc.Participant{p}, true
	}
	return nil, false
}

// locativeStart returns the index of the preposition opening a place
// phrase ("in Istanbul", "at the border") that ends at token i, or -1.
func (c *coder) locativeStart(i, first int) int {
	if c.d.Tokens[i].UPOS != "PROPN" && c.entAt[i] < 0 {
		return -1
	}
	for k := i; k >= first && k >= i-4; k-- {
		switch c.low[k] {
		case "in", "at", "from", "near", "outside", "across":
			if k > first && c.entAt[k-1] >= 0 {
				return k
			}
			return -1
		}
		if c.d.Tokens[k].UPOS != "PROPN" && c.entAt[k] < 0 && !isDeterminer(c.low[k]) {
			return -1
		}
	}
	return -1
}

// groupLeft returns the coordinated entity group that ends with entity ei
// ("Medvedev and Erdogan"; "Russia, China and Iran"), in text order. Every
// member must be coded, or the group is empty.
func (c *coder) groupLeft(ei, first int) []doc.Participant {
	members := []int{ei}
	k := c.d.Entities[ei].TokStart - 1
	for k > first && isConnector(c.low[k]) {
		j := k - 1
		if c.low[j] == "," && c.low[k] == "and" && j > first { // "A, B, and C"
			j--
		}
		if c.entAt[j] < 0 {
			break
		}
		members = append(members, c.entAt[j])
		k = c.d.Entities[c.entAt[j]].TokStart - 1
	}
	out := make([]doc.Participant, 0, len(members))
	for m := len(members) - 1; m >= 0; m-- {
		ps := c.parts(members[m])
		if len(ps) == 0 {
			return nil
		}
		out = append(out, ps...)
	}
	return out
}

// groupRight returns the coordinated entity group that starts with entity ei.
func (c *coder) groupRight(ei, end int) []doc.Participant {
	var out []doc.Participant
	for {
		ps := c.parts(ei)
		if len(ps) == 0 {
			return out
		}
		out = append(out, ps...)
		k := c.d.Entities[ei].TokEnd
		if k >= end || !isConnector(c.low[k]) {
			return out
		}
		j := k + 1
		if c.low[k] == "," && j < end && c.low[j] == "and" {
			j++
		}
		for j < end && isDeterminer(c.low[j]) {
			j++
		}
		if j >= end || c.entAt[j] < 0 {
			return out
		}
		next := c.entAt[j]
		if c.d.Entities[next].Type == "NORP" {
			return out // "Israel, a Saudi-owned weekly": not a member
		}
		if c.low[k] == "," && !c.listContinues(next, end) {
			// A comma joins list members only when the list goes on
			// ("Russia, China and Iran"); otherwise it ends the phrase.
			return out
		}
		ei = next
	}
}

// listContinues reports whether entity ei is followed by another list
// connector, or ends the sentence's clause as the last of "A, B and C"
// would not: "," or "and"/"or" right after it.
func (c *coder) listContinues(ei, end int) bool {
	k := c.d.Entities[ei].TokEnd
	return k < end && (c.low[k] == "," || c.low[k] == "and" || c.low[k] == "or")
}

func isConnector(w string) bool {
	return w == "and" || w == "," || w == "&" || w == "-" || w == "/"
}

func isDeterminer(w string) bool {
	switch w {
	case "the", "a", "an", "its", "their", "his", "her", "both", "all":
		return true
	}
	return false
}

// parts returns the participants entity ei names: its actor, and the
// further actors of a plural reference ("the two leaders").
func (c *coder) parts(ei int) []doc.Participant {
	p, ok := c.part(ei)
	if !ok {
		return nil
	}
	out := []doc.Participant{p}
	for _, id := range c.d.Entities[ei].Also {
		if a := c.d.ActorByID(id); a != nil {
			out = append(out, doc.Participant{Actor: a.ID, Span: p.Span, Country: a.Country, Sector: a.Sector})
		}
	}
	return out
}

func (c *coder) part(ei int) (doc.Participant, bool) {
	e := c.d.Entities[ei]
	if e.Actor == "" {
		return doc.Participant{}, false
	}
	a := c.d.ActorByID(e.Actor)
	if a == nil {
		return doc.Participant{}, false
	}
	return doc.Participant{Actor: a.ID, Span: e.Span, Country: a.Country, Sector: a.Sector}, true
}

// pronoun resolves a third-person pronoun at token i to the nearest earlier
// compatible coded entity in this or the previous sentence: he and she to a
// person, it and they to anything but a person.
func (c *coder) pronoun(i, si int) (doc.Participant, bool) {
	var person bool
	switch c.low[i] {
	case "we", "i":
		// In a direct quote the first person is the speaker ("We condemn
		// all violence," he said).
		if q := c.quoteOf[i]; q >= 0 {
			if sp := c.d.Quotes[q].Speaker; sp != nil && sp.Actor != "" {
				p := *sp
				p.Span = c.d.Tokens[i].Span
				return p, true
			}
		}
		return doc.Participant{}, false
	case "he", "she":
		person = true
	case "it", "they":
		if c.expletive(i) {
			return doc.Participant{}, false
		}
	default:
		return doc.Participant{}, false
	}
	first := c.d.Sentences[max(si-1, 0)].TokStart
	best, bestScore, bestSent := -1, -1, -1
	for k := i - 1; k >= first; k-- {
		ei := c.entAt[k]
		if ei < 0 {
			continue
		}
		e := c.d.Entities[ei]
		k = e.TokStart
		if (e.Type == "PERSON") != person || e.Type == "NORP" {
			continue
		}
		// An organisation no dictionary knows still takes the pronoun
		// when it is the likelier antecedent ("The ILO said ... in
		// Indonesia. It called for ..."): then the pronoun names no coded
		// actor, rather than a wrong one.
		uncoded := e.Actor == "" && e.Type == "ORG" && !person
		p, ok := c.part(ei)
		if !uncoded && (!ok || !person && p.Country == "") {
			continue // a body without a country is a poor antecedent
		}
		sent := c.d.SentenceAt(e.Start)
		if best >= 0 && sent != bestSent {
			break // the nearest sentence with a candidate decides
		}
		// There, a subject outranks other mentions, and "they" a plural
		// one.
		score := 0
		for t := e.TokStart; t < e.TokEnd; t++ {
			if r := c.d.Tokens[t].Rel; r == "nsubj" || r == "nsubj:pass" {
				score += 2
				break
			}
		}
		if x := c.d.Tokens[e.TokEnd-1].XPOS; c.low[i] == "they" && (x == "NNS" || x == "NNPS") {
			score++
		}
		if score > bestScore {
			best, bestScore, bestSent = ei, score, sent
		}
	}
	if best < 0 || c.d.Entities[best].Actor == "" {
		return doc.Participant{}, false
	}
	p, _ := c.part(best)
	p.Span = c.d.Tokens[i].Span
	return p, true
}

// expletive reports an "it" that stands for nothing: the parse says so, or
// it opens "it is/was ..." with a clause that is the real subject ("It's
// all very well criticising that policy", "It is clear that ...").
func (c *coder) expletive(i int) bool {
	if c.d.Tokens[i].Rel == "expl" {
		return true
	}
	if c.low[i] != "it" || i+1 >= len(c.low) {
		return false
	}
	switch c.low[i+1] {
	case "'s", "’s", "is", "was", "would", "will", "seems", "seemed", "remains":
	default:
		return false
	}
	h := c.head(i)
	if h < 0 {
		return false
	}
	if c.d.Tokens[h].XPOS == "VBG" && c.child(h, "cop") >= 0 {
		return true // "it is all very well criticising ..." misparsed
	}
	if u := c.d.Tokens[h].UPOS; u != "ADJ" && u != "ADV" && u != "NOUN" {
		return false
	}
	for _, m := range c.kids[h] {
		switch c.rel(m, false) {
		case "csubj", "ccomp", "xcomp", "advcl":
			return m > h
		}
	}
	return false
}

// nounActor finds who performs an event noun: a possessor ("the Syrian
// government's crackdown"), adjectival actors ("the Russian-Chinese veto"), or
// a "by" phrase right after the noun ("an attack by rebels").
func (c *coder) nounActor(t trigger) []doc.Participant {
	s := c.d.Sentences[c.d.SentenceAt(c.d.Tokens[t.head].Start)]
	i := t.head - 1
	for n := 0; i >= s.TokStart && n < 4 && c.entAt[i] < 0 && isModifier(c.d.Tokens[i].UPOS, c.low[i]); n++ {
		if (c.low[i] == "-" || c.low[i] == "–") && i+1 < t.head && !ownerCompound(c.low[i+1]) {
			// "a Madrid-style bombing", "Iraq-related attacks": the
			// name compares or relates, it does not act.
			return nil
		}
		i--
	}
	if i >= s.TokStart && (c.low[i] == "'s" || c.low[i] == "’s" || c.low[i] == "'") {
		i--
	}
	if i >= s.TokStart {
		if ei := c.entAt[i]; ei >= 0 && !c.placeBeforeMeeting(ei, i, t) {
			return c.groupLeft(ei, s.TokStart)
		}
	}
	if t.end < s.TokEnd && c.low[t.end] == "by" && t.end+1 < s.TokEnd {
		j := t.end + 1
		for j < s.TokEnd && isDeterminer(c.low[j]) {
			j++
		}
		if j < s.TokEnd && c.entAt[j] >= 0 {
			return c.groupRight(c.entAt[j], s.TokEnd)
		}
	}
	return nil
}

// ownerCompound reports the second parts of hyphenated compounds that make
// the name before them the owner: "Vietnamese-led", "state-run",
// "US-backed" (the backer acts through them), "Syrian-held".
func ownerCompound(w string) bool {
	switch w {
	case "led", "run", "owned", "controlled", "dominated", "based", "commanded", "ruled", "held", "backed", "sponsored", "funded", "organised", "organized":
		return true
	}
	return false
}

func isModifier(upos, w string) bool {
	switch upos {
	case "ADJ", "NUM", "NOUN":
		return true
	}
	return w == "-" || w == "–"
}

// isPassive reports whether the verb at head is a passive participle ("was
// attacked").
func (c *coder) isPassive(head int) bool {
	if x := c.d.Tokens[head].XPOS; x != "" && x != "VBN" {
		return false
	}
	for i := head - 1; i >= 0 && i >= head-3; i-- {
		switch c.low[i] {
		case "is", "are", "was", "were", "been", "being", "be", "get", "got":
			return true
		}
		if c.d.Tokens[i].UPOS != "ADV" {
			return false
		}
	}
	return false
}

// object finds the recipient after a verb: the first coded entity group in
// the clause before another verb or a clause boundary.
func (c *coder) object(from, si int) []doc.Participant {
	s := c.d.Sentences[si]
	sawNoun := false
	for j := from; j < s.TokEnd && j < from+12; j++ {
		if ei := c.entAt[j]; ei >= 0 {
			return c.groupRight(ei, s.TokEnd)
		}
		if c.d.Tokens[j].UPOS == "VERB" && c.participleModifier(j, s.TokEnd) {
			continue // "rejected proposed Israeli changes"
		}
		if isClauseBreak(c.low[j]) || c.low[j] == "," || c.d.Tokens[j].UPOS == "VERB" || c.quote[j] {
			return nil
		}
		switch c.d.Tokens[j].UPOS {
		case "NOUN", "PROPN", "PRON", "NUM":
			sawNoun = true
		case "ADP":
			// "met in Ankara": a preposition before any object ends the
			// search; "condemns the violence in Syria" reaches past the
			// object into its modifier.
			if !sawNoun {
				return nil
			}
		}
	}
	return nil
}

// afterPrep finds the coded entity group governed by the first preposition
// prep after from in the clause ("blame the violence on armed gangs").
func (c *coder) afterPrep(from int, prep string, si int) []doc.Participant {
	s := c.d.Sentences[si]
	for j := from; j < s.TokEnd && j < from+12; j++ {
		if isClauseBreak(c.low[j]) || c.quote[j] {
			return nil
		}
		if c.low[j] != prep {
			continue
		}
		k := j + 1
		for k < s.TokEnd && c.entAt[k] < 0 && (isDeterminer(c.low[k]) || c.d.Tokens[k].UPOS == "ADJ") {
			k++
		}
		if k < s.TokEnd && c.entAt[k] >= 0 {
			return c.groupRight(c.entAt[k], s.TokEnd)
		}
		return nil
	}
	return nil
}

// objectIsRelative reports whether the verb's object is a relative pronoun
// before its subject ("the draft, which the West criticized").
func (c *coder) objectIsRelative(head, si int) bool {
	s := c.d.Sentences[si]
	i := head - 1
	for i >= s.TokStart && c.skippable(i) && c.entAt[i] < 0 {
		i--
	}
	if i < s.TokStart || c.entAt[i] < 0 {
		return false
	}
	j := c.d.Entities[c.entAt[i]].TokStart - 1
	for j >= s.TokStart && isDeterminer(c.low[j]) {
		j--
	}
	return j >= s.TokStart && (c.low[j] == "which" || c.low[j] == "that" || c.low[j] == "whom")
}

// relativeAntecedent returns the coded entity nearest before the relative
// clause holding the verb: for criticism of a thing, the recipient is the
// actor the thing belongs to ("Moscow has proposed its own draft, which the
// West criticized").
func (c *coder) relativeAntecedent(head, si int) []doc.Participant {
	s := c.d.Sentences[si]
	i := head - 1
	for i >= s.TokStart && c.low[i] != "which" && c.low[i] != "that" && c.low[i] != "whom" {
		i--
	}
	for k := i - 1; k >= s.TokStart; k-- {
		if ei := c.entAt[k]; ei >= 0 {
			if p, ok := c.part(ei); ok {
				return []doc.Participant{p}
			}
			return nil
		}
	}
	return nil
}

// modality reads negation, hypotheticals and futures from the words before
// the trigger in its clause.
func (c *coder) modality(t trigger, si int) doc.Modality {
	var m doc.Modality
	s := c.d.Sentences[si]
	for i := t.head - 1; i >= s.TokStart && i >= t.head-5; i-- {
		if c.entAt[i] >= 0 && t.entry.Noun && i > s.TokStart && !isClauseBreak(c.low[i-1]) {
			continue // "no UK apology": a modifier inside the noun phrase
		}
		if c.entAt[i] >= 0 || isClauseBreak(c.low[i]) {
			if c.low[i] == "if" {
				m.Hypothetical = true
			}
			break
		}
		switch c.low[i] {
		case "not", "n't", "never", "no":
			m.Negated = true
		case "will", "'ll", "’ll", "shall":
			m.Future = true
		case "had":
			if i == t.head-1 || c.d.Tokens[i+1].UPOS == "ADV" {
				m.Historical = true // pluperfect: before the time of the report
			}
		case "would":
			m.Future, m.Hypothetical = true, true
		case "could", "might", "may", "should":
			m.Hypothetical = true
		case "to":
			if i > s.TokStart && isIntentVerb(c.lemma[i-1]) {
				m.Future = true
			}
		}
	}
	return m
}

// source finds who reports the event: "according to X", a closing ", X
// said", or a speech verb whose complement holds the trigger ("X said that
// ...").
func (c *coder) source(si int, t trigger) *doc.Participant {
	if q := c.quoteOf[t.head]; q >= 0 {
		if sp := c.d.Quotes[q].Speaker; sp != nil && sp.Actor != "" {
			p := *sp
			return &p
		}
	}
	s := c.d.Sentences[si]
	for i := s.TokStart; i+2 < s.TokEnd; i++ {
		if c.low[i] != "according" || c.low[i+1] != "to" {
			continue
		}
		k := i + 2
		for k < s.TokEnd && isDeterminer(c.low[k]) {
			k++
		}
		if k < s.TokEnd && c.entAt[k] >= 0 {
			if p, ok := c.part(c.entAt[k]); ok {
				return &p
			}
		}
	}
	// ", the press service said." after the trigger.
	for i := s.TokEnd - 1; i > t.end; i-- {
		if c.low[i] != "," {
			continue
		}
		for j := i + 1; j < s.TokEnd && j <= i+8; j++ {
			if !c.isSpeech(j) {
				continue
			}
			if ei := c.entAt[j-1]; ei >= 0 {
				if p, ok := c.part(ei); ok {
					return &p
				}
			}
			if j+1 < s.TokEnd {
				k := j + 1
				for k < s.TokEnd && isDeterminer(c.low[k]) {
					k++
				}
				if k < s.TokEnd && c.entAt[k] >= 0 {
					if p, ok := c.part(c.entAt[k]); ok {
						return &p
					}
				}
			}
			break
		}
		break
	}
	// "X said (that) ... trigger".
	for j := t.head - 1; j > s.TokStart; j-- {
		if !c.isSpeech(j) {
			continue
		}
		ps, _ := c.subject(j, si)
		if len(ps) == 1 {
			return &ps[0]
		}
		break
	}
	return nil
}

// isSpeech reports whether token i is a speech verb ("said", not "States").
func (c *coder) isSpeech(i int) bool {
	if u := c.d.Tokens[i].UPOS; u != "" && u != "VERB" {
		return false
	}
	return isSpeechVerb(c.lemma[i])
}

func isSpeechVerb(lemma string) bool {
	switch lemma {
	case "say", "tell", "add", "report", "announce", "state", "note", "stress", "insist", "claim", "declare",
		"indicate", "explain", "quote", "write", "reply", "confirm", "warn", "argue", "reiterate", "repeat",
		"emphasize", "emphasise", "underline", "maintain", "believe", "assert":
		return true
	}
	return false
}

// placeBeforeMeeting reports a place name right before a meeting noun ("a
// Brussels summit", "the Geneva talks"): where it met, not who.
func (c *coder) placeBeforeMeeting(ei, i int, t trigger) bool {
	if t.entry.Code.Type != "CONSULT" || c.d.Entities[ei].Type != "GPE" {
		return false
	}
	return i+1 < len(c.low) && c.low[i+1] != "'s" && c.low[i+1] != "’s"
}

// participleModifier reports a participle used as an adjective before a
// noun: "proposed changes", "continued attacks".
func (c *coder) participleModifier(j, end int) bool {
	x := c.d.Tokens[j].XPOS
	if x != "VBN" && x != "VBG" || j+1 >= end {
		return false
	}
	if c.d.Tokens[j].Rel == "amod" {
		return true
	}
	switch c.d.Tokens[j+1].UPOS {
	case "NOUN", "ADJ":
		return true
	}
	return c.entAt[j+1] >= 0
}
