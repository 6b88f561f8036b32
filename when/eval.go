package when

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
)

// PRF is a precision / recall / F1 triple with its counts.
type PRF struct {
	TP, FP, FN int
	P, R, F1   float64
}

func (s *PRF) compute() {
	if s.TP+s.FP > 0 {
		s.P = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.R = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
}

func (s PRF) String() string {
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", s.P, s.R, s.F1, s.TP, s.FP, s.FN)
}

// Scores are the results of EvalTimeML.
type Scores struct {
	Docs int
	// Gold counts the gold TIMEX3 of type DATE in the text (not the DCT).
	Gold int
	// Pred counts the stage's timexes, less Ignored: those overlapping a
	// gold TIMEX3 of type TIME ("Tuesday night"), which are neither right
	// nor wrong for a DATE evaluation.
	Pred, Ignored int
	// Overlap counts a prediction as correct when it overlaps a gold DATE;
	// Exact when the spans are equal.
	Overlap, Exact PRF
	// ValueAcc is the share of overlap matches whose Value equals the gold
	// value, over all matches (Matched) ...
	Matched, ValueCorrect int
	ValueAcc              float64
	// ... and over the matches whose gold value has a form the stage can
	// produce (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www), where a day inside a
	// gold week also counts as correct.
	Comparable, ComparableCorrect int
	ComparableAcc                 float64
	// Errors lists up to 2000 mistakes for inspection.
	Errors []string
}

func (s Scores) String() string {
	return fmt.Sprintf("docs=%d gold=%d pred=%d ignored=%d\noverlap %v\nexact   %v\nvalue accuracy %.3f (%d/%d matched), on comparable gold values %.3f (%d/%d)",
		s.Docs, s.Gold, s.Pred, s.Ignored, s.Overlap, s.Exact, s.ValueAcc, s.ValueCorrect, s.Matched,
		s.ComparableAcc, s.ComparableCorrect, s.Comparable)
}

type goldTimex struct {
	doc.Span
	typ, value string
}

var (
	tagRE  = regexp.MustCompile(`<(/?)([A-Za-z0-9_]+)([^>]*)>`)
	attrRE = regexp.MustCompile(`([A-Za-z_]+)="([^"]*)"`)
	dctRE  = regexp.MustCompile(`(?s)<DCT>\s*<TIMEX3([^>]*)>`)
	weekRE = regexp.MustCompile(`^(\d{4})-W(\d{2})$`)
	ourRE  = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
)

// parseTimeML returns the text inside <TEXT>, its gold TIMEX3s and the
// document creation time.
func parseTimeML(src string) (text string, gold []goldTimex, dct time.Time, err error) {
	if m := dctRE.FindStringSubmatch(src); m != nil {
		for _, a := range attrRE.FindAllStringSubmatch(m[1], -1) {
			if a[1] == "value" && len(a[2]) >= 10 {
				dct, _ = time.Parse(doc.DateLayout, a[2][:10])
			}
		}
	}
	i := strings.Index(src, "<TEXT>")
	j := strings.LastIndex(src, "</TEXT>")
	if i < 0 || j < i {
		return "", nil, dct, fmt.Errorf("no <TEXT>")
	}
	body := src[i+len("<TEXT>") : j]
	var b strings.Builder
	var open *goldTimex
	last := 0
	for _, m := range tagRE.FindAllStringSubmatchIndex(body, -1) {
		b.WriteString(html.UnescapeString(body[last:m[0]]))
		last = m[1]
		if body[m[4]:m[5]] != "TIMEX3" {
			continue
		}
		if body[m[2]:m[3]] == "/" {
			if open != nil {
				open.End = b.Len()
				gold = append(gold, *open)
				open = nil
			}
			continue
		}
		g := goldTimex{Span: doc.Span{Start: b.Len()}}
		for _, a := range attrRE.FindAllStringSubmatch(body[m[6]:m[7]], -1) {
			switch a[1] {
			case "type":
				g.typ = a[2]
			case "value":
				g.value = a[2]
			}
		}
		open = &g
	}
	b.WriteString(html.UnescapeString(body[last:]))
	return b.String(), gold, dct, nil
}

// EvalTimeML runs the stage over every .tml file under dir (TimeML with
// inline TIMEX3 tags and a <DCT>, such as TempEval-3 TBAQ-cleaned), with each
// document's DCT as publication date, and scores detection of TIMEX3 DATE
// expressions and the values of the matched ones.
func EvalTimeML(dir string) (Scores, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && strings.HasSuffix(p, ".tml") && !strings.HasPrefix(e.Name(), ".") {
			files = append(files, p)
		}
		return nil
	})
	var s Scores
	if err != nil {
		return s, err
	}
	if len(files) == 0 {
		return s, fmt.Errorf("no .tml files under %s", dir)
	}
	st := New()
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return s, err
		}
		text, gold, dct, err := parseTimeML(string(raw))
		if err != nil {
			return s, fmt.Errorf("%s: %w", f, err)
		}
		d := doc.New(filepath.Base(f), text)
		d.Date = dct
		if err := st.Process(context.Background(), d); err != nil {
			return s, err
		}
		s.Docs++
		s.score(d, gold)
	}
	s.Overlap.compute()
	s.Exact.compute()
	if s.Matched > 0 {
		s.ValueAcc = float64(s.ValueCorrect) / float64(s.Matched)
	}
	if s.Comparable > 0 {
		s.ComparableAcc = float64(s.ComparableCorrect) / float64(s.Comparable)
	}
	return s, nil
}

func (s *Scores) errorf(format string, args ...any) {
	if len(s.Errors) < 2000 {
		s.Errors = append(s.Errors, fmt.Sprintf(format, args...))
	}
}

func (s *Scores) score(d *doc.Document, gold []goldTimex) {
	var dates []goldTimex
	var times []doc.Span
	for _, g := range gold {
		switch g.typ {
		case "DATE":
			dates = append(dates, g)
		case "TIME":
			times = append(times, g.Span)
		}
	}
	var preds []doc.Timex
	for _, p := range d.Timexes {
		ign := false
		for _, t := range times {
			if t.Overlaps(p.Span) {
				ign = true
			}
		}
		if ign {
			s.Ignored++
			continue
		}
		preds = append(preds, p)
	}
	s.Gold += len(dates)
	s.Pred += len(preds)
	used := make([]bool, len(preds))
	exactUsed := make([]bool, len(preds))
	for _, g := range dates {
		found := false
		for i, p := range preds {
			if !exactUsed[i] && p.Span == g.Span {
				exactUsed[i], found = true, true
				break
			}
		}
		if found {
			s.Exact.TP++
		} else {
			s.Exact.FN++
		}
		m := -1
		for i, p := range preds {
			if !used[i] && p.Overlaps(g.Span) {
				m = i
				break
			}
		}
		if m < 0 {
			s.Overlap.FN++
			s.errorf("%s FN %q %s", d.ID, d.Slice(g.Span), g.value)
			continue
		}
		used[m] = true
		s.Overlap.TP++
		p := preds[m]
		s.Matched++
		ok := p.Value == g.value
		if ok {
			s.ValueCorrect++
		}
		if ourRE.MatchString(g.value) || weekRE.MatchString(g.value) {
			s.Comparable++
			if ok || inWeek(p.Value, g.value) {
				s.ComparableCorrect++
			} else {
				s.errorf("%s VALUE %q gold %s got %s (dct %s)", d.ID, d.Slice(g.Span), g.value, p.Value, d.DateString())
			}
		}
	}
	for i, p := range preds {
		if !used[i] {
			s.Overlap.FP++
			s.errorf("%s FP %q %s", d.ID, d.Slice(p.Span), p.Value)
		}
		if !exactUsed[i] {
			s.Exact.FP++
		}
	}
}

// inWeek reports whether day value v falls in the ISO week w ("1998-W33").
func inWeek(v, w string) bool {
	m := weekRE.FindStringSubmatch(w)
	if m == nil || len(v) != 10 {
		return false
	}
	t, err := time.Parse(doc.DateLayout, v)
	if err != nil {
		return false
	}
	y, wk := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, wk) == w
}
