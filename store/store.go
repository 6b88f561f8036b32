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

	actorCache     actorCache
	actorsMaxStale time.Duration
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
	d := dialect{}
	s := &Store{db: &db{DB: w, d: d}, window: DefaultWindow, ix: newIndex(), d: d, actorsMaxStale: ActorsMaxStale}
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
// Each table is written with a few multi-row statements for the whole
// batch, not a statement a row: on PostgreSQL every statement is a round
// trip. A record whose id or text a later record of the batch also has is
// replaced by it, as if they were stored one after the other.
func (s *Store) PutBatch(ctx context.Context, recs []*doc.Record) error {
	recs, hashes := lastOfEach(recs)
	if len(recs) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer tx.Rollback()
	deleted, err := s.put(ctx, tx, recs, hashes)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return s.applyWrite(ctx, deleted)
}

// lastOfEach drops the records that a later record of recs replaces (the
// same id or the same text), and returns the others with their hashes.
func lastOfEach(recs []*doc.Record) ([]*doc.Record, []string) {
	ids, seen := map[string]bool{}, map[string]bool{}
	hashes := make([]string, len(recs))
	keep := make([]bool, len(recs))
	n := 0
	for i := len(recs) - 1; i >= 0; i-- {
		hashes[i] = Hash(recs[i].Text)
		if ids[recs[i].ID] || seen[hashes[i]] {
			continue
		}
		ids[recs[i].ID], seen[hashes[i]], keep[i] = true, true, true
		n++
	}
	out := make([]*doc.Record, 0, n)
	outHashes := make([]string, 0, n)
	for i, r := range recs {
		if keep[i] {
			out = append(out, r)
			outHashes = append(outHashes, hashes[i])
		}
	}
	return out, outHashes
}

// maxParams bounds the parameters of one statement (SQLite allows 32,766,
// PostgreSQL 65,535).
const maxParams = 30000

// insert writes rows into a table with multi-row INSERT statements of at
// most maxParams parameters. head is "INSERT INTO t(cols) VALUES" and row
// the placeholder group of one row, such as "(?, ?, ?)". When returning is
// not "", it is appended to each statement and scan is called for every
// row returned.
func insert(ctx context.Context, tx *tx, head, row string, rows [][]any, returning string, scan func(*sql.Rows) error) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, maxParams/len(rows[0]))
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(len(rows), start+per)]
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(rows[0]))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
			args = append(args, r...)
		}
		if returning == "" {
			if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
				return err
			}
			continue
		}
		b.WriteString(" RETURNING ")
		b.WriteString(returning)
		res, err := tx.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return err
		}
		for res.Next() {
			if err := scan(res); err != nil {
				res.Close()
				return err
			}
		}
		res.Close()
		if err := res.Err(); err != nil {
			return err
		}
	}
	return nil
}

// placeholders returns "(?, ?, ..., ?)" of n.
func placeholders(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

// inList returns "(?, ?, ...)" for the values and the values as arguments.
func inList(vals []string) (string, []any) {
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	return placeholders(len(vals)), args
}

// newEvent is an event being stored, for clustering.
type newEvent struct {
	rid     int64
	key     string
	date    string
	negated bool
}

// put writes records (no two with the same id or text), whose text hashes
// are hashes, and returns the rids of the events it replaced.
func (s *Store) put(ctx context.Context, tx *tx, recs []*doc.Record, hashes []string) (deleted []int64, err error) {
	wrap := func(err error) error { return fmt.Errorf("store: %w", err) }
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	if s.d.pg {
		// Writers on other connections may store the same documents at
		// once (a redelivered message): one at a time per id and text,
		// locks taken in one order.
		keys := make([]string, 0, 2*len(recs))
		for i := range recs {
			keys = append(keys, "id:"+ids[i], "hash:"+hashes[i])
		}
		sort.Strings(keys)
		_, args := inList(keys)
		vals := strings.TrimSuffix(strings.Repeat("(?), ", len(keys)), ", ")
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT k FROM (VALUES "+vals+") AS v(k) ORDER BY k) AS s", args...); err != nil {
			return nil, wrap(err)
		}
	}
	idIn, idArgs := inList(ids)
	hashIn, hashArgs := inList(hashes)
	same := "id IN " + idIn + " OR hash IN " + hashIn
	sameArgs := append(append([]any(nil), idArgs...), hashArgs...)
	// Events about to be replaced, for the event index.
	rows, err := tx.QueryContext(ctx, "SELECT rid FROM events WHERE doc_id IN (SELECT id FROM documents WHERE "+same+")", sameArgs...)
	if err != nil {
		return nil, wrap(err)
	}
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		deleted = append(deleted, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	if !s.d.pg {
		// The search index shares the documents' rowids.
		if _, err := tx.ExecContext(ctx, "DELETE FROM documents_fts WHERE rowid IN (SELECT rid FROM documents WHERE "+same+")", sameArgs...); err != nil {
			return nil, wrap(err)
		}
	}
	// Rows of the documents replaced. SQLite's foreign keys would cascade;
	// PostgreSQL's schema has none, to keep writes cheap.
	docs := "(SELECT id FROM documents WHERE " + same + ")"
	for _, q := range []string{
		"DELETE FROM event_parties WHERE event IN (SELECT rid FROM events WHERE doc_id IN " + docs + ")",
		"DELETE FROM events WHERE doc_id IN " + docs,
		"DELETE FROM actors WHERE doc_id IN " + docs,
		"DELETE FROM quotes WHERE doc_id IN " + docs,
		"DELETE FROM counts WHERE doc_id IN " + docs,
		"DELETE FROM places WHERE doc_id IN " + docs,
		"DELETE FROM documents WHERE " + same,
	} {
		if _, err := tx.ExecContext(ctx, q, sameArgs...); err != nil {
			return nil, wrap(err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM failures WHERE id IN "+idIn, idArgs...); err != nil {
		return nil, wrap(err)
	}

	// Documents.
	now := time.Now().UTC().Format(time.RFC3339)
	docRows := make([][]any, len(recs))
	for i, rec := range recs {
		raw, err := json.Marshal(rec)
		if err != nil {
			return nil, fmt.Errorf("store: encode %s: %w", rec.ID, err)
		}
		docRows[i] = []any{rec.ID, hashes[i], rec.Title, rec.Source, rec.URL, deref(rec.Date), now, string(raw)}
		if s.d.pg {
			docRows[i] = append(docRows[i], tsvector(rec.Title+"\n"+rec.Text))
		}
	}
	docRid := map[string]int64{}
	head, row := "INSERT INTO documents(id, hash, title, source, url, date, ingested, record) VALUES ", placeholders(8)
	if s.d.pg {
		head, row = "INSERT INTO documents(id, hash, title, source, url, date, ingested, record, tsv) VALUES ", "(?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector)"
	}
	err = insert(ctx, tx, head, row, docRows, "rid, id", func(r *sql.Rows) error {
		var rid int64
		var id string
		if err := r.Scan(&rid, &id); err != nil {
			return err
		}
		docRid[id] = rid
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	if !s.d.pg {
		fts := make([][]any, len(recs))
		for i, rec := range recs {
			fts[i] = []any{docRid[rec.ID], rec.Title, rec.Text}
		}
		if err := insert(ctx, tx, "INSERT INTO documents_fts(rowid, title, text) VALUES ", placeholders(3), fts, "", nil); err != nil {
			return nil, wrap(err)
		}
	}

	// Events, then their participants, then clusters.
	var evRows, actorRows, quoteRows, countRows, placeRows [][]any
	type evKey struct{ doc, id string }
	keyOf := map[evKey]newEvent{}
	var order []evKey
	codes := make([]map[string]string, len(recs))
	for i, rec := range recs {
		runes := []rune(rec.Text)
		actorCode := map[string]string{}
		codes[i] = actorCode
		for _, a := range rec.Actors {
			actorCode[a.ID] = a.Code
			actorRows = append(actorRows, []any{rec.ID, a.ID, a.Name, a.Country, a.Sector, a.Code, a.Title, len(a.Mentions)})
		}
		for _, e := range rec.Events {
			date, prec := "", any(nil)
			if e.Date != nil {
				date, prec = e.Date.Value, e.Date.Precision
			}
			var lname, lcountry, ladmin1, lres string
			var lgid int
			var lat, lon any
			if loc := e.Location; loc != nil {
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
			evRows = append(evRows, []any{rec.ID, e.ID, date, prec, e.PLOVER.Type, e.PLOVER.Mode, strings.Join(e.PLOVER.Context, ";"),
				e.CAMEO.Code, e.CAMEO.Root, e.CAMEO.Quad, e.CAMEO.Goldstein,
				ac, acc, acs, act, rc, rcc, rcs, rct,
				e.Modality.Negated, e.Modality.Hypothetical, e.Modality.Future, e.Modality.Historical,
				e.Trigger.Text, ts, te, sentenceText(rec, runes, e.Sentence), src,
				lname, lcountry, ladmin1, lgid, lat, lon, lres, e.Confidence, key})
			k := evKey{rec.ID, e.ID}
			keyOf[k] = newEvent{key: key, date: date, negated: e.Modality.Negated}
			order = append(order, k)
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
			quoteRows = append(quoteRows, []any{rec.ID, q.ID, q.Text, q.Direct, q.Scare, cue, sp, spc})
		}
		for _, c := range rec.Counts {
			vic, src, ev, date := "", "", "", ""
			if c.Victims != nil {
				vic = c.Victims.Text
			}
			if c.Source != nil {
				src = c.Source.Text
			}
			if c.Event != nil {
				ev = *c.Event
			}
			if c.Date != nil {
				date = c.Date.Value
			}
			countRows = append(countRows, []any{rec.ID, c.ID, c.Kind, c.Count, c.Qualifier, c.Text, vic, src, date, ev})
		}
		for j, p := range rec.Places {
			var lat, lon any
			if p.Lat != nil && p.Lon != nil {
				lat, lon = *p.Lat, *p.Lon
			}
			placeRows = append(placeRows, []any{rec.ID, j, p.Text, p.Name, p.Country, p.Admin1, p.GeonameID, lat, lon, p.Feature})
		}
	}
	err = insert(ctx, tx, `INSERT INTO events (doc_id, event_id, date, date_precision, plover_type, plover_mode, plover_context,
			cameo_code, cameo_root, quad, goldstein, actor_codes, actor_countries, actor_sectors, actor_texts,
			recipient_codes, recipient_countries, recipient_sectors, recipient_texts, negated, hypothetical, future, historical,
			trigger, trigger_start, trigger_end, sentence, source_of_report, location_name, location_country, location_admin1,
			location_geonameid, lat, lon, location_resolution, confidence, cluster_key) VALUES `, placeholders(37), evRows,
		"rid, doc_id, event_id", func(r *sql.Rows) error {
			var k evKey
			var rid int64
			if err := r.Scan(&rid, &k.doc, &k.id); err != nil {
				return err
			}
			e := keyOf[k]
			e.rid = rid
			keyOf[k] = e
			return nil
		})
	if err != nil {
		return nil, wrap(err)
	}
	var partyRows [][]any
	for i, rec := range recs {
		for _, e := range rec.Events {
			ne := keyOf[evKey{rec.ID, e.ID}]
			for role, ps := range [][]doc.RecParticipant{e.Actor, e.Recipient} {
				for _, p := range ps {
					code := p.Country + p.Sector
					if p.Actor != nil && codes[i][*p.Actor] != "" {
						code = codes[i][*p.Actor]
					}
					partyRows = append(partyRows, []any{ne.rid, role, p.Country, p.Sector, code, ne.date})
				}
			}
		}
	}
	for _, w := range []struct {
		head string
		n    int
		rows [][]any
	}{
		{"INSERT INTO event_parties VALUES ", 6, partyRows},
		{"INSERT INTO actors VALUES ", 8, actorRows},
		{"INSERT INTO quotes VALUES ", 8, quoteRows},
		{"INSERT INTO counts VALUES ", 10, countRows},
		{"INSERT INTO places VALUES ", 10, placeRows},
	} {
		if err := insert(ctx, tx, w.head, placeholders(w.n), w.rows, "", nil); err != nil {
			return nil, wrap(err)
		}
	}
	evs := make([]newEvent, len(order))
	for i, k := range order {
		evs[i] = keyOf[k]
	}
	if err := s.cluster(ctx, tx, evs); err != nil {
		return nil, wrap(err)
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
