package store

import (
	"context"
	"database/sql"
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

// cluster puts newly stored events, in order, into the cluster of the
// event with the same key whose date is nearest to theirs within the
// store's window (a stored one, or one stored before them in evs), or into
// a cluster of their own. Negated events and events not dated to a day
// stay alone.
func (s *Store) cluster(ctx context.Context, tx *tx, evs []newEvent) error {
	if len(evs) == 0 {
		return nil
	}
	type cand struct {
		day     time.Time
		rid     int64
		cluster int64
	}
	days := make([]time.Time, len(evs))
	byKey := map[string][]cand{}
	var lo, hi time.Time
	for i, e := range evs {
		if e.negated || len(e.date) < 10 {
			continue
		}
		t, err := time.Parse("2006-01-02", e.date[:10])
		if err != nil {
			continue
		}
		days[i] = t
		byKey[e.key] = nil
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if t.After(hi) {
			hi = t
		}
	}
	if len(byKey) > 0 {
		keys := make([]string, 0, len(byKey))
		for k := range byKey {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for start := 0; start < len(keys); start += maxParams / 2 {
			chunk := keys[start:min(len(keys), start+maxParams/2)]
			in, args := inList(chunk)
			args = append(args, lo.Add(-s.window).Format("2006-01-02"), hi.Add(s.window).Format("2006-01-02")+"\uffff")
			rows, err := tx.QueryContext(ctx, `SELECT cluster_key, date, rid, cluster FROM events
				WHERE cluster_key IN `+in+` AND date >= ? AND date <= ? AND length(date) >= 10 AND NOT negated AND cluster IS NOT NULL`, args...)
			if err != nil {
				return fmt.Errorf("cluster: %w", err)
			}
			for rows.Next() {
				var key, date string
				var c cand
				if err := rows.Scan(&key, &date, &c.rid, &c.cluster); err != nil {
					rows.Close()
					return fmt.Errorf("cluster: %w", err)
				}
				if c.day, err = time.Parse("2006-01-02", date[:10]); err == nil {
					byKey[key] = append(byKey[key], c)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("cluster: %w", err)
			}
		}
	}
	clusters := make([]int64, len(evs))
	for i, e := range evs {
		clusters[i] = e.rid
		if days[i].IsZero() {
			continue
		}
		best := -1
		var bestDiff time.Duration
		cs := byKey[e.key]
		for j, c := range cs {
			d := days[i].Sub(c.day)
			if d < 0 {
				d = -d
			}
			if d > s.window {
				continue
			}
			if best < 0 || d < bestDiff || d == bestDiff && c.rid < cs[best].rid {
				best, bestDiff = j, d
			}
		}
		if best >= 0 {
			clusters[i] = cs[best].cluster
		}
		byKey[e.key] = append(cs, cand{day: days[i], rid: e.rid, cluster: clusters[i]})
	}
	per := maxParams / 3
	for start := 0; start < len(evs); start += per {
		end := min(len(evs), start+per)
		var b strings.Builder
		args := make([]any, 0, 3*(end-start))
		b.WriteString("UPDATE events SET cluster = CASE rid")
		for i := start; i < end; i++ {
			b.WriteString(" WHEN ? THEN CAST(? AS BIGINT)")
			args = append(args, evs[i].rid, clusters[i])
		}
		b.WriteString(" END WHERE rid IN (")
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString("?")
			args = append(args, evs[i].rid)
		}
		b.WriteString(")")
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
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
