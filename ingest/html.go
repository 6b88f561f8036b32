package ingest

import (
	"bytes"
	"fmt"
	dateparser "github.com/markusmobius/go-dateparser"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/go-readability"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// htmlPage is what extractHTML finds in a page.
type htmlPage struct {
	text, title, site, url string
	date                   time.Time
	warnings               []string
}

// extractHTML extracts the main text and metadata of an HTML page. The text
// comes from go-trafilatura with its readability and DOM-distiller fallbacks
// enabled, and from go-readability alone when trafilatura finds nothing;
// paragraphs and other blocks are separated by "\n\n". The date comes from
// the page's metadata (meta tags, JSON-LD, <time> elements, the URL), not
// from a search of the running text.
//
// A page that is not UTF-8 is decoded by its declared charset, or as
// windows-1252 when it declares none (the HTML default); a page declared as
// UTF-8 has its invalid bytes replaced. It fails with ErrEmpty, ErrBinary or
// ErrNoText.
func extractHTML(data []byte) (page htmlPage, err error) {
	if isBlank(data) {
		return page, ErrEmpty
	}
	if isUTF16(data) {
		d, err := decodeUTF16(data)
		if err != nil {
			return page, fmt.Errorf("%w: cannot decode UTF-16: %v", ErrBinary, err)
		}
		data = d
		page.warnings = append(page.warnings, "decoded from UTF-16")
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	if isBinary(data) {
		return page, ErrBinary
	}
	if !utf8.Valid(data) {
		enc, name, _ := charset.DetermineEncoding(data, "text/html")
		if name != "utf-8" {
			if d, err := enc.NewDecoder().Bytes(data); err == nil {
				data = d
				page.warnings = append(page.warnings, "decoded from "+name)
			}
		}
		var bad int
		data, bad = repairUTF8(data)
		if bad > 0 {
			page.warnings = append(page.warnings, repairWarning(bad))
		}
	}

	// The extractors are large and fed untrusted input: a panic in them is
	// this document's failure, not the run's.
	defer func() {
		if p := recover(); p != nil {
			page = htmlPage{warnings: page.warnings}
			err = fmt.Errorf("%w: HTML extractor failed: %v", ErrNoText, p)
		}
	}()

	doc, perr := html.Parse(bytes.NewReader(data))
	if perr != nil {
		return page, fmt.Errorf("%w: %v", ErrNoText, perr)
	}
	res, terr := trafilatura.ExtractDocument(doc, trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
	})
	if terr == nil && res != nil {
		page.text = renderText(res.ContentNode)
		page.title = cleanLine(res.Metadata.Title)
		page.site = cleanLine(res.Metadata.Sitename)
		page.url = strings.TrimSpace(res.Metadata.URL)
		page.date = res.Metadata.Date
	}
	if page.text == "" {
		// trafilatura may have changed the tree; parse afresh.
		doc2, perr := html.Parse(bytes.NewReader(data))
		if perr == nil {
			art, rerr := readability.FromDocument(doc2, nil)
			if rerr == nil {
				page.text = renderText(art.Node)
				if page.title == "" {
					page.title = cleanLine(art.Title)
				}
				if page.site == "" {
					page.site = cleanLine(art.SiteName)
				}
				if page.date.IsZero() && art.PublishedTime != nil {
					page.date = *art.PublishedTime
				}
			}
		}
	}
	if page.text == "" {
		return htmlPage{warnings: page.warnings}, ErrNoText
	}
	return page, nil
}

// cleanLine collapses white space in a one-line metadata value.
func cleanLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// blockTags are the elements that start and end a paragraph of the
// extracted text; the rest are inline.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true,
	"caption": true, "center": true, "dd": true, "details": true, "dialog": true,
	"div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "header": true, "hgroup": true, "hr": true,
	"html": true, "legend": true, "li": true, "main": true, "menu": true, "nav": true,
	"ol": true, "p": true, "pre": true, "section": true, "summary": true, "table": true,
	"tbody": true, "thead": true, "tfoot": true, "tr": true, "ul": true,
	// trafilatura's own names
	"list": true, "item": true, "quote": true, "head": true,
}

// skipTags are elements whose content is not text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "iframe": true,
	"object": true, "svg": true, "math": true, "select": true, "button": true, "title": true,
}

// renderText returns the text of the tree at n: white space collapsed, one
// paragraph per block element, paragraphs separated by "\n\n", <br> as "\n",
// and <pre> content kept as it is.
func renderText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var t textBuilder
	t.walk(n, false)
	t.flush()
	return t.out.String()
}

type textBuilder struct {
	out   strings.Builder
	cur   strings.Builder
	space bool // a space is pending before the next word
}

func (t *textBuilder) walk(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		t.text(n.Data, pre)
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	tag := n.Data
	if n.Type == html.ElementNode {
		if skipTags[tag] {
			return
		}
		switch tag {
		case "br", "lb":
			t.cur.WriteString("\n")
			t.space = false
			return
		case "td", "th", "cell":
			t.space = true
		case "pre":
			pre = true
		}
	}
	block := n.Type == html.ElementNode && (blockTags[tag] || tag == "pre")
	if block {
		t.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.walk(c, pre)
	}
	if block {
		t.flush()
	} else if tag == "td" || tag == "th" || tag == "cell" {
		t.space = true
	}
}

func (t *textBuilder) text(s string, pre bool) {
	if pre {
		t.cur.WriteString(normalizeNewlines(s))
		t.space = false
		return
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			t.space = true
			continue
		}
		if t.space && t.cur.Len() > 0 && !strings.HasSuffix(t.cur.String(), "\n") {
			t.cur.WriteByte(' ')
		}
		t.space = false
		t.cur.WriteRune(r)
	}
}

// flush ends the current paragraph.
func (t *textBuilder) flush() {
	p := t.cur.String()
	t.cur.Reset()
	t.space = false
	// Trim each line, and drop empty lines at the edges.
	lines := strings.Split(p, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	p = strings.Trim(strings.Join(lines, "\n"), "\n")
	if strings.TrimSpace(p) == "" {
		return
	}
	if t.out.Len() > 0 {
		t.out.WriteString("\n\n")
	}
	t.out.WriteString(p)
}

// ParseDate parses a date given as YYYY-MM-DD, such as the CLI's --date
// flag, to midnight UTC of that day.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// parseDocDate parses a document date given as metadata: YYYY-MM-DD or RFC
// 3339, else any complete date go-dateparser reads ("Wed, 08 Feb 2012
// 10:00:00 GMT" from a feed, "February 8, 2012", "8 février 2012"; an
// ambiguous numeric date follows its language's order, month first in
// English). A time keeps its zone, so that its calendar date is the one the
// input gave. Dates in the text itself are the when stage's, with news
// rules go-dateparser lacks.
func parseDocDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := ParseDate(s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if len(s) <= maxDateLen && yearRE.MatchString(s) {
		// Absolute dates only: "yesterday" in metadata has no anchor.
		cfg := &dateparser.Configuration{StrictParsing: true, DefaultTimezone: time.UTC}
		if d, err := dateparser.Parse(cfg, s); err == nil && !d.IsZero() {
			return d.Time, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD, RFC 3339 or another complete date", s)
}

// yearRE finds a four-digit year.
var yearRE = regexp.MustCompile(`(^|\D)\d{4}(\D|$)`)

// maxDateLen bounds the metadata dates handed to go-dateparser.
const maxDateLen = 64
