package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/internal/natstest"
	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
)

// watchPages are made-up articles the test feed links to.
var watchPages = map[string]struct{ title, date, body string }{
	"/a/ceasefire": {"Truce agreed in border dispute", "2024-05-06T07:00:00Z",
		"Armenia and Azerbaijan agreed on Monday to a truce along a disputed stretch of their border, mediators said. " +
			"The two defence ministries will exchange maps of minefields within a week, according to the text of the deal."},
	"/a/strike": {"Dockworkers strike in Antwerp", "2024-05-07T12:30:00Z",
		"Dockworkers in Antwerp walked out on Tuesday over pay, halting traffic at Belgium's largest port. " +
			"Union leaders said the strike would last three days unless the port authority reopened talks."},
}

// watchFeed is an RSS feed listing the pages and one that is gone.
const watchFeed = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test Wire</title><link>{{BASE}}/</link><description>made up</description>
<item><title>Truce agreed</title><link>{{BASE}}/a/ceasefire</link><pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate></item>
<item><title>Antwerp strike</title><link>{{BASE}}/a/strike</link><pubDate>Tue, 07 May 2024 13:00:00 GMT</pubDate></item>
<item><title>Withdrawn story</title><link>{{BASE}}/a/withdrawn</link><pubDate>Tue, 07 May 2024 15:00:00 GMT</pubDate></item>
</channel></rss>
`

// watchServer serves watchFeed at /feed.rss and its pages, and writes a
// feeds file naming it.
func watchServer(t *testing.T) (feeds string) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.rss" {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, strings.ReplaceAll(watchFeed, "{{BASE}}", "http://"+r.Host))
			return
		}
		p, ok := watchPages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>%s</title><meta property="article:published_time" content="%s"></head>
<body><article><h1>%s</h1><p>%s</p></article></body></html>`, p.title, p.date, p.title, p.body)
	}))
	t.Cleanup(srv.Close)
	feeds = filepath.Join(t.TempDir(), "feeds.txt")
	content := "# test feeds\n" + srv.URL + "/feed.rss\tTest Wire\n"
	if err := os.WriteFile(feeds, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return feeds
}

// runDyad runs the dyad command with args and returns its standard error.
func runDyad(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(context.Background())
	return errb.String(), err
}

// TestWatchOnceStores runs dyad watch --once into an SQLite store twice:
// the first run stores the two articles and the failure, the second adds
// nothing.
func TestWatchOnceStores(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the pipeline")
	}
	feeds := watchServer(t)
	db := filepath.Join(t.TempDir(), "events.db")
	args := []string{"watch", "--once", "--db", db, "--feeds", feeds, "--host-delay", "0"}
	log, err := runDyad(t, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if !strings.Contains(log, "3 items, 2 new, 0 duplicates by URL, 0 by text, 1 failed articles") {
		t.Errorf("summary not as expected:\n%s", log)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != 2 || stats.Failures != 1 || stats.Events == 0 {
		t.Errorf("store holds %+v; want 2 documents with events and 1 failure", stats)
	}
	docs, err := st.Documents(ctx, "", 10, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs.Items {
		rec, err := st.Record(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		p, ok := watchPages[strings.TrimPrefix(rec.URL, rec.URL[:strings.Index(rec.URL, "/a/")])]
		if !ok || rec.ID != rec.URL || rec.Title != p.title || rec.Source != "Test Wire" || rec.Date == nil || *rec.Date != p.date[:10] {
			t.Errorf("record %s: url %q title %q source %q date %v", rec.ID, rec.URL, rec.Title, rec.Source, rec.Date)
		}
	}

	log, err = runDyad(t, args...)
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, log)
	}
	if !strings.Contains(log, "3 items, 0 new, 2 duplicates by URL") {
		t.Errorf("second run summary not as expected:\n%s", log)
	}
}

// TestWatchNATS runs dyad watch --once --nats against an embedded
// JetStream server: the new articles and the failure are published to the
// work queue, and a second run with the same --state publishes nothing.
func TestWatchNATS(t *testing.T) {
	feeds := watchServer(t)
	srv := natstest.Server(t)
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"watch", "--once", "--nats", srv.ClientURL(), "--feeds", feeds, "--state", state, "--host-delay", "0"}
	count := func() uint64 {
		t.Helper()
		nc, err := queue.Connect(srv.ClientURL(), "dyad-test")
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		s, err := js.Stream(context.Background(), queue.DefaultStream)
		if err != nil {
			t.Fatal(err)
		}
		info, err := s.Info(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return info.State.Msgs
	}
	log, err := runDyad(t, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if n := count(); n != 3 {
		t.Errorf("%d messages on the work queue, want 3 (two articles, one failure)\n%s", n, log)
	}
	if _, err := os.Stat(state); err != nil {
		t.Errorf("no state file: %v", err)
	}
	log, err = runDyad(t, args...)
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, log)
	}
	if !strings.Contains(log, "0 new, 2 duplicates by URL") {
		t.Errorf("second run summary not as expected:\n%s", log)
	}
	// The failure is tried again (attempt 2 of 3), and published again.
	if n := count(); n != 4 {
		t.Errorf("%d messages after the second run, want 4", n)
	}
}

func TestWatchUsageErrors(t *testing.T) {
	dir := t.TempDir()
	feeds := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(feeds, []byte("https://news.example/rss\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, []byte("# nothing yet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("https://news.example/rss\nnews.example/atom\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	t.Setenv("DYAD_POSTGRES", "")
	t.Setenv("NATS_URL", "")
	tests := []struct {
		args  []string
		want  string
		usage bool
	}{
		{[]string{"--db", db}, "give --feeds FILE", true},
		{[]string{"--feeds", feeds}, "give --db FILE, --postgres DSN or --nats URL", true},
		{[]string{"--feeds", feeds, "--db", db, "--nats", "nats://127.0.0.1:1"}, "give one of", true},
		{[]string{"--feeds", feeds, "--nats", "nats://127.0.0.1:1", "--dict", "x.tsv"}, "--dict applies", true},
		{[]string{"--feeds", feeds, "--db", db, "--interval", "10ms"}, "--interval", true},
		{[]string{"--feeds", feeds, "--nats", "nats://127.0.0.1:1", "--replicas", "-1"}, "--replicas", true},
		{[]string{"--feeds", feeds, "--db", db, "stray"}, "unexpected arguments", true},
		{[]string{"--feeds", empty, "--db", db}, "lists no feeds", false},
		{[]string{"--feeds", bad, "--db", db}, "line 2", false},
		{[]string{"--feeds", filepath.Join(dir, "none.txt"), "--db", db}, "none.txt", false},
	}
	for _, tc := range tests {
		_, err := runDyad(t, append([]string{"watch"}, tc.args...)...)
		var ue usageError
		if err == nil || !strings.Contains(err.Error(), tc.want) || errors.As(err, &ue) != tc.usage {
			t.Errorf("%v: error %v (usage error %v); want %q (usage error %v)", tc.args, err, errors.As(err, &ue), tc.want, tc.usage)
		}
	}
}

// TestWatchRunsUntilSIGTERM runs dyad watch in a child process until it has
// stored the articles, stops it with SIGTERM, and checks that it exits
// cleanly.
func TestWatchRunsUntilSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the pipeline in a child process")
	}
	feeds := watchServer(t)
	db := filepath.Join(t.TempDir(), "events.db")
	cmd := dyadCmd("watch", "--db", db, "--feeds", feeds, "--interval", "1s", "--host-delay", "0")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("nothing stored within 60 s:\n%s", errb.String())
		}
		time.Sleep(100 * time.Millisecond)
		if s, err := store.Open(ctx, db); err == nil {
			st, _ := s.Stats(ctx)
			s.Close()
			if st.Documents == 2 {
				break
			}
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, errb.String())
	}
	if log := errb.String(); !strings.Contains(log, "msg=stopped") || !strings.Contains(log, `msg="feed polled"`) {
		t.Errorf("log:\n%s", log)
	}
}

// TestWatchDestinationFromEnvironment checks that $DYAD_POSTGRES and
// $NATS_URL stand in for flags only when no destination flag is given, and
// not both at once.
func TestWatchDestinationFromEnvironment(t *testing.T) {
	feeds := filepath.Join(t.TempDir(), "feeds.txt")
	if err := os.WriteFile(feeds, []byte("https://news.example/rss\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DYAD_POSTGRES", "postgres://u@127.0.0.1:1/none")
	t.Setenv("NATS_URL", "nats://127.0.0.1:1")
	_, err := runDyad(t, "watch", "--feeds", feeds)
	if err == nil || !strings.Contains(err.Error(), "both set") {
		t.Errorf("error %v; want both set", err)
	}
	// --db given: neither variable applies, and the run goes on to the
	// store (here, a directory that does not exist).
	_, err = runDyad(t, "watch", "--feeds", feeds, "--once", "--db", filepath.Join(t.TempDir(), "no", "such", "s.db"))
	var ue usageError
	if err == nil || errors.As(err, &ue) {
		t.Errorf("error %v; want the store's", err)
	}
}
