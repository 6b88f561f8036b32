package quote

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// PRF holds precision, recall and F1 with the counts behind them.
type PRF struct {
	Precision, Recall, F1 float64
	// Hits, Pred and Gold are matched, predicted and gold items (spans for
	// exact scores, tokens for overlap scores).
	Hits, Pred, Gold int
}

func (p *PRF) finish() {
	if p.Pred > 0 {
		p.Precision = float64(p.Hits) / float64(p.Pred)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.Hits) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// SpanScores are exact-span and token-overlap scores for one kind of
// attribution content.
type SpanScores struct {
	Exact, Overlap PRF
}

// Scores is the result of EvalPolNeAR.
type Scores struct {
	Docs int
	// Direct compares direct quotes with gold contents in quotation marks,
	// Indirect indirect quotes with the other gold contents, and All every
	// non-scare quote with every gold content.
	Direct, Indirect, All SpanScores
}

// String formats the scores as a small table.
func (s Scores) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "docs %d\n%-9s %-7s %6s %6s %6s %7s %7s %7s\n", s.Docs, "kind", "match", "P", "R", "F1", "hits", "pred", "gold")
	for _, r := range []struct {
		name string
		s    SpanScores
	}{{"direct", s.Direct}, {"indirect", s.Indirect}, {"all", s.All}} {
		for _, m := range []struct {
			name string
			p    PRF
		}{{"exact", r.s.Exact}, {"overlap", r.s.Overlap}} {
			fmt.Fprintf(&b, "%-9s %-7s %6.3f %6.3f %6.3f %7d %7d %7d\n", r.name, m.name, m.p.Precision, m.p.Recall, m.p.F1, m.p.Hits, m.p.Pred, m.p.Gold)
		}
	}
	return b.String()
}

// EvalPolNeAR scores the stage's content spans against the PolNeAR
// attribution corpus. dir is a compartment directory holding text/ and
// attributions/ (such as .../polnear/data/dev); the corpus root selects
// data/dev. The documents go through Segment and the stage with no entity
// layer, so speakers are not scored. Brat offsets (code points) are
// converted to bytes; each fragment of a discontinuous Content is one gold
// span; a gold content is direct when it starts with, or right after, an
// opening quotation mark. Exact matching compares spans with spaces,
// quotation marks and edge punctuation trimmed; overlap scores count
// tokens. When an article has several annotators, the first file (by name)
// is used. Scare quotes are not predictions.
func EvalPolNeAR(dir string) (Scores, error) {
	if _, err := os.Stat(filepath.Join(dir, "data", "dev", "text")); err == nil {
		dir = filepath.Join(dir, "data", "dev")
	}
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return Scores{}, err
	}
	if len(texts) == 0 {
		return Scores{}, fmt.Errorf("quote: no texts under %s", dir)
	}
	sort.Strings(texts)
	st := New()
	var sc Scores
	for _, tf := range texts {
		base := strings.TrimSuffix(filepath.Base(tf), ".txt")
		anns, _ := filepath.Glob(filepath.Join(dir, "attributions", base+"_*.ann"))
		if len(anns) == 0 {
			continue
		}
		sort.Strings(anns)
		raw, err := os.ReadFile(tf)
		if err != nil {
			return sc, err
		}
		text := strings.ToValidUTF8(string(raw), "\uFFFD")
		gold, err := readBratContents(anns[0], text)
		if err != nil {
			return sc, err
		}
		d := doc.New(base, text)
		d.Tokens, d.Sentences, d.Paragraphs = Segment(text)
		if err := st.Process(context.Background(), d); err != nil {
			return sc, err
		}
		sc.Docs++
		var pd, pi, gd, gi []doc.Span
		for _, q := range d.Quotes {
			switch {
			case q.Scare:
			case q.Direct:
				pd = append(pd, q.Span)
			default:
				pi = append(pi, q.Span)
			}
		}
		for _, g := range gold {
			if goldDirect(text, g) {
				gd = append(gd, g)
			} else {
				gi = append(gi, g)
			}
		}
		score(&sc.Direct, text, d.Tokens, pd, gd)
		score(&sc.Indirect, text, d.Tokens, pi, gi)
		score(&sc.All, text, d.Tokens, append(pd, pi...), gold)
	}
	for _, s := range []*SpanScores{&sc.Direct, &sc.Indirect, &sc.All} {
		s.Exact.finish()
		s.Overlap.finish()
	}
	return sc, nil
}

// readBratContents returns the byte spans of the Content fragments in a
// brat file.
func readBratContents(path, text string) ([]doc.Span, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// byteAt[i] is the byte offset of code point i.
	byteAt := make([]int, 0, len(text)+1)
	for i := range text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(text))
	var out []doc.Span
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 || !strings.HasPrefix(cols[0], "T") || !strings.HasPrefix(cols[1], "Content ") {
			continue
		}
		for _, frag := range strings.Split(strings.TrimPrefix(cols[1], "Content "), ";") {
			se := strings.Fields(frag)
			if len(se) != 2 {
				return nil, fmt.Errorf("%s: bad span %q", path, frag)
			}
			a, err1 := strconv.Atoi(se[0])
			b, err2 := strconv.Atoi(se[1])
			if err1 != nil || err2 != nil || a < 0 || b < a || b >= len(byteAt) {
				return nil, fmt.Errorf("%s: bad span %q", path, frag)
			}
			out = append(out, doc.Span{Start: byteAt[a], End: byteAt[b]})
		}
	}
	return out, sc.Err()
}

// goldDirect reports whether a gold content starts with or right after an
// opening quotation mark.
func goldDirect(text string, g doc.Span) bool {
	s := strings.TrimLeftFunc(text[g.Start:g.End], unicode.IsSpace)
	if r, _ := utf8.DecodeRuneInString(s); r == '“' || r == '"' || r == '‘' {
		return true
	}
	before := strings.TrimRightFunc(text[:g.Start], unicode.IsSpace)
	r, _ := utf8.DecodeLastRuneInString(before)
	return r == '“' || r == '"'
}

// norm trims spaces, quotation marks and edge punctuation from a span.
func norm(text string, s doc.Span) doc.Span {
	const edge = " \t\n“”‘’\"'.,;:—–-…"
	for s.Start < s.End {
		r, w := utf8.DecodeRuneInString(text[s.Start:s.End])
		if !strings.ContainsRune(edge, r) && !unicode.IsSpace(r) {
			break
		}
		s.Start += w
	}
	for s.End > s.Start {
		r, w := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if !strings.ContainsRune(edge, r) && !unicode.IsSpace(r) {
			break
		}
		s.End -= w
	}
	return s
}

func score(s *SpanScores, text string, toks []doc.Token, pred, gold []doc.Span) {
	gs := make(map[doc.Span]bool)
	for _, g := range gold {
		gs[norm(text, g)] = true
	}
	ps := make(map[doc.Span]bool)
	for _, p := range pred {
		ps[norm(text, p)] = true
	}
	for p := range ps {
		if gs[p] {
			s.Exact.Hits++
		}
	}
	s.Exact.Pred += len(ps)
	s.Exact.Gold += len(gs)
	in := func(spans []doc.Span) map[int]bool {
		m := make(map[int]bool)
		for _, sp := range spans {
			for i, t := range toks {
				if t.Start >= sp.End {
					break
				}
				if t.End > sp.Start && !isQuoteOrPunct(text[t.Start:t.End]) {
					m[i] = true
				}
			}
		}
		return m
	}
	pt, gt := in(pred), in(gold)
	for i := range pt {
		if gt[i] {
			s.Overlap.Hits++
		}
	}
	s.Overlap.Pred += len(pt)
	s.Overlap.Gold += len(gt)
}

func isQuoteOrPunct(t string) bool {
	for _, r := range t {
		if isWordRune(r) {
			return false
		}
	}
	return true
}
