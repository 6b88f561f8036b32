// Command tagger trains dyad's part-of-speech tagger and lemmatizer
// (package syntax) on a CoNLL-U treebank and writes the compact model.
//
// Usage, from the repository root:
//
//	go run ./internal/train/tagger \
//	    -train ../shared/datasets/ud_english_ewt/en_ewt-ud-train.conllu \
//	    -dev ../shared/datasets/ud_english_ewt/en_ewt-ud-dev.conllu \
//	    -test ../shared/datasets/ud_english_ewt/en_ewt-ud-test.conllu \
//	    -out models/tagger.bin.gz -iter 10 -seed 1
//
// Training is deterministic: the same data, -iter and -seed give a
// byte-identical model. -dev and -test are optional and only report scores.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/dyad-events/dyad/syntax"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("train tagger: ")
	var (
		train  = flag.String("train", "", "training CoNLL-U file (required)")
		dev    = flag.String("dev", "", "development CoNLL-U file, scored after each iteration")
		test   = flag.String("test", "", "test CoNLL-U file, scored at the end")
		out    = flag.String("out", "models/tagger.bin.gz", "output model file")
		iter   = flag.Int("iter", 10, "training iterations")
		seed   = flag.Uint64("seed", 1, "shuffling seed")
		prune  = flag.Float64("prune", 0, "drop averaged weights below this magnitude")
		dictN  = flag.Int("dict-min", 20, "tag dictionary: minimum word count")
		dictR  = flag.Float64("dict-ratio", 0.97, "tag dictionary: minimum share of the main label")
		suffix = flag.Int("lemma-suffix", 5, "longest suffix used by the lemma rules")
		folds  = flag.Int("two-pass-folds", 0, "with 2 or more: train a second pass, its training labels from this many folds (0: one pass)")
	)
	flag.Parse()
	if *train == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*train, *dev, *test, *out, syntax.TrainOptions{
		Iterations: *iter, Seed: *seed, PruneBelow: *prune,
		TagDictMinCount: *dictN, TagDictMinRatio: *dictR, LemmaMaxSuffix: *suffix,
		TwoPassFolds: *folds,
		Logf:         log.Printf,
	}); err != nil {
		log.Fatal(err)
	}
}

func read(path string) ([][]syntax.TrainToken, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return syntax.ReadCoNLLU(f)
}

func run(train, dev, test, out string, opt syntax.TrainOptions) error {
	start := time.Now()
	sents, err := read(train)
	if err != nil {
		return err
	}
	if dev != "" {
		if opt.Dev, err = read(dev); err != nil {
			return err
		}
	}
	log.Printf("%d training sentences; %d iterations, seed %d", len(sents), opt.Iterations, opt.Seed)
	t, err := syntax.TrainTagger(sents, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.Save(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("wrote %s: %d bytes, %d passes, %d features, %d weights, %d labels, in %s", out, buf.Len(), t.Passes(), t.NumFeatures(), t.NumWeights(), t.Labels(), time.Since(start).Round(time.Millisecond))
	if test != "" {
		// Score the model as saved, after a round trip.
		loaded, err := syntax.LoadTagger(bytes.NewReader(buf.Bytes()))
		if err != nil {
			return err
		}
		f, err := os.Open(test)
		if err != nil {
			return err
		}
		defer f.Close()
		s, err := syntax.EvalTagger(loaded, f)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(s)
		fmt.Println(string(b))
	}
	return nil
}
