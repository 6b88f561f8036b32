package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	return jsonschema.NewCompiler().Compile("../../docs/schema.json")
})

// run runs dyad extract in-process and returns the output lines.
func run(t *testing.T, o extractOptions, stdin string, paths ...string) ([]string, error) {
	t.Helper()
	if o.format == "" {
		o.format = "json"
	}
	if o.workers == 0 {
		o.workers = 2
	}
	var out, errb bytes.Buffer
	err := runExtract(context.Background(), o, paths, strings.NewReader(stdin), &out, &errb)
	s := strings.TrimSuffix(out.String(), "\n")
	if s == "" {
		return nil, err
	}
	return strings.Split(s, "\n"), err
}

// record is the part of an output record the tests read.
type record struct {
	ID       string   `json:"id"`
	Error    string   `json:"error"`
	Date     *string  `json:"date"`
	Title    string   `json:"title"`
	Text     string   `json:"text"`
	Warnings []string `json:"warnings"`
	Actors   []struct {
		ID, Name, Country, Sector, Code string
	} `json:"actors"`
	Events []struct {
		Trigger   struct{ Text string } `json:"trigger"`
		PLOVER    struct{ Type string } `json:"plover"`
		Actor     []testParticipant     `json:"actor"`
		Recipient []testParticipant     `json:"recipient"`
		Modality  struct {
			Future bool `json:"future"`
		} `json:"modality"`
		Date *struct {
			Value string
			Text  *string
		} `json:"date"`
		SourceOfReport *struct {
			Text    string
			Country string
			Sector  string
		} `json:"source_of_report"`
	} `json:"events"`
	Quotes []struct {
		Text    string
		Direct  bool
		Scare   bool
		Start   int
		End     int
		Speaker *struct {
			Actor *string
			Text  string
		}
	} `json:"quotes"`
	Counts []struct {
		Kind      string
		Count     int64
		Qualifier string
		Source    *struct{ Text string } `json:"source"`
	} `json:"counts"`
}

// decode validates line against the schema and decodes it.
func decode(t *testing.T, line string) record {
	t.Helper()
	sch, err := schema()
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, line)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("record does not validate against docs/schema.json: %v", err)
	}
	var r record
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const story = "Russian President Anton Volkov and Turkish Prime Minister Kemal Arslan agreed on Monday to hold talks, the Kremlin press service said.\n" +
	"\"We will meet again,\" Volkov said.\n"

func TestExtractInputFormats(t *testing.T) {
	dir := t.TempDir()
	txt := write(t, dir, "a.txt", story)
	html := write(t, dir, "b.html", `<!DOCTYPE html><html><head><title>Leaders agree to talks</title>
<meta property="article:published_time" content="2020-05-04"></head><body><article><h1>Leaders agree to talks</h1>
<p>Russian President Anton Volkov and Turkish Prime Minister Kemal Arslan agreed on Monday to hold talks on trade and energy, the Kremlin press service said in a statement released in the evening.</p>
<p>"We will meet again soon to continue this work," Volkov said after the call, which lasted more than an hour according to officials.</p>
</article></body></html>`)
	jsonl := write(t, dir, "c.jsonl", `{"id":"one","text":"Syrian authorities condemned the attack.","date":"2012-02-08","title":"T","source":"S","url":"http://example.org/1"}`+"\n"+
		`{"id":"two","html":"<html><body><p>Police arrested 12 protesters in the capital on Friday, officials said, after a day of clashes in the old city.</p></body></html>"}`+"\n")
	sub := filepath.Join(dir, "tree")
	write(t, sub, "x/1.txt", "The Egyptian government condemned the decision.")
	write(t, sub, "y/2.txt", "Israeli soldiers detained two men.")

	tests := []struct {
		name  string
		paths []string
		stdin string
		ids   []string
	}{
		{"text", []string{txt}, "", []string{"a.txt"}},
		{"html", []string{html}, "", []string{"b.html"}},
		{"jsonl", []string{jsonl}, "", []string{"one", "two"}},
		{"directory", []string{sub}, "", []string{"x/1.txt", "y/2.txt"}},
		{"stdin text", []string{"-"}, story, []string{"stdin"}},
		{"stdin jsonl", []string{"-"}, `{"id":"s1","text":"NATO condemned the strike."}` + "\n" + `{"id":"s2","text":"Iran rejected the offer."}` + "\n", []string{"s1", "s2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines, err := run(t, extractOptions{date: "2020-05-06"}, tc.stdin, tc.paths...)
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			if len(lines) != len(tc.ids) {
				t.Fatalf("%d records, want %d", len(lines), len(tc.ids))
			}
			for i, l := range lines {
				r := decode(t, l)
				if r.ID != tc.ids[i] || r.Error != "" {
					t.Errorf("record %d: id %q error %q, want id %q", i, r.ID, r.Error, tc.ids[i])
				}
				if strings.TrimSpace(r.Text) == "" {
					t.Errorf("record %d: empty text", i)
				}
			}
		})
	}
	t.Run("html metadata", func(t *testing.T) {
		lines, err := run(t, extractOptions{}, "", html)
		if err != nil {
			t.Fatal(err)
		}
		r := decode(t, lines[0])
		if r.Title != "Leaders agree to talks" || r.Date == nil || *r.Date != "2020-05-04" {
			t.Errorf("title %q date %v", r.Title, r.Date)
		}
		if strings.Contains(r.Text, "<p>") || !strings.Contains(r.Text, "Anton Volkov") {
			t.Errorf("text not extracted: %q", r.Text)
		}
	})
	t.Run("jsonl metadata", func(t *testing.T) {
		lines, err := run(t, extractOptions{}, "", jsonl)
		if err != nil {
			t.Fatal(err)
		}
		r := decode(t, lines[0])
		if r.Date == nil || *r.Date != "2012-02-08" || r.Title != "T" {
			t.Errorf("date %v title %q", r.Date, r.Title)
		}
	})
}

func TestExtractBadInputNeverLosesADocument(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "good.txt", story)
	empty := write(t, dir, "empty.txt", "")
	binary := write(t, dir, "blob.txt", "\x00\x01\x02\x03binary\x00\x00")
	invalid := write(t, dir, "latin1.txt", "Caf\xe9 owners in Paris protested on Monday.")
	big := write(t, dir, "big.txt", strings.Repeat("word ", 3000))
	badjson := write(t, dir, "mixed.jsonl", `{"id":"ok1","text":"Iran rejected the offer."}`+"\n"+
		`{"id": broken`+"\n"+
		`{"id":"ok2","text":"Egypt condemned the attack."}`+"\n"+
		`{"id":"notext"}`+"\n")
	missing := filepath.Join(dir, "does-not-exist.txt")
	dangling := filepath.Join(dir, "dangling.txt")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}

	lines, err := run(t, extractOptions{maxBytes: 10000}, "", good, empty, binary, invalid, big, badjson, missing, dangling)
	if !errors.Is(err, errFailed) {
		t.Fatalf("err = %v, want errFailed (non-zero exit)", err)
	}
	want := []struct {
		id      string
		errPart string
	}{
		{"good.txt", ""},
		{"empty.txt", "empty"},
		{"blob.txt", "binary"},
		{"latin1.txt", ""},
		{"big.txt", "too large"},
		{"ok1", ""},
		{"mixed.jsonl:2", "JSON"},
		{"ok2", ""},
		{"notext", "JSON"},
		{"does-not-exist.txt", "unreadable"},
		{"dangling.txt", "unreadable"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d records for %d input documents:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}
	for i, w := range want {
		r := decode(t, lines[i])
		if !strings.HasSuffix(r.ID, w.id) {
			t.Errorf("record %d: id %q, want %q", i, r.ID, w.id)
		}
		if w.errPart == "" && r.Error != "" {
			t.Errorf("record %d (%s): unexpected error %q", i, w.id, r.Error)
		}
		if w.errPart != "" && !strings.Contains(r.Error, w.errPart) {
			t.Errorf("record %d (%s): error %q, want it to mention %q", i, w.id, r.Error, w.errPart)
		}
	}
	r := decode(t, lines[3])
	if len(r.Warnings) == 0 || !strings.Contains(r.Text, "\uFFFD") {
		t.Errorf("invalid UTF-8 not repaired with a warning: %q %v", r.Text, r.Warnings)
	}
}

func TestExtractKeepsOrderWithManyWorkers(t *testing.T) {
	var b strings.Builder
	const n = 60
	for i := range n {
		json.NewEncoder(&b).Encode(map[string]string{"id": "doc-" + strconv.Itoa(i), "text": strings.Repeat("Iran rejected the offer. ", 1+i%13)})
	}
	lines, err := run(t, extractOptions{workers: 4}, b.String(), "-")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != n {
		t.Fatalf("%d records, want %d", len(lines), n)
	}
	for i, l := range lines {
		var r record
		json.Unmarshal([]byte(l), &r)
		if r.ID != "doc-"+strconv.Itoa(i) {
			t.Fatalf("record %d has id %q: order not kept", i, r.ID)
		}
	}
}

func TestExtractTSV(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "a.txt", story)
	lines, err := run(t, extractOptions{format: "tsv", date: "2020-05-06"}, "", p, filepath.Join(dir, "missing.txt"))
	if !errors.Is(err, errFailed) {
		t.Fatalf("err = %v, want errFailed", err)
	}
	if len(lines) < 3 {
		t.Fatalf("want header, an event row and an error row, got %q", lines)
	}
	header := strings.Split(lines[0], "\t")
	for _, l := range lines[1:] {
		if n := len(strings.Split(l, "\t")); n != len(header) {
			t.Errorf("row has %d cells, header %d: %q", n, len(header), l)
		}
	}
	if !strings.Contains(lines[1], "AGREE") || !strings.Contains(lines[1], "\t030\t") {
		t.Errorf("first row is not the AGREE event with CAMEO 030: %q", lines[1])
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "missing.txt\t") || !strings.Contains(last, "unreadable") {
		t.Errorf("last row is not the error row: %q", last)
	}
}

func TestExtractUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		o    extractOptions
	}{
		{"bad date", extractOptions{date: "8 Feb 2012"}},
		{"bad format", extractOptions{format: "xml"}},
		{"bad workers", extractOptions{workers: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := run(t, tc.o, "", "x.txt")
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("err = %v, want a usage error", err)
			}
		})
	}
}

func TestExampleArticle(t *testing.T) {
	lines, err := run(t, extractOptions{date: "2023-03-15"}, "", "../../examples/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := decode(t, lines[0])
	if len(r.Events) == 0 || len(r.Quotes) == 0 || len(r.Counts) == 0 {
		t.Errorf("sample article gave %d events, %d quotes, %d counts", len(r.Events), len(r.Quotes), len(r.Counts))
	}
}

// testParticipant is an event participant as the tests decode it.
type testParticipant struct {
	Actor   *string
	Country string
	Text    string
}
