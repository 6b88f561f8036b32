// Package web holds dyad's browser interface: a single page (index.html,
// app.js, app.css) and the JavaScript libraries it uses, vendored as files
// under static/vendor, all embedded in the binary. The page talks only to the
// HTTP API under /api/ (docs/api.md) and needs no build step and no network
// access beyond the dyad server; docs/ui.md is its user guide.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var static embed.FS

// contentTypes maps the extensions of the embedded files to the Content-Type
// they are served with, so that the answer does not depend on the MIME tables
// of the machine the server runs on.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".md":   "text/plain; charset=utf-8",
}

// csp is the Content-Security-Policy of the page: scripts only from the
// server itself (no inline script, no eval), requests only to the server.
// Inline styles are allowed because the chart libraries position their
// tooltips with style attributes.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// file is one embedded file ready to serve.
type file struct {
	name  string
	data  []byte
	ctype string
	etag  string
	cache string
}

// Handler returns the handler that serves the interface: index.html at "/"
// (and "/index.html"), the other embedded files at their paths ("/app.js",
// "/vendor/echarts.min.js", ...). Files under vendor/ are cached for a year
// (the page names them with their version in the query string); the page
// and its own script and style sheet are revalidated on every load through
// their ETag. Every other path is a 404; methods other than GET and HEAD
// are a 405. The API server mounts it for every path outside /api/.
func Handler() http.Handler {
	files := map[string]*file{}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static")
		sum := sha256.Sum256(data)
		f := &file{
			name:  name,
			data:  data,
			ctype: contentTypes[path.Ext(name)],
			etag:  `"` + hex.EncodeToString(sum[:12]) + `"`,
			cache: "no-cache",
		}
		if f.ctype == "" {
			f.ctype = "text/plain; charset=utf-8"
		}
		if strings.HasPrefix(name, "/vendor/") {
			f.cache = "public, max-age=31536000, immutable"
		}
		files[name] = f
		return nil
	})
	if err != nil {
		// The files are compiled in: failing to read them is a broken build.
		panic("web: reading embedded files: " + err.Error())
	}
	files["/"] = files["/index.html"]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ctype)
		h.Set("Cache-Control", f.cache)
		h.Set("ETag", f.etag)
		h.Set("X-Content-Type-Options", "nosniff")
		if f.ctype == contentTypes[".html"] {
			h.Set("Content-Security-Policy", csp)
			h.Set("Referrer-Policy", "no-referrer")
		}
		// ServeContent answers If-None-Match with 304 and handles ranges.
		http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.data))
	})
}
