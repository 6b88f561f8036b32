package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
)

// FuzzDocumentsJSON posts arbitrary bodies to the endpoints that read
// documents: every answer is JSON with an expected status, errors carry
// their status, and nothing panics or answers 500.
func FuzzDocumentsJSON(f *testing.F) {
	for _, s := range []string{
		`{"id": "a", "text": "Kenya's president met Uganda's president.", "date": "2016-01-09"}`,
		`[{"text": "One."}, {"html": "<p>Two.</p>", "title": "T"}]`,
		`{"text": "x"}{"text": "y"}`,
		`{"id": 5, "text": ["not", "a", "string"]}`,
		`{"text": "\u0000\ud800", "date": "not a date"}`,
		`[]`, `{}`, `null`, `[null]`, `"text"`, `{"text": "unterminated`,
		"plain text with { braces",
	} {
		f.Add(s, "application/json")
		f.Add(s, "text/plain")
	}
	st, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	srv, err := api.New(api.Config{Store: st, Pipeline: pipeline.New(), MaxBytes: 1 << 16})
	if err != nil {
		f.Fatal(err)
	}
	want := map[int]bool{200: true, 201: true, 207: true, 400: true, 413: true, 422: true}
	f.Fuzz(func(t *testing.T, body, ctype string) {
		for _, path := range []string{"/api/extract", "/api/documents"} {
			req := httptest.NewRequest("POST", path, strings.NewReader(body))
			req.Header.Set("Content-Type", ctype)
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, req)
			if !want[w.Code] {
				t.Fatalf("%s %q (%s): status %d: %s", path, body, ctype, w.Code, w.Body)
			}
			if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
				t.Fatalf("%s: Content-Type %q", path, w.Header().Get("Content-Type"))
			}
			var v map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
				t.Fatalf("%s %q: answer is not a JSON object: %v: %s", path, body, err, w.Body)
			}
			if w.Code >= 400 && w.Code != 422 {
				e, _ := v["error"].(map[string]any)
				if e == nil || e["status"] != float64(w.Code) || e["message"] == "" {
					t.Fatalf("%s %q: error answer %s", path, body, w.Body)
				}
			}
		}
	})
}

// TestHealthAfterPanic checks that the server recovers from a handler panic
// with a JSON 500 and keeps serving.
func TestHealthAfterPanic(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ui := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
	srv, err := api.New(api.Config{Store: st, Pipeline: pipeline.New(), UI: ui})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Errorf("panicking UI: %d, want 500", resp.StatusCode)
	}
	resp, err = http.Get(ts.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after a panic: %v %v", resp, err)
	}
	resp.Body.Close()
}
