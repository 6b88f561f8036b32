package syntax

import (
	"io"
	"strings"
)

// ParseScores are a parser's attachment scores on gold-tokenised data,
// punctuation included (CoNLL 2018 convention).
type ParseScores struct {
	Sentences int `json:"sentences"`
	Tokens    int `json:"tokens"`
	// Tagging accuracy of the tagger that supplied the parser's input.
	UPOS  float64 `json:"upos"`
	XPOS  float64 `json:"xpos"`
	Lemma float64 `json:"lemma"`
	// UAS is the share of words with the right head; LAS also needs the
	// right relation, compared without subtypes (the part before ':');
	// LASFull compares the full relation.
	UAS     float64 `json:"uas"`
	LAS     float64 `json:"las"`
	LASFull float64 `json:"las_full"`
	// The same with gold tags and lemmas as the parser's input.
	UASGoldTags     float64 `json:"uas_gold_tags"`
	LASGoldTags     float64 `json:"las_gold_tags"`
	LASFullGoldTags float64 `json:"las_full_gold_tags"`
}

func universalRel(r string) string {
	if i := strings.IndexByte(r, ':'); i >= 0 {
		return r[:i]
	}
	return r
}

// scoreTrees parses sentences with the tags and lemmas they hold and scores
// the trees; only the fields Sentences, Tokens, UAS, LAS and LASFull are set.
func scoreTrees(p *Parser, sents [][]ParseToken) ParseScores {
	var s ParseScores
	var words, upos, xpos, lemmas, rels []string
	var heads []int
	var uas, las, lasFull int
	for _, sent := range sents {
		words, upos, xpos, lemmas = words[:0], upos[:0], xpos[:0], lemmas[:0]
		for _, t := range sent {
			words = append(words, t.Form)
			upos = append(upos, t.UPOS)
			xpos = append(xpos, t.XPOS)
			lemmas = append(lemmas, t.Lemma)
		}
		heads = append(heads[:0], make([]int, len(sent))...)
		rels = append(rels[:0], make([]string, len(sent))...)
		p.ParseInto(heads, rels, words, upos, xpos, lemmas)
		for i, t := range sent {
			if heads[i] != t.Head {
				continue
			}
			uas++
			if rels[i] == t.Rel {
				lasFull++
				las++
			} else if universalRel(rels[i]) == universalRel(t.Rel) {
				las++
			}
		}
		s.Sentences++
		s.Tokens += len(sent)
	}
	if s.Tokens > 0 {
		n := float64(s.Tokens)
		s.UAS, s.LAS, s.LASFull = float64(uas)/n, float64(las)/n, float64(lasFull)/n
	}
	return s
}

// tagTrees returns a copy of sents with the tags and lemmas t assigns, and
// the tagging accuracies.
func tagTrees(t *Tagger, sents [][]ParseToken) (out [][]ParseToken, upos, xpos, lemma float64) {
	var words []string
	var tagged []Tagged
	var nu, nx, nlem, total int
	out = make([][]ParseToken, len(sents))
	for k, sent := range sents {
		words = words[:0]
		for _, tok := range sent {
			words = append(words, tok.Form)
		}
		tagged = t.TagInto(tagged[:0], words)
		o := make([]ParseToken, len(sent))
		for i, tok := range sent {
			tg := tagged[i]
			if tg.UPOS == tok.UPOS {
				nu++
			}
			if tg.XPOS == tok.XPOS {
				nx++
			}
			if tg.Lemma == tok.Lemma {
				nlem++
			}
			total++
			o[i] = ParseToken{Form: tok.Form, Lemma: tg.Lemma, UPOS: tg.UPOS, XPOS: tg.XPOS, Head: tok.Head, Rel: tok.Rel}
		}
		out[k] = o
	}
	if total > 0 {
		n := float64(total)
		upos, xpos, lemma = float64(nu)/n, float64(nx)/n, float64(nlem)/n
	}
	return out, upos, xpos, lemma
}

// EvalParser reads a CoNLL-U treebank, tags its gold tokens with t, parses
// them with p and scores the trees against the file's; it also scores
// parsing with the file's gold tags and lemmas.
func EvalParser(t *Tagger, p *Parser, r io.Reader) (ParseScores, error) {
	sents, err := ReadCoNLLUTrees(r)
	if err != nil {
		return ParseScores{}, err
	}
	return evalParserSents(t, p, sents), nil
}

func evalParserSents(t *Tagger, p *Parser, sents [][]ParseToken) ParseScores {
	tagged, u, x, l := tagTrees(t, sents)
	s := scoreTrees(p, tagged)
	s.UPOS, s.XPOS, s.Lemma = u, x, l
	g := scoreTrees(p, sents)
	s.UASGoldTags, s.LASGoldTags, s.LASFullGoldTags = g.UAS, g.LAS, g.LASFull
	return s
}

// TagTrees returns a copy of sents whose tags and lemmas are the ones t
// assigns, for parsing or training with predicted tags.
func TagTrees(t *Tagger, sents [][]ParseToken) [][]ParseToken {
	out, _, _, _ := tagTrees(t, sents)
	return out
}
