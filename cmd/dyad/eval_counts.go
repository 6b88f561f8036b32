package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/count/counteval"
)

func newEvalCounts() *cobra.Command {
	var coding codingFlags
	var errs bool
	var sents string
	c := &cobra.Command{
		Use:   "counts GOLD.tsv",
		Short: "Score casualty, arrest and crowd counts on hand-annotated sentences",
		Long: `counts runs the whole pipeline over each sentence a gold file names (by
doc_id and sent_id in the JSON Lines corpus --sents, one document per
sentence) and compares the counts found with the annotated ones, as
multisets per sentence: precision, recall and F1 on kind and number
("count"), on kind, number and qualifier ("full"), on the number alone
("number"), and per kind. The gold file has "#" comments and tab-separated
lines doc_id, sent_id, kind, count, qualifier ("-" in the last three for a
sentence with no count). count/testdata/ipe_counts.tsv annotates a sample of
IndiaPoliceEvents sentences; its header says how it was drawn.`,
		Example: `  dyad eval counts count/testdata/ipe_counts.tsv`,
		Args:    exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			gold, texts, err := counteval.Load(args[0], sents)
			if err != nil {
				return err
			}
			p, err := coding.pipeline(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			s, err := counteval.Evaluate(cmd.Context(), p, gold, texts, errs)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(s)
		},
	}
	c.Flags().StringVar(&sents, "sents", "../shared/datasets/india_police_events/data/final/sents.jsonl", "JSON Lines `FILE` of sentences (doc_id, sent_id, sent_text)")
	c.Flags().BoolVar(&errs, "errors", false, "list the sentences whose counts differ from the gold")
	coding.register(c.Flags())
	return c
}
