// Package store keeps extraction results in an embedded SQLite database
// (modernc.org/sqlite, pure Go): documents with their full records,
// and tables of events, actors, quotes, counts and places for queries and
// exports, with full-text search over the documents.
//
// The database runs in WAL mode. Each document is written in one
// transaction, so that a crash loses at most the documents in flight, and
// writing a document again (the same id, or the same text under another
// id) replaces it: a document is stored exactly once.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/dyad-events/dyad/doc"
)

// Store is an open database. It is safe for concurrent use.
type Store struct {
	db     *db // writes (SQLite: the one writer)
	rdb    *db // reads (SQLite: readers, which WAL lets run beside the writer)
	d      dialect
	window time.Duration
	ix     *evIndex
	texts  textCache
}

// DefaultWindow is how far apart, by default, the dates of two reports of
// one event may be for them to cluster.
const DefaultWindow = 48 * time.Hour

// Option configures a Store.
type Option func(*Store)

// Window sets how far apart the dates of two reports of one event may be
// for them to cluster (DefaultWindow when not set).
func Window(d time.Duration) Option { return func(s *Store) { s.window = d } }

// Open opens (creating it if needed) the store target names and brings
// its schema up to date: an SQLite file, or a PostgreSQL database when
// target is a postgres:// or postgresql:// URL.
func Open(ctx context.Context, target string, opts ...Option) (*Store, error) {
	if IsPostgres(target) {
		return openPostgres(ctx, target, opts)
	}
	path := target
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=busy_timeout(10000)"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1) // one writer; SQLite serialises writes anyway
	d := dialect{rebound: &sync.Map{}}
	s := &Store{db: &db{DB: w, d: d}, window: DefaultWindow, ix: newIndex(), d: d}
	for _, o := range opts {
		o(s)
	}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	s.rdb = &db{DB: r, d: d}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.rdb == s.db {
		return s.db.Close()
	}
	rerr := s.rdb.Close()
	if err := s.db.Close(); err != nil {
		return err
	}
	return rerr
}

// Hash is the content hash of a document's text, by which the store
// recognises the same document under another id.
func Hash(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

// Has reports whether a document with this id and content hash is stored.
func (s *Store) Has(ctx context.Context, id, hash string) (bool, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE id = ? AND hash = ?", id, hash).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	return n > 0, nil
}

// HasURL reports whether a document with this URL is stored.
func (s *Store) HasURL(ctx context.Context, url string) (bool, error) {
	if url == "" {
		return false, nil
	}
	var n int
	if err := s.rdb.QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE url = ?", url).Scan(&n); err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	return n > 0, nil
}

// HasHash reports whether a document with this content hash (Hash of its
// text) is stored, under any id.
func (s *Store) HasHash(ctx context.Context, hash string) (bool, error) {
	var n int
	if err := s.rdb.QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE hash = ?", hash).Scan(&n); err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	return n > 0, nil
}

// Put stores a document's record, replacing any document with the same id
// or the same text, and clears a failure recorded under its id.
func (s *Store) Put(ctx context.Context, rec *doc.Record) error {
	return s.PutBatch(ctx, []*doc.Record{rec})
}

// PutBatch stores records as Put does, in one transaction: all or none.
func (s *Store) PutBatch(ctx context.Context, recs []*doc.Record) error {
	if len(recs) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer tx.Rollback()
	var deleted []int64
	for _, rec := range recs {
		d, err := s.put(ctx, tx, rec)
		if err != nil {
			return err
		}
		deleted = append(deleted, d...)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return s.applyWrite(ctx, deleted)
}

func (s *Store) put(ctx context.Context, tx *tx, rec *doc.Record) (deleted []int64, err error) {
	raw, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("store: encode %s: %w", rec.ID, err)
	}
	hash := Hash(rec.Text)
	ex := func(q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("store: %s: %w", rec.ID, err)
		}
		return nil
	}
	if s.d.pg {
		// Writers on other connections may store the same document at
		// once (a redelivered message): one at a time per id and text.
		keys := []string{"id:" + rec.ID, "hash:" + hash}
		sort.Strings(keys)
		for _, k := range keys {
			if err := ex("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", k); err != nil {
				return nil, err
			}
		}
	}
	// Events about to be replaced, for the event index.
	rows, err := tx.QueryContext(ctx, "SELECT rid FROM events WHERE doc_id IN (SELECT id FROM documents WHERE id = ? OR hash = ?)", rec.ID, hash)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", rec.ID, err)
	}
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: %s: %w", rec.ID, err)
		}
		deleted = append(deleted, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", rec.ID, err)
	}
	if !s.d.pg {
		// The search index shares the documents' rowids.
		if err := ex("DELETE FROM documents_fts WHERE rowid IN (SELECT rowid FROM documents WHERE id = ? OR hash = ?)", rec.ID, hash); err != nil {
			return nil, err
		}
	}
	if err := ex("DELETE FROM documents WHERE id = ? OR hash = ?", rec.ID, hash); err != nil {
		return nil, err
	}
	if err := ex("DELETE FROM failures WHERE id = ?", rec.ID); err != nil {
		return nil, err
	}
	ins := "INSERT INTO documents(id, hash, title, source, url, date, ingested, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING rid"
	args := []any{rec.ID, hash, rec.Title, rec.Source, rec.URL, deref(rec.Date), time.Now().UTC().Format(time.RFC3339), string(raw)}
	if s.d.pg {
		ins = "INSERT INTO documents(id, hash, title, source, url, date, ingested, record, tsv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, to_tsvector('english', ?)) RETURNING rid"
		args = append(args, rec.Title+"\n"+rec.Text)
	}
	var rowid int64
	if err := tx.QueryRowContext(ctx, ins, args...).Scan(&rowid); err != nil {
		return nil, fmt.Errorf("store: %s: %w", rec.ID, err)
	}
	if !s.d.pg {
		if err := ex("INSERT INTO documents_fts(rowid, title, text) VALUES (?, ?, ?)", rowid, rec.Title, rec.Text); err != nil {
			return nil, err
		}
	}
	runes := []rune(rec.Text)
	actorCode := map[string]string{}
	for _, a := range rec.Actors {
		actorCode[a.ID] = a.Code
		if err := ex("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rec.ID, a.ID, a.Name, a.Country, a.Sector, a.Code, a.Title, len(a.Mentions)); err != nil {
			return nil, err
		}
	}
	for _, e := range rec.Events {
		var date, prec any = "", nil
		if e.Date != nil {
			date, prec = e.Date.Value, e.Date.Precision
		}
		loc := e.Location
		var lname, lcountry, ladmin1, lres string
		var lgid int
		var lat, lon any
		if loc != nil {
			lname, lcountry, ladmin1, lres, lgid = loc.Name, loc.Country, loc.Admin1, loc.Resolution, loc.GeonameID
			if loc.Lat != nil && loc.Lon != nil {
				lat, lon = *loc.Lat, *loc.Lon
			}
		}
		src := ""
		if e.SourceOfReport != nil {
			src = e.SourceOfReport.Text
		}
		ac, acc, acs, act := participants(e.Actor, actorCode)
		rc, rcc, rcs, rct := participants(e.Recipient, actorCode)
		key := e.PLOVER.Type + "|" + sorted(ac) + "|" + sorted(rc)
		ts, te := triggerIn(rec, e)
		var rid int64
		err := tx.QueryRowContext(ctx, `INSERT INTO events (doc_id, event_id, date, date_precision, plover_type, plover_mode, plover_context,
				cameo_code, cameo_root, quad, goldstein, actor_codes, actor_countries, actor_sectors, actor_texts,
				recipient_codes, recipient_countries, recipient_sectors, recipient_texts, negated, hypothetical, future, historical,
				trigger, trigger_start, trigger_end, sentence, source_of_report, location_name, location_country, location_admin1,
				location_geonameid, lat, lon, location_resolution, confidence, cluster_key)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rid`,
			rec.ID, e.ID, date, prec, e.PLOVER.Type, e.PLOVER.Mode, strings.Join(e.PLOVER.Context, ";"),
			e.CAMEO.Code, e.CAMEO.Root, e.CAMEO.Quad, e.CAMEO.Goldstein,
			ac, acc, acs, act, rc, rcc, rcs, rct,
			e.Modality.Negated, e.Modality.Hypothetical, e.Modality.Future, e.Modality.Historical,
			e.Trigger.Text, ts, te, sentenceText(rec, runes, e.Sentence), src,
			lname, lcountry, ladmin1, lgid, lat, lon, lres, e.Confidence, key).Scan(&rid)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", rec.ID, err)
		}
		for role, ps := range [][]doc.RecParticipant{e.Actor, e.Recipient} {
			for _, p := range ps {
				code := p.Country + p.Sector
				if p.Actor != nil && actorCode[*p.Actor] != "" {
					code = actorCode[*p.Actor]
				}
				if err := ex("INSERT INTO event_parties VALUES (?, ?, ?, ?, ?, ?)", rid, role, p.Country, p.Sector, code, date); err != nil {
					return nil, err
				}
			}
		}
		if err := s.join(ctx, tx, rid, key, date, e.Modality.Negated); err != nil {
			return nil, fmt.Errorf("store: %s: %w", rec.ID, err)
		}
	}
	for _, q := range rec.Quotes {
		cue, sp, spc := "", "", ""
		if q.Cue != nil {
			cue = q.Cue.Text
		}
		if q.Speaker != nil {
			sp = q.Speaker.Text
			if q.Speaker.Actor != nil {
				spc = actorCode[*q.Speaker.Actor]
			}
		}
		if err := ex("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rec.ID, q.ID, q.Text, q.Direct, q.Scare, cue, sp, spc); err != nil {
			return nil, err
		}
	}
	for _, c := range rec.Counts {
		vic, src, ev := "", "", ""
		if c.Victims != nil {
			vic = c.Victims.Text
		}
		if c.Source != nil {
			src = c.Source.Text
		}
		if c.Event != nil {
			ev = *c.Event
		}
		date := ""
		if c.Date != nil {
			date = c.Date.Value
		}
		if err := ex("INSERT INTO counts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rec.ID, c.ID, c.Kind, c.Count, c.Qualifier, c.Text, vic, src, date, ev); err != nil {
			return nil, err
		}
	}
	for i, p := range rec.Places {
		var lat, lon any
		if p.Lat != nil && p.Lon != nil {
			lat, lon = *p.Lat, *p.Lon
		}
		if err := ex("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rec.ID, i, p.Text, p.Name, p.Country, p.Admin1, p.GeonameID, lat, lon, p.Feature); err != nil {
			return nil, err
		}
	}
	return deleted, nil
}

// PutFailure records that the document id failed, with its error, unless a
// record of it is stored.
func (s *Store) PutFailure(ctx context.Context, id, msg string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO failures(id, error, at) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM documents WHERE id = ?) ON CONFLICT(id) DO UPDATE SET error = excluded.error, at = excluded.at",
		id, msg, time.Now().UTC().Format(time.RFC3339), id)
	if err != nil {
		return fmt.Errorf("store: failure of %s: %w", id, err)
	}
	return nil
}

// Record returns a stored document's record.
func (s *Store) Record(ctx context.Context, id string) (*doc.Record, error) {
	var raw string
	err := s.rdb.QueryRowContext(ctx, "SELECT record FROM documents WHERE id = ?", id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var rec doc.Record
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		return nil, fmt.Errorf("store: decode %s: %w", id, err)
	}
	return &rec, nil
}

// ErrNotFound is returned for a document the store does not hold.
var ErrNotFound = errors.New("store: not found")

// Stats counts what the store holds.
type Stats struct {
	Documents, Events, Quotes, Counts, Failures int
}

// Stats returns the store's counts.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	for _, q := range []struct {
		table string
		n     *int
	}{{"documents", &st.Documents}, {"events", &st.Events}, {"quotes", &st.Quotes}, {"counts", &st.Counts}, {"failures", &st.Failures}} {
		if err := s.rdb.QueryRowContext(ctx, "SELECT count(*) FROM "+q.table).Scan(q.n); err != nil {
			return st, fmt.Errorf("store: %w", err)
		}
	}
	return st, nil
}

// participants returns the codes, countries, sectors and texts of
// participants, each ";"-joined in order.
func participants(ps []doc.RecParticipant, code map[string]string) (codes, countries, sectors, texts string) {
	var c, n, s, t []string
	for _, p := range ps {
		k := p.Country + p.Sector
		if p.Actor != nil && code[*p.Actor] != "" {
			k = code[*p.Actor]
		}
		c = append(c, k)
		n = append(n, p.Country)
		s = append(s, p.Sector)
		t = append(t, p.Text)
	}
	return strings.Join(c, ";"), strings.Join(n, ";"), strings.Join(s, ";"), strings.Join(t, ";")
}

// triggerIn returns the offsets of an event's trigger in its sentence, in
// code points, or -1, -1.
func triggerIn(rec *doc.Record, e doc.RecEvent) (start, end int) {
	if e.Sentence < 0 || e.Sentence >= len(rec.Sentences) {
		return -1, -1
	}
	sp := rec.Sentences[e.Sentence]
	if e.Trigger.Start < sp.Start || e.Trigger.End > sp.End || e.Trigger.Start >= e.Trigger.End {
		return -1, -1
	}
	return e.Trigger.Start - sp.Start, e.Trigger.End - sp.Start
}

// sentenceText returns the text of sentence i of a record (offsets in code
// points into r, the text's runes), or "".
func sentenceText(rec *doc.Record, r []rune, i int) string {
	if i < 0 || i >= len(rec.Sentences) {
		return ""
	}
	sp := rec.Sentences[i]
	if sp.Start < 0 || sp.End > len(r) || sp.Start > sp.End {
		return ""
	}
	return string(r[sp.Start:sp.End])
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
