package syntax

import (
	"context"
	"errors"

	"github.com/dyad-events/dyad/doc"
)

// ParseStage is the pipeline stage that sets Head and Rel on every token of
// every sentence. It reads the UPOS, XPOS and Lemma the tagging stage set.
type ParseStage struct {
	p *Parser
}

// NewParseStage returns a stage that parses with p.
func NewParseStage(p *Parser) *ParseStage { return &ParseStage{p: p} }

// Name returns "parse".
func (s *ParseStage) Name() string { return "parse" }

// Process parses each sentence of d. Head becomes a document-level token
// index, or -1 for the sentence's root word. Tokens outside every sentence
// (all tokens when there are no sentences) are parsed in runs of at most 200,
// as the tagging stage tags them.
func (s *ParseStage) Process(ctx context.Context, d *doc.Document) error {
	if s == nil || s.p == nil {
		return errors.New("syntax: parse stage has no parser")
	}
	if len(d.Tokens) == 0 {
		return nil
	}
	var (
		words, upos, xpos, lemmas, rels []string
		heads                           []int
	)
	parse := func(first, end int) {
		words, upos, xpos, lemmas = words[:0], upos[:0], xpos[:0], lemmas[:0]
		for i := first; i < end; i++ {
			t := &d.Tokens[i]
			words = append(words, d.Text[t.Start:t.End])
			upos = append(upos, t.UPOS)
			xpos = append(xpos, t.XPOS)
			lemmas = append(lemmas, t.Lemma)
		}
		n := end - first
		heads = append(heads[:0], make([]int, n)...)
		rels = append(rels[:0], make([]string, n)...)
		s.p.ParseInto(heads, rels, words, upos, xpos, lemmas)
		for i := 0; i < n; i++ {
			t := &d.Tokens[first+i]
			if heads[i] < 0 {
				t.Head = -1
			} else {
				t.Head = first + heads[i]
			}
			t.Rel = rels[i]
		}
	}
	gap := func(from, to int) {
		for from < to {
			end := min(to, from+maxRun)
			parse(from, end)
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
		first, end := max(sent.TokStart, next, 0), min(sent.TokEnd, len(d.Tokens))
		if first >= end {
			continue
		}
		if first > next {
			gap(next, first)
		}
		parse(first, end)
		next = end
	}
	if next < len(d.Tokens) {
		gap(next, len(d.Tokens))
	}
	return nil
}
