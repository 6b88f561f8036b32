package watch

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/ingest"
)

// The fixtures below are made-up news: two feeds (RSS 2.0 and Atom) and the
// article pages they link to, served by newsServer.

// article is one made-up article page.
type article struct {
	title string // "" for a page without a title
	date  string // RFC 3339 publication time in the page's metadata; "" for none
	paras []string
}

// render writes a news-like HTML page with navigation and a footer around
// the story.
func (a article) render() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
	if a.title != "" {
		fmt.Fprintf(&b, "<title>%s | Example News</title>\n", html.EscapeString(a.title))
	}
	if a.date != "" {
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n", a.date)
	}
	b.WriteString("</head><body>\n<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n<article>\n")
	if a.title != "" {
		fmt.Fprintf(&b, "<h1>%s</h1>\n", html.EscapeString(a.title))
	}
	for _, p := range a.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</article>\n<footer>Example News, all rights reserved</footer>\n</body></html>\n")
	return b.String()
}

var (
	portTalks = article{
		title: "Harbour talks resume in Mombasa",
		date:  "2023-03-13T08:15:00Z",
		paras: []string{
			"Delegations from Kenya and Tanzania met in Mombasa on Monday to reopen talks on sharing the container terminal at the old harbour.",
			"The Kenyan transport minister said both governments wanted an agreement before the rains, when cargo traffic usually doubles.",
			"Tanzanian officials declined to comment on the draft, but a port engineer said crews had already begun dredging the northern berth.",
		},
	}
	floodAid = article{
		title: "Japan pledges flood aid to Nepal",
		date:  "2023-03-14T06:00:00Z",
		paras: []string{
			"Japan pledged emergency aid to Nepal on Tuesday after floods in the western hills destroyed hundreds of homes.",
			"The Nepalese prime minister thanked Tokyo and said army helicopters were still searching for missing villagers.",
			"Relief workers said at least 14 people were killed and 30 injured when a river burst its banks overnight.",
		},
	}
	flaky = article{
		title: "Police detain protesters in Lima",
		date:  "2023-03-14T15:30:00Z",
		paras: []string{
			"Police in Lima arrested 12 protesters on Tuesday during a march against the closure of a public hospital.",
			"The interior ministry said officers had been attacked with stones, a claim the organisers of the march denied.",
		},
	}
	busy = article{
		title: "Norway criticises fishing quota decision",
		date:  "2023-03-15T10:00:00Z",
		paras: []string{
			"Norway's foreign minister criticised Iceland on Wednesday over a decision to raise its mackerel quota without consultation.",
			"Iceland's government said the new quota respected scientific advice and invited Oslo to talks in Reykjavik next month.",
		},
	}
	plain = article{ // no title and no date in the page: both come from the feed
		paras: []string{
			"Farmers in the Rift Valley blocked a highway near Nakuru on Wednesday to protest the price of fertiliser, witnesses said.",
			"Police dispersed the crowd with tear gas and arrested nine people, according to a local official.",
			"The agriculture ministry promised to review subsidies at a meeting next week.",
		},
	}
	summit = article{
		title: "Leaders gather for water summit in Dakar",
		date:  "2023-03-16T09:00:00Z",
		paras: []string{
			"Senegal hosted leaders from across West Africa in Dakar on Thursday for a summit on water sharing along the Niger River.",
			"Mali and Niger signed a memorandum on dam releases, and Guinea promised to share rainfall data with its neighbours.",
		},
	}
)

// rssFeed lists, in this order: an article; the same URL again; an
// article whose text a mirror repeats; a page that fails once with 500; a
// page that is missing (404); a page that answers 429 with Retry-After
// once; a page without title or date; an item without a link.
const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>Coast Wire: Latest</title>
<link>{{BASE}}/</link>
<description>Made-up regional news for tests</description>
<item><title>Talks on the harbour resume</title><link>{{BASE}}/news/port-talks</link><pubDate>Mon, 13 Mar 2023 09:00:00 GMT</pubDate></item>
<item><title>Harbour talks (updated)</title><link>{{BASE}}/news/port-talks#update</link><pubDate>Mon, 13 Mar 2023 11:00:00 GMT</pubDate></item>
<item><title>Flood aid for Nepal</title><link>{{BASE}}/news/flood-aid</link><pubDate>Tue, 14 Mar 2023 07:00:00 GMT</pubDate></item>
<item><title>Arrests at Lima march</title><link>{{BASE}}/news/flaky</link><pubDate>Tue, 14 Mar 2023 16:00:00 GMT</pubDate></item>
<item><title>A story that was taken down</title><link>{{BASE}}/news/missing</link><pubDate>Tue, 14 Mar 2023 18:00:00 GMT</pubDate></item>
<item><title>Quota row in the North Atlantic</title><link>{{BASE}}/news/busy</link><pubDate>Wed, 15 Mar 2023 11:00:00 GMT</pubDate></item>
<item><title>Farmers block highway near Nakuru</title><link>/news/plain</link><pubDate>Wed, 15 Mar 2023 14:45:00 GMT</pubDate></item>
<item><title>A note from the editors</title><description>No link here.</description></item>
</channel>
</rss>
`

// atomFeed lists a new article, an article the RSS feed lists too, and a
// mirror of another RSS article under a different URL.
const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>World Desk</title>
<id>urn:example:world-desk</id>
<updated>2023-03-16T12:00:00Z</updated>
<entry><title>Water summit opens</title><id>urn:example:summit</id><link href="{{BASE}}/world/summit"/><updated>2023-03-17T00:00:00Z</updated></entry>
<entry><title>Harbour talks</title><id>urn:example:port</id><link href="{{BASE}}/news/port-talks"/><updated>2023-03-13T09:00:00Z</updated></entry>
<entry><title>Nepal floods: aid arrives</title><id>urn:example:mirror</id><link href="{{BASE}}/mirror/flood-aid"/><updated>2023-03-14T08:00:00Z</updated></entry>
</feed>
`

// newsServer serves the fixtures and counts requests.
type newsServer struct {
	*httptest.Server

	mu       sync.Mutex
	hits     map[string]int // path: requests
	agents   map[string]bool
	lastMod  time.Time // the RSS feed's Last-Modified
	feedGone bool      // the RSS feed answers 404
}

const atomETag = `"world-desk-v1"`

func newNewsServer(t *testing.T) *newsServer {
	t.Helper()
	s := &newsServer{hits: map[string]int{}, agents: map[string]bool{}, lastMod: time.Date(2023, 3, 16, 12, 0, 0, 0, time.UTC)}
	pages := map[string]article{
		"/news/port-talks":  portTalks,
		"/news/flood-aid":   floodAid,
		"/mirror/flood-aid": floodAid,
		"/news/flaky":       flaky,
		"/news/busy":        busy,
		"/news/plain":       plain,
		"/world/summit":     summit,
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		n := s.hits[r.URL.Path]
		s.agents[r.UserAgent()] = true
		lastMod, gone := s.lastMod, s.feedGone
		s.mu.Unlock()
		base := "http://" + r.Host
		switch p := r.URL.Path; {
		case p == "/feeds/coast.rss":
			if gone {
				http.NotFound(w, r)
				return
			}
			if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !lastMod.After(ims) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Last-Modified", lastMod.Format(http.TimeFormat))
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprint(w, strings.ReplaceAll(rssFeed, "{{BASE}}", base))
		case p == "/feeds/world.atom":
			if r.Header.Get("If-None-Match") == atomETag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", atomETag)
			w.Header().Set("Content-Type", "application/atom+xml")
			fmt.Fprint(w, strings.ReplaceAll(atomFeed, "{{BASE}}", base))
		case p == "/feeds/broken.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, "<html><body>This is not a feed.</body></html>")
		case p == "/news/flaky" && n == 1:
			http.Error(w, "upstream timed out", http.StatusInternalServerError)
		case p == "/news/busy" && n == 1:
			w.Header().Set("Retry-After", "7")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case p == "/news/down":
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
		case p == "/news/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4 not really")
		default:
			a, ok := pages[p]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, a.render())
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// hit returns how many requests path got.
func (s *newsServer) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// touch moves the RSS feed's Last-Modified on, so that the next
// conditional GET gets the feed again.
func (s *newsServer) touch() {
	s.mu.Lock()
	s.lastMod = s.lastMod.Add(time.Hour)
	s.mu.Unlock()
}

// memorySink keeps what it is given.
type memorySink struct {
	mu    sync.Mutex
	items []ingest.Item
	fail  int // fail this many Submit calls first
}

func (m *memorySink) Submit(_ context.Context, it ingest.Item) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail > 0 {
		m.fail--
		return fmt.Errorf("queue unavailable")
	}
	m.items = append(m.items, it)
	return nil
}

func (m *memorySink) take() []ingest.Item {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.items
	m.items = nil
	return out
}

// fakeClock stands in for the watcher's clock: sleeping moves it on at
// once and records the wait.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.slept = append(c.slept, d)
	return nil
}

func (c *fakeClock) longest() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var m time.Duration
	for _, d := range c.slept {
		m = max(m, d)
	}
	return m
}

// newTestWatcher returns a watcher of feeds on a fake clock, so that
// backoff, host delays and Retry-After cost no real time.
func newTestWatcher(t *testing.T, feeds []Feed, seen Seen, sink Sink, o Options) (*Watcher, *fakeClock) {
	t.Helper()
	w, err := New(feeds, seen, sink, o)
	if err != nil {
		t.Fatal(err)
	}
	c := &fakeClock{t: time.Date(2023, 3, 17, 0, 0, 0, 0, time.UTC)}
	w.now, w.sleep = c.now, c.sleep
	return w, c
}
