package text

import (
	"context"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/doc"
)

var fuzzSeeds = []string{
	"",
	" ",
	"MOSCOW, Feb 8 (Reuters) - Russia's army didn't move, Mr. Ivanov said.",
	"Aid reached the U.S. The president said \"it's late.\"\n\nNext paragraph...",
	"See http://example.org/x_(y). Mail a.b@example.com! 5,400 $3.5bn 2.4% 11-month",
	"J. R. R. Tolkien vs. No. 5 e.g. etc.. U.S.\n",
	"al-Assad’s “forces” — 713-853-3989 :) '90s Tigers' O'Brien cannot",
	"\xff\xfe\xc3.\xe2\x80 \x80\u2028\u00a0x",
	"''``--...!?!",
	"a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g-h-i-j-k-l-m-n",
}

func FuzzTokenize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSpans(t, s, Tokenize(s))
		surface := SurfaceTokens(s)
		checkSpans(t, s, surface)
		if words := Tokenize(s); len(surface) > len(words) {
			t.Fatalf("%d surface tokens but %d words", len(surface), len(words))
		}
	})
}

func FuzzProcess(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := doc.New("fuzz", s)
		if err := (Splitter{}).Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		checkDoc(t, d)
	})
}

// newsText is about 1 MB of news-like text written for the benchmark.
var newsText = func() string {
	paras := []string{
		"MOSCOW, Feb 8 (Reuters) - Russia's foreign ministry said on Friday that it would not attend talks in Geneva, citing what it called \"provocations\" by U.S. and NATO forces near its border.",
		"Lt. Gen. Sergei Ivanov told reporters that about 5,400 troops had been moved, and that the ministry's budget rose 2.4% to $3.5bn in the 11-month period. \"We won't accept this,\" he said.",
		"The U.N. Security Council is due to meet on Monday. Diplomats said a draft resolution, backed by Britain and France, would call for a ceasefire; others were less sure… Officials didn't comment.",
		"Protesters gathered outside the embassy in Kyiv — some carrying flags, others signs reading ‘Stop the war’ — and police said 12 people were detained. More at https://example.org/news/2024/02/08.",
	}
	var b strings.Builder
	for b.Len() < 1<<20 {
		for _, p := range paras {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	return b.String()
}()

func BenchmarkProcess(b *testing.B) {
	ctx := context.Background()
	b.SetBytes(int64(len(newsText)))
	tokens := 0
	for b.Loop() {
		d := doc.New("bench", newsText)
		if err := (Splitter{}).Process(ctx, d); err != nil {
			b.Fatal(err)
		}
		tokens = len(d.Tokens)
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
