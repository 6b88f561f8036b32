package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// sniffLen is how much of a document is looked at to tell its format and
// whether it is binary.
const sniffLen = 8 << 10

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// isUTF16 reports whether b starts with a UTF-16 byte-order mark.
func isUTF16(b []byte) bool {
	return bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE)
}

// decodeUTF16 decodes b, which starts with a UTF-16 byte-order mark, to
// UTF-8. Unpaired surrogates become U+FFFD.
func decodeUTF16(b []byte) ([]byte, error) {
	return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
}

// isBinary reports whether the first sniffLen bytes of b look like binary
// data: a NUL byte, or more than 10% control bytes other than tab, newline,
// vertical tab, form feed, carriage return and escape.
func isBinary(b []byte) bool {
	if len(b) > sniffLen {
		b = b[:sniffLen]
	}
	ctl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x1B:
		case c < 0x20 || c == 0x7F:
			ctl++
		}
	}
	return len(b) > 0 && ctl*10 > len(b)
}

// repairUTF8 replaces each byte of b that is not part of a valid UTF-8
// sequence with U+FFFD and returns the result with the number of bytes
// replaced.
func repairUTF8(b []byte) ([]byte, int) {
	if utf8.Valid(b) {
		return b, 0
	}
	out := make([]byte, 0, len(b)+16)
	bad := 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = append(out, "\uFFFD"...)
			bad++
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out, bad
}

// repairWarning is the warning for n repaired bytes.
func repairWarning(n int) string {
	if n == 1 {
		return "invalid UTF-8: 1 byte replaced with U+FFFD"
	}
	return fmt.Sprintf("invalid UTF-8: %d bytes replaced with U+FFFD", n)
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// isBlank reports whether b holds only ASCII white space.
func isBlank(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// decodeText turns the bytes of a plain-text document into its text,
// applying the package's normalisation. It fails with ErrEmpty or ErrBinary.
func decodeText(b []byte) (string, []string, error) {
	var warn []string
	if len(b) == 0 {
		return "", nil, ErrEmpty
	}
	if isUTF16(b) {
		d, err := decodeUTF16(b)
		if err != nil {
			return "", nil, fmt.Errorf("%w: cannot decode UTF-16: %v", ErrBinary, err)
		}
		b = d
		warn = append(warn, "decoded from UTF-16")
	}
	b = bytes.TrimPrefix(b, bomUTF8)
	if isBinary(b) {
		return "", nil, ErrBinary
	}
	b, bad := repairUTF8(b)
	if bad > 0 {
		warn = append(warn, repairWarning(bad))
	}
	s := normalizeNewlines(string(b))
	if strings.TrimSpace(s) == "" {
		return "", warn, ErrEmpty
	}
	return s, warn, nil
}

// format is an input format.
type format int

const (
	formatText format = iota
	formatHTML
	formatJSONL
)

// formatByExt returns the format an extension names, and false for an
// extension that does not name one.
func formatByExt(ext string) (format, bool) {
	switch ext {
	case ".jsonl", ".ndjson":
		return formatJSONL, true
	case ".html", ".htm", ".xhtml":
		return formatHTML, true
	case ".txt":
		return formatText, true
	}
	return formatText, false
}

// sniff tells the format of a document from its first bytes.
func sniff(b []byte) format {
	b = bytes.TrimPrefix(b, bomUTF8)
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	b = b[i:]
	if len(b) > 0 && b[0] == '{' {
		return formatJSONL
	}
	if looksLikeHTML(b) {
		return formatHTML
	}
	return formatText
}

// htmlStarts are the openings, in lower case, that mark a document as HTML
// when it starts with one of them followed by space or '>'.
var htmlStarts = []string{
	"<!doctype html", "<html", "<head", "<body", "<title", "<meta", "<article", "<div", "<p", "<h1", "<table", "<!--",
}

// looksLikeHTML reports whether b, with leading space removed, starts like
// an HTML page. An XML declaration is accepted when an <html element
// follows within the first sniffLen bytes.
func looksLikeHTML(b []byte) bool {
	if len(b) > sniffLen {
		b = b[:sniffLen]
	}
	low := bytes.ToLower(b)
	if bytes.HasPrefix(low, []byte("<?xml")) {
		return bytes.Contains(low, []byte("<html"))
	}
	for _, s := range htmlStarts {
		if !bytes.HasPrefix(low, []byte(s)) {
			continue
		}
		if s == "<!--" {
			return true
		}
		if len(low) == len(s) {
			return true
		}
		if c := low[len(s)]; c == '>' || isSpace(c) {
			return true
		}
	}
	return false
}
