package quote

import (
	"slices"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/doc"
)

// speakerEvent is the latest attribution seen, for continuations.
type speakerEvent struct {
	speaker *doc.Participant
	end     int // byte offset where the attributed text ends
	sent    int
	para    int
}

func (v *view) run() []doc.Quote {
	paraSpans := make([]doc.Span, len(v.paras))
	for i, p := range v.paras {
		paraSpans[i] = p.Span
	}
	var unbalanced []int
	v.pairs, unbalanced = findPairs(v.text, paraSpans)
	for i, off := range unbalanced {
		if i == 5 {
			v.d.Warn("quotes: %d more unbalanced quotation marks", len(unbalanced)-5)
			break
		}
		v.d.Warn("quotes: unbalanced quotation mark at byte %d", off)
	}
	v.pairOf = make([]int, len(v.toks))
	for i := range v.pairOf {
		v.pairOf[i] = -1
	}
	for pi, p := range v.pairs {
		for i := v.tokAtOrAfter(p.open.Start); i < len(v.toks) && v.toks[i].Start < p.close.End; i++ {
			v.pairOf[i] = pi
		}
	}
	frames := make([]*frame, len(v.sents))
	for si := range v.sents {
		if f, ok := v.frameOf(si); ok {
			frames[si] = &f
		} else if f, ok := v.depFrame(si); ok {
			frames[si] = &f
		}
	}

	var out []doc.Quote
	v.direct = make([]bool, len(v.pairs))
	var last *speakerEvent
	nextFrame := 0
	for pi, p := range v.pairs {
		if strings.TrimSpace(v.text[p.content.Start:p.content.End]) == "" {
			continue
		}
		// Frames of sentences that end before this quote count as earlier
		// attributions.
		for nextFrame < len(v.sents) && v.sents[nextFrame].Span.End <= p.open.Start {
			if f := frames[nextFrame]; f != nil {
				if sp := v.participant(f.speaker, f.anchor); sp != nil {
					last = &speakerEvent{speaker: sp, end: v.sents[nextFrame].Span.End, sent: nextFrame, para: v.paraOf(v.sents[nextFrame].Start)}
				}
			}
			nextFrame++
		}
		q := doc.Quote{Span: p.content, Direct: true}
		var a *attrib
		pre, preAdj, preOK := v.preAttrib(pi)
		post, postOK := v.postAttrib(pi)
		ot := v.tokAtOrAfter(p.open.Start)
		si := v.sentOfTok(ot)
		atStart := si >= 0 && !v.hasWord(v.units(v.sents[si].TokStart, ot))
		// A distant cue does not claim a short quoted term inside a noun
		// phrase ("a “Libyan scenario”"), nor one after "so-called".
		soCalled := v.soCalled(pi) || v.termInPhrase(pi, atStart)
		switch {
		case preOK && preAdj:
			a = &pre
		case postOK:
			a = &post
		case preOK && !soCalled:
			a = &pre
		case !soCalled && si >= 0 && frames[si] != nil && frames[si].content.Contains(doc.Span{Start: p.open.Start, End: p.open.Start}) && !v.pairRegion(pi).Contains(v.toks[frames[si].speaker.lo].Span):
			a = &frames[si].attrib
		}
		if a == nil && !soCalled {
			if ca, ok := v.colonAttrib(pi); ok {
				a = &ca
			} else if !v.scareShape(p, atStart) && !atStart {
				if ga, ok := v.governorAttrib(pi); ok {
					a = &ga
				}
			}
		}
		if a != nil {
			cue := a.cue
			q.Cue = &cue
			q.Speaker = v.participant(a.speaker, a.anchor)
		} else if v.scareShape(p, atStart) {
			q.Direct, q.Scare = false, true
		} else if last != nil && atStart && v.continues(last, pi, si) {
			sp := *last.speaker
			q.Speaker = &sp
		}
		if q.Direct {
			v.direct[pi] = true
			if q.Speaker != nil {
				cs := v.sentOfTok(v.tokAtOrAfter(p.close.Start))
				last = &speakerEvent{speaker: q.Speaker, end: p.close.End, sent: cs, para: v.paraOf(p.close.Start)}
			}
		}
		out = append(out, q)
	}

	// Indirect speech.
	for _, f := range frames {
		if f == nil || v.wordsIn(f.content) < 2 {
			continue
		}
		covered := 0
		for pi := range v.pairs {
			if !v.direct[pi] {
				continue
			}
			r := v.pairRegion(pi)
			lo, hi := max(r.Start, f.content.Start), min(r.End, f.content.End)
			if hi > lo {
				covered += hi - lo
			}
		}
		if 2*covered >= f.content.Len() {
			continue
		}
		sp := v.participant(f.speaker, f.anchor)
		if sp == nil {
			continue
		}
		cue := f.cue
		out = append(out, doc.Quote{Span: f.content, Direct: false, Cue: &cue, Speaker: sp})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// pairRegion is the span of a quote with its marks.
func (v *view) pairRegion(pi int) doc.Span {
	p := v.pairs[pi]
	return doc.Span{Start: p.open.Start, End: p.close.End}
}

// soCalled reports whether a scare trigger ("so-called") precedes quote pi.
func (v *view) soCalled(pi int) bool {
	ot := v.tokAtOrAfter(v.pairs[pi].open.Start)
	for i := ot - 1; i >= 0 && i >= ot-2; i-- {
		if scareTriggers[v.low(i)] {
			return true
		}
		if v.low(i) == "called" && i > 0 && v.low(i-1) == "so" {
			return true
		}
		if v.low(i) == "so" && i+2 < len(v.toks) && v.low(i+1) == "-" && v.low(i+2) == "called" {
			return true
		}
	}
	return false
}

// termInPhrase reports whether quote pi is a short quoted term used inside
// a noun phrase: scare-shaped, opened right after an article, a
// demonstrative or a preposition, and holding no verb when tags are known.
func (v *view) termInPhrase(pi int, atStart bool) bool {
	p := v.pairs[pi]
	if !v.scareShape(p, atStart) {
		return false
	}
	ot := v.tokAtOrAfter(p.open.Start)
	if ot <= 1 {
		return false
	}
	switch v.low(ot - 1) {
	case "a", "an", "the", "this", "that", "these", "those", "of", "for", "as", "into", "called", "dubbed", "termed":
	default:
		return false
	}
	if v.tagged {
		for i := ot; i < len(v.toks) && v.toks[i].Start < p.content.End; i++ {
			if u := v.toks[i].UPOS; u == "VERB" || u == "AUX" {
				return false
			}
		}
	}
	return true
}

// scareShape reports whether quote p looks like a scare-quoted phrase.
func (v *view) scareShape(p pair, atStart bool) bool {
	c := strings.TrimSpace(v.text[p.content.Start:p.content.End])
	if v.wordsIn(p.content) > 4 || strings.ContainsAny(c, "!?") {
		return false
	}
	body := strings.TrimRight(c, ".,")
	if strings.Contains(body, ". ") {
		return false
	}
	if strings.HasSuffix(c, ".") && atStart {
		return false
	}
	return true
}

// continues reports whether quote pi, which starts sentence si, continues
// the speech of the latest attribution.
func (v *view) continues(last *speakerEvent, pi, si int) bool {
	p := v.pairs[pi]
	par := v.paraOf(p.open.Start)
	if par < 0 || last.para < 0 {
		return false
	}
	if par == last.para {
		return si == last.sent || si == last.sent+1
	}
	if par != last.para+1 {
		return false
	}
	// The quote's paragraph must hold nothing but quoted text.
	pa := v.paras[par]
	if pa.SentStart >= pa.SentEnd || pa.SentEnd > len(v.sents) {
		return false
	}
	U := v.units(v.sents[pa.SentStart].TokStart, v.sents[pa.SentEnd-1].TokEnd)
	for _, u := range U {
		if u >= 0 && !v.isPunct(u) {
			return false
		}
	}
	return true
}

// participant resolves a speaker noun phrase; anchor is where a pronoun's
// antecedent search starts.
func (v *view) participant(n np, anchor int) *doc.Participant {
	lo, hi := n.lo, n.hi
	for lo < hi && (leadingTrim[v.low(lo)] || v.isPunct(lo)) {
		lo++
	}
	for hi > lo && v.isPunct(hi-1) && !npPunct(v.low(hi-1)) {
		hi--
	}
	if lo >= hi {
		return nil
	}
	phrase := doc.Span{Start: v.toks[lo].Start, End: v.toks[hi-1].End}
	if hi-lo == 1 {
		if types, ok := pronounTypes[v.low(lo)]; ok {
			return v.resolvePronoun(phrase, types, min(anchor, phrase.Start))
		}
	}
	best, bestTier := -1, 99
	// Only entities overlapping [lo, hi) can head the phrase; find them
	// through the token index rather than scanning every entity.
	var cands []int
	for i := lo; i < hi && i < len(v.entOf); i++ {
		if k := v.entOf[i]; k >= 0 && (len(cands) == 0 || cands[len(cands)-1] != k) {
			cands = append(cands, k)
		}
	}
	for _, k := range cands {
		e := v.ents[k]
		if e.first < lo || e.end > hi {
			if !(e.first < hi && e.end > lo) {
				continue
			}
		}
		dependent := false
		if e.end < len(v.toks) {
			switch v.low(e.end) {
			case "’s", "'s", "’", "'":
				dependent = true
			}
		}
		for i := e.first - 1; i >= lo; i-- {
			w := v.low(i)
			if w == "the" || w == "a" || w == "an" {
				continue
			}
			if w == "of" || w == "for" || w == "from" || w == "at" || w == "with" || w == "to" {
				dependent = true
			}
			break
		}
		seg := 0
		for i := lo; i < e.first; i++ {
			if v.low(i) == "," {
				seg = 1
			}
		}
		tier := 0
		switch {
		case dependent:
			tier = 4
		case seg > 0:
			tier = 2
		}
		if e.Actor == "" {
			tier++
		}
		if tier <= bestTier { // ties go to the rightmost entity
			best, bestTier = k, tier
		}
	}
	if best < 0 {
		return &doc.Participant{Span: phrase}
	}
	e := v.ents[best]
	if bestTier >= 4 {
		return v.mkParticipant(e.Actor, phrase)
	}
	return v.mkParticipant(e.Actor, e.Span)
}

func (v *view) mkParticipant(actor string, sp doc.Span) *doc.Participant {
	p := &doc.Participant{Actor: actor, Span: sp}
	if actor != "" {
		if a := v.d.ActorByID(actor); a != nil {
			p.Country, p.Sector = a.Country, a.Sector
		}
	}
	return p
}

// resolvePronoun finds the closest entity before anchor, outside quotes,
// with an actor and one of types.
func (v *view) resolvePronoun(sp doc.Span, types []string, anchor int) *doc.Participant {
	// Start at the last entity ending by the anchor, and look back over a
	// bounded number of entities: an antecedent is near, and the bound keeps
	// long documents linear.
	const window = 100
	top := sort.Search(len(v.ents), func(k int) bool { return v.ents[k].Span.End > anchor })
	plural := len(types) > 0 && sp.End-sp.Start == 4 && strings.EqualFold(v.text[sp.Start:sp.End], "they")
	best, bestScore, bestSent := -1, -1, -1
	for k := top - 1; k >= 0 && k >= top-window; k-- {
		e := v.ents[k]
		if e.Actor == "" || v.pairOf[e.first] >= 0 || !slices.Contains(types, e.Type) {
			continue
		}
		sent := v.sentOf(e.first)
		if best >= 0 && sent != bestSent {
			break // the nearest sentence with a candidate decides
		}
		// Within it, a subject outranks other mentions, and "they" a
		// plural one ("Syrian rebels" before "an army post").
		score := 0
		if v.tagged && v.isSubject(e) {
			score += 2
		}
		if plural && v.tagged && v.isPlural(e) {
			score++
		}
		if score > bestScore {
			best, bestScore, bestSent = k, score, sent
		}
	}
	if best >= 0 {
		return v.mkParticipant(v.ents[best].Actor, sp)
	}
	return &doc.Participant{Span: sp}
}

// sentOf returns the index of the sentence holding view token t.
func (v *view) sentOf(t int) int {
	return sort.Search(len(v.sents), func(i int) bool { return v.sents[i].TokEnd > t })
}

// isSubject reports whether a token of entity e is a clause subject.
func (v *view) isSubject(e entity) bool {
	for t := e.first; t < e.end; t++ {
		if r := v.toks[t].Rel; r == "nsubj" || r == "nsubj:pass" {
			return true
		}
	}
	return false
}

// isPlural reports whether entity e ends in a plural noun.
func (v *view) isPlural(e entity) bool {
	x := v.toks[e.end-1].XPOS
	return x == "NNS" || x == "NNPS"
}
