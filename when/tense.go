package when

import "strings"

// The tense check decides whether a weekday or month without a determiner
// ("on Monday", "in March", "on March 3") points back from the publication
// date, as news usually does, or forward.
//
// Every word of the sentence may be a cue:
//
//   - future: will, shall, 'll, won't, "to be" (to be held), "is/are to",
//     due to, scheduled, upcoming, and plan(s/ned/ning)/set/expected/going/
//     intend(s)/hope(s) followed by "to";
//   - past: said, told, was, were, had, did, ago, yesterday, common irregular
//     past forms, words the tagger marked VBD (or, without tags, lower-case
//     words of five letters or more ending in -ed, unless "be"/"been"/
//     "being" precedes them: "will be scheduled" is not past).
//
// The cue nearest to the expression within its clause (words between commas,
// semicolons, colons, dashes, brackets or quotation marks) decides; when the
// clause has none, the nearest cue in the sentence. Without any cue the tense
// is unknown, which resolves like the past except for a month and day without
// a year, which takes the nearest such date.

var pastWords = map[string]bool{
	"said": true, "told": true, "was": true, "were": true, "had": true, "did": true,
	"ago": true, "yesterday": true, "met": true, "went": true, "came": true, "took": true,
	"gave": true, "made": true, "began": true, "fell": true, "lost": true, "fought": true,
	"struck": true, "shot": true, "saw": true, "spoke": true, "sent": true, "fled": true,
	"broke": true, "drove": true, "ran": true, "threw": true, "brought": true, "found": true,
	"became": true, "rose": true, "wrote": true, "got": true, "kept": true, "paid": true,
	"sold": true, "bought": true, "stood": true, "held": true, "won": true, "led": true,
	"left": true, "seized": true,
}

var toCue = map[string]bool{
	"plan": true, "plans": true, "planned": true, "planning": true, "set": true,
	"expected": true, "going": true, "intends": true, "intend": true, "hopes": true,
	"hope": true, "due": true, "scheduled": true, "is": true, "are": true,
}

var notPastED = map[string]bool{
	"hundred": true, "indeed": true, "speed": true, "proceed": true, "succeed": true,
	"exceed": true, "breed": true, "bleed": true, "greed": true,
}

// cue returns the tense cue of word i.
func (s *scan) cue(i int) tense {
	w := s.ws[i]
	if w.k != kAlpha {
		return tUnknown
	}
	l := w.l
	next := s.m.lower(i + 1)
	prev := s.m.lower(i - 1)
	switch l {
	case "will", "shall", "upcoming":
		return tFuture
	case "ll":
		if i > 0 && s.ws[i-1].isApos() && adjacent(s.ws[i-1], w) {
			return tFuture
		}
		return tUnknown
	case "won":
		if i+2 < len(s.ws) && s.ws[i+1].isApos() && s.ws[i+2].l == "t" {
			return tFuture
		}
	case "be":
		if prev == "to" {
			return tFuture
		}
	}
	if toCue[l] && next == "to" || l == "scheduled" {
		return tFuture
	}
	if prev == "be" || prev == "been" || prev == "being" {
		return tUnknown
	}
	if pastWords[l] {
		return tPast
	}
	if s.xpos != nil {
		if x := s.xpos(w.s); x != "" {
			if x == "VBD" {
				return tPast
			}
			return tUnknown
		}
	}
	if len(l) >= 5 && strings.HasSuffix(l, "ed") && !notPastED[l] && !w.capitalised() {
		return tPast
	}
	return tUnknown
}

func clauseBreak(w word) bool {
	if w.k != kPunct {
		return false
	}
	switch w.t {
	case ",", ";", ":", "(", ")", "\"", "“", "”", "—", "–":
		return true
	}
	return false
}

// tenseOf finds the tense of the clause around e, searching words [lo, hi)
// (the sentence).
func (s *scan) tenseOf(e expr, lo, hi int) tense {
	// Clause bounds.
	cl, ch := e.start, e.end
	for cl > lo && !clauseBreak(s.ws[cl-1]) {
		cl--
	}
	for ch < hi && !clauseBreak(s.ws[ch]) {
		ch++
	}
	if t := s.nearestCue(e, cl, ch); t != tUnknown {
		return t
	}
	return s.nearestCue(e, lo, hi)
}

func (s *scan) nearestCue(e expr, lo, hi int) tense {
	for d := 1; e.start-d >= lo || e.end-1+d < hi; d++ {
		if i := e.start - d; i >= lo {
			if t := s.cue(i); t != tUnknown {
				return t
			}
		}
		if i := e.end - 1 + d; i < hi {
			if t := s.cue(i); t != tUnknown {
				return t
			}
		}
	}
	return tUnknown
}
