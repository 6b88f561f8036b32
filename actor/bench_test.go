package actor_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad/actor"
	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/entity"
	"github.com/dyad-events/dyad/kb"
	"github.com/dyad-events/dyad/ner"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/syntax"
	"github.com/dyad-events/dyad/text"
)

// benchTexts returns BBC politics articles when the datasets are present,
// else a paragraph written for this benchmark.
func benchTexts(b *testing.B) []string {
	dir := filepath.Join("..", "..", "shared", "datasets", "bbc_news", "bbc", "politics")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var out []string
	for _, f := range files {
		if len(out) == 200 {
			break
		}
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(t))
	}
	if len(out) == 0 {
		out = append(out, "Turkish Prime Minister Ali Demir met Russian President Ivan Petrov in Moscow on Monday. "+
			"The two leaders discussed Syria. Syrian rebels and Kurdish fighters clashed with government troops, "+
			"the UN Security Council said. Demir told reporters the Kremlin had agreed. Britain and France "+
			"urged restraint, and a spokesman for the European Commission said Brussels was concerned.")
	}
	return out
}

// BenchmarkActorStage measures actor coding alone: documents are tokenized,
// tagged and their entities found beforehand, and each iteration codes
// every entity of every document again. It reports entity mentions per
// second.
func BenchmarkActorStage(b *testing.B) {
	k, err := kb.Default()
	if err != nil {
		b.Fatal(err)
	}
	tagger, err := syntax.DefaultTagger()
	if err != nil {
		b.Fatal(err)
	}
	rec, err := ner.Default()
	if err != nil {
		b.Fatal(err)
	}
	pre := pipeline.New(text.New(), syntax.NewStage(tagger), entity.New(k, rec))
	var docs []*doc.Document
	mentions := 0
	for i, t := range benchTexts(b) {
		d := doc.New(string(rune('a'+i%26)), t)
		if err := pre.Process(context.Background(), d); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
		mentions += len(d.Entities)
	}
	st := actor.New(k)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			d.Actors = d.Actors[:0]
			for i := range d.Entities {
				d.Entities[i].Actor, d.Entities[i].Also = "", nil
			}
			if err := st.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(mentions)*float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
}
