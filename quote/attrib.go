package quote

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// A unit is a token index (>= 0) or a whole quote, coded -(pair index)-1.
// Sequences of units let the patterns below see a quote as one item.

func (v *view) tokAtOrAfter(off int) int {
	return sort.Search(len(v.toks), func(i int) bool { return v.toks[i].End > off })
}

// sentOfTok returns the index of the sentence holding token i, or -1.
func (v *view) sentOfTok(i int) int {
	k := sort.Search(len(v.sents), func(k int) bool { return v.sents[k].TokEnd > i })
	if k < len(v.sents) && v.sents[k].TokStart <= i {
		return k
	}
	return -1
}

// paraOf returns the index of the paragraph holding byte offset off, or -1.
func (v *view) paraOf(off int) int {
	k := sort.Search(len(v.paras), func(k int) bool { return v.paras[k].Span.End > off })
	if k < len(v.paras) && v.paras[k].Start <= off {
		return k
	}
	return -1
}

func (v *view) tokText(i int) string { return v.text[v.toks[i].Start:v.toks[i].End] }

func (v *view) low(u int) string {
	if u < 0 {
		return ""
	}
	return strings.ToLower(v.tokText(u))
}

func (v *view) isPunct(u int) bool {
	if u < 0 {
		return false
	}
	for _, r := range v.tokText(u) {
		if isWordRune(r) {
			return false
		}
	}
	return true
}

func (v *view) isWord(u int) bool { return u >= 0 && !v.isPunct(u) }

func (v *view) isMarkTok(i int) bool {
	t := v.tokText(i)
	if t == "''" || t == "``" {
		return true
	}
	r, w := utf8.DecodeRuneInString(t)
	return w == len(t) && isQuoteMarkRune(r)
}

// uspan is the byte span of a unit.
func (v *view) uspan(u int) doc.Span {
	if u >= 0 {
		return v.toks[u].Span
	}
	p := v.pairs[-u-1]
	return doc.Span{Start: p.open.Start, End: p.close.End}
}

// units lists tokens lo..hi-1 as units: each quote becomes one unit, and
// stray quotation marks are left out.
func (v *view) units(lo, hi int) []int {
	var out []int
	for i := lo; i < hi && i < len(v.toks); i++ {
		if pi := v.pairOf[i]; pi >= 0 {
			if len(out) == 0 || out[len(out)-1] != -pi-1 {
				out = append(out, -pi-1)
			}
			continue
		}
		if v.isMarkTok(i) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// npPunct is punctuation allowed inside a noun phrase.
func npPunct(w string) bool {
	switch w {
	case "’s", "'s", "-", "&", ".", "’", "'":
		return true
	}
	return false
}

func isTerminal(w string) bool {
	switch w {
	case ".", "!", "?", "…":
		return true
	}
	return false
}

// strongCue reports whether token u is an unambiguous cue form, for
// stopping noun phrases.
func (v *view) strongCue(u int) bool {
	if u < 0 {
		return false
	}
	f, ok := v.s.cues[v.low(u)]
	return ok && !f.weak && v.entOf[u] < 0
}

// cueAt returns the lemma when unit U[k] is a speech verb here.
func (v *view) cueAt(U []int, k int) (string, bool) {
	u := U[k]
	if u < 0 {
		return "", false
	}
	t := v.tokText(u)
	f, ok := v.s.cues[strings.ToLower(t)]
	if !ok || v.entOf[u] >= 0 {
		return "", false
	}
	if t != strings.ToLower(t) {
		if s := v.sentOfTok(u); s < 0 || v.sents[s].TokStart != u {
			return "", false
		}
	}
	prev := -1
	if k > 0 {
		prev = U[k-1]
	}
	if prev >= 0 && determiners[v.low(prev)] {
		return "", false
	}
	if v.tagged {
		if p := v.toks[u].UPOS; p != "VERB" && p != "" {
			return "", false
		}
	} else if f.weak {
		if prev < 0 {
			return "", false
		}
		w := v.low(prev)
		if _, pron := pronounTypes[w]; !pron && !v.entEnd[prev] && w != "," && w != "also" {
			return "", false
		}
	}
	return f.lemma, true
}

// np is a noun phrase given as unit positions [from, to) with the token
// range it covers.
type np struct {
	from, to int // unit positions
	lo, hi   int // token range
}

// backNP reads the speaker noun phrase that ends right before the cue at
// U[k], skipping auxiliaries and adverbs ("Lavrov has also said") and
// taking in an appositive ("Lavrov, Russia's foreign minister, said").
func (v *view) backNP(U []int, k int) (np, bool) {
	j := k - 1
	for j >= 0 && U[j] >= 0 && auxAdverbs[v.low(U[j])] {
		j--
	}
	if j < 0 || U[j] < 0 {
		return np{}, false
	}
	last := j
	if v.low(U[j]) == "," {
		c := -1
		for m := j - 1; m >= 0 && m >= j-24; m-- {
			if U[m] < 0 {
				break
			}
			w := v.low(U[m])
			if w == "," {
				c = m
				break
			}
			if (w == "who" || w == "which") && m > 0 && U[m-1] >= 0 && v.low(U[m-1]) == "," {
				continue // "X, who was ..., said": a relative apposition
			}
			if boundaryWords[w] || v.strongCue(U[m]) || (v.isPunct(U[m]) && !npPunct(w)) {
				break
			}
		}
		if c < 0 || c == j-1 {
			return np{}, false
		}
		j = c - 1
		last = k - 1 // the appositive ends the phrase
		for last > c && (v.isPunct(U[last]) || auxAdverbs[v.low(U[last])]) {
			last--
		}
	}
	headEnd := j
	if v.tagged && v.entOf[U[headEnd]] < 0 {
		// A noun phrase ends in a noun, a name or a pronoun, not a verb
		// ("the golf industry had", "it's", "he'd").
		switch v.toks[U[headEnd]].UPOS {
		case "VERB", "AUX", "PART", "ADP", "SCONJ", "CCONJ":
			return np{}, false
		}
	}
	for j >= 0 && U[j] >= 0 && headEnd-j < 12 {
		w := v.low(U[j])
		if boundaryWords[w] || backwardStop[w] || w == "," || v.strongCue(U[j]) || (v.isPunct(U[j]) && !npPunct(w)) {
			break
		}
		j--
	}
	from := j + 1
	for from <= headEnd && (leadingTrim[v.low(U[from])] || v.isPunct(U[from])) {
		from++
	}
	if from > headEnd {
		return np{}, false
	}
	return np{from: from, to: last + 1, lo: U[from], hi: U[last] + 1}, true
}

// fwdNP reads the noun phrase that starts at U[k] ("said Lavrov").
func (v *view) fwdNP(U []int, k int) (np, bool) {
	j := k
	for j < len(U) && U[j] >= 0 && j-k < 10 {
		w := v.low(U[j])
		if boundaryWords[w] || forwardStop[w] || (v.isPunct(U[j]) && !npPunct(w)) || v.strongCue(U[j]) {
			break
		}
		if v.tagged && v.entOf[U[j]] < 0 {
			// A speaker after its cue is a noun phrase: no verb in it
			// ("said the agreement might be “…”"), and it does not
			// open with a preposition ("said of Mr. Rubio").
			if u := v.toks[U[j]].UPOS; u == "VERB" || u == "AUX" || (j == k && u == "ADP") {
				break
			}
		}
		j++
	}
	for j > k && v.isPunct(U[j-1]) {
		j--
	}
	if j == k {
		return np{}, false
	}
	timeOnly := true
	for x := k; x < j; x++ {
		if w := v.low(U[x]); !weekdays[w] && !timeWords[w] {
			timeOnly = false
		}
	}
	if timeOnly {
		return np{}, false // "said Saturday": when, not who
	}
	return np{from: k, to: j, lo: U[k], hi: U[j-1] + 1}, true
}

// speechSlot reports whether U[k] is a past- or present-tense verb in the
// slot after quote p where news puts the speech verb, the quote ending in a
// comma, "!" or "?".
func (v *view) speechSlot(p pair, U []int, k int) bool {
	if !v.tagged || k >= len(U) || U[k] < 0 || v.entOf[U[k]] >= 0 {
		return false
	}
	t := v.toks[U[k]]
	if t.UPOS != "VERB" || (t.XPOS != "VBD" && t.XPOS != "VBZ") {
		return false
	}
	c := strings.TrimRightFunc(v.text[p.content.Start:p.content.End], unicode.IsSpace)
	return strings.HasSuffix(c, ",") || strings.HasSuffix(c, "!") || strings.HasSuffix(c, "?")
}

// nameLike reports whether phrase n holds a name or a pronoun: a speaker
// for a verb outside the cue lexicon.
func (v *view) nameLike(n np) bool {
	for i := n.lo; i < n.hi; i++ {
		if v.entOf[i] >= 0 {
			return true
		}
		if _, ok := pronounTypes[v.low(i)]; ok && n.hi-n.lo == 1 {
			return true
		}
	}
	return false
}

// timeWords are words of time phrases that follow a cue ("said on Monday
// night", "said last week").
var timeWords = set(`on in at last this next early late today yesterday tonight tomorrow morning
	afternoon evening night week weekend month year earlier later
	january february march april may june july august september october november december`)

// attrib is a cue and speaker found for a quote or frame.
type attrib struct {
	cue     doc.Span
	lemma   string
	speaker np
	anchor  int // where a pronoun search starts
}

// cueSpan returns the span of the cue at U[k], extended over "quoted as
// saying".
func (v *view) cueSpan(U []int, k int) (doc.Span, int) {
	sp := v.uspan(U[k])
	if v.low(U[k]) == "quoted" && k+2 < len(U) && v.low(U[k+1]) == "as" && strings.HasPrefix(v.low(U[k+2]), "say") {
		return doc.Span{Start: sp.Start, End: v.uspan(U[k+2]).End}, k + 3
	}
	return sp, k + 1
}

// skipAddressee skips the object of "tell" and a following "that".
func (v *view) skipAddressee(U []int, k int) int {
	for m := k; m < len(U) && m < k+6; m++ {
		if U[m] >= 0 && v.low(U[m]) == "that" {
			return m + 1
		}
	}
	if k < len(U) && U[k] >= 0 {
		if e := v.entOf[U[k]]; e >= 0 {
			k2 := k
			for k2 < len(U) && U[k2] >= 0 && v.entOf[U[k2]] == e {
				k2++
			}
			return k2
		}
		for m := k; m < len(U) && m < k+3 && U[m] >= 0; m++ {
			if addressees[v.low(U[m])] {
				return m + 1
			}
		}
	}
	return k
}

// preAttrib looks for a cue before quote pi in its sentence. adjacent
// reports that only ":", "," or "that" separate the cue and speaker from
// the quote.
func (v *view) preAttrib(pi int) (a attrib, adjacent, ok bool) {
	p := v.pairs[pi]
	ot := v.tokAtOrAfter(p.open.Start)
	si := v.sentOfTok(ot)
	if si < 0 {
		return a, false, false
	}
	U := v.units(v.sents[si].TokStart, ot)
	forced := false
	if !v.hasWord(U) {
		// A quote-only paragraph after one ending in "X said:".
		par := v.paraOf(p.open.Start)
		if par > 0 && onlySpace(v.text, v.paras[par].Start, p.open.Start) {
			prev := v.paras[par-1]
			if strings.HasSuffix(strings.TrimSpace(v.text[prev.Start:prev.Span.End]), ":") && prev.SentEnd > prev.SentStart && prev.SentEnd <= len(v.sents) {
				ls := v.sents[prev.SentEnd-1]
				U = v.units(ls.TokStart, ls.TokEnd)
				forced = true
			}
		}
	}
	for k := len(U) - 1; k >= 0; k-- {
		if U[k] < 0 {
			continue
		}
		if v.low(U[k]) == "according" && k+1 < len(U) && v.low(U[k+1]) == "to" {
			n, ok := v.fwdNP(U, k+2)
			if !ok {
				continue
			}
			a = attrib{cue: doc.Span{Start: v.uspan(U[k]).Start, End: v.uspan(U[k+1]).End}, lemma: "according to", speaker: n, anchor: p.open.Start}
			return a, forced || v.onlyGlue(U[n.to:]), true
		}
		lemma, isCue := v.cueAt(U, k)
		if !isCue {
			continue
		}
		cue, next := v.cueSpan(U, k)
		n, ok := v.backNP(U, k)
		tail := next
		if !ok && lemma != "tell" {
			// "…, said X, “…”": the name must run up to the quote.
			n, ok = v.fwdNP(U, next)
			tail = n.to
			ok = ok && v.onlyGlue(U[n.to:])
		}
		if ps, pok := v.participleSubject(U[k]); pok {
			// "…, adding: “…”": the participle's subject is its clause's.
			n, ok = ps, true
		}
		if !ok {
			continue
		}
		if lemma == "tell" {
			tail = v.skipAddressee(U, next)
		}
		a = attrib{cue: cue, lemma: lemma, speaker: n, anchor: min(p.open.Start, v.toks[n.lo].Start)}
		return a, forced || v.onlyGlue(U[tail:]), true
	}
	return a, false, false
}

// onlyGlue reports whether U holds nothing but ":", ",", "that" and dashes.
func (v *view) onlyGlue(U []int) bool {
	for _, u := range U {
		switch v.low(u) {
		case ":", ",", "that", "—", "–", "-":
		default:
			return false
		}
	}
	return true
}

func (v *view) hasWord(U []int) bool {
	for _, u := range U {
		if u < 0 || v.isWord(u) {
			return true
		}
	}
	return false
}

// postAttrib looks for a cue and speaker right after quote pi.
func (v *view) postAttrib(pi int) (attrib, bool) {
	p := v.pairs[pi]
	ct := v.tokAtOrAfter(p.close.Start)
	si := v.sentOfTok(ct)
	if si < 0 {
		return attrib{}, false
	}
	U := v.units(ct, v.sents[si].TokEnd)
	if len(U) > 0 && U[0] == -pi-1 {
		U = U[1:]
	}
	strict := false
	start := 0
	for start < len(U) && U[start] >= 0 && v.isPunct(U[start]) && !isTerminal(v.low(U[start])) {
		start++
	}
	if start == len(U) || (U[start] >= 0 && isTerminal(v.low(U[start]))) {
		// The sentence may have been split after the quote.
		content := strings.TrimRightFunc(v.text[p.content.Start:p.content.End], unicode.IsSpace)
		if si+1 >= len(v.sents) || v.sents[si+1].Paragraph != v.sents[si].Paragraph {
			return attrib{}, false
		}
		ns := v.sents[si+1]
		r, _ := utf8.DecodeRuneInString(v.text[ns.Start:])
		// After a full stop inside the quote, the next sentence is its
		// attribution only when it is nothing else ("“….” Trump said.").
		strict = !strings.HasSuffix(content, ",") && !unicode.IsLower(r)
		U = v.units(ns.TokStart, ns.TokEnd)
		for len(U) > 0 && U[len(U)-1] >= 0 && v.isPunct(U[len(U)-1]) {
			U = U[:len(U)-1]
		}
		start = 0
	}
	if start >= len(U) || U[start] < 0 {
		return attrib{}, false
	}
	if lemma, ok := v.cueAt(U, start); ok && lemma != "tell" {
		cue, next := v.cueSpan(U, start)
		if n, ok := v.fwdNP(U, next); ok && (!strict || v.tailOK(U[n.to:])) {
			return attrib{cue: cue, lemma: lemma, speaker: n, anchor: p.open.Start}, true
		}
		return attrib{}, false
	}
	if v.speechSlot(p, U, start) {
		// “This is fantastic!” beamed X: right after a quote that ends in a
		// comma, "!" or "?", any past-tense verb with a name is its cue.
		if n, ok := v.fwdNP(U, start+1); ok && v.nameLike(n) && (!strict || v.tailOK(U[n.to:])) {
			return attrib{cue: v.uspan(U[start]), lemma: v.low(U[start]), speaker: n, anchor: p.open.Start}, true
		}
	}
	if v.low(U[start]) == "according" && start+1 < len(U) && v.low(U[start+1]) == "to" {
		if n, ok := v.fwdNP(U, start+2); ok && (!strict || v.tailOK(U[n.to:])) {
			return attrib{cue: doc.Span{Start: v.uspan(U[start]).Start, End: v.uspan(U[start+1]).End}, lemma: "according to", speaker: n, anchor: p.open.Start}, true
		}
		return attrib{}, false
	}
	for k := start + 1; k < len(U) && k-start <= 30; k++ {
		if U[k] < 0 {
			break
		}
		lemma, ok := v.cueAt(U, k)
		if !ok && v.speechSlot(p, U, k) {
			// “…,” X gloated.
			if n, nok := v.backNP(U, k); nok && n.from == start && v.nameLike(n) {
				lemma, ok = v.low(U[k]), true
			}
		}
		if !ok {
			continue
		}
		n, ok := v.backNP(U, k)
		if !ok || n.from < start || !v.onlyTrim(U[start:n.from]) {
			return attrib{}, false
		}
		cue, next := v.cueSpan(U, k)
		if strict && !v.tailOK(U[next:]) {
			return attrib{}, false
		}
		return attrib{cue: cue, lemma: lemma, speaker: n, anchor: p.open.Start}, true
	}
	return attrib{}, false
}

// onlyTrim reports whether U holds only words dropped from the front of a
// speaker phrase and punctuation.
func (v *view) onlyTrim(U []int) bool {
	for _, u := range U {
		if u < 0 || !(leadingTrim[v.low(u)] || v.isPunct(u)) {
			return false
		}
	}
	return true
}

// frame is a reported-speech frame of a sentence.
type frame struct {
	attrib
	sent    int
	content doc.Span
}

// trimContent drops spaces and punctuation from the ends of a reported
// clause.
func (v *view) trimContent(sp doc.Span) doc.Span {
	for sp.End > sp.Start {
		r, w := utf8.DecodeLastRuneInString(v.text[sp.Start:sp.End])
		if unicode.IsSpace(r) || strings.ContainsRune(".!?…,;:—–", r) {
			sp.End -= w
			continue
		}
		break
	}
	for sp.End > sp.Start {
		r, w := utf8.DecodeRuneInString(v.text[sp.Start:sp.End])
		if unicode.IsSpace(r) || strings.ContainsRune(",;:—–", r) {
			sp.Start += w
			continue
		}
		break
	}
	return sp
}

// frameOf matches sentence si against the reported-speech frames.
func (v *view) frameOf(si int) (frame, bool) {
	s := v.sents[si]
	U := v.units(s.TokStart, s.TokEnd)
	for len(U) > 0 && U[len(U)-1] >= 0 && v.isPunct(U[len(U)-1]) {
		U = U[:len(U)-1]
	}
	if len(U) < 3 {
		return frame{}, false
	}
	sentStart := v.uspan(U[0]).Start
	end := v.uspan(U[len(U)-1]).End
	mk := func(a attrib, c doc.Span) (frame, bool) {
		c = v.trimContent(c)
		if c.End <= c.Start {
			return frame{}, false
		}
		return frame{attrib: a, sent: si, content: c}, true
	}
	first := 0
	for first < len(U) && U[first] >= 0 && leadingTrim[v.low(U[first])] {
		first++
	}
	// according to X, CLAUSE
	if first+2 < len(U) && v.low(U[first]) == "according" && v.low(U[first+1]) == "to" {
		if n, ok := v.fwdNP(U, first+2); ok && n.to < len(U) && v.low(U[n.to]) == "," && n.to+1 < len(U) {
			cue := doc.Span{Start: v.uspan(U[first]).Start, End: v.uspan(U[first+1]).End}
			return mk(attrib{cue: cue, lemma: "according to", speaker: n, anchor: v.toks[n.lo].Start}, doc.Span{Start: v.uspan(U[n.to+1]).Start, End: end})
		}
	}
	// CLAUSE, according to X
	for k := 1; k+2 < len(U); k++ {
		if v.low(U[k]) == "according" && v.low(U[k+1]) == "to" && v.low(U[k-1]) == "," {
			if n, ok := v.fwdNP(U, k+2); ok {
				cue := doc.Span{Start: v.uspan(U[k]).Start, End: v.uspan(U[k+1]).End}
				return mk(attrib{cue: cue, lemma: "according to", speaker: n, anchor: v.toks[n.lo].Start}, doc.Span{Start: sentStart, End: v.uspan(U[k-1]).Start})
			}
		}
	}
	// CLAUSE, X said / CLAUSE, said X
	for c := len(U) - 2; c >= 1; c-- {
		isQuote := U[c] < 0
		if !isQuote && v.low(U[c]) != "," {
			continue
		}
		if isQuote && (c+1 >= len(U) || U[c+1] < 0 || v.low(U[c+1]) == ",") {
			continue
		}
		k0 := c + 1
		var a attrib
		found := false
		if lemma, ok := v.cueAt(U, k0); ok && lemma != "tell" {
			cue, next := v.cueSpan(U, k0)
			if n, ok := v.fwdNP(U, next); ok && v.tailOK(U[n.to:]) {
				a, found = attrib{cue: cue, lemma: lemma, speaker: n, anchor: v.toks[n.lo].Start}, true
			}
		} else {
			for k := k0 + 1; k < len(U) && k-k0 <= 12; k++ {
				if U[k] < 0 {
					break
				}
				lemma, ok := v.cueAt(U, k)
				if !ok {
					continue
				}
				n, ok := v.backNP(U, k)
				cue, next := v.cueSpan(U, k)
				if lemma == "tell" {
					next = v.skipAddressee(U, next)
				}
				if ok && n.from >= k0 && v.onlyTrim(U[k0:n.from]) && v.tailOK(U[next:]) {
					a, found = attrib{cue: cue, lemma: lemma, speaker: n, anchor: v.toks[n.lo].Start}, true
				}
				break
			}
		}
		if !found {
			break
		}
		if c == 0 {
			break
		}
		cend := v.uspan(U[c]).Start
		if isQuote {
			cend = v.uspan(U[c]).End
		}
		if f, ok := mk(a, doc.Span{Start: sentStart, End: cend}); ok {
			return f, true
		}
		break
	}
	// X said (that) CLAUSE
	for k := 1; k < len(U); k++ {
		lemma, ok := v.cueAt(U, k)
		if !ok || strings.HasSuffix(v.low(U[k]), "ing") {
			continue
		}
		n, ok := v.backNP(U, k)
		if !ok {
			continue
		}
		if n.from > first && v.low(U[n.from-1]) != "," {
			break
		}
		cue, next := v.cueSpan(U, k)
		if lemma == "tell" {
			next = v.skipAddressee(U, next)
		} else if next < len(U) && v.low(U[next]) == "that" {
			next++
		}
		if next < len(U) {
			if f, ok := mk(attrib{cue: cue, lemma: lemma, speaker: n, anchor: v.toks[n.lo].Start}, doc.Span{Start: v.uspan(U[next]).Start, End: end}); ok && v.wordsIn(f.content) >= 2 {
				return f, true
			}
		}
		break
	}
	return frame{}, false
}

// tailOK reports whether U, what follows a cue and speaker at the end of a
// sentence, is at most an adverbial ("on Monday", "in a statement").
func (v *view) tailOK(U []int) bool {
	if len(U) == 0 {
		return true
	}
	if len(U) > 6 || U[0] < 0 {
		return false
	}
	w := v.low(U[0])
	return forwardStop[w] || weekdays[w] || w == ","
}

// wordsIn counts the word tokens inside sp.
func (v *view) wordsIn(sp doc.Span) int {
	n := 0
	for i := v.tokAtOrAfter(sp.Start); i < len(v.toks) && v.toks[i].End <= sp.End; i++ {
		if v.isWord(i) {
			n++
		}
	}
	return n
}
