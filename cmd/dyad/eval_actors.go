package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/actor/resolve"
)

func newEvalActors() *cobra.Command {
	var errs bool
	var coding codingFlags
	c := &cobra.Command{
		Use:   "actors FILE.json",
		Short: "Score actor coding on PLOVER gold records",
		Long: `actors resolves every source and target actor of a PLOVER gold-record file
(a JSON array of records with "text", "date", "source" and "target") in its
record's sentence and prints the share of actors whose country and whose
sector dyad gets right, overall and by role. A gold sector of "***" is left
out of the sector score; no gold sector means a country-level actor.
--errors lists the wrong codings.`,
		Example: "  dyad eval actors ../shared/datasets/plover_gsr/gold_standard_records/PLOVER_GSR_CAMEO.dev.json",
		Args:    exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := coding.pipeline(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			s, err := resolve.EvalPLOVER(cmd.Context(), p, args[0], errs)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(s)
		},
	}
	c.Flags().BoolVar(&errs, "errors", false, "list the actors coded wrong")
	coding.register(c.Flags())
	return c
}
