package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// collect runs Read and returns every Item.
func collect(t *testing.T, paths []string, stdin io.Reader, opt Options) []Item {
	t.Helper()
	var items []Item
	err := Read(context.Background(), paths, stdin, opt, func(it Item) error {
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return items
}

// write creates a file under dir, with its parent directories.
func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func ids(items []Item) []string {
	var s []string
	for _, it := range items {
		s = append(s, it.ID)
	}
	return s
}

var defaultDate = time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)

// articleHTML is a small news page written for these tests.
const articleHTML = `<!DOCTYPE html>
<html><head><title>Talks resume in Geneva | The Daily Ledger</title>
<meta charset="utf-8">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Talks resume in Geneva</h1>
<p>Negotiators from the two governments met on Tuesday for the first time in a year,
according to officials familiar with the discussions.</p>
<p>The foreign minister said the meeting was <b>constructive</b> and that a second
round would follow next month.</p>
<p>Opposition leaders criticised the talks, saying they had not been consulted before
the delegation travelled.</p>
</article>
<footer>Copyright 2024 The Daily Ledger</footer>
</body></html>
`

// undatedHTML has no date anywhere.
const undatedHTML = `<html><head><title>Harvest report</title></head><body>
<div><p>Farmers in the northern province reported a larger harvest than last season,
the agriculture ministry said in a statement on its website.</p>
<p>Prices for grain fell slightly in regional markets as a result of the surplus.</p></div>
</body></html>`

func TestFormats(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		data     []byte
		opt      Options
		wantErr  error
		wantText string   // exact text, when set
		contains []string // substrings of the text
		excludes []string // not in the text
		title    string
		source   string
		date     time.Time
		warn     string // substring of a warning
	}{
		{name: "plain text", file: "a.txt", data: []byte("Troops withdrew from the border.\n"),
			wantText: "Troops withdrew from the border.\n", date: defaultDate},
		{name: "unknown extension is text", file: "story", data: []byte("Police arrested 12 protesters."),
			wantText: "Police arrested 12 protesters.", date: defaultDate},
		{name: "BOM stripped", file: "bom.txt", data: []byte("\xEF\xBB\xBFThe summit ended."),
			wantText: "The summit ended.", date: defaultDate},
		{name: "CRLF normalised", file: "crlf.txt", data: []byte("Line one.\r\nLine two.\rLine three.\r\n"),
			wantText: "Line one.\nLine two.\nLine three.\n", date: defaultDate},
		{name: "invalid UTF-8 repaired", file: "bad.txt", data: []byte("Caf\xE9 owners \xFF\xFEprotested."),
			wantText: "Caf\uFFFD owners \uFFFD\uFFFDprotested.", warn: "3 bytes replaced", date: defaultDate},
		{name: "UTF-16 decoded", file: "u16.txt", data: []byte("\xFF\xFEO\x00k\x00"),
			wantText: "Ok", warn: "UTF-16", date: defaultDate},
		{name: "empty file", file: "empty.txt", data: nil, wantErr: ErrEmpty},
		{name: "white space only", file: "blank.txt", data: []byte(" \n\t\r\n"), wantErr: ErrEmpty},
		{name: "binary with NUL", file: "x.txt", data: []byte("PK\x03\x04\x00\x00abc"), wantErr: ErrBinary},
		{name: "binary control bytes", file: "ctl.dat", data: bytes.Repeat([]byte("a\x01\x02\x03"), 100), wantErr: ErrBinary},
		{name: "over limit", file: "big.txt", data: bytes.Repeat([]byte("a"), 2049),
			opt: Options{MaxBytes: 2048}, wantErr: ErrTooLarge},
		{name: "over small limit below sniff size", file: "big2", data: bytes.Repeat([]byte("a"), 11),
			opt: Options{MaxBytes: 10}, wantErr: ErrTooLarge},
		{name: "exactly at limit", file: "ok.txt", data: bytes.Repeat([]byte("a"), 2048),
			opt: Options{MaxBytes: 2048}, wantText: strings.Repeat("a", 2048), date: defaultDate},
		{name: "HTML by extension", file: "page.html", data: []byte(articleHTML),
			contains: []string{"Negotiators from the two governments met on Tuesday",
				"a year, according", // white space collapsed
				"discussions.\n\nThe foreign minister said the meeting was constructive and"},
			excludes: []string{"Home", "Sport", "Copyright", "<p>"},
			title:    "Talks resume in Geneva", source: "The Daily Ledger",
			date: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{name: "HTML sniffed", file: "page.dat", data: []byte("\n  " + articleHTML),
			contains: []string{"Opposition leaders criticised the talks"}, title: "Talks resume in Geneva",
			date: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{name: "HTML without date gets default", file: "undated.htm", data: []byte(undatedHTML),
			contains: []string{"larger harvest", "website.\n\nPrices"}, date: defaultDate},
		{name: "HTML with no text", file: "empty.html",
			data:    []byte("<html><head><script>var x = 1;</script></head><body><img src=a.png></body></html>"),
			wantErr: ErrNoText},
		{name: "HTML empty", file: "zero.html", data: nil, wantErr: ErrEmpty},
		{name: "HTML binary", file: "bin.html", data: []byte("<html>\x00\x00\x00"), wantErr: ErrBinary},
		{name: "HTML windows-1252", file: "latin.html",
			data: []byte(`<html><head><meta charset="windows-1252"></head><body><p>The caf` + "\xE9" +
				` in the capital was closed by police after the demonstration on Sunday.</p></body></html>`),
			contains: []string{"The café in the capital"}, warn: "decoded from windows-1252", date: defaultDate},
		{name: "HTML declared UTF-8 repaired", file: "bad.html",
			data: []byte(`<html><head><meta charset="utf-8"></head><body><p>Bad byte ` + "\xFF" +
				` in a paragraph about a ceasefire agreement signed by both sides.</p></body></html>`),
			contains: []string{"Bad byte \uFFFD in"}, warn: "1 byte replaced", date: defaultDate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := write(t, dir, tc.file, tc.data)
			opt := tc.opt
			opt.DefaultDate = defaultDate
			items := collect(t, []string{p}, nil, opt)
			if len(items) != 1 {
				t.Fatalf("got %d items, want 1: %+v", len(items), items)
			}
			it := items[0]
			if it.ID != tc.file || it.Origin != p {
				t.Errorf("ID, Origin = %q, %q; want %q, %q", it.ID, it.Origin, tc.file, p)
			}
			if tc.wantErr != nil {
				if !errors.Is(it.Err, tc.wantErr) {
					t.Fatalf("Err = %v, want %v", it.Err, tc.wantErr)
				}
				if !strings.HasPrefix(it.Err.Error(), p+": ") {
					t.Errorf("Err %q does not name the file", it.Err)
				}
				if it.Text != "" {
					t.Errorf("error item has text %q", it.Text)
				}
				if errors.Is(tc.wantErr, ErrTooLarge) &&
					(!strings.Contains(it.Err.Error(), "--max-bytes") || !strings.Contains(it.Err.Error(), fmt.Sprint(tc.opt.MaxBytes))) {
					t.Errorf("limit error %q names neither the limit nor the flag", it.Err)
				}
				return
			}
			if it.Err != nil {
				t.Fatalf("Err = %v", it.Err)
			}
			if tc.wantText != "" && it.Text != tc.wantText {
				t.Errorf("Text = %q, want %q", it.Text, tc.wantText)
			}
			for _, s := range tc.contains {
				if !strings.Contains(it.Text, s) {
					t.Errorf("Text lacks %q:\n%s", s, it.Text)
				}
			}
			for _, s := range tc.excludes {
				if strings.Contains(it.Text, s) {
					t.Errorf("Text has %q:\n%s", s, it.Text)
				}
			}
			if !utf8.ValidString(it.Text) || strings.Contains(it.Text, "\r") {
				t.Errorf("Text not normalised: %q", it.Text)
			}
			if tc.title != "" && it.Title != tc.title {
				t.Errorf("Title = %q, want %q", it.Title, tc.title)
			}
			if tc.source != "" && it.Source != tc.source {
				t.Errorf("Source = %q, want %q", it.Source, tc.source)
			}
			if !tc.date.IsZero() && it.Date.Format(time.DateOnly) != tc.date.Format(time.DateOnly) {
				t.Errorf("Date = %v, want %v", it.Date, tc.date)
			}
			if tc.warn != "" && !strings.Contains(strings.Join(it.Warnings, "|"), tc.warn) {
				t.Errorf("Warnings = %q, want one with %q", it.Warnings, tc.warn)
			} else if tc.warn == "" && len(it.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", it.Warnings)
			}
		})
	}
}

func TestJSONL(t *testing.T) {
	long := strings.Repeat("word ", 40000) // 200 KB, past bufio.Scanner's default
	htmlLine := strings.ReplaceAll(strings.ReplaceAll(undatedHTML, `"`, `\"`), "\n", `\n`)
	lines := []string{
		`{"id":"a1","text":"Rebels seized the town.","date":"2024-02-01","title":"Town seized","source":"Wire","url":"http://example.org/a1"}`,
		`{"text":"No id here.","date":"2024-02-02T23:30:00-05:00"}`,
		`{"id":"bad-json", "text": "unterminated`,
		``,
		`   `,
		`{"id":"notext","title":"nothing"}`,
		`{"id":"h1","html":"` + htmlLine + `"}`,
		`{"id":"baddate","text":"Dated badly.","date":"yesterday"}`,
		`{"id":"toolong","text":"` + strings.Repeat("x", 300000) + `"}`,
		`{"id":"long","text":"` + long + `"}`,
		`{"id":42,"text":"Numeric id.\r\nSecond line."}`,
		`[1,2,3]`,
		"{\"id\":\"utf\",\"text\":\"Bad \xFF byte\"}",
		`{"id":"emptytext","text":"  "}`,
		`{"id":"last","text":"Final line without newline."}`,
	}
	data := "\xEF\xBB\xBF" + strings.Join(lines, "\r\n")
	dir := t.TempDir()
	p := write(t, dir, "batch.jsonl", []byte(data))
	items := collect(t, []string{p}, nil, Options{MaxBytes: 250000, DefaultDate: defaultDate})

	type want struct {
		id, origin string
		err        error
		text       string // prefix
		date       string
		warn       string
	}
	wants := []want{
		{id: "a1", origin: p + ":1", text: "Rebels seized the town.", date: "2024-02-01"},
		{id: "batch.jsonl:2", origin: p + ":2", text: "No id here.", date: "2024-02-02"},
		{id: "batch.jsonl:3", origin: p + ":3", err: ErrBadJSON},
		{id: "notext", origin: p + ":6", err: ErrBadJSON},
		{id: "h1", origin: p + ":7", text: "Farmers in the northern province", date: "2020-01-02"},
		{id: "baddate", origin: p + ":8", text: "Dated badly.", date: "2020-01-02", warn: "unparseable date"},
		{id: "batch.jsonl:9", origin: p + ":9", err: ErrTooLarge},
		{id: "long", origin: p + ":10", text: "word word", date: "2020-01-02"},
		{id: "42", origin: p + ":11", text: "Numeric id.\nSecond line.", date: "2020-01-02"},
		{id: "batch.jsonl:12", origin: p + ":12", err: ErrBadJSON},
		{id: "utf", origin: p + ":13", text: "Bad \uFFFD byte", warn: "1 byte replaced"},
		{id: "emptytext", origin: p + ":14", err: ErrEmpty},
		{id: "last", origin: p + ":15", text: "Final line without newline."},
	}
	if len(items) != len(wants) {
		t.Fatalf("got %d items %q, want %d", len(items), ids(items), len(wants))
	}
	for i, w := range wants {
		it := items[i]
		if it.ID != w.id || it.Origin != w.origin {
			t.Errorf("item %d: ID, Origin = %q, %q; want %q, %q", i, it.ID, it.Origin, w.id, w.origin)
		}
		if w.err != nil {
			if !errors.Is(it.Err, w.err) || !strings.HasPrefix(it.Err.Error(), w.origin+": ") {
				t.Errorf("item %d: Err = %v, want %v naming %s", i, it.Err, w.err, w.origin)
			}
			continue
		}
		if it.Err != nil {
			t.Errorf("item %d: Err = %v", i, it.Err)
			continue
		}
		if !strings.HasPrefix(it.Text, w.text) {
			t.Errorf("item %d: Text = %.80q, want prefix %q", i, it.Text, w.text)
		}
		if w.date != "" && it.Date.Format(time.DateOnly) != w.date {
			t.Errorf("item %d: Date = %v, want %s", i, it.Date, w.date)
		}
		if w.warn != "" && !strings.Contains(strings.Join(it.Warnings, "|"), w.warn) {
			t.Errorf("item %d: Warnings = %q, want %q", i, it.Warnings, w.warn)
		}
	}
	if it := items[0]; it.Title != "Town seized" || it.Source != "Wire" || it.URL != "http://example.org/a1" {
		t.Errorf("metadata = %q %q %q", it.Title, it.Source, it.URL)
	}
	if it := items[4]; it.Title != "Harvest report" || !strings.Contains(it.Text, "website.\n\nPrices") {
		t.Errorf("html line: title %q text %q", it.Title, it.Text)
	}
	if got := len(items[7].Text); got != len(long) {
		t.Errorf("long line text has %d bytes, want %d", got, len(long))
	}
}

func TestStdin(t *testing.T) {
	t.Run("text", func(t *testing.T) {
		items := collect(t, []string{"-"}, strings.NewReader("Ministers met in Cairo."), Options{})
		if len(items) != 1 || items[0].ID != "stdin" || items[0].Origin != "-" || items[0].Text != "Ministers met in Cairo." {
			t.Fatalf("got %+v", items)
		}
	})
	t.Run("jsonl", func(t *testing.T) {
		in := "\n  {\"id\":\"x\",\"text\":\"One.\"}\n{\"text\":\"Two.\"}\nnot json\n"
		items := collect(t, []string{"-"}, strings.NewReader(in), Options{})
		got := ids(items)
		want := []string{"x", "stdin:3", "stdin:4"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("IDs = %q, want %q", got, want)
		}
		if items[0].Origin != "-:2" || items[1].Text != "Two." || !errors.Is(items[2].Err, ErrBadJSON) {
			t.Errorf("got %+v", items)
		}
	})
	t.Run("html", func(t *testing.T) {
		items := collect(t, []string{"-"}, strings.NewReader(articleHTML), Options{})
		if len(items) != 1 || items[0].Err != nil || items[0].Title != "Talks resume in Geneva" {
			t.Fatalf("got %+v", items)
		}
	})
	t.Run("empty", func(t *testing.T) {
		items := collect(t, []string{"-"}, strings.NewReader(""), Options{})
		if len(items) != 1 || !errors.Is(items[0].Err, ErrEmpty) || items[0].Err.Error() != "-: empty document" {
			t.Fatalf("got %+v", items)
		}
	})
	t.Run("nil", func(t *testing.T) {
		items := collect(t, []string{"-"}, nil, Options{})
		if len(items) != 1 || !errors.Is(items[0].Err, ErrUnreadable) {
			t.Fatalf("got %+v", items)
		}
	})
}

func TestDirectoryOrder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b.txt":             "B.",
		"a.txt":             "A.",
		"c/z.txt":           "CZ.",
		"c/a.html":          "<html><body><p>Parliament passed the budget on Friday after a long debate over defence spending.</p></body></html>",
		"c/d/e.txt":         "CDE.",
		"c/m.jsonl":         "{\"id\":\"m1\",\"text\":\"M1.\"}\n{\"text\":\"M2.\"}\n",
		"A.txt":             "Upper.",
		".hidden.txt":       "hidden",
		".git/config":       "hidden",
		"c/.cache/x.txt":    "hidden",
		"c/empty.txt":       "",
		"10.txt":            "Ten.",
		"9.txt":             "Nine.",
		"c/d/.dotfile.html": "hidden",
	}
	for name, content := range files {
		write(t, dir, name, []byte(content))
	}
	extra := write(t, t.TempDir(), "single.txt", []byte("Single."))
	items := collect(t, []string{dir, extra}, nil, Options{})
	want := []string{"10.txt", "9.txt", "A.txt", "a.txt", "b.txt",
		"c/a.html", "c/d/e.txt", "c/empty.txt", "m1", "c/m.jsonl:2", "c/z.txt", "single.txt"}
	if got := ids(items); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("IDs = %q\nwant %q", got, want)
	}
	for _, it := range items {
		if strings.Contains(it.Text, "hidden") {
			t.Errorf("hidden file read: %s", it.Origin)
		}
		if it.ID == "c/empty.txt" {
			if !errors.Is(it.Err, ErrEmpty) {
				t.Errorf("empty: Err = %v", it.Err)
			}
		} else if it.Err != nil {
			t.Errorf("%s: %v", it.ID, it.Err)
		}
	}
	if items[6].Origin != filepath.Join(dir, "c", "d", "e.txt") || items[9].Origin != filepath.Join(dir, "c", "m.jsonl")+":2" {
		t.Errorf("origins %q %q", items[6].Origin, items[9].Origin)
	}
}

func TestUnreadablePaths(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "in/good.txt", []byte("Good."))
	write(t, dir, "in/zz.txt", []byte("Last."))
	if err := os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(dir, "in", "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	// A loop: in/sub/up -> in.
	if err := os.MkdirAll(filepath.Join(dir, "in", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "in/sub/s.txt", []byte("Sub."))
	if err := os.Symlink(filepath.Join(dir, "in"), filepath.Join(dir, "in", "sub", "up")); err != nil {
		t.Fatal(err)
	}
	// A link to a file outside is followed.
	outside := write(t, dir, "out/o.txt", []byte("Outside."))
	if err := os.Symlink(outside, filepath.Join(dir, "in", "link.txt")); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")

	done := make(chan []Item)
	go func() { done <- collect(t, []string{missing, good, filepath.Join(dir, "in")}, nil, Options{}) }()
	var items []Item
	select {
	case items = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Read hangs on a symbolic-link loop")
	}
	type want struct {
		id  string
		err bool
	}
	wants := []want{{"missing.txt", true}, {"good.txt", false}, {"dangling.txt", true}, {"good.txt", false},
		{"link.txt", false}, {"sub/s.txt", false}, {"sub/up", true}, {"zz.txt", false}}
	if len(items) != len(wants) {
		t.Fatalf("IDs = %q", ids(items))
	}
	for i, w := range wants {
		it := items[i]
		if it.ID != w.id || (it.Err != nil) != w.err {
			t.Errorf("item %d = %q err %v; want %q err %v", i, it.ID, it.Err, w.id, w.err)
		}
		if it.Err != nil && (!errors.Is(it.Err, ErrUnreadable) || !strings.HasPrefix(it.Err.Error(), it.Origin+": ")) {
			t.Errorf("item %d: Err %q does not name %s", i, it.Err, it.Origin)
		}
	}
	if items[0].Origin != missing || items[4].Text != "Outside." {
		t.Errorf("got %+v", items)
	}
}

// limitedReader yields n bytes of text and fails the test if it is read
// past limit bytes.
type limitedReader struct {
	t        *testing.T
	n, limit int64
	read     int64
}

func (r *limitedReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	if r.read >= r.limit {
		r.t.Errorf("read past %d bytes", r.limit)
		return 0, errors.New("read past the limit")
	}
	k := int64(len(p))
	k = min(k, r.n-r.read)
	for i := range p[:k] {
		p[i] = 'a' + byte((r.read+int64(i))%26)
	}
	r.read += k
	return int(k), nil
}

func TestTooLargeBounded(t *testing.T) {
	const size = 50 << 20
	t.Run("stdin", func(t *testing.T) {
		src := &limitedReader{t: t, n: size, limit: DefaultMaxBytes + 1}
		items := collect(t, []string{"-"}, src, Options{})
		if len(items) != 1 || !errors.Is(items[0].Err, ErrTooLarge) {
			t.Fatalf("got %+v", items)
		}
		msg := items[0].Err.Error()
		if !strings.Contains(msg, "10 MiB") || !strings.Contains(msg, "--max-bytes") {
			t.Errorf("message %q", msg)
		}
		if src.read > DefaultMaxBytes+1 {
			t.Errorf("read %d bytes", src.read)
		}
	})
	t.Run("file", func(t *testing.T) {
		// A sparse 50 MB file is rejected by its size.
		p := filepath.Join(t.TempDir(), "huge.txt")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
		items := collect(t, []string{p}, nil, Options{})
		if len(items) != 1 || !errors.Is(items[0].Err, ErrTooLarge) {
			t.Fatalf("got %+v", items)
		}
	})
	t.Run("jsonl line", func(t *testing.T) {
		// A 50 MB line is skipped and the next line read.
		line := io.MultiReader(strings.NewReader(`{"text":"`), &limitedReader{t: t, n: size, limit: size},
			strings.NewReader("\"}\n{\"id\":\"next\",\"text\":\"Next.\"}\n"))
		items := collect(t, []string{"-"}, line, Options{MaxBytes: 1 << 20})
		if len(items) != 2 || !errors.Is(items[0].Err, ErrTooLarge) || items[0].ID != "stdin:1" || items[1].Text != "Next." {
			t.Fatalf("got %v", ids(items))
		}
	})
}

func TestStop(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		write(t, dir, n, []byte("Text of "+n))
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := Read(ctx, []string{dir}, nil, Options{}, func(Item) error {
		calls++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("cancelled: err %v after %d calls", err, calls)
	}
	boom := errors.New("boom")
	calls = 0
	err = Read(context.Background(), []string{dir}, nil, Options{}, func(Item) error {
		calls++
		if calls == 2 {
			return boom
		}
		return nil
	})
	if err != boom || calls != 2 {
		t.Errorf("fn error: err %v after %d calls", err, calls)
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024-03-05", "2024-03-05T00:00:00Z", true},
		{" 2024-03-05 ", "2024-03-05T00:00:00Z", true},
		{"2024-02-30", "", false},
		{"05/03/2024", "", false},
		{"2024-03-05T10:00:00Z", "", false},
		{"", "", false},
	} {
		d, err := ParseDate(tc.in)
		if (err == nil) != tc.ok || (tc.ok && d.Format(time.RFC3339) != tc.want) {
			t.Errorf("ParseDate(%q) = %v, %v", tc.in, d, err)
		}
		if err != nil && !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("error %q does not give the format", err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"2024-03-05T23:30:00-05:00", "2024-03-05"},
		{"2024-03-05", "2024-03-05"},
		{"Tue, 05 Mar 2024 23:30:00 -0500", "2024-03-05"},
		{"Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05"},
		{"March 5, 2024", "2024-03-05"},
		{"5 March 2024", "2024-03-05"},
		{"5 mars 2024", "2024-03-05"},
		{"03/05/2024", "2024-03-05"},
		{"25/03/2024", "2024-03-25"},
		{"March 2024", ""}, // no day: incomplete
		{"yesterday", ""},
		{"not a date", ""},
	} {
		d, err := parseDocDate(tc.in)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("parseDocDate(%q) = %v, want an error", tc.in, d)
		case tc.want != "" && (err != nil || d.Format(time.DateOnly) != tc.want):
			t.Errorf("parseDocDate(%q) = %v, %v; want %s", tc.in, d, err, tc.want)
		}
	}
}

// countLines counts the lines of data that are not ASCII white space only,
// after a leading byte-order mark.
func countLines(data []byte) int {
	data = bytes.TrimPrefix(data, bomUTF8)
	n := 0
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var line []byte
		if i < 0 {
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+1:]
		}
		if len(bytes.TrimLeft(line, " \t\r\n\v\f")) > 0 {
			n++
		}
	}
	return n
}

func checkItem(t *testing.T, it Item) {
	t.Helper()
	if it.ID == "" || it.Origin == "" {
		t.Errorf("item without a name: %+v", it)
	}
	if it.Err == nil && (it.Text == "" || !utf8.ValidString(it.Text) || strings.Contains(it.Text, "\r")) {
		t.Errorf("bad text %q", it.Text)
	}
	if it.Err != nil && !strings.HasPrefix(it.Err.Error(), it.Origin+": ") {
		t.Errorf("error %q does not name %s", it.Err, it.Origin)
	}
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"x"}` + "\n" + `{"html":"<p>y</p>"}`))
	f.Add([]byte("\xEF\xBB\xBF{\"text\":\"a\"}\r\n\r\n  \n{bad\n"))
	f.Add([]byte(`{"id":1,"text":"\u0000\ud800","date":"2024-13-01"}` + "\n[]\nnull\n\"s\"\n{}"))
	f.Add([]byte(`{"text":"` + strings.Repeat("z", 300) + `"}` + "\n" + strings.Repeat(" ", 300) + "\n{\"text\":\"ok\"}"))
	f.Add([]byte("{\"text\":\"\xff\xfe\"}\n\x00\x01\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var items []Item
		r := &reader{ctx: context.Background(), opt: Options{MaxBytes: 256}, max: 256,
			fn: func(it Item) error { items = append(items, it); return nil }}
		if err := r.readJSONL(bytes.NewReader(data), "f.jsonl", "f.jsonl"); err != nil {
			t.Fatal(err)
		}
		if want := countLines(data); len(items) != want {
			t.Fatalf("%d items for %d lines", len(items), want)
		}
		for _, it := range items {
			checkItem(t, it)
		}
	})
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(articleHTML))
	f.Add([]byte(undatedHTML))
	f.Add([]byte("<html><body><pre>a\r\n  b</pre><table><tr><td>1</td><td>2</td></tr></table></body></html>"))
	f.Add([]byte("<p>unclosed <b>bold <i>nested"))
	f.Add([]byte("<html><head><meta charset=shift_jis></head><body>\x82\xa0</body></html>"))
	f.Add([]byte(""))
	f.Add([]byte("\xFF\xFE<\x00p\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var items []Item
		r := &reader{ctx: context.Background(), max: 1 << 20,
			fn: func(it Item) error { items = append(items, it); return nil }}
		if err := r.readSource(bytes.NewReader(data), "f.html", "f.html", ".html", int64(len(data))); err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 {
			t.Fatalf("%d items", len(items))
		}
		checkItem(t, items[0])
	})
}
