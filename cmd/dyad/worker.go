package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
)

type workerOptions struct {
	nats        string
	store       storeFlags
	storeGiven  bool // --db or --postgres given on the command line
	results     bool
	concurrency int
	batch       int
	replicas    int
	ackWait     time.Duration
	maxDeliver  int
	grace       time.Duration
	logEvery    time.Duration
	window      time.Duration
	coding      codingFlags
}

func newWorker() *cobra.Command {
	var o workerOptions
	c := &cobra.Command{
		Use:   "worker --nats URL (--db FILE | --postgres DSN | --results)",
		Short: "Extract documents from the NATS JetStream work queue",
		Long: `worker pulls documents that dyad submit (or dyad watch --nats) queued on NATS
JetStream, extracts them and writes each record, or failure, to the store
(--db, --postgres) or to the results stream that dyad ingest --nats drains
(--results). A document is acknowledged only once its record is written, so a
worker that dies loses nothing: the server delivers its documents again to
another worker (after --ack-wait), and writing a document twice stores it once.
Start as many workers, on as many machines, as there is work: they share the
queue. A document whose extraction fails is tried again, --max-deliver times
in all, then recorded as failed.

Progress is logged every --log-interval. On SIGINT or SIGTERM the worker stops
fetching, finishes and acknowledges the documents in flight (for at most
--grace) and prints its statistics as one JSON line on standard error: counts,
seconds spent decoding, extracting, writing and acknowledging, and overhead,
(decode + write + ack) / extract.`,
		Example: `  dyad worker --nats nats://127.0.0.1:4222 --db events.db
  dyad worker --nats nats://a:4222,nats://b:4222,nats://c:4222 --postgres postgres://dyad@db/dyad --concurrency 4
  dyad worker --nats nats://127.0.0.1:4222 --results`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("worker takes no arguments (got %q): it reads documents from NATS", args)}
			}
			o.storeGiven = cmd.Flags().Changed("db") || cmd.Flags().Changed("postgres")
			return runWorker(cmd.Context(), o, cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVar(&o.nats, "nats", os.Getenv("NATS_URL"), natsFlagUsage)
	o.store.register(f)
	f.BoolVar(&o.results, "results", false, "publish records to the NATS results stream, for dyad ingest --nats, instead of a store")
	f.IntVar(&o.concurrency, "concurrency", 1, "documents extracted at once")
	f.IntVar(&o.batch, "batch", 16, "records written together")
	f.IntVar(&o.replicas, "replicas", 0, "servers holding each stream: 1, or 3 on a three-node cluster (default: 1 for a new stream, an existing stream's unchanged)")
	f.DurationVar(&o.ackWait, "ack-wait", queue.DefaultAckWait, "how long the server waits for a worker that stopped answering before it delivers its documents to another")
	f.IntVar(&o.maxDeliver, "max-deliver", queue.DefaultMaxDeliver, "deliveries of a document before its failure is final")
	f.DurationVar(&o.grace, "grace", time.Minute, "on SIGINT or SIGTERM, how long the documents in flight may take to finish")
	f.DurationVar(&o.logEvery, "log-interval", 10*time.Second, "how often to log progress")
	f.DurationVar(&o.window, "window", store.DefaultWindow, "how far apart the dates of reports of one event may be (with --db or --postgres)")
	o.coding.register(f)
	return c
}

func runWorker(ctx context.Context, o workerOptions, stderr io.Writer) error {
	if o.nats == "" {
		return usageError{errors.New("no NATS server: give --nats URL (or set NATS_URL)")}
	}
	var target string
	if o.results {
		if o.storeGiven {
			return usageError{errors.New("give --results or a store (--db FILE, --postgres DSN), not both")}
		}
	} else {
		t, err := o.store.target()
		if err != nil {
			return usageError{errors.New("nowhere to write: give --db FILE, --postgres DSN, or --results for dyad ingest --nats")}
		}
		target = t
	}
	switch {
	case o.concurrency < 1:
		return usageError{fmt.Errorf("--concurrency %d: want at least 1", o.concurrency)}
	case o.batch < 1:
		return usageError{fmt.Errorf("--batch %d: want at least 1", o.batch)}
	case o.replicas < 0:
		return usageError{fmt.Errorf("--replicas %d: want 1 or more", o.replicas)}
	case o.maxDeliver < 1:
		return usageError{fmt.Errorf("--max-deliver %d: want at least 1", o.maxDeliver)}
	case o.ackWait < time.Second:
		return usageError{fmt.Errorf("--ack-wait %s: want at least 1s", o.ackWait)}
	case o.logEvery <= 0:
		return usageError{fmt.Errorf("--log-interval %s: want more than 0", o.logEvery)}
	}
	stderr = &syncWriter{w: stderr}
	p, err := o.coding.pipeline(stderr)
	if err != nil {
		return err
	}
	nc, err := connectNATS(ctx, o.nats, "dyad worker", stderr)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("JetStream: %w", err)
	}
	qo := queue.Options{Replicas: o.replicas, AckWait: o.ackWait, MaxDeliver: o.maxDeliver}.WithDefaults()
	var sink queue.Sink
	dest := "the results stream " + qo.ResultsStream
	if o.results {
		sink = queue.ResultsSink(js, qo)
	} else {
		st, err := store.Open(ctx, target, store.Window(o.window))
		if err != nil {
			return err
		}
		defer st.Close()
		sink, dest = queue.StoreSink(st), store.Describe(target)
	}
	fmt.Fprintf(stderr, "dyad: worker: extracting documents from NATS %s (stream %s, consumer %s), %d at a time, into %s\n",
		queue.Redact(o.nats), qo.Stream, qo.Consumer, o.concurrency, dest)
	stats, err := queue.RunWorker(ctx, js, qo, p, sink, queue.WorkerOptions{
		Concurrency: o.concurrency,
		Batch:       o.batch,
		Grace:       o.grace,
		Progress: func(s queue.WorkerStats) {
			fmt.Fprintf(stderr, "dyad: worker: %d documents, %d failures, %.1f documents/s, %d redeliveries, overhead %.1f%%\n",
				s.Documents, s.Failures, s.Rate(), s.Redeliveries, 100*s.Overhead())
		},
		ProgressInterval: o.logEvery,
	})
	line, jerr := json.Marshal(stats)
	if jerr == nil {
		fmt.Fprintf(stderr, "%s\n", line)
	}
	if err != nil {
		return err
	}
	return jerr
}

// syncWriter serialises writes to w, which several goroutines share.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
