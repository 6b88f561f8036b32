// Package counteval scores dyad's casualty, arrest and crowd counts against
// hand-annotated sentences: a gold file that names sentences of a JSON Lines
// corpus by document and sentence id and lists the counts each states.
package counteval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/doc"
)

// Processor runs dyad's pipeline over a document; *pipeline.Pipeline
// implements it.
type Processor interface {
	Process(ctx context.Context, d *doc.Document) error
}

// Count is a gold or predicted count reduced to what is scored.
type Count struct {
	Kind      string `json:"kind"`
	Count     int64  `json:"count"`
	Qualifier string `json:"qualifier"`
}

// Sentence is one annotated sentence: its key and its gold counts (none
// when it states no count).
type Sentence struct {
	Doc, Sent string
	Gold      []Count
}

// kinds and qualifiers the gold may use.
var (
	kinds      = map[string]bool{"killed": true, "injured": true, "arrested": true, "displaced": true, "missing": true, "protesters": true}
	qualifiers = map[string]bool{"exactly": true, "at_least": true, "more_than": true, "about": true, "up_to": true, "fewer_than": true}
)

// ReadGold reads a gold file: "#" comment lines, then tab-separated lines
// doc_id, sent_id, kind, count, qualifier; a sentence with no count has one
// line with "-" in the last three columns. Sentences come out in file order.
func ReadGold(r io.Reader) ([]Sentence, error) {
	var out []Sentence
	at := map[[2]string]int{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("line %d: %d fields, want 5 (doc_id, sent_id, kind, count, qualifier)", line, len(f))
		}
		key := [2]string{f[0], f[1]}
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, Sentence{Doc: f[0], Sent: f[1]})
		}
		if f[2] == "-" {
			continue
		}
		if !kinds[f[2]] {
			return nil, fmt.Errorf("line %d: kind %q", line, f[2])
		}
		n, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("line %d: count %q", line, f[3])
		}
		if !qualifiers[f[4]] {
			return nil, fmt.Errorf("line %d: qualifier %q", line, f[4])
		}
		out[i].Gold = append(out[i].Gold, Count{Kind: f[2], Count: n, Qualifier: f[4]})
	}
	return out, sc.Err()
}

// ReadSentences reads the texts of a JSON Lines corpus whose lines carry
// doc_id, sent_id and sent_text (the IndiaPoliceEvents sentence file), keyed
// by document and sentence id.
func ReadSentences(r io.Reader) (map[[2]string]string, error) {
	out := map[[2]string]string{}
	dec := json.NewDecoder(r)
	for n := 1; ; n++ {
		var rec struct {
			Doc  json.Number `json:"doc_id"`
			Sent json.Number `json:"sent_id"`
			Text string      `json:"sent_text"`
		}
		if err := dec.Decode(&rec); err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("record %d: %w", n, err)
		}
		out[[2]string{rec.Doc.String(), rec.Sent.String()}] = rec.Text
	}
}

// PRF holds precision, recall and F1 with the counts behind them.
type PRF struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (p *PRF) finish() {
	p.Precision, p.Recall, p.F1 = 0, 0, 0
	if p.TP+p.FP > 0 {
		p.Precision = float64(p.TP) / float64(p.TP+p.FP)
	}
	if p.TP+p.FN > 0 {
		p.Recall = float64(p.TP) / float64(p.TP+p.FN)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// Scores is the result of Evaluate. Counts match as multisets per
// sentence: Count on kind and number, Full on kind, number and qualifier,
// Number on the number alone (a count found with the wrong kind).
type Scores struct {
	Sentences int            `json:"sentences"`
	Gold      int            `json:"gold_counts"`
	Predicted int            `json:"predicted_counts"`
	Count     PRF            `json:"count"`
	Full      PRF            `json:"full"`
	Number    PRF            `json:"number"`
	PerKind   map[string]PRF `json:"per_kind"`
	Errors    []string       `json:"errors,omitempty"`
}

// Evaluate runs p over each gold sentence as a document of its own (texts
// from sents) and scores the counts. Missing texts are an error.
func Evaluate(ctx context.Context, p Processor, gold []Sentence, sents map[[2]string]string, errors bool) (Scores, error) {
	s := Scores{PerKind: map[string]PRF{}}
	per := map[string]*PRF{}
	for k := range kinds {
		per[k] = &PRF{}
	}
	for _, g := range gold {
		text, ok := sents[[2]string{g.Doc, g.Sent}]
		if !ok {
			return s, fmt.Errorf("no text for document %s sentence %s", g.Doc, g.Sent)
		}
		d := doc.New(g.Doc+":"+g.Sent, text)
		if err := p.Process(ctx, d); err != nil {
			return s, fmt.Errorf("document %s sentence %s: %w", g.Doc, g.Sent, err)
		}
		var pred []Count
		for _, c := range d.Counts {
			if kinds[c.Kind] {
				pred = append(pred, Count{Kind: c.Kind, Count: c.Count, Qualifier: c.Qualifier})
			}
		}
		s.Sentences++
		s.Gold += len(g.Gold)
		s.Predicted += len(pred)
		match(&s.Count, pred, g.Gold, func(c Count) string { return c.Kind + "|" + strconv.FormatInt(c.Count, 10) })
		match(&s.Full, pred, g.Gold, func(c Count) string {
			return c.Kind + "|" + strconv.FormatInt(c.Count, 10) + "|" + c.Qualifier
		})
		match(&s.Number, pred, g.Gold, func(c Count) string { return strconv.FormatInt(c.Count, 10) })
		for k, pk := range per {
			var pp, gg []Count
			for _, c := range pred {
				if c.Kind == k {
					pp = append(pp, c)
				}
			}
			for _, c := range g.Gold {
				if c.Kind == k {
					gg = append(gg, c)
				}
			}
			match(pk, pp, gg, func(c Count) string { return strconv.FormatInt(c.Count, 10) })
		}
		if errors && !sameMultiset(pred, g.Gold) {
			s.Errors = append(s.Errors, fmt.Sprintf("%s:%s gold %s predicted %s | %s", g.Doc, g.Sent, show(g.Gold), show(pred), strings.Join(strings.Fields(text), " ")))
		}
	}
	for _, p := range []*PRF{&s.Count, &s.Full, &s.Number} {
		p.finish()
	}
	for k, p := range per {
		if p.TP+p.FP+p.FN > 0 {
			p.finish()
			s.PerKind[k] = *p
		}
	}
	return s, nil
}

// match adds the multiset matches of pred against gold under key to p.
func match(p *PRF, pred, gold []Count, key func(Count) string) {
	left := map[string]int{}
	for _, g := range gold {
		left[key(g)]++
	}
	for _, c := range pred {
		if k := key(c); left[k] > 0 {
			left[k]--
			p.TP++
		} else {
			p.FP++
		}
	}
	for _, n := range left {
		p.FN += n
	}
}

func sameMultiset(a, b []Count) bool {
	return show(a) == show(b)
}

func show(cs []Count) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s %d %s", c.Kind, c.Count, c.Qualifier))
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "[]"
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// Load reads the gold file and the sentence corpus.
func Load(goldPath, sentsPath string) ([]Sentence, map[[2]string]string, error) {
	gf, err := os.Open(goldPath)
	if err != nil {
		return nil, nil, err
	}
	defer gf.Close()
	gold, err := ReadGold(gf)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", goldPath, err)
	}
	sf, err := os.Open(sentsPath)
	if err != nil {
		return nil, nil, err
	}
	defer sf.Close()
	sents, err := ReadSentences(sf)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", sentsPath, err)
	}
	return gold, sents, nil
}
