package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/internal/storetest"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
)

var (
	pipeOnce sync.Once
	pipe     *pipeline.Pipeline
	pipeErr  error
)

// defaultPipeline loads the full pipeline once for the package's tests.
func defaultPipeline(t testing.TB) *pipeline.Pipeline {
	t.Helper()
	pipeOnce.Do(func() { pipe, pipeErr = pipeline.Default() })
	if pipeErr != nil {
		t.Fatal(pipeErr)
	}
	return pipe
}

type fixture struct {
	srv *httptest.Server
	st  *store.Store
}

func newFixture(t testing.TB, p *pipeline.Pipeline, cfg api.Config) *fixture {
	t.Helper()
	return newFixtureAt(t, filepath.Join(t.TempDir(), "api.db"), p, cfg)
}

// newFixtureAt serves a store opened at target.
func newFixtureAt(t testing.TB, target string, p *pipeline.Pipeline, cfg api.Config) *fixture {
	t.Helper()
	st, err := store.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store, cfg.Pipeline = st, p
	s, err := api.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(func() { srv.Close(); st.Close() })
	return &fixture{srv: srv, st: st}
}

// do sends a request and decodes the JSON answer into out (when not nil).
func (f *fixture) do(t testing.TB, method, path, ctype, body string, hdr map[string]string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(path, "/api/") && !strings.HasPrefix(path, "/api/export") && !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q, want JSON", method, path, ct)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %d %q: %v", method, path, resp.StatusCode, raw, err)
		}
	}
	return resp.StatusCode
}

type apiError struct {
	Error struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	} `json:"error"`
}

const article = `ATHENS, May 4 - Greek Prime Minister Eleni Markou met Bulgarian President Stefan Ivanov in Athens on Monday, and the two leaders signed an agreement on energy links.
"This pipeline will serve both our peoples," Markou told reporters.
Police in Sofia arrested 12 protesters outside parliament on Sunday, officials said.`

func TestExtract(t *testing.T) {
	f := newFixture(t, defaultPipeline(t), api.Config{})
	var rec doc.Record
	if code := f.do(t, "POST", "/api/extract?date=2015-05-05&id=a1", "text/plain", article, nil, &rec); code != 200 {
		t.Fatalf("status %d", code)
	}
	if rec.ID != "a1" || len(rec.Events) == 0 || len(rec.Quotes) == 0 || rec.Date == nil || *rec.Date != "2015-05-05" {
		t.Errorf("record id %q, %d events, %d quotes, date %v", rec.ID, len(rec.Events), len(rec.Quotes), rec.Date)
	}
	body, _ := json.Marshal(map[string]string{"text": article, "date": "2015-05-05", "title": "Energy deal"})
	rec = doc.Record{}
	if code := f.do(t, "POST", "/api/extract", "application/json", string(body), nil, &rec); code != 200 {
		t.Fatalf("JSON: status %d", code)
	}
	if rec.Title != "Energy deal" || !strings.HasPrefix(rec.ID, "sha256:") || len(rec.Events) == 0 {
		t.Errorf("JSON record: id %q title %q, %d events", rec.ID, rec.Title, len(rec.Events))
	}
	if st, _ := f.st.Stats(context.Background()); st.Documents != 0 {
		t.Errorf("extract stored %d documents", st.Documents)
	}
}

func TestBadRequests(t *testing.T) {
	f := newFixture(t, defaultPipeline(t), api.Config{MaxBytes: 1 << 10})
	for _, c := range []struct {
		method, path, ctype, body string
		status                    int
		msg                       string
	}{
		{"POST", "/api/extract", "application/json", "", 400, "empty request body"},
		{"POST", "/api/extract", "application/json", `{"text": "unterminated`, 400, "malformed JSON"},
		{"POST", "/api/extract", "application/json", `[{"text": "a"}, {"text": "b"}]`, 400, "one document"},
		{"POST", "/api/extract", "application/json", `[1, 2]`, 400, "want a JSON object"},
		{"POST", "/api/extract", "application/json", `{"title": "no text"}`, 400, ""},
		{"POST", "/api/extract", "text/plain", strings.Repeat("word ", 400), 413, "larger than 1024 bytes"},
		{"POST", "/api/extract?date=yesterday", "text/plain", "Text.", 400, "date"},
		{"GET", "/api/extract", "", "", 405, "method not allowed"},
		{"DELETE", "/api/events", "", "", 405, "method not allowed"},
		{"GET", "/api/events?limit=0", "", "", 400, "limit"},
		{"GET", "/api/events?limit=x", "", "", 400, "limit"},
		{"GET", "/api/events?from=May", "", "", 400, "from"},
		{"GET", "/api/events?actor_country=Syria", "", "", 400, "actor_country"},
		{"GET", "/api/events?root=1", "", "", 400, "root"},
		{"GET", "/api/events?type=WAGE_WAR", "", "", 400, "PLOVER type"},
		{"GET", "/api/events?cursor=notacursor", "", "", 400, "cursor"},
		{"GET", "/api/events?q=%22open", "", "", 400, "FTS5"},
		{"GET", "/api/events?negated=maybe", "", "", 400, "negated"},
		{"GET", "/api/events/timeline?interval=hour", "", "", 400, "interval"},
		{"GET", "/api/events/network?by=city", "", "", 400, "by"},
		{"GET", "/api/export?format=xlsx", "", "", 400, "format"},
		{"GET", "/api/documents/nothing-here", "", "", 404, "no document"},
		{"GET", "/api/nothing", "", "", 404, "no such endpoint"},
	} {
		var e apiError
		code := f.do(t, c.method, c.path, c.ctype, c.body, nil, &e)
		if code != c.status || e.Error.Status != c.status || !strings.Contains(e.Error.Message, c.msg) {
			t.Errorf("%s %s %q: %d %+v, want %d with %q", c.method, c.path, c.body, code, e.Error, c.status, c.msg)
		}
	}
	// The server still answers.
	var h map[string]string
	if code := f.do(t, "GET", "/healthz", "", "", nil, &h); code != 200 || h["status"] != "ok" {
		t.Errorf("healthz %d %v", code, h)
	}
}

type storeAnswer struct {
	Stored []struct {
		ID     string `json:"id"`
		Events int    `json:"events"`
	} `json:"stored"`
	Errors []struct {
		ID    string `json:"id"`
		Error string `json:"error"`
	} `json:"errors"`
}

func TestPostDocuments(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		f := newFixtureAt(t, target, defaultPipeline(t), api.Config{Token: "s3cret"})
		auth := map[string]string{"Authorization": "Bearer s3cret"}
		one, _ := json.Marshal(map[string]string{"id": "news/2015/1", "text": article, "date": "2015-05-05"})
		var e apiError
		if code := f.do(t, "POST", "/api/documents", "application/json", string(one), nil, &e); code != 401 || !strings.Contains(e.Error.Message, "token") {
			t.Errorf("no token: %d %+v", code, e)
		}
		if code := f.do(t, "POST", "/api/documents", "application/json", string(one), map[string]string{"Authorization": "Bearer wrong"}, &e); code != 401 {
			t.Errorf("wrong token: %d", code)
		}
		var a storeAnswer
		if code := f.do(t, "POST", "/api/documents", "application/json", string(one), auth, &a); code != 201 || len(a.Stored) != 1 || a.Stored[0].Events == 0 {
			t.Fatalf("store: %d %+v", code, a)
		}
		// The same document again, then the same text under another id: still one.
		f.do(t, "POST", "/api/documents", "application/json", string(one), auth, &a)
		other, _ := json.Marshal(map[string]string{"id": "mirror/1", "text": article, "date": "2015-05-05"})
		f.do(t, "POST", "/api/documents", "application/json", string(other), auth, &a)
		st, _ := f.st.Stats(context.Background())
		if st.Documents != 1 {
			t.Errorf("%d documents stored, want 1 (replaced by id, then by text)", st.Documents)
		}
		// A batch with one good and one empty document: 207, both named.
		a = storeAnswer{}
		code := f.do(t, "POST", "/api/documents", "application/json",
			`[{"id": "good", "text": "Kenya's president met Uganda's president in Nairobi on Friday.", "date": "2016-01-09"}, {"id": "empty", "text": "   "}]`, auth, &a)
		if code != 207 || len(a.Stored) != 1 || a.Stored[0].ID != "good" || len(a.Errors) != 1 || a.Errors[0].ID != "empty" {
			t.Errorf("mixed batch: %d %+v", code, a)
		}
		// Ids with slashes are path segments, escaped or not.
		var rec doc.Record
		if code := f.do(t, "GET", "/api/documents/mirror/1", "", "", nil, &rec); code != 200 || rec.ID != "mirror/1" || len(rec.Entities) == 0 {
			t.Errorf("GET mirror/1: %d id %q", code, rec.ID)
		}
		if code := f.do(t, "GET", "/api/documents/"+url.PathEscape("mirror/1"), "", "", nil, &rec); code != 200 {
			t.Errorf("GET escaped id: %d", code)
		}
		// Stored events, quotes and counts are queryable.
		var ev struct {
			Events []struct {
				Trigger      string `json:"trigger"`
				TriggerStart *int   `json:"trigger_start"`
				TriggerEnd   *int   `json:"trigger_end"`
				Sentence     string `json:"sentence"`
			} `json:"events"`
		}
		if f.do(t, "GET", "/api/events?doc=mirror/1", "", "", nil, &ev); len(ev.Events) == 0 {
			t.Error("no events for the stored document")
		}
		for _, e := range ev.Events {
			if e.TriggerStart == nil || e.TriggerEnd == nil || string([]rune(e.Sentence)[*e.TriggerStart:*e.TriggerEnd]) != e.Trigger {
				t.Errorf("trigger %q at %v-%v of %q", e.Trigger, e.TriggerStart, e.TriggerEnd, e.Sentence)
			}
		}
		var qs struct {
			Quotes []map[string]any `json:"quotes"`
		}
		if f.do(t, "GET", "/api/quotes?doc=mirror/1", "", "", nil, &qs); len(qs.Quotes) == 0 {
			t.Error("no quotes for the stored document")
		}
		var cs struct {
			Counts []struct {
				Kind  string `json:"kind"`
				Count int    `json:"count"`
			} `json:"counts"`
		}
		if f.do(t, "GET", "/api/counts?kind=arrested", "", "", nil, &cs); len(cs.Counts) != 1 || cs.Counts[0].Count != 12 {
			t.Errorf("arrest counts %+v, want the 12", cs.Counts)
		}
		var as struct {
			Actors []struct {
				Code string `json:"code"`
			} `json:"actors"`
		}
		if f.do(t, "GET", "/api/actors?country=GRC", "", "", nil, &as); len(as.Actors) == 0 {
			t.Error("no Greek actors")
		}
	})
}

// synthetic fills the store with n generated documents of one event each,
// without extraction.
func synthetic(t testing.TB, st *store.Store, n int) {
	t.Helper()
	types := []string{"CONSULT", "ASSAULT", "PROTEST", "ACCUSE"}
	codes := map[string][2]string{"CONSULT": {"040", "04"}, "ASSAULT": {"190", "19"}, "PROTEST": {"140", "14"}, "ACCUSE": {"112", "11"}}
	countries := []string{"KEN", "UGA", "TZA"}
	var recs []*doc.Record
	for i := range n {
		typ := types[i%len(types)]
		date := fmt.Sprintf("2020-%02d-%02d", 1+i%12, 1+i%28)
		a, r := countries[i%3], countries[(i+1)%3]
		text := fmt.Sprintf("Report %d.", i)
		lat, lon := 1.0+float64(i%3), 36.0
		e := doc.RecEvent{ID: "v1", PLOVER: doc.RecPLOVER{Type: typ}, CAMEO: doc.RecCAMEO{Code: codes[typ][0], Root: codes[typ][1]},
			Actor:     []doc.RecParticipant{{Text: a, Country: a, Sector: "GOV"}},
			Recipient: []doc.RecParticipant{{Text: r, Country: r}},
			Date:      &doc.RecDate{Value: date, Precision: "day"},
			Location:  &doc.RecLocation{Name: "Place " + a, Country: a, Lat: &lat, Lon: &lon, Resolution: "city"},
			Modality:  doc.RecModality{Negated: i%10 == 9}}
		recs = append(recs, &doc.Record{ID: fmt.Sprintf("d%03d", i), Text: text, Date: &date,
			Sentences: []doc.RecSpan{{Start: 0, End: len(text)}}, Events: []doc.RecEvent{e}})
	}
	if err := st.PutBatch(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
}

type eventsPage struct {
	Events []struct {
		DocID  string `json:"doc_id"`
		Date   string `json:"date"`
		Plover struct {
			Type string `json:"type"`
		} `json:"plover"`
		Actor []struct {
			Country string `json:"country"`
		} `json:"actor"`
		Cluster struct {
			Mentions int `json:"mentions"`
		} `json:"cluster"`
	} `json:"events"`
	Next       string `json:"next"`
	Total      int    `json:"total"`
	TotalExact bool   `json:"total_exact"`
}

func TestEventsPagingAndFilters(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		f := newFixtureAt(t, target, defaultPipeline(t), api.Config{})
		synthetic(t, f.st, 120) // 12 negated
		seen := map[string]bool{}
		prev := "9999"
		cur := ""
		pages := 0
		for {
			var p eventsPage
			path := "/api/events?limit=25"
			if cur != "" {
				path += "&cursor=" + cur
			}
			if code := f.do(t, "GET", path, "", "", nil, &p); code != 200 {
				t.Fatalf("page %d: %d", pages, code)
			}
			pages++
			if p.Total != 108 || !p.TotalExact {
				t.Errorf("total %d exact %v, want 108", p.Total, p.TotalExact)
			}
			for _, e := range p.Events {
				if seen[e.DocID] {
					t.Errorf("%s on two pages", e.DocID)
				}
				seen[e.DocID] = true
				if e.Date > prev {
					t.Errorf("%s dated %s after %s: not newest first", e.DocID, e.Date, prev)
				}
				prev = e.Date
			}
			if p.Next == "" {
				break
			}
			cur = p.Next
		}
		if len(seen) != 108 || pages != 5 {
			t.Errorf("%d events over %d pages, want 108 over 5", len(seen), pages)
		}
		for _, c := range []struct {
			query string
			want  int
		}{
			{"type=assault", 24},
			{"root=19", 24},
			{"actor_country=KEN", 36},
			{"recipient_country=KEN", 36},
			{"country=KEN", 72},
			{"actor_sector=GOV", 108},
			{"recipient_sector=GOV", 0},
			{"from=2020-03-01&to=2020-03-31", 10},
			{"from=2020-12", 8},
			{"negated=true", 120},
			{"type=ASSAULT&actor_country=KEN", 8},
			{"q=Report", 108},
			{"q=nothing", 0},
		} {
			var p eventsPage
			if code := f.do(t, "GET", "/api/events?limit=500&"+c.query, "", "", nil, &p); code != 200 || p.Total != c.want || len(p.Events) != c.want {
				t.Errorf("%s: %d, total %d, %d events; want %d", c.query, code, p.Total, len(p.Events), c.want)
			}
		}
		var tl struct {
			Interval string `json:"interval"`
			Buckets  []struct {
				Period, Type string
				N            int
			} `json:"buckets"`
		}
		f.do(t, "GET", "/api/events/timeline?interval=month", "", "", nil, &tl)
		sum := 0
		for _, b := range tl.Buckets {
			sum += b.N
			if len(b.Period) != 7 {
				t.Errorf("month period %q", b.Period)
			}
		}
		if sum != 108 || tl.Interval != "month" {
			t.Errorf("timeline sums to %d in %q, want 108 by month", sum, tl.Interval)
		}
		f.do(t, "GET", "/api/events/timeline", "", "", nil, &tl)
		if tl.Interval != "week" {
			t.Errorf("automatic interval for a year of events: %q, want week", tl.Interval)
		}
		var nw struct {
			Nodes []struct {
				ID string
				N  int
			} `json:"nodes"`
			Edges []struct {
				Source, Target, Type string
				N                    int
			} `json:"edges"`
		}
		f.do(t, "GET", "/api/events/network", "", "", nil, &nw)
		sum = 0
		for _, e := range nw.Edges {
			sum += e.N
		}
		if sum != 108 || len(nw.Nodes) != 3 {
			t.Errorf("network: edges sum to %d over %d nodes, want 108 over 3", sum, len(nw.Nodes))
		}
		var mp struct {
			Places []struct {
				Name string
				N    int
			} `json:"places"`
		}
		f.do(t, "GET", "/api/events/map?type=CONSULT", "", "", nil, &mp)
		sum = 0
		for _, p := range mp.Places {
			sum += p.N
		}
		if len(mp.Places) != 3 || sum != 30 {
			t.Errorf("map: %d places, %d events; want 3 and 30", len(mp.Places), sum)
		}
	})
}

func TestExportEndpoint(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, target string) {
		f := newFixtureAt(t, target, defaultPipeline(t), api.Config{})
		synthetic(t, f.st, 20)
		resp, err := http.Get(f.srv.URL + "/api/export?format=cameo-tsv&type=ASSAULT")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "dyad-events.tsv") {
			t.Fatalf("%d %v", resp.StatusCode, resp.Header)
		}
		// 5 ASSAULT events (every fourth), one of them negated and left out.
		if len(lines) != 1+4 || !strings.Contains(lines[1], "\t190\t") {
			t.Errorf("export lines %q", lines)
		}
	})
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	f := newFixture(t, defaultPipeline(t), api.Config{})
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if code := f.do(t, "GET", "/api/openapi.json", "", "", nil, &spec); code != 200 || !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Fatalf("%d %q", code, spec.OpenAPI)
	}
	var got []string
	for p, ops := range spec.Paths {
		for m := range ops {
			got = append(got, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(got)
	// Every described operation answers something other than 404/405, and
	// every served one is described.
	for _, op := range got {
		m, p, _ := strings.Cut(op, " ")
		p = strings.ReplaceAll(p, "{id}", "x")
		code := f.do(t, m, p, "application/json", "{}", nil, nil)
		if code == 404 && p != "/api/documents/x" || code == 405 {
			t.Errorf("%s: %d", op, code)
		}
	}
	served := []string{"GET /api/events", "GET /api/events/timeline", "GET /api/events/network", "GET /api/events/map",
		"GET /api/documents", "POST /api/documents", "GET /api/documents/{id}", "POST /api/extract", "GET /api/actors",
		"GET /api/quotes", "GET /api/counts", "GET /api/export", "GET /api/stats", "GET /api/openapi.json", "GET /healthz"}
	sort.Strings(served)
	if strings.Join(got, "\n") != strings.Join(served, "\n") {
		t.Errorf("described:\n%s\nserved:\n%s", strings.Join(got, "\n"), strings.Join(served, "\n"))
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}
