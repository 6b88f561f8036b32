package store_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/internal/storetest"
	"github.com/dyad-events/dyad/internal/synth"
	"github.com/dyad-events/dyad/store"
)

// sqlMatches lists the events f selects through SQL (the export path, which
// does not use the event index), as doc/event keys.
func sqlMatches(t *testing.T, st *store.Store, f store.Filter) []string {
	t.Helper()
	var out []string
	err := st.EachMatching(context.Background(), f, func(e store.Event) error {
		out = append(out, e.DocID+"/"+e.EventID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// indexMatches pages through Events (the index path) and checks the order.
func indexMatches(t *testing.T, st *store.Store, f store.Filter, limit int) []string {
	t.Helper()
	var out []string
	cur := ""
	prevDate := "\uffff"
	for {
		p, err := st.Events(context.Background(), f, limit, cur)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Items {
			if e.Date > prevDate {
				t.Fatalf("%+v: %s/%s dated %s after %s", f, e.DocID, e.EventID, e.Date, prevDate)
			}
			prevDate = e.Date
			out = append(out, e.DocID+"/"+e.EventID)
		}
		if p.Next == "" {
			break
		}
		cur = p.Next
	}
	slices.Sort(out)
	return out
}

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestIndexAgreesWithSQL runs random filter combinations through the event
// index and through SQL and compares the events they select.
func TestIndexAgreesWithSQL(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		st := openStore(t, target)
		if _, _, err := synth.Generate(context.Background(), st, synth.Options{Events: 3000, Seed: 3, Years: 2}); err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		pick := func(xs []string) string {
			if r.IntN(3) > 0 {
				return ""
			}
			return xs[r.IntN(min(len(xs), 12))]
		}
		types := []string{"CONSULT", "ACCUSE", "AGREE", "ASSAULT", "PROTEST"}
		roots := []string{"04", "11", "19", "14", "03"}
		for i := range 60 {
			f := store.Filter{
				Type: pick(types), Root: pick(roots),
				ActorCountry: pick(synth.Countries), RecipientCountry: pick(synth.Countries), Country: pick(synth.Countries),
				ActorSector: pick(synth.Sectors), RecipientSector: pick(synth.Sectors),
				Negated: r.IntN(2) == 0,
			}
			if r.IntN(4) == 0 {
				f.ActorCode = synth.Countries[r.IntN(4)] + synth.Sectors[r.IntN(3)]
			}
			if r.IntN(4) == 0 {
				f.RecipientCode = synth.Countries[r.IntN(4)] + synth.Sectors[r.IntN(3)]
			}
			if r.IntN(3) == 0 {
				f.From = fmt.Sprintf("2015-%02d", 1+r.IntN(12))
			}
			if r.IntN(3) == 0 {
				f.To = fmt.Sprintf("2016-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
			}
			if r.IntN(4) == 0 {
				f.Query = []string{"police", "ceasefire", "government OR drone", `"security troops"`}[r.IntN(4)]
			}
			if i == 0 {
				f = store.Filter{}
			}
			want := sqlMatches(t, st, f)
			got := indexMatches(t, st, f, 1+r.IntN(200))
			if !slices.Equal(got, want) {
				t.Errorf("%+v: index selects %d events, SQL %d", f, len(got), len(want))
			}
		}
	})
}

// TestIndexFollowsWrites checks that the index sees writes through its own
// store (replacements included) and through another connection, as when
// dyad ingest runs beside dyad serve.
func TestIndexFollowsWrites(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		a, b := openStore(t, target), openStore(t, target)
		ev := func(typ, country string) doc.RecEvent {
			return doc.RecEvent{ID: "v1", PLOVER: doc.RecPLOVER{Type: typ}, CAMEO: doc.RecCAMEO{Code: "040", Root: "04"},
				Actor: []doc.RecParticipant{{Text: country, Country: country}}, Date: &doc.RecDate{Value: "2021-03-04", Precision: "day"}}
		}
		put := func(s *store.Store, id, text string, e doc.RecEvent) {
			t.Helper()
			d := "2021-03-04"
			if err := s.Put(ctx, &doc.Record{ID: id, Text: text, Date: &d, Sentences: []doc.RecSpan{{Start: 0, End: len(text)}}, Events: []doc.RecEvent{e}}); err != nil {
				t.Fatal(err)
			}
		}
		total := func(f store.Filter) int {
			t.Helper()
			p, err := a.Events(ctx, f, 10, "")
			if err != nil {
				t.Fatal(err)
			}
			return p.Total
		}
		put(a, "x", "one", ev("CONSULT", "KEN"))
		if n := total(store.Filter{}); n != 1 {
			t.Fatalf("%d events, want 1", n)
		}
		put(a, "x", "one, revised", ev("ASSAULT", "KEN")) // replaces x
		if n, m := total(store.Filter{}), total(store.Filter{Type: "CONSULT"}); n != 1 || m != 0 {
			t.Errorf("after replacing: %d events, %d CONSULT; want 1 and 0", n, m)
		}
		put(b, "y", "two", ev("PROTEST", "UGA")) // another connection
		if n, m := total(store.Filter{}), total(store.Filter{ActorCountry: "UGA"}); n != 2 || m != 1 {
			t.Errorf("after another connection added y: %d events, %d UGA; want 2 and 1", n, m)
		}
		put(b, "z", "one, revised", ev("AGREE", "TZA")) // same text as x: replaces it
		if n, m := total(store.Filter{}), total(store.Filter{Type: "ASSAULT"}); n != 2 || m != 0 {
			t.Errorf("after another connection replaced x: %d events, %d ASSAULT; want 2 and 0", n, m)
		}
	})
}

// TestAggregationsAgreeWithSQL checks the network, timeline and map
// against counts made from the events SQL selects.
func TestAggregationsAgreeWithSQL(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		st := openStore(t, target)
		if _, _, err := synth.Generate(ctx, st, synth.Options{Events: 2000, Seed: 5, Years: 3}); err != nil {
			t.Fatal(err)
		}
		for _, f := range []store.Filter{{}, {Country: "USA"}, {Type: "ASSAULT"}, {From: "2016", To: "2016-06", Negated: true}, {Query: "police"}} {
			edges, byCode, months, places := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
			err := st.EachMatching(ctx, f, func(e store.Event) error {
				ac, rc := strings.Split(e.ActorCountries, ";"), strings.Split(e.RecipientCountries, ";")
				acode, rcode := strings.Split(e.ActorCodes, ";"), strings.Split(e.RecipientCodes, ";")
				for i, a := range ac {
					for j, r := range rc {
						if a != "" && r != "" {
							edges[a+">"+r+" "+e.Type]++
							byCode[acode[i]+">"+rcode[j]+" "+e.Type]++
						}
					}
				}
				months[e.Date[:7]+" "+e.Type]++
				if e.Lat.Valid {
					places[e.LocationName+" "+e.Type]++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, code := range []bool{false, true} {
				got := map[string]int{}
				es, err := st.Network(ctx, f, code, 1<<30)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range es {
					got[e.Source+">"+e.Target+" "+e.Type] = e.N
				}
				want := edges
				if code {
					want = byCode
				}
				if !maps.Equal(got, want) {
					t.Errorf("%+v: network (by code %v) has %d edges, SQL %d", f, code, len(got), len(want))
				}
			}
			got := map[string]int{}
			bs, _, err := st.Timeline(ctx, f, "month")
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bs {
				got[b.Period+" "+b.Type] = b.N
			}
			if !maps.Equal(got, months) {
				t.Errorf("%+v: timeline differs from SQL", f)
			}
			got = map[string]int{}
			ps, err := st.Map(ctx, f, 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				for typ, n := range p.Types {
					got[p.Name+" "+typ] += n
				}
			}
			if !maps.Equal(got, places) {
				t.Errorf("%+v: map differs from SQL", f)
			}
		}
	})
}

// TestNetworkLimitKeepsHeaviest checks that a limited network is the head
// of the whole one.
func TestNetworkLimitKeepsHeaviest(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		st := openStore(t, target)
		if _, _, err := synth.Generate(ctx, st, synth.Options{Events: 1500, Seed: 9}); err != nil {
			t.Fatal(err)
		}
		for _, code := range []bool{false, true} {
			all, err := st.Network(ctx, store.Filter{}, code, 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			for _, limit := range []int{1, 7, 50} {
				head, err := st.Network(ctx, store.Filter{}, code, limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(all) < limit || !slices.Equal(head, all[:limit]) {
					t.Errorf("by code %v, limit %d: %v, want %v", code, limit, head, all[:min(limit, len(all))])
				}
			}
		}
	})
}

// TestTextQueriesAgreeAcrossStores runs the same full-text queries on the
// same generated documents in SQLite (FTS5) and PostgreSQL (tsvector):
// they must find the same documents.
func TestTextQueriesAgreeAcrossStores(t *testing.T) {
	dsn := os.Getenv("DYAD_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("needs DYAD_TEST_POSTGRES")
	}
	ctx := context.Background()
	lite := openStore(t, t.TempDir()+"/q.db")
	pg := openStore(t, storetest.PGSchema(t, dsn))
	for _, st := range []*store.Store{lite, pg} {
		if _, _, err := synth.Generate(ctx, st, synth.Options{Events: 600, Seed: 11}); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(st *store.Store, q string) []string {
		p, err := st.Documents(ctx, q, 500, "")
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var out []string
		for _, d := range p.Items {
			out = append(out, d.ID)
		}
		slices.Sort(out)
		return out
	}
	for _, q := range []string{"police", "peace talks", `"security troops"`, "drone OR famine", "police NOT government", "refug*", "Synthetic report 12"} {
		a, b := ids(lite, q), ids(pg, q)
		if q == "police" && len(a) == 0 {
			t.Errorf("%q finds nothing", q)
		}
		if !slices.Equal(a, b) {
			t.Errorf("%q: SQLite finds %d documents, PostgreSQL %d", q, len(a), len(b))
		}
	}
}

// TestIndexConcurrentReadsAndWrites queries while documents are stored
// (run with -race): every query succeeds and the last sees every event.
func TestIndexConcurrentReadsAndWrites(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, t.TempDir()+"/c.db")
	if _, _, err := synth.Generate(ctx, st, synth.Options{Events: 300, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	errs := make(chan error, 8)
	for g := range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				var err error
				switch g % 4 {
				case 0:
					_, err = st.Events(ctx, store.Filter{Country: "USA"}, 20, "")
				case 1:
					_, err = st.Network(ctx, store.Filter{}, g%2 == 0, 50)
				case 2:
					_, _, err = st.Timeline(ctx, store.Filter{Query: "police"}, "month")
				case 3:
					_, err = st.Map(ctx, store.Filter{Type: "PROTEST"}, 50)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	if _, _, err := synth.Generate(ctx, st, synth.Options{Events: 600, Seed: 3, Batch: 20}); err != nil {
		t.Fatal(err)
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	want := len(sqlMatches(t, st, store.Filter{Negated: true}))
	p, err := st.Events(ctx, store.Filter{Negated: true}, 1, "")
	if err != nil || p.Total != want {
		t.Errorf("after the writes: %d events, %v; want %d", p.Total, err, want)
	}
}
