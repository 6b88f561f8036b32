package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// readJSONL reads a JSON Lines stream, one Item per line that is not blank.
// A byte-order mark at the start is skipped.
func (r *reader) readJSONL(rd io.Reader, name, origin string) error {
	br := bufio.NewReaderSize(rd, 64<<10)
	if b, _ := br.Peek(len(bomUTF8)); bytes.Equal(b, bomUTF8) {
		br.Discard(len(bomUTF8))
	}
	for lineNo := 1; ; lineNo++ {
		if err := r.ctx.Err(); err != nil {
			return errStop{err}
		}
		line, tooLong, blank, err := readLine(br, r.max)
		lineOrigin := origin + ":" + strconv.Itoa(lineNo)
		lineID := name + ":" + strconv.Itoa(lineNo)
		switch {
		case blank:
		case tooLong:
			if e := r.fail(lineID, lineOrigin, tooLarge(r.max)); e != nil {
				return e
			}
		default:
			if e := r.emit(r.jsonItem(line, lineID, lineOrigin)); e != nil {
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// The line in progress, if any, was reported above; the rest of
			// the stream is lost, which is reported once more.
			return r.fail(name+":"+strconv.Itoa(lineNo+1), origin+":"+strconv.Itoa(lineNo+1),
				fmt.Errorf("%w: read error: %v", ErrUnreadable, unwrapPath(err)))
		}
	}
}

// readLine reads one line from br, without its line ending. A line whose
// content is longer than max bytes is read to its end but not kept: tooLong
// is set and line is nil. blank reports a line of ASCII white space only,
// however long.
// err is io.EOF at the end of the stream, possibly with a last line that had
// no newline.
func readLine(br *bufio.Reader, max int64) (line []byte, tooLong, blank bool, err error) {
	var n int64
	blank = true
	for {
		chunk, e := br.ReadSlice('\n')
		n += int64(len(chunk))
		if blank && !isBlank(chunk) {
			blank = false
		}
		// max content bytes plus "\r\n".
		if !tooLong && n > max+2 {
			tooLong, line = true, nil
		}
		if !tooLong {
			line = append(line, chunk...)
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		err = e
		break
	}
	if !tooLong {
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if int64(len(line)) > max {
			tooLong, line = true, nil
		}
	}
	if err == io.EOF && n == 0 {
		blank = true
	}
	return line, tooLong, blank, err
}

// jsonItem turns one JSON Lines line into an Item.
func (r *reader) jsonItem(line []byte, id, origin string) Item {
	it := Item{ID: id, Origin: origin}
	fail := func(err error) Item {
		it.Text, it.Title, it.Source, it.URL = "", "", "", ""
		it.Err = &docError{origin, err}
		return it
	}
	line, bad := repairUTF8(line)
	if bad > 0 {
		it.Warnings = append(it.Warnings, repairWarning(bad))
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fail(fmt.Errorf("%w: line is not a JSON object (found %s)", ErrBadJSON, te.Value))
		}
		return fail(fmt.Errorf("%w: %v", ErrBadJSON, err))
	}
	if obj == nil {
		return fail(fmt.Errorf("%w: line is null, not a JSON object", ErrBadJSON))
	}
	// The id first, so that an error Item can carry it.
	if raw, ok := obj["id"]; ok {
		switch v := jsonScalar(raw).(type) {
		case string:
			if v != "" {
				it.ID = v
			}
		case json.Number:
			it.ID = string(v)
		case nil:
		default:
			it.Warnings = append(it.Warnings, fmt.Sprintf("id is not a string or number; using %s", id))
		}
	}
	str := func(key string) (string, error) {
		raw, ok := obj[key]
		if !ok {
			return "", nil
		}
		switch v := jsonScalar(raw).(type) {
		case string:
			return v, nil
		case nil:
			return "", nil
		}
		return "", fmt.Errorf("field %q is not a string", key)
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"title", &it.Title}, {"source", &it.Source}, {"url", &it.URL}} {
		v, err := str(f.key)
		if err != nil {
			it.Warnings = append(it.Warnings, err.Error()+"; ignored")
		}
		*f.dst = strings.TrimSpace(normalizeNewlines(v))
	}
	text, err := str("text")
	if err != nil {
		return fail(fmt.Errorf("%w: %v", ErrBadJSON, err))
	}
	page, err := str("html")
	if err != nil && text == "" {
		return fail(fmt.Errorf("%w: %v", ErrBadJSON, err))
	}
	switch {
	case text != "":
		text = normalizeNewlines(strings.TrimPrefix(text, "\uFEFF"))
		if strings.TrimSpace(text) == "" {
			return fail(ErrEmpty)
		}
		it.Text = text
	case page != "":
		p, err := extractHTML([]byte(page))
		it.Warnings = append(it.Warnings, p.warnings...)
		if err != nil {
			return fail(err)
		}
		it.Text = p.text
		if it.Title == "" {
			it.Title = p.title
		}
		if it.Source == "" {
			it.Source = p.site
		}
		if it.URL == "" {
			it.URL = p.url
		}
		it.Date = p.date
	default:
		_, hasText := obj["text"]
		_, hasHTML := obj["html"]
		if hasText || hasHTML {
			return fail(ErrEmpty)
		}
		return fail(fmt.Errorf("%w: line has neither text nor html", ErrBadJSON))
	}
	ds, err := str("date")
	if err != nil {
		it.Warnings = append(it.Warnings, err.Error()+"; using the default date")
	}
	if ds = strings.TrimSpace(ds); ds != "" {
		d, err := parseDocDate(ds)
		if err != nil {
			it.Warnings = append(it.Warnings, fmt.Sprintf("unparseable date %q; using the default date", ds))
		} else {
			it.Date = d
		}
	}
	return it
}

// jsonScalar decodes a JSON string to string, a number to json.Number, null
// to nil, and anything else to false.
func jsonScalar(raw json.RawMessage) any {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return json.Number(raw)
	}
	return false
}
