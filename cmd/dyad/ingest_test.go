package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dyad-events/dyad/store"
)

// TestMain lets a test run the dyad command in a child process (the test
// binary itself, with DYAD_TEST_MAIN=1), or a NATS node
// (DYAD_TEST_NATS_NODE=1), so that it can be killed.
func TestMain(m *testing.M) {
	if os.Getenv("DYAD_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	if os.Getenv("DYAD_TEST_NATS_NODE") == "1" {
		natsNodeMain()
	}
	os.Exit(m.Run())
}

func dyadCmd(args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], args...)
	c.Env = append(os.Environ(), "DYAD_TEST_MAIN=1")
	return c
}

// writeCorpus writes n short articles, each different, under dir.
func writeCorpus(t *testing.T, dir string, n int) {
	t.Helper()
	countries := []string{"Kenya", "Uganda", "Peru", "Chile", "Norway", "Japan", "Ghana", "Nepal"}
	for i := 0; i < n; i++ {
		a, b := countries[i%len(countries)], countries[(i/len(countries)+i+1)%len(countries)]
		text := fmt.Sprintf("%s condemned %s on Monday over border incident number %d.\n\nPolice arrested %d protesters in the capital, officials said.\n", a, b, i, i+2)
		sub := filepath.Join(dir, fmt.Sprintf("part%d", i%3))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("a%03d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIngestCrashAndResume kills dyad ingest with SIGKILL in mid-run, runs
// it again, and checks that every document is stored exactly once.
func TestIngestCrashAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs dyad ingest twice")
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	// Enough documents that the run lasts a few seconds: ingest commits
	// in batches, and the test must catch it between two.
	const n = 1000
	writeCorpus(t, corpus, n)
	db := filepath.Join(dir, "events.db")
	args := []string{"ingest", "--db", db, "--date", "2021-06-09", "--workers", "1", "--progress=false", corpus}
	first := dyadCmd(args...)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until some documents are stored, then kill it.
	ctx := context.Background()
	deadline := time.Now().Add(60 * time.Second)
	stored := 0
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if s, err := store.Open(ctx, db); err == nil {
			st, _ := s.Stats(ctx)
			s.Close()
			if stored = st.Documents; stored >= 5 {
				break
			}
		}
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if stored == 0 || stored >= n {
		t.Fatalf("killed after %d of %d documents: the test wants a run cut in the middle", stored, n)
	}
	out, err := dyadCmd(args...).CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "skipped") {
		t.Errorf("second run output %q", out)
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != n || st.Failures != 0 {
		t.Errorf("store holds %d documents and %d failures, want %d and 0", st.Documents, st.Failures, n)
	}
	seen := map[string]int{}
	if err := s.EachEvent(ctx, func(e store.Event) error { seen[e.DocID+"#"+e.EventID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	for k, c := range seen {
		if c != 1 {
			t.Errorf("event %s stored %d times", k, c)
		}
	}
	// A third run stores nothing new.
	out, err = dyadCmd(args...).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "stored 0 documents") {
		t.Errorf("third run: %v %s", err, out)
	}
}
