package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/internal/synth"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
)

type benchStoreOptions struct {
	db      string
	events  int
	queries int
	aggs    int
	seed    uint64
}

func newBenchStore() *cobra.Command {
	var o benchStoreOptions
	c := &cobra.Command{
		Use:   "bench-store --db FILE [--events N]",
		Short: "Measure API query latency on a store of generated events",
		Long: `bench-store fills the store --db with about --events synthetic events (when it
is new; an existing store is reused as it is), then times API requests through
the HTTP handler, JSON encoding included: --queries event queries drawn from a
mix of filters (none, PLOVER type, CAMEO root, actor or recipient country,
either country, sector, a month, a year, full text, combinations, and pages
deep into a result by cursor), and --aggs each of the timeline, network and
map aggregations. It prints one JSON object with the median, 95th and 99th
percentile latency per kind and overall.

The generated events follow skewed distributions (Zipf over 135 countries, 15
sectors, 16 PLOVER types and the words of the texts; 10 years of dates), so
that filters range from very common to rare values.`,
		Example: `  dyad bench-store --db /tmp/1m.db --events 1000000`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBenchStore(cmd.Context(), o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVar(&o.db, "db", "", "SQLite database `FILE` (required; generated when new)")
	f.IntVar(&o.events, "events", 1_000_000, "events to generate in a new store")
	f.IntVar(&o.queries, "queries", 1000, "event queries to time")
	f.IntVar(&o.aggs, "aggs", 30, "requests to time for each aggregation")
	f.Uint64Var(&o.seed, "seed", 1, "seed of the generator and the query mix")
	return c
}

// latency summarises the durations of one kind of request.
type latency struct {
	N     int     `json:"n"`
	P50ms float64 `json:"p50_ms"`
	P95ms float64 `json:"p95_ms"`
	P99ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
}

func summarise(ds []time.Duration) latency {
	if len(ds) == 0 {
		return latency{}
	}
	slices.Sort(ds)
	q := func(p float64) float64 {
		i := int(p*float64(len(ds)-1) + 0.5)
		return float64(ds[i].Microseconds()) / 1000
	}
	return latency{N: len(ds), P50ms: q(0.5), P95ms: q(0.95), P99ms: q(0.99), MaxMs: q(1)}
}

func runBenchStore(ctx context.Context, o benchStoreOptions, stdout, stderr io.Writer) error {
	if o.db == "" {
		return usageError{fmt.Errorf("--db FILE is required")}
	}
	st, err := store.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	var genSeconds float64
	if stats.Events == 0 {
		fmt.Fprintf(stderr, "dyad: generating about %d events in %s\n", o.events, o.db)
		start := time.Now()
		last := time.Now()
		_, _, err := synth.Generate(ctx, st, synth.Options{Events: o.events, Seed: o.seed, Progress: func(n int) {
			if time.Since(last) > 5*time.Second {
				last = time.Now()
				fmt.Fprintf(stderr, "dyad: %d events (%.0f/s)\n", n, float64(n)/time.Since(start).Seconds())
			}
		}})
		if err != nil {
			return err
		}
		if err := st.Analyze(ctx); err != nil {
			return err
		}
		genSeconds = time.Since(start).Seconds()
		if stats, err = st.Stats(ctx); err != nil {
			return err
		}
	}
	warmStart := time.Now()
	if err := st.Warm(ctx); err != nil {
		return err
	}
	warm := time.Since(warmStart).Seconds()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	srv, err := api.New(api.Config{Store: st, Pipeline: pipeline.New()})
	if err != nil {
		return err
	}
	get := func(path string) (time.Duration, []byte, error) {
		req := httptest.NewRequestWithContext(ctx, "GET", path, nil)
		w := httptest.NewRecorder()
		start := time.Now()
		srv.ServeHTTP(w, req)
		d := time.Since(start)
		if w.Code != http.StatusOK {
			return d, nil, fmt.Errorf("GET %s: %d %s", path, w.Code, w.Body.String())
		}
		return d, w.Body.Bytes(), nil
	}
	r := rand.New(rand.NewPCG(o.seed, 7))
	zc := rand.NewZipf(r, 1.1, 3, uint64(len(synth.Countries)-1))
	country := func() string {
		if r.IntN(2) == 0 {
			return synth.Countries[zc.Uint64()] // as often as in the data
		}
		return synth.Countries[r.IntN(len(synth.Countries))] // any, rare ones too
	}
	typesList := synth.Types()
	roots := []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}
	terms := []string{"ceasefire", "protest", "sanctions", "drone", "famine", "referendum", "hostage", "uranium", "police", "government"}
	// Text queries: a word, two words, or a phrase, from the generator's
	// vocabulary (common and rare words alike).
	text := func() string {
		a, b := terms[r.IntN(len(terms))], terms[r.IntN(len(terms))]
		switch r.IntN(3) {
		case 0:
			return a
		case 1:
			return a + " " + b
		}
		return a + " OR " + b
	}
	month := func() string { return fmt.Sprintf("%d-%02d", 2015+r.IntN(10), 1+r.IntN(12)) }
	kinds := []struct {
		name  string
		query func() url.Values
	}{
		{"none", func() url.Values { return url.Values{} }},
		{"type", func() url.Values { return url.Values{"type": {typesList[r.IntN(len(typesList))]}} }},
		{"root", func() url.Values { return url.Values{"root": {roots[r.IntN(len(roots))]}} }},
		{"actor_country", func() url.Values { return url.Values{"actor_country": {country()}} }},
		{"recipient_country", func() url.Values { return url.Values{"recipient_country": {country()}} }},
		{"country+type", func() url.Values {
			return url.Values{"country": {country()}, "type": {typesList[r.IntN(len(typesList))]}}
		}},
		{"actor+recipient", func() url.Values {
			return url.Values{"actor_country": {country()}, "recipient_country": {country()}}
		}},
		{"sector+type", func() url.Values {
			return url.Values{"actor_sector": {synth.Sectors[r.IntN(len(synth.Sectors))]}, "type": {typesList[r.IntN(len(typesList))]}}
		}},
		{"month", func() url.Values { m := month(); return url.Values{"from": {m}, "to": {m}} }},
		{"year+root", func() url.Values {
			y := fmt.Sprint(2015 + r.IntN(10))
			return url.Values{"from": {y}, "to": {y}, "root": {roots[r.IntN(len(roots))]}}
		}},
		{"country+month", func() url.Values { m := month(); return url.Values{"country": {country()}, "from": {m}, "to": {m}} }},
		{"text", func() url.Values { return url.Values{"q": {text()}} }},
		{"text+country", func() url.Values { return url.Values{"q": {text()}, "country": {country()}} }},
	}
	byKind := map[string][]time.Duration{}
	seenText := map[string]bool{}
	var all []time.Duration
	for i := 0; i < o.queries; i++ {
		k := kinds[i%len(kinds)]
		q := k.query()
		q.Set("limit", "50")
		name := k.name
		if i%len(kinds) == 0 && (i/len(kinds))%2 == 1 {
			// Every other round, the first kind pages deep: five pages in.
			name = "page 5 (cursor)"
			q = kinds[1+r.IntN(len(kinds)-1)].query()
			q.Set("limit", "50")
			for range 4 {
				_, body, err := get("/api/events?" + q.Encode())
				if err != nil {
					return err
				}
				var p struct {
					Next string `json:"next"`
				}
				if err := json.Unmarshal(body, &p); err != nil {
					return err
				}
				if p.Next == "" {
					break
				}
				q.Set("cursor", p.Next)
			}
		}
		if t := q.Get("q"); t != "" && name != "page 5 (cursor)" {
			// Full-text results are cached while the store is unchanged:
			// report repeated queries apart from first ones.
			if seenText[t] {
				name += " (repeated)"
			}
			seenText[t] = true
		}
		d, _, err := get("/api/events?" + q.Encode())
		if err != nil {
			return err
		}
		byKind[name] = append(byKind[name], d)
		all = append(all, d)
	}
	aggs := map[string][]time.Duration{}
	for i := 0; i < o.aggs; i++ {
		q := url.Values{}
		switch i % 3 {
		case 1:
			q.Set("country", country())
		case 2:
			q.Set("type", typesList[r.IntN(len(typesList))])
		}
		for _, ep := range []string{"timeline", "network", "map"} {
			d, _, err := get("/api/events/" + ep + "?" + q.Encode())
			if err != nil {
				return err
			}
			aggs[ep] = append(aggs[ep], d)
		}
		for _, ep := range []string{"/api/stats", "/api/documents?limit=50", "/api/quotes?limit=50", "/api/counts?limit=50"} {
			d, _, err := get(ep)
			if err != nil {
				return err
			}
			aggs[ep] = append(aggs[ep], d)
		}
	}
	out := map[string]any{
		"store":               o.db,
		"documents":           stats.Documents,
		"events":              stats.Events,
		"generate_seconds":    genSeconds,
		"index_build_seconds": warm,
		"heap_after_index_mb": float64(ms.HeapAlloc) / (1 << 20),
		"event_queries":       summarise(all),
		"event_query_kinds":   mapSummaries(byKind),
		"other_requests":      mapSummaries(aggs),
		"aggregation_filter":  "a third unfiltered, a third by country, a third by PLOVER type",
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func mapSummaries(m map[string][]time.Duration) map[string]latency {
	out := map[string]latency{}
	for k, ds := range m {
		out[k] = summarise(ds)
	}
	return out
}
