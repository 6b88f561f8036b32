package count

// Evaluation helpers. Neither data set has gold counts, so the scores here
// are sentence-level proxies; see EvalIndiaPolice and EvalCASE.

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// Score tallies sentence-level decisions against gold labels.
type Score struct {
	TP, FP, FN, TN int
}

// Precision is TP / (TP + FP), or 0.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP / (TP + FN), or 0.
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *Score) add(gold, pred bool) {
	switch {
	case gold && pred:
		s.TP++
	case pred:
		s.FP++
	case gold:
		s.FN++
	default:
		s.TN++
	}
}

// Prediction is one count found during an evaluation, for inspection.
type Prediction struct {
	Sentence string
	Phrase   string
	Kind     string
	Count    int64
	Gold     []string
}

// PoliceResult is the outcome of EvalIndiaPolice.
type PoliceResult struct {
	// Kill scores "the sentence has a killed count" against the KILL label
	// ("police killed someone"); Arrest scores arrested counts against
	// ARREST. Only sentences holding a digit or a number word are scored,
	// since the others cannot state a count.
	Kill, Arrest Score
	Sentences    int
	Predictions  []Prediction
}

// EvalIndiaPolice runs st over IndiaPoliceEvents (dir holds
// data/final/sents.jsonl), one annotated sentence at a time.
//
// The labels say whether police killed or arrested someone, not how many
// were killed, so precision is a lower bound: a killing by a mob that the
// stage counts correctly is a false positive here. Recall is the useful
// number: of the sentences saying police killed or arrested people that
// contain a number, how many yield a count of that kind.
func EvalIndiaPolice(ctx context.Context, st *Stage, dir string) (PoliceResult, error) {
	var r PoliceResult
	f, err := os.Open(filepath.Join(dir, "data", "final", "sents.jsonl"))
	if err != nil {
		return r, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rec struct {
			Text   string   `json:"sent_text"`
			Labels []string `json:"sent_labels"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return r, err
		}
		text := strings.ToValidUTF8(rec.Text, " ")
		if !hasNumber(text) {
			continue
		}
		r.Sentences++
		d := roughDoc("ipe", text, false)
		joinSentences(d)
		if err := st.Process(ctx, d); err != nil {
			return r, err
		}
		kinds := map[string]bool{}
		for _, c := range d.Counts {
			kinds[c.Kind] = true
			r.Predictions = append(r.Predictions, Prediction{Sentence: text, Phrase: d.Slice(c.Span), Kind: c.Kind, Count: c.Count, Gold: rec.Labels})
		}
		has := func(l string) bool {
			for _, x := range rec.Labels {
				if x == l {
					return true
				}
			}
			return false
		}
		r.Kill.add(has("KILL"), kinds[Killed])
		r.Arrest.add(has("ARREST"), kinds[Arrested])
	}
	return r, sc.Err()
}

// CASEResult is the outcome of EvalCASE.
type CASEResult struct {
	// Arrest scores "the snippet has an arrested count" against the ARREST
	// subtype; Protest scores protesters counts against PEACE_PROTEST,
	// PROTEST_WITH_INTER and VIOL_DEMONSTR. Only snippets holding a number
	// are scored.
	Arrest, Protest Score
	// ByType counts, per gold subtype, the snippets with at least one count
	// of each kind.
	ByType      map[string]map[string]int
	Snippets    int
	Predictions []Prediction
}

// EvalCASE runs st over the CASE 2021 task 2 test snippets (dir holds
// task2/test_dataset/test_set_final_release_with_labels.tsv). The labels
// are event types, so these too are proxies: a snippet about an armed clash
// may rightly hold an arrested count.
func EvalCASE(ctx context.Context, st *Stage, dir string) (CASEResult, error) {
	r := CASEResult{ByType: map[string]map[string]int{}}
	f, err := os.Open(filepath.Join(dir, "task2", "test_dataset", "test_set_final_release_with_labels.tsv"))
	if err != nil {
		return r, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return r, err
		}
		if first || len(rec) < 3 {
			first = false
			continue
		}
		text, typ := strings.ToValidUTF8(rec[1], " "), rec[2]
		if !hasNumber(text) {
			continue
		}
		r.Snippets++
		d := roughDoc("case", text, false)
		if err := st.Process(ctx, d); err != nil {
			return r, err
		}
		kinds := map[string]bool{}
		for _, c := range d.Counts {
			kinds[c.Kind] = true
			r.Predictions = append(r.Predictions, Prediction{Sentence: text, Phrase: d.Slice(c.Span), Kind: c.Kind, Count: c.Count, Gold: []string{typ}})
		}
		if r.ByType[typ] == nil {
			r.ByType[typ] = map[string]int{}
		}
		r.ByType[typ]["snippets"]++
		for k := range kinds {
			r.ByType[typ][k]++
		}
		r.Arrest.add(typ == "ARREST", kinds[Arrested])
		r.Protest.add(typ == "PEACE_PROTEST" || typ == "PROTEST_WITH_INTER" || typ == "VIOL_DEMONSTR", kinds[Protesters])
	}
	return r, nil
}

// joinSentences makes the whole document one sentence: the data set's
// sentences are already split.
func joinSentences(d *doc.Document) {
	if len(d.Tokens) == 0 {
		d.Sentences = nil
		return
	}
	d.Sentences = []doc.Sentence{{Span: doc.Span{Start: d.Tokens[0].Start, End: d.Tokens[len(d.Tokens)-1].End}, TokStart: 0, TokEnd: len(d.Tokens)}}
}

// hasNumber reports whether text holds a digit or a number word.
func hasNumber(text string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if c, _ := classify(w); c != cNone && c != cA || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			return true
		}
	}
	return false
}

// tokenize splits text into words and punctuation, for evaluation and
// tests where no tokeniser stage has run. Numbers such as 5,400
// and 1.5 stay whole; so do hyphenated words unless splitHyphen is set.
func tokenize(text string, splitHyphen bool) []doc.Token {
	var toks []doc.Token
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	at := func(i int) rune {
		if i < 0 || i >= len(text) {
			return 0
		}
		r, _ := utf8.DecodeRuneInString(text[i:])
		return r
	}
	before := func(i int) rune {
		if i <= 0 {
			return 0
		}
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		return r
	}
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			if len(toks) > 0 {
				toks[len(toks)-1].SpaceAfter = true
			}
			i += sz
			continue
		}
		if !isWord(r) {
			toks = append(toks, doc.Token{Span: doc.Span{Start: i, End: i + sz}, Head: -1})
			i += sz
			continue
		}
		j := i + sz
		for j < len(text) {
			r2, sz2 := utf8.DecodeRuneInString(text[j:])
			if isWord(r2) {
				j += sz2
				continue
			}
			p, nx := before(j), at(j+sz2)
			switch {
			case (r2 == ',' || r2 == '.') && unicode.IsDigit(p) && unicode.IsDigit(nx):
			case r2 == '.' && unicode.IsLetter(p) && unicode.IsLetter(nx) && unicode.IsUpper(p):
			case r2 == '-' && !splitHyphen && isWord(p) && isWord(nx):
			case (r2 == '\'' || r2 == '’') && unicode.IsLetter(p) && unicode.IsLetter(nx):
			default:
				goto done
			}
			j += sz2
		}
	done:
		toks = append(toks, doc.Token{Span: doc.Span{Start: i, End: j}, Head: -1})
		i = j
	}
	return toks
}

// roughDoc makes a Document with tokens and sentences from the rough
// tokeniser; a sentence ends after ".", "!" or "?".
func roughDoc(id, text string, splitHyphen bool) *doc.Document {
	d := doc.New(id, text)
	d.Tokens = tokenize(text, splitHyphen)
	first := 0
	for i, t := range d.Tokens {
		w := text[t.Start:t.End]
		if w == "." || w == "!" || w == "?" || i == len(d.Tokens)-1 {
			d.Sentences = append(d.Sentences, doc.Sentence{
				Span:     doc.Span{Start: d.Tokens[first].Start, End: t.End},
				TokStart: first, TokEnd: i + 1,
			})
			first = i + 1
		}
	}
	return d
}
