// Command parser trains dyad's dependency parser (package syntax) on a
// CoNLL-U treebank and writes the compact model.
//
// Usage, from the repository root:
//
//	go run ./internal/train/parser \
//	    -train ../shared/datasets/ud_english_ewt/en_ewt-ud-train.conllu \
//	    -dev ../shared/datasets/ud_english_ewt/en_ewt-ud-dev.conllu \
//	    -test ../shared/datasets/ud_english_ewt/en_ewt-ud-test.conllu \
//	    -out models/parser.bin.gz -iter 12 -seed 1
//
// The training sentences get predicted tags and lemmas by jackknifing (-folds
// taggers trained with the shipped tagger's settings); -dev and -test are
// tagged by the embedded tagger. Training is deterministic: the same data and
// flags give a byte-identical model. -dev and -test only report scores.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad/syntax"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("train parser: ")
	var (
		train   = flag.String("train", "", "training CoNLL-U file (required)")
		dev     = flag.String("dev", "", "development CoNLL-U file, scored after each pass")
		test    = flag.String("test", "", "test CoNLL-U file, scored at the end")
		out     = flag.String("out", "models/parser.bin.gz", "output model file")
		iter    = flag.Int("iter", 12, "training passes")
		seed    = flag.Uint64("seed", 1, "shuffling and exploration seed")
		folds   = flag.Int("folds", 5, "jackknifing folds for predicted training tags (1: gold tags)")
		explore = flag.Float64("explore", 0.9, "probability of following a wrong prediction (negative: never)")
		from    = flag.Int("explore-from", 2, "first pass with exploration")
		proj    = flag.Bool("skip-nonprojective", false, "drop non-projective training trees")
		prune   = flag.Float64("prune", 2, "drop weights below this many perceptron updates (negative: keep all)")
		sweep   = flag.String("prune-sweep", "", "comma-separated -prune values whose dev scores to log (diagnostic)")
		cache   = flag.String("cache", "", "file keeping the jackknifed training set between runs (read if present)")
	)
	flag.Parse()
	if *train == "" {
		flag.Usage()
		os.Exit(2)
	}
	opt := syntax.ParserOptions{
		Iterations: *iter, Seed: *seed, ExploreProb: *explore, ExploreFrom: *from,
		SkipNonProjective: *proj, PruneBelow: *prune, JackknifeFolds: *folds,
		Logf: log.Printf,
	}
	for _, f := range strings.Split(*sweep, ",") {
		if v, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil {
			opt.DevPruneSweep = append(opt.DevPruneSweep, v)
		}
	}
	if err := run(*train, *dev, *test, *out, *cache, opt); err != nil {
		log.Fatal(err)
	}
}

func read(path string) ([][]syntax.ParseToken, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return syntax.ReadCoNLLUTrees(f)
}

// write stores sentences as minimal CoNLL-U.
func write(path string, sents [][]syntax.ParseToken) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, s := range sents {
		for i, t := range s {
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t_\t%d\t%s\t_\t_\n", i+1, t.Form, t.Lemma, t.UPOS, t.XPOS, t.Head+1, t.Rel)
		}
		w.WriteString("\n")
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func run(train, dev, test, out, cache string, opt syntax.ParserOptions) error {
	start := time.Now()
	tagger, err := syntax.DefaultTagger()
	if err != nil {
		return err
	}
	var sents [][]syntax.ParseToken
	if cache != "" {
		if _, err := os.Stat(cache); err == nil {
			if sents, err = read(cache); err != nil {
				return err
			}
			log.Printf("read jackknifed training set from %s", cache)
		}
	}
	if sents == nil {
		if sents, err = read(train); err != nil {
			return err
		}
		if opt.JackknifeFolds > 1 {
			if err := syntax.Jackknife(sents, opt.JackknifeFolds, syntax.TrainOptions{}, log.Printf); err != nil {
				return err
			}
			if cache != "" {
				if err := write(cache, sents); err != nil {
					return err
				}
			}
		}
	}
	if dev != "" {
		d, err := read(dev)
		if err != nil {
			return err
		}
		opt.Dev = syntax.TagTrees(tagger, d)
	}
	log.Printf("%d training sentences; %d passes, seed %d", len(sents), opt.Iterations, opt.Seed)
	p, err := syntax.TrainParser(sents, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := p.Save(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("wrote %s: %d bytes, %d features, %d weights, in %s", out, buf.Len(), p.NumFeatures(), p.NumWeights(), time.Since(start).Round(time.Millisecond))
	if test != "" {
		t0 := time.Now()
		loaded, err := syntax.LoadParser(bytes.NewReader(buf.Bytes()))
		if err != nil {
			return err
		}
		log.Printf("loaded in %s", time.Since(t0).Round(time.Millisecond))
		f, err := os.Open(test)
		if err != nil {
			return err
		}
		defer f.Close()
		s, err := syntax.EvalParser(tagger, loaded, f)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(s)
		fmt.Println(string(b))
	}
	return nil
}
