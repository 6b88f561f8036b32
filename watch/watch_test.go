package watch

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/ingest"
)

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func day(s string) time.Time {
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestWatcherPolls polls an RSS and an Atom feed three times and checks
// every article is submitted once, with the right metadata, duplicates and
// failures are told apart, and later polls submit nothing new.
func TestWatcherPolls(t *testing.T) {
	ctx := context.Background()
	srv := newNewsServer(t)
	rss := Feed{URL: srv.URL + "/feeds/coast.rss", Name: "Coast Wire"}
	atom := Feed{URL: srv.URL + "/feeds/world.atom"} // source: the feed's title
	sink := &memorySink{}
	w, clock := newTestWatcher(t, []Feed{rss, atom}, NewMemory(), sink, Options{MaxAttempts: 2, Logger: testLogger(t)})

	// Poll 1: the feeds one after the other, so that which of two
	// duplicates comes first is fixed.
	s1, err := w.Poll(ctx, rss)
	if err != nil {
		t.Fatal(err)
	}
	a1, err := w.Poll(ctx, atom)
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, "poll 1 RSS", s1, Stats{Items: 8, NoLink: 1, New: 5, DupURL: 1, Failed: 1})
	checkStats(t, "poll 1 Atom", a1, Stats{Items: 3, New: 1, DupURL: 1, DupHash: 1})
	if s1.Source != "Coast Wire" || a1.Source != "World Desk" {
		t.Errorf("sources %q, %q; want Coast Wire, World Desk", s1.Source, a1.Source)
	}

	got := map[string]ingest.Item{}
	var failures []ingest.Item
	for _, it := range sink.take() {
		if it.Err != nil {
			failures = append(failures, it)
			continue
		}
		if _, dup := got[it.URL]; dup {
			t.Errorf("%s submitted twice", it.URL)
		}
		got[it.URL] = it
	}
	u := srv.URL
	want := []struct {
		path, title, source, date, text string
	}{
		// the page's title and date win over the feed's
		{"/news/port-talks", portTalks.title, "Coast Wire", "2023-03-13", portTalks.paras[1]},
		{"/news/flood-aid", floodAid.title, "Coast Wire", "2023-03-14", floodAid.paras[2]},
		{"/news/flaky", flaky.title, "Coast Wire", "2023-03-14", flaky.paras[0]},
		{"/news/busy", busy.title, "Coast Wire", "2023-03-15", busy.paras[1]},
		// no title or date in the page: the feed's, from a relative link
		{"/news/plain", "Farmers block highway near Nakuru", "Coast Wire", "2023-03-15", plain.paras[2]},
		{"/world/summit", summit.title, "World Desk", "2023-03-16", summit.paras[0]},
	}
	if len(got) != len(want) {
		t.Errorf("submitted %d articles, want %d", len(got), len(want))
	}
	for _, x := range want {
		it, ok := got[u+x.path]
		if !ok {
			t.Errorf("%s not submitted", x.path)
			continue
		}
		if it.ID != u+x.path {
			t.Errorf("%s: ID %q, want the URL", x.path, it.ID)
		}
		if it.Title != x.title || it.Source != x.source || it.Date.Format("2006-01-02") != x.date {
			t.Errorf("%s: title %q source %q date %s; want %q, %q, %s", x.path, it.Title, it.Source, it.Date.Format("2006-01-02"), x.title, x.source, x.date)
		}
		if !strings.Contains(it.Text, x.text) || strings.Contains(it.Text, "all rights reserved") {
			t.Errorf("%s: text not the article's:\n%s", x.path, it.Text)
		}
	}
	if it := got[u+"/news/plain"]; !it.Date.Equal(day("2023-03-15T14:45:00Z")) {
		t.Errorf("plain: date %v, want the feed's pubDate", it.Date)
	}

	// The 404 is handed over as a failure item named by its URL.
	if len(failures) != 1 {
		t.Fatalf("%d failure items, want 1: %v", len(failures), failures)
	}
	f := failures[0]
	var se *StatusError
	if f.ID != u+"/news/missing" || f.URL != f.ID || !errors.As(f.Err, &se) || se.Code != http.StatusNotFound ||
		!strings.Contains(f.Err.Error(), "attempt 1 of 2") || f.Source != "Coast Wire" {
		t.Errorf("failure item %+v", f)
	}

	// The 500 was retried within the poll, and the 429's Retry-After was
	// waited for (on the fake clock).
	if n := srv.hit("/news/flaky"); n != 2 {
		t.Errorf("/news/flaky requested %d times, want 2", n)
	}
	if n := srv.hit("/news/busy"); n != 2 {
		t.Errorf("/news/busy requested %d times, want 2", n)
	}
	if d := clock.longest(); d < 6*time.Second {
		t.Errorf("longest wait %s; want the 7 s Retry-After", d)
	}
	// Each page was fetched once (the retried ones twice), the duplicate
	// URL never again.
	if n := srv.hit("/news/port-talks"); n != 1 {
		t.Errorf("/news/port-talks requested %d times, want 1", n)
	}
	if n := srv.hit("/mirror/flood-aid"); n != 1 {
		t.Errorf("/mirror/flood-aid requested %d times, want 1", n)
	}
	for ua := range srv.agents {
		if !strings.Contains(ua, "dyad") {
			t.Errorf("User-Agent %q does not name dyad", ua)
		}
	}

	// Poll 2: both feeds answer 304; the missing page is tried again and,
	// at its second attempt, given up.
	stats, err := w.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, "poll 2 RSS", stats[0], Stats{NotModified: true, Retried: 1, Failed: 1, GivenUp: 1})
	checkStats(t, "poll 2 Atom", stats[1], Stats{NotModified: true})
	items := sink.take()
	if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), "attempt 2 of 2; given up") {
		t.Errorf("poll 2 submitted %v; want the given-up failure", items)
	}
	if n := srv.hit("/news/missing"); n != 2 {
		t.Errorf("/news/missing requested %d times, want 2", n)
	}

	// Poll 3: the RSS feed changed, so it is read again, but every item
	// has been seen, the given-up one too.
	srv.touch()
	stats, err = w.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, "poll 3 RSS", stats[0], Stats{Items: 8, NoLink: 1, DupURL: 7})
	checkStats(t, "poll 3 Atom", stats[1], Stats{NotModified: true})
	if items := sink.take(); len(items) != 0 {
		t.Errorf("poll 3 submitted %d items, want none", len(items))
	}
	if n := srv.hit("/news/missing"); n != 2 {
		t.Errorf("/news/missing requested %d times after it was given up, want 2", n)
	}
}

// checkStats compares the counts of s with want's.
func checkStats(t *testing.T, what string, s, want Stats) {
	t.Helper()
	if s.Err != nil {
		t.Errorf("%s: %v", what, s.Err)
	}
	s.Feed, s.Source, s.Err = "", "", nil
	if s != want {
		t.Errorf("%s: stats\n%+v, want\n%+v", what, s, want)
	}
}

// TestWatcherFailures checks the failures that are not the feed's items'
// own: feeds that cannot be read, and pages that fail in other ways.
func TestWatcherFailures(t *testing.T) {
	ctx := context.Background()
	srv := newNewsServer(t)
	t.Run("feed errors", func(t *testing.T) {
		feeds := []Feed{{URL: srv.URL + "/feeds/nowhere.rss"}, {URL: srv.URL + "/feeds/broken.xml"}}
		w, _ := newTestWatcher(t, feeds, NewMemory(), &memorySink{}, Options{Logger: testLogger(t)})
		stats, err := w.PollOnce(ctx)
		if err == nil {
			t.Fatal("no error")
		}
		for i, want := range []string{"HTTP 404", "cannot parse"} {
			if stats[i].Err == nil || !strings.Contains(stats[i].Err.Error(), want) || !strings.Contains(stats[i].Err.Error(), feeds[i].URL) {
				t.Errorf("feed %d: error %v; want %q naming the feed", i, stats[i].Err, want)
			}
		}
	})
	t.Run("pages", func(t *testing.T) {
		tests := []struct {
			path     string
			requests int    // how many times the page is fetched
			want     string // in the failure's message
			is       error
		}{
			{"/news/down", 1 + 2, "HTTP 503", nil},                        // retried twice, then a failure
			{"/news/pdf", 1, "not an HTML page", ingest.ErrNoText},        // not retried
			{"/news/port-talks", 1, "over the limit", ingest.ErrTooLarge}, // MaxBytes below
		}
		for _, tc := range tests {
			t.Run(tc.path, func(t *testing.T) {
				before := srv.hit(tc.path)
				sink := &memorySink{}
				w, _ := newTestWatcher(t, []Feed{{URL: srv.URL}}, NewMemory(), sink, Options{Retries: 2, MaxBytes: 512, Logger: testLogger(t)})
				var st Stats
				if err := w.article(ctx, w.feeds[0], &entry{link: srv.URL + tc.path, source: "S"}, &st); err != nil {
					t.Fatal(err)
				}
				items := sink.take()
				if len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), tc.want) {
					t.Fatalf("submitted %v; want a failure %q", items, tc.want)
				}
				if tc.is != nil && !errors.Is(items[0].Err, tc.is) {
					t.Errorf("%v does not wrap %v", items[0].Err, tc.is)
				}
				if n := srv.hit(tc.path) - before; n != tc.requests {
					t.Errorf("fetched %d times, want %d", n, tc.requests)
				}
			})
		}
	})
}

// TestWatcherSinkError checks that a sink that fails stops the feed's poll
// without marking anything, and that the next poll reads the feed again
// (no conditional GET) and submits what was left.
func TestWatcherSinkError(t *testing.T) {
	ctx := context.Background()
	srv := newNewsServer(t)
	atom := Feed{URL: srv.URL + "/feeds/world.atom"}
	sink := &memorySink{fail: 1}
	w, _ := newTestWatcher(t, []Feed{atom}, NewMemory(), sink, Options{Logger: testLogger(t)})
	st, err := w.Poll(ctx, atom)
	if err == nil || !strings.Contains(err.Error(), "queue unavailable") || st.New != 0 {
		t.Fatalf("poll 1: %+v, %v; want the sink's error", st, err)
	}
	st, err = w.Poll(ctx, atom)
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, "poll 2", st, Stats{Items: 3, New: 3})
	if n := len(sink.take()); n != 3 {
		t.Errorf("%d submitted, want 3", n)
	}
}

// TestWatcherConcurrentFeeds polls two feeds that list the same articles at
// once: each article is submitted once whichever feed gets it first.
func TestWatcherConcurrentFeeds(t *testing.T) {
	ctx := context.Background()
	srv := newNewsServer(t)
	feeds := []Feed{{URL: srv.URL + "/feeds/world.atom"}, {URL: srv.URL + "/feeds/world.atom?copy=1", Name: "Copy"}}
	sink := &memorySink{}
	w, _ := newTestWatcher(t, feeds, NewMemory(), sink, Options{Logger: testLogger(t)})
	stats, err := w.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var total Stats
	for _, s := range stats {
		total.New += s.New
		total.DupURL += s.DupURL
		total.DupHash += s.DupHash
	}
	// Three links, one a mirror of nothing else in these feeds: 3 new, and
	// the second feed's 3 are duplicates by URL.
	if total.New != 3 || total.DupURL != 3 || total.DupHash != 0 {
		t.Errorf("totals %+v", total)
	}
	seen := map[string]bool{}
	for _, it := range sink.take() {
		if seen[it.URL] {
			t.Errorf("%s submitted twice", it.URL)
		}
		seen[it.URL] = true
	}
}

// TestFetcherPoliteness checks the request spacing per host and the bound
// on requests in flight.
func TestFetcherPoliteness(t *testing.T) {
	t.Run("host spacing", func(t *testing.T) {
		c := &fakeClock{t: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}
		var waits []time.Duration
		f := &fetcher{hostDelay: 2 * time.Second, next: map[string]time.Time{}, now: c.now,
			sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
		ctx := context.Background()
		for _, h := range []string{"a.example", "a.example", "b.example", "a.example"} {
			if err := f.wait(ctx, h, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		f.hold("b.example", c.now().Add(30*time.Second)) // a Retry-After
		if err := f.wait(ctx, "b.example", time.Time{}); err != nil {
			t.Fatal(err)
		}
		want := []time.Duration{2 * time.Second, 4 * time.Second, 30 * time.Second}
		if len(waits) != len(want) {
			t.Fatalf("waits %v, want %v", waits, want)
		}
		for i := range want {
			if waits[i] != want[i] {
				t.Errorf("waits %v, want %v", waits, want)
				break
			}
		}
	})
	t.Run("concurrency", func(t *testing.T) {
		var mu sync.Mutex
		inflight, most := 0, 0
		hold := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			inflight++
			most = max(most, inflight)
			mu.Unlock()
			<-hold
			mu.Lock()
			inflight--
			mu.Unlock()
		}))
		defer srv.Close()
		w, _ := newTestWatcher(t, []Feed{{URL: srv.URL}}, NewMemory(), &memorySink{}, Options{Concurrency: 2, HostDelay: -1, Retries: -1})
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() { _, _ = w.f.get(context.Background(), srv.URL+"/x", nil, 100) })
		}
		// Let the requests pile up against the limit, then release them.
		for {
			mu.Lock()
			n := inflight
			mu.Unlock()
			if n >= 2 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		close(hold)
		wg.Wait()
		if most > 2 {
			t.Errorf("%d requests in flight at once; the limit is 2", most)
		}
	})
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"7", 7 * time.Second, true},
		{" 0 ", 0, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"Wed, 01 Mar 2023 12:02:00 GMT", 2 * time.Minute, true},
		{"Wed, 01 Mar 2023 11:00:00 GMT", 0, true}, // in the past: no wait
		{"99999999999", 24 * time.Hour, true},      // capped
	}
	for _, tc := range tests {
		got, ok := retryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	f := &fetcher{backoff: time.Second, maxBackoff: 10 * time.Second}
	for attempt, hi := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second} {
		d := f.backoffFor(attempt)
		if d < hi/2 || d > hi {
			t.Errorf("attempt %d: backoff %s, want within [%s, %s]", attempt, d, hi/2, hi)
		}
	}
}

// TestWatcherRun lets Run poll a feed several times, then cancels it: Run
// returns nil, and each article was submitted once.
func TestWatcherRun(t *testing.T) {
	srv := newNewsServer(t)
	sink := &memorySink{}
	w, _ := newTestWatcher(t, []Feed{{URL: srv.URL + "/feeds/world.atom"}}, NewMemory(), sink, Options{Interval: time.Minute, Logger: testLogger(t)})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	for srv.hit("/feeds/world.atom") < 3 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := len(sink.take()); n != 3 {
		t.Errorf("%d submitted, want 3", n)
	}
}
