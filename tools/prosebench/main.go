// Command prosebench measures dyad's trained NLP core (tagger, parser, NER)
// side by side with prose v3, the one other pure-Go tagger and NER, on the
// same texts in the same run. It lives in its own module so that prose never
// enters dyad's binary.
//
// Usage, from this directory:
//
//	go run . -runs 5 ../../../shared/datasets/bbc_news/bbc
//
// It pins the process to one core (GOMAXPROCS=1), reads every .txt file
// under the given folders, and prints one JSON object: tokens per second
// for each configuration (median of the runs), and peak memory.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jdkato/prose/v3"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/ner"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/syntax"
	"github.com/dyad-events/dyad/text"
)

type result struct {
	Config          string    `json:"config"`
	Tokens          int       `json:"tokens"`
	TokensPerSecond float64   `json:"tokens_per_second"`
	RunSeconds      []float64 `json:"run_seconds"`
}

func main() {
	runs := flag.Int("runs", 3, "timed runs per configuration")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	var texts []string
	for _, root := range flag.Args() {
		err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".txt") || strings.EqualFold(e.Name(), "README.TXT") {
				return err
			}
			b, err := os.ReadFile(p)
			texts = append(texts, string(b))
			return err
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	if len(texts) == 0 {
		log.Fatal("no .txt files under the given folders")
	}
	configs, err := dyadConfigs()
	if err != nil {
		log.Fatal(err)
	}
	configs = append(configs,
		config{"prose tokenize+tag", proseRun(prose.WithExtraction(false))},
		config{"prose tokenize+tag+ner", proseRun()},
	)
	var out []result
	for _, c := range configs {
		r := result{Config: c.name}
		for range *runs {
			t0 := time.Now()
			n := 0
			for _, t := range texts {
				n += c.run(t)
			}
			r.RunSeconds = append(r.RunSeconds, time.Since(t0).Seconds())
			r.Tokens = n
		}
		s := slices.Clone(r.RunSeconds)
		slices.Sort(s)
		r.TokensPerSecond = float64(r.Tokens) / s[len(s)/2]
		out = append(out, r)
		fmt.Fprintf(os.Stderr, "%-32s %10.0f tokens/s\n", r.Config, r.TokensPerSecond)
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(map[string]any{"documents": len(texts), "results": out, "peak_rss_bytes": ru.Maxrss * 1024})
}

type config struct {
	name string
	run  func(text string) int // returns the number of tokens processed
}

func proseRun(opts ...prose.Option) func(string) int {
	return func(t string) int {
		d, err := prose.NewDocument(t, opts...)
		if err != nil {
			log.Fatal(err)
		}
		return len(d.Tokens())
	}
}

// dyadConfigs times dyad's stages on text that the tokenizer has already
// split (tokenisation is timed in its own configuration).
func dyadConfigs() ([]config, error) {
	tagger, err := syntax.DefaultTagger()
	if err != nil {
		return nil, err
	}
	stages := func(ss ...pipeline.Stage) func(string) int {
		p := pipeline.New(append([]pipeline.Stage{text.New()}, ss...)...)
		return func(t string) int {
			d := doc.New("x", t)
			if err := p.Process(context.Background(), d); err != nil {
				log.Fatal(err)
			}
			return len(d.Tokens)
		}
	}
	parser, err := syntax.DefaultParser()
	if err != nil {
		return nil, err
	}
	rec, err := ner.Default()
	if err != nil {
		return nil, err
	}
	tag, parse, names := syntax.NewStage(tagger), syntax.NewParseStage(parser), nerStage{rec}
	return []config{
		{"dyad tokenize", stages()},
		{"dyad tokenize+tag", stages(tag)},
		{"dyad tokenize+tag+ner", stages(tag, names)},
		{"dyad tokenize+tag+parse", stages(tag, parse)},
		{"dyad tokenize+tag+parse+ner", stages(tag, parse, names)},
	}, nil
}

// nerStage runs the recognizer alone over a document's sentences.
type nerStage struct{ m *ner.Model }

func (nerStage) Name() string { return "ner" }

func (s nerStage) Process(_ context.Context, d *doc.Document) error {
	words := make([][]string, len(d.Sentences))
	upos := make([][]string, len(d.Sentences))
	for i, se := range d.Sentences {
		for t := se.TokStart; t < se.TokEnd; t++ {
			words[i] = append(words[i], d.TokenText(t))
			upos[i] = append(upos[i], d.Tokens[t].UPOS)
		}
	}
	s.m.RecognizeDoc(words, upos)
	return nil
}
