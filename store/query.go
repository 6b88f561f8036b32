package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Filter selects stored events. The zero value selects every event that is
// not negated. Fields are combined with AND.
type Filter struct {
	// From and To bound the event date, inclusive: YYYY-MM-DD, YYYY-MM or
	// YYYY. An event dated to a month or year is compared by its prefix.
	From, To string
	// ActorCountry and RecipientCountry are ISO 3166 alpha-3 codes of a
	// participant on that side; Country of one on either side.
	ActorCountry, RecipientCountry, Country string
	// ActorSector and RecipientSector are sector codes (GOV, MIL, ...).
	ActorSector, RecipientSector string
	// ActorCode and RecipientCode are whole actor codes (SYRGOV,
	// IGOEUREEC).
	ActorCode, RecipientCode string
	// Type is a PLOVER event type; Root a two-digit CAMEO root.
	Type, Root string
	// Query is an FTS5 query over the documents' titles and texts.
	Query string
	// Doc is one document's id.
	Doc string
	// Negated includes negated events.
	Negated bool
}

// ErrBadQuery wraps errors in a caller's filter or cursor: a malformed
// value or a full-text query FTS5 rejects.
var ErrBadQuery = errors.New("bad query")

var (
	reDate    = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
	reCountry = regexp.MustCompile(`^[A-Z]{3}$`)
	reSector  = regexp.MustCompile(`^[A-Z]{3}$`)
	reRoot    = regexp.MustCompile(`^\d{2}$`)
	reType    = regexp.MustCompile(`^[A-Z_]{2,20}$`)
	reCode    = regexp.MustCompile(`^[A-Z]{3,18}$`)
)

// Validate reports the first malformed field of f, wrapping ErrBadQuery.
func (f Filter) Validate() error {
	bad := func(name, v, want string) error {
		return fmt.Errorf("%w: %s %q: want %s", ErrBadQuery, name, v, want)
	}
	for _, c := range []struct {
		name, v string
		re      *regexp.Regexp
		want    string
	}{
		{"from", f.From, reDate, "YYYY-MM-DD, YYYY-MM or YYYY"},
		{"to", f.To, reDate, "YYYY-MM-DD, YYYY-MM or YYYY"},
		{"actor_country", f.ActorCountry, reCountry, "an ISO 3166 alpha-3 code such as SYR"},
		{"recipient_country", f.RecipientCountry, reCountry, "an ISO 3166 alpha-3 code such as SYR"},
		{"country", f.Country, reCountry, "an ISO 3166 alpha-3 code such as SYR"},
		{"actor_sector", f.ActorSector, reSector, "a three-letter sector code such as GOV"},
		{"recipient_sector", f.RecipientSector, reSector, "a three-letter sector code such as GOV"},
		{"actor_code", f.ActorCode, reCode, "an actor code such as SYRGOV"},
		{"recipient_code", f.RecipientCode, reCode, "an actor code such as SYRGOV"},
		{"type", f.Type, reType, "a PLOVER type such as ASSAULT"},
		{"root", f.Root, reRoot, "a two-digit CAMEO root such as 19"},
	} {
		if c.v != "" && !c.re.MatchString(c.v) {
			return bad(c.name, c.v, c.want)
		}
	}
	if len(f.Query) > 1000 {
		return fmt.Errorf("%w: q: longer than 1000 bytes", ErrBadQuery)
	}
	return nil
}

// where returns the SQL condition (on events aliased e) and its arguments.
func (f Filter) where(d dialect) (string, []any, error) {
	var conds []string
	var args []any
	add := func(c string, a ...any) {
		conds = append(conds, c)
		args = append(args, a...)
	}
	if f.From != "" {
		add("e.date >= ?", f.From)
	}
	if f.To != "" {
		add("e.date <= ?", f.To+"\uffff")
	}
	if f.From != "" && f.To == "" {
		add("e.date != ''")
	}
	party := func(col string, role int, v string) {
		if v == "" {
			return
		}
		if role < 0 {
			add("e.rid IN (SELECT event FROM event_parties WHERE "+col+" = ?)", v)
			return
		}
		add("e.rid IN (SELECT event FROM event_parties WHERE "+col+" = ? AND role = ?)", v, role)
	}
	party("country", 0, f.ActorCountry)
	party("country", 1, f.RecipientCountry)
	party("country", -1, f.Country)
	party("sector", 0, f.ActorSector)
	party("sector", 1, f.RecipientSector)
	party("code", 0, f.ActorCode)
	party("code", 1, f.RecipientCode)
	if f.Type != "" {
		add("e.plover_type = ?", f.Type)
	}
	if f.Root != "" {
		add("e.cameo_root = ?", f.Root)
	}
	if f.Doc != "" {
		add("e.doc_id = ?", f.Doc)
	}
	if f.Query != "" {
		arg, err := d.textArg(f.Query)
		if err != nil {
			return "", nil, err
		}
		add("e.doc_id IN (SELECT d.id FROM documents d WHERE "+d.textMatch("d")+")", arg)
	}
	if !f.Negated {
		add("NOT e.negated")
	}
	if len(conds) == 0 {
		return "TRUE", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// queryErr turns an SQLite error a caller's query caused into ErrBadQuery;
// q is the caller's full-text query, if any: only errors of a query with
// one can be the caller's.
func queryErr(err error, q string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if q != "" && (strings.Contains(msg, "fts5") || strings.Contains(msg, "syntax error") || strings.Contains(msg, "no such column") || strings.Contains(msg, "unterminated string")) {
		return fmt.Errorf("%w: q: the full-text query is not valid FTS5 syntax (%s)", ErrBadQuery, msg)
	}
	return fmt.Errorf("store: %w", err)
}

// Cursor marks where a page of results ends. It is opaque to callers.
type cursor struct {
	date string
	rid  int64
}

func (c cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.date + "|" + strconv.FormatInt(c.rid, 10)))
}

func parseCursor(s string) (cursor, error) {
	if s == "" {
		return cursor{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		if i := strings.LastIndexByte(string(b), '|'); i >= 0 {
			rid, err := strconv.ParseInt(string(b[i+1:]), 10, 64)
			if err == nil && rid > 0 {
				return cursor{date: string(b[:i]), rid: rid}, nil
			}
		}
	}
	return cursor{}, fmt.Errorf("%w: cursor %q is not one this server gave", ErrBadQuery, s)
}

// Page is one page of query results.
type Page[T any] struct {
	Items []T
	// Next is the cursor of the next page, "" on the last.
	Next string
	// Total counts the matches, cursor aside; Exact is false when it is
	// a lower bound.
	Total int
	Exact bool
}

const eventColumns = `e.rid, e.doc_id, e.event_id, e.date, coalesce(e.date_precision, ''), e.plover_type, e.plover_mode,
	e.plover_context, e.cameo_code, e.cameo_root, e.quad, e.goldstein,
	e.actor_codes, e.actor_countries, e.actor_sectors, e.actor_texts,
	e.recipient_codes, e.recipient_countries, e.recipient_sectors, e.recipient_texts,
	e.negated, e.hypothetical, e.future, e.historical, e.trigger, e.trigger_start, e.trigger_end, e.sentence, e.source_of_report,
	e.location_name, e.location_country, e.location_admin1, e.location_geonameid, e.lat, e.lon,
	e.location_resolution, e.confidence, coalesce(e.cluster, e.rid), d.url, d.source, d.title`

// scanEvent reads a row of eventColumns, then extra columns into extra.
func scanEvent(rows *sql.Rows, e *Event, extra ...any) error {
	return rows.Scan(append([]any{&e.rid, &e.DocID, &e.EventID, &e.Date, &e.DatePrecision, &e.Type, &e.Mode, &e.Context, &e.CAMEO, &e.Root,
		&e.Quad, &e.Goldstein, &e.ActorCodes, &e.ActorCountries, &e.ActorSectors, &e.ActorTexts,
		&e.RecipientCodes, &e.RecipientCountries, &e.RecipientSectors, &e.RecipientTexts,
		&e.Negated, &e.Hypothetical, &e.Future, &e.Historical, &e.Trigger, &e.TriggerStart, &e.TriggerEnd, &e.Sentence, &e.Source,
		&e.LocationName, &e.LocationCountry, &e.LocationAdmin1, &e.LocationGeonameID, &e.Lat, &e.Lon,
		&e.Resolution, &e.Confidence, &e.Cluster, &e.URL, &e.Publisher, &e.Title}, extra...)...)
}

// Events returns a page of the events f selects, newest first (by date,
// then storage order), of at most limit events, after the cursor from (a
// previous page's Next, or ""). Each event carries its cluster's counts.
// Total counts every match.
func (s *Store) Events(ctx context.Context, f Filter, limit int, from string) (Page[Event], error) {
	var p Page[Event]
	if err := f.Validate(); err != nil {
		return p, err
	}
	c, err := parseCursor(from)
	if err != nil {
		return p, err
	}
	ix, err := s.index(ctx)
	if err != nil {
		return p, err
	}
	m, err := s.prepare(ctx, ix, f)
	if err != nil {
		ix.mu.RUnlock()
		return p, err
	}
	pos, total := m.page(c, limit+1)
	rids := make([]int64, len(pos))
	for i, x := range pos {
		rids[i] = ix.rid[x]
	}
	var next cursor
	if len(pos) > limit {
		last := pos[limit-1]
		next = cursor{date: ix.dates.vals[ix.date[last]], rid: ix.rid[last]}
		rids = rids[:limit]
	}
	ix.mu.RUnlock()
	p.Total, p.Exact = total, true
	if next.rid > 0 {
		p.Next = next.String()
	}
	if p.Items, err = s.fetch(ctx, rids); err != nil {
		return p, err
	}
	if err := s.clusterCounts(ctx, p.Items); err != nil {
		return p, err
	}
	return p, nil
}

// clusterCounts fills the mention, article and source counts of the
// events' clusters.
func (s *Store) clusterCounts(ctx context.Context, evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	ids := make([]any, 0, len(evs))
	seen := map[int64]bool{}
	for _, e := range evs {
		if !seen[e.Cluster] {
			seen[e.Cluster] = true
			ids = append(ids, e.Cluster)
		}
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT e.cluster, count(*), count(DISTINCT e.doc_id),
			count(DISTINCT CASE WHEN d.source = '' THEN d.id ELSE d.source END)
		FROM events e JOIN documents d ON d.id = e.doc_id
		WHERE e.cluster IN (?`+strings.Repeat(", ?", len(ids)-1)+`) GROUP BY e.cluster`, ids...)
	if err != nil {
		return fmt.Errorf("store: clusters: %w", err)
	}
	defer rows.Close()
	type counts struct{ m, a, s int }
	got := map[int64]counts{}
	for rows.Next() {
		var id int64
		var c counts
		if err := rows.Scan(&id, &c.m, &c.a, &c.s); err != nil {
			return fmt.Errorf("store: clusters: %w", err)
		}
		got[id] = c
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: clusters: %w", err)
	}
	for i := range evs {
		c, ok := got[evs[i].Cluster]
		if !ok {
			c = counts{1, 1, 1}
		}
		evs[i].Mentions, evs[i].Articles, evs[i].Sources = c.m, c.a, c.s
	}
	return nil
}

// matching validates f and compiles it against the event index, which it
// returns read-locked: the caller must call ix.mu.RUnlock.
func (s *Store) matching(ctx context.Context, f Filter) (*evIndex, *matcher, error) {
	if err := f.Validate(); err != nil {
		return nil, nil, err
	}
	ix, err := s.index(ctx)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.prepare(ctx, ix, f)
	if err != nil {
		ix.mu.RUnlock()
		return nil, nil, err
	}
	return ix, m, nil
}

// Bucket is one period and PLOVER type of a timeline.
type Bucket struct {
	Period string
	Type   string
	N      int
}

var (
	reDay   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
	reMonth = regexp.MustCompile(`^\d{4}-\d{2}`)
	reYear  = regexp.MustCompile(`^\d{4}`)
)

// period returns the period of interval a date value falls in, or "" when
// the value is less precise than the interval.
func period(d, interval string) string {
	switch interval {
	case "day", "week":
		if !reDay.MatchString(d) {
			return ""
		}
		if interval == "day" {
			return d[:10]
		}
		t, err := time.Parse("2006-01-02", d[:10])
		if err != nil {
			return ""
		}
		return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format("2006-01-02")
	case "month":
		if reMonth.MatchString(d) {
			return d[:7]
		}
	case "year":
		if reYear.MatchString(d) {
			return d[:4]
		}
	}
	return ""
}

// Timeline counts the events f selects by period and PLOVER type, and
// returns the interval used. interval is day, week (periods named by their
// Monday), month or year; "auto" (or "") chooses one from the date range,
// f's or the selected events', so that there are at most a few hundred
// periods. Events dated less precisely than the interval are left out.
func (s *Store) Timeline(ctx context.Context, f Filter, interval string) ([]Bucket, string, error) {
	switch interval {
	case "day", "week", "month", "year":
	case "", "auto":
		interval = ""
	default:
		return nil, "", fmt.Errorf("%w: interval %q: want day, week, month, year or auto", ErrBadQuery, interval)
	}
	ix, m, err := s.matching(ctx, f)
	if err != nil {
		return nil, "", err
	}
	defer ix.mu.RUnlock()
	nt := len(ix.types.vals)
	counts := make([]int32, len(ix.dates.vals)*nt) // by date id and type id
	m.each(func(i int) { counts[int(ix.date[i])*nt+int(ix.typ[i])]++ })
	if interval == "" {
		lo, hi := f.From, f.To
		if lo == "" || hi == "" {
			var dlo, dhi string
			for k, n := range counts {
				if d := ix.dates.vals[k/nt]; n != 0 && d != "" {
					if dlo == "" || d < dlo {
						dlo = d
					}
					if d > dhi {
						dhi = d
					}
				}
			}
			if lo == "" {
				lo = dlo
			}
			if hi == "" {
				hi = dhi
			}
		}
		interval = autoInterval(lo, hi)
	}
	periods := make([]string, len(ix.dates.vals))
	for id, d := range ix.dates.vals {
		periods[id] = period(d, interval)
	}
	merged := map[[2]string]int{}
	for k, n := range counts {
		if n == 0 {
			continue
		}
		if p := periods[k/nt]; p != "" {
			merged[[2]string{p, ix.types.vals[k%nt]}] += int(n)
		}
	}
	out := make([]Bucket, 0, len(merged))
	for k, n := range merged {
		out = append(out, Bucket{Period: k[0], Type: k[1], N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Period != out[j].Period {
			return out[i].Period < out[j].Period
		}
		return out[i].Type < out[j].Type
	})
	return out, interval, nil
}

// autoInterval chooses a timeline interval for the span of dates lo..hi,
// so that there are at most a few hundred periods.
func autoInterval(lo, hi string) string {
	parse := func(s string) (time.Time, bool) {
		for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
			if len(s) >= len(layout) {
				if t, err := time.Parse(layout, s[:len(layout)]); err == nil {
					return t, true
				}
			}
		}
		return time.Time{}, false
	}
	a, ok1 := parse(lo)
	b, ok2 := parse(hi)
	if !ok1 || !ok2 {
		return "month"
	}
	days := b.Sub(a).Hours() / 24
	switch {
	case days <= 180:
		return "day"
	case days <= 3*365:
		return "week"
	case days <= 25*365:
		return "month"
	}
	return "year"
}

// Edge joins an actor to a recipient of the same events of one type.
type Edge struct {
	Source, Target, Type string
	N                    int
}

// Network counts the events f selects by actor, recipient and PLOVER type,
// the heaviest limit edges first. byCode groups participants by code
// (country and sector) instead of country. Participants without a country
// are left out.
func (s *Store) Network(ctx context.Context, f Filter, byCode bool, limit int) ([]Edge, error) {
	ix, m, err := s.matching(ctx, f)
	if err != nil {
		return nil, err
	}
	defer ix.mu.RUnlock()
	// Keys pack actor, recipient (ids below 2^24) and type (below 2^16).
	// Countries are few: they are counted in a dense array, codes in a map.
	nc, nt := uint64(len(ix.countries.vals)), uint64(len(ix.types.vals))
	var dense []int32
	if !byCode && nc*nc*nt <= 1<<23 {
		dense = make([]int32, nc*nc*nt)
	}
	counts := map[uint64]int{}
	m.each(func(i int) {
		ps := ix.parts[ix.pstart[i]:ix.pstart[i+1]]
		for _, a := range ps {
			if a.recipient || a.country == 0 {
				continue
			}
			for _, r := range ps {
				if !r.recipient || r.country == 0 {
					continue
				}
				if dense != nil {
					dense[(uint64(a.country)*nc+uint64(r.country))*nt+uint64(ix.typ[i])]++
					continue
				}
				x, y := a.country, r.country
				if byCode {
					x, y = a.code, r.code
				}
				counts[uint64(x)<<40|uint64(y)<<16|uint64(ix.typ[i])]++
			}
		}
	})
	type kn struct {
		k uint64
		n int
	}
	var all []kn
	for k, n := range dense {
		if n != 0 {
			k := uint64(k)
			all = append(all, kn{(k/nt/nc)<<40 | (k/nt%nc)<<16 | k%nt, int(n)})
		}
	}
	for k, n := range counts {
		all = append(all, kn{k, n})
	}
	// Keep the edges at least as heavy as the limit-th heaviest (ties
	// included) before sorting: there may be a hundred thousand edges.
	cut := cutoff(len(all), limit, func(i int) int { return all[i].n })
	names := ix.countries
	if byCode {
		names = ix.codes
	}
	out := make([]Edge, 0, min(len(all), 2*limit))
	for _, e := range all {
		if e.n >= cut {
			k := e.k
			out = append(out, Edge{Source: names.vals[k>>40], Target: names.vals[k>>16&(1<<24-1)], Type: ix.types.vals[k&(1<<16-1)], N: e.n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.N != b.N {
			return a.N > b.N
		}
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return a.Type < b.Type
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// cutoff returns the smallest weight among the limit heaviest of n items
// (weight(i) of item i), or 0 when there are no more than limit.
func cutoff(n, limit int, weight func(i int) int) int {
	if n <= limit {
		return 0
	}
	hist := map[int]int{}
	for i := range n {
		hist[weight(i)]++
	}
	ws := make([]int, 0, len(hist))
	for w := range hist {
		ws = append(ws, w)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ws)))
	kept := 0
	for _, w := range ws {
		kept += hist[w]
		if kept >= limit {
			return w
		}
	}
	return 0
}

// Place is a location of events with their counts by PLOVER type.
type Place struct {
	Name, Country, Resolution string
	GeonameID                 int
	Lat, Lon                  float64
	N                         int
	Types                     map[string]int
}

// Map counts the events f selects by location, the most eventful limit
// places first. Events without coordinates are left out.
func (s *Store) Map(ctx context.Context, f Filter, limit int) ([]Place, error) {
	ix, m, err := s.matching(ctx, f)
	if err != nil {
		return nil, err
	}
	defer ix.mu.RUnlock()
	nt := len(ix.types.vals)
	counts := make([]int32, (len(ix.places)+1)*nt) // by place id + 1 and type id
	m.each(func(i int) {
		if ix.loc[i] != 0 {
			counts[int(ix.loc[i])*nt+int(ix.typ[i])]++
		}
	})
	byLoc := map[uint32]*Place{}
	for k, n32 := range counts {
		if n32 == 0 {
			continue
		}
		n, loc := int(n32), uint32(k/nt)
		p := byLoc[loc]
		if p == nil {
			pi := ix.places[loc-1]
			p = &Place{Name: pi.name, Country: pi.country, Resolution: pi.resolution, GeonameID: pi.geonameid, Lat: pi.lat, Lon: pi.lon, Types: map[string]int{}}
			byLoc[loc] = p
		}
		p.Types[ix.types.vals[k%nt]] += n
		p.N += n
	}
	out := make([]Place, 0, len(byLoc))
	for _, p := range byLoc {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].GeonameID < out[j].GeonameID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// EachMatching calls fn with every event f selects, oldest first, with its
// cluster's counts.
func (s *Store) EachMatching(ctx context.Context, f Filter, fn func(Event) error) error {
	if err := f.Validate(); err != nil {
		return err
	}
	where, args, err := f.where(s.d)
	if err != nil {
		return err
	}
	rows, err := s.rdb.QueryContext(ctx, `
		WITH c AS (
			SELECT e.cluster AS cluster, count(*) AS mentions, count(DISTINCT e.doc_id) AS articles,
				count(DISTINCT CASE WHEN d.source = '' THEN d.id ELSE d.source END) AS sources
			FROM events e JOIN documents d ON d.id = e.doc_id
			WHERE e.cluster IN (SELECT e.cluster FROM events e WHERE `+where+`) GROUP BY e.cluster)
		SELECT `+eventColumns+`, coalesce(c.mentions, 1), coalesce(c.articles, 1), coalesce(c.sources, 1)
		FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN c ON c.cluster = e.cluster
		WHERE `+where+` ORDER BY e.date, e.doc_id, e.event_id`, append(append([]any(nil), args...), args...)...)
	if err != nil {
		return queryErr(err, f.Query)
	}
	defer rows.Close()
	for rows.Next() {
		var e Event
		if err := scanEvent(rows, &e, &e.Mentions, &e.Articles, &e.Sources); err != nil {
			return fmt.Errorf("store: events: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return queryErr(rows.Err(), f.Query)
}
