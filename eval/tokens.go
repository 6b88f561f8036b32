// Package eval scores dyad's components against gold-standard data sets.
package eval

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// Segmentation is a tokenizer's and sentence splitter's output on one text,
// as byte spans into it.
type Segmentation struct {
	// Tokens are surface tokens: a contraction or possessive such as
	// "don't" is one token, as in the CoNLL-U multiword token line.
	Tokens []doc.Span
	// Words are syntactic words: "don't" is "do" and "n't". When nil,
	// Tokens are scored as words too.
	Words []doc.Span
	// Sentences are the sentence spans.
	Sentences []doc.Span
}

// SplitFunc segments the raw text of one document.
type SplitFunc func(text string) Segmentation

// Score is precision, recall and F1 of exact span matches.
type Score struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
}

// TokenScore is the result of Tokens.
type TokenScore struct {
	// Tokens scores surface tokens: each multiword token range ("1-2") is
	// one gold token and its words are skipped.
	Tokens Score `json:"tokens"`
	// Words scores syntactic words: a multiword token is split into its
	// words when their forms spell it exactly ("do"+"n't" = "don't"), and
	// stays one word otherwise.
	Words Score `json:"words"`
	// Sentences scores sentence spans, from the first token's start to the
	// last token's end.
	Sentences Score `json:"sentences"`
	// Documents is the number of documents read.
	Documents int `json:"documents"`
}

// Tokens scores split against the CoNLL-U treebank read from r, such as UD
// English EWT.
//
// It rebuilds each document's raw text from the "# text = " comments and
// hands it to split. Sentences are joined with a space, and a sentence that
// opens a paragraph ("# newpar") is preceded by a newline instead, so the
// text reads as one paragraph per line, as news feeds deliver it. A
// "# newdoc" comment starts a new document; a file without them is one
// document. A sentence without a "# text" comment is rebuilt from its
// tokens' forms and SpaceAfter=No. Empty nodes ("1.1") are ignored.
//
// Predicted spans count as correct when they match a gold span exactly.
func Tokens(r io.Reader, split SplitFunc) (TokenScore, error) {
	var (
		res        TokenScore
		tc, wc, sc counts
	)
	err := readDocs(r, func(d *goldDoc) {
		d.score(split, &tc, &wc, &sc)
		res.Documents++
	})
	res.Tokens = tc.score()
	res.Words = wc.score()
	res.Sentences = sc.score()
	return res, err
}

// readDocs reads the CoNLL-U file r and calls fn on each document.
func readDocs(r io.Reader, fn func(*goldDoc)) error {
	var (
		d    goldDoc
		sent goldSentence
		line int
	)
	flush := func() {
		if d.text.Len() == 0 && len(d.tokens) == 0 {
			return
		}
		fn(&d)
		d = goldDoc{}
	}
	endSentence := func() error {
		if len(sent.tokens) == 0 {
			sent = goldSentence{newpar: sent.newpar}
			return nil
		}
		if err := d.add(&sent); err != nil {
			return fmt.Errorf("eval: sentence ending at line %d: %w", line, err)
		}
		sent = goldSentence{}
		return nil
	}
	br := bufio.NewReader(r)
	for {
		raw, rerr := br.ReadString('\n')
		if raw == "" && rerr != nil {
			if rerr != io.EOF {
				return rerr
			}
			break
		}
		line++
		l := strings.TrimRight(raw, "\r\n")
		switch {
		case l == "":
			if err := endSentence(); err != nil {
				return err
			}
		case strings.HasPrefix(l, "#"):
			c := strings.TrimSpace(l[1:])
			switch {
			case strings.HasPrefix(c, "newdoc"):
				if err := endSentence(); err != nil {
					return err
				}
				flush()
				sent.newpar = true
			case strings.HasPrefix(c, "newpar"):
				sent.newpar = true
			case strings.HasPrefix(c, "text ="), strings.HasPrefix(c, "text="):
				c = strings.TrimPrefix(c, "text")
				c = strings.TrimPrefix(strings.TrimSpace(c), "=")
				sent.text = strings.TrimSpace(c)
				sent.hasText = true
			}
		default:
			if err := sent.addLine(l); err != nil {
				return fmt.Errorf("eval: line %d: %w", line, err)
			}
		}
		if rerr != nil {
			break
		}
	}
	if err := endSentence(); err != nil {
		return err
	}
	flush()
	return nil
}

// goldToken is a surface token of a gold sentence.
type goldToken struct {
	form       string
	spaceAfter bool
	// words are the forms of a multiword token's words.
	words []string
}

type goldSentence struct {
	text    string
	hasText bool
	newpar  bool
	tokens  []goldToken
	// mwtEnd is the last word ID of the open multiword token.
	mwtEnd int
}

// addLine adds a CoNLL-U token line.
func (s *goldSentence) addLine(l string) error {
	f := strings.Split(l, "\t")
	if len(f) < 2 {
		return fmt.Errorf("malformed token line %q", l)
	}
	id, form := f[0], f[1]
	space := true
	if len(f) >= 10 {
		for _, m := range strings.Split(f[9], "|") {
			if m == "SpaceAfter=No" {
				space = false
			}
		}
	}
	if strings.IndexByte(id, '.') >= 0 {
		return nil // empty node
	}
	if dash := strings.IndexByte(id, '-'); dash >= 0 {
		var a, b int
		if _, err := fmt.Sscanf(id, "%d-%d", &a, &b); err != nil {
			return fmt.Errorf("bad token ID %q", id)
		}
		s.mwtEnd = b
		s.tokens = append(s.tokens, goldToken{form: form, spaceAfter: space})
		return nil
	}
	var n int
	if _, err := fmt.Sscanf(id, "%d", &n); err != nil {
		return fmt.Errorf("bad token ID %q", id)
	}
	if n <= s.mwtEnd && len(s.tokens) > 0 {
		t := &s.tokens[len(s.tokens)-1]
		t.words = append(t.words, form)
		return nil
	}
	s.tokens = append(s.tokens, goldToken{form: form, spaceAfter: space})
	return nil
}

// goldDoc accumulates a document's text and gold spans.
type goldDoc struct {
	text      strings.Builder
	tokens    []doc.Span
	words     []doc.Span
	sentences []doc.Span
}

// add appends sentence s to the document.
func (d *goldDoc) add(s *goldSentence) error {
	if d.text.Len() > 0 {
		if s.newpar {
			d.text.WriteByte('\n')
		} else {
			d.text.WriteByte(' ')
		}
	}
	text := s.text
	if !s.hasText {
		var b strings.Builder
		for i, t := range s.tokens {
			b.WriteString(t.form)
			if t.spaceAfter && i+1 < len(s.tokens) {
				b.WriteByte(' ')
			}
		}
		text = b.String()
	}
	base := d.text.Len()
	d.text.WriteString(text)
	pos := 0
	first := len(d.tokens)
	for _, t := range s.tokens {
		for pos < len(text) {
			r, w := utf8.DecodeRuneInString(text[pos:])
			if !unicode.IsSpace(r) {
				break
			}
			pos += w
		}
		if !strings.HasPrefix(text[pos:], t.form) {
			return fmt.Errorf("token %q does not match text %q at offset %d", t.form, text, pos)
		}
		start := base + pos
		pos += len(t.form)
		d.tokens = append(d.tokens, doc.Span{Start: start, End: base + pos})
		if len(t.words) > 1 && strings.Join(t.words, "") == t.form {
			off := start
			for _, w := range t.words {
				d.words = append(d.words, doc.Span{Start: off, End: off + len(w)})
				off += len(w)
			}
		} else {
			d.words = append(d.words, doc.Span{Start: start, End: base + pos})
		}
	}
	d.sentences = append(d.sentences, doc.Span{Start: d.tokens[first].Start, End: d.tokens[len(d.tokens)-1].End})
	return nil
}

// score runs split over the document and adds to the counts.
func (d *goldDoc) score(split SplitFunc, tc, wc, sc *counts) {
	seg := split(d.text.String())
	words := seg.Words
	if words == nil {
		words = seg.Tokens
	}
	tc.add(d.tokens, seg.Tokens)
	wc.add(d.words, words)
	sc.add(d.sentences, seg.Sentences)
}

type counts struct{ gold, pred, correct int }

func (c *counts) add(gold, pred []doc.Span) {
	set := make(map[doc.Span]struct{}, len(gold))
	for _, g := range gold {
		set[g] = struct{}{}
	}
	c.gold += len(set)
	seen := make(map[doc.Span]struct{}, len(pred))
	for _, p := range pred {
		if _, dup := seen[p]; dup {
			continue
		}
		seen[p] = struct{}{}
		c.pred++
		if _, ok := set[p]; ok {
			c.correct++
		}
	}
}

func (c counts) score() Score {
	s := Score{Gold: c.gold, Predicted: c.pred, Correct: c.correct}
	if c.pred > 0 {
		s.Precision = float64(c.correct) / float64(c.pred)
	}
	if c.gold > 0 {
		s.Recall = float64(c.correct) / float64(c.gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}
