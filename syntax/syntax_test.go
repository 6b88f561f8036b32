package syntax

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dyad-events/dyad/doc"
)

const ewtDir = "../../shared/datasets/ud_english_ewt"

// toy is a tiny hand-made training set.
func toy() [][]TrainToken {
	parse := func(s string) []TrainToken {
		var out []TrainToken
		for _, f := range strings.Fields(s) {
			p := strings.Split(f, "/")
			out = append(out, TrainToken{Form: p[0], Lemma: p[1], XPOS: p[2], UPOS: p[3]})
		}
		return out
	}
	lines := []string{
		"The/the/DT/DET dogs/dog/NNS/NOUN barked/bark/VBD/VERB ./././PUNCT",
		"A/a/DT/DET dog/dog/NN/NOUN runs/run/VBZ/VERB ./././PUNCT",
		"Police/police/NNS/NOUN arrested/arrest/VBD/VERB 12/12/CD/NUM protesters/protester/NNS/NOUN ./././PUNCT",
		"Rebels/rebel/NNS/NOUN attacked/attack/VBD/VERB the/the/DT/DET town/town/NN/NOUN ./././PUNCT",
		"Smith/Smith/NNP/PROPN visited/visit/VBD/VERB Paris/Paris/NNP/PROPN ./././PUNCT",
	}
	var sents [][]TrainToken
	for _, l := range lines {
		sents = append(sents, parse(l))
	}
	return sents
}

func TestTrainDeterministicRoundTrip(t *testing.T) {
	var models [2][]byte
	for i := range models {
		tg, err := TrainTagger(toy(), TrainOptions{Iterations: 5, Seed: 7, TagDictMinCount: 3})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := tg.Save(&buf); err != nil {
			t.Fatal(err)
		}
		models[i] = buf.Bytes()
	}
	if !bytes.Equal(models[0], models[1]) {
		t.Fatal("two trainings with the same seed gave different models")
	}
	tg, err := LoadTagger(bytes.NewReader(models[0]))
	if err != nil {
		t.Fatal(err)
	}
	got := tg.Tag(strings.Fields("Rebels attacked the town ."))
	want := []Tagged{
		{"NOUN", "NNS", "rebel"}, {"VERB", "VBD", "attack"},
		{"DET", "DT", "the"}, {"NOUN", "NN", "town"}, {"PUNCT", ".", "."},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestLoadRejectsGarbage(t *testing.T) {
	if _, err := LoadTagger(strings.NewReader("not a model")); err == nil {
		t.Fatal("LoadTagger accepted garbage")
	}
	m, _ := os.ReadFile(filepath.Join("..", "models", "tagger.bin.gz"))
	if len(m) > 100 {
		if _, err := LoadTagger(bytes.NewReader(m[:len(m)/2])); err == nil {
			t.Fatal("LoadTagger accepted a truncated model")
		}
	}
}

func defaultTaggerT(t testing.TB) *Tagger {
	tg, err := DefaultTagger()
	if err != nil {
		t.Fatalf("DefaultTagger: %v", err)
	}
	return tg
}

func TestDefaultTagger(t *testing.T) {
	tg := defaultTaggerT(t)
	cases := []struct {
		sent  string
		upos  string
		xpos  string
		lemma string
	}{
		{"Police said they arrested 1,200 protesters in Cairo on Friday .",
			"NOUN VERB PRON VERB NUM NOUN ADP PROPN ADP PROPN PUNCT",
			"NNS VBD PRP VBD CD NNS IN NNP IN NNP .",
			"police say they arrest 1200 protester in Cairo on Friday ."},
		{"The minister said the talks were n't going well .",
			"DET NOUN VERB DET NOUN AUX PART VERB ADV PUNCT",
			"DT NN VBD DT NNS VBD RB VBG RB .",
			"the minister say the talk be not go well ."},
	}
	for _, c := range cases {
		out := tg.Tag(strings.Fields(c.sent))
		var u, x, l []string
		for _, o := range out {
			u, x, l = append(u, o.UPOS), append(x, o.XPOS), append(l, o.Lemma)
		}
		if got := strings.Join(u, " "); got != c.upos {
			t.Errorf("%q UPOS\n got %s\nwant %s", c.sent, got, c.upos)
		}
		if got := strings.Join(x, " "); got != c.xpos {
			t.Errorf("%q XPOS\n got %s\nwant %s", c.sent, got, c.xpos)
		}
		if got := strings.Join(l, " "); got != c.lemma {
			t.Errorf("%q lemmas\n got %s\nwant %s", c.sent, got, c.lemma)
		}
	}
	if got := tg.Lemma("GINSBURG", "NNP", false); got != "Ginsburg" {
		t.Errorf("Lemma(GINSBURG, NNP) = %q", got)
	}
	if got := tg.Lemma("don\u2019t", "VB", false); got == "" {
		t.Errorf("empty lemma")
	}
}

// buildDoc makes a document whose tokens are its space-separated words and
// whose sentences are separated by " | ".
func buildDoc(text string) *doc.Document {
	d := doc.New("t", text)
	start := 0
	first := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == ' ' {
			if i > start {
				if text[start:i] == "|" {
					d.Sentences = append(d.Sentences, doc.Sentence{TokStart: first, TokEnd: len(d.Tokens)})
					first = len(d.Tokens)
				} else {
					d.Tokens = append(d.Tokens, doc.Token{Span: doc.Span{Start: start, End: i}, SpaceAfter: i < len(text), Head: -1})
				}
			}
			start = i + 1
		}
	}
	d.Sentences = append(d.Sentences, doc.Sentence{TokStart: first, TokEnd: len(d.Tokens)})
	for i := range d.Sentences {
		s := &d.Sentences[i]
		s.Start, s.End = d.Tokens[s.TokStart].Start, d.Tokens[s.TokEnd-1].End
	}
	return d
}

func TestStage(t *testing.T) {
	st := NewStage(defaultTaggerT(t))
	if st.Name() != "syntax" {
		t.Fatalf("Name() = %q", st.Name())
	}
	d := buildDoc("Troops opened fire on the demonstrators . | The government denied it .")
	if len(d.Sentences) != 2 || len(d.Tokens) != 12 {
		t.Fatalf("bad test document: %d sentences, %d tokens", len(d.Sentences), len(d.Tokens))
	}
	if err := st.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	want := []string{"NOUN/NNS/troops", "VERB/VBD/open", "NOUN/NN/fire", "ADP/IN/on", "DET/DT/the", "NOUN/NNS/demonstrator", "PUNCT/./.",
		"DET/DT/the", "NOUN/NN/government", "VERB/VBD/deny", "PRON/PRP/it", "PUNCT/./."}
	for i, w := range want {
		tok := d.Tokens[i]
		if got := tok.UPOS + "/" + tok.XPOS + "/" + tok.Lemma; got != w {
			t.Errorf("token %d %q: got %s, want %s", i, d.TokenText(i), got, w)
		}
	}
	// Tokens with no sentence layer are still tagged.
	d2 := buildDoc("Rebels seized the airport .")
	d2.Sentences = nil
	if err := st.Process(context.Background(), d2); err != nil {
		t.Fatal(err)
	}
	for i, tok := range d2.Tokens {
		if tok.UPOS == "" || tok.XPOS == "" || tok.Lemma == "" {
			t.Errorf("token %d untagged: %+v", i, tok)
		}
	}
	// Empty document.
	if err := st.Process(context.Background(), doc.New("e", "")); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentUse(t *testing.T) {
	tg := defaultTaggerT(t)
	sents := [][]string{
		strings.Fields("Israeli jets struck targets in Gaza overnight , officials said ."),
		strings.Fields("The UN Security Council will meet on Tuesday to discuss the crisis ."),
		strings.Fields("Thousands marched through the capital demanding the president 's resignation ."),
	}
	want := make([][]Tagged, len(sents))
	for i, s := range sents {
		want[i] = tg.Tag(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				i := (g + n) % len(sents)
				got := tg.Tag(sents[i])
				for j := range got {
					if got[j] != want[i][j] {
						errs <- "concurrent tagging differs"
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

// TestEWT scores the embedded model on the EWT test set with gold tokens.
func TestEWT(t *testing.T) {
	f, err := os.Open(filepath.Join(ewtDir, "en_ewt-ud-test.conllu"))
	if err != nil {
		t.Skipf("EWT test set not available: %v", err)
	}
	defer f.Close()
	s, err := EvalTagger(defaultTaggerT(t), f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("EWT test: %d sentences, %d tokens: UPOS %.4f XPOS %.4f both %.4f lemma %.4f",
		s.Sentences, s.Tokens, s.UPOS, s.XPOS, s.UPOSXPOS, s.Lemma)
	if s.Tokens < 25000 {
		t.Errorf("only %d tokens read", s.Tokens)
	}
	if s.UPOS < 0.950 || s.XPOS < 0.945 || s.Lemma < 0.967 {
		t.Errorf("scores below the floor (UPOS 0.950, XPOS 0.945, lemma 0.967): %+v", s)
	}
}

func loadBenchSents(b *testing.B) [][]string {
	f, err := os.Open(filepath.Join(ewtDir, "en_ewt-ud-test.conllu"))
	if err != nil {
		// Fall back to a synthetic text.
		s := strings.Fields("Police in the capital arrested 25 people on Sunday after clashes with supporters of the opposition leader , the interior ministry said .")
		return [][]string{s, s, s, s}
	}
	defer f.Close()
	sents, err := ReadCoNLLU(f)
	if err != nil {
		b.Fatal(err)
	}
	out := make([][]string, len(sents))
	for i, s := range sents {
		for _, t := range s {
			out[i] = append(out[i], t.Form)
		}
	}
	return out
}

// BenchmarkTag measures tagging and lemmatisation speed on one goroutine.
func BenchmarkTag(b *testing.B) {
	tg := defaultTaggerT(b)
	sents := loadBenchSents(b)
	var out []Tagged
	tokens := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := sents[i%len(sents)]
		out = tg.TagInto(out[:0], s)
		tokens += len(s)
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLoadTagger measures loading the embedded model (clusters
// included).
func BenchmarkLoadTagger(b *testing.B) {
	m := mustRead(b, filepath.Join("..", "models", "tagger.bin.gz"))
	for i := 0; i < b.N; i++ {
		if _, err := LoadTagger(bytes.NewReader(m)); err != nil {
			b.Fatal(err)
		}
	}
}
