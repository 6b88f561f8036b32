package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/when"
)

// datePRF is a when.PRF in the JSON dyad eval prints.
type datePRF struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func toPRF(p when.PRF) datePRF {
	return datePRF{TP: p.TP, FP: p.FP, FN: p.FN, Precision: p.P, Recall: p.R, F1: p.F1}
}

func newEvalDates() *cobra.Command {
	var errs bool
	c := &cobra.Command{
		Use:   "dates DIR",
		Short: "Score date expressions and their values on TimeML (TempEval-3 TBAQ) documents",
		Long: `dates runs dyad's date stage over every .tml file under DIR (TimeML with
inline TIMEX3 tags and a DCT, such as TempEval-3 TBAQ-cleaned), with each
document's DCT as the publication date, and prints precision, recall and F1 of
TIMEX3 DATE expressions (overlap and exact spans) and the accuracy of the
resolved values on the matched ones: over all matches, and over those whose
gold value has a form dyad produces (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www).
--errors lists the mistakes.`,
		Example: "  dyad eval dates ../shared/datasets/tempeval3_tbaq/data",
		Args:    exactFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := when.EvalTimeML(args[0])
			if err != nil {
				return err
			}
			out := struct {
				Docs                 int      `json:"docs"`
				Gold                 int      `json:"gold"`
				Predicted            int      `json:"predicted"`
				Ignored              int      `json:"ignored_time_overlaps"`
				Overlap              datePRF  `json:"overlap"`
				Exact                datePRF  `json:"exact"`
				Matched              int      `json:"matched"`
				ValueAccuracy        float64  `json:"value_accuracy"`
				Comparable           int      `json:"comparable"`
				ComparableAccuracy   float64  `json:"comparable_value_accuracy"`
				ValueCorrect         int      `json:"value_correct"`
				ComparableCorrectNum int      `json:"comparable_correct"`
				Errors               []string `json:"errors,omitempty"`
			}{s.Docs, s.Gold, s.Pred, s.Ignored, toPRF(s.Overlap), toPRF(s.Exact), s.Matched, s.ValueAcc,
				s.Comparable, s.ComparableAcc, s.ValueCorrect, s.ComparableCorrect, nil}
			if errs {
				out.Errors = s.Errors
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		},
	}
	c.Flags().BoolVar(&errs, "errors", false, "list the mistakes")
	return c
}
