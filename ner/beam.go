package ner

import "math"

// Decoding settings, measured on CoNLL-2003 eng.testa (see MODELS.md). The
// weights of the greedy-trained perceptron are turned into local label
// distributions by a softmax over the allowed labels at beamTemp times the
// averaged weights; the beam keeps the beamWidth best label sequences by
// the sum of their log-probabilities.
const (
	beamWidth = 2
	beamTemp  = 0.02
)

// beamHyp is one partial labelling of a sentence.
type beamHyp struct {
	score  float64
	l1, l2 int   // the last two labels (-1 before the sentence)
	prev   int32 // index of the hypothesis it extends, in the previous step
}

// beamSentence labels the n tokens of the prepared sentence with a beam
// search of the given width. scale converts summed weights to
// log-potentials.
func (s *scratch) beamSentence(n, width int, scale float64, score scoreFunc) []uint8 {
	hyps := s.beamHyps[:0]     // every kept hypothesis, step after step
	starts := s.beamStarts[:0] // where each step's hypotheses begin in hyps
	hyps = append(hyps, beamHyp{l1: -1, l2: -1, prev: -1})
	starts = append(starts, 0)
	var base, sc [numLabels]int32
	var lp [numLabels]float64
	for i := range n {
		s.keys = s.features(s.keys[:0], i)
		clear(base[:])
		score(s.keys, &base)
		last := i == n-1
		cur := hyps[starts[len(starts)-1]:]
		next := s.beamNext[:0]
		for hi, h := range cur {
			s.keys = s.labelFeatures(s.keys[:0], i, h.l1, h.l2)
			sc = base
			score(s.keys, &sc)
			mx := math.Inf(-1)
			for c := range numLabels {
				if allowed(h.l1, c, last) {
					lp[c] = float64(sc[c]) * scale
					mx = max(mx, lp[c])
				}
			}
			z := 0.0
			for c := range numLabels {
				if allowed(h.l1, c, last) {
					z += math.Exp(lp[c] - mx)
				}
			}
			lz := mx + math.Log(z)
			for c := range numLabels {
				if allowed(h.l1, c, last) {
					next = keepBest(next, width, beamHyp{score: h.score + lp[c] - lz, l1: c, l2: h.l1, prev: int32(hi)})
				}
			}
		}
		starts = append(starts, len(hyps))
		hyps = append(hyps, next...)
		s.beamNext = next
	}
	labels := make([]uint8, n)
	at := 0
	for i := n - 1; i >= 0; i-- {
		h := hyps[starts[i+1]+at]
		labels[i] = uint8(h.l1)
		at = int(h.prev)
	}
	s.beamHyps, s.beamStarts = hyps, starts
	return labels
}

// keepBest inserts h into next, which holds at most width hypotheses, best
// first. A hypothesis goes after those of equal score, so the result does
// not depend on anything but the order of generation.
func keepBest(next []beamHyp, width int, h beamHyp) []beamHyp {
	if len(next) == width && h.score <= next[width-1].score {
		return next
	}
	if len(next) < width {
		next = append(next, h)
	}
	i := len(next) - 1
	for i > 0 && next[i-1].score < h.score {
		next[i] = next[i-1]
		i--
	}
	next[i] = h
	return next
}
