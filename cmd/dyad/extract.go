package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/output"
	"github.com/dyad-events/dyad/pipeline"
)

type extractOptions struct {
	out      string
	date     string
	format   string
	workers  int
	progress bool
	maxBytes int64
	tokens   bool
	coding   codingFlags
}

func newExtract() *cobra.Command {
	var o extractOptions
	c := &cobra.Command{
		Use:   "extract [flags] [PATH...]",
		Short: "Extract events, actors, quotes and counts from documents",
		Long: `extract reads documents and writes one record per document.

A PATH is a plain-text file, an HTML file (article text, title and date are
extracted), a JSON Lines file (.jsonl or .ndjson; one {"id","text","date",
"title","source","url"} object per line, "html" accepted instead of "text"),
a directory (read recursively in lexical order), or - for standard input.
With no PATH, standard input is read when it is not a terminal.

Every input document yields exactly one output record, in input order: the
extraction, or {"id":...,"error":...} when the document could not be read or
processed. The exit status is 1 when any document failed, 2 on a usage error.`,
		Example: `  dyad extract --date 2012-02-08 examples/article.txt
  dyad extract -o events.jsonl --workers 4 corpus/
  cat feed.jsonl | dyad extract --format tsv -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtract(cmd.Context(), o, args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVarP(&o.out, "output", "o", "", "write records to `FILE` instead of standard output")
	f.StringVar(&o.date, "date", "", "publication date (`YYYY-MM-DD`) for documents whose input gives none")
	f.StringVar(&o.format, "format", "json", "output format: json (JSON Lines, one record per document), tsv (one row per event) or dyads (one row per actor-recipient pair, CAMEO/GDELT style)")
	f.IntVar(&o.workers, "workers", runtime.NumCPU(), "documents processed in parallel")
	f.BoolVar(&o.progress, "progress", term.IsTerminal(int(os.Stderr.Fd())), "show a progress bar on standard error (default: when it is a terminal)")
	f.Int64Var(&o.maxBytes, "max-bytes", ingest.DefaultMaxBytes, "reject documents larger than this many bytes")
	f.BoolVar(&o.tokens, "tokens", false, "include the token layer (offsets, tags, lemmas) in JSON records")
	o.coding.register(f)
	return c
}

func runExtract(ctx context.Context, o extractOptions, paths []string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	opt := ingest.Options{MaxBytes: o.maxBytes}
	if o.date != "" {
		d, err := ingest.ParseDate(o.date)
		if err != nil {
			return usageError{fmt.Errorf("--date %q: %w (want YYYY-MM-DD)", o.date, err)}
		}
		opt.DefaultDate = d
	}
	if len(paths) == 0 {
		if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return usageError{errors.New("no input: give files, directories, or - for standard input (see 'dyad extract --help')")}
		}
		paths = []string{"-"}
	}
	w, err := output.NewWriter(o.format, output.Options{Tokens: o.tokens})
	if err != nil {
		return usageError{err}
	}
	if o.workers < 1 {
		return usageError{fmt.Errorf("--workers %d: want at least 1", o.workers)}
	}
	p, err := o.coding.pipeline(stderr)
	if err != nil {
		return err
	}

	var dst io.Writer = stdout
	if o.out != "" && o.out != "-" {
		f, err := os.Create(o.out)
		if err != nil {
			return fmt.Errorf("create output: %w", err)
		}
		defer func() {
			if cerr := f.Close(); cerr != nil && err == nil {
				err = fmt.Errorf("close output: %w", cerr)
			}
		}()
		dst = f
	}
	bw := bufio.NewWriterSize(dst, 1<<16)

	var bar *progressbar.ProgressBar
	if o.progress {
		bar = newProgress(stderr, "extracting")
	}
	stats, runErr := extract(ctx, p, paths, stdin, opt, o.workers, func(r pipeline.Result) error {
		if bar != nil {
			_ = bar.Add(1)
		}
		if r.Err != nil {
			id := r.ID
			if r.Doc != nil {
				id = r.Doc.ID
			}
			return w.WriteError(bw, id, r.Err)
		}
		return w.WriteDoc(bw, r.Doc)
	})
	if bar != nil {
		_ = bar.Finish()
	}
	if ferr := w.Close(bw); ferr != nil && runErr == nil {
		runErr = ferr
	}
	if ferr := bw.Flush(); ferr != nil && runErr == nil {
		runErr = fmt.Errorf("write output: %w", ferr)
	}
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) {
			return fmt.Errorf("interrupted after %d documents", stats.Documents)
		}
		return runErr
	}
	if stats.Failed > 0 {
		fmt.Fprintf(stderr, "dyad: %d of %d documents failed; see their error records\n", stats.Failed, stats.Documents)
		return errFailed
	}
	return nil
}

// extractStats counts what Extract did.
type extractStats struct {
	Documents int
	Failed    int
	Tokens    int
}

// extract reads paths, runs p over every document on workers goroutines and
// calls emit with each result in input order.
func extract(ctx context.Context, p *pipeline.Pipeline, paths []string, stdin io.Reader, opt ingest.Options, workers int, emit func(pipeline.Result) error) (extractStats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan ingest.Item, workers*2)
	readErr := make(chan error, 1)
	go func() {
		defer close(items)
		readErr <- ingest.Read(ctx, paths, stdin, opt, func(it ingest.Item) error {
			select {
			case items <- it:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var stats extractStats
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
	err := p.Run(ctx, workers, next, func(r pipeline.Result) error {
		stats.Documents++
		if r.Err != nil {
			stats.Failed++
		} else if r.Doc != nil {
			stats.Tokens += len(r.Doc.Tokens)
		}
		return emit(r)
	})
	cancel()
	for range items { // let the reader finish
	}
	return stats, err
}

// jobOf turns an input item into a pipeline job.
func jobOf(it ingest.Item) pipeline.Job {
	if it.Err != nil {
		return pipeline.Job{ID: it.ID, Err: it.Err}
	}
	d := it.Document()
	return pipeline.Job{Doc: d, ID: it.ID}
}
