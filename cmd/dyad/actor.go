package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/actor/resolve"
	"github.com/dyad-events/dyad/doc"
)

func newActor() *cobra.Command {
	c := &cobra.Command{
		Use:   "actor",
		Short: "Check how dyad codes actors",
	}
	var date string
	var all bool
	var coding codingFlags
	res := &cobra.Command{
		Use:   "resolve [flags] MENTION [CONTEXT]",
		Short: "Code one actor mention, optionally in the sentence or text it comes from",
		Long: `resolve codes MENTION as dyad would inside an article and prints one JSON
object: name, country, sector, code and title (null where unknown), and
"actors" when the mention names more than one ("Russian and Belarusian
soldiers"). With CONTEXT, the mention is read where it occurs in that text,
so titles, appositions and earlier mentions count ("X, the White House
spokesman"); without it the mention is read alone. --date dates the text:
office-holders are coded for that day.`,
		Example: `  dyad actor resolve --date 2012-02-08 "Turkish Prime Minister Recep Tayyip Erdogan"
  dyad actor resolve --date 1995-06-01 Putin
  dyad actor resolve "the spokesman" "Jay Carney, the White House spokesman, said the spokesman was right."`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usageError{fmt.Errorf("%s takes MENTION and an optional CONTEXT, got %d arguments", cmd.CommandPath(), len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var on time.Time
			if date != "" {
				t, err := time.Parse(doc.DateLayout, date)
				if err != nil {
					return usageError{fmt.Errorf("--date %q: want YYYY-MM-DD", date)}
				}
				on = t
			}
			p, err := coding.pipeline(cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			ctxText := ""
			if len(args) == 2 {
				ctxText = args[1]
			}
			r, err := resolve.Resolve(cmd.Context(), p, args[0], ctxText, on)
			if err != nil {
				return err
			}
			return writeResolved(cmd.OutOrStdout(), r, all)
		},
	}
	res.Flags().StringVar(&date, "date", "", "date of the text (`YYYY-MM-DD`); office-holders are coded for that day")
	res.Flags().BoolVar(&all, "all", false, "also print the whole record of the text the mention was read in")
	coding.register(res.Flags())
	c.AddCommand(res)
	return c
}

// resolved is the JSON "dyad actor resolve" prints; nil fields print as
// null.
type resolved struct {
	Mention   string           `json:"mention"`
	Date      *string          `json:"date"`
	Name      *string          `json:"name"`
	Country   *string          `json:"country"`
	Sector    *string          `json:"sector"`
	Code      *string          `json:"code"`
	Title     *string          `json:"title"`
	InContext bool             `json:"in_context"`
	Actors    []resolve.Actor  `json:"actors"`
	Record    *json.RawMessage `json:"record,omitempty"`
}

func writeResolved(w io.Writer, r resolve.Result, all bool) error {
	out := resolved{Mention: r.Mention, Date: strPtr(r.Date), InContext: r.InText, Actors: r.Actors}
	if a, ok := r.Best(); ok {
		out.Name, out.Country, out.Sector = strPtr(a.Name), strPtr(a.Country), strPtr(a.Sector)
		out.Code, out.Title = strPtr(a.Code), strPtr(a.Title)
	}
	if all && r.Doc != nil {
		b, err := json.Marshal(r.Doc.Record(doc.RecordOptions{}))
		if err != nil {
			return err
		}
		m := json.RawMessage(b)
		out.Record = &m
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
