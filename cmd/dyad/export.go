package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/export"
	"github.com/dyad-events/dyad/store"
)

func newExport() *cobra.Command {
	var db, format, out string
	var negated bool
	c := &cobra.Command{
		Use:   "export --db FILE --format FORMAT",
		Short: "Write the stored events as PLOVER JSON, CAMEO/GDELT TSV, POLECAT TSV or CSV",
		Long: `export writes every event of the store --db in one of the formats event-data
users load into R, pandas or DuckDB (columns in docs/exports.md):

  plover-jsonl  one PLOVER JSON record per event
  cameo-tsv     GDELT-style event TSV, one row per actor-recipient dyad, CAMEO
                codes as strings (leading zeros kept), mention, source and
                article counts of the event's cluster
  polecat-tsv   POLECAT-style TSV, one row per event
  csv           every stored column, one row per event

Negated events ("did not attack") are left out unless --negated.`,
		Example: `  dyad export --db events.db --format cameo-tsv --out events.tsv`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			if db == "" {
				return usageError{errors.New("--db FILE is required")}
			}
			ok := false
			for _, f := range export.Formats {
				ok = ok || f == format
			}
			if !ok {
				return usageError{fmt.Errorf("--format %q: want one of %s", format, strings.Join(export.Formats, ", "))}
			}
			if _, err := os.Stat(db); err != nil {
				return fmt.Errorf("--db %s: %w", db, err)
			}
			st, err := store.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			w := cmd.OutOrStdout()
			if out != "" && out != "-" {
				f, err := os.Create(out)
				if err != nil {
					return fmt.Errorf("create output: %w", err)
				}
				defer func() {
					if cerr := f.Close(); cerr != nil && err == nil {
						err = fmt.Errorf("close output: %w", cerr)
					}
				}()
				w = f
			}
			return export.Write(cmd.Context(), w, st, format, export.Options{Negated: negated})
		},
	}
	c.Flags().StringVar(&db, "db", "", "SQLite database `FILE` written by dyad ingest (required)")
	c.Flags().StringVar(&format, "format", "plover-jsonl", "output format: "+strings.Join(export.Formats, ", "))
	c.Flags().StringVarP(&out, "out", "o", "", "write to `FILE` instead of standard output")
	c.Flags().BoolVar(&negated, "negated", false, "include negated events")
	return c
}
