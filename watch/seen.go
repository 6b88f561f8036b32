package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Seen is the deduplication state of a Watcher: the article URLs and the
// content hashes (store.Hash of the text) already handed over, and the
// failed attempts at URLs not yet handed over. Implementations must be safe
// for concurrent use.
type Seen interface {
	// SeenURL reports whether the article at url was handed over (or given
	// up) before.
	SeenURL(ctx context.Context, url string) (bool, error)
	// SeenHash reports whether an article with this content hash was
	// handed over before, under any URL.
	SeenHash(ctx context.Context, hash string) (bool, error)
	// MarkURL records url as seen, and forgets its failed attempts.
	MarkURL(ctx context.Context, url string) error
	// MarkHash records a content hash as seen.
	MarkHash(ctx context.Context, hash string) error
	// MarkFailed records one more failed attempt at url and returns how
	// many there have been.
	MarkFailed(ctx context.Context, url string) (attempts int, err error)
}

// Saver is a Seen that keeps its state in a file. A Watcher calls Save after
// each feed it polls.
type Saver interface {
	Save() error
}

// Memory is a Seen held in memory, optionally loaded from and saved to a
// JSON file so that a restarted watcher does not hand the same articles
// over again. Entries not seen for longer than its maximum age are dropped
// when it is saved; an entry is seen again whenever it is looked up, so the
// URLs a feed still lists never expire. It is safe for concurrent use.
type Memory struct {
	path   string
	maxAge time.Duration
	now    func() time.Time

	mu    sync.Mutex
	state memoryState
	dirty bool // marked since the last Save
}

// memoryState is the JSON form of a Memory.
type memoryState struct {
	Version int `json:"version"`
	// URLs and Hashes map each entry to when it was last seen.
	URLs   map[string]time.Time `json:"urls"`
	Hashes map[string]time.Time `json:"hashes"`
	// Failures counts the failed attempts at URLs not yet seen.
	Failures map[string]int `json:"failures,omitempty"`
}

// stateVersion is the version of the state file format.
const stateVersion = 1

// NewMemory returns an empty Memory that is not saved anywhere.
func NewMemory() *Memory {
	return &Memory{now: time.Now, state: emptyState()}
}

func emptyState() memoryState {
	return memoryState{Version: stateVersion, URLs: map[string]time.Time{}, Hashes: map[string]time.Time{}, Failures: map[string]int{}}
}

// OpenMemory returns a Memory saved to the JSON file at path, loaded from
// it when the file exists; with path "" it is not saved anywhere. Entries
// not seen for longer than maxAge are dropped on Save; zero or negative
// keeps them forever.
func OpenMemory(path string, maxAge time.Duration) (*Memory, error) {
	m := NewMemory()
	m.path, m.maxAge = path, maxAge
	if path == "" {
		return m, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("watch state: %w", err)
	}
	var st memoryState
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("watch state %s: %w", path, err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("watch state %s: version %d; this dyad reads version %d", path, st.Version, stateVersion)
	}
	if st.URLs != nil {
		m.state.URLs = st.URLs
	}
	if st.Hashes != nil {
		m.state.Hashes = st.Hashes
	}
	if st.Failures != nil {
		m.state.Failures = st.Failures
	}
	return m, nil
}

// SeenURL implements Seen.
func (m *Memory) SeenURL(_ context.Context, url string) (bool, error) {
	return m.lookup(m.state.URLs, url), nil
}

// SeenHash implements Seen.
func (m *Memory) SeenHash(_ context.Context, hash string) (bool, error) {
	return m.lookup(m.state.Hashes, hash), nil
}

func (m *Memory) lookup(set map[string]time.Time, key string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := set[key]; ok {
		set[key] = m.now().UTC()
		return true
	}
	return false
}

// MarkURL implements Seen.
func (m *Memory) MarkURL(_ context.Context, url string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state.URLs[url] = m.now().UTC()
	delete(m.state.Failures, url)
	m.dirty = true
	return nil
}

// MarkHash implements Seen.
func (m *Memory) MarkHash(_ context.Context, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state.Hashes[hash] = m.now().UTC()
	m.dirty = true
	return nil
}

// MarkFailed implements Seen.
func (m *Memory) MarkFailed(_ context.Context, url string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state.Failures[url]++
	m.dirty = true
	return m.state.Failures[url], nil
}

// Len returns how many URLs and hashes m holds.
func (m *Memory) Len() (urls, hashes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.state.URLs), len(m.state.Hashes)
}

// Save drops the entries not seen for longer than m's maximum age, then
// writes m to its file, replacing it atomically, when anything was marked or
// dropped since the last Save. A Memory without a file is only pruned.
func (m *Memory) Save() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.maxAge > 0 {
		cut := m.now().Add(-m.maxAge)
		for _, set := range []map[string]time.Time{m.state.URLs, m.state.Hashes} {
			for k, t := range set {
				if t.Before(cut) {
					delete(set, k)
					m.dirty = true
				}
			}
		}
	}
	if m.path == "" || !m.dirty {
		return nil
	}
	data, err := json.Marshal(m.state)
	if err != nil {
		return fmt.Errorf("watch state: %w", err)
	}
	if err := writeAtomic(m.path, data); err != nil {
		return fmt.Errorf("watch state: %w", err)
	}
	m.dirty = false
	return nil
}

// writeAtomic writes data to path through a temporary file in the same
// directory, so that a crash leaves the old file or the new one whole.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Lookup is what a store-backed Seen asks the store: *store.Store has these
// methods.
type Lookup interface {
	HasURL(ctx context.Context, url string) (bool, error)
	HasHash(ctx context.Context, hash string) (bool, error)
}

// StoreSeen is a Seen for a watcher that stores its articles: a URL or hash
// is seen when a document with it is stored, or when the Memory it wraps
// holds it (articles handed over in this run, failures, and what a state
// file kept).
type StoreSeen struct {
	st  Lookup
	mem *Memory
}

// NewStoreSeen returns a Seen backed by st and mem; a nil mem is a new
// Memory.
func NewStoreSeen(st Lookup, mem *Memory) *StoreSeen {
	if mem == nil {
		mem = NewMemory()
	}
	return &StoreSeen{st: st, mem: mem}
}

// SeenURL implements Seen.
func (s *StoreSeen) SeenURL(ctx context.Context, url string) (bool, error) {
	if ok, _ := s.mem.SeenURL(ctx, url); ok {
		return true, nil
	}
	ok, err := s.st.HasURL(ctx, url)
	if err != nil {
		return false, fmt.Errorf("watch: look up URL: %w", err)
	}
	return ok, nil
}

// SeenHash implements Seen.
func (s *StoreSeen) SeenHash(ctx context.Context, hash string) (bool, error) {
	if ok, _ := s.mem.SeenHash(ctx, hash); ok {
		return true, nil
	}
	ok, err := s.st.HasHash(ctx, hash)
	if err != nil {
		return false, fmt.Errorf("watch: look up content hash: %w", err)
	}
	return ok, nil
}

// MarkURL implements Seen.
func (s *StoreSeen) MarkURL(ctx context.Context, url string) error { return s.mem.MarkURL(ctx, url) }

// MarkHash implements Seen.
func (s *StoreSeen) MarkHash(ctx context.Context, hash string) error {
	return s.mem.MarkHash(ctx, hash)
}

// MarkFailed implements Seen.
func (s *StoreSeen) MarkFailed(ctx context.Context, url string) (int, error) {
	return s.mem.MarkFailed(ctx, url)
}

// Save saves the Memory s wraps (see Memory.Save).
func (s *StoreSeen) Save() error { return s.mem.Save() }
