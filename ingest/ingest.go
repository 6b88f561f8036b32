// Package ingest reads input documents for dyad from every input form it
// accepts: plain-text files, HTML pages, JSON Lines files, directories of any
// of these, and standard input.
//
// The package never loses a document. Every input document yields exactly one
// Item: either a document with its text, or a failure (Item.Err) that still
// names the document, so that a caller can report it and carry on. Reading is
// streaming: documents are handed to the caller one at a time, in input order,
// and neither a directory of many files nor a JSON Lines file of many lines is
// held in memory at once.
//
// # Formats
//
// The format of a file is chosen by its extension, then by its content:
//
//   - .jsonl and .ndjson: JSON Lines, one document per line (see below).
//   - .html, .htm, .xhtml: an HTML page.
//   - .txt: plain text.
//   - anything else (.json included), and standard input ("-"): JSON Lines
//     when the first non-space byte is '{'; HTML when the content starts,
//     after white space, with an HTML doctype, an HTML comment, one of the
//     tags <html>, <head>, <body>, <title>, <meta>, <article>, <div>, <p>,
//     <h1>, <table>, or an XML declaration followed by <html; plain text
//     otherwise.
//
// A JSON Lines line is an object with the string fields id, text, date,
// title, source and url; html may stand instead of text and is run through
// the HTML extractor. Lines holding only white space are skipped and yield no
// Item; every other line yields one.
//
// # Text normalisation
//
// Every document text is valid UTF-8. A leading byte-order mark is removed,
// a UTF-16 text with a byte-order mark is decoded, invalid UTF-8 bytes are
// replaced with U+FFFD (one per invalid byte, with a warning giving the
// count), and line endings are normalised: CRLF and lone CR become LF. All
// offsets that later stages record are byte offsets into this normalised
// text, not into the input file.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
)

// DefaultMaxBytes is the per-document size limit used when Options.MaxBytes
// is zero or negative: 10 MiB, far above any news article. Processing takes
// about 80 bytes of memory per byte of text, so the default bounds a
// document at under 1 GiB.
const DefaultMaxBytes int64 = 10 << 20

// LimitFlag is the command-line flag named in the error for a document over
// the size limit, telling the user how to raise it.
const LimitFlag = "--max-bytes"

// Errors an Item's Err wraps; test with errors.Is.
var (
	// ErrEmpty: the document has no content, or only white space.
	ErrEmpty = errors.New("empty document")
	// ErrBinary: the document is not text (NUL bytes, or many control bytes,
	// in its first 8 KiB).
	ErrBinary = errors.New("binary file")
	// ErrTooLarge: the document is larger than Options.MaxBytes.
	ErrTooLarge = errors.New("document too large")
	// ErrNoText: an HTML page from which no text could be extracted.
	ErrNoText = errors.New("no extractable text")
	// ErrBadJSON: a JSON Lines line that is not a JSON object, or has
	// neither text nor html.
	ErrBadJSON = errors.New("malformed JSON line")
	// ErrUnreadable: a path that could not be opened, listed or read.
	ErrUnreadable = errors.New("unreadable path")
)

// Item is one input document or one input failure. Exactly one Item is
// produced per input document.
type Item struct {
	// ID names the document: for a file found under a directory argument,
	// its slash-separated path relative to that argument; for a file
	// argument, its base name; for standard input, "stdin". A JSON Lines
	// document's ID is its id field, or NAME:LINE (NAME as above, LINE
	// 1-based) when it has none.
	ID string
	// Title, Source and URL come from JSON Lines fields or HTML metadata
	// (Source is the site name); "" when unknown.
	Title, Source, URL string
	// Date is the publication date: from the JSON Lines date field or HTML
	// metadata, else Options.DefaultDate; zero when unknown and on error
	// Items. A date given with a time keeps its zone, so that its calendar
	// date (Format("2006-01-02")) is the one the input gave.
	Date time.Time
	// Text is the article text, valid UTF-8 with LF line endings. HTML
	// paragraphs are separated by a blank line ("\n\n").
	Text string
	// Origin is where the document came from: the path as it was reached
	// (argument joined with the relative path), "path:LINE" for a JSON Lines
	// document, and "-" (or "-:LINE") for standard input.
	Origin string
	// Warnings are problems that did not stop the document, such as
	// repaired invalid UTF-8 or an unparseable date.
	Warnings []string
	// Err is non-nil when the document failed; ID and Origin still name it.
	// Its message starts with Origin. It wraps one of the Err* variables
	// of this package.
	Err error
}

// Options configures Read. The zero value is ready to use.
type Options struct {
	// MaxBytes is the largest document accepted, in bytes: a file, a
	// standard-input text or one JSON Lines line. Zero or negative means
	// DefaultMaxBytes. A larger document yields an error Item wrapping
	// ErrTooLarge, and is never read into memory past MaxBytes+1 bytes.
	// A JSON Lines file as a whole has no limit.
	MaxBytes int64
	// DefaultDate is the publication date of documents whose input gives
	// none.
	DefaultDate time.Time
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// docError is an Item error: the document's origin and the cause.
type docError struct {
	origin string
	err    error
}

func (e *docError) Error() string { return e.origin + ": " + e.err.Error() }
func (e *docError) Unwrap() error { return e.err }

// tooLarge returns the error for a document over the limit.
func tooLarge(limit int64) error {
	return fmt.Errorf("%w: over the limit of %s; raise it with %s (Options.MaxBytes)",
		ErrTooLarge, formatBytes(limit), LimitFlag)
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d bytes (%d MiB)", n, n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d bytes (%d KiB)", n, n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// errStop carries an error returned by the caller's function, or the
// context's error, out of the reading loops.
type errStop struct{ err error }

func (e errStop) Error() string { return e.err.Error() }

// reader holds the state of one Read call.
type reader struct {
	ctx   context.Context
	opt   Options
	max   int64
	stdin io.Reader
	fn    func(Item) error
}

// emit hands one item to the caller.
func (r *reader) emit(it Item) error {
	if err := r.ctx.Err(); err != nil {
		return errStop{err}
	}
	if it.Err == nil && it.Date.IsZero() {
		it.Date = r.opt.DefaultDate
	}
	if err := r.fn(it); err != nil {
		return errStop{err}
	}
	return nil
}

// fail emits an error item.
func (r *reader) fail(id, origin string, err error) error {
	return r.emit(Item{ID: id, Origin: origin, Err: &docError{origin, err}})
}

// Read reads each path in order and calls fn once for each document, in
// input order. A path is a file, a directory (read recursively, entries in
// lexical order, skipping names that start with '.'), or "-" for stdin.
// Symbolic links are followed; a link back to a directory being read is
// reported as an error Item instead of being followed.
//
// Problems with single documents, including paths that do not exist or
// cannot be read, are reported as Items with Err set, and reading goes on.
// Read returns nil once every path is read. It stops early and returns the
// error when fn returns an error, or ctx's error when ctx is done.
func Read(ctx context.Context, paths []string, stdin io.Reader, opt Options, fn func(Item) error) error {
	r := &reader{ctx: ctx, opt: opt, max: opt.maxBytes(), stdin: stdin, fn: fn}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.readArg(p); err != nil {
			var s errStop
			if errors.As(err, &s) {
				return s.err
			}
			return err
		}
	}
	return nil
}

// readArg reads one command-line path.
func (r *reader) readArg(p string) error {
	if p == "-" {
		if r.stdin == nil {
			return r.fail("stdin", "-", fmt.Errorf("%w: no standard input", ErrUnreadable))
		}
		return r.readStream(r.stdin, "stdin", "-", "")
	}
	name := filepath.Base(p)
	if p == "" {
		return r.fail(p, p, fmt.Errorf("%w: empty path", ErrUnreadable))
	}
	fi, err := os.Stat(p)
	if err != nil {
		return r.fail(name, p, fmt.Errorf("%w: %v", ErrUnreadable, unwrapPath(err)))
	}
	if fi.IsDir() {
		return r.walkDir(p, "", []os.FileInfo{fi})
	}
	return r.readFile(p, name, fi)
}

// unwrapPath strips the *PathError wrapper, whose message repeats the path
// that the Item error names already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// walkDir reads directory dir, whose path relative to the argument is rel.
// stack holds the directories being read, from the argument down, to detect
// symbolic-link loops.
func (r *reader) walkDir(dir, rel string, stack []os.FileInfo) error {
	// os.ReadDir sorts by name and returns the entries read before any
	// error, which are still read below.
	entries, err := os.ReadDir(dir)
	if err != nil {
		if e := r.fail(idOf(rel, dir), dir, fmt.Errorf("%w: %v", ErrUnreadable, unwrapPath(err))); e != nil {
			return e
		}
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		erel := e.Name()
		if rel != "" {
			erel = rel + "/" + e.Name()
		}
		if err := r.ctx.Err(); err != nil {
			return errStop{err}
		}
		fi, err := os.Stat(path) // follows symbolic links
		if err != nil {
			if e := r.fail(erel, path, fmt.Errorf("%w: %v", ErrUnreadable, unwrapPath(err))); e != nil {
				return e
			}
			continue
		}
		if fi.IsDir() {
			if onStack(stack, fi) {
				if e := r.fail(erel, path, fmt.Errorf("%w: symbolic link loop: directory is already being read", ErrUnreadable)); e != nil {
					return e
				}
				continue
			}
			if err := r.walkDir(path, erel, append(stack, fi)); err != nil {
				return err
			}
			continue
		}
		if !fi.Mode().IsRegular() {
			if e := r.fail(erel, path, fmt.Errorf("%w: not a regular file (%s)", ErrUnreadable, fi.Mode().Type())); e != nil {
				return e
			}
			continue
		}
		if err := r.readFile(path, erel, fi); err != nil {
			return err
		}
	}
	return nil
}

func onStack(stack []os.FileInfo, fi os.FileInfo) bool {
	for _, s := range stack {
		if os.SameFile(s, fi) {
			return true
		}
	}
	return false
}

func idOf(rel, path string) string {
	if rel != "" {
		return rel
	}
	return filepath.Base(path)
}

// readFile reads one file named name (the document ID) at path.
func (r *reader) readFile(path, name string, fi os.FileInfo) error {
	f, err := os.Open(path)
	if err != nil {
		return r.fail(name, path, fmt.Errorf("%w: %v", ErrUnreadable, unwrapPath(err)))
	}
	defer f.Close()
	var size int64 = -1
	if fi != nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return r.readSource(f, name, path, strings.ToLower(filepath.Ext(path)), size)
}

// readStream reads standard input.
func (r *reader) readStream(rd io.Reader, name, origin, ext string) error {
	return r.readSource(rd, name, origin, ext, -1)
}

// ReadStream reads one stream as Read reads a file: rd holds one document or
// JSON Lines; name is the document's ID (or the prefix of JSON Lines IDs,
// NAME:LINE) and ext chooses its format as a file extension would (".txt",
// ".html", ".jsonl"; "" to sniff the content). It calls fn once per
// document.
func ReadStream(ctx context.Context, rd io.Reader, name, ext string, opt Options, fn func(Item) error) error {
	r := &reader{ctx: ctx, opt: opt, max: opt.maxBytes(), fn: fn}
	if err := r.readStream(rd, name, name, ext); err != nil {
		var s errStop
		if errors.As(err, &s) {
			return s.err
		}
		return err
	}
	return nil
}

// Document returns the document an Item holds, with its metadata and
// warnings, ready for the pipeline. It is for Items without Err.
func (it Item) Document() *doc.Document {
	d := doc.New(it.ID, it.Text)
	d.Title, d.Source, d.URL, d.Date = it.Title, it.Source, it.URL, it.Date
	d.Warnings = append(d.Warnings, it.Warnings...)
	return d
}
