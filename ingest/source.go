package ingest

import (
	"bytes"
	"fmt"
	"io"
)

// readSource reads one file or stream: ext is its lower-case extension ("" for
// standard input) and size its size when known, else -1.
func (r *reader) readSource(rd io.Reader, name, origin, ext string, size int64) error {
	f, known := formatByExt(ext)
	if known && f == formatJSONL {
		return r.readJSONL(rd, name, origin)
	}
	// Read the first bytes to sniff the format and check for binary data,
	// never more than MaxBytes+1 in all.
	prefix := make([]byte, min(int64(sniffLen), r.max+1))
	n, err := io.ReadFull(rd, prefix)
	prefix = prefix[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return r.fail(name, origin, fmt.Errorf("%w: %v", ErrUnreadable, unwrapPath(err)))
	}
	if !known {
		f = sniff(prefix)
		if f == formatJSONL {
			return r.readJSONL(io.MultiReader(bytes.NewReader(prefix), rd), name, origin)
		}
	}
	if size > r.max {
		return r.fail(name, origin, tooLarge(r.max))
	}
	data := prefix
	if int64(n) == int64(len(prefix)) && err == nil {
		rest, err := io.ReadAll(io.LimitReader(rd, r.max+1-int64(n)))
		if err != nil {
			return r.fail(name, origin, fmt.Errorf("%w: %v", ErrUnreadable, unwrapPath(err)))
		}
		data = append(prefix, rest...)
	}
	if int64(len(data)) > r.max {
		return r.fail(name, origin, tooLarge(r.max))
	}
	it := Item{ID: name, Origin: origin}
	r.fillDoc(&it, data, f)
	return r.emit(it)
}

// fillDoc sets the text and metadata of it from the document bytes data in
// format f (text or HTML), or its Err.
func (r *reader) fillDoc(it *Item, data []byte, f format) {
	var err error
	if f == formatHTML {
		var page htmlPage
		page, err = extractHTML(data)
		it.Warnings = append(it.Warnings, page.warnings...)
		if err == nil {
			it.Text = page.text
			it.Title = page.title
			it.Source = page.site
			it.URL = page.url
			it.Date = page.date
		}
	} else {
		var warn []string
		it.Text, warn, err = decodeText(data)
		it.Warnings = append(it.Warnings, warn...)
	}
	if err != nil {
		it.Text = ""
		it.Err = &docError{it.Origin, err}
	}
}
