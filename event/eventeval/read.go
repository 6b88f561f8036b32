package eventeval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
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

type ploverRecord struct {
	ID     string          `json:"id"`
	Date   string          `json:"date"`
	Text   string          `json:"text"`
	Event  string          `json:"event"`
	Source json.RawMessage `json:"source"`
	Target json.RawMessage `json:"target"`
}

type ploverActor struct {
	Code string `json:"code"`
}

// ParsePLOVER reads PLOVER gold records. Records with the same text are one
// sentence with several events.
func ParsePLOVER(b []byte) ([]Sentence, error) {
	var recs []ploverRecord
	if err := json.Unmarshal(b, &recs); err != nil {
		return nil, err
	}
	byText := map[string]int{}
	var out []Sentence
	for _, r := range recs {
		text := strings.TrimSpace(strings.Trim(strings.TrimSpace(r.Text), "{}"))
		if text == "" || r.Event == "" {
			continue
		}
		e := Event{Type: MapLabel(r.Event), Actors: ploverCountries(r.Source), Recipient: ploverCountries(r.Target)}
		if i, ok := byText[text]; ok {
			out[i].Events = append(out[i].Events, e)
			continue
		}
		date, _ := time.Parse(doc.DateLayout, r.Date)
		byText[text] = len(out)
		out = append(out, Sentence{ID: r.ID, Date: date, Text: text, Events: []Event{e}})
	}
	return out, nil
}

func ploverCountries(msg json.RawMessage) []string {
	if len(msg) == 0 || msg[0] != '[' {
		return nil
	}
	var as []ploverActor
	if json.Unmarshal(msg, &as) != nil {
		return nil
	}
	var cs []string
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
