package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/internal/storetest"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/web"
)

// findBrowser returns the path of a Chromium or Chrome binary, or "".
func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// xssText is a small article whose text holds markup that must be shown as
// text, and characters outside the Basic Multilingual Plane before the
// annotated words, so that code-point offsets differ from UTF-16 ones.
const xssText = "🌍 Émigrés in Ankara read <img src=x onerror=\"window.__xss=1\"> & <b>bold</b> signs. " +
	"Greek Prime Minister Nikos Petridis condemned Turkey on Monday, officials said.\n"

// browserLog collects what the page writes to its console that signals a
// fault: uncaught exceptions, console.error calls and browser log errors
// (failed requests, content-security-policy violations).
type browserLog struct {
	mu       sync.Mutex
	problems []string
	expected []string // substrings of messages the test provokes on purpose
}

func (b *browserLog) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError && e.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range e.Args {
			parts = append(parts, strings.TrimSpace(string(a.Value)+" "+a.Description))
		}
		msg = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
	case *log.EventEntryAdded:
		if e.Entry.Level != log.EntryLevelError {
			return
		}
		msg = "browser log: " + e.Entry.Text + " " + e.Entry.URL
	default:
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, msg)
}

// unexpected returns the problems the test did not provoke.
func (b *browserLog) unexpected() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, p := range b.problems {
		if !slices.ContainsFunc(b.expected, func(s string) bool { return strings.Contains(p, s) }) {
			out = append(out, p)
		}
	}
	return out
}

func (b *browserLog) expect(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expected = append(b.expected, s)
}

// TestBrowser drives the interface in headless Chromium against the real API
// over an empty store: it annotates texts, stores the sample article and
// opens every view, saving a screenshot of each.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in short mode")
	}
	exe := findBrowser()
	if exe == "" {
		if os.Getenv("DYAD_BROWSER_TEST") == "1" {
			t.Fatal("DYAD_BROWSER_TEST=1 but no chromium, chromium-browser or google-chrome on PATH")
		}
		t.Skip("no chromium on PATH (set DYAD_BROWSER_TEST=1 to make this a failure)")
	}
	// On SQLite, and on PostgreSQL too when DYAD_TEST_POSTGRES is set (its
	// screenshots in a postgres folder).
	storetest.EachBackend(t, func(t *testing.T, target string) { browse(t, exe, target) })
}

// browse runs the browser test over the store at target.
func browse(t *testing.T, exe, target string) {
	article, err := os.ReadFile(filepath.Join("..", "examples", "article.txt"))
	if err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("DYAD_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if store.IsPostgres(target) {
		shots = filepath.Join(shots, "postgres")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	st, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := pipeline.Default()
	if err != nil {
		t.Fatal(err)
	}
	const token = "ui-test-token"
	srv, err := api.New(api.Config{Store: st, Pipeline: p, Token: token, UI: web.Handler()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1400, 1000),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	logs := &browserLog{}
	if err := chromedp.Listen(bctx, logs.listen); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	b := &browserRun{t: t, ctx: bctx, dir: shots, logs: logs}
	start := time.Now()

	// Annotate a text holding markup: it must come out as text.
	b.do("open the page", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("annotate-text")))
	b.do("annotate the markup text",
		chromedp.SetValue(chromedp.ID("annotate-text"), xssText),
		chromedp.SetValue(chromedp.ID("annotate-date"), "2023-03-15"),
		chromedp.Click(chromedp.ID("annotate-run")),
		chromedp.WaitVisible(chromedp.CSS("#annotate-events tbody tr")))
	var esc struct {
		XSS      bool     `json:"xss"`
		Imgs     int      `json:"imgs"`
		Text     string   `json:"text"`
		Triggers []string `json:"triggers"`
		Entities []string `json:"entities"`
	}
	b.eval(`(() => {
		const pre = document.getElementById('annotate-article');
		const joined = (sel, attr) => {
			const m = new Map();
			for (const n of pre.querySelectorAll(sel)) m.set(n.dataset[attr], (m.get(n.dataset[attr]) || '') + n.textContent);
			return Array.from(m.values());
		};
		return {xss: window.__xss !== undefined, imgs: document.querySelectorAll('#annotate-result img, #annotate-result b').length,
			text: pre.textContent, triggers: joined('.ann-event', 'event'), entities: joined('.ann-ent', 's')};
	})()`, &esc)
	if esc.XSS || esc.Imgs != 0 {
		t.Errorf("markup in the article ran or was parsed: window.__xss set %v, %d img/b elements", esc.XSS, esc.Imgs)
	}
	if esc.Text != xssText {
		t.Errorf("annotated text differs from the input:\n got %q\nwant %q", esc.Text, xssText)
	}
	if !slices.Contains(esc.Triggers, "condemned") {
		t.Errorf("event triggers %q: want \"condemned\" (code-point offsets)", esc.Triggers)
	}
	for _, want := range []string{"Greek Prime Minister Nikos Petridis", "Turkey", "Ankara"} {
		if !slices.Contains(esc.Entities, want) {
			t.Errorf("entity highlights %q: want %q", esc.Entities, want)
		}
	}

	// Annotate the sample article.
	b.do("annotate the sample article",
		chromedp.SetValue(chromedp.ID("annotate-text"), string(article)),
		chromedp.SetValue(chromedp.ID("annotate-title"), "Sample article"),
		chromedp.SetValue(chromedp.ID("annotate-id"), "sample/article.txt"),
		chromedp.Click(chromedp.ID("annotate-run")))
	b.poll("the sample's record", `document.querySelector('#annotate-result h2') && document.querySelector('#annotate-result h2').textContent === 'Sample article'`)
	var ann struct {
		Types    []string `json:"types"`
		Speakers []string `json:"speakers"`
		Edges    int      `json:"edges"`
		CyEdges  int      `json:"cyEdges"`
		Text     string   `json:"text"`
		Counts   int      `json:"counts"`
	}
	b.eval(`(() => ({
		types: Array.from(document.querySelectorAll('#annotate-events tbody tr .plover'), n => n.textContent),
		speakers: Array.from(document.querySelectorAll('#annotate-quotes li .q-speaker'), n => n.textContent),
		edges: Number(document.getElementById('annotate-network').dataset.edges),
		cyEdges: document.querySelectorAll('#annotate-network canvas').length,
		text: document.getElementById('annotate-article').textContent,
		counts: document.querySelectorAll('#annotate-counts tbody tr').length,
	}))()`, &ann)
	if len(ann.Types) == 0 || slices.Contains(ann.Types, "") || slices.Contains(ann.Types, "?") {
		t.Errorf("events of the sample: PLOVER types %q", ann.Types)
	}
	if !slices.ContainsFunc(ann.Speakers, func(s string) bool { return strings.Contains(s, "Yilmaz") }) {
		t.Errorf("quote speakers %q: want Yilmaz", ann.Speakers)
	}
	if ann.Edges < 1 || ann.CyEdges == 0 {
		t.Errorf("document network: %d edges, %d canvases", ann.Edges, ann.CyEdges)
	}
	if ann.Text != string(article) {
		t.Errorf("annotated text differs from the article")
	}
	if ann.Counts < 1 {
		t.Errorf("counts of the sample: %d rows", ann.Counts)
	}
	b.hover("#annotate-article .ann-event", "#tooltip .plover")
	b.shot("annotate")
	b.noErrorBar("annotate")

	// Store without the token: the API's 401 message shows in the error bar.
	logs.expect("401")
	b.do("store without a token",
		chromedp.Click(chromedp.CSS(".token-box summary")),
		chromedp.Click(chromedp.ID("annotate-store")),
		chromedp.WaitVisible(chromedp.ID("error-bar")))
	msg := b.text("#error-text")
	if !strings.Contains(msg, "401") || !strings.Contains(msg, "token") {
		t.Errorf("error bar after a store without token: %q", msg)
	}
	b.do("store with the token",
		chromedp.SetValue(chromedp.ID("annotate-token"), token),
		chromedp.Click(chromedp.ID("annotate-store")),
		chromedp.WaitVisible(chromedp.ID("annotate-stored-link")))
	b.noErrorBar("store")

	// Events: the stored events, one page.
	b.do("open the events view",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="events"]`)),
		chromedp.WaitVisible(chromedp.CSS("#events-table tbody tr .evidence-link")))
	var evs struct {
		Rows     int    `json:"rows"`
		Types    int    `json:"types"`
		Total    string `json:"total"`
		Sentence string `json:"sentence"`
		Stats    string `json:"stats"`
	}
	b.eval(`(() => ({
		rows: document.querySelectorAll('#events-table tbody tr').length,
		types: document.querySelectorAll('#events-table tbody tr .plover').length,
		total: document.getElementById('events-total').textContent,
		sentence: document.querySelector('#events-table tbody tr .evidence-link').textContent,
		stats: document.getElementById('stats').textContent,
	}))()`, &evs)
	if evs.Rows < 3 || evs.Types != evs.Rows || !strings.Contains(evs.Total, "event") {
		t.Errorf("events table: %d rows, %d type badges, total %q", evs.Rows, evs.Types, evs.Total)
	}
	if !strings.Contains(evs.Stats, "1 document") {
		t.Errorf("header stats %q: want 1 document", evs.Stats)
	}
	b.shot("events")
	b.noErrorBar("events")

	// The first event's evidence: the document view with its sentence marked.
	b.do("open an evidence link",
		chromedp.Click(chromedp.CSS("#events-table tbody tr .evidence-link")),
		chromedp.WaitVisible(chromedp.CSS("#doc-article .ann-sent.focus")))
	focused := b.eval2string(`Array.from(document.querySelectorAll('#doc-article .ann-sent.focus'), n => n.textContent).join('')`)
	if strings.TrimSpace(focused) == "" || !strings.Contains(focused, strings.TrimSpace(evs.Sentence)) {
		t.Errorf("document view marks %q, want the evidence sentence %q", focused, evs.Sentence)
	}
	b.shot("document")
	b.noErrorBar("document")

	// Network, timeline and map of the stored events.
	b.do("open the network view", chromedp.Click(chromedp.CSS(`#nav a[data-view="network"]`)))
	b.poll("the network", `Number(document.getElementById('network-graph').dataset.edges) > 0 && document.querySelector('#network-graph canvas') !== null`)
	b.shot("network")
	b.noErrorBar("network")

	b.do("open the timeline view", chromedp.Click(chromedp.CSS(`#nav a[data-view="timeline"]`)))
	b.poll("the timeline", `Number(document.getElementById('timeline-chart').dataset.series) > 0 && document.querySelector('#timeline-chart canvas') !== null`)
	b.chartTip("timeline-chart")
	b.shot("timeline")
	b.noErrorBar("timeline")

	b.do("open the map view", chromedp.Click(chromedp.CSS(`#nav a[data-view="map"]`)))
	b.poll("the map", `Number(document.getElementById('map-chart').dataset.places) > 0 && document.querySelector('#map-chart canvas') !== null`)
	b.chartTip("map-chart")
	b.shot("map")
	b.noErrorBar("map")

	// A filter the API rejects shows its message.
	logs.expect("400")
	b.do("apply a bad filter", chromedp.Navigate(ts.URL+"/#events?from=yesterday"), chromedp.WaitVisible(chromedp.ID("error-bar")))
	if msg := b.text("#error-text"); !strings.Contains(msg, "400") {
		t.Errorf("error bar after a bad filter: %q", msg)
	}

	for _, p := range logs.unexpected() {
		t.Errorf("browser: %s", p)
	}
	t.Logf("browser test took %s", time.Since(start).Round(time.Millisecond))
}

// browserRun runs the steps of TestBrowser, failing it at the first step
// that does not complete.
type browserRun struct {
	t    *testing.T
	ctx  context.Context
	dir  string
	logs *browserLog
}

func (b *browserRun) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.fail(step, err)
	}
}

func (b *browserRun) fail(step string, err error) {
	b.t.Helper()
	b.shot("failure")
	for _, p := range b.logs.unexpected() {
		b.t.Logf("browser: %s", p)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out: %w", err)
	}
	b.t.Fatalf("%s: %v", step, err)
}

// eval evaluates a JavaScript expression and decodes its value into out.
func (b *browserRun) eval(expr string, out any) {
	b.t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](expr))
	if err != nil {
		b.fail("evaluate", err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		b.t.Fatalf("decoding %s: %v", raw, err)
	}
}

func (b *browserRun) eval2string(expr string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.fail("evaluate", err)
	}
	return s
}

// poll waits until the expression is true.
func (b *browserRun) poll(what, expr string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		b.fail("waiting for "+what, err)
	}
}

func (b *browserRun) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.fail("reading "+sel, err)
	}
	return s
}

// hover moves the mouse over the first element matching sel and waits for
// wait to show.
func (b *browserRun) hover(sel, wait string) {
	b.t.Helper()
	b.do("scroll to "+sel, chromedp.ScrollIntoView(chromedp.CSS(sel)))
	var at struct{ X, Y float64 }
	b.eval(`(() => { const r = document.querySelector(`+strconv.Quote(sel)+`).getBoundingClientRect(); return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`, &at)
	b.do("hover "+sel, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at.X, at.Y), chromedp.WaitVisible(chromedp.CSS(wait)))
}

// chartTip shows the tooltip of the first data item of the chart in the
// element with the given id and waits for its content.
func (b *browserRun) chartTip(id string) {
	b.t.Helper()
	b.do("tooltip of "+id, chromedp.Evaluate[chromedp.Void](`echarts.getInstanceByDom(document.getElementById(`+strconv.Quote(id)+`)).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0})`),
		chromedp.WaitVisible(chromedp.CSS("#"+id+" .chart-tip")))
}

func (b *browserRun) noErrorBar(view string) {
	b.t.Helper()
	hidden := b.eval2string(`String(document.getElementById('error-bar').hidden) + ' ' + document.getElementById('error-text').textContent`)
	if !strings.HasPrefix(hidden, "true") {
		b.t.Errorf("%s: error bar shown: %s", view, strings.TrimPrefix(hidden, "false "))
	}
}

// shot saves a full-page screenshot as NAME.png.
func (b *browserRun) shot(name string) {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		b.t.Errorf("saving screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot: %s", path)
}
