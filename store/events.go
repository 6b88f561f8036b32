package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Event is a stored event as queries and exports see it.
type Event struct {
	DocID, EventID                     string
	Date, DatePrecision                string
	Type, Mode, Context                string
	CAMEO, Root                        string
	Quad                               int
	Goldstein                          float64
	ActorCodes, ActorCountries         string // ";"-joined, one per actor
	ActorSectors, ActorTexts           string
	RecipientCodes, RecipientCountries string
	RecipientSectors, RecipientTexts   string
	Negated, Hypothetical              bool
	Future, Historical                 bool
	Trigger, Sentence, Source          string
	// TriggerStart and TriggerEnd locate the trigger in Sentence, in
	// code points; -1 when unknown.
	TriggerStart, TriggerEnd      int
	LocationName, LocationCountry string
	LocationAdmin1                string
	LocationGeonameID             int
	Lat, Lon                      sql.NullFloat64
	Resolution                    string
	Confidence                    float64
	// Cluster groups the reports of one event across articles (see
	// Cluster); Mentions, Articles and Sources count its members.
	Cluster                     int64
	Mentions, Articles, Sources int
	// URL, Publisher and Title come from the document.
	URL, Publisher, Title string

	rid int64 // the row's key, for paging
}

// EachEvent calls fn with every stored event, in order of date, document
// and event id. Negated events are included; callers decide.
func (s *Store) EachEvent(ctx context.Context, fn func(Event) error) error {
	return s.EachMatching(ctx, Filter{Negated: true}, fn)
}

// Cluster groups the stored events that report the same event: the same
// PLOVER type, the same actors and recipients (codes, in any order), and
// dates no more than window apart from the cluster's first. Negated events
// stay alone. It rewrites every event's cluster.
func (s *Store) Cluster(ctx context.Context, window time.Duration) error {
	rows, err := s.db.QueryContext(ctx, `SELECT rid, cluster_key, coalesce(date, ''), negated FROM events`)
	if err != nil {
		return fmt.Errorf("store: cluster: %w", err)
	}
	type ev struct {
		rowid int64
		key   string
		date  time.Time
		neg   bool
	}
	var evs []ev
	for rows.Next() {
		var e ev
		var date string
		if err := rows.Scan(&e.rowid, &e.key, &date, &e.neg); err != nil {
			rows.Close()
			return fmt.Errorf("store: cluster: %w", err)
		}
		if len(date) >= 10 {
			e.date, _ = time.Parse("2006-01-02", date[:10])
		}
		evs = append(evs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].key != evs[j].key {
			return evs[i].key < evs[j].key
		}
		if !evs[i].date.Equal(evs[j].date) {
			return evs[i].date.Before(evs[j].date)
		}
		return evs[i].rowid < evs[j].rowid
	})
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "UPDATE events SET cluster = ? WHERE rid = ?")
	if err != nil {
		return err
	}
	defer stmt.Close()
	var cluster int64
	var start time.Time
	prevKey := "\x00"
	for _, e := range evs {
		c := e.rowid
		switch {
		case e.neg || e.date.IsZero():
			// alone, without breaking the chain of its key
		case e.key != prevKey || start.IsZero() || e.date.Sub(start) > window:
			cluster, start, prevKey = e.rowid, e.date, e.key
		default:
			c = cluster
		}
		if _, err := stmt.ExecContext(ctx, c, e.rowid); err != nil {
			return fmt.Errorf("store: cluster: %w", err)
		}
	}
	return tx.Commit()
}

// join puts a newly stored event into the cluster of the stored event
// with the same key whose date is nearest to its own, within the store's
// window, or into a cluster of its own. Negated and undated events stay
// alone.
func (s *Store) join(ctx context.Context, tx *tx, rid int64, key string, date any, negated bool) error {
	cluster := rid
	if d, ok := date.(string); ok && !negated && len(d) >= 10 {
		if t, err := time.Parse("2006-01-02", d[:10]); err == nil {
			lo := t.Add(-s.window).Format("2006-01-02")
			hi := t.Add(s.window).Format("2006-01-02") + "\uffff"
			var c sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT cluster FROM events
				WHERE cluster_key = ? AND date >= ? AND date <= ? AND length(date) >= 10 AND rid != ? AND NOT negated AND cluster IS NOT NULL
				ORDER BY `+s.d.dayDiff("date")+`, rid LIMIT 1`, key, lo, hi, rid, d[:10]).Scan(&c)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("cluster: %w", err)
			}
			if c.Valid {
				cluster = c.Int64
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE events SET cluster = ? WHERE rid = ?", cluster, rid); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	return nil
}

func sorted(joined string) string {
	if joined == "" {
		return ""
	}
	parts := strings.Split(joined, ";")
	sort.Strings(parts)
	return strings.Join(parts, ";")
}
