package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/internal/natstest"
	"github.com/dyad-events/dyad/internal/storetest"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
)

// *store.Store is a StoreWriter.
var _ StoreWriter = (*store.Store)(nil)

// testOptions are short settings for tests: a message unacknowledged for
// a second is delivered again.
func testOptions() Options {
	return Options{AckWait: time.Second, MaxDeliver: 5, PublishTimeout: 5 * time.Second}
}

// fastWorker are worker settings that make tests quick.
func fastWorker() WorkerOptions {
	return WorkerOptions{FlushInterval: 20 * time.Millisecond, FetchWait: 200 * time.Millisecond,
		RetryDelay: 20 * time.Millisecond, Grace: 5 * time.Second}
}

// connect starts an embedded server and connects to it.
func connect(t testing.TB) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	s := natstest.Server(t)
	return dial(t, s)
}

// dial connects to s.
func dial(t testing.TB, s *server.Server) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := Connect(s.ClientURL(), "dyad-test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

// stage is a pipeline stage made of a function.
type stage struct {
	name string
	f    func(ctx context.Context, d *doc.Document) error
}

func (s stage) Name() string                                       { return s.name }
func (s stage) Process(ctx context.Context, d *doc.Document) error { return s.f(ctx, d) }

// cheap is a pipeline that does next to nothing.
func cheap() *pipeline.Pipeline {
	return pipeline.New(stage{"noop", func(context.Context, *doc.Document) error { return nil }})
}

// memSink keeps what is written in memory, counting writes per id.
type memSink struct {
	mu      sync.Mutex
	puts    map[string]int
	recs    map[string]*doc.Record
	fails   map[string]string
	calls   int
	failPut error // when set, Put and Fail fail with it
}

func newMemSink() *memSink {
	return &memSink{puts: map[string]int{}, recs: map[string]*doc.Record{}, fails: map[string]string{}}
}

func (s *memSink) Put(_ context.Context, recs []*doc.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.failPut != nil {
		return s.failPut
	}
	for _, r := range recs {
		s.puts[r.ID]++
		s.recs[r.ID] = r
	}
	return nil
}

func (s *memSink) Fail(_ context.Context, id, msg string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.failPut != nil {
		return s.failPut
	}
	if _, ok := s.recs[id]; !ok {
		s.fails[id] = msg
	}
	return nil
}

// done counts the distinct documents written or failed.
func (s *memSink) done() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.recs) + len(s.fails)
}

func (s *memSink) ids() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.recs))
}

// docs returns n input documents, each different.
func docs(n int, prefix string) []ingest.Item {
	items := make([]ingest.Item, n)
	for i := range items {
		items[i] = ingest.Item{
			ID:     fmt.Sprintf("%s%04d", prefix, i),
			Text:   fmt.Sprintf("Kenya condemned Uganda on Monday over border incident number %d.", i),
			Date:   time.Date(2021, 6, 9, 0, 0, 0, 0, time.UTC),
			Origin: fmt.Sprintf("corpus/%s%04d.txt", prefix, i),
		}
	}
	return items
}

func idsOf(items []ingest.Item) []string {
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	slices.Sort(ids)
	return ids
}

// submit publishes items and waits for their acknowledgements.
func submit(t testing.TB, nc *nats.Conn, o Options, items []ingest.Item) PublishStats {
	t.Helper()
	ctx := context.Background()
	p, err := NewPublisher(ctx, nc, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if err := p.Submit(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	return p.Stats()
}

// waitFor polls cond until it holds, failing the test after 15 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// worker runs RunWorker in the background; stop cancels it and returns its
// statistics.
func worker(t testing.TB, js jetstream.JetStream, o Options, p *pipeline.Pipeline, sink Sink, wo WorkerOptions) (stop func() WorkerStats) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var st WorkerStats
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		st, err = RunWorker(ctx, js, o, p, sink, wo)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return func() WorkerStats {
		cancel()
		<-done
		if err != nil {
			t.Errorf("worker: %v", err)
		}
		return st
	}
}

func consumerInfo(t testing.TB, js jetstream.JetStream, stream, name string) *jetstream.ConsumerInfo {
	t.Helper()
	c, err := js.Consumer(context.Background(), stream, name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func streamMsgs(t testing.TB, js jetstream.JetStream, name string) uint64 {
	t.Helper()
	s, err := js.Stream(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

// TestWorkRoundTrip checks that an input item survives the wire: text,
// metadata, warnings, failures, and dates with their calendar day.
func TestWorkRoundTrip(t *testing.T) {
	zone := time.FixedZone("EST", -5*3600)
	tests := []struct {
		name string
		it   ingest.Item
		date string // Work.Date
	}{
		{"plain", ingest.Item{ID: "a.txt", Text: "Hello.", Origin: "dir/a.txt"}, ""},
		{"day", ingest.Item{ID: "b", Text: "Hi.", Date: time.Date(2012, 2, 8, 0, 0, 0, 0, time.UTC), Title: "T", Source: "S", URL: "https://x/y"}, "2012-02-08"},
		{"time and zone", ingest.Item{ID: "c", Text: "Hi.", Date: time.Date(2012, 2, 8, 22, 30, 0, 0, zone)}, "2012-02-08T22:30:00-05:00"},
		{"warnings", ingest.Item{ID: "d", Text: "Hi \uFFFD.", Warnings: []string{"repaired 1 invalid byte"}}, ""},
		{"failed", ingest.Item{ID: "e", Origin: "dir/e", Err: fmt.Errorf("dir/e: %w", ingest.ErrEmpty)}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := WorkOf(tc.it)
			if w.Date != tc.date {
				t.Errorf("date %q, want %q", w.Date, tc.date)
			}
			m, err := newMsg("s", w.ID, MsgID(w.ID, w.Text), w, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			data, err := body(m.Data, m.Header)
			if err != nil {
				t.Fatal(err)
			}
			var back Work
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			it, err := back.Item()
			if err != nil {
				t.Fatal(err)
			}
			want := tc.it
			if (it.Err == nil) != (want.Err == nil) || (it.Err != nil && it.Err.Error() != want.Err.Error()) {
				t.Errorf("err %v, want %v", it.Err, want.Err)
			}
			it.Err, want.Err = nil, nil
			if !it.Date.Equal(want.Date) || it.Date.Format(doc.DateLayout) != want.Date.Format(doc.DateLayout) {
				t.Errorf("date %v, want %v", it.Date, want.Date)
			}
			it.Date, want.Date = time.Time{}, time.Time{}
			if fmt.Sprint(it) != fmt.Sprint(want) {
				t.Errorf("got %+v\nwant %+v", it, want)
			}
		})
	}
}

// TestMessageEncoding checks compression of large bodies, the max_payload
// check and ids unfit for headers.
func TestMessageEncoding(t *testing.T) {
	long := strings.Repeat("The minister said the talks would go on. ", 2000) // 80 KB
	m, err := newMsg("s", "x", MsgID("x", long), Work{ID: "x", Text: long}, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get(HeaderEncoding) != "gzip" || len(m.Data) > len(long)/4 {
		t.Errorf("a long repetitive text is not compressed: %d bytes, encoding %q", len(m.Data), m.Header.Get(HeaderEncoding))
	}
	data, err := body(m.Data, m.Header)
	if err != nil || !strings.Contains(string(data), long) {
		t.Fatalf("round trip: %v", err)
	}
	noise := make([]byte, 300<<10)
	for i := range noise {
		noise[i] = byte('a' + rand.IntN(26))
	}
	_, err = newMsg("s", "y", "y", Work{ID: "y", Text: string(noise)}, 64<<10)
	var big *tooLargeError
	if !errors.As(err, &big) {
		t.Errorf("a 300 KB body under a 64 KB max_payload: %v", err)
	}
	bad := "evil\r\nNats-Msg-Id: x"
	if id := MsgID(bad, "t"); strings.ContainsAny(id, "\r\n") {
		t.Errorf("MsgID(%q) = %q", bad, id)
	}
	if m, err := newMsg("s", bad, MsgID(bad, "t"), Work{ID: bad}, 0); err != nil || m.Header.Get(HeaderID) != "" {
		t.Errorf("id header for %q: %q, %v", bad, m.Header.Get(HeaderID), err)
	}
	if MsgID("a", "t1") == MsgID("a", "t2") || MsgID("a", "t") != MsgID("a", "t") {
		t.Error("MsgID does not follow the content")
	}
}

// TestWorkersStoreEachDocumentOnce runs two workers on one queue: every
// document is written, and the store holds it once.
func TestWorkersStoreEachDocumentOnce(t *testing.T) {
	const n = 150
	items := docs(n, "doc")
	failed := []ingest.Item{
		{ID: "empty.txt", Origin: "corpus/empty.txt", Err: fmt.Errorf("corpus/empty.txt: %w", ingest.ErrEmpty)},
		{ID: "bin.dat", Origin: "corpus/bin.dat", Err: fmt.Errorf("corpus/bin.dat: %w", ingest.ErrBinary)},
	}
	t.Run("memory", func(t *testing.T) {
		nc, js := connect(t)
		o := testOptions()
		st := submit(t, nc, o, append(slices.Clone(items), failed...))
		if st.Published != n+2 || st.InputFailures != 2 || st.Failed != 0 {
			t.Fatalf("publisher stats %+v", st)
		}
		sink := newMemSink()
		wo := fastWorker()
		wo.Concurrency = 2
		stop1 := worker(t, js, o, cheap(), sink, wo)
		stop2 := worker(t, js, o, cheap(), sink, wo)
		waitFor(t, "every document", func() bool { return sink.done() == n+2 })
		s1, s2 := stop1(), stop2()
		if got, want := sink.ids(), idsOf(items); !slices.Equal(got, want) {
			t.Errorf("stored %d ids, want %d", len(got), len(want))
		}
		for id, c := range sink.puts {
			if c != 1 {
				t.Logf("%s written %d times (allowed: at least once)", id, c)
			}
		}
		if !strings.Contains(sink.fails["empty.txt"], "empty document") || !strings.Contains(sink.fails["bin.dat"], "binary file") {
			t.Errorf("failures %v", sink.fails)
		}
		if s1.Documents+s2.Documents < n || s1.Failures+s2.Failures != 2 {
			t.Errorf("worker stats %+v %+v", s1, s2)
		}
		if s1.Documents == 0 || s2.Documents == 0 {
			t.Logf("one worker did everything: %+v %+v", s1, s2)
		}
		if info := consumerInfo(t, js, DefaultStream, DefaultConsumer); info.NumPending != 0 || info.NumAckPending != 0 {
			t.Errorf("consumer: %d pending, %d awaiting acknowledgement", info.NumPending, info.NumAckPending)
		}
		if m := streamMsgs(t, js, DefaultStream); m != 0 {
			t.Errorf("%d messages left on the work queue", m)
		}
	})
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		nc, js := connect(t)
		o := testOptions()
		submit(t, nc, o, append(slices.Clone(items), failed...))
		st, err := store.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		wo := fastWorker()
		stop1 := worker(t, js, o, cheap(), StoreSink(st), wo)
		stop2 := worker(t, js, o, cheap(), StoreSink(st), wo)
		waitFor(t, "every document", func() bool {
			s, err := st.Stats(ctx)
			return err == nil && s.Documents+s.Failures == n+2
		})
		stop1()
		stop2()
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Documents != n || s.Failures != 2 {
			t.Errorf("store holds %d documents and %d failures, want %d and 2", s.Documents, s.Failures, n)
		}
		rec, err := st.Record(ctx, "doc0007")
		if err != nil || rec.Date == nil || *rec.Date != "2021-06-09" {
			t.Errorf("doc0007: %+v %v", rec, err)
		}
	})
}

// TestCrashedWorkerMessagesRedelivered checks that the documents a worker
// took and did not finish go to another worker: when its writes fail, and
// when it loses its connection (a crash) in the middle of extractions.
func TestCrashedWorkerMessagesRedelivered(t *testing.T) {
	const n = 40
	items := docs(n, "c")
	tests := []struct {
		name  string
		crash func(t *testing.T, s *server.Server, o Options)
	}{
		{"sink fails", func(t *testing.T, s *server.Server, o Options) {
			_, js := dial(t, s)
			bad := newMemSink()
			bad.failPut = errors.New("disk full")
			stop := worker(t, js, o, cheap(), bad, fastWorker())
			waitFor(t, "failed writes", func() bool { bad.mu.Lock(); defer bad.mu.Unlock(); return bad.calls >= 3 })
			if st := stop(); st.Retries == 0 || st.Documents != 0 {
				t.Errorf("failing worker: %+v", st)
			}
		}},
		{"connection lost", func(t *testing.T, s *server.Server, o Options) {
			nc, js := dial(t, s)
			started := make(chan struct{}, n)
			release := make(chan struct{})
			hang := pipeline.New(stage{"hang", func(ctx context.Context, d *doc.Document) error {
				started <- struct{}{}
				<-release
				return nil
			}})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := RunWorker(ctx, js, o, hang, newMemSink(), fastWorker())
				done <- err
			}()
			<-started // it holds documents, one of them in extraction
			nc.Close()
			close(release)
			if err := <-done; err == nil || !errors.Is(err, nats.ErrConnectionClosed) {
				t.Errorf("the worker whose connection was closed returned %v", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := natstest.Server(t)
			nc, js := dial(t, s)
			o := testOptions()
			o.MaxDeliver = 20
			submit(t, nc, o, items)
			tc.crash(t, s, o)
			good := newMemSink()
			stop := worker(t, js, o, cheap(), good, fastWorker())
			waitFor(t, "every document", func() bool { return good.done() == n })
			st := stop()
			if got, want := good.ids(), idsOf(items); !slices.Equal(got, want) {
				t.Errorf("stored %v, want %v", got, want)
			}
			if st.Redeliveries == 0 {
				t.Errorf("no redelivery seen: %+v", st)
			}
		})
	}
}

// TestPoisonMessage checks that a document whose extraction always fails is
// tried MaxDeliver times, then recorded as a failure and terminated, while
// the others are stored.
func TestPoisonMessage(t *testing.T) {
	nc, js := connect(t)
	o := testOptions()
	o.MaxDeliver = 3
	items := append(docs(5, "ok"), ingest.Item{ID: "poison", Text: "This one is poison."})
	submit(t, nc, o, items)
	var tries atomic.Int32
	p := pipeline.New(stage{"picky", func(_ context.Context, d *doc.Document) error {
		if strings.Contains(d.Text, "poison") {
			tries.Add(1)
			return errors.New("cannot digest this")
		}
		return nil
	}})
	sink := newMemSink()
	stop := worker(t, js, o, p, sink, fastWorker())
	waitFor(t, "every document", func() bool { return sink.done() == len(items) })
	st := stop()
	if got := tries.Load(); got != 3 {
		t.Errorf("the poison document was tried %d times, want 3 (MaxDeliver)", got)
	}
	if msg := sink.fails["poison"]; !strings.Contains(msg, "stage picky: cannot digest this") {
		t.Errorf("failure recorded: %q", msg)
	}
	if st.Terminated != 1 || st.Retries != 2 || st.Failures != 1 || st.Documents != 5 {
		t.Errorf("worker stats %+v", st)
	}
	waitFor(t, "an empty work queue", func() bool { return streamMsgs(t, js, DefaultStream) == 0 })
}

// TestFailedInputsBecomeFailureRecords checks that documents that could
// not be read, or are too large for the server, arrive as failures.
func TestFailedInputsBecomeFailureRecords(t *testing.T) {
	s := natstest.ServerWith(t, &server.Options{MaxPayload: 64 << 10})
	nc, js := dial(t, s)
	o := testOptions()
	noise := make([]byte, 200<<10)
	for i := range noise {
		noise[i] = byte('a' + rand.IntN(26))
	}
	items := []ingest.Item{
		{ID: "fine", Text: "Peru thanked Chile."},
		{ID: "gone.txt", Origin: "x/gone.txt", Err: fmt.Errorf("x/gone.txt: %w: stat: no such file or directory", ingest.ErrUnreadable)},
		{ID: "a.jsonl:3", Origin: "a.jsonl:3", Err: fmt.Errorf("a.jsonl:3: %w", ingest.ErrBadJSON)},
		{ID: "huge.txt", Origin: "x/huge.txt", Text: string(noise)},
	}
	st := submit(t, nc, o, items)
	if st.InputFailures != 3 || st.TooLarge != 1 || st.Published != 4 {
		t.Errorf("publisher stats %+v", st)
	}
	sink := newMemSink()
	stop := worker(t, js, o, cheap(), sink, fastWorker())
	waitFor(t, "every document", func() bool { return sink.done() == len(items) })
	stop()
	for id, want := range map[string]string{
		"gone.txt":  "unreadable path",
		"a.jsonl:3": "malformed JSON line",
		"huge.txt":  "max_payload",
	} {
		if !strings.Contains(sink.fails[id], want) {
			t.Errorf("failure of %s: %q, want it to mention %q", id, sink.fails[id], want)
		}
	}
	if sink.recs["fine"] == nil {
		t.Error("the readable document was not stored")
	}
}

// TestResultsStreamDrain runs a worker that publishes to the results
// stream and drains it into a store: every record arrives once, failures
// too, and a second drain finds nothing new.
func TestResultsStreamDrain(t *testing.T) {
	const n = 60
	items := append(docs(n, "r"), ingest.Item{ID: "bad", Err: errors.New("bad: empty document")})
	storetest.EachBackend(t, func(t *testing.T, target string) {
		ctx := context.Background()
		nc, js := connect(t)
		o := testOptions()
		submit(t, nc, o, items)
		stop := worker(t, js, o, cheap(), ResultsSink(js, o), fastWorker())
		waitFor(t, "every result", func() bool { return streamMsgs(t, js, DefaultResultsStream) == n+1 })
		if st := stop(); st.Documents != n || st.Failures != 1 {
			t.Errorf("worker stats %+v", st)
		}
		// A record published again within the duplicate window is dropped.
		again := ResultsSink(js, o)
		if err := again.Put(ctx, []*doc.Record{{ID: "r0001", Text: items[1].Text}}); err != nil {
			t.Fatal(err)
		}
		if m := streamMsgs(t, js, DefaultResultsStream); m != n+1 {
			t.Errorf("results stream holds %d messages after a duplicate, want %d", m, n+1)
		}
		st, err := store.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ds, err := Drain(ctx, js, o, StoreSink(st), DrainOptions{FlushInterval: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if ds.Records != n || ds.Failures != 1 {
			t.Errorf("drain stats %+v", ds)
		}
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Documents != n || s.Failures != 1 {
			t.Errorf("store holds %d documents and %d failures, want %d and 1", s.Documents, s.Failures, n)
		}
		ds, err = Drain(ctx, js, o, StoreSink(st), DrainOptions{})
		if err != nil || ds.Records != 0 || ds.Failures != 0 {
			t.Errorf("second drain: %+v %v", ds, err)
		}
	})
}

// TestPublisher checks deduplication by Nats-Msg-Id, that Close reports
// publications the server did not acknowledge, and Submit after Close.
func TestPublisher(t *testing.T) {
	ctx := context.Background()
	t.Run("duplicates", func(t *testing.T) {
		nc, js := connect(t)
		it := ingest.Item{ID: "a", Text: "Kenya thanked Uganda."}
		changed := ingest.Item{ID: "a", Text: "Kenya thanked Uganda again."}
		st := submit(t, nc, testOptions(), []ingest.Item{it, it, changed})
		if st.Published != 2 || st.Duplicates != 1 {
			t.Errorf("stats %+v, want 2 published and 1 duplicate", st)
		}
		if m := streamMsgs(t, js, DefaultStream); m != 2 {
			t.Errorf("work queue holds %d messages, want 2", m)
		}
		// Submitting the whole batch again changes nothing.
		if st := submit(t, nc, testOptions(), []ingest.Item{it, changed}); st.Duplicates != 2 {
			t.Errorf("resubmission: %+v", st)
		}
	})
	t.Run("wait for the acknowledgement", func(t *testing.T) {
		nc, js := connect(t)
		p, err := NewPublisher(ctx, nc, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		it := ingest.Item{ID: "w", Text: "Chile thanked Peru."}
		for range 2 {
			if err := p.SubmitWait(ctx, it); err != nil {
				t.Fatal(err)
			}
		}
		if m := streamMsgs(t, js, DefaultStream); m != 1 {
			t.Errorf("work queue holds %d messages, want 1", m)
		}
		if st := p.Stats(); st.Published != 1 || st.Duplicates != 1 {
			t.Errorf("stats %+v, want 1 published and 1 duplicate", st)
		}
		if err := js.DeleteStream(ctx, DefaultStream); err != nil { // nothing will acknowledge
			t.Fatal(err)
		}
		o := testOptions()
		o.PublishTries, o.PublishTimeout = 2, 300*time.Millisecond
		p2, err := NewPublisher(ctx, nc, o)
		if err != nil {
			t.Fatal(err)
		}
		js.DeleteStream(ctx, DefaultStream)
		if err := p2.SubmitWait(ctx, ingest.Item{ID: "lost", Text: "Nobody listens."}); err == nil {
			t.Error("SubmitWait without a stream returned no error")
		}
		p.Close(ctx)
		p2.Close(ctx)
	})
	t.Run("unacknowledged", func(t *testing.T) {
		nc, js := connect(t)
		o := testOptions()
		o.PublishTries = 2
		p, err := NewPublisher(ctx, nc, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := js.DeleteStream(ctx, DefaultStream); err != nil { // nothing will acknowledge
			t.Fatal(err)
		}
		if err := p.Submit(ctx, ingest.Item{ID: "lost", Text: "Nobody listens."}); err != nil {
			t.Fatal(err)
		}
		err = p.Close(ctx)
		if err == nil || !strings.Contains(err.Error(), "lost") || !strings.Contains(err.Error(), "1 of 1") {
			t.Errorf("Close: %v", err)
		}
		if st := p.Stats(); st.Failed != 1 {
			t.Errorf("stats %+v", st)
		}
		if err := p.Submit(ctx, ingest.Item{ID: "late", Text: "x"}); !errors.Is(err, ErrClosed) {
			t.Errorf("Submit after Close: %v", err)
		}
		if err2 := p.Close(ctx); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("second Close: %v", err2)
		}
	})
}

// TestGracefulStop checks that a worker told to stop finishes and
// acknowledges what it holds: nothing is left awaiting acknowledgement.
func TestGracefulStop(t *testing.T) {
	nc, js := connect(t)
	o := testOptions()
	o.AckWait = time.Minute // a redelivery would come too late to hide a lost ack
	items := docs(30, "g")
	submit(t, nc, o, items)
	slow := pipeline.New(stage{"slow", func(context.Context, *doc.Document) error {
		time.Sleep(20 * time.Millisecond)
		return nil
	}})
	sink := newMemSink()
	stop := worker(t, js, o, slow, sink, fastWorker())
	waitFor(t, "a few documents", func() bool { return sink.done() >= 3 })
	st := stop()
	info := consumerInfo(t, js, DefaultStream, DefaultConsumer)
	if info.NumAckPending != 0 {
		t.Errorf("%d messages await acknowledgement after the worker stopped", info.NumAckPending)
	}
	if int(info.NumPending)+sink.done() != len(items) || st.Documents != sink.done() || st.Abandoned != 0 {
		t.Errorf("%d pending + %d stored != %d; stats %+v", info.NumPending, sink.done(), len(items), st)
	}
}

// TestEnsureStreams checks that a stream of the wrong kind is refused, and
// that replicas are kept unless given.
func TestEnsureStreams(t *testing.T) {
	ctx := context.Background()
	_, js := connect(t)
	if err := EnsureStreams(ctx, js, Options{}); err != nil {
		t.Fatal(err)
	}
	// Again, with another duplicate window: an update.
	if err := EnsureStreams(ctx, js, Options{Duplicates: time.Minute}); err != nil {
		t.Fatal(err)
	}
	s, err := js.Stream(ctx, DefaultStream)
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.CachedInfo().Config
	if cfg.Duplicates != time.Minute || cfg.Replicas != 1 || cfg.Retention != jetstream.WorkQueuePolicy {
		t.Errorf("work stream %+v", cfg)
	}
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "OTHER", Subjects: []string{"other"}}); err != nil {
		t.Fatal(err)
	}
	err = EnsureStreams(ctx, js, Options{Stream: "OTHER", Subject: "other"})
	if err == nil || !strings.Contains(err.Error(), "retention") {
		t.Errorf("a limits stream taken for the work queue: %v", err)
	}
}

// TestConnectUnreachable checks the error for a server that is not there.
func TestConnectUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := ConnectContext(ctx, "nats://user:secret@127.0.0.1:1", "test")
	if err == nil || !strings.Contains(err.Error(), "cannot reach NATS at nats://user:xxxxx@127.0.0.1:1") {
		t.Errorf("error %v", err)
	}
	if _, err := Connect(" ", "test"); err == nil {
		t.Error("no error for an empty URL")
	}
}
