package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/ner"
	"github.com/dyad-events/dyad/syntax"
)

// trainOptions are the flags every train subcommand shares.
type trainOptions struct {
	data     string
	dev      string
	out      string
	iter     int
	seed     uint64
	geonames string
}

func newTrain() *cobra.Command {
	c := &cobra.Command{
		Use:   "train",
		Short: "Train dyad's models from annotated data",
		Long: `train rebuilds one of dyad's embedded models. Training is deterministic: the
same data, --iter and --seed give a byte-identical model file. MODELS.md lists
the data and settings each shipped model was trained with.`,
	}
	c.AddCommand(trainCommand("tagger", "the part-of-speech tagger and lemmatizer (CoNLL-U)",
		"models/tagger.bin.gz", 10,
		`  dyad train tagger --data ../shared/datasets/ud_english_ewt/en_ewt-ud-train.conllu \
      --dev ../shared/datasets/ud_english_ewt/en_ewt-ud-dev.conllu --out models/tagger.bin.gz`,
		trainTagger))
	c.AddCommand(trainCommand("parser", "the dependency parser (CoNLL-U; training tags are jackknifed)",
		"models/parser.bin.gz", 0,
		`  dyad train parser --data ../shared/datasets/ud_english_ewt/en_ewt-ud-train.conllu --out models/parser.bin.gz`,
		trainParser))
	c.AddCommand(trainCommand("ner", "the named entity recognizer (CoNLL-2003 or IOB2)",
		"models/ner.bin.gz", 0,
		`  dyad train ner --data ../shared/datasets/conll2003/eng.train --geonames ../shared/datasets/geonames \
      --out models/ner.bin.gz`,
		trainNER))
	return c
}

// trainCommand builds a train subcommand running fn.
func trainCommand(name, what, out string, iter int, example string, fn func(trainOptions, *log.Logger) ([]byte, error)) *cobra.Command {
	var o trainOptions
	c := &cobra.Command{
		Use:     name + " --data FILE [flags]",
		Short:   "Train " + what,
		Example: example,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.data == "" {
				return usageError{fmt.Errorf("--data is required: the training file")}
			}
			logger := log.New(cmd.ErrOrStderr(), "train "+name+": ", 0)
			start := time.Now()
			model, err := fn(o, logger)
			if err != nil {
				return err
			}
			if err := os.WriteFile(o.out, model, 0o644); err != nil {
				return fmt.Errorf("write model: %w", err)
			}
			logger.Printf("wrote %s (%d bytes) in %s", o.out, len(model), time.Since(start).Round(time.Second))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&o.data, "data", "", "training data `FILE`")
	f.StringVar(&o.dev, "dev", "", "development `FILE`, scored during training (optional)")
	f.StringVar(&o.out, "out", out, "where to write the model")
	f.IntVar(&o.iter, "iter", iter, "training iterations (0: the model's default)")
	f.Uint64Var(&o.seed, "seed", 1, "random seed for shuffling")
	if name == "ner" {
		f.StringVar(&o.geonames, "geonames", "", "GeoNames `DIR` (cities15000.zip) for the place-name gazetteer features")
	}
	return c
}

func readCoNLLU(path string) ([][]syntax.TrainToken, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := syntax.ReadCoNLLU(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func trainTagger(o trainOptions, logger *log.Logger) ([]byte, error) {
	sents, err := readCoNLLU(o.data)
	if err != nil {
		return nil, err
	}
	opt := syntax.TrainOptions{Iterations: o.iter, Seed: o.seed, Logf: logger.Printf}
	if o.dev != "" {
		if opt.Dev, err = readCoNLLU(o.dev); err != nil {
			return nil, err
		}
	}
	t, err := syntax.TrainTagger(sents, opt)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Save(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func trainParser(o trainOptions, logger *log.Logger) ([]byte, error) {
	p, err := syntax.TrainParserFile(o.data, syntax.ParserOptions{Iterations: o.iter, Seed: o.seed}, logger.Printf)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := p.Save(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func trainNER(o trainOptions, logger *log.Logger) ([]byte, error) {
	opt := ner.Options{Iterations: o.iter, Seed: o.seed}
	if o.geonames != "" {
		g, err := ner.BuildGazetteer(o.geonames)
		if err != nil {
			return nil, err
		}
		opt.Gazetteer = g
	}
	if o.dev != "" {
		dev, err := ner.ReadFile(o.dev)
		if err != nil {
			return nil, err
		}
		opt.Dev = dev
	}
	m, err := ner.TrainFiles(o.data, opt, logger.Printf)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
