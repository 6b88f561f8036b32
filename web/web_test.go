package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, path string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestIndex(t *testing.T) {
	h := Handler()
	for _, path := range []string{"/", "/index.html"} {
		rec := get(t, h, "GET", path, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", path, cc)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
		}
		body := rec.Body.String()
		for _, want := range []string{`id="annotate-text"`, `src="app.js"`, `src="vendor/echarts.min.js`} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: page lacks %s", path, want)
			}
		}
	}
}

func TestAssets(t *testing.T) {
	h := Handler()
	cases := []struct {
		path, ctype string
		immutable   bool
	}{
		{"/app.js", "text/javascript; charset=utf-8", false},
		{"/app.css", "text/css; charset=utf-8", false},
		{"/vendor/cytoscape.min.js", "text/javascript; charset=utf-8", true},
		{"/vendor/echarts.min.js", "text/javascript; charset=utf-8", true},
		{"/vendor/topojson-client.min.js", "text/javascript; charset=utf-8", true},
		{"/vendor/countries-110m.json", "application/json", true},
	}
	for _, c := range cases {
		rec := get(t, h, "GET", c.path, nil)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", c.path, rec.Code)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); ct != c.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", c.path, ct, c.ctype)
		}
		cc := rec.Header().Get("Cache-Control")
		if c.immutable != strings.Contains(cc, "max-age=31536000") {
			t.Errorf("GET %s: Cache-Control %q", c.path, cc)
		}
		if rec.Body.Len() == 0 {
			t.Errorf("GET %s: empty body", c.path)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no X-Content-Type-Options", c.path)
		}
	}
}

func TestConditionalAndMethods(t *testing.T) {
	h := Handler()
	rec := get(t, h, "GET", "/app.js", nil)
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on /app.js")
	}
	if rec := get(t, h, "GET", "/app.js", map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified {
		t.Errorf("GET /app.js with its ETag: status %d, want 304", rec.Code)
	}
	if rec := get(t, h, "HEAD", "/", nil); rec.Code != http.StatusOK {
		t.Errorf("HEAD /: status %d", rec.Code)
	}
	if rec := get(t, h, "POST", "/", nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", rec.Code)
	}
}

func TestNotFound(t *testing.T) {
	h := Handler()
	for _, path := range []string{"/nope", "/vendor/", "/vendor", "/static/index.html", "/app.js/x", "/../web.go"} {
		if rec := get(t, h, "GET", path, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, rec.Code)
		}
	}
}
