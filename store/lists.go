package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// DocSummary is a stored document as lists show it.
type DocSummary struct {
	ID, Title, Date, Source, URL string
	Events                       int
}

// Documents returns a page of stored documents, newest first, matching the
// FTS5 query q when it is not "".
func (s *Store) Documents(ctx context.Context, q string, limit int, from string) (Page[DocSummary], error) {
	var p Page[DocSummary]
	c, err := parseCursor(from)
	if err != nil {
		return p, err
	}
	var conds []string
	var args []any
	if q != "" {
		arg, err := s.d.textArg(q)
		if err != nil {
			return p, err
		}
		conds = append(conds, s.d.textMatch("d"))
		args = append(args, arg)
	}
	if c.rid > 0 {
		conds = append(conds, "(d.date < ? OR (d.date = ? AND d.rid < ?))")
		args = append(args, c.date, c.date, c.rid)
	}
	where := "TRUE"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT d.rid, d.id, d.title, d.date, d.source, d.url,
		(SELECT count(*) FROM events e WHERE e.doc_id = d.id AND NOT e.negated)
		FROM documents d WHERE `+where+` ORDER BY d.date DESC, d.rid DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return p, queryErr(err, q)
	}
	defer rows.Close()
	var rids []int64
	for rows.Next() {
		var d DocSummary
		var rid int64
		if err := rows.Scan(&rid, &d.ID, &d.Title, &d.Date, &d.Source, &d.URL, &d.Events); err != nil {
			return p, fmt.Errorf("store: documents: %w", err)
		}
		p.Items = append(p.Items, d)
		rids = append(rids, rid)
	}
	if err := rows.Err(); err != nil {
		return p, queryErr(err, q)
	}
	if len(p.Items) > limit {
		p.Items = p.Items[:limit]
		p.Next = cursor{date: p.Items[limit-1].Date, rid: rids[limit-1]}.String()
	}
	return p, nil
}

// ActorSummary is an actor across the documents that name it.
type ActorSummary struct {
	Code, Name, Country, Sector string
	Documents, Mentions         int
}

// ActorFilter selects actors.
type ActorFilter struct {
	// Country and Sector are codes; Prefix starts the name (any case).
	Country, Sector, Prefix string
}

// Actors returns actors grouped by code and name, those in most documents
// first, from offset. The grouping reads every actor row (seconds at a
// million events), so answers are cached: an answer is reused while no
// document has been stored since, and for up to ActorsMaxStale after one
// was.
func (s *Store) Actors(ctx context.Context, f ActorFilter, limit, offset int) ([]ActorSummary, error) {
	var gen int64
	if err := s.rdb.QueryRowContext(ctx, "SELECT coalesce(max(rid), 0) FROM documents").Scan(&gen); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	key := fmt.Sprintf("%q|%q|%q|%d|%d", f.Country, f.Sector, f.Prefix, limit, offset)
	if out, ok := s.actorCache.get(key, gen, s.actorsMaxStale); ok {
		return out, nil
	}
	out, err := s.actorsSQL(ctx, f, limit, offset)
	if err != nil {
		return nil, err
	}
	s.actorCache.put(key, gen, out)
	return out, nil
}

// ActorsMaxStale is how long Actors may answer from a cache made before
// the last document was stored.
const ActorsMaxStale = time.Minute

// actorCache keeps recent Actors answers.
type actorCache struct {
	mu      sync.Mutex
	entries recent[actorEntry]
}

type actorEntry struct {
	gen  int64
	at   time.Time
	rows []ActorSummary
}

const actorCacheSize = 64

func (c *actorCache) get(key string, gen int64, maxStale time.Duration) ([]ActorSummary, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries.get(key)
	if !ok || e.gen != gen && time.Since(e.at) > maxStale {
		return nil, false
	}
	return e.rows, true
}

func (c *actorCache) put(key string, gen int64, rows []ActorSummary) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries.max = actorCacheSize
	c.entries.put(key, actorEntry{gen: gen, at: time.Now(), rows: rows})
}

// actorsSQL groups the actors in SQL.
func (s *Store) actorsSQL(ctx context.Context, f ActorFilter, limit, offset int) ([]ActorSummary, error) {
	var conds []string
	var args []any
	if f.Country != "" {
		if !reCountry.MatchString(f.Country) {
			return nil, fmt.Errorf("%w: country %q: want an ISO 3166 alpha-3 code such as SYR", ErrBadQuery, f.Country)
		}
		conds = append(conds, "country = ?")
		args = append(args, f.Country)
	}
	if f.Sector != "" {
		if !reSector.MatchString(f.Sector) {
			return nil, fmt.Errorf("%w: sector %q: want a three-letter sector code such as GOV", ErrBadQuery, f.Sector)
		}
		conds = append(conds, "sector = ?")
		args = append(args, f.Sector)
	}
	if f.Prefix != "" {
		conds = append(conds, "name "+s.d.like()+" ? ESCAPE '\\'")
		args = append(args, likeEscape(f.Prefix)+"%")
	}
	where := "TRUE"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT code, name, country, sector, count(DISTINCT doc_id) AS n, sum(mentions)
		FROM actors WHERE `+where+` GROUP BY code, name, country, sector ORDER BY n DESC, name LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, queryErr(err, "")
	}
	defer rows.Close()
	var out []ActorSummary
	for rows.Next() {
		var a ActorSummary
		if err := rows.Scan(&a.Code, &a.Name, &a.Country, &a.Sector, &a.Documents, &a.Mentions); err != nil {
			return nil, fmt.Errorf("store: actors: %w", err)
		}
		out = append(out, a)
	}
	return out, queryErr(rows.Err(), "")
}

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Quote is a stored quotation.
type Quote struct {
	DocID, QuoteID, Text string
	Direct               bool
	Speaker, SpeakerCode string
	Cue, Date, Title     string
	rid                  int64
}

// QuoteFilter selects quotes.
type QuoteFilter struct {
	SpeakerCode, Doc, Query string
	// Direct, when not nil, keeps only direct (true) or indirect quotes.
	Direct *bool
}

// Quotes returns a page of quotes, the last stored first.
// Scare quotes are left out.
func (s *Store) Quotes(ctx context.Context, f QuoteFilter, limit int, from string) (Page[Quote], error) {
	var p Page[Quote]
	c, err := parseCursor(from)
	if err != nil {
		return p, err
	}
	conds := []string{"NOT q.scare"}
	var args []any
	if f.SpeakerCode != "" {
		conds = append(conds, "q.speaker_code = ?")
		args = append(args, f.SpeakerCode)
	}
	if f.Doc != "" {
		conds = append(conds, "q.doc_id = ?")
		args = append(args, f.Doc)
	}
	if f.Direct != nil {
		conds = append(conds, "q.direct = ?")
		args = append(args, *f.Direct)
	}
	if f.Query != "" {
		arg, err := s.d.textArg(f.Query)
		if err != nil {
			return p, err
		}
		conds = append(conds, s.d.textMatch("d"))
		args = append(args, arg)
	}
	if c.rid > 0 {
		conds = append(conds, s.d.rowid("q")+" < ?")
		args = append(args, c.rid)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+s.d.rowid("q")+`, q.doc_id, q.quote_id, q.text, q.direct, q.speaker, q.speaker_code, q.cue,
		d.date, d.title FROM quotes q JOIN documents d ON d.id = q.doc_id
		WHERE `+strings.Join(conds, " AND ")+` ORDER BY `+s.d.rowid("q")+` DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return p, queryErr(err, f.Query)
	}
	defer rows.Close()
	for rows.Next() {
		var q Quote
		if err := rows.Scan(&q.rid, &q.DocID, &q.QuoteID, &q.Text, &q.Direct, &q.Speaker, &q.SpeakerCode, &q.Cue, &q.Date, &q.Title); err != nil {
			return p, fmt.Errorf("store: quotes: %w", err)
		}
		p.Items = append(p.Items, q)
	}
	if err := rows.Err(); err != nil {
		return p, queryErr(err, f.Query)
	}
	if len(p.Items) > limit {
		p.Items = p.Items[:limit]
		last := p.Items[limit-1]
		p.Next = cursor{rid: last.rid}.String()
	}
	return p, nil
}

// Count is a stored casualty, arrest or crowd figure.
type Count struct {
	DocID, CountID, Kind string
	Count                int64
	Qualifier, Text      string
	Victims, Source      string
	Date, Title, EventID string
	rid                  int64
}

// CountFilter selects counts.
type CountFilter struct {
	Kind, From, To, Doc string
}

// Counts returns a page of counts, newest first.
func (s *Store) Counts(ctx context.Context, f CountFilter, limit int, from string) (Page[Count], error) {
	var p Page[Count]
	if err := (Filter{From: f.From, To: f.To}).Validate(); err != nil {
		return p, err
	}
	c, err := parseCursor(from)
	if err != nil {
		return p, err
	}
	var conds []string
	var args []any
	if f.Kind != "" {
		conds = append(conds, "c.kind = ?")
		args = append(args, f.Kind)
	}
	if f.From != "" {
		conds = append(conds, "c.date >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "c.date <= ?")
		args = append(args, f.To+"\uffff")
	}
	if f.Doc != "" {
		conds = append(conds, "c.doc_id = ?")
		args = append(args, f.Doc)
	}
	if c.rid > 0 {
		conds = append(conds, "(c.date < ? OR (c.date = ? AND "+s.d.rowid("c")+" < ?))")
		args = append(args, c.date, c.date, c.rid)
	}
	where := "TRUE"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+s.d.rowid("c")+`, c.doc_id, c.count_id, c.kind, c.count, c.qualifier, c.text, c.victims, c.source,
		c.date, d.title, c.event_id FROM counts c JOIN documents d ON d.id = c.doc_id
		WHERE `+where+` ORDER BY c.date DESC, `+s.d.rowid("c")+` DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return p, queryErr(err, "")
	}
	defer rows.Close()
	for rows.Next() {
		var x Count
		if err := rows.Scan(&x.rid, &x.DocID, &x.CountID, &x.Kind, &x.Count, &x.Qualifier, &x.Text, &x.Victims, &x.Source, &x.Date, &x.Title, &x.EventID); err != nil {
			return p, fmt.Errorf("store: counts: %w", err)
		}
		p.Items = append(p.Items, x)
	}
	if err := rows.Err(); err != nil {
		return p, queryErr(err, "")
	}
	if len(p.Items) > limit {
		p.Items = p.Items[:limit]
		last := p.Items[limit-1]
		p.Next = cursor{date: last.Date, rid: last.rid}.String()
	}
	return p, nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.rdb.PingContext(ctx) }

// Analyze gathers the statistics SQLite's query planner uses to choose
// indexes. Run it after a large ingest.
func (s *Store) Analyze(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}
