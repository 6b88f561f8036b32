package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/export"
	"github.com/dyad-events/dyad/store"
)

func newExport() *cobra.Command {
	var sf storeFlags
	var format, out string
	var negated bool
	var f store.Filter
	c := &cobra.Command{
		Use:   "export (--db FILE | --postgres DSN) --format FORMAT",
		Short: "Write the stored events as PLOVER JSON, CAMEO/GDELT TSV, POLECAT TSV or CSV",
		Long: `export writes every event of the store --db in one of the formats event-data
users load into R, pandas or DuckDB (columns in docs/exports.md):

  plover-jsonl  one PLOVER JSON record per event
  cameo-tsv     GDELT-style event TSV, one row per actor-recipient dyad, CAMEO
                codes as strings (leading zeros kept), mention, source and
                article counts of the event's cluster
  polecat-tsv   POLECAT-style TSV, one row per event
  csv           every stored column, one row per event

Negated events ("did not attack") are left out unless --negated. The filter
flags select events as the API's filters do (docs/api.md).`,
		Example: `  dyad export --db events.db --format cameo-tsv --out events.tsv
  dyad export --db events.db --format csv --country SYR --from 2012-01 --to 2012-06`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			target, err := sf.target()
			if err != nil {
				return err
			}
			ok := false
			for _, f := range export.Formats {
				ok = ok || f == format
			}
			if !ok {
				return usageError{fmt.Errorf("--format %q: want one of %s", format, strings.Join(export.Formats, ", "))}
			}
			if !store.IsPostgres(target) {
				if _, err := os.Stat(target); err != nil {
					return fmt.Errorf("--db %s: %w", target, err)
				}
			}
			st, err := store.Open(cmd.Context(), target)
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
			f.Negated = negated
			up := func(s *string) { *s = strings.ToUpper(strings.TrimSpace(*s)) }
			for _, p := range []*string{&f.ActorCountry, &f.RecipientCountry, &f.Country, &f.ActorSector, &f.RecipientSector, &f.ActorCode, &f.RecipientCode, &f.Type} {
				up(p)
			}
			if err := f.Validate(); err != nil {
				return usageError{err}
			}
			return export.Write(cmd.Context(), w, export.Matching{Store: st, Filter: f}, format, export.Options{Negated: negated})
		},
	}
	sf.register(c.Flags())
	c.Flags().StringVar(&format, "format", "plover-jsonl", "output format: "+strings.Join(export.Formats, ", "))
	c.Flags().StringVarP(&out, "out", "o", "", "write to `FILE` instead of standard output")
	c.Flags().BoolVar(&negated, "negated", false, "include negated events")
	fl := c.Flags()
	fl.StringVar(&f.From, "from", "", "earliest event date (`YYYY-MM-DD`, YYYY-MM or YYYY)")
	fl.StringVar(&f.To, "to", "", "latest event date, inclusive")
	fl.StringVar(&f.Country, "country", "", "a participant's country on either side (ISO alpha-3)")
	fl.StringVar(&f.ActorCountry, "actor-country", "", "an actor's country")
	fl.StringVar(&f.RecipientCountry, "recipient-country", "", "a recipient's country")
	fl.StringVar(&f.ActorSector, "actor-sector", "", "an actor's sector (GOV, MIL, ...)")
	fl.StringVar(&f.RecipientSector, "recipient-sector", "", "a recipient's sector")
	fl.StringVar(&f.ActorCode, "actor-code", "", "an actor's whole code (SYRGOV)")
	fl.StringVar(&f.RecipientCode, "recipient-code", "", "a recipient's whole code")
	fl.StringVar(&f.Type, "type", "", "PLOVER event type")
	fl.StringVar(&f.Root, "root", "", "CAMEO root code (two digits)")
	fl.StringVar(&f.Query, "q", "", "full-text query over the documents (FTS5 syntax)")
	return c
}
