package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
)

type ingestOptions struct {
	store     storeFlags
	date      string
	workers   int
	progress  bool
	maxBytes  int64
	window    time.Duration
	recluster bool
	nats      string
	coding    codingFlags
}

func newIngest() *cobra.Command {
	var o ingestOptions
	c := &cobra.Command{
		Use:   "ingest (--db FILE | --postgres DSN) PATH...",
		Short: "Extract documents into a store (SQLite or PostgreSQL), resumably",
		Long: `ingest reads documents as extract does (text, HTML, JSON Lines, directories,
- for standard input), extracts them and stores each record in the SQLite
database --db (created if needed; WAL mode) or the PostgreSQL database
--postgres: the record, its events, actors, quotes, counts and places, and the
text for full-text search. Documents are committed in small batches, so an
interrupted run (Ctrl-C, a crash, kill -9) loses at most the documents in
flight: run it again and it skips what is stored (same id and same text) and
does the rest. A document stored again under the same id, or with the same
text under another id, replaces the old one: each is stored once. A document
that fails is recorded in the failures table with its error. Each stored event
joins the cluster of reports of the same event across articles (same type,
actors and recipients, dates within --window); --recluster rebuilds every
cluster at the end, for a store filled with another window.

With --nats URL, ingest reads no files: it stores the records dyad worker
--results published to the NATS results stream, until the stream is drained.`,
		Example: `  dyad ingest --db events.db ../shared/datasets/bbc_news/bbc/politics
  dyad ingest --db events.db --date 2012-02-08 article.txt
  dyad ingest --postgres postgres://dyad:secret@db/dyad corpus/
  dyad ingest --db events.db --nats nats://127.0.0.1:4222`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIngest(cmd.Context(), o, args, cmd.InOrStdin(), cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	o.store.register(f)
	f.StringVar(&o.date, "date", "", "publication date (`YYYY-MM-DD`) for documents whose input gives none")
	f.IntVar(&o.workers, "workers", runtime.NumCPU(), "documents processed in parallel")
	f.BoolVar(&o.progress, "progress", term.IsTerminal(int(os.Stderr.Fd())), "show a progress bar on standard error (default: when it is a terminal)")
	f.Int64Var(&o.maxBytes, "max-bytes", ingest.DefaultMaxBytes, "reject documents larger than this many bytes")
	f.DurationVar(&o.window, "window", store.DefaultWindow, "how far apart the dates of reports of one event may be")
	f.BoolVar(&o.recluster, "recluster", false, "rebuild every event cluster at the end with --window")
	f.StringVar(&o.nats, "nats", "", "drain the records dyad worker --results published to NATS at `URL` into the store, instead of reading PATHs")
	o.coding.register(f)
	return c
}

func runIngest(ctx context.Context, o ingestOptions, paths []string, stdin io.Reader, stderr io.Writer) error {
	target, err := o.store.target()
	if err != nil {
		return err
	}
	if o.nats != "" {
		if len(paths) > 0 {
			return usageError{errors.New("--nats drains the results stream: give no PATH with it")}
		}
		st, err := store.Open(ctx, target, store.Window(o.window))
		if err != nil {
			return err
		}
		defer st.Close()
		n, err := drainNATS(ctx, o.nats, st, stderr)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "dyad: stored %d records from NATS\n", n)
		return nil
	}
	if len(paths) == 0 {
		return usageError{errors.New("no input: give files, directories, or - for standard input")}
	}
	if o.workers < 1 {
		return usageError{fmt.Errorf("--workers %d: want at least 1", o.workers)}
	}
	opt, err := inputOptions(o.maxBytes, o.date)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, target, store.Window(o.window))
	if err != nil {
		return err
	}
	defer st.Close()
	before, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	p, err := o.coding.pipeline(stderr)
	if err != nil {
		return err
	}
	var bar *progressbar.ProgressBar
	if o.progress {
		bar = newProgress(stderr, "ingesting")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan ingest.Item, o.workers*2)
	readErr := make(chan error, 1)
	skipped := 0
	go func() {
		defer close(items)
		readErr <- ingest.Read(ctx, paths, stdin, opt, func(it ingest.Item) error {
			it.ID = storeID(it)
			if it.Err == nil {
				has, err := st.Has(ctx, it.ID, store.Hash(it.Text))
				if err != nil {
					return err
				}
				if has {
					skipped++ // stored by an earlier run
					if bar != nil {
						_ = bar.Add(1)
					}
					return nil
				}
			}
			select {
			case items <- it:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	next := func() (pipeline.Job, bool, error) {
		it, ok := <-items
		if !ok {
			if err := <-readErr; err != nil {
				return pipeline.Job{}, false, err
			}
			return pipeline.Job{}, false, nil
		}
		return jobOf(it), true, nil
	}
	stored, failed := 0, 0
	// Records are committed in small batches: a crash loses at most one
	// batch, which the next run does again.
	var batch []*doc.Record
	lastFlush := time.Now()
	flush := func() error {
		err := st.PutBatch(ctx, batch)
		if err == nil {
			stored += len(batch)
		}
		batch, lastFlush = batch[:0], time.Now()
		return err
	}
	runErr := p.Run(ctx, o.workers, next, func(r pipeline.Result) error {
		if bar != nil {
			_ = bar.Add(1)
		}
		if r.Err != nil {
			failed++
			id := r.ID
			if r.Doc != nil {
				id = r.Doc.ID
			}
			return st.PutFailure(ctx, id, r.Err.Error())
		}
		batch = append(batch, r.Doc.Record(doc.RecordOptions{}))
		if len(batch) >= ingestBatch || time.Since(lastFlush) > time.Second {
			return flush()
		}
		return nil
	})
	if runErr == nil || errors.Is(runErr, context.Canceled) {
		// Keep what was extracted before an interruption.
		if err := st.PutBatch(context.WithoutCancel(ctx), batch); err == nil {
			stored += len(batch)
		} else if runErr == nil {
			runErr = err
		}
	}
	if bar != nil {
		_ = bar.Finish()
	}
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) {
			return fmt.Errorf("interrupted after storing %d documents; run the same command again to finish", stored)
		}
		return runErr
	}
	if o.recluster {
		if err := st.Cluster(ctx, o.window); err != nil {
			return err
		}
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	replaced := ""
	if n := stored - (stats.Documents - before.Documents); n > 0 {
		replaced = fmt.Sprintf(" (%d replaced a stored document with the same id or text)", n)
	}
	fmt.Fprintf(stderr, "dyad: stored %d documents%s, skipped %d already stored, %d failed; the store holds %d documents, %d events, %d failures\n",
		stored, replaced, skipped, failed, stats.Documents, stats.Events, stats.Failures)
	if failed > 0 {
		return errFailed
	}
	return nil
}

// ingestBatch is how many records ingest commits together.
const ingestBatch = 32

// storeID is the id a document is stored under: its own id when the input
// gives one (a JSON Lines id field), else the path it was read from, so
// that two files of the same name in different directories stay two
// documents (extract names them by base name or relative path).
func storeID(it ingest.Item) string {
	if it.Origin == "" || it.Origin == "-" || strings.HasPrefix(it.Origin, "-:") {
		return it.ID
	}
	if it.ID == it.Origin || strings.HasSuffix(it.Origin, "/"+it.ID) || strings.HasSuffix(it.Origin, string(filepath.Separator)+it.ID) ||
		filepath.Base(strings.SplitN(it.Origin, ":", 2)[0]) == strings.SplitN(it.ID, ":", 2)[0] {
		return filepath.ToSlash(filepath.Clean(strings.SplitN(it.Origin, ":", 2)[0])) + originLine(it.Origin)
	}
	return it.ID
}

// originLine returns the ":LINE" of a JSON Lines origin, or "".
func originLine(origin string) string {
	if i := strings.LastIndexByte(origin, ':'); i >= 0 {
		if _, err := strconv.Atoi(origin[i+1:]); err == nil {
			return origin[i:]
		}
	}
	return ""
}
