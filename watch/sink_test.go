package watch

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
)

// TestStoreSinkEndToEnd watches the fixture feeds into a real SQLite store
// through the standard pipeline, then starts a new watcher on the same
// store, as after a restart, and checks that it takes the stored articles
// as seen.
func TestStoreSinkEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the pipeline")
	}
	ctx := context.Background()
	srv := newNewsServer(t)
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := pipeline.Default()
	if err != nil {
		t.Fatal(err)
	}
	feeds := []Feed{{URL: srv.URL + "/feeds/coast.rss", Name: "Coast Wire"}, {URL: srv.URL + "/feeds/world.atom"}}
	sink := NewStoreSink(p, st)
	w, _ := newTestWatcher(t, feeds, NewStoreSeen(st, nil), sink, Options{Logger: testLogger(t)})
	for _, f := range feeds { // one after the other, so that the counts below are fixed
		if _, err := w.Poll(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != 6 || stats.Failures != 1 || stats.Events == 0 {
		t.Errorf("store holds %+v; want 6 documents with events and 1 failure", stats)
	}
	rec, err := st.Record(ctx, srv.URL+"/news/flood-aid")
	if err != nil {
		t.Fatal(err)
	}
	if rec.URL != srv.URL+"/news/flood-aid" || rec.Title != floodAid.title || rec.Source != "Coast Wire" ||
		!strings.HasPrefix(deref(rec.Date), "2023-03-14") || len(rec.Events) == 0 {
		t.Errorf("record: url %q title %q source %q date %q, %d events", rec.URL, rec.Title, rec.Source, deref(rec.Date), len(rec.Events))
	}

	// A new watcher (fresh memory, no conditional-GET state) on the same
	// store submits nothing: every URL, or its text, is stored. Only the
	// missing page is tried again, and stays a failure.
	sink2 := &memorySink{}
	w2, _ := newTestWatcher(t, feeds, NewStoreSeen(st, nil), sink2, Options{Logger: testLogger(t)})
	all, err := w2.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var dups, failed int
	for _, s := range all {
		dups += s.DupURL + s.DupHash
		failed += s.Failed
	}
	items := sink2.take()
	if len(items) != 1 || items[0].Err == nil || failed != 1 || dups != 9 {
		t.Errorf("after restart: %d items (want the one failure), %d failed, %d duplicates (want 9)", len(items), failed, dups)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
