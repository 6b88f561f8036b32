package quote

import (
	"strings"

	"github.com/dyad-events/dyad/doc"
)

// beliefCues are verbs that attribute a thought, a finding or an intention
// rather than speech ("aides believe that...", "polls show that...",
// "officials fear that..."). They count only with a clausal complement in
// the parse.
var beliefCues = set(`believe think know hope expect fear worry feel suspect doubt
	estimate recognize recognise realize realise understand learn hear find show indicate
	reveal signal concede charge agree disagree predict assume guess wonder imply testify
	continue caution point`)

// depFrame reads a reported-speech frame from the dependency parse when
// the surface frames of frameOf find none: a speech or belief verb with a
// subject and a clausal complement anywhere in the sentence ("On Monday the
// senator said that...", "Aides to the governor told reporters that...",
// "Polls show that..."), or a speech verb in parataxis after its clause
// ("The plan will fail, the senator, who has opposed it, said"). Of several
// such verbs the one nearest the root wins. Verbs inside quotation marks
// are the quoted speaker's words, not attributions.
func (v *view) depFrame(si int) (frame, bool) {
	s := v.sents[si]
	if !v.tagged || s.TokEnd-s.TokStart < 4 {
		return frame{}, false
	}
	parsed := false
	kids := make(map[int][]int)
	for i := s.TokStart; i < s.TokEnd; i++ {
		t := v.toks[i]
		if t.Rel != "" {
			parsed = true
		}
		if t.Head >= s.TokStart && t.Head < s.TokEnd {
			kids[t.Head] = append(kids[t.Head], i)
		}
	}
	if !parsed {
		return frame{}, false
	}
	rel := func(i int) string {
		r, _, _ := strings.Cut(v.toks[i].Rel, ":")
		return r
	}
	subtree := func(k int) (int, int) {
		lo, hi := k, k+1
		stack := []int{k}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			lo, hi = min(lo, n), max(hi, n+1)
			stack = append(stack, kids[n]...)
		}
		return lo, hi
	}
	depth := func(i int) int {
		d := 0
		for h := v.toks[i].Head; h >= s.TokStart && h < s.TokEnd && d < 50; h = v.toks[h].Head {
			d++
		}
		return d
	}
	best, bestDepth := frame{}, -1
	for u := s.TokStart; u < s.TokEnd; u++ {
		t := v.toks[u]
		if t.UPOS != "VERB" || v.pairOf[u] >= 0 || v.entOf[u] >= 0 {
			continue
		}
		low := strings.ToLower(v.tokText(u))
		lemma := strings.ToLower(t.Lemma)
		cue, isCue := v.s.cues[low]
		speech := isCue
		if !isCue && !beliefCues[lemma] {
			continue
		}
		if isCue {
			lemma = cue.lemma
		}
		subj := -1
		for _, k := range kids[u] {
			if v.toks[k].Rel == "nsubj" && !weekdays[v.low(k)] && !timeWords[v.low(k)] && (subj < 0 || subj > u) {
				subj = k // the first subject, before the verb if any
			}
		}
		if subj < 0 {
			continue
		}
		var content doc.Span
		found := false
		for _, k := range kids[u] {
			if rel(k) == "ccomp" {
				lo, hi := subtree(k)
				if lo <= subj && subj < hi || lo <= u && u < hi {
					continue
				}
				if v.low(lo) == "that" && lo+1 < hi {
					lo++ // the complementizer is not content
				}
				content = doc.Span{Start: v.toks[lo].Start, End: v.toks[hi-1].End}
				found = true
				break
			}
		}
		if !found && speech && rel(u) == "parataxis" {
			// "CLAUSE, X said": the clause is the verb's head, less
			// the verb's own phrase.
			h := t.Head
			if h >= s.TokStart && h < u {
				lo, _ := subtree(h)
				ulo, _ := subtree(u)
				if ulo > lo {
					content = doc.Span{Start: v.toks[lo].Start, End: v.toks[ulo-1].End}
					found = true
				}
			}
		}
		if !found {
			continue
		}
		slo, shi := subtree(subj)
		if slo <= u && u < shi {
			continue
		}
		f := frame{
			attrib: attrib{cue: t.Span, lemma: lemma, speaker: np{lo: slo, hi: shi}, anchor: v.toks[slo].Start},
			sent:   si,
		}
		f.content = v.trimContent(content)
		if f.content.End <= f.content.Start || v.wordsIn(f.content) < 2 {
			continue
		}
		if d := depth(u); bestDepth < 0 || d < bestDepth {
			best, bestDepth = f, d
		}
	}
	return best, bestDepth >= 0
}

// colonAttrib attributes a quote that a colon introduces with no speech
// verb: in a transcript line the name before the colon speaks ("Lopez:
// Well, no one is like, ‘My 401(k) is speculation.’"); otherwise the
// subject of the clause before the colon does ("Tom Ridge put it: “…”",
// "Kaine has adopted the stance of many Catholics: “…”"). The colon is the
// cue.
func (v *view) colonAttrib(pi int) (attrib, bool) {
	p := v.pairs[pi]
	ot := v.tokAtOrAfter(p.open.Start)
	// A transcript line: one to four name words open the paragraph, then
	// a colon; whatever is quoted in the line is theirs.
	if para := v.paraOf(p.open.Start); para >= 0 {
		first := v.tokAtOrAfter(v.paras[para].Start)
		for i := first; i < ot && i <= first+4; i++ {
			if v.tokText(i) != ":" {
				continue
			}
			if i > first && v.allNameWords(first, i) {
				return attrib{cue: v.toks[i].Span, lemma: ":", speaker: np{lo: first, hi: i}, anchor: v.toks[first].Start}, true
			}
			break
		}
	}
	c := ot - 1
	if c < 0 || v.tokText(c) != ":" || !v.tagged {
		return attrib{}, false
	}
	si := v.sentOfTok(c)
	if si < 0 {
		return attrib{}, false
	}
	s := v.sents[si]
	// The subject of the verb the colon's clause is headed by: the root,
	// or the last verb before the colon with a subject of its own.
	root := -1
	for i := s.TokStart; i < c; i++ {
		if t := v.toks[i]; t.Rel == "root" && t.UPOS == "VERB" {
			root = i
		}
	}
	if root < 0 {
		for i := c - 1; i >= s.TokStart && root < 0; i-- {
			if v.toks[i].UPOS != "VERB" {
				continue
			}
			for j := s.TokStart; j < i; j++ {
				if v.toks[j].Head == i && v.toks[j].Rel == "nsubj" {
					root = i
					break
				}
			}
		}
	}
	if root < 0 {
		return attrib{}, false
	}
	for i := s.TokStart; i < root; i++ {
		if v.toks[i].Head == root && v.toks[i].Rel == "nsubj" {
			lo := i
			for lo > s.TokStart && v.toks[lo-1].Head == i {
				lo--
			}
			hi := i + 1
			if v.entOf[i] < 0 {
				if _, pron := pronounTypes[v.low(i)]; !pron {
					return attrib{}, false // "The stance was clear:"
				}
			} else {
				hi = v.ents[v.entOf[i]].end
			}
			return attrib{cue: v.toks[c].Span, lemma: ":", speaker: np{lo: lo, hi: hi}, anchor: v.toks[lo].Start}, true
		}
	}
	return attrib{}, false
}

// allNameWords reports whether tokens [lo, hi) are all capitalised words
// or within an entity: a speaker label.
func (v *view) allNameWords(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if v.entOf[i] >= 0 {
			continue
		}
		t := v.tokText(i)
		r := []rune(t)
		if len(r) == 0 || !(r[0] >= 'A' && r[0] <= 'Z') {
			return false
		}
	}
	return true
}

// participleSubject returns, for a cue in -ing form hanging from a verb
// ("said there was no call, adding: …", "..., saying ..."), the subject of
// that verb as the speaker phrase.
func (v *view) participleSubject(u int) (np, bool) {
	if u < 0 || !v.tagged || !strings.HasSuffix(v.low(u), "ing") {
		return np{}, false
	}
	h := v.toks[u].Head
	for depth := 0; depth < 3 && h >= 0 && h < len(v.toks); depth++ {
		for i := h - 1; i >= 0 && i >= h-40; i-- {
			if v.toks[i].Head == h && v.toks[i].Rel == "nsubj" {
				lo, hi := i, i+1
				if k := v.entOf[i]; k >= 0 {
					lo, hi = v.ents[k].first, v.ents[k].end
				} else {
					for lo > 0 && v.toks[lo-1].Head == i {
						lo--
					}
				}
				return np{lo: lo, hi: hi}, true
			}
		}
		r, _, _ := strings.Cut(v.toks[h].Rel, ":")
		if r != "conj" && r != "xcomp" {
			break
		}
		h = v.toks[h].Head
	}
	return np{}, false
}

// governorAttrib attributes a quote inside a sentence that no cue claims to
// the subject of the verb it depends on, when that subject is a name or a
// pronoun: "Merkel condemned “such a murderous attack” and declared...",
// "Sanders accused him of preventing Americans from being able to “stand
// together...”". The verb is the cue.
func (v *view) governorAttrib(pi int) (attrib, bool) {
	if !v.tagged {
		return attrib{}, false
	}
	p := v.pairs[pi]
	region := doc.Span{Start: p.open.Start, End: p.close.End}
	// The quote's head: its first word token whose head lies outside.
	h := -1
	for i := v.tokAtOrAfter(p.content.Start); i < len(v.toks) && v.toks[i].Start < p.content.End; i++ {
		if g := v.toks[i].Head; g >= 0 && g < len(v.toks) && !region.Contains(v.toks[g].Span) {
			h = g
			break
		}
	}
	for depth := 0; h >= 0 && h < len(v.toks) && depth < 4; depth++ {
		if v.toks[h].UPOS == "VERB" && v.pairOf[h] < 0 {
			for j := h - 1; j >= 0 && j >= h-30; j-- {
				if v.toks[j].Head != h || v.toks[j].Rel != "nsubj" {
					continue
				}
				lo, hi := j, j+1
				if k := v.entOf[j]; k >= 0 {
					lo, hi = v.ents[k].first, v.ents[k].end
				} else if _, pron := pronounTypes[v.low(j)]; !pron {
					return attrib{}, false
				}
				return attrib{cue: v.toks[h].Span, lemma: strings.ToLower(v.toks[h].Lemma), speaker: np{lo: lo, hi: hi}, anchor: v.toks[lo].Start}, true
			}
		}
		h = v.toks[h].Head
	}
	return attrib{}, false
}
