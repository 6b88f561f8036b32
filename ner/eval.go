package ner

import (
	"io"
	"slices"
)

// Score is precision, recall and F1 of exact spans.
type Score struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
}

// Scores are conlleval scores: a mention counts as correct only when its
// span and type both match a gold mention.
type Scores struct {
	Score
	PerType map[string]Score `json:"per_type"`
}

func (s *Score) finish() {
	if s.Predicted > 0 {
		s.Precision = float64(s.Correct) / float64(s.Predicted)
	}
	if s.Gold > 0 {
		s.Recall = float64(s.Correct) / float64(s.Gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// EvalOptions control EvalWith.
type EvalOptions struct {
	// Types, when set, restricts scoring to these types: gold and predicted
	// mentions of other types are ignored (for data sets without MISC, such
	// as UNER).
	Types []string
}

// Eval reads a CoNLL-2003 or IOB2 file (see Read), recognizes its
// documents with m (tagging them with syntax.DefaultTagger when m uses POS
// tags) and scores the result.
func Eval(m *Model, r io.Reader) (Scores, error) { return EvalWith(m, r, EvalOptions{}) }

// EvalWith is Eval with options.
func EvalWith(m *Model, r io.Reader, opt EvalOptions) (Scores, error) {
	docs, err := Read(r)
	if err != nil {
		return Scores{}, err
	}
	if m.usePOS {
		if err := TagDocs(docs); err != nil {
			return Scores{}, err
		}
	}
	return EvalDocs(m, docs, opt.Types), nil
}

// EvalDocs scores m on gold documents, restricted to types when given.
func EvalDocs(m *Model, docs []Doc, types []string) Scores {
	var gold, pred [][]Mention
	s := newScratch()
	for di := range docs {
		labels := m.decodeDoc(&docs[di], s, nil)
		for si, se := range docs[di].Sentences {
			gold = append(gold, se.Mentions)
			pred = append(pred, mentionsOf(labels[si]))
		}
	}
	return Compare(gold, pred, types)
}

// Compare scores predicted mentions against gold ones, sentence by
// sentence, restricted to types when given.
func Compare(gold, pred [][]Mention, types []string) Scores {
	keep := func(t string) bool { return len(types) == 0 || slices.Contains(types, t) }
	sc := Scores{PerType: map[string]Score{}}
	for i := range gold {
		var p []Mention
		if i < len(pred) {
			p = pred[i]
		}
		for _, g := range gold[i] {
			if !keep(g.Type) {
				continue
			}
			sc.Gold++
			t := sc.PerType[g.Type]
			t.Gold++
			if slices.Contains(p, g) {
				sc.Correct++
				t.Correct++
			}
			sc.PerType[g.Type] = t
		}
		for _, x := range p {
			if !keep(x.Type) {
				continue
			}
			sc.Predicted++
			t := sc.PerType[x.Type]
			t.Predicted++
			sc.PerType[x.Type] = t
		}
	}
	sc.finish()
	for k, t := range sc.PerType {
		t.finish()
		sc.PerType[k] = t
	}
	return sc
}
