package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/web"
)

// TestBrowserAtScale opens every view of the interface over a large store
// (DYAD_UI_STORE, such as the million events dyad bench-store generates)
// and logs how long each takes to show its data; it fails on errors only.
// Without DYAD_UI_STORE it is skipped.
func TestBrowserAtScale(t *testing.T) {
	path := os.Getenv("DYAD_UI_STORE")
	if path == "" || testing.Short() {
		t.Skip("set DYAD_UI_STORE to a large store to run")
	}
	exe := findBrowser()
	if exe == "" {
		t.Skip("no chromium on PATH")
	}
	shots := os.Getenv("DYAD_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Now()
	if err := st.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	stats, _ := st.Stats(ctx)
	t.Logf("%d events; index built in %s", stats.Events, time.Since(start).Round(time.Millisecond))
	srv, err := api.New(api.Config{Store: st, Pipeline: pipeline.New(), UI: web.Handler()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1400, 1000))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	logs := &browserLog{}
	if err := chromedp.Listen(bctx, logs.listen); err != nil {
		t.Fatal(err)
	}
	b := &browserRun{t: t, ctx: bctx, dir: shots, logs: logs}
	b.do("open the page", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("annotate-text")))
	for _, v := range []struct{ name, hash, ready string }{
		{"events", "#events", `document.querySelectorAll('#events-table tbody tr .evidence-link').length > 0`},
		{"events, page 2", "", `document.querySelectorAll('#events-table tbody tr .evidence-link').length > 0`},
		{"events of one country and type", "#events?country=SYR&type=ASSAULT", `document.querySelectorAll('#events-table tbody tr .evidence-link').length > 0`},
		{"network", "#network", `Number(document.getElementById('network-graph').dataset.edges) > 0`},
		{"network by code", "#network?by=code", `Number(document.getElementById('network-graph').dataset.edges) > 0`},
		{"timeline", "#timeline", `Number(document.getElementById('timeline-chart').dataset.series) > 0`},
		{"map", "#map", `Number(document.getElementById('map-chart').dataset.places) > 0`},
	} {
		// Forget what the previous view showed, so that the wait is for
		// this one's data.
		b.do("clear", chromedp.Evaluate[chromedp.Void](`(() => {
			const tb = document.querySelector('#events-table tbody'); if (tb) tb.replaceChildren();
			for (const [id, k] of [['network-graph', 'edges'], ['timeline-chart', 'series'], ['map-chart', 'places']]) {
				const e = document.getElementById(id); if (e) delete e.dataset[k];
			}
		})()`))
		t0 := time.Now()
		if v.hash == "" {
			b.do("next page", chromedp.Click(chromedp.ID("events-next")))
		} else {
			b.do("open "+v.name, chromedp.Navigate(ts.URL+"/"+v.hash))
		}
		b.poll(v.name, v.ready)
		t.Logf("%-32s shown in %s", v.name, time.Since(t0).Round(time.Millisecond))
		b.shot("scale-" + strings.NewReplacer(" ", "-", ",", "").Replace(v.name))
		b.noErrorBar(v.name)
	}
	for _, p := range logs.unexpected() {
		t.Errorf("browser: %s", p)
	}
}
