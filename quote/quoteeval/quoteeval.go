package quoteeval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// Processor runs dyad's pipeline over a document; *pipeline.Pipeline
// implements it.
type Processor interface {
	Process(ctx context.Context, d *doc.Document) error
}

// PRF holds precision, recall and F1 with the counts behind them. For
// span scores the counts are spans; for overlap scores, tokens.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// PredHits of Pred predictions and GoldHits of Gold gold items are
	// matched.
	PredHits int `json:"pred_hits"`
	Pred     int `json:"pred"`
	GoldHits int `json:"gold_hits"`
	Gold     int `json:"gold"`
}

func (p *PRF) finish() {
	p.Precision, p.Recall, p.F1 = 0, 0, 0
	if p.Pred > 0 {
		p.Precision = float64(p.PredHits) / float64(p.Pred)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.GoldHits) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// Kind holds the scores of one kind of attribution (direct, indirect or
// all).
type Kind struct {
	// Exact compares content spans with spaces, quotation marks, edge
	// punctuation and a leading "that" trimmed; Overlap counts content
	// tokens (words, not punctuation, not that leading "that").
	Exact   PRF `json:"exact"`
	Overlap PRF `json:"overlap"`
	// Speaker is the share of predicted contents matched to a gold content
	// with a source whose speaker is that source: the speaker's span
	// overlaps the gold source, or a mention of the speaker's actor does.
	Speaker      float64 `json:"speaker_accuracy"`
	SpeakerRight int     `json:"speaker_right"`
	SpeakerTotal int     `json:"speaker_scored"`
	// Cue scores cue spans: a cue matches when it overlaps one of the
	// other side.
	Cue PRF `json:"cue"`
}

// Scores is the result of Evaluate.
type Scores struct {
	Docs int `json:"docs"`
	// Direct and Indirect split by kind: predictions by their kind for
	// precision (against every gold content: a partial quote inside a
	// gold indirect content is correct content), gold items by theirs for
	// recall (against every prediction). All pools both.
	Direct   Kind `json:"direct"`
	Indirect Kind `json:"indirect"`
	All      Kind `json:"all"`
	// Scare counts the scare quotes found; they are not predictions.
	Scare int `json:"scare_quotes"`
	// Errors lists wrong speakers, missed gold contents and predictions
	// outside any gold content, when Options.Errors asks for them.
	Errors []string `json:"errors,omitempty"`
	errs   bool
}

// Options tune Evaluate.
type Options struct {
	// Progress, when set, is called after each article with the count done
	// and the total.
	Progress func(done, total int)
	// Errors asks for the mistakes in Scores.Errors.
	Errors bool
}

// Corpus lists the articles of a PolNeAR compartment: dir holds text/ and
// attributions/ (such as polnear/data/dev); given the corpus root, the dev
// compartment is used. Each returned pair is a text file and its
// annotation (the first by name when several annotators did the article).
func Corpus(dir string) ([][2]string, error) {
	if _, err := os.Stat(filepath.Join(dir, "data", "dev", "text")); err == nil {
		dir = filepath.Join(dir, "data", "dev")
	}
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("no PolNeAR texts under %s (want DIR/text/*.txt and DIR/attributions/*.ann)", dir)
	}
	sort.Strings(texts)
	var out [][2]string
	for _, tf := range texts {
		base := strings.TrimSuffix(filepath.Base(tf), ".txt")
		anns, _ := filepath.Glob(filepath.Join(dir, "attributions", base+"_*.ann"))
		if len(anns) == 0 {
			continue
		}
		sort.Strings(anns)
		out = append(out, [2]string{tf, anns[0]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no PolNeAR annotations under %s", dir)
	}
	return out, nil
}

// Evaluate runs p over every article of the PolNeAR compartment dir (see
// Corpus) with no publication date and scores the quotes.
func Evaluate(ctx context.Context, p Processor, dir string, opt Options) (Scores, error) {
	files, err := Corpus(dir)
	if err != nil {
		return Scores{}, err
	}
	sc := Scores{errs: opt.Errors}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return sc, err
		}
		raw, err := os.ReadFile(f[0])
		if err != nil {
			return sc, err
		}
		text := strings.ToValidUTF8(string(raw), "\uFFFD")
		af, err := os.Open(f[1])
		if err != nil {
			return sc, err
		}
		gold, err := ReadBrat(af, text)
		af.Close()
		if err != nil {
			return sc, fmt.Errorf("%s: %w", f[1], err)
		}
		d := doc.New(strings.TrimSuffix(filepath.Base(f[0]), ".txt"), text)
		if err := p.Process(ctx, d); err != nil {
			return sc, fmt.Errorf("%s: %w", f[0], err)
		}
		sc.Docs++
		sc.add(d, gold)
		if opt.Progress != nil {
			opt.Progress(i+1, len(files))
		}
	}
	for _, k := range []*Kind{&sc.Direct, &sc.Indirect, &sc.All} {
		k.Exact.finish()
		k.Overlap.finish()
		k.Cue.finish()
		if k.SpeakerTotal > 0 {
			k.Speaker = float64(k.SpeakerRight) / float64(k.SpeakerTotal)
		}
	}
	return sc, nil
}

// add scores one document.
func (sc *Scores) add(d *doc.Document, gold []Attribution) {
	var preds []doc.Quote
	for _, q := range d.Quotes {
		if q.Scare {
			sc.Scare++
			continue
		}
		preds = append(preds, q)
	}
	// Token sets: which content tokens each prediction and each gold
	// attribution covers.
	words := wordTokens(d)
	predToks := make([]map[int]bool, len(preds))
	for i, q := range preds {
		predToks[i] = tokensIn(d, words, []doc.Span{q.Span})
	}
	goldToks := make([]map[int]bool, len(gold))
	for i, g := range gold {
		goldToks[i] = tokensIn(d, words, g.Content)
	}
	allPred, allGold := union(predToks), union(goldToks)
	goldExact := map[doc.Span]bool{}
	for _, g := range gold {
		for _, c := range g.Content {
			goldExact[norm(d.Text, c)] = true
		}
	}
	predExact := map[doc.Span]bool{}
	for _, q := range preds {
		predExact[norm(d.Text, q.Span)] = true
	}
	var goldCues []doc.Span
	for _, g := range gold {
		goldCues = append(goldCues, g.Cue...)
	}
	var predCues []doc.Span
	for _, q := range preds {
		if q.Cue != nil {
			predCues = append(predCues, *q.Cue)
		}
	}
	for _, kind := range []struct {
		k      *Kind
		direct int // 1 direct, 0 indirect, -1 all
	}{{&sc.Direct, 1}, {&sc.Indirect, 0}, {&sc.All, -1}} {
		is := func(direct bool) bool {
			return kind.direct < 0 || (kind.direct == 1) == direct
		}
		k := kind.k
		for i, q := range preds {
			if !is(q.Direct) {
				continue
			}
			// Precision: against every gold content.
			k.Exact.Pred++
			if goldExact[norm(d.Text, q.Span)] {
				k.Exact.PredHits++
			}
			for t := range predToks[i] {
				k.Overlap.Pred++
				if allGold[t] {
					k.Overlap.PredHits++
				}
			}
			if q.Cue != nil {
				k.Cue.Pred++
				if overlapsAny(*q.Cue, goldCues) {
					k.Cue.PredHits++
				}
			}
			// Speaker: against the gold content it overlaps most.
			g := best(predToks[i], goldToks)
			if g >= 0 && len(gold[g].Source) > 0 {
				k.SpeakerTotal++
				if speakerRight(d, q.Speaker, gold[g].Source) {
					k.SpeakerRight++
				} else if kind.direct >= 0 {
					sc.errorf(d, "SPEAKER %s quote %q: speaker %q, gold %q", kindName(q.Direct), clip(d.Slice(q.Span)), speakerText(d, q.Speaker), d.Slice(gold[g].Source[0]))
				}
			}
			if g < 0 && kind.direct >= 0 {
				sc.errorf(d, "FP %s %q", kindName(q.Direct), clip(d.Slice(q.Span)))
			}
		}
		for i, g := range gold {
			if !is(g.Direct) {
				continue
			}
			for _, c := range g.Content {
				k.Exact.Gold++
				if predExact[norm(d.Text, c)] {
					k.Exact.GoldHits++
				}
			}
			hit := 0
			for t := range goldToks[i] {
				k.Overlap.Gold++
				if allPred[t] {
					k.Overlap.GoldHits++
					hit++
				}
			}
			if hit == 0 && kind.direct >= 0 {
				src, cue := "", ""
				if len(g.Source) > 0 {
					src = d.Slice(g.Source[0])
				}
				if len(g.Cue) > 0 {
					cue = d.Slice(g.Cue[0])
				}
				sc.errorf(d, "FN %s %q cue %q source %q", kindName(g.Direct), clip(d.Slice(g.Content[0])), cue, src)
			}
			for _, c := range g.Cue {
				k.Cue.Gold++
				if overlapsAny(c, predCues) {
					k.Cue.GoldHits++
				}
			}
		}
	}
}

func (sc *Scores) errorf(d *doc.Document, format string, args ...any) {
	if sc.errs && len(sc.Errors) < 5000 {
		sc.Errors = append(sc.Errors, d.ID+" "+fmt.Sprintf(format, args...))
	}
}

func kindName(direct bool) string {
	if direct {
		return "direct"
	}
	return "indirect"
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return s
}

func speakerText(d *doc.Document, sp *doc.Participant) string {
	if sp == nil {
		return ""
	}
	t := d.Slice(sp.Span)
	if a := d.ActorByID(sp.Actor); a != nil {
		t += " (" + a.Name + ")"
	}
	return t
}

// speakerRight reports whether speaker sp is the gold source: its span
// overlaps a source fragment; or it is a name (not a pronoun) written as
// the source is, at another mention; or its actor has a mention that
// overlaps the source ("he" resolved to a person named earlier counts when
// the gold source is "he" or that person's name).
func speakerRight(d *doc.Document, sp *doc.Participant, source []doc.Span) bool {
	if sp == nil {
		return false
	}
	if sp.End > sp.Start && overlapsAny(sp.Span, source) {
		return true
	}
	if sp.End > sp.Start && !isPronoun(d.Slice(sp.Span)) {
		// The same name at another mention ("Mr. Manafort" said twice).
		name := strings.ToLower(strings.Join(strings.Fields(d.Slice(sp.Span)), " "))
		for _, s := range source {
			if strings.ToLower(strings.Join(strings.Fields(d.Slice(s)), " ")) == name {
				return true
			}
		}
	}
	if sp.Actor == "" {
		return false
	}
	for _, e := range d.Entities {
		if e.Actor == sp.Actor && overlapsAny(e.Span, source) {
			return true
		}
	}
	return false
}

func isPronoun(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "he", "she", "they", "it", "i", "we", "you", "him", "her", "them":
		return true
	}
	return false
}

// best returns the gold attribution whose content shares most tokens with
// toks, or -1.
func best(toks map[int]bool, gold []map[int]bool) int {
	b, bn := -1, 0
	for i, g := range gold {
		n := 0
		for t := range toks {
			if g[t] {
				n++
			}
		}
		if n > bn {
			b, bn = i, n
		}
	}
	return b
}

func overlapsAny(s doc.Span, spans []doc.Span) bool {
	for _, o := range spans {
		if s.Start < o.End && o.Start < s.End {
			return true
		}
	}
	return false
}

func union(ms []map[int]bool) map[int]bool {
	out := map[int]bool{}
	for _, m := range ms {
		for t := range m {
			out[t] = true
		}
	}
	return out
}

// wordTokens lists the tokens holding a letter or digit: punctuation and
// quotation marks are not content.
func wordTokens(d *doc.Document) []int {
	var out []int
	for i := range d.Tokens {
		for _, r := range d.TokenText(i) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// tokensIn returns the word tokens that overlap spans, less a leading
// complementizer (see norm).
func tokensIn(d *doc.Document, words []int, spans []doc.Span) map[int]bool {
	out := map[int]bool{}
	for _, sp := range spans {
		sp = norm(d.Text, sp)
		lo := sort.Search(len(words), func(i int) bool { return d.Tokens[words[i]].End > sp.Start })
		for x := lo; x < len(words) && d.Tokens[words[x]].Start < sp.End; x++ {
			out[words[x]] = true
		}
	}
	return out
}

// norm trims spaces, quotation marks, edge punctuation and a leading
// complementizer ("that the plan failed" is "the plan failed": PolNeAR
// keeps it, dyad does not) from a span.
func norm(text string, s doc.Span) doc.Span {
	s = trimEdges(text, s)
	if t := text[s.Start:s.End]; len(t) > 5 && strings.EqualFold(t[:5], "that ") {
		s.Start += 5
		s = trimEdges(text, s)
	}
	return s
}

func trimEdges(text string, s doc.Span) doc.Span {
	const edge = "“”‘’\"'.,;:—–-…()"
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
