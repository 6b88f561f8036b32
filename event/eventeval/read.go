package eventeval

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/internal/plovergold"
)

// CodeTable maps a CAMEO code to its PLOVER type ("" when PLOVER has
// none); event.Lexicon's codes provide it.
type CodeTable func(cameo string) (plover string, ok bool)

// ReadFile reads gold sentences from a PLOVER JSON file (a JSON array of
// records) or a PETRARCH XML file, by content. codes maps the CAMEO codes
// of PETRARCH records to PLOVER types.
func ReadFile(path string, codes CodeTable) ([]Sentence, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("events eval: %w", err)
	}
	t := bytes.TrimSpace(b)
	var sents []Sentence
	switch {
	case len(t) > 0 && t[0] == '[':
		sents, err = ParsePLOVER(t)
	case bytes.Contains(t, []byte("<Sentence")):
		sents, err = ParsePETRARCH(t, codes)
	default:
		return nil, fmt.Errorf("events eval: %s: neither PLOVER JSON records nor PETRARCH XML", path)
	}
	if err != nil {
		return nil, fmt.Errorf("events eval: %s: %w", path, err)
	}
	if len(sents) == 0 {
		return nil, fmt.Errorf("events eval: %s: no sentences", path)
	}
	return sents, nil
}

// ParsePLOVER reads PLOVER gold records. Records with the same text are one
// sentence with several events.
func ParsePLOVER(b []byte) ([]Sentence, error) {
	recs, err := plovergold.Parse(b)
	if err != nil {
		return nil, err
	}
	byText := map[string]int{}
	var out []Sentence
	for _, r := range recs {
		if r.Text == "" || r.Event == "" {
			continue
		}
		e := Event{Type: MapLabel(r.Event), Actors: codes(r.Source), Recipient: codes(r.Target)}
		if i, ok := byText[r.Text]; ok {
			out[i].Events = append(out[i].Events, e)
			continue
		}
		date, _ := time.Parse(doc.DateLayout, r.Date)
		byText[r.Text] = len(out)
		out = append(out, Sentence{ID: r.ID, Date: date, Text: r.Text, Events: []Event{e}})
	}
	return out, nil
}

func codes(as []plovergold.Actor) []string {
	cs := make([]string, 0, len(as))
	for _, a := range as {
		cs = append(cs, a.Code)
	}
	return normCountries(cs)
}

var (
	sentenceRe = regexp.MustCompile(`(?s)<Sentence\s([^>]*)>`)
	codingRe   = regexp.MustCompile(`(?s)<EventCoding\s([^>]*?)/?>`)
	textRe     = regexp.MustCompile(`(?s)<Text>(.*?)</Text>`)
	attrRe     = regexp.MustCompile(`(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')`)
)

// ParsePETRARCH reads PETRARCH validation records: <Sentence date id ...>,
// one or more <EventCoding sourcecode targetcode eventcode> (or
// noevents="true"), and <Text>. Records whose coding is an error test are
// skipped. The files are XML in spirit only (comment lines start with #),
// so they are read leniently.
func ParsePETRARCH(b []byte, codes CodeTable) ([]Sentence, error) {
	s := string(b)
	locs := sentenceRe.FindAllStringSubmatchIndex(s, -1)
	var out []Sentence
	for i, loc := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := s[loc[1]:end]
		attrs := attrMap(s[loc[2]:loc[3]])
		tm := textRe.FindStringSubmatch(body)
		if tm == nil {
			continue
		}
		text := strings.Join(strings.Fields(html.UnescapeString(tm[1])), " ")
		sent := Sentence{ID: attrs["id"], Text: text}
		if d := attrs["date"]; len(d) == 8 {
			sent.Date, _ = time.Parse("20060102", d)
		}
		skip := false
		for _, cm := range codingRe.FindAllStringSubmatch(body[:strings.Index(body, tm[0])], -1) {
			a := attrMap(cm[1])
			if _, bad := a["error"]; bad {
				skip = true
				break
			}
			if strings.EqualFold(a["noevents"], "true") {
				continue
			}
			code := strings.Trim(a["eventcode"], `"' `)
			if code == "" {
				continue
			}
			t, ok := codes(code)
			if !ok || t == "" {
				t = "CAMEO-" + code // a code PLOVER does not type: never matches
			}
			sent.Events = append(sent.Events, Event{Type: t, CAMEO: code,
				Actors:    normCountries([]string{strings.Trim(a["sourcecode"], `"' `)}),
				Recipient: normCountries([]string{strings.Trim(a["targetcode"], `"' `)})})
		}
		if skip {
			continue
		}
		out = append(out, sent)
	}
	return out, nil
}

func attrMap(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(s, -1) {
		v := a[2]
		if v == "" {
			v = a[3]
		}
		m[strings.ToLower(a[1])] = v
	}
	return m
}
