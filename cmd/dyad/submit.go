package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/queue"
)

type submitOptions struct {
	nats     string
	date     string
	replicas int
	progress bool
	maxBytes int64
}

// natsFlagUsage describes --nats for submit and worker.
const natsFlagUsage = "NATS server `URL` (nats://host:4222), or a comma-separated list of a cluster's servers (default $NATS_URL)"

// submitCloseTimeout bounds the wait for the server's last acknowledgements.
const submitCloseTimeout = 2 * time.Minute

func newSubmit() *cobra.Command {
	var o submitOptions
	c := &cobra.Command{
		Use:   "submit --nats URL [flags] PATH...",
		Short: "Queue documents on NATS JetStream for dyad workers",
		Long: `submit reads documents as extract does (text, HTML, JSON Lines, directories,
- for standard input) and publishes each to the NATS JetStream work queue
(stream DYAD_WORK, created if needed), where dyad worker processes pull,
extract and store them. A document is named as dyad ingest names it. Documents
that cannot be read are queued too, as failures, so that every input document
ends as a stored record or a recorded failure.

Each message carries the document id and the hash of its text as its
Nats-Msg-Id: submitting the same document again within the stream's duplicate
window (2 minutes) is dropped by the server. The exit status is 1 when the
server did not acknowledge every document.`,
		Example: `  dyad submit --nats nats://127.0.0.1:4222 --date 2012-02-08 corpus/
  cat feed.jsonl | dyad submit --nats nats://a:4222,nats://b:4222,nats://c:4222 --replicas 3 -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSubmit(cmd.Context(), o, args, cmd.InOrStdin(), cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVar(&o.nats, "nats", os.Getenv("NATS_URL"), natsFlagUsage)
	f.StringVar(&o.date, "date", "", "publication date (`YYYY-MM-DD`) for documents whose input gives none")
	f.IntVar(&o.replicas, "replicas", 0, "servers holding each stream: 1, or 3 on a three-node cluster (default: 1 for a new stream, an existing stream's unchanged)")
	f.BoolVar(&o.progress, "progress", term.IsTerminal(int(os.Stderr.Fd())), "show a progress bar on standard error (default: when it is a terminal)")
	f.Int64Var(&o.maxBytes, "max-bytes", ingest.DefaultMaxBytes, "reject documents larger than this many bytes")
	return c
}

func runSubmit(ctx context.Context, o submitOptions, paths []string, stdin io.Reader, stderr io.Writer) (err error) {
	if o.nats == "" {
		return usageError{errors.New("no NATS server: give --nats URL (or set NATS_URL)")}
	}
	if o.replicas < 0 {
		return usageError{fmt.Errorf("--replicas %d: want 1 or more", o.replicas)}
	}
	opt, err := inputOptions(o.maxBytes, o.date)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return usageError{errors.New("no input: give files, directories, or - for standard input (see 'dyad submit --help')")}
		}
		paths = []string{"-"}
	}
	stderr = &syncWriter{w: stderr}
	nc, err := connectNATS(ctx, o.nats, "dyad submit", stderr)
	if err != nil {
		return err
	}
	defer nc.Close()
	pub, err := queue.NewPublisher(ctx, nc, queue.Options{Replicas: o.replicas})
	if err != nil {
		return err
	}
	var bar *progressbar.ProgressBar
	if o.progress {
		bar = newProgress(stderr, "submitting")
	}
	readErr := ingest.Read(ctx, paths, stdin, opt, func(it ingest.Item) error {
		it.ID = storeID(it)
		if err := pub.Submit(ctx, it); err != nil {
			return err
		}
		if bar != nil {
			_ = bar.Add(1)
		}
		return nil
	})
	// Wait for the acknowledgements of what was sent, even when
	// interrupted.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), submitCloseTimeout)
	defer cancel()
	closeErr := pub.Close(cctx)
	if bar != nil {
		_ = bar.Finish()
	}
	st := pub.Stats()
	fmt.Fprintf(stderr, "dyad: published %d documents to NATS %s (%d already queued within the duplicate window; %d unreadable or too large, queued as failures); %d not acknowledged\n",
		st.Published, queue.Redact(o.nats), st.Duplicates, st.InputFailures+st.TooLarge, st.Failed)
	switch {
	case readErr != nil && errors.Is(readErr, context.Canceled):
		return errors.Join(fmt.Errorf("interrupted after submitting %d documents; submit again to finish (documents queued within the last 2 minutes are dropped as duplicates)", st.Submitted), closeErr)
	case readErr != nil:
		return errors.Join(readErr, closeErr)
	}
	return closeErr
}

// connectNATS connects to url for the command name, giving up when ctx is
// done or after queue.ConnectTimeout, and logs disconnections and
// reconnections to stderr.
func connectNATS(ctx context.Context, url, name string, stderr io.Writer) (*nats.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, queue.ConnectTimeout)
	defer cancel()
	nc, err := queue.ConnectContext(cctx, url, name)
	if err != nil {
		return nil, err
	}
	nc.SetDisconnectErrHandler(func(_ *nats.Conn, err error) {
		if err != nil {
			fmt.Fprintf(stderr, "dyad: disconnected from NATS (%v); reconnecting\n", err)
		}
	})
	nc.SetReconnectHandler(func(c *nats.Conn) {
		fmt.Fprintf(stderr, "dyad: reconnected to NATS at %s\n", c.ConnectedUrlRedacted())
	})
	return nc, nil
}
