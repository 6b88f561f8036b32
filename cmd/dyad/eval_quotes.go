package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/quote/quoteeval"
)

func newEvalQuotes() *cobra.Command {
	var coding codingFlags
	var progress, errs bool
	c := &cobra.Command{
		Use:   "quotes DIR",
		Short: "Score quotations, speakers and cues on the PolNeAR attribution corpus",
		Long: `quotes runs the whole pipeline over every article of a PolNeAR compartment
(DIR/text/*.txt with DIR/attributions/*.ann; the corpus root selects the dev
compartment) and prints one JSON object with, for direct quotes, indirect
attributions and both together: content precision, recall and F1 on exact
spans (spaces, quotation marks, edge punctuation and a leading "that"
trimmed) and on word tokens; speaker accuracy on the predicted contents that overlap a gold content
with a source (the speaker, or a mention of its actor, overlaps the gold
source); and cue precision, recall and F1 (a cue matches when it overlaps one).
A gold content is direct when it opens with, or right after, an opening
quotation mark. Predictions are split by their kind for precision (scored
against every gold content, so a partial quote inside a gold indirect content
counts as right) and gold contents by theirs for recall. Scare quotes are not
predictions. Develop on data/train, report on data/dev.`,
		Example: `  dyad eval quotes ../shared/datasets/polnear
  dyad eval quotes ../shared/datasets/polnear/data/train`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := coding.pipeline(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			var prog func(done, total int)
			if progress {
				prog = func(done, total int) {
					if done%25 == 0 || done == total {
						fmt.Fprintf(cmd.ErrOrStderr(), "\r%d/%d articles", done, total)
						if done == total {
							fmt.Fprintln(cmd.ErrOrStderr())
						}
					}
				}
			}
			s, err := quoteeval.Evaluate(cmd.Context(), p, args[0], quoteeval.Options{Progress: prog, Errors: errs})
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(s)
		},
	}
	c.Flags().BoolVar(&progress, "progress", false, "report progress on stderr")
	c.Flags().BoolVar(&errs, "errors", false, "list wrong speakers, missed contents and contents found outside any gold one")
	coding.register(c.Flags())
	return c
}
