package syntax

import (
	"context"
	"errors"

	"github.com/dyad-events/dyad/doc"
)

// Stage is the pipeline stage that sets UPOS, XPOS and Lemma on every token.
type Stage struct {
	t *Tagger
}

// NewStage returns a stage that tags with t.
func NewStage(t *Tagger) *Stage { return &Stage{t: t} }

// Name returns "syntax".
func (s *Stage) Name() string { return "syntax" }

// maxRun bounds the tokens tagged as one sequence when a document has tokens
// but no sentences.
const maxRun = 200

// Process tags the tokens of each sentence of d. Tokens outside every
// sentence (or all tokens when there are no sentences) are tagged in runs.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if s == nil || s.t == nil {
		return errors.New("syntax: stage has no tagger")
	}
	if len(d.Tokens) == 0 {
		return nil
	}
	var (
		words []string
		out   []Tagged
	)
	tag := func(first, end int) {
		words = words[:0]
		for i := first; i < end; i++ {
			words = append(words, d.Text[d.Tokens[i].Start:d.Tokens[i].End])
		}
		out = s.t.TagInto(out[:0], words)
		for i := first; i < end; i++ {
			tok := &d.Tokens[i]
			tok.UPOS, tok.XPOS, tok.Lemma = out[i-first].UPOS, out[i-first].XPOS, out[i-first].Lemma
		}
	}
	// gap tags tokens [from, to) that no sentence covers.
	gap := func(from, to int) {
		for from < to {
			end := min(to, from+maxRun)
			tag(from, end)
			from = end
		}
	}
	next := 0
	for si, sent := range d.Sentences {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		first, end := max(sent.TokStart, 0), min(sent.TokEnd, len(d.Tokens))
		if first >= end {
			continue
		}
		if first > next {
			gap(next, first)
		}
		tag(first, end)
		next = max(next, end)
	}
	if next < len(d.Tokens) {
		gap(next, len(d.Tokens))
	}
	return nil
}
