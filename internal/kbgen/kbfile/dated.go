package kbfile

import (
	"fmt"
	"strings"
	"time"
)

// ParseDatedCode reads a code with an optional date range as written in
// curated tables and user dictionaries: CODE, CODE@FROM..TO, CODE@FROM.. or
// CODE@..TO, with dates as YYYY-MM-DD (or YYYYMMDD).
func ParseDatedCode(s string) (Code, error) {
	code, rng, dated := strings.Cut(s, "@")
	c := Code{Code: code}
	if code == "" {
		return c, fmt.Errorf("code %q: empty", s)
	}
	if !dated {
		return c, nil
	}
	a, b, ok := strings.Cut(rng, "..")
	if !ok {
		return c, fmt.Errorf("code %q: want CODE@FROM..TO (either date may be left out)", s)
	}
	var err error
	if c.From, err = parseDay(a); err != nil {
		return c, fmt.Errorf("code %q: %w", s, err)
	}
	if c.To, err = parseDay(b); err != nil {
		return c, fmt.Errorf("code %q: %w", s, err)
	}
	if c.From == 0 && c.To == 0 {
		return c, fmt.Errorf("code %q: an empty date range", s)
	}
	if c.From != 0 && c.To != 0 && c.To < c.From {
		return c, fmt.Errorf("code %q: the range ends before it starts", s)
	}
	return c, nil
}

// parseDay reads YYYY-MM-DD or YYYYMMDD as a YYYYMMDD integer; "" is 0.
func parseDay(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	layout := "2006-01-02"
	if !strings.Contains(s, "-") {
		layout = "20060102"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return 0, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return t.Year()*10000 + int(t.Month())*100 + t.Day(), nil
}
