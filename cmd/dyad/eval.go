package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/eval"
	"github.com/dyad-events/dyad/ner"
	"github.com/dyad-events/dyad/syntax"
)

func newEval() *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Score dyad's components against gold-standard data",
		Long:  "eval scores one component against a gold-standard file and prints one JSON object of figures.",
	}
	c.AddCommand(&cobra.Command{
		Use:   "tokens FILE.conllu",
		Short: "Score the tokenizer and sentence splitter on a CoNLL-U treebank",
		Long: `tokens rebuilds each document's raw text from the "# text" comments and
SpaceAfter=No of a CoNLL-U file, runs dyad's tokenizer and sentence splitter
over it, and prints precision, recall and F1 of exact token, word and
sentence spans.`,
		Example: "  dyad eval tokens ../shared/datasets/ud_english_ewt/en_ewt-ud-test.conllu",
		Args:    exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			return evalFile(args[0], cmd.OutOrStdout(), func(r io.Reader) (any, error) {
				return eval.Tokens(r, eval.SplitText)
			})
		},
	})
	c.AddCommand(&cobra.Command{
		Use:   "ud FILE.conllu",
		Short: "Score the tagger, lemmatizer and parser on a CoNLL-U treebank (gold tokens)",
		Long: `ud tags and parses the gold tokens of a CoNLL-U file with dyad's embedded
models and prints UPOS, XPOS and lemma accuracy, and the parser's UAS and LAS
with predicted tags (LAS on universal relations; las_full with subtypes) and
with gold tags. Punctuation counts.`,
		Example: "  dyad eval ud ../shared/datasets/ud_english_ewt/en_ewt-ud-test.conllu",
		Args:    exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := syntax.DefaultTagger()
			if err != nil {
				return err
			}
			p, err := syntax.DefaultParser()
			if err != nil {
				return err
			}
			return evalFile(args[0], cmd.OutOrStdout(), func(r io.Reader) (any, error) {
				return syntax.EvalParser(t, p, r)
			})
		},
	})
	var nerTypes []string
	nerCmd := &cobra.Command{
		Use:   "ner FILE",
		Short: "Score the named entity recognizer on a CoNLL-2003 (IOB1) or IOB2 file",
		Long: `ner runs dyad's embedded recognizer over the sentences of a CoNLL-2003 or
IOB2/BIO file (the format is detected) and prints precision, recall and F1 of
exact spans with their type, overall and per type, as conlleval counts them.
Gold types map as PER -> PERSON, ORG -> ORG, LOC -> LOC, MISC -> MISC.
--types restricts scoring to some types, for data without MISC such as UNER.`,
		Example: `  dyad eval ner ../shared/datasets/conll2003/eng.testb
  dyad eval ner --types PERSON,ORG,LOC ../shared/datasets/ud_english_ewt/uner/en_ewt-ud-test.iob2`,
		Args: exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := ner.Default()
			if err != nil {
				return err
			}
			return evalFile(args[0], cmd.OutOrStdout(), func(r io.Reader) (any, error) {
				return ner.EvalWith(m, r, ner.EvalOptions{Types: nerTypes})
			})
		},
	}
	nerCmd.Flags().StringSliceVar(&nerTypes, "types", nil, "score only these `TYPES` (comma-separated: PERSON,ORG,LOC,MISC)")
	c.AddCommand(nerCmd)
	c.AddCommand(newEvalActors())
	c.AddCommand(newEvalEvents())
	c.AddCommand(newEvalQuotes())
	c.AddCommand(newEvalCounts())
	c.AddCommand(newEvalGeo())
	c.AddCommand(newEvalDates())
	return c
}

func exactFile(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usageError{fmt.Errorf("%s takes one FILE, got %d arguments", cmd.CommandPath(), len(args))}
	}
	return nil
}

func evalFile(path string, out io.Writer, score func(io.Reader) (any, error)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := score(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}
