package main

import (
	"encoding/json"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/geo"
	"github.com/dyad-events/dyad/geo/geoeval"
	"github.com/dyad-events/dyad/kb"
)

func newEvalGeo() *cobra.Command {
	var coding codingFlags
	var errs bool
	c := &cobra.Command{
		Use:   "geo FILE",
		Short: "Score place mentions and their resolution on the LGL geoparsing corpus",
		Long: `geo runs the whole pipeline over every article of an LGL-style XML file
(articles with toponyms tagged with GeoNames entries, offsets in characters),
with each article's download date as its publication date, and prints JSON:
place-mention precision, recall and F1 (a place matches a toponym when their
spans overlap), and on matched mentions the share within 161 km of the gold
coordinates, the mean and median error in km, and the share resolved to the
gold country. Toponyms without a gazetteer tag are not scored, nor are
nationality words (LGL tags "American" as a toponym; dyad does not take
demonyms for places).`,
		Example: `  dyad eval geo ../shared/datasets/geoparsing_lgl_geovirus/data/lgl.xml`,
		Args:    exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			arts, dropped, err := geoeval.Load(args[0])
			if err != nil {
				return err
			}
			gaz, err := geo.DefaultGazetteer()
			if err != nil {
				return err
			}
			p, err := coding.pipeline(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			k, err := kb.Default()
			if err != nil {
				return err
			}
			demonym := func(phrase string) bool {
				w := strings.Fields(phrase)
				e, n, ok := k.Match(w, 0)
				return ok && n == len(w) && e.Kind == kb.KindDemonym
			}
			countryOf := func(name string) string {
				if c := gaz.CountryByName(name); c != "" {
					return c
				}
				w := strings.Fields(name)
				if e, n, ok := k.Match(w, 0); ok && n == len(w) && e.Kind == kb.KindCountry {
					return e.Country
				}
				return ""
			}
			s, err := geoeval.Evaluate(cmd.Context(), p, arts, countryOf, demonym, errs)
			if err != nil {
				return err
			}
			s.Dropped = dropped
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(s)
		},
	}
	c.Flags().BoolVar(&errs, "errors", false, "list missed, spurious and far-off places")
	coding.register(c.Flags())
	return c
}
