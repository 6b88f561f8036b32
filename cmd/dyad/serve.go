package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/web"
)

type serveOptions struct {
	store    storeFlags
	addr     string
	token    string
	maxBytes int64
	timeout  time.Duration
	workers  int
	window   time.Duration
	coding   codingFlags
}

func newServe() *cobra.Command {
	var o serveOptions
	c := &cobra.Command{
		Use:   "serve (--db FILE | --postgres DSN) [--addr HOST:PORT]",
		Short: "Serve the HTTP API and the web UI over a store",
		Long: `serve answers the HTTP API (docs/api.md; its OpenAPI description is at
/api/openapi.json) and the web UI (at /) over the SQLite store --db or the
PostgreSQL database --postgres, created if needed. POST /api/extract extracts a document without storing it; POST
/api/documents stores documents, and needs "Authorization: Bearer TOKEN" when a
token is set with --token or the DYAD_TOKEN environment variable.

On SIGINT or SIGTERM the server stops taking connections, lets the requests in
flight finish (up to 30 seconds) and closes the store.`,
		Example: `  dyad serve --db events.db
  dyad serve --postgres postgres://dyad:secret@db/dyad --addr 0.0.0.0:8080
  DYAD_TOKEN=secret dyad serve --db events.db --addr 0.0.0.0:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context(), o, cmd.ErrOrStderr(), nil)
		},
	}
	f := c.Flags()
	o.store.register(f)
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.StringVar(&o.token, "token", os.Getenv("DYAD_TOKEN"), "bearer token POST /api/documents needs (default $DYAD_TOKEN; none: anyone may store)")
	f.Int64Var(&o.maxBytes, "max-bytes", api.DefaultMaxBytes, "largest request body, in bytes")
	f.DurationVar(&o.timeout, "timeout", api.DefaultTimeout, "longest extraction of one request")
	f.IntVar(&o.workers, "workers", runtime.NumCPU(), "extractions running at once")
	f.DurationVar(&o.window, "window", store.DefaultWindow, "how far apart the dates of reports of one event may be")
	o.coding.register(f)
	return c
}

// runServe serves until ctx is done. ready, when not nil, receives the
// address listened on.
func runServe(ctx context.Context, o serveOptions, stderr io.Writer, ready chan<- string) error {
	target, err := o.store.target()
	if err != nil {
		return err
	}
	if o.maxBytes <= 0 || o.timeout <= 0 || o.workers < 1 {
		return usageError{errors.New("--max-bytes, --timeout and --workers must be positive")}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	st, err := store.Open(ctx, target, store.Window(o.window))
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := o.coding.pipeline(stderr)
	if err != nil {
		return err
	}
	srv, err := api.New(api.Config{Store: st, Pipeline: p, Token: o.token, MaxBytes: o.maxBytes,
		Timeout: o.timeout, Workers: o.workers, UI: web.Handler(), Logger: log})
	if err != nil {
		return err
	}
	go func() {
		// Build the event index now, not on the first query.
		start := time.Now()
		if err := st.Warm(ctx); err != nil {
			log.Error("event index", "err", err)
			return
		}
		log.Info("event index ready", "seconds", time.Since(start).Seconds())
		// The actor list groups every actor row: have its first page ready.
		if _, err := st.Actors(ctx, store.ActorFilter{}, 50, 0); err != nil && ctx.Err() == nil {
			log.Error("actor list", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      o.timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	auth := "no token: anyone may store documents"
	if o.token != "" {
		auth = "POST /api/documents needs the bearer token"
	}
	fmt.Fprintf(stderr, "dyad: serving %s on http://%s (UI at /, API at /api/, %s)\n", store.Describe(target), ln.Addr(), auth)
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "dyad: shutting down: finishing the requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	fmt.Fprintln(stderr, "dyad: stopped")
	return nil
}
