// Package api is dyad's HTTP service: extraction on demand, ingestion into
// a store, queries over stored events, documents, actors, quotes and counts,
// aggregations for the web UI (timeline, network, map), exports, and an
// OpenAPI description. docs/api.md describes every endpoint.
//
// Every answer is JSON, errors included ({"error": {"status", "message"}}),
// except exports. Bodies are size-limited, extractions time-limited and
// bounded in number, and a panic in a handler becomes a 500 answer: the
// server stays up.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad/event"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
)

// Defaults of Config.
const (
	DefaultMaxBytes = 4 << 20
	DefaultTimeout  = 60 * time.Second
)

// Config configures a Server.
type Config struct {
	// Store holds the documents; required.
	Store *store.Store
	// Pipeline extracts documents; required.
	Pipeline *pipeline.Pipeline
	// Token, when not "", is the bearer token POST /api/documents needs.
	Token string
	// MaxBytes bounds request bodies (DefaultMaxBytes when zero).
	MaxBytes int64
	// Timeout bounds the extraction of one request (DefaultTimeout when
	// zero).
	Timeout time.Duration
	// Workers bounds the extractions running at once (the number of CPUs
	// when zero); requests beyond wait for a turn within their timeout.
	Workers int
	// UI, when set, serves every path outside /api/ and /healthz.
	UI http.Handler
	// Logger receives request errors (slog.Default() when nil).
	Logger *slog.Logger
}

// Server is the HTTP API. It is an http.Handler.
type Server struct {
	cfg    Config
	mux    *http.ServeMux
	slots  chan struct{}
	types  []string
	roots  []root
	log    *slog.Logger
	routes map[string]methods
}

type root struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Pipeline == nil {
		return nil, errors.New("api: a store and a pipeline are required")
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	codes, err := event.DefaultCodes()
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), slots: make(chan struct{}, cfg.Workers), log: cfg.Logger}
	seen := map[string]bool{}
	for _, c := range codes {
		if c.Type != "" && !seen[c.Type] {
			seen[c.Type] = true
			s.types = append(s.types, c.Type)
		}
		if len(c.Code) == 2 {
			s.roots = append(s.roots, root{c.Code, c.Name})
		}
	}
	sort.Strings(s.types)
	sort.Slice(s.roots, func(i, j int) bool { return s.roots[i].Code < s.roots[j].Code })

	s.handle("/api/events", "GET", s.events)
	s.handle("/api/events/timeline", "GET", s.timeline)
	s.handle("/api/events/network", "GET", s.network)
	s.handle("/api/events/map", "GET", s.mapPlaces)
	s.handle("/api/documents", "GET", s.documents)
	s.handle("/api/documents", "POST", s.postDocuments)
	s.handle("/api/documents/{id...}", "GET", s.document)
	s.handle("/api/extract", "POST", s.extract)
	s.handle("/api/actors", "GET", s.actors)
	s.handle("/api/quotes", "GET", s.quotes)
	s.handle("/api/counts", "GET", s.counts)
	s.handle("/api/export", "GET", s.export)
	s.handle("/api/stats", "GET", s.stats)
	s.handle("/api/openapi.json", "GET", s.openapi)
	s.handle("/healthz", "GET", s.health)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path+" (see /api/openapi.json)")
	})
	if cfg.UI != nil {
		s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			s.serve(w, r, func(w http.ResponseWriter, r *http.Request) error {
				cfg.UI.ServeHTTP(w, r)
				return nil
			})
		})
	}
	return s, nil
}

// handler is an endpoint: it writes its answer, or returns an error that
// becomes a JSON error answer.
type handler func(w http.ResponseWriter, r *http.Request) error

// methods collects the handlers of one path by method.
type methods map[string]handler

// handle registers h for method on pattern. Patterns carry no method in the
// mux, so that a wrong method gets a JSON 405 here.
func (s *Server) handle(pattern, method string, h handler) {
	if s.routes == nil {
		s.routes = map[string]methods{}
	}
	ms, ok := s.routes[pattern]
	if !ok {
		ms = methods{}
		s.routes[pattern] = ms
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			h, ok := ms[r.Method]
			if !ok && r.Method == http.MethodHead {
				h, ok = ms[http.MethodGet]
			}
			if !ok {
				allow := make([]string, 0, len(ms))
				for m := range ms {
					allow = append(allow, m)
				}
				sort.Strings(allow)
				w.Header().Set("Allow", strings.Join(allow, ", "))
				writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: method not allowed (allowed: %s)", r.Method, r.URL.Path, strings.Join(allow, ", ")))
				return
			}
			s.serve(w, r, h)
		})
	}
	ms[method] = h
}

// serve runs h, turning its error or panic into a JSON answer.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, h handler) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", v)
			writeError(w, http.StatusInternalServerError, "internal error")
		}
	}()
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBytes)
	}
	if err := h(w, r); err != nil {
		status, msg := classify(err)
		if status >= 500 {
			s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		writeError(w, status, msg)
	}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

// httpError is an error with the status it answers with.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) error {
	return &httpError{status, fmt.Sprintf(format, args...)}
}

// classify maps an error to a status and a message for the client.
func classify(err error) (int, string) {
	var he *httpError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", mb.Limit)
	case errors.Is(err, store.ErrBadQuery):
		return http.StatusBadRequest, strings.TrimPrefix(err.Error(), "bad query: ")
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took longer than the server's limit"
	case errors.Is(err, context.Canceled):
		return 499, "request cancelled"
	}
	return http.StatusInternalServerError, "internal error"
}

type errorBody struct {
	Error struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	var b errorBody
	b.Error.Status, b.Error.Message = status, msg
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// intParam reads a whole-number query parameter within [lo, hi].
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, errorf(http.StatusBadRequest, "%s: want a number from %d to %d, got %q", name, lo, hi, v)
	}
	return n, nil
}

// boolParam reads true/false (also 1/0); nil when absent.
func boolParam(r *http.Request, name string) (*bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "%s: want true or false, got %q", name, v)
	}
	return &b, nil
}

// filter reads the event filters of a request.
func (s *Server) filter(r *http.Request) (store.Filter, error) {
	q := r.URL.Query()
	up := func(k string) string { return strings.ToUpper(strings.TrimSpace(q.Get(k))) }
	f := store.Filter{
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		ActorCountry: up("actor_country"), RecipientCountry: up("recipient_country"), Country: up("country"),
		ActorSector: up("actor_sector"), RecipientSector: up("recipient_sector"),
		ActorCode: up("actor_code"), RecipientCode: up("recipient_code"),
		Type: up("type"), Root: strings.TrimSpace(q.Get("root")),
		Query: strings.TrimSpace(q.Get("q")), Doc: q.Get("doc"),
	}
	neg, err := boolParam(r, "negated")
	if err != nil {
		return f, err
	}
	if neg != nil {
		f.Negated = *neg
	}
	if err := f.Validate(); err != nil {
		return f, err
	}
	if f.Type != "" && !slices.Contains(s.types, f.Type) {
		return f, errorf(http.StatusBadRequest, "type %q: not a PLOVER type (one of %s)", f.Type, strings.Join(s.types, ", "))
	}
	return f, nil
}
