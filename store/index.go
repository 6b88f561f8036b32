package store

import (
	"container/heap"
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The event index is an in-memory, column-wise copy of what event queries
// filter, sort and aggregate on: date, PLOVER type, CAMEO root, negation,
// document, place and participants, interned to small integers. A query
// walks it (about 130 bytes an event with the posting lists below; a few
// milliseconds for a million) and
// then reads only the page of events it returns from SQLite, so that any
// combination of filters answers in the same short time, and timelines,
// networks and maps aggregate without touching the database.
//
// The index is built on first use and kept current: writes through the
// Store apply their changes to it after they commit, and before each query
// the highest event rid and a count of deleted events (kept by a trigger)
// tell whether another process has written to the database, in which case
// new events are read and, if any were deleted, the index is rebuilt.

// part is a participant of an indexed event.
type part struct {
	country, sector uint32 // interned; 0 is ""
	code            uint32
	recipient       bool
}

// interner maps strings to dense ids; id 0 is "".
type interner struct {
	ids  map[string]uint32
	vals []string
}

func newInterner() *interner { return &interner{ids: map[string]uint32{"": 0}, vals: []string{""}} }

func (in *interner) id(s string) uint32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	id := uint32(len(in.vals))
	in.ids[s] = id
	in.vals = append(in.vals, s)
	return id
}

// lookup returns the id of s, and false if s was never interned.
func (in *interner) lookup(s string) (uint32, bool) {
	id, ok := in.ids[s]
	return id, ok
}

type placeInfo struct {
	name, country, resolution string
	geonameid                 int
	lat, lon                  float64
}

type evIndex struct {
	mu      sync.RWMutex
	built   bool
	deletes int64 // events deleted from the database, as of the index
	maxRid  int64

	rid    []int64
	date   []uint32
	typ    []uint32
	root   []uint32
	doc    []int64
	loc    []uint32 // place id + 1; 0: no coordinates
	neg    []bool
	dead   []bool
	pstart []uint32 // parts of event i: parts[pstart[i]:pstart[i+1]]
	parts  []part
	live   int

	dates, types, roots, countries, sectors, codes *interner
	dateRank                                       []uint32 // by date id, order of the date strings
	rankStale                                      bool
	places                                         []placeInfo
	placeIDs                                       map[string]uint32

	// Posting lists: the positions of the events of each type, root,
	// participant country and participant code (interned id), in order.
	// A query walks the shortest list its filters allow instead of every
	// event.
	byType, byRoot, byCountry, byCode [][]int32
}

// post appends position i to list id of lists.
func post(lists *[][]int32, id uint32, i int) {
	for uint32(len(*lists)) <= id {
		*lists = append(*lists, nil)
	}
	(*lists)[id] = append((*lists)[id], int32(i))
}

func newIndex() *evIndex {
	ix := &evIndex{}
	ix.reset()
	return ix
}

// reset empties the index. It leaves the mutex alone: callers hold it.
func (ix *evIndex) reset() {
	ix.built, ix.deletes, ix.maxRid, ix.live = false, 0, 0, 0
	ix.rid, ix.date, ix.typ, ix.root, ix.doc, ix.loc = nil, nil, nil, nil, nil, nil
	ix.neg, ix.dead, ix.parts = nil, nil, nil
	ix.pstart = []uint32{0}
	ix.dates, ix.types, ix.roots = newInterner(), newInterner(), newInterner()
	ix.countries, ix.sectors, ix.codes = newInterner(), newInterner(), newInterner()
	ix.dateRank, ix.rankStale = nil, false
	ix.places, ix.placeIDs = nil, map[string]uint32{}
	ix.byType, ix.byRoot, ix.byCountry, ix.byCode = nil, nil, nil, nil
}

// indexRow is one event row read for the index.
type indexRow struct {
	rid                   int64
	date, typ, root       string
	neg                   bool
	doc                   int64
	lname, lcountry, lres string
	lgid                  int
	lat, lon              sql.NullFloat64
	parts                 []part
}

const indexSelect = `SELECT e.rid, e.date, e.plover_type, e.cameo_root, e.negated, d.rid,
	e.location_name, e.location_country, e.location_resolution, e.location_geonameid, e.lat, e.lon
	FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.rid > ? ORDER BY e.rid`

// load appends the events with rid > after, read with q (the store's
// database or a transaction).
func (ix *evIndex) load(ctx context.Context, q querier, after int64) error {
	rows, err := q.QueryContext(ctx, indexSelect, after)
	if err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	var batch []indexRow
	for rows.Next() {
		var r indexRow
		if err := rows.Scan(&r.rid, &r.date, &r.typ, &r.root, &r.neg, &r.doc, &r.lname, &r.lcountry, &r.lres, &r.lgid, &r.lat, &r.lon); err != nil {
			rows.Close()
			return fmt.Errorf("store: index: %w", err)
		}
		batch = append(batch, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	if len(batch) == 0 {
		return nil
	}
	prows, err := q.QueryContext(ctx, `SELECT event, role, country, sector, code FROM event_parties WHERE event > ? ORDER BY event`, after)
	if err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	j := 0
	for prows.Next() {
		var ev int64
		var role int
		var c, s, code string
		if err := prows.Scan(&ev, &role, &c, &s, &code); err != nil {
			prows.Close()
			return fmt.Errorf("store: index: %w", err)
		}
		for j < len(batch) && batch[j].rid < ev {
			j++
		}
		if j < len(batch) && batch[j].rid == ev {
			batch[j].parts = append(batch[j].parts, part{country: ix.countries.id(c), sector: ix.sectors.id(s), code: ix.codes.id(code), recipient: role == 1})
		}
	}
	prows.Close()
	if err := prows.Err(); err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	for i := range batch {
		ix.add(&batch[i])
	}
	return nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (ix *evIndex) add(r *indexRow) {
	ix.rid = append(ix.rid, r.rid)
	n := len(ix.dates.vals)
	ix.date = append(ix.date, ix.dates.id(r.date))
	if len(ix.dates.vals) != n {
		ix.rankStale = true
	}
	ix.typ = append(ix.typ, ix.types.id(r.typ))
	ix.root = append(ix.root, ix.roots.id(r.root))
	ix.doc = append(ix.doc, r.doc)
	ix.neg = append(ix.neg, r.neg)
	ix.dead = append(ix.dead, false)
	var loc uint32
	if r.lat.Valid && r.lon.Valid {
		key := fmt.Sprintf("%d|%s|%s", r.lgid, r.lname, r.lcountry)
		id, ok := ix.placeIDs[key]
		if !ok {
			id = uint32(len(ix.places))
			ix.placeIDs[key] = id
			ix.places = append(ix.places, placeInfo{r.lname, r.lcountry, r.lres, r.lgid, r.lat.Float64, r.lon.Float64})
		}
		loc = id + 1
	}
	ix.loc = append(ix.loc, loc)
	i := len(ix.rid) - 1
	post(&ix.byType, ix.typ[i], i)
	post(&ix.byRoot, ix.root[i], i)
	for j, p := range r.parts {
		seenC, seenK := false, false
		for _, q := range r.parts[:j] {
			seenC = seenC || q.country == p.country
			seenK = seenK || q.code == p.code
		}
		if !seenC {
			post(&ix.byCountry, p.country, i)
		}
		if !seenK {
			post(&ix.byCode, p.code, i)
		}
	}
	ix.parts = append(ix.parts, r.parts...)
	ix.pstart = append(ix.pstart, uint32(len(ix.parts)))
	ix.live++
	if r.rid > ix.maxRid {
		ix.maxRid = r.rid
	}
}

// remove marks the events with these rids deleted.
func (ix *evIndex) remove(rids []int64) {
	for _, r := range rids {
		i := sort.Search(len(ix.rid), func(i int) bool { return ix.rid[i] >= r })
		if i < len(ix.rid) && ix.rid[i] == r && !ix.dead[i] {
			ix.dead[i] = true
			ix.live--
		}
	}
}

// ranks brings the order of the date strings up to date.
func (ix *evIndex) ranks() {
	if !ix.rankStale && len(ix.dateRank) == len(ix.dates.vals) {
		return
	}
	order := make([]uint32, len(ix.dates.vals))
	for i := range order {
		order[i] = uint32(i)
	}
	sort.Slice(order, func(a, b int) bool { return ix.dates.vals[order[a]] < ix.dates.vals[order[b]] })
	ix.dateRank = make([]uint32, len(order))
	for r, id := range order {
		ix.dateRank[id] = uint32(r)
	}
	ix.rankStale = false
}

// state reads what tells whether the index is current: the highest event
// rid and the number of events ever deleted.
func (s *Store) state(ctx context.Context) (maxRid, deletes int64, err error) {
	err = s.rdb.QueryRowContext(ctx, s.d.state()).Scan(&maxRid, &deletes)
	if err != nil {
		return 0, 0, fmt.Errorf("store: index: %w", err)
	}
	return maxRid, deletes, nil
}

// index returns the store's event index, built and synchronised with the
// database, read-locked: the caller must call ix.mu.RUnlock.
func (s *Store) index(ctx context.Context) (*evIndex, error) {
	ix := s.ix
	maxRid, deletes, err := s.state(ctx)
	if err != nil {
		return nil, err
	}
	ix.mu.RLock()
	if ix.built && ix.maxRid == maxRid && ix.deletes == deletes && !ix.rankStale {
		return ix, nil
	}
	ix.mu.RUnlock()
	ix.mu.Lock()
	if ix.built && ix.deletes == deletes {
		// Events were added, here or by another process: read them.
		if err := ix.load(ctx, s.rdb, ix.maxRid); err != nil {
			ix.built = false
		}
	}
	if !ix.built || ix.deletes != deletes {
		ix.reset()
		if err := ix.load(ctx, s.rdb, 0); err != nil {
			ix.reset()
			ix.mu.Unlock()
			return nil, err
		}
		ix.built, ix.deletes = true, deletes
	}
	ix.ranks()
	ix.mu.Unlock()
	ix.mu.RLock()
	return ix, nil
}

// Warm builds the event index now rather than on the first query.
func (s *Store) Warm(ctx context.Context) error {
	ix, err := s.index(ctx)
	if err != nil {
		return err
	}
	ix.mu.RUnlock()
	return nil
}

// applyWrite updates a built index after a write through this store
// committed: the deleted events are marked and the new ones read.
func (s *Store) applyWrite(ctx context.Context, deleted []int64) error {
	ix := s.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.built {
		return nil
	}
	ix.remove(deleted)
	ix.deletes += int64(len(deleted))
	if err := ix.load(ctx, s.rdb, ix.maxRid); err != nil {
		ix.built = false // rebuilt on the next query
		return err
	}
	return nil
}

// matcher is a filter compiled against the index's interned values.
type matcher struct {
	ix                 *evIndex
	none               bool // matches nothing
	dateOK             []bool
	typ, root          uint32
	anyType, anyRoot   bool
	ac, rc, cc, as, rs int64 // interned ids, -1 when not filtered
	acode, rcode       int64
	docs               bitset // documents matching the text query; nil: any
	doc                int64
	negated            bool
}

// compile turns f into a matcher. docRids and textRids come from SQLite (a
// document's rowid; documents matching the text query).
func (ix *evIndex) compile(f Filter, doc int64, text bitset) *matcher {
	m := &matcher{ix: ix, anyType: f.Type == "", anyRoot: f.Root == "", ac: -1, rc: -1, cc: -1, as: -1, rs: -1, acode: -1, rcode: -1, doc: doc, docs: text, negated: f.Negated}
	if f.Type != "" {
		id, ok := ix.types.lookup(f.Type)
		m.typ, m.none = id, m.none || !ok
	}
	if f.Root != "" {
		id, ok := ix.roots.lookup(f.Root)
		m.root, m.none = id, m.none || !ok
	}
	look := func(in *interner, v string, dst *int64) {
		if v == "" {
			return
		}
		id, ok := in.lookup(v)
		if !ok {
			m.none = true
		}
		*dst = int64(id)
	}
	look(ix.countries, f.ActorCountry, &m.ac)
	look(ix.countries, f.RecipientCountry, &m.rc)
	look(ix.countries, f.Country, &m.cc)
	look(ix.sectors, f.ActorSector, &m.as)
	look(ix.sectors, f.RecipientSector, &m.rs)
	look(ix.codes, f.ActorCode, &m.acode)
	look(ix.codes, f.RecipientCode, &m.rcode)
	if f.From != "" || f.To != "" {
		m.dateOK = make([]bool, len(ix.dates.vals))
		to := f.To + "\uffff"
		for id, d := range ix.dates.vals {
			ok := true
			if f.From != "" && (d < f.From || d == "") {
				ok = false
			}
			if f.To != "" && (d > to || d == "") {
				ok = false
			}
			m.dateOK[id] = ok
		}
	}
	return m
}

func (m *matcher) match(i int) bool {
	ix := m.ix
	if ix.dead[i] || (!m.negated && ix.neg[i]) {
		return false
	}
	if !m.anyType && ix.typ[i] != m.typ || !m.anyRoot && ix.root[i] != m.root {
		return false
	}
	if m.dateOK != nil && !m.dateOK[ix.date[i]] {
		return false
	}
	if m.doc != 0 && ix.doc[i] != m.doc {
		return false
	}
	if m.docs != nil && !m.docs.has(ix.doc[i]) {
		return false
	}
	if m.ac < 0 && m.rc < 0 && m.cc < 0 && m.as < 0 && m.rs < 0 && m.acode < 0 && m.rcode < 0 {
		return true
	}
	ac, rc, cc, as, rs := m.ac < 0, m.rc < 0, m.cc < 0, m.as < 0, m.rs < 0
	acode, rcode := m.acode < 0, m.rcode < 0
	for _, p := range ix.parts[ix.pstart[i]:ix.pstart[i+1]] {
		c, s, k := int64(p.country), int64(p.sector), int64(p.code)
		if c == m.cc {
			cc = true
		}
		if p.recipient {
			rc = rc || c == m.rc
			rs = rs || s == m.rs
			rcode = rcode || k == m.rcode
		} else {
			ac = ac || c == m.ac
			as = as || s == m.as
			acode = acode || k == m.acode
		}
	}
	return ac && rc && cc && as && rs && acode && rcode
}

// each calls fn with the index of every event m matches.
func (m *matcher) each(fn func(i int)) {
	if m.none {
		return
	}
	if list, ok := m.candidates(); ok {
		for _, i := range list {
			if m.match(int(i)) {
				fn(int(i))
			}
		}
		return
	}
	for i := range m.ix.rid {
		if m.match(i) {
			fn(i)
		}
	}
}

// candidates returns the shortest posting list that holds every event m
// can match, and false when no filter has one.
func (m *matcher) candidates() ([]int32, bool) {
	ix := m.ix
	var best []int32
	found := false
	consider := func(lists [][]int32, id int64) {
		if id < 0 {
			return
		}
		var l []int32
		if id < int64(len(lists)) {
			l = lists[id]
		}
		if !found || len(l) < len(best) {
			best, found = l, true
		}
	}
	if !m.anyType {
		consider(ix.byType, int64(m.typ))
	}
	if !m.anyRoot {
		consider(ix.byRoot, int64(m.root))
	}
	consider(ix.byCountry, m.ac)
	consider(ix.byCountry, m.rc)
	consider(ix.byCountry, m.cc)
	consider(ix.byCode, m.acode)
	consider(ix.byCode, m.rcode)
	return best, found
}

// prepare compiles f for ix, resolving the document id and the text query
// in SQLite. ix is read-locked by the caller.
func (s *Store) prepare(ctx context.Context, ix *evIndex, f Filter) (*matcher, error) {
	var doc int64
	if f.Doc != "" {
		err := s.rdb.QueryRowContext(ctx, "SELECT rid FROM documents WHERE id = ?", f.Doc).Scan(&doc)
		if err == sql.ErrNoRows {
			return &matcher{ix: ix, none: true}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	var text bitset
	if f.Query != "" {
		var err error
		if text, err = s.texts.get(ctx, s.rdb, s.d, ix, f.Query); err != nil {
			return nil, err
		}
	}
	return ix.compile(f, doc, text), nil
}

// newest is a bounded heap of event positions keeping the newest (by date,
// then rid): its root is the oldest kept.
type newest struct {
	ix  *evIndex
	pos []int
}

func (h *newest) less(a, b int) bool { // a older than b
	ra, rb := h.ix.dateRank[h.ix.date[a]], h.ix.dateRank[h.ix.date[b]]
	if ra != rb {
		return ra < rb
	}
	return h.ix.rid[a] < h.ix.rid[b]
}
func (h *newest) Len() int           { return len(h.pos) }
func (h *newest) Less(i, j int) bool { return h.less(h.pos[i], h.pos[j]) }
func (h *newest) Swap(i, j int)      { h.pos[i], h.pos[j] = h.pos[j], h.pos[i] }
func (h *newest) Push(x any)         { h.pos = append(h.pos, x.(int)) }
func (h *newest) Pop() any {
	x := h.pos[len(h.pos)-1]
	h.pos = h.pos[:len(h.pos)-1]
	return x
}

// page returns the positions of the k newest matching events older than
// the cursor c, newest first, and the number of matches (cursor aside).
func (m *matcher) page(c cursor, k int) (pos []int, total int) {
	ix := m.ix
	var before []int8 // by date id: -1 older than the cursor's date, 0 same, 1 newer
	if c.rid > 0 {
		before = make([]int8, len(ix.dates.vals))
		for id, d := range ix.dates.vals {
			switch {
			case d < c.date:
				before[id] = -1
			case d > c.date:
				before[id] = 1
			}
		}
	}
	h := &newest{ix: ix}
	m.each(func(i int) {
		total++
		if before != nil {
			b := before[ix.date[i]]
			if b > 0 || b == 0 && ix.rid[i] >= c.rid {
				return
			}
		}
		if len(h.pos) < k {
			heap.Push(h, i)
		} else if h.less(h.pos[0], i) {
			h.pos[0] = i
			heap.Fix(h, 0)
		}
	})
	pos = make([]int, len(h.pos))
	for j := len(pos) - 1; j >= 0; j-- {
		pos[j] = heap.Pop(h).(int)
	}
	return pos, total
}

// fetch reads the events with these rids from SQLite, in that order.
func (s *Store) fetch(ctx context.Context, rids []int64) ([]Event, error) {
	if len(rids) == 0 {
		return nil, nil
	}
	args := make([]any, len(rids))
	for i, r := range rids {
		args[i] = r
	}
	rows, err := s.rdb.QueryContext(ctx, "SELECT "+eventColumns+" FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.rid IN (?"+
		strings.Repeat(", ?", len(rids)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	defer rows.Close()
	byRid := map[int64]Event{}
	for rows.Next() {
		var e Event
		if err := scanEvent(rows, &e); err != nil {
			return nil, fmt.Errorf("store: events: %w", err)
		}
		byRid[e.rid] = e
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	out := make([]Event, 0, len(rids))
	for _, r := range rids {
		if e, ok := byRid[r]; ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// bitset is a set of document rowids.
type bitset []uint64

func (b bitset) has(i int64) bool {
	w := i >> 6
	return i >= 0 && w < int64(len(b)) && b[w]&(1<<(uint(i)&63)) != 0
}

func (b *bitset) add(i int64) {
	w := int(i >> 6)
	for len(*b) <= w {
		*b = append(*b, 0)
	}
	(*b)[w] |= 1 << (uint(i) & 63)
}

// textCache keeps the documents of recent full-text queries, for as long
// as the index they were made with is unchanged: paging through results
// and moving between views repeat the same query.
type textCache struct {
	mu      sync.Mutex
	gen     [2]int64 // the index's maxRid and deletes when the entries were made
	entries recent[bitset]
}

const textCacheSize = 32

// get returns the documents matching the FTS5 query q.
func (c *textCache) get(ctx context.Context, db querier, d dialect, ix *evIndex, q string) (bitset, error) {
	gen := [2]int64{ix.maxRid, ix.deletes}
	c.mu.Lock()
	if c.gen != gen {
		c.gen = gen
		c.entries.reset()
	}
	if b, ok := c.entries.get(q); ok {
		c.mu.Unlock()
		return b, nil
	}
	c.mu.Unlock()
	b, err := matchDocs(ctx, db, d, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		c.entries.max = textCacheSize
		c.entries.put(q, b)
	}
	return b, nil
}

// matchDocs runs an FTS5 query and returns the rowids of the matching
// documents. The rowids come back as one comma-separated string: much
// faster than a row each through database/sql.
func matchDocs(ctx context.Context, db querier, d dialect, q string) (bitset, error) {
	arg, err := d.textArg(q)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, d.matchList(), arg)
	if err != nil {
		return nil, queryErr(err, q)
	}
	defer rows.Close()
	var list string
	if rows.Next() {
		if err := rows.Scan(&list); err != nil {
			return nil, queryErr(err, q)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, queryErr(err, q)
	}
	b := bitset{}
	var n int64
	digits := false
	for i := 0; i <= len(list); i++ {
		if i == len(list) || list[i] == ',' {
			if digits {
				b.add(n)
			}
			n, digits = 0, false
			continue
		}
		n = n*10 + int64(list[i]-'0')
		digits = true
	}
	return b, nil
}
