package eval

import (
	"github.com/dyad-events/dyad/text"
)

// SplitText is dyad's own segmentation (package text) as a SplitFunc.
func SplitText(s string) Segmentation {
	words := text.Tokenize(s)
	sents, _ := text.SplitSentences(s, words)
	seg := Segmentation{Tokens: text.SurfaceTokens(s), Words: words}
	for _, se := range sents {
		seg.Sentences = append(seg.Sentences, se.Span)
	}
	return seg
}
