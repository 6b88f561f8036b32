// Package text splits English news text into tokens, sentences and
// paragraphs.
//
// Tokenization follows the conventions of the Universal Dependencies English
// Web Treebank (see Tokenize); sentence and paragraph splitting is rule based
// (see SplitSentences). Everything works on byte offsets into the original
// string and never panics, whatever the input, including invalid UTF-8.
package text

import (
	"context"

	"github.com/dyad-events/dyad/doc"
)

// Splitter is the pipeline stage that fills a Document's Tokens, Sentences
// and Paragraphs from its Text. The zero value is ready to use and safe for
// concurrent use.
type Splitter struct{}

// New returns a Splitter.
func New() Splitter { return Splitter{} }

// Name returns "text".
func (Splitter) Name() string { return "text" }

// Process replaces d.Tokens, d.Sentences and d.Paragraphs with those of
// d.Text. Tokens have Head -1 and SpaceAfter set; all other token fields are
// left empty for later stages.
func (Splitter) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s := d.Text
	toks := tokenize(s, make([]tok, 0, len(s)/5+1))
	spans := make([]doc.Span, len(toks))
	tokens := make([]doc.Token, len(toks))
	for i, t := range toks {
		spans[i] = doc.Span{Start: t.start, End: t.end}
		space := false
		if t.end < len(s) {
			r, _ := decode(s, t.end)
			space = isSpace(r)
		}
		tokens[i] = doc.Token{Span: spans[i], SpaceAfter: space, Head: -1}
	}
	d.Tokens = tokens
	d.Sentences, d.Paragraphs = SplitSentences(s, spans)
	return nil
}

// Split tokenizes s and splits it into sentences and paragraphs, as Process
// does for a Document.
func Split(s string) (tokens []doc.Span, sentences []doc.Sentence, paragraphs []doc.Paragraph) {
	tokens = Tokenize(s)
	sentences, paragraphs = SplitSentences(s, tokens)
	return tokens, sentences, paragraphs
}
