package queue

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/store"
)

// Headers of work and result messages, beside jetstream.MsgIDHeader.
const (
	// HeaderID holds the document id, so that a message whose body cannot
	// be read is still recorded under its document's name. It is absent
	// when the id is not fit for a header (control characters, over 512
	// bytes).
	HeaderID = "Dyad-Id"
	// HeaderEncoding is "gzip" when the body is gzip-compressed JSON, and
	// absent when it is plain JSON.
	HeaderEncoding = "Dyad-Encoding"
)

// compressAbove is the body size, in bytes, above which messages are
// compressed: a record's JSON is some 15 times its text, and NATS servers
// take messages of 1 MiB by default (max_payload).
const compressAbove = 16 << 10

// Work is the wire form of a work message: one input document, or an input
// document that could not be read (Error set), as JSON. Failed input
// documents travel too, so that a worker records them as failures and every
// input document ends as a stored record or a failure record.
type Work struct {
	ID     string `json:"id"`
	Text   string `json:"text,omitempty"`
	Title  string `json:"title,omitempty"`
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
	// Date is the publication date: YYYY-MM-DD, or RFC 3339 when the input
	// gave a time or a zone, whose calendar date is then the one the input
	// gave; "" when unknown.
	Date string `json:"date,omitempty"`
	// Origin is where the document was read (ingest.Item.Origin).
	Origin   string   `json:"origin,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// Error is the reason the input document could not be read.
	Error string `json:"error,omitempty"`
}

// WorkOf returns the wire form of an input item.
func WorkOf(it ingest.Item) Work {
	w := Work{ID: it.ID, Text: it.Text, Title: it.Title, Source: it.Source, URL: it.URL,
		Date: formatDate(it.Date), Origin: it.Origin, Warnings: it.Warnings}
	if it.Err != nil {
		w.Error = it.Err.Error()
		w.Text = ""
	}
	return w
}

// Item returns the input item w describes. Its Err, when w.Error is set,
// is an error with that message.
func (w Work) Item() (ingest.Item, error) {
	it := ingest.Item{ID: w.ID, Text: w.Text, Title: w.Title, Source: w.Source, URL: w.URL,
		Origin: w.Origin, Warnings: w.Warnings}
	if w.Error != "" {
		it.Err = errors.New(w.Error)
		return it, nil
	}
	if w.Date != "" {
		d, err := parseDate(w.Date)
		if err != nil {
			return it, fmt.Errorf("document %s: %w", w.ID, err)
		}
		it.Date = d
	}
	return it, nil
}

// formatDate writes a date as Work.Date holds it.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Location() == time.UTC && t.Equal(t.Truncate(24*time.Hour)) {
		return t.Format(doc.DateLayout)
	}
	return t.Format(time.RFC3339Nano)
}

// parseDate reads a Work.Date.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(doc.DateLayout, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD or RFC 3339", s)
	}
	return t, nil
}

// MsgID is the Nats-Msg-Id of a message about document id whose content
// (the text of an input document or record, or a failure's message) is
// content: the id and the content's hash (store.Hash), so that the same
// document published twice within the duplicate window is stored once,
// while a changed text under the same id is not taken for a copy. An id
// unfit for a header is replaced by its hash.
func MsgID(id, content string) string {
	if !headerSafe(id) {
		id = "sha256:" + store.Hash(id)
	}
	return id + "@" + store.Hash(content)
}

// headerSafe reports whether s can stand as a header value as it is.
func headerSafe(s string) bool {
	if len(s) > 512 || !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, unicode.IsControl)
}

// newMsg returns a message to subject whose body is v's JSON, compressed
// when large, with the id headers. It fails with errTooLarge when the body
// is over max bytes (the server's max_payload), with room for headers.
func newMsg(subject, id, msgID string, v any, max int64) (*nats.Msg, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", id, err)
	}
	m := nats.NewMsg(subject)
	if len(data) > compressAbove {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed) // a valid level: no error
		if _, err := zw.Write(data); err != nil {
			return nil, fmt.Errorf("compress %s: %w", id, err)
		}
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("compress %s: %w", id, err)
		}
		if b.Len() < len(data) {
			data = b.Bytes()
			m.Header.Set(HeaderEncoding, "gzip")
		}
	}
	if max > 0 && int64(len(data))+headerRoom > max {
		return nil, &tooLargeError{size: len(data), max: max}
	}
	m.Data = data
	m.Header.Set(jetstream.MsgIDHeader, msgID)
	if headerSafe(id) {
		m.Header.Set(HeaderID, id)
	}
	return m, nil
}

// headerRoom is what newMsg leaves of the server's max_payload for headers.
const headerRoom = 2048

// tooLargeError is a message over the server's max_payload.
type tooLargeError struct {
	size int
	max  int64
}

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("%d bytes (compressed) exceed the NATS server's max_payload of %d bytes; raise max_payload in the server configuration", e.size, e.max)
}

// body returns the JSON body of a message, uncompressing it.
func body(data []byte, h nats.Header) ([]byte, error) {
	switch enc := h.Get(HeaderEncoding); enc {
	case "":
		return data, nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("uncompress: %w", err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("uncompress: %w", err)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("unknown %s %q", HeaderEncoding, enc)
	}
}

// msgName names a message's document for errors: its id header, else its
// stream and sequence.
func msgName(m jetstream.Msg) string {
	if id := m.Headers().Get(HeaderID); id != "" {
		return id
	}
	if md, err := m.Metadata(); err == nil {
		return fmt.Sprintf("%s:%d", md.Stream, md.Sequence.Stream)
	}
	return m.Subject()
}

// decodeWork reads a work message.
func decodeWork(m jetstream.Msg) (ingest.Item, error) {
	data, err := body(m.Data(), m.Headers())
	if err != nil {
		return ingest.Item{}, err
	}
	var w Work
	if err := json.Unmarshal(data, &w); err != nil {
		return ingest.Item{}, fmt.Errorf("malformed work message: %w", err)
	}
	if w.ID == "" {
		return ingest.Item{}, errors.New("malformed work message: no id")
	}
	return w.Item()
}

// Result is the wire form of a message on the results stream: a record, or
// the failure of a document (ID and Error).
type Result struct {
	Record *doc.Record `json:"record,omitempty"`
	ID     string      `json:"id,omitempty"`
	Error  string      `json:"error,omitempty"`
}

// decodeResult reads a results message.
func decodeResult(m jetstream.Msg) (Result, error) {
	data, err := body(m.Data(), m.Headers())
	if err != nil {
		return Result{}, err
	}
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return Result{}, fmt.Errorf("malformed result message: %w", err)
	}
	switch {
	case r.Record != nil && r.Record.ID != "":
		return r, nil
	case r.Record == nil && r.ID != "" && r.Error != "":
		return r, nil
	}
	return Result{}, errors.New("malformed result message: neither a record nor a failure")
}
