package syntax

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/dyad-events/dyad/doc"
)

const gumDir = "../../shared/datasets/ud_english_gum"

// tinyTrees is a small hand-written treebank in CoNLL-U.
const tinyTrees = `# text = The army shelled the town .
1	The	the	DET	DT	_	2	det	_	_
2	army	army	NOUN	NN	_	3	nsubj	_	_
3	shelled	shell	VERB	VBD	_	0	root	_	_
4	the	the	DET	DT	_	5	det	_	_
5	town	town	NOUN	NN	_	3	obj	_	_
6	.	.	PUNCT	.	_	3	punct	_	_

# text = Protesters were arrested in the capital on Monday .
1	Protesters	protester	NOUN	NNS	_	3	nsubj:pass	_	_
2	were	be	AUX	VBD	_	3	aux:pass	_	_
3	arrested	arrest	VERB	VBN	_	0	root	_	_
4	in	in	ADP	IN	_	6	case	_	_
5	the	the	DET	DT	_	6	det	_	_
6	capital	capital	NOUN	NN	_	3	obl	_	_
7	on	on	ADP	IN	_	8	case	_	_
8	Monday	Monday	PROPN	NNP	_	3	obl:tmod	_	_
9	.	.	PUNCT	.	_	3	punct	_	_

# text = The minister said that talks would resume .
1	The	the	DET	DT	_	2	det	_	_
2	minister	minister	NOUN	NN	_	3	nsubj	_	_
3	said	say	VERB	VBD	_	0	root	_	_
4	that	that	SCONJ	IN	_	7	mark	_	_
5	talks	talk	NOUN	NNS	_	7	nsubj	_	_
6	would	would	AUX	MD	_	7	aux	_	_
7	resume	resume	VERB	VB	_	3	ccomp	_	_
8	.	.	PUNCT	.	_	3	punct	_	_

# text = Rebels blew up a bridge and fled .
1	Rebels	rebel	NOUN	NNS	_	2	nsubj	_	_
2	blew	blow	VERB	VBD	_	0	root	_	_
3	up	up	ADP	RP	_	2	compound:prt	_	_
4	a	a	DET	DT	_	5	det	_	_
5	bridge	bridge	NOUN	NN	_	2	obj	_	_
6	and	and	CCONJ	CC	_	7	cc	_	_
7	fled	flee	VERB	VBD	_	2	conj	_	_
8	.	.	PUNCT	.	_	2	punct	_	_

# text = Who did the police say they arrested ?
1	Who	who	PRON	WP	_	7	obj	_	_
2	did	do	AUX	VBD	_	5	aux	_	_
3	the	the	DET	DT	_	4	det	_	_
4	police	police	NOUN	NNS	_	5	nsubj	_	_
5	say	say	VERB	VB	_	0	root	_	_
6	they	they	PRON	PRP	_	7	nsubj	_	_
7	arrested	arrest	VERB	VBD	_	5	ccomp	_	_
8	?	?	PUNCT	.	_	5	punct	_	_

# text = Talks collapsed .
1	Talks	talk	NOUN	NNS	_	2	nsubj	_	_
2	collapsed	collapse	VERB	VBD	_	0	root	_	_
3	.	.	PUNCT	.	_	2	punct	_	_
`

func tinySents(t testing.TB) [][]ParseToken {
	s, err := ReadCoNLLUTrees(strings.NewReader(tinyTrees))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func columns(s []ParseToken) (words, upos, xpos, lemmas []string) {
	for _, t := range s {
		words = append(words, t.Form)
		upos = append(upos, t.UPOS)
		xpos = append(xpos, t.XPOS)
		lemmas = append(lemmas, t.Lemma)
	}
	return
}

// checkTree fails unless heads form one tree: every word has a head in
// range, exactly one root, no cycles, and every relation is set.
func checkTree(t *testing.T, what string, heads []int, rels []string) {
	t.Helper()
	n := len(heads)
	roots := 0
	for i, h := range heads {
		if h < -1 || h >= n || h == i {
			t.Fatalf("%s: word %d has head %d", what, i, h)
		}
		if h == -1 {
			roots++
		}
		if rels[i] == "" {
			t.Fatalf("%s: word %d has no relation", what, i)
		}
		if (h == -1) != (rels[i] == "root") {
			t.Fatalf("%s: word %d head %d relation %q", what, i, h, rels[i])
		}
		a := i
		for steps := 0; a != -1; steps++ {
			if steps > n {
				t.Fatalf("%s: cycle through word %d", what, i)
			}
			a = heads[a]
		}
	}
	if n > 0 && roots != 1 {
		t.Fatalf("%s: %d roots", what, roots)
	}
}

func TestParserTiny(t *testing.T) {
	sents := tinySents(t)
	if len(sents) != 6 || sents[1][7].Rel != "obl:tmod" || sents[4][0].Head != 6 {
		t.Fatalf("bad tiny treebank: %d sentences", len(sents))
	}
	var models [2][]byte
	var p *Parser
	for i := range models {
		var err error
		p, err = TrainParser(sents, ParserOptions{Iterations: 10, Seed: 3, PruneBelow: -1})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := p.Save(&buf); err != nil {
			t.Fatal(err)
		}
		models[i] = buf.Bytes()
	}
	if !bytes.Equal(models[0], models[1]) {
		t.Fatal("two trainings with the same seed gave different models")
	}
	loaded, err := LoadParser(bytes.NewReader(models[0]))
	if err != nil {
		t.Fatal(err)
	}
	for k, s := range sents {
		w, u, x, l := columns(s)
		h1, r1 := p.Parse(w, u, x, l)
		h2, r2 := loaded.Parse(w, u, x, l)
		checkTree(t, "tiny", h1, r1)
		heads := make([]int32, len(s))
		for i, tok := range s {
			heads[i] = int32(tok.Head)
		}
		for i := range s {
			if h1[i] != h2[i] || r1[i] != r2[i] {
				t.Errorf("sentence %d word %d: loaded model differs", k, i)
			}
		}
		if !projective(heads) {
			continue // arc-hybrid cannot build crossing arcs
		}
		for i := range s {
			if h1[i] != s[i].Head || r1[i] != s[i].Rel {
				t.Errorf("sentence %d word %d %q: got %d %s, want %d %s", k, i, s[i].Form, h1[i], r1[i], s[i].Head, s[i].Rel)
			}
		}
	}
}

func TestParserNonProjective(t *testing.T) {
	heads := []int32{1, -1, 4, 1, 1} // 2->4 crosses 1->3
	if projective(heads) {
		t.Error("crossing tree reported projective")
	}
	if !projective([]int32{1, -1, 1}) {
		t.Error("simple tree reported non-projective")
	}
	// Training with and without non-projective trees works.
	sents := tinySents(t)
	for _, skip := range []bool{false, true} {
		if _, err := TrainParser(sents, ParserOptions{Iterations: 2, SkipNonProjective: skip}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadParserRejectsGarbage(t *testing.T) {
	if _, err := LoadParser(strings.NewReader("not a model")); err == nil {
		t.Fatal("LoadParser accepted garbage")
	}
	m, _ := os.ReadFile(filepath.Join("..", "models", "parser.bin.gz"))
	if len(m) > 100 {
		if _, err := LoadParser(bytes.NewReader(m[:len(m)/2])); err == nil {
			t.Fatal("LoadParser accepted a truncated model")
		}
	}
}

func defaultParserT(t testing.TB) *Parser {
	p, err := DefaultParser()
	if err != nil {
		t.Fatalf("DefaultParser: %v", err)
	}
	return p
}

func TestDefaultParser(t *testing.T) {
	start := time.Now()
	p, err := LoadParser(bytes.NewReader(mustRead(t, filepath.Join("..", "models", "parser.bin.gz"))))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d features, %d weights in %s", p.NumFeatures(), p.NumWeights(), time.Since(start))
	tg := defaultTaggerT(t)
	cases := []struct {
		sent string
		want []string // acceptable parses: head (1-based, 0 root) and relation per word
	}{
		// "in Cairo" may modify the arrest or the protesters.
		{"Police arrested 12 protesters in Cairo on Friday .", []string{
			"2:nsubj 0:root 4:nummod 2:obj 6:case 2:obl 8:case 2:obl 2:punct",
			"2:nsubj 0:root 4:nummod 2:obj 6:case 4:nmod 8:case 2:obl 2:punct",
		}},
		{"The minister said the talks had failed .", []string{
			"2:det 3:nsubj 0:root 5:det 7:nsubj 7:aux 3:ccomp 3:punct",
		}},
	}
	for _, c := range cases {
		words := strings.Fields(c.sent)
		tagged := tg.Tag(words)
		var u, x, l []string
		for _, tt := range tagged {
			u, x, l = append(u, tt.UPOS), append(x, tt.XPOS), append(l, tt.Lemma)
		}
		heads, rels := defaultParserT(t).Parse(words, u, x, l)
		checkTree(t, c.sent, heads, rels)
		var got []string
		for i := range words {
			got = append(got, itoa(heads[i]+1)+":"+rels[i])
		}
		if g := strings.Join(got, " "); !slices.Contains(c.want, g) {
			t.Errorf("%q\n got %s\nwant %s", c.sent, g, strings.Join(c.want, "\n  or "))
		}
	}
	// Degenerate input never fails.
	for _, words := range [][]string{nil, {"."}, {"a", "b"}, strings.Fields(strings.Repeat("x , ", 400))} {
		heads, rels := defaultParserT(t).Parse(words, nil, nil, nil)
		checkTree(t, "degenerate", heads, rels)
	}
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func mustRead(t testing.TB, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseStage(t *testing.T) {
	st := NewParseStage(defaultParserT(t))
	if st.Name() != "parse" {
		t.Fatalf("Name() = %q", st.Name())
	}
	d := buildParseDoc("Troops opened fire on the demonstrators . | The government denied it .")
	if err := NewStage(defaultTaggerT(t)).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	// -2: either attachment of "on the demonstrators" is defensible.
	want := []int{1, -1, 1, 5, 5, -2, 1, 8, 9, -1, 9, 9}
	for i, w := range want {
		if w != -2 && d.Tokens[i].Head != w {
			t.Errorf("token %d %q: head %d, want %d", i, d.TokenText(i), d.Tokens[i].Head, w)
		}
	}
	for _, s := range d.Sentences {
		var heads []int
		var rels []string
		for i := s.TokStart; i < s.TokEnd; i++ {
			h := d.Tokens[i].Head
			if h >= 0 {
				if h < s.TokStart || h >= s.TokEnd {
					t.Fatalf("token %d head %d outside its sentence", i, h)
				}
				h -= s.TokStart
			}
			heads = append(heads, h)
			rels = append(rels, d.Tokens[i].Rel)
		}
		checkTree(t, "stage", heads, rels)
	}
	if d.Tokens[1].Rel != "root" || d.Tokens[0].Rel != "nsubj" {
		t.Errorf("relations: %q %q", d.Tokens[0].Rel, d.Tokens[1].Rel)
	}
	// Tokens with no sentence layer are parsed in runs; empty documents pass.
	d2 := buildParseDoc("Rebels seized the airport .")
	d2.Sentences = nil
	if err := NewStage(defaultTaggerT(t)).Process(context.Background(), d2); err != nil {
		t.Fatal(err)
	}
	if err := st.Process(context.Background(), d2); err != nil {
		t.Fatal(err)
	}
	if d2.Tokens[1].Rel != "root" || d2.Tokens[0].Head != 1 {
		t.Errorf("unsegmented document: %+v", d2.Tokens)
	}
	if err := st.Process(context.Background(), buildEmpty()); err != nil {
		t.Fatal(err)
	}
}

func TestParserConcurrentUse(t *testing.T) {
	p := defaultParserT(t)
	tg := defaultTaggerT(t)
	type in struct{ w, u, x, l []string }
	var ins []in
	for _, s := range []string{
		"Israeli jets struck targets in Gaza overnight , officials said .",
		"The UN Security Council will meet on Tuesday to discuss the crisis .",
		"Thousands marched through the capital demanding the president 's resignation .",
	} {
		w := strings.Fields(s)
		var c in
		c.w = w
		for _, tt := range tg.Tag(w) {
			c.u, c.x, c.l = append(c.u, tt.UPOS), append(c.x, tt.XPOS), append(c.l, tt.Lemma)
		}
		ins = append(ins, c)
	}
	want := make([][]int, len(ins))
	for i, c := range ins {
		want[i], _ = p.Parse(c.w, c.u, c.x, c.l)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	bad := 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				i := (g + n) % len(ins)
				c := ins[i]
				got, _ := p.Parse(c.w, c.u, c.x, c.l)
				for j := range got {
					if got[j] != want[i][j] {
						mu.Lock()
						bad++
						mu.Unlock()
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	if bad > 0 {
		t.Fatal("concurrent parsing differs")
	}
}

func evalFile(t *testing.T, path string) ParseScores {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("treebank not available: %v", err)
	}
	defer f.Close()
	s, err := EvalParser(defaultTaggerT(t), defaultParserT(t), f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d sentences, %d words; predicted tags (UPOS %.4f): UAS %.4f LAS %.4f LAS(full) %.4f; gold tags: UAS %.4f LAS %.4f LAS(full) %.4f",
		filepath.Base(path), s.Sentences, s.Tokens, s.UPOS, s.UAS, s.LAS, s.LASFull, s.UASGoldTags, s.LASGoldTags, s.LASFullGoldTags)
	return s
}

// TestParserEWT scores the embedded parser on the EWT test set with tags from
// the embedded tagger.
func TestParserEWT(t *testing.T) {
	s := evalFile(t, filepath.Join(ewtDir, "en_ewt-ud-test.conllu"))
	if s.Tokens < 25000 {
		t.Errorf("only %d tokens read", s.Tokens)
	}
	if s.UAS < parserFloorUAS || s.LAS < parserFloorLAS {
		t.Errorf("scores below the floor (UAS %.3f, LAS %.3f): %+v", parserFloorUAS, parserFloorLAS, s)
	}
}

// TestParserGUM scores the embedded parser on the GUM test set (another
// genre mix; evaluation only).
func TestParserGUM(t *testing.T) {
	evalFile(t, filepath.Join(gumDir, "en_gum-ud-test.conllu"))
}

const (
	parserFloorUAS = 0.850
	parserFloorLAS = 0.815
)

// BenchmarkParse measures parsing speed (tags precomputed) on one goroutine.
func BenchmarkParse(b *testing.B) {
	p := defaultParserT(b)
	tg := defaultTaggerT(b)
	type in struct{ w, u, x, l []string }
	var ins []in
	for _, w := range loadBenchSents(b) {
		c := in{w: w}
		for _, tt := range tg.Tag(w) {
			c.u, c.x, c.l = append(c.u, tt.UPOS), append(c.x, tt.XPOS), append(c.l, tt.Lemma)
		}
		ins = append(ins, c)
	}
	heads := make([]int, 1000)
	rels := make([]string, 1000)
	tokens := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := ins[i%len(ins)]
		if len(c.w) > len(heads) {
			continue
		}
		p.ParseInto(heads, rels, c.w, c.u, c.x, c.l)
		tokens += len(c.w)
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLoadParser measures loading the embedded model.
func BenchmarkLoadParser(b *testing.B) {
	m := mustRead(b, filepath.Join("..", "models", "parser.bin.gz"))
	for i := 0; i < b.N; i++ {
		if _, err := LoadParser(bytes.NewReader(m)); err != nil {
			b.Fatal(err)
		}
	}
}

func buildEmpty() *doc.Document { return doc.New("e", "") }

// buildParseDoc makes a document whose tokens are its space-separated words
// and whose sentences are separated by " | ".
func buildParseDoc(text string) *doc.Document {
	d := doc.New("t", text)
	first := 0
	endSentence := func() {
		if len(d.Tokens) > first {
			d.Sentences = append(d.Sentences, doc.Sentence{
				Span:     doc.Span{Start: d.Tokens[first].Start, End: d.Tokens[len(d.Tokens)-1].End},
				TokStart: first, TokEnd: len(d.Tokens),
			})
		}
		first = len(d.Tokens)
	}
	off := 0
	for _, w := range strings.Split(text, " ") {
		if w == "|" {
			endSentence()
		} else if w != "" {
			d.Tokens = append(d.Tokens, doc.Token{Span: doc.Span{Start: off, End: off + len(w)}, SpaceAfter: true, Head: -1})
		}
		off += len(w) + 1
	}
	endSentence()
	return d
}

func TestParserLayout(t *testing.T) {
	if n := unsafe.Sizeof(actSlot{}); n != 32 {
		t.Errorf("actSlot is %d bytes, want 32", n)
	}
	// scoreActions sums bytes up to 255 in 16-bit lanes: fewer than 257
	// features per configuration keep the lanes from overflowing.
	var st pstate
	st.reset([]string{"a", "b"}, nil, nil, nil, nil)
	if n := len(st.features(nil)); n >= 257 {
		t.Errorf("%d transition features per configuration, at most 256 allowed", n)
	}
}
