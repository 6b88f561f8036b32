package ner

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/kb"
	"github.com/dyad-events/dyad/models"
)

// tiny is a hand-written training set.
const tiny = `-DOCSTART- -X- -X- O

Angela NNP B-NP I-PER
Merkel NNP I-NP I-PER
visited VBD B-VP O
Paris NNP B-NP I-LOC
on IN B-PP O
Monday NNP B-NP O
. . O O

Reuters NNP B-NP I-ORG
said VBD B-VP O
the DT B-NP O
French JJ I-NP I-MISC
team NN I-NP O
lost VBD B-VP O
. . O O

-DOCSTART- -X- -X- O

John NNP B-NP I-PER
Smith NNP I-NP I-PER
joined VBD B-VP O
Acme NNP B-NP I-ORG
Corp NNP I-NP I-ORG
in IN B-PP O
London NNP B-NP I-LOC
. . O O

Paris NNP B-NP I-LOC
Berlin NNP I-NP B-LOC
talks NNS I-NP O
`

func tinyDocs(t *testing.T) []Doc {
	t.Helper()
	docs, err := Read(strings.NewReader(tiny))
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestReadIOB1(t *testing.T) {
	docs := tinyDocs(t)
	if len(docs) != 2 || len(docs[0].Sentences) != 2 || len(docs[1].Sentences) != 2 {
		t.Fatalf("got %d docs", len(docs))
	}
	want := []Mention{{0, 2, "PERSON"}, {3, 4, "LOC"}}
	if got := docs[0].Sentences[0].Mentions; !reflect.DeepEqual(got, want) {
		t.Errorf("mentions %v, want %v", got, want)
	}
	// I-LOC B-LOC: two adjacent locations in IOB1.
	want = []Mention{{0, 1, "LOC"}, {1, 2, "LOC"}}
	if got := docs[1].Sentences[1].Mentions; !reflect.DeepEqual(got, want) {
		t.Errorf("IOB1 B- split: %v, want %v", got, want)
	}
}

func TestReadIOB2(t *testing.T) {
	const uner = "# newdoc id = a\n# sent_id = a-1\n# text = x\n" +
		"1\tWe\tO\t-\t-\n2\tmet\tO\t-\t-\n3\tJohn\tB-PER\t-\t-\n4\tSmith\tI-PER\t-\t-\n5\tin\tO\t-\t-\n" +
		"6\tNew\tB-LOC\t-\t-\n7\tYork\tI-LOC\t-\t-\n8\tUN\tB-ORG\t-\t-\n9\tWHO\tB-ORG\t-\t-\n\n" +
		"# newdoc id = b\n1\tHi\tO\n\n"
	docs, err := Read(strings.NewReader(uner))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d docs, want 2", len(docs))
	}
	se := docs[0].Sentences[0]
	if len(se.Words) != 9 || se.Words[2] != "John" {
		t.Fatalf("words %v", se.Words)
	}
	want := []Mention{{2, 4, "PERSON"}, {5, 7, "LOC"}, {7, 8, "ORG"}, {8, 9, "ORG"}}
	if !reflect.DeepEqual(se.Mentions, want) {
		t.Errorf("mentions %v, want %v", se.Mentions, want)
	}
	// Space-separated IOB2 without document markers: one doc per sentence.
	docs, err = Read(strings.NewReader("EU B-ORG\nrejects O\nGerman B-MISC\n\nPeter B-PER\nBlackburn I-PER\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || !reflect.DeepEqual(docs[1].Sentences[0].Mentions, []Mention{{0, 2, "PERSON"}}) {
		t.Errorf("got %+v", docs)
	}
}

func TestCompare(t *testing.T) {
	gold := [][]Mention{
		{{0, 2, "PERSON"}, {3, 4, "LOC"}, {5, 7, "ORG"}},
		{{0, 1, "MISC"}},
	}
	pred := [][]Mention{
		{{0, 2, "PERSON"}, {3, 4, "ORG"}, {5, 6, "ORG"}}, // right; wrong type; partial span
		{{0, 1, "MISC"}, {2, 3, "LOC"}},                  // right; spurious
	}
	sc := Compare(gold, pred, nil)
	if sc.Gold != 4 || sc.Predicted != 5 || sc.Correct != 2 {
		t.Fatalf("counts %+v", sc.Score)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(sc.Precision, 0.4) || !near(sc.Recall, 0.5) || !near(sc.F1, 2*0.4*0.5/0.9) {
		t.Errorf("scores %+v", sc.Score)
	}
	org := sc.PerType["ORG"]
	if org.Gold != 1 || org.Predicted != 2 || org.Correct != 0 || org.F1 != 0 {
		t.Errorf("ORG %+v", org)
	}
	if p := sc.PerType["PERSON"]; p.F1 != 1 {
		t.Errorf("PERSON %+v", p)
	}
	if l := sc.PerType["LOC"]; l.Gold != 1 || l.Predicted != 1 || l.Correct != 0 {
		t.Errorf("LOC %+v", l)
	}
	// Restricted to PERSON and LOC: MISC and ORG are ignored.
	sc = Compare(gold, pred, []string{"PERSON", "LOC"})
	if sc.Gold != 2 || sc.Predicted != 2 || sc.Correct != 1 {
		t.Errorf("restricted counts %+v", sc.Score)
	}
}

func TestMentionsOf(t *testing.T) {
	B, I, L, U := labelOf(0, lbB), labelOf(0, lbI), labelOf(0, lbL), labelOf(2, lbU)
	ls := []uint8{uint8(B), uint8(I), uint8(L), 0, uint8(U), uint8(B)}
	want := []Mention{{0, 3, "PERSON"}, {4, 5, "LOC"}, {5, 6, "PERSON"}}
	if got := mentionsOf(ls); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func trainTiny(t *testing.T) *Model {
	t.Helper()
	m, err := Train(tinyDocs(t), Options{Iterations: 20, NoClusters: true, Folds: 2, SecondPass: true})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainTiny(t *testing.T) {
	docs := tinyDocs(t)
	m := trainTiny(t)
	sc := EvalDocs(m, docs, nil)
	if sc.F1 != 1 {
		t.Errorf("training-set F1 %.3f, want 1 (%+v)", sc.F1, sc)
	}
	got := m.Recognize(docs[1].Sentences[0].Words, nil)
	want := []Mention{{0, 2, "PERSON"}, {3, 5, "ORG"}, {6, 7, "LOC"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Recognize %v, want %v", got, want)
	}
	// Deterministic.
	m2 := trainTiny(t)
	var a, b bytes.Buffer
	if err := m.Save(&a); err != nil {
		t.Fatal(err)
	}
	if err := m2.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two trainings gave different models")
	}
}

func TestSaveLoad(t *testing.T) {
	m := trainTiny(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.first, m2.first) || !reflect.DeepEqual(m.second, m2.second) || m.second == nil || m.usePOS != m2.usePOS {
		t.Fatal("loaded model differs")
	}
	for _, d := range tinyDocs(t) {
		for _, se := range d.Sentences {
			if a, b := m.Recognize(se.Words, nil), m2.Recognize(se.Words, nil); !reflect.DeepEqual(a, b) {
				t.Errorf("%v: %v vs %v", se.Words, a, b)
			}
		}
	}
	if _, err := Load(bytes.NewReader([]byte("junk"))); err == nil {
		t.Error("Load accepted junk")
	}
	b := buf.Bytes()
	if _, err := Load(bytes.NewReader(b[:len(b)/2])); err == nil {
		t.Error("Load accepted a truncated model")
	}
}

func embeddedModel(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Skipf("no embedded model: %v", err)
	}
	return m
}

func TestRobust(t *testing.T) {
	for _, m := range []*Model{trainTiny(t), embeddedModel(t)} {
		long := make([]string, 5000)
		for i := range long {
			long[i] = []string{"Paris", "", "the", "\xff\xfe", "UN", "-", "Émile", "1996", "ß", "'s"}[i%10]
		}
		inputs := [][]string{nil, {}, {""}, {"", ""}, {"\x00"}, {"A"}, long, {"the"}, {"New", "York"}}
		for _, ws := range inputs {
			ms := m.Recognize(ws, nil)
			for _, x := range ms {
				if x.Start < 0 || x.End > len(ws) || x.Start >= x.End {
					t.Errorf("bad mention %v for %d words", x, len(ws))
				}
			}
			m.Recognize(ws, make([]string, len(ws)))
			m.Recognize(ws, []string{"NOUN"}) // wrong length: ignored
		}
		m.RecognizeDoc([][]string{{"Paris"}, nil, {"PARIS", "talks"}}, nil)
	}
}

func TestTrainNoData(t *testing.T) {
	if m, err := Train(nil, Options{}); err == nil || m != nil {
		t.Fatal("Train accepted no data")
	}
	bad := []Doc{{Sentences: []Sentence{{Words: []string{"a"}, Mentions: []Mention{{0, 2, "PERSON"}}}}}}
	if _, err := Train(bad, Options{NoClusters: true, NoKB: true}); err == nil {
		t.Error("Train accepted a mention past the sentence end")
	}
}

func FuzzRecognize(f *testing.F) {
	f.Add("Angela Merkel visited Paris .")
	f.Add("")
	f.Add("\xff IBM  --  U.S.")
	f.Fuzz(func(t *testing.T, s string) {
		mm, err := Default()
		if err != nil {
			t.Skip()
		}
		ws := strings.Split(s, " ")
		for _, x := range mm.Recognize(ws, nil) {
			if x.Start < 0 || x.End > len(ws) || x.Start >= x.End {
				t.Fatalf("bad mention %v", x)
			}
		}
	})
}

// Data set tests: skipped when ../shared/datasets is absent.

const dataDir = "../../shared/datasets"

func evalFile(t *testing.T, m *Model, rel string, opt EvalOptions) Scores {
	t.Helper()
	p := filepath.Join(dataDir, rel)
	f, err := os.Open(p)
	if err != nil {
		t.Skipf("%s absent", p)
	}
	defer f.Close()
	sc, err := EvalWith(m, f, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: P %.4f R %.4f F1 %.4f", rel, sc.Precision, sc.Recall, sc.F1)
	for _, ty := range Types {
		if s, ok := sc.PerType[ty]; ok {
			t.Logf("  %-6s P %.4f R %.4f F1 %.4f (%d gold)", ty, s.Precision, s.Recall, s.F1, s.Gold)
		}
	}
	return sc
}

func TestDatasets(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	m := embeddedModel(t)
	for _, c := range []struct {
		file  string
		opt   EvalOptions
		floor float64
	}{
		{"conll2003/eng.testa", EvalOptions{}, floorTesta},
		{"conll2003/eng.testb", EvalOptions{}, floorTestb},
		{"conll2003/conllpp/conllpp_test.txt", EvalOptions{}, floorConllpp},
		{"ud_english_ewt/uner/en_ewt-ud-test.iob2", EvalOptions{Types: []string{"PERSON", "ORG", "LOC"}}, floorUNER},
	} {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			if sc := evalFile(t, m, c.file, c.opt); sc.F1 < c.floor {
				t.Errorf("F1 %.4f below floor %.2f", sc.F1, c.floor)
			}
		})
	}
}

func BenchmarkRecognize(b *testing.B) {
	m := embeddedModel(b)
	f, err := os.Open(filepath.Join(dataDir, "conll2003/eng.testb"))
	if err != nil {
		b.Skip("eng.testb absent")
	}
	docs, err := Read(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	if err := TagDocs(docs); err != nil {
		b.Fatal(err)
	}
	var sents []Sentence
	ntok := 0
	for _, d := range docs {
		for _, se := range d.Sentences {
			sents = append(sents, se)
			ntok += len(se.Words)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, se := range sents {
			m.Recognize(se.Words, se.UPOS)
		}
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load(bytes.NewReader(models.NER)); err != nil {
			b.Skip(err)
		}
	}
}

func TestConcurrent(t *testing.T) {
	m := embeddedModel(t)
	sents := [][]string{
		strings.Fields("Angela Merkel met Vladimir Putin in Moscow on Friday ."),
		strings.Fields("The United Nations Security Council condemned the attack by Hamas ."),
		strings.Fields("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."),
	}
	want := make([][]Mention, len(sents))
	for i, s := range sents {
		want[i] = m.Recognize(s, nil)
	}
	if len(want[0]) == 0 {
		t.Errorf("no mentions in %v", sents[0])
	}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			for k := 0; k < 50; k++ {
				i := (g + k) % len(sents)
				if got := m.Recognize(sents[i], nil); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("concurrent %v != %v", got, want[i])
				}
			}
			done <- true
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	t.Logf("%v", want)
}

func TestLoadTime(t *testing.T) {
	start := time.Now()
	if _, err := kb.Default(); err != nil {
		t.Skip(err)
	}
	kbTime := time.Since(start)
	start = time.Now()
	m, err := Load(bytes.NewReader(models.NER))
	if err != nil {
		t.Skip(err)
	}
	t.Logf("knowledge base %v, model %v (%d features)", kbTime, time.Since(start), m.NumFeatures())
}
