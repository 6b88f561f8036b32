package event

import (
	"fmt"

	"github.com/dyad-events/dyad/doc"
)

// demandCode is the CAMEO code of a demand made in speech: "X said Y must
// ..." is X demanding something of Y.
const demandCode = "100"

// demands codes reported obligations as REQUEST events: a speech verb whose
// complement's subject is a coded actor followed by must, should, has to or
// needs to ("X said Russia must realize ...", "X told Y it should ...").
func (c *coder) demands(si int) {
	code, ok := c.lex.Code(demandCode)
	if !ok {
		return
	}
	s := c.d.Sentences[si]
	for j := s.TokStart; j < s.TokEnd; j++ {
		if !c.isSpeech(j) || c.quote[j] {
			continue
		}
		k := j + 1
		if t, ok := c.thatAfter(j, s.TokEnd); ok {
			// "said on Tuesday that Sudan must": a time phrase may stand
			// between the verb and its clause.
			k = t + 1
		}
		for k < s.TokEnd && isDeterminer(c.low[k]) {
			k++
		}
		if k >= s.TokEnd || c.entAt[k] < 0 {
			continue
		}
		recips := c.groupRight(c.entAt[k], s.TokEnd)
		if len(recips) == 0 {
			continue
		}
		m := c.tokenAfter(recips[len(recips)-1].End)
		for m < s.TokEnd && isQuoteMark(c.low[m]) {
			m++
		}
		if m >= s.TokEnd || !c.isObligation(m, s.TokEnd) {
			continue
		}
		var actors []doc.Participant
		var pron bool
		if c.parsedSent[si] {
			actors, pron = c.depSubject(j, si, 0)
		}
		if len(actors) == 0 {
			actors, pron = c.subject(j, si)
		}
		recips = without(recips, actors)
		if len(actors) == 0 || len(recips) == 0 || !anyCountry(actors) {
			continue
		}
		ev := doc.Event{
			ID:        fmt.Sprintf("v%d", len(c.d.Events)+1),
			Sentence:  si,
			Trigger:   c.d.Tokens[m].Span,
			PLOVER:    doc.PLOVER{Type: code.Type, Mode: code.Mode, Context: code.Context},
			CAMEO:     doc.CAMEO{Code: code.Code, Root: code.Root(), Quad: code.Quad, Goldstein: code.Goldstein},
			Actor:     actors,
			Recipient: recips,
			Date:      c.date(si, c.d.Tokens[m].Span),
		}
		ev.Confidence = 0.6
		if pron {
			ev.Confidence = 0.5
		}
		c.d.Events = append(c.d.Events, ev)
	}
}

// tokenAfter returns the index of the first token starting at or after byte
// offset off.
func (c *coder) tokenAfter(off int) int {
	i := c.d.TokenAt(off)
	for i < 0 && off < len(c.d.Text) {
		off++
		i = c.d.TokenAt(off)
	}
	if i < 0 {
		return len(c.d.Tokens)
	}
	return i
}

func (c *coder) isObligation(m, end int) bool {
	switch c.low[m] {
	case "must", "should":
		return true
	case "has", "have", "needs", "need", "ought":
		return m+1 < end && c.low[m+1] == "to"
	}
	return false
}

func isQuoteMark(w string) bool {
	return w == "“" || w == "\"" || w == "‘" || w == "'"
}

// thatAfter finds "that" within a few words after speech verb j, with only
// a time or place phrase between ("said on Friday that", "told reporters in
// Moscow that").
func (c *coder) thatAfter(j, end int) (int, bool) {
	for t := j + 1; t < end && t <= j+6; t++ {
		switch {
		case c.low[t] == "that":
			return t, true
		case isClauseBreak(c.low[t]) || c.low[t] == ",":
			return 0, false
		}
		if u := c.d.Tokens[t].UPOS; u == "VERB" || u == "AUX" {
			return 0, false
		}
	}
	return 0, false
}
