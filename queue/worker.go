package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/pipeline"
)

// WorkerOptions tune one worker process. The zero value is ready to use.
type WorkerOptions struct {
	// Concurrency is how many documents the worker extracts at once
	// (default 1): run one worker process per core, or fewer processes
	// with more.
	Concurrency int
	// Batch is how many records one Sink.Put writes (default 16), and
	// FlushInterval how long a record waits for its batch to fill
	// (default 250 ms).
	Batch         int
	FlushInterval time.Duration
	// FetchWait is how long one fetch waits for work (default 1 s); it is
	// also about how long the worker takes to notice that ctx is done.
	FetchWait time.Duration
	// RetryDelay is how long, times the number of deliveries so far, the
	// server waits before delivering again a document whose extraction or
	// write failed (default 5 s).
	RetryDelay time.Duration
	// Heartbeat is how often the worker tells the server that the messages
	// it holds are in progress (default a third of Options.AckWait).
	Heartbeat time.Duration
	// Grace is how long, once ctx is done, the documents in flight may take
	// to finish (default 1 min); those still unfinished are handed back.
	Grace time.Duration
	// Progress, when set, is called every ProgressInterval (default 10 s)
	// with the statistics so far.
	Progress         func(WorkerStats)
	ProgressInterval time.Duration
	// Record selects the optional parts of the records written.
	Record doc.RecordOptions
}

// WorkerStats count what a worker did and where its time went.
type WorkerStats struct {
	// Documents counts the records written, Failures the failures
	// recorded (input documents that could not be read, and documents
	// that failed on their last delivery).
	Documents, Failures int
	// Redeliveries counts the messages received that had been delivered
	// before (to this worker or another); Retries the messages handed
	// back for a later try after a failed extraction or write; Terminated
	// the documents given up after Options.MaxDeliver deliveries;
	// Abandoned those handed back unfinished at shutdown; AckFailures the
	// messages written whose acknowledgement the server did not confirm
	// (they come again and are rewritten, which changes nothing).
	Redeliveries, Retries, Terminated, Abandoned, AckFailures int
	// Decode, Extract, Write and Ack are the time spent reading messages,
	// extracting documents (and building their records), writing to the
	// Sink and acknowledging, summed over documents: with Concurrency
	// above 1 they can exceed Elapsed.
	Decode, Extract, Write, Ack time.Duration
	// Elapsed is the time since the worker started.
	Elapsed time.Duration
}

// Overhead is the cost of the distributed path relative to extraction:
// (Decode + Write + Ack) / Extract; 0 before anything was extracted.
func (s WorkerStats) Overhead() float64 {
	if s.Extract <= 0 {
		return 0
	}
	return float64(s.Decode+s.Write+s.Ack) / float64(s.Extract)
}

// Rate is the documents finished (written or failed) per second.
func (s WorkerStats) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Documents+s.Failures) / s.Elapsed.Seconds()
}

// MarshalJSON writes the statistics as one JSON object, durations in
// seconds, with the overhead ratio and the rate.
func (s WorkerStats) MarshalJSON() ([]byte, error) {
	sec := func(d time.Duration) float64 { return math.Round(d.Seconds()*1e4) / 1e4 }
	return json.Marshal(struct {
		Documents    int     `json:"documents"`
		Failures     int     `json:"failures"`
		Redeliveries int     `json:"redeliveries"`
		Retries      int     `json:"retries"`
		Terminated   int     `json:"terminated"`
		Abandoned    int     `json:"abandoned"`
		AckFailures  int     `json:"ack_failures"`
		Elapsed      float64 `json:"elapsed_s"`
		Rate         float64 `json:"docs_per_s"`
		Decode       float64 `json:"decode_s"`
		Extract      float64 `json:"extract_s"`
		Write        float64 `json:"write_s"`
		Ack          float64 `json:"ack_s"`
		Overhead     float64 `json:"overhead"`
	}{s.Documents, s.Failures, s.Redeliveries, s.Retries, s.Terminated, s.Abandoned, s.AckFailures,
		sec(s.Elapsed), math.Round(s.Rate()*100) / 100, sec(s.Decode), sec(s.Extract), sec(s.Write), sec(s.Ack),
		math.Round(s.Overhead()*1e4) / 1e4})
}

// workerStats converts an engine's counters.
func workerStats(c counters) WorkerStats {
	return WorkerStats{
		Documents: c.written, Failures: c.failures, Redeliveries: c.redeliveries, Retries: c.retries,
		Terminated: c.terminated, Abandoned: c.abandoned, AckFailures: c.ackFailures,
		Decode: c.decode, Extract: c.extract, Write: c.write, Ack: c.ack, Elapsed: time.Since(c.started),
	}
}

// RunWorker pulls documents from the work queue that o names, through the
// durable consumer o.Consumer that all workers share, extracts each with p
// and writes its record to sink, or its failure: an input document that
// could not be read at once, a document whose extraction fails on its last
// delivery (o.MaxDeliver). Records are written in batches, and each message
// is acknowledged, with a confirmed acknowledgement, only once its outcome
// is written; a failed extraction or write hands the message back to be
// delivered again after a delay.
//
// RunWorker makes sure the streams exist (EnsureStreams) and runs until ctx
// is done; then it stops fetching, finishes and acknowledges the documents
// in flight (for at most wo.Grace) and returns its statistics with a nil
// error. It returns an error when the consumer cannot be made or the
// connection is closed.
func RunWorker(ctx context.Context, js jetstream.JetStream, o Options, p *pipeline.Pipeline, sink Sink, wo WorkerOptions) (WorkerStats, error) {
	o = o.WithDefaults()
	if err := EnsureStreams(ctx, js, o); err != nil {
		return WorkerStats{}, fmt.Errorf("queue: %w", err)
	}
	ensure := func(ctx context.Context) (jetstream.Consumer, error) {
		c, err := js.CreateOrUpdateConsumer(ctx, o.Stream, jetstream.ConsumerConfig{
			Durable:       o.Consumer,
			Description:   "dyad workers",
			FilterSubject: o.Subject,
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       o.AckWait,
			MaxDeliver:    o.MaxDeliver,
			MaxAckPending: o.MaxAckPending,
		})
		if err != nil {
			return nil, fmt.Errorf("queue: consumer %s of stream %s: %w", o.Consumer, o.Stream, err)
		}
		return c, nil
	}
	cons, err := ensure(ctx)
	if err != nil {
		return WorkerStats{}, err
	}
	e := newEngine(cons, ensure, sink, o, wo)
	e.handle = func(ctx context.Context, m jetstream.Msg, out *outcome) {
		t := time.Now()
		it, err := decodeWork(m)
		e.add(func(c *counters) { c.decode += time.Since(t) })
		if err != nil {
			out.fail = fmt.Sprintf("%s: %v", out.id, err) // the same on every delivery
			return
		}
		out.id = it.ID
		if it.Err != nil {
			out.fail = it.Err.Error()
			return
		}
		d := it.Document()
		t = time.Now()
		err = p.Process(ctx, d)
		if err == nil {
			out.rec = d.Record(wo.Record)
		}
		e.add(func(c *counters) { c.extract += time.Since(t) })
		switch {
		case err == nil:
		case ctx.Err() != nil:
			out.abandon = true // shutting down: another worker will do it
		case out.delivered >= o.MaxDeliver:
			out.fail, out.term = err.Error(), true
		default:
			out.retry = err
		}
	}
	if wo.Progress != nil {
		e.progress = func(c counters) { wo.Progress(workerStats(c)) }
	}
	err = e.run(ctx, false)
	return workerStats(e.snapshot()), err
}

// newEngine returns an engine with wo's settings, defaults filled in.
func newEngine(cons jetstream.Consumer, ensure func(context.Context) (jetstream.Consumer, error), sink Sink, o Options, wo WorkerOptions) *engine {
	e := &engine{
		cons: cons, ensure: ensure, sink: sink, maxDeliver: o.MaxDeliver,
		conc: wo.Concurrency, batch: wo.Batch, flushEvery: wo.FlushInterval, fetchWait: wo.FetchWait,
		retryDelay: wo.RetryDelay, heartbeat: wo.Heartbeat, grace: wo.Grace, progEvery: wo.ProgressInterval,
	}
	if e.conc <= 0 {
		e.conc = 1
	}
	if e.batch <= 0 {
		e.batch = 16
	}
	if e.flushEvery <= 0 {
		e.flushEvery = 250 * time.Millisecond
	}
	if e.fetchWait <= 0 {
		e.fetchWait = time.Second
	}
	if e.retryDelay <= 0 {
		e.retryDelay = 5 * time.Second
	}
	if e.heartbeat <= 0 {
		e.heartbeat = o.AckWait / 3
	}
	if e.grace <= 0 {
		e.grace = time.Minute
	}
	if e.progEvery <= 0 {
		e.progEvery = 10 * time.Second
	}
	return e
}
