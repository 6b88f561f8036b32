package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/semaphore"

	"github.com/dyad-events/dyad/doc"
)

// engine consumes a stream through a durable pull consumer: it fetches
// messages, turns each into an outcome with handle (on several goroutines),
// writes the outcomes to the sink in batches and acknowledges each message
// once its outcome is written. Workers and Drain are engines.
type engine struct {
	cons       jetstream.Consumer
	ensure     func(context.Context) (jetstream.Consumer, error) // recreates the consumer
	sink       Sink
	maxDeliver int
	handle     func(ctx context.Context, m jetstream.Msg, o *outcome)
	conc       int // goroutines running handle
	batch      int
	flushEvery time.Duration
	fetchWait  time.Duration
	retryDelay time.Duration
	heartbeat  time.Duration
	grace      time.Duration
	progress   func(counters)
	progEvery  time.Duration

	mu   sync.Mutex
	c    counters
	live map[jetstream.Msg]struct{} // fetched and not yet acknowledged
}

// counters are an engine's statistics.
type counters struct {
	written, failures, redeliveries, retries, terminated, abandoned, ackFailures int
	decode, extract, write, ack                                                  time.Duration
	started                                                                      time.Time
}

// outcome is what becomes of one message.
type outcome struct {
	msg       jetstream.Msg
	delivered int
	id        string
	rec       *doc.Record // a record to write; or
	fail      string      // a failure to record; then the message is
	term      bool        // terminated rather than acknowledged (its last delivery)
	retry     error       // the message is handed back for another try; or
	abandon   bool        // handed back at once, at shutdown
}

// ackTimeout bounds the wait for the server to confirm an acknowledgement.
const ackTimeout = 10 * time.Second

func (e *engine) add(f func(c *counters)) {
	e.mu.Lock()
	f(&e.c)
	e.mu.Unlock()
}

func (e *engine) snapshot() counters {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.c
}

func (e *engine) inFlight() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.live)
}

// run consumes until ctx is done, or, with untilEmpty, until the consumer
// has nothing pending. Once it stops fetching it finishes the messages in
// flight, for at most e.grace after ctx is done, handing back the rest.
func (e *engine) run(ctx context.Context, untilEmpty bool) error {
	e.c.started = time.Now()
	e.live = map[jetstream.Msg]struct{}{}
	finished := make(chan struct{})
	defer close(finished)
	// Work in flight outlives ctx by the grace period.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	go func() {
		select {
		case <-ctx.Done():
		case <-finished:
			return
		}
		select {
		case <-time.After(e.grace):
			cancelWork()
		case <-finished:
		}
	}()
	go e.tick(e.heartbeat, finished, e.keepAlive)
	if e.progress != nil {
		go e.tick(e.progEvery, finished, func() { e.progress(e.snapshot()) })
	}

	capacity := e.batch + 2*e.conc
	slots := semaphore.NewWeighted(int64(capacity))
	jobs := make(chan jetstream.Msg, capacity)
	outs := make(chan outcome, capacity)
	var handlers sync.WaitGroup
	for range e.conc {
		handlers.Go(func() {
			for m := range jobs {
				o := outcome{msg: m, delivered: 1, id: msgName(m)}
				if md, err := m.Metadata(); err == nil {
					o.delivered = int(md.NumDelivered)
				}
				if o.delivered > 1 {
					e.add(func(c *counters) { c.redeliveries++ })
				}
				e.handle(work, m, &o)
				outs <- o
			}
		})
	}
	written := make(chan struct{})
	go func() {
		defer close(written)
		e.writeAll(work, outs, func() { slots.Release(1) })
	}()

	err := e.fetchAll(ctx, slots, capacity, jobs, untilEmpty)
	close(jobs)
	handlers.Wait()
	close(outs)
	<-written
	return err
}

// fetchAll fetches messages into jobs while there are free slots, until
// ctx is done, a fatal error, or, with untilEmpty, nothing is pending.
func (e *engine) fetchAll(ctx context.Context, slots *semaphore.Weighted, capacity int, jobs chan<- jetstream.Msg, untilEmpty bool) error {
	for ctx.Err() == nil {
		if err := slots.Acquire(ctx, 1); err != nil {
			return nil // ctx is done
		}
		n := 1
		for n < capacity && slots.TryAcquire(1) {
			n++
		}
		batch, err := e.cons.Fetch(n, jetstream.FetchMaxWait(e.fetchWait))
		got := 0
		if err == nil {
			for m := range batch.Messages() {
				got++
				e.mu.Lock()
				e.live[m] = struct{}{}
				e.mu.Unlock()
				jobs <- m
			}
			err = batch.Error()
		}
		slots.Release(int64(n - got))
		if err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) {
			if errors.Is(err, nats.ErrConnectionClosed) {
				return fmt.Errorf("queue: fetch: %w", err)
			}
			if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted) {
				// The consumer (or its stream) was deleted: make it again.
				if c, cerr := e.ensure(ctx); cerr == nil {
					e.cons = c
					continue
				} else if ctx.Err() == nil {
					err = cerr
				}
			}
			// A server restarting or a leader changing: wait and retry.
			select {
			case <-time.After(time.Second):
			case <-ctx.Done():
			}
			continue
		}
		if untilEmpty && got == 0 && e.inFlight() == 0 {
			info, err := e.cons.Info(ctx)
			switch {
			case ctx.Err() != nil:
				return nil
			case errors.Is(err, nats.ErrConnectionClosed):
				return fmt.Errorf("queue: consumer info: %w", err)
			case err == nil && info.NumPending == 0 && info.NumAckPending == 0:
				return nil
			}
			// Messages pending, or the server not answering for now (a
			// transient error, or a deleted consumer, which the next
			// fetch makes again): go on.
		}
	}
	return nil
}

// tick calls f every d until done is closed.
func (e *engine) tick(d time.Duration, done <-chan struct{}, f func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			f()
		case <-done:
			return
		}
	}
}

// keepAlive tells the server that every message in flight is being worked
// on, so that it is not delivered again while it waits or is extracted.
func (e *engine) keepAlive() {
	e.mu.Lock()
	msgs := make([]jetstream.Msg, 0, len(e.live))
	for m := range e.live {
		msgs = append(msgs, m)
	}
	e.mu.Unlock()
	for _, m := range msgs {
		_ = m.InProgress() // a message acknowledged meanwhile refuses it
	}
}

// done forgets a message that has been acknowledged or handed back.
func (e *engine) done(m jetstream.Msg, release func()) {
	e.mu.Lock()
	delete(e.live, m)
	e.mu.Unlock()
	release()
}

// writeAll writes outcomes in batches of up to e.batch, or whatever
// arrived in e.flushEvery, and acknowledges their messages.
func (e *engine) writeAll(ctx context.Context, outs <-chan outcome, release func()) {
	var batch []outcome
	timer := time.NewTimer(e.flushEvery)
	timer.Stop()
	flush := func() {
		timer.Stop()
		if len(batch) > 0 {
			e.flush(ctx, batch, release)
			batch = batch[:0]
		}
	}
	for {
		select {
		case o, ok := <-outs:
			if !ok {
				flush()
				return
			}
			switch {
			case o.abandon:
				_ = o.msg.Nak()
				e.add(func(c *counters) { c.abandoned++ })
				e.done(o.msg, release)
			case o.retry != nil:
				_ = o.msg.NakWithDelay(e.retryDelay * time.Duration(o.delivered))
				e.add(func(c *counters) { c.retries++ })
				e.done(o.msg, release)
			default:
				batch = append(batch, o)
				if len(batch) == 1 {
					timer.Reset(e.flushEvery)
				}
				if len(batch) >= e.batch {
					flush()
				}
			}
		case <-timer.C:
			flush()
		}
	}
}

// flush writes a batch of outcomes (records in one Put, then failures),
// acknowledges the messages whose outcome was written (terminates those on
// their last delivery), and hands back the others. A batch Put that fails
// is tried record by record, so that one bad record does not hold back
// the others.
func (e *engine) flush(ctx context.Context, batch []outcome, release func()) {
	errs := make([]error, len(batch))
	var recs []*doc.Record
	var at []int
	for i, o := range batch {
		if o.rec != nil {
			recs = append(recs, o.rec)
			at = append(at, i)
		}
	}
	timed := func(f func() error) error {
		t := time.Now()
		err := f()
		e.add(func(c *counters) { c.write += time.Since(t) })
		return err
	}
	if len(recs) > 0 {
		err := timed(func() error { return e.sink.Put(ctx, recs) })
		if err != nil && len(recs) > 1 {
			for k, i := range at {
				errs[i] = timed(func() error { return e.sink.Put(ctx, recs[k:k+1]) })
			}
		} else if err != nil {
			errs[at[0]] = err
		}
	}
	for i := range batch {
		o := &batch[i]
		if o.rec == nil {
			errs[i] = timed(func() error { return e.sink.Fail(ctx, o.id, o.fail) })
		}
		if errs[i] != nil && o.rec != nil && o.delivered >= e.maxDeliver {
			// Its last delivery: record that it could not be stored, so
			// that it is not lost without a trace.
			o.fail = fmt.Sprintf("cannot store the record after %d deliveries: %v", o.delivered, errs[i])
			if timed(func() error { return e.sink.Fail(ctx, o.id, o.fail) }) == nil {
				o.rec, o.term, errs[i] = nil, true, nil
			}
		}
	}

	t := time.Now()
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ackTimeout)
	defer cancel()
	ackErrs := make([]error, len(batch))
	var acks sync.WaitGroup
	for i := range batch {
		o := &batch[i]
		switch {
		case errs[i] != nil:
			_ = o.msg.NakWithDelay(e.retryDelay * time.Duration(o.delivered))
		case o.term:
			ackErrs[i] = o.msg.TermWithReason(truncate(o.fail, 200))
		default:
			acks.Go(func() { ackErrs[i] = o.msg.DoubleAck(actx) })
		}
	}
	acks.Wait()
	elapsed := time.Since(t)

	e.mu.Lock()
	e.c.ack += elapsed
	for i, o := range batch {
		switch {
		case errs[i] != nil:
			e.c.retries++
		case o.rec != nil:
			e.c.written++
		default:
			e.c.failures++
			if o.term {
				e.c.terminated++
			}
		}
		if ackErrs[i] != nil {
			// Written but not acknowledged: it will come again and be
			// written again, which changes nothing.
			e.c.ackFailures++
		}
		delete(e.live, o.msg)
	}
	e.mu.Unlock()
	for range batch {
		release()
	}
}

// truncate shortens s to at most n bytes, on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
