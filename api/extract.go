package api

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/store"
)

// input is a document of a request body, or its failure.
type input struct {
	item ingest.Item
	// named is false when the request gave no id: the id is then made
	// from the text's hash.
	named bool
}

// readInput reads the documents of a POST body: plain text or HTML (one
// document; id, date and title from the query), or JSON (an object, an
// array of objects, or objects one after another).
func (s *Server) readInput(r *http.Request) ([]input, error) {
	q := r.URL.Query()
	opt := ingest.Options{MaxBytes: s.cfg.MaxBytes}
	if d := q.Get("date"); d != "" {
		t, err := ingest.ParseDate(d)
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "date %q: want YYYY-MM-DD", d)
		}
		opt.DefaultDate = t
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err // a *http.MaxBytesError becomes 413
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, errorf(http.StatusBadRequest, "empty request body: send a JSON object {\"text\": ...} or plain text")
	}
	var ins []input
	collect := func(named []bool) func(ingest.Item) error {
		return func(it ingest.Item) error {
			n := len(ins)
			in := input{item: it, named: n < len(named) && named[n]}
			ins = append(ins, in)
			return nil
		}
	}
	switch {
	case ctype == "text/plain" || ctype == "text/html" ||
		(ctype != "application/json" && trimmed[0] != '{' && trimmed[0] != '['):
		id := q.Get("id")
		ext := ".txt"
		if ctype == "text/html" {
			ext = ".html"
		} else if ctype != "text/plain" {
			ext = "" // sniff: HTML or text
		}
		err = ingest.ReadStream(r.Context(), bytes.NewReader(body), id, ext, opt, collect([]bool{id != ""}))
		if err != nil {
			return nil, err
		}
		if t := q.Get("title"); t != "" && len(ins) == 1 && ins[0].item.Title == "" {
			ins[0].item.Title = t
		}
	default:
		lines, named, err := jsonLines(trimmed)
		if err != nil {
			return nil, err
		}
		if err := ingest.ReadStream(r.Context(), bytes.NewReader(lines), "body", ".jsonl", opt, collect(named)); err != nil {
			return nil, err
		}
	}
	for i := range ins {
		it := &ins[i].item
		if !ins[i].named && it.Err == nil {
			it.ID = "sha256:" + store.Hash(it.Text)[:16]
		}
	}
	return ins, nil
}

// jsonLines turns a JSON body (an object, an array of objects, or objects
// one after another) into JSON Lines, and reports which objects have an id.
func jsonLines(body []byte) ([]byte, []bool, error) {
	var raws []json.RawMessage
	if body[0] == '[' {
		if err := json.Unmarshal(body, &raws); err != nil {
			return nil, nil, errorf(http.StatusBadRequest, "malformed JSON: %v", err)
		}
	} else {
		dec := json.NewDecoder(bytes.NewReader(body))
		for {
			var raw json.RawMessage
			err := dec.Decode(&raw)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, nil, errorf(http.StatusBadRequest, "malformed JSON: %v", err)
			}
			raws = append(raws, raw)
		}
	}
	if len(raws) == 0 {
		return nil, nil, errorf(http.StatusBadRequest, "no documents in the request")
	}
	var out bytes.Buffer
	named := make([]bool, len(raws))
	for i, raw := range raws {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
			return nil, nil, errorf(http.StatusBadRequest, "document %d: want a JSON object with a text (or html) field", i+1)
		}
		if id, ok := fields["id"]; ok && string(id) != `""` && string(id) != "null" {
			named[i] = true
		}
		if err := json.Compact(&out, raw); err != nil {
			return nil, nil, errorf(http.StatusBadRequest, "document %d: %v", i+1, err)
		}
		out.WriteByte('\n')
	}
	return out.Bytes(), named, nil
}

// process extracts one document within the server's limits.
func (s *Server) process(ctx context.Context, it ingest.Item) (*doc.Record, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return nil, errorf(http.StatusServiceUnavailable, "the server is busy: no extraction slot within %s", s.cfg.Timeout)
	}
	d := it.Document()
	if err := s.cfg.Pipeline.Process(ctx, d); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, errorf(http.StatusServiceUnavailable, "extraction took longer than %s", s.cfg.Timeout)
		}
		return nil, err
	}
	return d.Record(doc.RecordOptions{}), nil
}

// itemError is the message of a failed input, without the origin prefix
// ingest gives it.
func itemError(it ingest.Item) string {
	msg := it.Err.Error()
	if it.Origin != "" {
		msg = strings.TrimPrefix(msg, it.Origin+": ")
	}
	return msg
}

func (s *Server) extract(w http.ResponseWriter, r *http.Request) error {
	ins, err := s.readInput(r)
	if err != nil {
		return err
	}
	if len(ins) != 1 {
		return errorf(http.StatusBadRequest, "extract takes one document, got %d (POST /api/documents takes many)", len(ins))
	}
	it := ins[0].item
	if it.Err != nil {
		return errorf(http.StatusBadRequest, "%s", itemError(it))
	}
	rec, err := s.process(r.Context(), it)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

// authorized reports whether the request carries the server's token, if it
// has one.
func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.Token == "" {
		return true
	}
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.cfg.Token)) == 1
}

func (s *Server) postDocuments(w http.ResponseWriter, r *http.Request) error {
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dyad"`)
		return errorf(http.StatusUnauthorized, "a bearer token is required to store documents (Authorization: Bearer TOKEN)")
	}
	ins, err := s.readInput(r)
	if err != nil {
		return err
	}
	type storedJSON struct {
		ID     string `json:"id"`
		Events int    `json:"events"`
		Quotes int    `json:"quotes"`
		Counts int    `json:"counts"`
	}
	type failedJSON struct {
		ID    string `json:"id"`
		Error string `json:"error"`
	}
	stored := []storedJSON{}
	failed := []failedJSON{}
	var recs []*doc.Record
	for _, in := range ins {
		if in.item.Err != nil {
			failed = append(failed, failedJSON{in.item.ID, itemError(in.item)})
			continue
		}
		rec, err := s.process(r.Context(), in.item)
		if err != nil {
			if r.Context().Err() != nil {
				return r.Context().Err()
			}
			_, msg := classify(err)
			failed = append(failed, failedJSON{in.item.ID, msg})
			continue
		}
		recs = append(recs, rec)
		stored = append(stored, storedJSON{rec.ID, len(rec.Events), len(rec.Quotes), len(rec.Counts)})
	}
	if len(recs) > 0 {
		// Storing must not be cut short by a client that goes away.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Minute)
		defer cancel()
		if err := s.cfg.Store.PutBatch(ctx, recs); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	for _, f := range failed {
		if err := s.cfg.Store.PutFailure(context.WithoutCancel(r.Context()), f.ID, f.Error); err != nil {
			s.log.Error("record failure", "id", f.ID, "err", err)
		}
	}
	status := http.StatusCreated
	switch {
	case len(failed) > 0 && len(stored) > 0:
		status = http.StatusMultiStatus
	case len(failed) > 0:
		status = http.StatusUnprocessableEntity
	}
	body := map[string]any{"stored": stored, "errors": failed}
	if len(stored) == 0 {
		var e errorBody
		e.Error.Status, e.Error.Message = status, fmt.Sprintf("none of the %d documents could be stored: see errors", len(failed))
		body["error"] = e.Error
	}
	writeJSON(w, status, body)
	return nil
}
