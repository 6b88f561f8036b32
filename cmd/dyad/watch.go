package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/watch"
)

type watchOptions struct {
	store     storeFlags
	pgFlag    bool // --postgres was given on the command line, not only by $DYAD_POSTGRES
	nats      string
	natsFlag  bool // --nats was given on the command line, not only by $NATS_URL
	replicas  int
	feeds     string
	interval  time.Duration
	once      bool
	state     string
	stateAge  time.Duration
	maxBytes  int64
	hostDelay time.Duration
	coding    codingFlags
}

// watchCloseTimeout bounds how long watch waits, when it stops, for the
// queue to acknowledge what it published.
const watchCloseTimeout = 30 * time.Second

func newWatch() *cobra.Command {
	var o watchOptions
	c := &cobra.Command{
		Use:   "watch --feeds FILE (--db FILE | --postgres DSN | --nats URL)",
		Short: "Poll RSS and Atom feeds and extract each new article",
		Long: `watch polls the RSS and Atom feeds listed in --feeds (one URL a line, a tab
and a source name optional, # comments) every --interval, fetches each new
article, extracts its text, title and date as extract does for HTML files, and
either extracts and stores it (--db or --postgres; --dict applies) or
publishes it to the NATS JetStream work queue (--nats) for dyad workers.

An article is new when neither its URL nor its text (under another URL) has
been seen: stored in the store, published before, or kept in the --state
file. A document's id and URL are the feed item's link, its source the feed's
name, its title and date the page's, else the feed item's. An article that
cannot be fetched or has no text is recorded as a failure and tried again on
the next polls, three in all, before it is given up.

Requests are polite: a User-Agent naming dyad, at most 4 at once, --host-delay
between requests to one host, conditional GETs for feeds, retries with backoff
on network errors and 5xx answers, and a 429's Retry-After respected.

With --once every feed is polled once and watch exits (for cron); the exit
status is 1 when a feed could not be read. Otherwise it runs until SIGINT or
SIGTERM, logging each poll.`,
		Example: `  dyad watch --feeds feeds.txt --db events.db
  dyad watch --feeds feeds.txt --db events.db --once --state watch-state.json
  dyad watch --feeds feeds.txt --nats nats://127.0.0.1:4222 --state watch-state.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("unexpected arguments %q: feeds come from --feeds FILE", args)}
			}
			o.pgFlag = cmd.Flags().Changed("postgres")
			o.natsFlag = cmd.Flags().Changed("nats")
			return runWatch(cmd.Context(), o, cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	o.store.register(f)
	f.StringVar(&o.nats, "nats", os.Getenv("NATS_URL"), "publish articles to the NATS JetStream work queue at `URL` (nats://host:4222, or a comma-separated list of a cluster's servers; default $NATS_URL) instead of storing them")
	f.IntVar(&o.replicas, "replicas", 0, "with --nats: servers holding each stream: 1, or 3 on a three-node cluster (default: 1 for a new stream, an existing stream's unchanged)")
	f.StringVar(&o.feeds, "feeds", "", "`FILE` listing the feeds: one URL a line, optionally a tab and the source name; # comments")
	f.DurationVar(&o.interval, "interval", watch.DefaultInterval, "time between two polls of a feed (varied by up to a tenth)")
	f.BoolVar(&o.once, "once", false, "poll every feed once and exit")
	f.StringVar(&o.state, "state", "", "JSON `FILE` keeping the URLs and texts seen, so that a restart does not submit them again")
	f.DurationVar(&o.stateAge, "state-max-age", 90*24*time.Hour, "forget URLs and texts in --state not listed by a feed for this long")
	f.Int64Var(&o.maxBytes, "max-bytes", ingest.DefaultMaxBytes, "skip article pages larger than this many bytes (recorded as failures)")
	f.DurationVar(&o.hostDelay, "host-delay", watch.DefaultHostDelay, "least time between two requests to one host (0: none)")
	o.coding.register(f)
	return c
}

func runWatch(ctx context.Context, o watchOptions, stderr io.Writer) (err error) {
	if o.feeds == "" {
		return usageError{errors.New("no feeds: give --feeds FILE")}
	}
	if o.interval < time.Second {
		return usageError{fmt.Errorf("--interval %s: want at least 1s", o.interval)}
	}
	if o.maxBytes <= 0 {
		return usageError{fmt.Errorf("--max-bytes %d: want a positive size", o.maxBytes)}
	}
	if o.replicas < 0 {
		return usageError{fmt.Errorf("--replicas %d: want 1 or more", o.replicas)}
	}
	// Where articles go: the one of --db, --postgres and --nats given, else
	// the one of $DYAD_POSTGRES and $NATS_URL set.
	explicit := 0
	for _, set := range []bool{o.store.db != "", o.pgFlag, o.natsFlag} {
		if set {
			explicit++
		}
	}
	useNATS := o.natsFlag
	switch {
	case explicit > 1:
		return usageError{errors.New("give one of --db FILE, --postgres DSN or --nats URL")}
	case explicit == 0 && o.store.postgres != "" && o.nats != "":
		return usageError{errors.New("DYAD_POSTGRES and NATS_URL are both set: choose with --postgres DSN or --nats URL")}
	case explicit == 0 && o.store.postgres == "" && o.nats == "":
		return usageError{errors.New("nowhere to send articles: give --db FILE, --postgres DSN or --nats URL")}
	case explicit == 0:
		useNATS = o.nats != ""
	}
	var target string
	if useNATS {
		if len(o.coding.dicts) > 0 {
			return usageError{errors.New("--dict applies when watch extracts (--db, --postgres); with --nats the workers extract and take their own")}
		}
	} else {
		if o.store.db != "" {
			o.store.postgres = "" // --db given: $DYAD_POSTGRES does not apply
		}
		if target, err = o.store.target(); err != nil {
			return err
		}
	}
	feeds, err := watch.ReadFeeds(o.feeds)
	if err != nil {
		return err
	}
	if len(feeds) == 0 {
		return fmt.Errorf("feeds file %s lists no feeds", o.feeds)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	mem, err := watch.OpenMemory(o.state, o.stateAge)
	if err != nil {
		return err
	}

	var (
		seen watch.Seen
		sink watch.Sink
		dest string
	)
	if useNATS {
		cctx, cancel := context.WithTimeout(ctx, queue.ConnectTimeout)
		nc, err := queue.ConnectContext(cctx, o.nats, "dyad watch")
		cancel()
		if err != nil {
			return err
		}
		defer nc.Close()
		pub, err := queue.NewPublisher(ctx, nc, queue.Options{Replicas: o.replicas})
		if err != nil {
			return err
		}
		defer func() {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), watchCloseTimeout)
			defer cancel()
			if cerr := pub.Close(cctx); cerr != nil && err == nil {
				err = fmt.Errorf("the queue did not take every article: %w", cerr)
			}
		}()
		if o.state == "" {
			log.Warn("no --state file: a restart will publish again every article the feeds list")
		}
		// An article is marked seen only once the server has it.
		seen, sink, dest = mem, ackedSink{pub}, "NATS "+queue.Redact(o.nats)
	} else {
		st, err := store.Open(ctx, target)
		if err != nil {
			return err
		}
		defer st.Close()
		p, err := o.coding.pipeline(stderr)
		if err != nil {
			return err
		}
		seen, sink, dest = watch.NewStoreSeen(st, mem), watch.NewStoreSink(p, st), store.Describe(target)
	}

	hostDelay := o.hostDelay
	if hostDelay <= 0 {
		hostDelay = -1 // none
	}
	w, err := watch.New(feeds, seen, sink, watch.Options{
		Interval:  o.interval,
		MaxBytes:  o.maxBytes,
		HostDelay: hostDelay,
		UserAgent: fmt.Sprintf("dyad/%s (political event coder; feed watcher)", version),
		Logger:    log,
	})
	if err != nil {
		return err
	}

	if o.once {
		stats, perr := w.PollOnce(ctx)
		if ctx.Err() != nil {
			return errors.New("interrupted; run the same command again to finish")
		}
		var t watch.Stats
		failedFeeds := 0
		for _, s := range stats {
			t.Items += s.Items
			t.New += s.New
			t.DupURL += s.DupURL
			t.DupHash += s.DupHash
			t.Failed += s.Failed
			if s.Err != nil {
				failedFeeds++
			}
		}
		fmt.Fprintf(stderr, "dyad: polled %d feeds (%d failed): %d items, %d new, %d duplicates by URL, %d by text, %d failed articles, to %s\n",
			len(stats), failedFeeds, t.Items, t.New, t.DupURL, t.DupHash, t.Failed, dest)
		if perr != nil {
			return fmt.Errorf("%d of %d feeds could not be polled: %w", failedFeeds, len(stats), perr)
		}
		return nil
	}
	log.Info("watching", "feeds", len(feeds), "interval", o.interval, "to", dest)
	if err := w.Run(ctx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// ackedSink publishes each article and waits for the server's
// acknowledgement before the watcher marks it seen.
type ackedSink struct{ p *queue.Publisher }

func (a ackedSink) Submit(ctx context.Context, it ingest.Item) error { return a.p.SubmitWait(ctx, it) }
