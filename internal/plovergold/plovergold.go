// Package plovergold reads the PLOVER gold-standard event records
// (PLOVER_GSR_*.json): a JSON array of records, each a sentence with its
// date, its event type and its source and target actors. The actor and
// event evaluations share it.
package plovergold

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Record is one gold record.
type Record struct {
	ID   string
	Date string // YYYY-MM-DD
	// Text is the sentence, without the braces some records wrap it in.
	Text  string
	Event string // the PLOVER type as the record writes it
	// Source and Target are the record's actors; empty when it has none
	// (the files write a missing target as "" or null).
	Source, Target []Actor
}

// Actor is a gold actor: its words in the text, its code and sector.
type Actor struct {
	Text   string `json:"actorText"`
	Code   string `json:"code"`
	Sector string `json:"sector"`
}

type rawRecord struct {
	ID     string          `json:"id"`
	Date   string          `json:"date"`
	Text   string          `json:"text"`
	Event  string          `json:"event"`
	Source json.RawMessage `json:"source"`
	Target json.RawMessage `json:"target"`
}

// ReadFile reads the records of a PLOVER gold file.
func ReadFile(path string) ([]Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("plover gold: %w", err)
	}
	recs, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("plover gold: %s: %w", path, err)
	}
	return recs, nil
}

// Parse reads records from JSON.
func Parse(b []byte) ([]Record, error) {
	var raws []rawRecord
	if err := json.Unmarshal(b, &raws); err != nil {
		return nil, err
	}
	out := make([]Record, 0, len(raws))
	for _, r := range raws {
		out = append(out, Record{ID: r.ID, Date: r.Date, Event: r.Event,
			Text:   strings.TrimSpace(strings.Trim(strings.TrimSpace(r.Text), "{}")),
			Source: actors(r.Source), Target: actors(r.Target)})
	}
	return out, nil
}

// actors reads a source or target field: a list of actors, or a string or
// null when the record has none. Actors without text or code are dropped.
func actors(msg json.RawMessage) []Actor {
	if len(msg) == 0 || msg[0] != '[' {
		return nil
	}
	var as []Actor
	if json.Unmarshal(msg, &as) != nil {
		return nil
	}
	out := as[:0]
	for _, a := range as {
		a.Text = strings.Join(strings.Fields(a.Text), " ")
		if a.Text != "" && a.Code != "" {
			out = append(out, a)
		}
	}
	return out
}
