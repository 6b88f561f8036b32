package store

import (
	"context"
	"testing"
	"time"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/internal/storetest"
)

func rec(id, text, date string, events ...doc.RecEvent) *doc.Record {
	d := date
	return &doc.Record{ID: id, Text: text, Date: &d, Sentences: []doc.RecSpan{{Start: 0, End: len([]rune(text))}}, Events: events}
}

func event(id, typ string, actor, recip string, date string) doc.RecEvent {
	a := "a1"
	e := doc.RecEvent{ID: id, PLOVER: doc.RecPLOVER{Type: typ}, CAMEO: doc.RecCAMEO{Code: "040", Root: "04", Quad: 1, Goldstein: 1},
		Actor: []doc.RecParticipant{{Actor: &a, Text: actor, Country: actor[:3], Sector: actor[3:]}},
		Date:  &doc.RecDate{Value: date, Precision: "day"}}
	if recip != "" {
		e.Recipient = []doc.RecParticipant{{Text: recip, Country: recip}}
	}
	return e
}

func open(t *testing.T, target string) *Store {
	t.Helper()
	s, err := Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestPutReplacesByIDAndHash(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		s := open(t, target)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.Put(ctx, rec("a", "Kenya met Uganda.", "2021-06-09", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-09"))))
		must(s.Put(ctx, rec("a", "Kenya met Uganda.", "2021-06-09", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-09"))))
		must(s.Put(ctx, rec("b", "Kenya met Uganda.", "2021-06-09", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-09")))) // same text
		st, err := s.Stats(ctx)
		must(err)
		if st.Documents != 1 || st.Events != 1 {
			t.Fatalf("stats %+v, want 1 document and 1 event", st)
		}
		if _, err := s.Record(ctx, "a"); err != ErrNotFound {
			t.Errorf("a still stored: %v", err)
		}
		r, err := s.Record(ctx, "b")
		must(err)
		if r.Text != "Kenya met Uganda." {
			t.Errorf("record %+v", r)
		}
		if has, _ := s.Has(ctx, "b", Hash("Kenya met Uganda.")); !has {
			t.Error("Has b = false")
		}
		if has, _ := s.Has(ctx, "b", Hash("other")); has {
			t.Error("Has with another text = true")
		}
		must(s.PutFailure(ctx, "c", "broken"))
		must(s.PutFailure(ctx, "b", "ignored: b is stored"))
		st, _ = s.Stats(ctx)
		if st.Failures != 1 {
			t.Errorf("%d failures, want 1", st.Failures)
		}
	})
}

func TestReopenKeepsSchema(t *testing.T) {
	storetest.EachBackend(t, testReopen)
}

func testReopen(t *testing.T, path string) {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, rec("a", "text", "2021-06-09")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, _ := s.Stats(ctx); st.Documents != 1 {
		t.Errorf("stats after reopening %+v", st)
	}
}

func TestCluster(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		s := open(t, target)
		for _, r := range []*doc.Record{
			rec("a", "one", "2021-06-09", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-09")),
			rec("b", "two", "2021-06-10", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-10")),
			rec("c", "three", "2021-06-20", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-20")),
			rec("d", "four", "2021-06-09", event("v1", "ACCUSE", "KENGOV", "UGA", "2021-06-09")),
		} {
			if err := s.Put(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Cluster(ctx, 48*time.Hour); err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int64{}
		err := s.EachEvent(ctx, func(e Event) error {
			got[e.DocID] = [2]int64{e.Cluster, int64(e.Articles)}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got["a"][0] != got["b"][0] || got["a"][1] != 2 {
			t.Errorf("a and b not one cluster of 2 articles: %v", got)
		}
		if got["c"][0] == got["a"][0] || got["d"][0] == got["a"][0] || got["c"][1] != 1 {
			t.Errorf("c (11 days later) or d (another type) joined a: %v", got)
		}
	})
}

func TestIncrementalClusterMatchesRebuild(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		s := open(t, target)
		recs := []*doc.Record{
			rec("a", "one", "2021-06-09", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-09")),
			rec("c", "three", "2021-06-20", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-20")),
			rec("b", "two", "2021-06-10", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-10")),
			rec("d", "four", "2021-06-09", event("v1", "ACCUSE", "KENGOV", "UGA", "2021-06-09")),
		}
		neg := event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-09")
		neg.Modality.Negated = true
		recs = append(recs, rec("e", "five", "2021-06-09", neg))
		if err := s.PutBatch(ctx, recs); err != nil {
			t.Fatal(err)
		}
		clusters := func() map[string]int64 {
			got := map[string]int64{}
			if err := s.EachEvent(ctx, func(e Event) error { got[e.DocID] = e.Cluster; return nil }); err != nil {
				t.Fatal(err)
			}
			return got
		}
		inc := clusters()
		if inc["a"] != inc["b"] || inc["c"] == inc["a"] || inc["d"] == inc["a"] || inc["e"] == inc["a"] {
			t.Errorf("incremental clusters %v: want a and b together, c, d and e alone", inc)
		}
		if err := s.Cluster(ctx, DefaultWindow); err != nil {
			t.Fatal(err)
		}
		re := clusters()
		same := func(m map[string]int64, x, y string) bool { return m[x] == m[y] }
		for _, p := range [][2]string{{"a", "b"}, {"a", "c"}, {"a", "d"}, {"a", "e"}, {"b", "c"}} {
			if same(inc, p[0], p[1]) != same(re, p[0], p[1]) {
				t.Errorf("%s and %s: incremental %v, rebuilt %v", p[0], p[1], inc, re)
			}
		}
	})
}

// TestClusterSkipsImpreciseDates stores events dated to a month beside
// day-dated ones of the same key: they neither cluster nor fail.
func TestClusterSkipsImpreciseDates(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		s := open(t, target)
		month := event("v1", "CONSULT", "KENGOV", "UGA", "2021-06")
		month.Date.Precision = "month"
		for _, r := range []*doc.Record{
			rec("a", "one", "2021-06-09", month),
			rec("b", "two", "2021-06-09", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-09")),
			rec("c", "three", "2021-06-10", event("v1", "CONSULT", "KENGOV", "UGA", "2021-06-10")),
		} {
			if err := s.Put(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		got := map[string]int64{}
		if err := s.EachEvent(ctx, func(e Event) error { got[e.DocID] = e.Cluster; return nil }); err != nil {
			t.Fatal(err)
		}
		if got["b"] != got["c"] || got["a"] == got["b"] {
			t.Errorf("clusters %v: want b and c together, a alone", got)
		}
	})
}

// TestActorsCache checks that Actors answers from its cache only while no
// document was stored, or within the staleness it allows.
func TestActorsCache(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		s := open(t, target)
		withActor := func(id, text, name, code string) *doc.Record {
			r := rec(id, text, "2021-06-09")
			r.Actors = []doc.RecActor{{ID: "a1", Name: name, Country: code[:3], Sector: code[3:], Code: code, Mentions: []string{"m1"}}}
			return r
		}
		names := func() []string {
			as, err := s.Actors(ctx, ActorFilter{}, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range as {
				out = append(out, a.Name)
			}
			return out
		}
		if err := s.Put(ctx, withActor("a", "one", "Kenya", "KENGOV")); err != nil {
			t.Fatal(err)
		}
		if got := names(); len(got) != 1 {
			t.Fatalf("actors %v", got)
		}
		s.actorsMaxStale = time.Hour
		if err := s.Put(ctx, withActor("b", "two", "Uganda", "UGAGOV")); err != nil {
			t.Fatal(err)
		}
		if got := names(); len(got) != 1 {
			t.Errorf("within the staleness allowed: %v, want the cached answer", got)
		}
		s.actorsMaxStale = 0
		if got := names(); len(got) != 2 {
			t.Errorf("past the staleness allowed: %v, want both actors", got)
		}
	})
}
