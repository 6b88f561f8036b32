// Package eventeval scores dyad's events against gold event records: the
// PLOVER gold-standard records (JSON) and the PETRARCH validation and
// unit-test records (XML). It backs "dyad eval events".
//
// Every gold sentence is processed with its date by the full pipeline and
// its predicted events are compared with the gold events of the same text:
//
//   - type: an event of the right PLOVER type (per type and micro-averaged
//     precision, recall and F1, counted as multisets per sentence);
//   - dyad: the right type, and actor and recipient countries equal to the
//     gold source and target countries (an actor's country is the root of
//     its code: an ISO alpha-3 code, or IGO, NGO, IMG...). Participants
//     without a country are left out of the comparison on both sides.
//
// Old PLOVER labels are mapped to the current ones: DEMAND to REQUEST,
// DISAPPROVE and INVESTIGATE to ACCUSE, FIGHT to ASSAULT.
package eventeval

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
)

// Processor runs dyad's pipeline over a document; *pipeline.Pipeline
// implements it.
type Processor interface {
	Process(ctx context.Context, d *doc.Document) error
}

// Event is a gold or predicted event reduced to what is scored.
type Event struct {
	Type string `json:"type"`
	// CAMEO is the CAMEO code when the gold gives one.
	CAMEO     string   `json:"cameo,omitempty"`
	Actors    []string `json:"actors"`
	Recipient []string `json:"recipients"`
}

// Sentence is one gold text with its events. A sentence with no gold
// events tests that nothing is coded.
type Sentence struct {
	ID     string
	Date   time.Time
	Text   string
	Events []Event
}

// PRF holds counts and precision, recall and F1.
type PRF struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (p *PRF) finish() {
	if p.TP+p.FP > 0 {
		p.Precision = float64(p.TP) / float64(p.TP+p.FP)
	}
	if p.TP+p.FN > 0 {
		p.Recall = float64(p.TP) / float64(p.TP+p.FN)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// Scores are the results of Evaluate.
type Scores struct {
	Sentences  int `json:"sentences"`
	GoldEvents int `json:"gold_events"`
	Predicted  int `json:"predicted_events"`
	// Type scores events by PLOVER type alone; Dyad by type and the
	// countries of actors and recipients.
	Type    PRF            `json:"type"`
	Dyad    PRF            `json:"dyad"`
	PerType map[string]PRF `json:"per_type"`
	// CAMEORoot scores the two-digit CAMEO root, when the gold has codes.
	CAMEORoot *PRF `json:"cameo_root,omitempty"`
	// Sentences coded wrong, when asked for.
	Errors []SentenceError `json:"errors,omitempty"`
}

// SentenceError shows a sentence whose events were not all right.
type SentenceError struct {
	ID        string  `json:"id"`
	Text      string  `json:"text"`
	Gold      []Event `json:"gold"`
	Predicted []Event `json:"predicted"`
}

// Evaluate processes every sentence and scores its events. With errors
// set, sentences with a wrong or missing event are listed.
func Evaluate(ctx context.Context, p Processor, sents []Sentence, errors bool) (Scores, error) {
	s := Scores{PerType: map[string]PRF{}}
	var root PRF
	hasCAMEO := false
	for _, sent := range sents {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		d := doc.New(sent.ID, sent.Text)
		d.Date = sent.Date
		if err := p.Process(ctx, d); err != nil {
			return s, fmt.Errorf("events eval: %s: %w", sent.ID, err)
		}
		pred := Predicted(d)
		s.Sentences++
		s.GoldEvents += len(sent.Events)
		s.Predicted += len(pred)

		// Types, as multisets.
		gt, pt := countTypes(sent.Events), countTypes(pred)
		for _, t := range unionKeys(gt, pt) {
			tp := min(gt[t], pt[t])
			c := s.PerType[t]
			c.TP += tp
			c.FP += pt[t] - tp
			c.FN += gt[t] - tp
			s.PerType[t] = c
			s.Type.TP += tp
			s.Type.FP += pt[t] - tp
			s.Type.FN += gt[t] - tp
		}
		// CAMEO roots, when the gold has codes.
		gr, pr := map[string]int{}, map[string]int{}
		for _, e := range sent.Events {
			if len(e.CAMEO) >= 2 {
				hasCAMEO = true
				gr[e.CAMEO[:2]]++
			}
		}
		for _, e := range pred {
			if len(e.CAMEO) >= 2 {
				pr[e.CAMEO[:2]]++
			}
		}
		for _, r := range unionKeys(gr, pr) {
			tp := min(gr[r], pr[r])
			root.TP += tp
			root.FP += pr[r] - tp
			root.FN += gr[r] - tp
		}
		// Dyads: each gold event matched to one predicted event at most.
		used := make([]bool, len(pred))
		matched := 0
		for _, g := range sent.Events {
			for i, e := range pred {
				if !used[i] && dyadMatch(g, e) {
					used[i] = true
					matched++
					break
				}
			}
		}
		s.Dyad.TP += matched
		s.Dyad.FP += len(pred) - matched
		s.Dyad.FN += len(sent.Events) - matched
		if errors && (matched != len(sent.Events) || len(pred) != len(sent.Events)) {
			s.Errors = append(s.Errors, SentenceError{ID: sent.ID, Text: sent.Text, Gold: sent.Events, Predicted: pred})
		}
	}
	s.Type.finish()
	s.Dyad.finish()
	for t, c := range s.PerType {
		c.finish()
		s.PerType[t] = c
	}
	if hasCAMEO {
		root.finish()
		s.CAMEORoot = &root
	}
	return s, nil
}

// Predicted reduces a processed document's events to what is scored;
// negated events ("did not attack") are left out.
func Predicted(d *doc.Document) []Event {
	out := make([]Event, 0, len(d.Events))
	for _, e := range d.Events {
		if e.Modality.Negated {
			continue // "did not attack": not a claim that it happened
		}
		out = append(out, Event{Type: e.PLOVER.Type, CAMEO: e.CAMEO.Code,
			Actors: countries(e.Actor), Recipient: countries(e.Recipient)})
	}
	return out
}

func countries(ps []doc.Participant) []string {
	var out []string
	for _, p := range ps {
		if p.Country != "" && !slices.Contains(out, p.Country) {
			out = append(out, p.Country)
		}
	}
	sort.Strings(out)
	return out
}

// dyadMatch reports whether predicted event e has gold event g's type and
// the same actor and recipient countries.
func dyadMatch(g, e Event) bool {
	return g.Type == e.Type && slices.Equal(g.Actors, e.Actors) && slices.Equal(g.Recipient, e.Recipient)
}

func countTypes(es []Event) map[string]int {
	m := map[string]int{}
	for _, e := range es {
		m[e.Type]++
	}
	return m
}

func unionKeys(a, b map[string]int) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// MapLabel maps an old PLOVER label to the current one.
func MapLabel(t string) string {
	switch t = strings.ToUpper(strings.TrimSpace(t)); t {
	case "DEMAND":
		return "REQUEST"
	case "DISAPPROVE", "INVESTIGATE":
		return "ACCUSE"
	case "FIGHT":
		return "ASSAULT"
	}
	return t
}

// normCountries sorts and dedupes country codes, dropping empty ones.
func normCountries(cs []string) []string {
	var out []string
	for _, c := range cs {
		c = strings.ToUpper(strings.TrimSpace(c))
		if len(c) >= 3 {
			c = c[:3]
		} else {
			continue
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}
