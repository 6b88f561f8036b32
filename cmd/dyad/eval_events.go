package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/event"
	"github.com/dyad-events/dyad/event/eventeval"
)

func newEvalEvents() *cobra.Command {
	var errs bool
	var coding codingFlags
	c := &cobra.Command{
		Use:   "events FILE",
		Short: "Score event coding on PLOVER gold records (JSON) or PETRARCH validation records (XML)",
		Long: `events codes every sentence of a gold file with its date and compares the
events with the gold ones: precision, recall and F1 of the PLOVER type (overall
and per type, as multisets per sentence) and of the dyad (type plus the
countries of actors and recipients), and of the CAMEO root when the gold has
CAMEO codes. Old PLOVER labels are mapped: DEMAND to REQUEST, DISAPPROVE and
INVESTIGATE to ACCUSE, FIGHT to ASSAULT. PETRARCH records coded with a CAMEO
code map to PLOVER through dyad's code table; records that test an error are
skipped, and "noevents" records count every predicted event as false.
The unit-test records use made-up countries: give their dictionary with --dict
(PETR.Validate.actors.txt). --errors lists the sentences coded wrong.`,
		Example: `  dyad eval events ../shared/datasets/plover_gsr/gold_standard_records/PLOVER_GSR_CAMEO.dev.json
  dyad eval events ../shared/datasets/petrarch2_validation/UniversalPetrarch_english/UniversalPetrarch/data/text/PETR2_GSR_validation.xml`,
		Args: exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			lex, err := event.DefaultLexicon()
			if err != nil {
				return err
			}
			sents, err := eventeval.ReadFile(args[0], func(code string) (string, bool) {
				c, ok := lex.Code(code)
				return c.Type, ok
			})
			if err != nil {
				return err
			}
			p, err := coding.pipeline(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			s, err := eventeval.Evaluate(cmd.Context(), p, sents, errs)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(s)
		},
	}
	c.Flags().BoolVar(&errs, "errors", false, "list the sentences coded wrong")
	coding.register(c.Flags())
	return c
}
