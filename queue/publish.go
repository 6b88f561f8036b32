package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/ingest"
)

// ErrClosed is returned by Submit on a closed Publisher.
var ErrClosed = errors.New("queue: publisher is closed")

// Publisher puts input documents on the work queue. Publications are
// asynchronous: Submit returns once a document is sent, and the server's
// acknowledgements are awaited in the background, at most
// Options.MaxPending at a time, a failed or unanswered publication being
// tried again (Options.PublishTries). Close waits for them all. A Publisher
// is safe for concurrent use.
type Publisher struct {
	js       jetstream.JetStream
	o        Options
	max      int64         // the server's max_payload
	slots    chan struct{} // one per publication awaiting its ack
	pending  chan pending  // publications in order, for the collector
	done     chan struct{} // closed when the collector has finished
	finished chan struct{} // closed when Close has finished
	stop     context.CancelFunc
	retry    context.Context // retries stop when Close gives up

	mu       sync.Mutex
	closed   bool
	active   sync.WaitGroup // Submit calls in progress
	stats    PublishStats
	errs     []error // the first failures
	closeErr error
}

// pending is a publication awaiting the server's acknowledgement.
type pending struct {
	id  string
	msg *nats.Msg
	fut jetstream.PubAckFuture
}

// PublishStats counts what a Publisher did.
type PublishStats struct {
	// Submitted counts the documents given to Submit and sent.
	Submitted int
	// Published counts the documents the server stored, Duplicates those
	// it dropped as copies of a document published within the duplicate
	// window, and Failed those it did not acknowledge after every try.
	Published, Duplicates, Failed int
	// InputFailures counts the documents that could not be read (Item.Err
	// set), sent for the workers to record as failures; TooLarge those
	// over the server's max_payload, sent as failures too.
	InputFailures, TooLarge int
}

// maxErrs is how many failures Close reports by name.
const maxErrs = 5

// NewPublisher returns a Publisher on the connection nc, after making sure
// the streams exist (EnsureStreams).
func NewPublisher(ctx context.Context, nc *nats.Conn, o Options) (*Publisher, error) {
	o = o.WithDefaults()
	js, err := jetstream.New(nc,
		jetstream.WithPublishAsyncMaxPending(o.MaxPending+1),
		jetstream.WithPublishAsyncTimeout(o.PublishTimeout))
	if err != nil {
		return nil, fmt.Errorf("queue: JetStream: %w", err)
	}
	if err := EnsureStreams(ctx, js, o); err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	retry, stop := context.WithCancel(context.WithoutCancel(ctx))
	p := &Publisher{
		js: js, o: o, max: nc.MaxPayload(),
		slots:    make(chan struct{}, o.MaxPending),
		pending:  make(chan pending, o.MaxPending),
		done:     make(chan struct{}),
		finished: make(chan struct{}),
		stop:     stop,
		retry:    retry,
	}
	go p.collect()
	return p, nil
}

// Submit publishes one input document, under it.ID: its text and metadata,
// or its failure when it.Err is set (a worker records it as failed). A
// document over the server's max_payload is published as a failure that
// says so. Submit blocks while Options.MaxPending publications await their
// acknowledgement; it returns an error when the document could not be
// sent, or ctx is done first. A publication the server does not
// acknowledge is counted in Stats and reported by Close.
func (p *Publisher) Submit(ctx context.Context, it ingest.Item) error {
	if !p.enter() {
		return ErrClosed
	}
	defer p.active.Done()

	w, msg, tooLarge, err := p.message(it)
	if err != nil {
		return err
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("queue: submit %s: %w", it.ID, ctx.Err())
	}
	fut, err := p.js.PublishMsgAsync(msg)
	if err != nil {
		<-p.slots
		return fmt.Errorf("queue: publish %s: %w", it.ID, err)
	}
	p.mu.Lock()
	p.countSubmitted(w, tooLarge)
	p.mu.Unlock()
	p.pending <- pending{id: w.ID, msg: msg, fut: fut} // never blocks: slots bound it
	return nil
}

// countSubmitted counts a document submitted; p.mu is held.
func (p *Publisher) countSubmitted(w Work, tooLarge bool) {
	p.stats.Submitted++
	if w.Error != "" {
		p.stats.InputFailures++
	}
	if tooLarge {
		p.stats.TooLarge++
	}
}

// enter counts a submission in flight, unless the Publisher is closed;
// the caller calls p.active.Done when it has finished.
func (p *Publisher) enter() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.active.Add(1)
	return true
}

// message builds the message of one input document (a failure record when
// it is too large for the server).
func (p *Publisher) message(it ingest.Item) (Work, *nats.Msg, bool, error) {
	w := WorkOf(it)
	content := w.Text
	if w.Error != "" {
		content = "error: " + w.Error
	}
	msg, err := newMsg(p.o.Subject, w.ID, MsgID(w.ID, content), w, p.max)
	var big *tooLargeError
	tooLarge := errors.As(err, &big)
	if tooLarge {
		w = Work{ID: w.ID, Origin: w.Origin, Error: fmt.Sprintf("%s: document too large for the queue: %v", w.Origin, big)}
		msg, err = newMsg(p.o.Subject, w.ID, MsgID(w.ID, "error: "+w.Error), w, p.max)
	}
	if err != nil {
		return w, nil, false, fmt.Errorf("queue: submit %s: %w", it.ID, err)
	}
	return w, msg, tooLarge, nil
}

// SubmitWait publishes one input document as Submit does, but returns only
// once the server has acknowledged it (retrying as Submit's publications
// are retried), so that a caller can record it as queued: dyad watch marks
// an article seen only then.
func (p *Publisher) SubmitWait(ctx context.Context, it ingest.Item) error {
	if !p.enter() {
		return ErrClosed
	}
	defer p.active.Done()
	w, msg, tooLarge, err := p.message(it)
	if err != nil {
		return err
	}
	var ack *jetstream.PubAck
	for try := 1; try <= p.o.PublishTries; try++ {
		if try > 1 {
			select {
			case <-time.After(time.Duration(try-1) * 500 * time.Millisecond):
			case <-ctx.Done():
				return fmt.Errorf("queue: publish %s: %w", it.ID, ctx.Err())
			}
		}
		pctx, cancel := context.WithTimeout(ctx, p.o.PublishTimeout)
		ack, err = p.js.PublishMsg(pctx, &nats.Msg{Subject: msg.Subject, Header: msg.Header, Data: msg.Data})
		cancel()
		if err == nil || ctx.Err() != nil {
			break
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.countSubmitted(w, tooLarge)
	switch {
	case err != nil:
		p.stats.Failed++
		return fmt.Errorf("queue: publish %s: %w", it.ID, err)
	case ack.Duplicate:
		p.stats.Duplicates++
	default:
		p.stats.Published++
	}
	return nil
}

// collect awaits the acknowledgement of each publication, in order,
// retrying those that fail, and frees their slots.
func (p *Publisher) collect() {
	defer close(p.done)
	for pd := range p.pending {
		var ack *jetstream.PubAck
		var err error
		select {
		case ack = <-pd.fut.Ok():
		case err = <-pd.fut.Err():
		case <-p.retry.Done():
			err = errors.New("no acknowledgement before Close gave up waiting")
		}
		for try := 2; err != nil && try <= p.o.PublishTries && p.retry.Err() == nil; try++ {
			select {
			case <-time.After(time.Duration(try-1) * 500 * time.Millisecond):
			case <-p.retry.Done():
			}
			ctx, cancel := context.WithTimeout(p.retry, p.o.PublishTimeout)
			ack, err = p.js.PublishMsg(ctx, &nats.Msg{Subject: pd.msg.Subject, Header: pd.msg.Header, Data: pd.msg.Data})
			cancel()
		}
		p.mu.Lock()
		switch {
		case err != nil:
			p.stats.Failed++
			if len(p.errs) < maxErrs {
				p.errs = append(p.errs, fmt.Errorf("%s: %w", pd.id, err))
			}
		case ack.Duplicate:
			p.stats.Duplicates++
		default:
			p.stats.Published++
		}
		p.mu.Unlock()
		<-p.slots
	}
}

// Stats returns what the Publisher has done so far.
func (p *Publisher) Stats() PublishStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Close stops accepting documents and waits until the server has
// acknowledged every publication, or ctx is done. It returns an error
// naming the documents the server did not acknowledge, those still
// unacknowledged when ctx ended the wait included. It does not close the
// connection. Calling Close again returns the same result.
func (p *Publisher) Close(ctx context.Context) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		<-p.finished
		return p.closeErr
	}
	p.closed = true
	p.mu.Unlock()
	defer close(p.finished)
	p.active.Wait()
	close(p.pending)
	select {
	case <-p.done:
	case <-ctx.Done():
		p.stop() // stop retrying and waiting
		<-p.done
	}
	p.stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stats.Failed > 0 {
		p.closeErr = fmt.Errorf("queue: the server did not acknowledge %d of %d documents: %w",
			p.stats.Failed, p.stats.Submitted, errors.Join(p.errs...))
	}
	return p.closeErr
}
