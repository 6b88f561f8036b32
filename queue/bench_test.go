package queue

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/internal/natstest"
	"github.com/dyad-events/dyad/internal/storetest"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
)

// benchTexts are news articles: the BBC politics articles when the data
// set is present (../shared/datasets, about 2.7 KB each), else generated
// ones of about the same length.
var benchTexts = sync.OnceValue(func() []string {
	files, _ := filepath.Glob("../../shared/datasets/bbc_news/bbc/politics/*.txt")
	var texts []string
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil && len(b) > 0 {
			texts = append(texts, string(b))
		}
	}
	if len(texts) > 0 {
		return texts
	}
	countries := []string{"Kenya", "Uganda", "Peru", "Chile", "Norway", "Japan", "Ghana", "Nepal"}
	for i := range 100 {
		a, b := countries[i%len(countries)], countries[(i+3)%len(countries)]
		var sb strings.Builder
		for j := range 6 {
			fmt.Fprintf(&sb, "The foreign minister of %s met the president of %s on Monday to discuss trade and border security, officials said (report %d, part %d). ", a, b, i, j)
			fmt.Fprintf(&sb, "\"We have agreed to keep talking,\" the minister told reporters. Police arrested %d protesters outside parliament, and at least %d people were injured.\n\n", 10+j, 2+i%7)
		}
		texts = append(texts, sb.String())
	}
	return texts
})

// benchItems returns n distinct documents made from benchTexts.
func benchItems(n int) []ingest.Item {
	texts := benchTexts()
	items := make([]ingest.Item, n)
	for i := range items {
		items[i] = ingest.Item{ID: fmt.Sprintf("bench-%06d", i), Text: fmt.Sprintf("%s\n\nUpdate %d.", texts[i%len(texts)], i),
			Date: time.Date(2005, 3, 1, 0, 0, 0, 0, time.UTC)}
	}
	return items
}

// nullSink writes nothing.
type nullSink struct{}

func (nullSink) Put(context.Context, []*doc.Record) error   { return nil }
func (nullSink) Fail(context.Context, string, string) error { return nil }

// BenchmarkWorkerOverhead measures what the distributed path adds per
// document: publishing (publish-µs/doc), and in the worker decoding,
// writing to the sink and acknowledging (decode-, write-, ack-µs/doc;
// overhead-µs/doc is their sum), with a pipeline that does nothing but
// build the record, so that the figures are the overhead alone. Sinks:
// none, an SQLite store, the results stream. The pipeline=default cases
// run the real pipeline, and report the worker's overhead ratio,
// (decode + write + ack) / extract, and extract-ms/doc. Run with
// -benchtime=Nx to fix the number of documents.
func BenchmarkWorkerOverhead(b *testing.B) {
	sinks := []struct {
		name string
		make func(b *testing.B, js jsHandle) Sink
	}{
		{"none", func(*testing.B, jsHandle) Sink { return nullSink{} }},
		{"sqlite", func(b *testing.B, _ jsHandle) Sink {
			st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			return StoreSink(st)
		}},
		{"results", func(_ *testing.B, js jsHandle) Sink { return ResultsSink(js.js, js.o) }},
		{"postgres", func(b *testing.B, _ jsHandle) Sink {
			dsn := os.Getenv("DYAD_TEST_POSTGRES")
			if dsn == "" {
				b.Skip("set DYAD_TEST_POSTGRES to measure the PostgreSQL sink")
			}
			st, err := store.Open(context.Background(), storetest.PGSchema(b, dsn))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			return StoreSink(st)
		}},
	}
	pipelines := []struct {
		name string
		make func(b *testing.B) *pipeline.Pipeline
	}{
		{"none", func(*testing.B) *pipeline.Pipeline { return pipeline.New() }},
		{"default", func(b *testing.B) *pipeline.Pipeline {
			p, err := pipeline.Default()
			if err != nil {
				b.Fatal(err)
			}
			return p
		}},
	}
	for _, pl := range pipelines {
		for _, sk := range sinks {
			if pl.name == "default" && sk.name == "none" {
				continue
			}
			b.Run("pipeline="+pl.name+"/sink="+sk.name, func(b *testing.B) {
				p := pl.make(b)
				nc, js := connect(b)
				o := Options{}
				sink := sk.make(b, jsHandle{js, o})
				items := benchItems(b.N)
				ctx := context.Background()
				b.ResetTimer()
				t := time.Now()
				submit(b, nc, o, items)
				publish := time.Since(t)
				ctx, cancel := context.WithCancel(ctx)
				var st WorkerStats
				var err error
				done := make(chan struct{})
				var finished sync.WaitGroup
				finished.Add(1)
				counted := &countSink{Sink: sink, want: len(items), done: done}
				go func() {
					defer finished.Done()
					st, err = RunWorker(ctx, js, o, p, counted, WorkerOptions{FetchWait: 100 * time.Millisecond})
				}()
				<-done
				cancel()
				finished.Wait()
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				n := float64(len(items))
				us := func(d time.Duration) float64 { return float64(d.Microseconds()) / n }
				b.ReportMetric(us(publish), "publish-µs/doc")
				b.ReportMetric(us(st.Decode), "decode-µs/doc")
				b.ReportMetric(us(st.Write), "write-µs/doc")
				b.ReportMetric(us(st.Ack), "ack-µs/doc")
				b.ReportMetric(us(st.Decode+st.Write+st.Ack), "overhead-µs/doc")
				if pl.name == "default" {
					b.ReportMetric(float64(st.Extract.Microseconds())/n/1000, "extract-ms/doc")
					b.ReportMetric(st.Overhead(), "overhead-ratio")
				}
			})
		}
	}
}

// jsHandle carries what a sink maker needs.
type jsHandle struct {
	js jetstream.JetStream
	o  Options
}

// countSink passes writes on and closes done once want documents are
// written.
type countSink struct {
	Sink
	mu   sync.Mutex
	n    int
	want int
	done chan struct{}
}

func (s *countSink) Put(ctx context.Context, recs []*doc.Record) error {
	if err := s.Sink.Put(ctx, recs); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	before := s.n
	s.n += len(recs)
	if before < s.want && s.n >= s.want {
		close(s.done)
	}
	return nil
}

// BenchmarkWorkers measures throughput with 1, 2 and 4 workers, each with
// its own connection and one document at a time, the real pipeline, and
// the results stream as sink: docs/s, to compare as ratios to one worker.
// On a machine of C cores, expect it to grow about linearly up to C
// workers. Run with -benchtime=Nx for N documents a run.
func BenchmarkWorkers(b *testing.B) {
	p, err := pipeline.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			s := natstest.Server(b)
			nc, js := dial(b, s)
			o := Options{}
			items := benchItems(b.N)
			submit(b, nc, o, items)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan struct{})
			counted := &countSink{Sink: ResultsSink(js, o), want: len(items), done: done}
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range workers {
				_, wjs := dial(b, s)
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := RunWorker(ctx, wjs, o, p, counted, WorkerOptions{FetchWait: 100 * time.Millisecond}); err != nil {
						b.Error(err)
					}
				}()
			}
			<-done
			elapsed := time.Since(start)
			b.StopTimer()
			cancel()
			wg.Wait()
			b.ReportMetric(float64(len(items))/elapsed.Seconds(), "docs/s")
		})
	}
}
