package watch

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"unicode/utf8"
)

// Feed is one feed to watch: a line of a feeds file.
type Feed struct {
	// URL is the feed's address, an absolute http or https URL.
	URL string
	// Name is the source name given to the feed's articles; "" means the
	// feed's own title (or, lacking one, its host name).
	Name string
	// Line is the 1-based line of the feeds file that gave the feed; 0 for
	// feeds not read from a file.
	Line int
}

// maxFeedLine bounds one line of a feeds file.
const maxFeedLine = 64 << 10

// ParseFeeds reads a feeds file: one feed URL per line, optionally followed
// by a tab and the source name to give its articles. Blank lines and lines
// whose first non-blank character is '#' are ignored; spaces around the URL
// and the name are trimmed. A line that is not valid UTF-8, a URL that is
// not an absolute http or https URL, a line of more than two tab-separated
// columns, an empty name after a tab and a URL given twice are errors that
// name their line. A file with no feed gives an empty list and no error.
func ParseFeeds(r io.Reader) ([]Feed, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), maxFeedLine)
	var feeds []Feed
	first := map[string]int{}
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("line %d: not valid UTF-8", n)
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		cols := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(cols) > 2 {
			return nil, fmt.Errorf("line %d: %d tab-separated columns; want URL, or URL<TAB>NAME", n, len(cols))
		}
		raw := strings.TrimSpace(cols[0])
		if raw == "" {
			return nil, fmt.Errorf("line %d: no feed URL before the tab", n)
		}
		u, err := checkURL(raw)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		f := Feed{URL: u, Line: n}
		if len(cols) == 2 {
			f.Name = strings.TrimSpace(cols[1])
			if f.Name == "" {
				return nil, fmt.Errorf("line %d: empty source name after the tab", n)
			}
			if strings.ContainsFunc(f.Name, isControl) {
				return nil, fmt.Errorf("line %d: control character in the source name", n)
			}
		}
		if prev, ok := first[u]; ok {
			return nil, fmt.Errorf("line %d: feed %s is already given on line %d", n, u, prev)
		}
		first[u] = n
		feeds = append(feeds, f)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d bytes", n+1, maxFeedLine)
		}
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	return feeds, nil
}

// ReadFeeds reads the feeds file at path (see ParseFeeds). Its errors name
// the file.
func ReadFeeds(path string) ([]Feed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("feeds file: %w", err)
	}
	defer f.Close()
	feeds, err := ParseFeeds(f)
	if err != nil {
		return nil, fmt.Errorf("feeds file %s: %w", path, err)
	}
	return feeds, nil
}

// checkURL returns raw if it is an absolute http or https URL with a host.
func checkURL(raw string) (string, error) {
	if strings.ContainsFunc(raw, isSpaceOrControl) {
		return "", fmt.Errorf("feed URL %q contains a space or control character", raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("feed URL %q: %w", raw, errors.Unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("feed URL %q: want an http:// or https:// URL", raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("feed URL %q: no host", raw)
	}
	return raw, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f }
