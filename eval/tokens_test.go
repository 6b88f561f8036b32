package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/doc"
)

// tiny is a two-document CoNLL-U file with a multiword token, an empty node
// and SpaceAfter=No.
const tiny = `# newdoc id = d1
# sent_id = d1-1
# newpar id = d1-p1
# text = Rain fell.
1	Rain	rain	NOUN	NN	_	2	nsubj	_	_
2	fell	fall	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

# sent_id = d1-2
# text = We didn't go.
1	We	we	PRON	PRP	_	3	nsubj	_	_
2-3	didn't	_	_	_	_	_	_	_	_
2	did	do	AUX	VBD	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	go	go	VERB	VB	_	0	root	_	SpaceAfter=No
4.1	went	go	VERB	VBD	_	_	_	_	_
5	.	.	PUNCT	.	_	4	punct	_	_

# sent_id = d1-3
# newpar id = d1-p2
1	Fine	fine	ADJ	JJ	_	0	root	_	SpaceAfter=No
2	!	!	PUNCT	.	_	1	punct	_	_

# newdoc id = d2
# sent_id = d2-1
# text = Ok then
1	Ok	ok	INTJ	UH	_	0	root	_	_
2	then	then	ADV	RB	_	1	advmod	_	_
`

func TestTokensTiny(t *testing.T) {
	var texts []string
	// A splitter that cuts at spaces and newlines only, with one sentence
	// per line.
	split := func(s string) Segmentation {
		texts = append(texts, s)
		var seg Segmentation
		start := -1
		lineStart := 0
		for i := 0; i <= len(s); i++ {
			if i == len(s) || s[i] == ' ' || s[i] == '\n' {
				if start >= 0 {
					seg.Tokens = append(seg.Tokens, doc.Span{Start: start, End: i})
					start = -1
				}
				if i == len(s) || s[i] == '\n' {
					seg.Sentences = append(seg.Sentences, doc.Span{Start: lineStart, End: i})
					lineStart = i + 1
				}
				continue
			}
			if start < 0 {
				start = i
			}
		}
		return seg
	}
	got, err := Tokens(strings.NewReader(tiny), split)
	if err != nil {
		t.Fatal(err)
	}
	wantTexts := []string{"Rain fell. We didn't go.\nFine!", "Ok then"}
	if fmt.Sprint(texts) != fmt.Sprint(wantTexts) {
		t.Fatalf("texts = %q, want %q", texts, wantTexts)
	}
	// Gold tokens: Rain fell . We didn't go . Fine ! Ok then = 11.
	// Predicted: Rain fell. We didn't go. Fine! Ok then = 8, of which Rain,
	// We, didn't, Ok, then are right.
	want := Score{Gold: 11, Predicted: 8, Correct: 5}
	if g := got.Tokens; g.Gold != want.Gold || g.Predicted != want.Predicted || g.Correct != want.Correct {
		t.Errorf("tokens = %+v, want counts %+v", g, want)
	}
	// Gold words split didn't into did n't: 12, and didn't is wrong.
	if g := got.Words; g.Gold != 12 || g.Predicted != 8 || g.Correct != 4 {
		t.Errorf("words = %+v", g)
	}
	// Gold sentences: 4. Predicted: the first line (wrong), "Fine!" and
	// "Ok then" (right).
	if g := got.Sentences; g.Gold != 4 || g.Predicted != 3 || g.Correct != 2 {
		t.Errorf("sentences = %+v", g)
	}
	if got.Documents != 2 {
		t.Errorf("documents = %d, want 2", got.Documents)
	}
	if p := got.Tokens.Precision; p != 5.0/8 {
		t.Errorf("precision = %v", p)
	}
	if _, err := json.Marshal(got); err != nil {
		t.Fatal(err)
	}
}

func TestTokensBadInput(t *testing.T) {
	bad := "# text = abc\n1\tabd\tx\n\n"
	if _, err := Tokens(strings.NewReader(bad), func(string) Segmentation { return Segmentation{} }); err == nil {
		t.Error("no error on a form that does not match the text")
	}
	got, err := Tokens(strings.NewReader(""), func(string) Segmentation { return Segmentation{} })
	if err != nil || got.Documents != 0 || got.Tokens.F1 != 0 {
		t.Errorf("empty input: %+v, %v", got, err)
	}
}

const ewtDir = "../../shared/datasets/ud_english_ewt/"

func TestTokensEWT(t *testing.T) {
	f, err := os.Open(ewtDir + "en_ewt-ud-test.conllu")
	if err != nil {
		t.Skip("EWT test set not available:", err)
	}
	defer f.Close()
	got, err := Tokens(f, SplitText)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(got)
	t.Logf("EWT test: %s", js)
	if got.Tokens.F1 < 0.98 {
		t.Errorf("token F1 %.4f < 0.98", got.Tokens.F1)
	}
	if got.Words.F1 < 0.98 {
		t.Errorf("word F1 %.4f < 0.98", got.Words.F1)
	}
	if got.Sentences.F1 < 0.8 {
		t.Errorf("sentence F1 %.4f < 0.8", got.Sentences.F1)
	}
}

// TestEWTErrors lists the most frequent token and sentence errors on an EWT
// file, for tuning the tokenizer. It runs only when DYAD_EWT_ERRORS names a
// split (dev, test or train).
func TestEWTErrors(t *testing.T) {
	split := os.Getenv("DYAD_EWT_ERRORS")
	if split == "" {
		t.Skip("set DYAD_EWT_ERRORS=dev to list errors")
	}
	f, err := os.Open(ewtDir + "en_ewt-ud-" + split + ".conllu")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	score, err := Tokens(f, SplitText)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(score)
	t.Logf("EWT %s: %s", split, js)
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	fn := map[string]int{}
	fp := map[string]int{}
	var sentErr []string
	err = readDocs(f, func(d *goldDoc) {
		s := d.text.String()
		seg := SplitText(s)
		diff := func(gold, pred []doc.Span, miss, extra map[string]int) {
			g := map[doc.Span]bool{}
			for _, x := range gold {
				g[x] = true
			}
			p := map[doc.Span]bool{}
			for _, x := range pred {
				p[x] = true
				if !g[x] {
					extra[s[x.Start:x.End]]++
				}
			}
			for _, x := range gold {
				if !p[x] {
					miss[s[x.Start:x.End]]++
				}
			}
		}
		diff(d.words, seg.Words, fn, fp)
		g := map[doc.Span]bool{}
		for _, x := range d.sentences {
			g[x] = true
		}
		for _, x := range seg.Sentences {
			if !g[x] {
				sentErr = append(sentErr, "PRED "+s[x.Start:x.End])
			}
		}
		p := map[doc.Span]bool{}
		for _, x := range seg.Sentences {
			p[x] = true
		}
		for _, x := range d.sentences {
			if !p[x] {
				sentErr = append(sentErr, "GOLD "+s[x.Start:x.End])
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	top := func(name string, m map[string]int) {
		type kv struct {
			k string
			v int
		}
		var l []kv
		for k, v := range m {
			l = append(l, kv{k, v})
		}
		sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || l[i].v == l[j].v && l[i].k < l[j].k })
		var b strings.Builder
		for i, x := range l {
			if i == 80 {
				break
			}
			fmt.Fprintf(&b, "%q:%d ", x.k, x.v)
		}
		t.Logf("%s: %s", name, b.String())
	}
	top("missed words", fn)
	top("extra words", fp)
	for i, s := range sentErr {
		if i == 400 {
			break
		}
		t.Log(s)
	}
}
