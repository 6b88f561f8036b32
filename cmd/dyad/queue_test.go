package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/internal/natstest"
	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
)

// TestSubmitWorkerIngest runs the distributed path end to end on an
// embedded NATS server: dyad submit queues a corpus with an unreadable
// file, dyad worker extracts it into a store (--db) or into the results
// stream (--results) that ingest --nats drains into a store. Every
// document ends stored once, the unreadable one as a failure; submitting
// again is dropped as duplicates; the worker prints its statistics.
func TestSubmitWorkerIngest(t *testing.T) {
	const n = 6
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	writeCorpus(t, corpus, n)
	if err := os.WriteFile(filepath.Join(corpus, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"db", "results"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			srv := natstest.Server(t)
			url := srv.ClientURL()
			db := filepath.Join(t.TempDir(), "events.db")
			so := submitOptions{nats: url, date: "2021-06-09", maxBytes: ingest.DefaultMaxBytes}
			var errb bytes.Buffer
			if err := runSubmit(ctx, so, []string{corpus}, nil, &errb); err != nil {
				t.Fatalf("submit: %v\n%s", err, errb.String())
			}
			if !strings.Contains(errb.String(), "published 7 documents") || !strings.Contains(errb.String(), "1 unreadable") {
				t.Errorf("submit said %q", errb.String())
			}

			wo := workerOptions{nats: url, concurrency: 2, batch: 4, ackWait: time.Minute, maxDeliver: 3,
				grace: 10 * time.Second, logEvery: time.Hour, window: store.DefaultWindow}
			if mode == "db" {
				wo.store.db = db
			} else {
				wo.results = true
			}
			wctx, stop := context.WithCancel(ctx)
			defer stop()
			var werr bytes.Buffer
			done := make(chan error, 1)
			go func() { done <- runWorker(wctx, wo, &werr) }()

			nc, err := queue.Connect(url, "dyad-test")
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			js, err := jetstream.New(nc)
			if err != nil {
				t.Fatal(err)
			}
			// The worker is done when the work queue is empty and nothing
			// awaits acknowledgement.
			deadline := time.Now().Add(60 * time.Second)
			for {
				if c, err := js.Consumer(ctx, queue.DefaultStream, queue.DefaultConsumer); err == nil {
					if info, err := c.Info(ctx); err == nil && info.NumPending == 0 && info.NumAckPending == 0 && info.AckFloor.Stream >= n+1 {
						break
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("the worker did not empty the queue:\n%s", werr.String())
				}
				time.Sleep(50 * time.Millisecond)
			}
			stop()
			if err := <-done; err != nil {
				t.Fatalf("worker: %v\n%s", err, werr.String())
			}
			lines := strings.Split(strings.TrimSpace(werr.String()), "\n")
			var stats map[string]float64
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &stats); err != nil {
				t.Fatalf("the worker's last line is not its statistics: %v\n%s", err, werr.String())
			}
			if stats["documents"] != n || stats["failures"] != 1 || stats["extract_s"] <= 0 {
				t.Errorf("worker statistics %v", stats)
			}
			if _, ok := stats["overhead"]; !ok {
				t.Error("no overhead in the worker statistics")
			}

			st, err := store.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if mode == "results" {
				var derr bytes.Buffer
				stored, err := drainNATS(ctx, url, st, &derr)
				if err != nil || stored != n {
					t.Errorf("drainNATS stored %d, %v; want %d\n%s", stored, err, n, derr.String())
				}
				if stored, err := drainNATS(ctx, url, st, &derr); err != nil || stored != 0 {
					t.Errorf("a second drain stored %d, %v", stored, err)
				}
			}
			s, err := st.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if s.Documents != n || s.Failures != 1 || s.Events == 0 {
				t.Errorf("the store holds %d documents, %d events and %d failures; want %d, some, 1", s.Documents, s.Events, s.Failures, n)
			}
			// dyad ingest would name the documents the same.
			if _, err := st.Record(ctx, filepath.ToSlash(filepath.Join(corpus, "part0", "a000.txt"))); err != nil {
				t.Errorf("document by its ingest id: %v", err)
			}

			// Submitting again within the duplicate window queues nothing.
			errb.Reset()
			if err := runSubmit(ctx, so, []string{corpus}, nil, &errb); err != nil {
				t.Fatalf("submit again: %v\n%s", err, errb.String())
			}
			if !strings.Contains(errb.String(), "published 0 documents") || !strings.Contains(errb.String(), "7 already queued") {
				t.Errorf("second submit said %q", errb.String())
			}
		})
	}
}

// TestQueueUsageErrors checks the usage errors of submit and worker.
func TestQueueUsageErrors(t *testing.T) {
	ctx := context.Background()
	base := workerOptions{nats: "nats://127.0.0.1:1", concurrency: 1, batch: 16, ackWait: time.Minute, maxDeliver: 5, logEvery: time.Second}
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"submit without --nats", func() error {
			return runSubmit(ctx, submitOptions{}, []string{"x"}, nil, &bytes.Buffer{})
		}, "--nats"},
		{"submit bad date", func() error {
			return runSubmit(ctx, submitOptions{nats: "nats://127.0.0.1:1", date: "June"}, []string{"x"}, nil, &bytes.Buffer{})
		}, "--date"},
		{"worker without --nats", func() error {
			o := base
			o.nats, o.store.db = "", "x.db"
			return runWorker(ctx, o, &bytes.Buffer{})
		}, "--nats"},
		{"worker without a destination", func() error {
			return runWorker(ctx, base, &bytes.Buffer{})
		}, "nowhere to write"},
		{"worker with a store and --results", func() error {
			o := base
			o.results, o.storeGiven, o.store.db = true, true, "x.db"
			return runWorker(ctx, o, &bytes.Buffer{})
		}, "not both"},
		{"worker with no concurrency", func() error {
			o := base
			o.results, o.concurrency = true, 0
			return runWorker(ctx, o, &bytes.Buffer{})
		}, "--concurrency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want a usage error about %s", err, tc.want)
			}
		})
	}
}

// TestWorkerStopsOnSIGTERM runs dyad worker as a child process and stops
// it with SIGTERM once it has done the queue: it exits with status 0 and
// its statistics as the last line.
func TestWorkerStopsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("runs dyad worker in a child process")
	}
	ctx := context.Background()
	srv := natstest.Server(t)
	url := srv.ClientURL()
	dir := t.TempDir()
	writeCorpus(t, dir, 3)
	if err := runSubmit(ctx, submitOptions{nats: url, maxBytes: ingest.DefaultMaxBytes}, []string{dir}, nil, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := dyadCmd("worker", "--nats", url, "--results", "--log-interval", "100ms")
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	nc, err := queue.Connect(url, "dyad-test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if s, err := js.Stream(ctx, queue.DefaultResultsStream); err == nil {
			if info, err := s.Info(ctx); err == nil && info.State.Msgs == 3 {
				break
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the worker did not publish 3 results:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("worker after SIGTERM: %v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var stats struct {
		Documents int     `json:"documents"`
		Overhead  float64 `json:"overhead"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &stats); err != nil || stats.Documents != 3 {
		t.Errorf("last line %q: %+v %v", lines[len(lines)-1], stats, err)
	}
	if !strings.Contains(out.String(), "documents/s") {
		t.Errorf("no progress line:\n%s", out.String())
	}
}
