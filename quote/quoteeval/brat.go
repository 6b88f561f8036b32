// Package quoteeval scores dyad's quotations against the PolNeAR
// attribution corpus: content spans (exact and token overlap), speakers and
// cues, for direct and indirect attributions separately and together.
package quoteeval

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// Attribution is one gold attribution relation: its content, source and
// cue spans (byte offsets into the article text; brat allows several
// fragments for each), and whether the content is a direct quote.
type Attribution struct {
	Content, Source, Cue []doc.Span
	Direct               bool
}

// ReadBrat reads the attribution relations of a PolNeAR brat standoff file
// for text. Text-bound annotations ("T1\tContent 115 290\t...") give spans
// in code points, converted here to bytes, possibly in fragments ("10
// 20;30 40"); event lines ("E1\tAttribution:T4 Content:T3 Cue:T2
// Source:T1") tie them together. A Content no event line names is an
// attribution of its own without source or cue. The result is in order of
// the first content offset.
func ReadBrat(r io.Reader, text string) ([]Attribution, error) {
	byteAt := make([]int, 0, len(text)+1)
	for i := range text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(text))
	type tb struct {
		kind  string
		spans []doc.Span
	}
	tbs := map[string]tb{}
	var events [][]string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			continue
		}
		switch {
		case strings.HasPrefix(cols[0], "T"):
			kind, offs, ok := strings.Cut(cols[1], " ")
			if !ok {
				return nil, fmt.Errorf("line %d: no offsets in %q", line, cols[1])
			}
			var spans []doc.Span
			for _, frag := range strings.Split(offs, ";") {
				se := strings.Fields(frag)
				if len(se) != 2 {
					return nil, fmt.Errorf("line %d: bad span %q", line, frag)
				}
				a, err1 := strconv.Atoi(se[0])
				b, err2 := strconv.Atoi(se[1])
				if err1 != nil || err2 != nil || a < 0 || b < a || b >= len(byteAt) {
					return nil, fmt.Errorf("line %d: bad span %q for a text of %d code points", line, frag, len(byteAt)-1)
				}
				spans = append(spans, doc.Span{Start: byteAt[a], End: byteAt[b]})
			}
			tbs[cols[0]] = tb{kind, spans}
		case strings.HasPrefix(cols[0], "E"):
			events = append(events, strings.Fields(cols[1]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var out []Attribution
	used := map[string]bool{}
	for _, ev := range events {
		var a Attribution
		for _, arg := range ev {
			role, id, ok := strings.Cut(arg, ":")
			if !ok {
				continue
			}
			t, ok := tbs[id]
			if !ok {
				continue
			}
			switch role {
			case "Content":
				a.Content = append(a.Content, t.spans...)
				used[id] = true
			case "Source":
				a.Source = append(a.Source, t.spans...)
			case "Cue":
				a.Cue = append(a.Cue, t.spans...)
			}
		}
		if len(a.Content) > 0 {
			out = append(out, a)
		}
	}
	for id, t := range tbs {
		if t.kind == "Content" && !used[id] {
			out = append(out, Attribution{Content: t.spans})
		}
	}
	for i := range out {
		out[i].Direct = direct(text, out[i].Content)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Content[0].Start < out[j].Content[0].Start })
	return out, nil
}

// direct reports whether a gold content is a direct quote: its first
// fragment starts with an opening quotation mark, or right after one.
func direct(text string, content []doc.Span) bool {
	g := content[0]
	s := strings.TrimLeftFunc(text[g.Start:g.End], unicode.IsSpace)
	if r, _ := utf8.DecodeRuneInString(s); isOpening(r) {
		return true
	}
	before := strings.TrimRightFunc(text[:g.Start], unicode.IsSpace)
	r, _ := utf8.DecodeLastRuneInString(before)
	return isOpening(r)
}

func isOpening(r rune) bool { return r == '“' || r == '"' || r == '‘' || r == '«' }
