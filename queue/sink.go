package queue

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/doc"
)

// Sink is where a worker writes what it extracts, and where Drain writes
// the results stream. A write must be durable when it returns nil, since
// the messages are then acknowledged, and idempotent, since a message can
// be delivered and written more than once.
type Sink interface {
	// Put writes records, all or none.
	Put(ctx context.Context, recs []*doc.Record) error
	// Fail records that document id failed, with the reason msg. A
	// failure does not replace a stored record of the same id.
	Fail(ctx context.Context, id, msg string) error
}

// StoreWriter is what StoreSink needs of a store; *store.Store has it.
type StoreWriter interface {
	PutBatch(ctx context.Context, recs []*doc.Record) error
	PutFailure(ctx context.Context, id, msg string) error
}

// StoreSink returns a Sink that writes to a store: Put with PutBatch (one
// transaction, a record replacing a stored document of the same id or
// text) and Fail with PutFailure (kept only for an id without a record).
func StoreSink(st StoreWriter) Sink { return storeSink{st} }

type storeSink struct{ st StoreWriter }

func (s storeSink) Put(ctx context.Context, recs []*doc.Record) error {
	return s.st.PutBatch(ctx, recs)
}

func (s storeSink) Fail(ctx context.Context, id, msg string) error {
	return s.st.PutFailure(ctx, id, msg)
}

// ResultsSink returns a Sink that publishes to the results stream that o
// names, for Drain to store: each record, or failure, is one message whose
// Nats-Msg-Id is the document id and the hash of its text (or of the
// failure), so that a record published again within the duplicate window
// is stored once in the stream. Put returns once the server has
// acknowledged every message, or fails. A record over the server's
// max_payload is published as a failure that says so.
func ResultsSink(js jetstream.JetStream, o Options) Sink {
	o = o.WithDefaults()
	// A context of its own, whose publications time out rather than
	// await forever an acknowledgement that was lost.
	if own, err := jetstream.New(js.Conn(), jetstream.WithPublishAsyncTimeout(o.PublishTimeout)); err == nil {
		js = own
	}
	return &resultsSink{js: js, o: o, max: js.Conn().MaxPayload()}
}

type resultsSink struct {
	js  jetstream.JetStream
	o   Options
	max int64
}

func (s *resultsSink) Put(ctx context.Context, recs []*doc.Record) error {
	msgs := make([]*nats.Msg, 0, len(recs))
	for _, rec := range recs {
		m, err := newMsg(s.o.ResultsSubject, rec.ID, MsgID(rec.ID, rec.Text), Result{Record: rec}, s.max)
		var big *tooLargeError
		if errors.As(err, &big) {
			m, err = s.failMsg(rec.ID, fmt.Sprintf("the record is too large for the results stream: %v", big))
		}
		if err != nil {
			return fmt.Errorf("results: %w", err)
		}
		msgs = append(msgs, m)
	}
	return s.publish(ctx, msgs)
}

func (s *resultsSink) Fail(ctx context.Context, id, msg string) error {
	m, err := s.failMsg(id, msg)
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	return s.publish(ctx, []*nats.Msg{m})
}

// failMsg returns the results message of a failure.
func (s *resultsSink) failMsg(id, msg string) (*nats.Msg, error) {
	return newMsg(s.o.ResultsSubject, id, MsgID(id, "error: "+msg), Result{ID: id, Error: msg}, s.max)
}

// publish publishes msgs together and waits for every acknowledgement.
func (s *resultsSink) publish(ctx context.Context, msgs []*nats.Msg) error {
	ctx, cancel := context.WithTimeout(ctx, s.o.PublishTimeout)
	defer cancel()
	futs := make([]jetstream.PubAckFuture, 0, len(msgs))
	var errs []error
	for _, m := range msgs {
		f, err := s.js.PublishMsgAsync(m)
		if err != nil {
			errs = append(errs, fmt.Errorf("results: publish %s: %w", m.Header.Get(HeaderID), err))
			continue
		}
		futs = append(futs, f)
	}
	for _, f := range futs {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			errs = append(errs, fmt.Errorf("results: publish %s: %w", f.Msg().Header.Get(HeaderID), err))
		case <-ctx.Done():
			return errors.Join(append(errs, fmt.Errorf("results: waiting for the server's acknowledgement: %w", ctx.Err()))...)
		}
	}
	return errors.Join(errs...)
}
