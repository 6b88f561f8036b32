package watch

import (
	"context"
	"fmt"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/pipeline"
)

// Sink receives the articles a Watcher finds: documents, and failure items
// (Err set, ID the article URL). Submit must be safe for concurrent use. An
// error from Submit means the item was not taken (a store or a queue that
// does not answer): the Watcher stops polling that feed and tries the item
// again on its next poll. The NATS sink is *queue.Publisher.
type Sink interface {
	Submit(ctx context.Context, it ingest.Item) error
}

// Storer is what StoreSink writes to: *store.Store has these methods.
type Storer interface {
	Put(ctx context.Context, rec *doc.Record) error
	PutFailure(ctx context.Context, id, msg string) error
}

// StoreSink is the in-process Sink: it extracts each document with a
// pipeline and stores the record, as dyad ingest does. Failure items, and
// documents the pipeline fails on, are recorded as failures.
type StoreSink struct {
	p  *pipeline.Pipeline
	st Storer
}

// NewStoreSink returns a Sink that extracts with p and stores in st.
func NewStoreSink(p *pipeline.Pipeline, st Storer) *StoreSink {
	return &StoreSink{p: p, st: st}
}

// Submit extracts and stores one item. It returns an error only when the
// store fails or ctx is done.
func (s *StoreSink) Submit(ctx context.Context, it ingest.Item) error {
	if it.Err != nil {
		return s.fail(ctx, it.ID, it.Err)
	}
	d := it.Document()
	if err := s.p.Process(ctx, d); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		return s.fail(ctx, it.ID, err)
	}
	if err := s.st.Put(ctx, d.Record(doc.RecordOptions{})); err != nil {
		return fmt.Errorf("watch: store %s: %w", it.ID, err)
	}
	return nil
}

func (s *StoreSink) fail(ctx context.Context, id string, cause error) error {
	if err := s.st.PutFailure(ctx, id, cause.Error()); err != nil {
		return fmt.Errorf("watch: store failure of %s: %w", id, err)
	}
	return nil
}
