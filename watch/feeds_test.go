package watch

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseFeeds(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Feed
		err      string // in the error; "" for none
	}{
		{name: "empty", in: "", want: nil},
		{name: "comments and blanks only", in: "# my feeds\n\n   \n\t# indented comment\n", want: nil},
		{
			name: "urls and names",
			in: "# regional\nhttps://news.example/rss.xml\n\nhttp://wire.example/atom\tWire Service\n" +
				"  https://x.example/feed?lang=en#top  \t  Spaced Name \r\n",
			want: []Feed{
				{URL: "https://news.example/rss.xml", Line: 2},
				{URL: "http://wire.example/atom", Name: "Wire Service", Line: 4},
				{URL: "https://x.example/feed?lang=en#top", Name: "Spaced Name", Line: 5},
			},
		},
		{name: "byte-order mark", in: "\uFEFFhttps://a.example/f\n", want: []Feed{{URL: "https://a.example/f", Line: 1}}},
		{name: "no trailing newline", in: "https://a.example/f\tA", want: []Feed{{URL: "https://a.example/f", Name: "A", Line: 1}}},
		{name: "not http", in: "https://a.example/f\nftp://b.example/f\n", err: "line 2: feed URL \"ftp://b.example/f\": want an http:// or https:// URL"},
		{name: "relative", in: "/feeds/rss.xml\n", err: "line 1: feed URL \"/feeds/rss.xml\": want an http:// or https:// URL"},
		{name: "no host", in: "https:///rss\n", err: "line 1: feed URL \"https:///rss\": no host"},
		{name: "space in url", in: "https://a.example/my feed Name\n", err: "line 1: feed URL \"https://a.example/my feed Name\" contains a space"},
		{name: "bad url", in: "http://[::1\n", err: "line 1: feed URL \"http://[::1\""},
		{name: "three columns", in: "\n\nhttps://a.example/f\tA\tB\n", err: "line 3: 3 tab-separated columns"},
		{name: "empty name", in: "https://a.example/f\t \n", err: "line 1: empty source name"},
		{name: "name without url", in: "\tA Name\n", err: "line 1: no feed URL before the tab"},
		{name: "repeated", in: "https://a.example/f\n# again\nhttps://a.example/f\tOther\n", err: "line 3: feed https://a.example/f is already given on line 1"},
		{name: "invalid utf-8", in: "https://a.example/f\t\xff\n", err: "line 1: not valid UTF-8"},
		{name: "control in name", in: "https://a.example/f\tA\x00B\n", err: "line 1: control character"},
		{name: "long line", in: "https://a.example/f\n" + strings.Repeat("x", maxFeedLine+1), err: "line 2: longer than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseFeeds(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v; want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestReadFeedsNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.txt")
	if err := os.WriteFile(path, []byte("https://a.example/f\nnot a url\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFeeds(path)
	if err == nil || !strings.Contains(err.Error(), path+": line 2") {
		t.Errorf("error %v; want the file and line", err)
	}
	if _, err := ReadFeeds(filepath.Join(t.TempDir(), "none.txt")); err == nil {
		t.Error("no error for a missing file")
	}
}

// FuzzParseFeeds checks that any input either fails with a line-numbered
// error or gives feeds that are well formed and read back the same when
// written out again.
func FuzzParseFeeds(f *testing.F) {
	for _, s := range []string{
		"",
		"# comment\nhttps://a.example/rss\n",
		"https://a.example/rss\tA Source\nhttp://b.example/atom\n",
		"\uFEFFhttps://a.example/f\r\n\r\n#x\r\n",
		"https://a.example/f\tA\tB\n",
		"ftp://x\n",
		"http://[::1\n",
		"https://a.example/f\nhttps://a.example/f\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		feeds, err := ParseFeeds(strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error without a line number: %v", err)
			}
			return
		}
		var b strings.Builder
		urls := map[string]bool{}
		last := 0
		for _, fd := range feeds {
			if fd.Line <= last {
				t.Fatalf("lines out of order: %+v", feeds)
			}
			last = fd.Line
			if _, err := checkURL(fd.URL); err != nil {
				t.Fatalf("accepted a bad URL %q: %v", fd.URL, err)
			}
			if urls[fd.URL] {
				t.Fatalf("URL %q twice", fd.URL)
			}
			urls[fd.URL] = true
			if strings.ContainsAny(fd.Name, "\t\n\r") || fd.Name != strings.TrimSpace(fd.Name) || !utf8.ValidString(fd.Name) {
				t.Fatalf("bad name %q", fd.Name)
			}
			b.WriteString(fd.URL)
			if fd.Name != "" {
				b.WriteString("\t" + fd.Name)
			}
			b.WriteString("\n")
		}
		again, err := ParseFeeds(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("written feeds do not read back: %v\n%q", err, b.String())
		}
		if len(again) != len(feeds) {
			t.Fatalf("read back %d feeds, want %d", len(again), len(feeds))
		}
		for i := range feeds {
			if again[i].URL != feeds[i].URL || again[i].Name != feeds[i].Name {
				t.Fatalf("feed %d reads back as %+v, want %+v", i, again[i], feeds[i])
			}
		}
	})
}
