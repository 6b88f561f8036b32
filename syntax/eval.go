package syntax

import (
	"io"
)

// Scores are a tagger's accuracies on gold-tokenised data.
type Scores struct {
	Sentences int     `json:"sentences"`
	Tokens    int     `json:"tokens"`
	UPOS      float64 `json:"upos"`
	XPOS      float64 `json:"xpos"`
	// UPOSXPOS is the share of tokens with both tags right.
	UPOSXPOS float64 `json:"upos_xpos"`
	Lemma    float64 `json:"lemma"`
}

// EvalTagger tags the sentences of a CoNLL-U file with their gold tokens and
// scores the tags and lemmas against the file's.
func EvalTagger(t *Tagger, r io.Reader) (Scores, error) {
	sents, err := ReadCoNLLU(r)
	if err != nil {
		return Scores{}, err
	}
	return evalSents(t, sents), nil
}

func evalSents(t *Tagger, sents [][]TrainToken) Scores {
	var s Scores
	var upos, xpos, both, lemma int
	var words []string
	var out []Tagged
	for _, sent := range sents {
		words = words[:0]
		for _, tok := range sent {
			words = append(words, tok.Form)
		}
		out = t.TagInto(out[:0], words)
		for i, tok := range sent {
			u, x := out[i].UPOS == tok.UPOS, out[i].XPOS == tok.XPOS
			if u {
				upos++
			}
			if x {
				xpos++
			}
			if u && x {
				both++
			}
			if out[i].Lemma == tok.Lemma {
				lemma++
			}
		}
		s.Tokens += len(sent)
		s.Sentences++
	}
	if s.Tokens > 0 {
		n := float64(s.Tokens)
		s.UPOS, s.XPOS, s.UPOSXPOS, s.Lemma = float64(upos)/n, float64(xpos)/n, float64(both)/n, float64(lemma)/n
	}
	return s
}
