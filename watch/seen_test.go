package watch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMemorySavesAndLoads(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.json")
	m, err := OpenMemory(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	must(t, m.MarkURL(ctx, "https://a.example/1"))
	must(t, m.MarkHash(ctx, "h1"))
	if n, _ := m.MarkFailed(ctx, "https://a.example/2"); n != 1 {
		t.Errorf("first failure counted %d", n)
	}
	must(t, m.Save())

	m2, err := OpenMemory(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkSeen(t, m2, "https://a.example/1", "h1", true)
	checkSeen(t, m2, "https://a.example/2", "h2", false)
	if n, _ := m2.MarkFailed(ctx, "https://a.example/2"); n != 2 {
		t.Errorf("failures after reload: %d, want 2", n)
	}
	// Marking a URL seen forgets its failures.
	must(t, m2.MarkURL(ctx, "https://a.example/2"))
	if n, _ := m2.MarkFailed(ctx, "https://a.example/2"); n != 1 {
		t.Errorf("failures after MarkURL: %d, want 1", n)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestMemoryForgetsOldEntries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.json")
	m, err := OpenMemory(path, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	m.now = func() time.Time { return now }
	must(t, m.MarkURL(ctx, "https://a.example/old"))
	must(t, m.MarkURL(ctx, "https://a.example/listed"))
	must(t, m.MarkHash(ctx, "old"))
	now = now.Add(20 * time.Hour)
	if ok, _ := m.SeenURL(ctx, "https://a.example/listed"); !ok { // a lookup renews it
		t.Fatal("listed URL not seen")
	}
	now = now.Add(20 * time.Hour)
	must(t, m.Save())
	if urls, hashes := m.Len(); urls != 1 || hashes != 0 {
		t.Errorf("after pruning: %d URLs, %d hashes; want 1, 0", urls, hashes)
	}
	m2, err := OpenMemory(path, 24*time.Hour)
	must(t, err)
	checkSeen(t, m2, "https://a.example/old", "old", false)
	if ok, _ := m2.SeenURL(ctx, "https://a.example/listed"); !ok {
		t.Error("listed URL forgotten")
	}
}

func TestOpenMemoryErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ content, want string }{
		{"{not json", "state.json"},
		{`{"version": 9, "urls": {}}`, "version 9"},
	} {
		path := filepath.Join(dir, "state.json")
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := OpenMemory(path, 0); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v; want %q", tc.content, err, tc.want)
		}
	}
}

// fakeLookup is a store that holds one URL and one hash.
type fakeLookup struct{ url, hash string }

func (f fakeLookup) HasURL(_ context.Context, u string) (bool, error) {
	if u == "broken" {
		return false, errors.New("database is locked")
	}
	return u == f.url, nil
}

func (f fakeLookup) HasHash(_ context.Context, h string) (bool, error) { return h == f.hash, nil }

func TestStoreSeen(t *testing.T) {
	ctx := context.Background()
	s := NewStoreSeen(fakeLookup{url: "https://stored.example/a", hash: "stored"}, nil)
	checkSeen(t, s, "https://stored.example/a", "stored", true) // in the store
	checkSeen(t, s, "https://new.example/b", "fresh", false)
	must(t, s.MarkURL(ctx, "https://new.example/b"))
	must(t, s.MarkHash(ctx, "fresh"))
	checkSeen(t, s, "https://new.example/b", "fresh", true) // in memory
	if _, err := s.SeenURL(ctx, "broken"); err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("store error %v not passed on", err)
	}
}

func checkSeen(t *testing.T, s Seen, url, hash string, want bool) {
	t.Helper()
	ctx := context.Background()
	u, err := s.SeenURL(ctx, url)
	must(t, err)
	h, err := s.SeenHash(ctx, hash)
	must(t, err)
	if u != want || h != want {
		t.Errorf("seen %s: %v, %s: %v; want %v", url, u, hash, h, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
