package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
)

// drainNATS stores in st every record and failure waiting on the NATS
// results stream at url (what dyad worker --results wrote) and returns
// once none is left, with the number of records stored. Each result is
// acknowledged once stored, so an interrupted drain loses nothing: the next
// one goes on from there, and a result stored twice is stored once. It
// logs progress, and a summary, to stderr. When ctx is done it finishes
// the results in flight and returns an error wrapping ctx's.
func drainNATS(ctx context.Context, url string, st *store.Store, stderr io.Writer) (stored int, err error) {
	stderr = &syncWriter{w: stderr}
	nc, err := connectNATS(ctx, url, "dyad ingest", stderr)
	if err != nil {
		return 0, err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return 0, fmt.Errorf("JetStream: %w", err)
	}
	o := queue.Options{}.WithDefaults()
	ds, err := queue.Drain(ctx, js, o, queue.StoreSink(st), queue.DrainOptions{
		Progress: func(s queue.DrainStats) {
			fmt.Fprintf(stderr, "dyad: ingest: %d records and %d failures stored from NATS\n", s.Records, s.Failures)
		},
		ProgressInterval: 10 * time.Second,
	})
	fmt.Fprintf(stderr, "dyad: stored %d records and %d failures from the NATS results stream %s at %s\n",
		ds.Records, ds.Failures, o.ResultsStream, queue.Redact(url))
	if err != nil {
		return ds.Records, err
	}
	if cerr := ctx.Err(); cerr != nil {
		return ds.Records, fmt.Errorf("interrupted after storing %d records from NATS; run again to store the rest: %w", ds.Records, cerr)
	}
	return ds.Records, nil
}
