// Command ner trains dyad's named entity recognizer (package ner) on
// CoNLL-2003 and writes the compact model.
//
// Usage, from the repository root:
//
//	go run ./internal/train/ner \
//	    -train ../shared/datasets/conll2003/eng.train \
//	    -dev ../shared/datasets/conll2003/eng.testa \
//	    -test ../shared/datasets/conll2003/eng.testb \
//	    -out models/ner.bin.gz -iter 12 -seed 1
//
// The training sentences are tagged with syntax.DefaultTagger first, as
// text is at run time. Training is deterministic: the same data, flags and
// embedded tagger, clusters and knowledge base give a byte-identical model.
// -dev logs F1 after every pass; -test (repeatable, comma-separated) prints
// scores as JSON at the end; -uner scores UNER files on PERSON/ORG/LOC.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/dyad-events/dyad/ner"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("train ner: ")
	var (
		train = flag.String("train", "", "training file, CoNLL-2003 or IOB2 (required)")
		dev   = flag.String("dev", "", "development file, scored after each pass")
		test  = flag.String("test", "", "comma-separated test files, scored at the end")
		uner  = flag.String("uner", "", "comma-separated UNER files, scored on PERSON, ORG, LOC")
		out   = flag.String("out", "models/ner.bin.gz", "output model file")
		iter  = flag.Int("iter", 12, "training passes")
		seed  = flag.Uint64("seed", 1, "shuffling seed")
		prune = flag.Int("prune", 0, "drop features whose largest quantised weight is below this")
		noCl  = flag.Bool("no-clusters", false, "train without cluster features")
		noKB  = flag.Bool("no-kb", false, "train without gazetteer features")
		sec   = flag.Bool("second", false, "train a second, document-level pass")
		geo   = flag.String("geonames", "", "GeoNames directory for the gazetteer (cities15000.zip, regionInfo.tsv)")
	)
	flag.Parse()
	if *train == "" {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	opt := ner.Options{Iterations: *iter, Seed: *seed, PruneBelow: *prune, NoClusters: *noCl, NoKB: *noKB, SecondPass: *sec, Logf: log.Printf}
	if *geo != "" {
		g, err := ner.BuildGazetteer(*geo)
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("gazetteer: %d names", len(g))
		opt.Gazetteer = g
	}
	if *dev != "" {
		docs, err := ner.ReadFile(*dev)
		if err != nil {
			log.Fatal(err)
		}
		if err := ner.TagDocs(docs); err != nil {
			log.Fatal(err)
		}
		opt.Dev = docs
	}
	m, err := ner.TrainFiles(*train, opt, log.Printf)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("trained in %v", time.Since(start).Round(time.Second))
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		log.Fatal(err)
	}
	if *out != "" {
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote %s: %d bytes, %d features", *out, buf.Len(), m.NumFeatures())
	}
	t0 := time.Now()
	m2, err := ner.Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("load takes %v", time.Since(t0).Round(time.Millisecond))
	score := func(path string, opt ner.EvalOptions) {
		f, err := os.Open(path)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		sc, err := ner.EvalWith(m2, f, opt)
		if err != nil {
			log.Fatal(err)
		}
		j, _ := json.Marshal(sc)
		fmt.Printf("%s\t%s\n", path, j)
	}
	for _, p := range split(*dev) {
		score(p, ner.EvalOptions{})
	}
	for _, p := range split(*test) {
		score(p, ner.EvalOptions{})
	}
	for _, p := range split(*uner) {
		score(p, ner.EvalOptions{Types: []string{"PERSON", "ORG", "LOC"}})
	}
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
