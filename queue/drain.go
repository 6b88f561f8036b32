package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// DrainOptions tune Drain. The zero value drains once.
type DrainOptions struct {
	// Follow keeps Drain reading new results until ctx is done, instead of
	// returning once the stream has nothing pending.
	Follow bool
	// Batch is how many records one Sink.Put writes (default 64), and
	// FlushInterval how long a record waits for its batch to fill
	// (default 250 ms).
	Batch         int
	FlushInterval time.Duration
	// RetryDelay is how long, times the number of deliveries so far, the
	// server waits before delivering again a result whose write failed
	// (default 5 s).
	RetryDelay time.Duration
	// Progress, when set, is called every ProgressInterval (default 10 s)
	// with the statistics so far.
	Progress         func(DrainStats)
	ProgressInterval time.Duration
}

// DrainStats count what Drain stored.
type DrainStats struct {
	// Records counts the records written, Failures the failures recorded.
	Records, Failures int
	// Redeliveries counts the results received that had been delivered
	// before, Retries those handed back after a failed write.
	Redeliveries, Retries int
	// Write and Ack are the time spent writing to the Sink and
	// acknowledging; Elapsed the time since Drain started.
	Write, Ack, Elapsed time.Duration
}

func drainStats(c counters) DrainStats {
	return DrainStats{Records: c.written, Failures: c.failures, Redeliveries: c.redeliveries,
		Retries: c.retries, Write: c.write, Ack: c.ack, Elapsed: time.Since(c.started)}
}

// Drain reads the results stream that o names through the durable consumer
// o.DrainConsumer and writes each record, or failure, to sink, in batches,
// acknowledging each result once it is written. It returns when the
// consumer has nothing left pending (nothing undelivered, nothing awaiting
// acknowledgement), or, with do.Follow, when ctx is done; on ctx done it
// finishes the results in flight first. The consumer remembers what was
// acknowledged, so the next Drain goes on from there.
func Drain(ctx context.Context, js jetstream.JetStream, o Options, sink Sink, do DrainOptions) (DrainStats, error) {
	o = o.WithDefaults()
	if err := EnsureStreams(ctx, js, o); err != nil {
		return DrainStats{}, fmt.Errorf("queue: %w", err)
	}
	ensure := func(ctx context.Context) (jetstream.Consumer, error) {
		c, err := js.CreateOrUpdateConsumer(ctx, o.ResultsStream, jetstream.ConsumerConfig{
			Durable:       o.DrainConsumer,
			Description:   "dyad ingest --nats",
			FilterSubject: o.ResultsSubject,
			DeliverPolicy: jetstream.DeliverAllPolicy,
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       o.AckWait,
			MaxDeliver:    o.MaxDeliver,
			MaxAckPending: o.MaxAckPending,
		})
		if err != nil {
			return nil, fmt.Errorf("queue: consumer %s of stream %s: %w", o.DrainConsumer, o.ResultsStream, err)
		}
		return c, nil
	}
	cons, err := ensure(ctx)
	if err != nil {
		return DrainStats{}, err
	}
	batch := do.Batch
	if batch <= 0 {
		batch = 64
	}
	e := newEngine(cons, ensure, sink, o, WorkerOptions{
		Batch: batch, FlushInterval: do.FlushInterval, RetryDelay: do.RetryDelay,
		FetchWait: 500 * time.Millisecond, ProgressInterval: do.ProgressInterval,
	})
	e.handle = func(ctx context.Context, m jetstream.Msg, out *outcome) {
		r, err := decodeResult(m)
		switch {
		case err != nil:
			out.fail = fmt.Sprintf("%s: %v", out.id, err)
		case r.Record != nil:
			out.id, out.rec = r.Record.ID, r.Record
		default:
			out.id, out.fail = r.ID, r.Error
		}
	}
	if do.Progress != nil {
		e.progress = func(c counters) { do.Progress(drainStats(c)) }
	}
	err = e.run(ctx, !do.Follow)
	return drainStats(e.snapshot()), err
}
