// Package watch polls RSS and Atom feeds and hands each new article to a
// sink: the in-process extractor and store (StoreSink), or a queue
// (*queue.Publisher) that workers read.
//
// A Watcher polls every feed of a feeds file (ParseFeeds) at an interval,
// with a conditional GET (ETag, Last-Modified). For each item with a link it
// skips URLs already seen, fetches the article page and extracts its text,
// title and date through the same HTML path as dyad's file inputs
// (ingest.ReadStream, go-trafilatura), skips texts already seen under
// another URL (store.Hash of the text), and submits the rest as
// ingest.Items whose ID and URL are the item's link and whose source is the
// feed's name. What is seen is a Seen: the store itself (StoreSeen), or a
// Memory that a state file keeps across restarts.
//
// Nothing is lost silently: an article that cannot be fetched or has no
// text is submitted as a failure item (Err set, ID the URL) and tried again
// on later polls, up to Options.MaxAttempts polls, before it is given up.
//
// Fetching is polite: a User-Agent naming dyad, at most
// Options.Concurrency requests at once, Options.HostDelay between requests
// to one host, retries with exponential backoff on network errors and 5xx
// answers, and a 429 or 503 answer's Retry-After respected for the whole
// host.
package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/store"
)

// Defaults of Options.
const (
	DefaultInterval      = 5 * time.Minute
	DefaultConcurrency   = 4
	DefaultHostDelay     = time.Second
	DefaultRetries       = 3
	DefaultBackoff       = 2 * time.Second
	DefaultMaxBackoff    = time.Minute
	DefaultMaxRetryAfter = 5 * time.Minute
	DefaultMaxAttempts   = 3
	DefaultMaxFeedBytes  = 16 << 20
	DefaultUserAgent     = "dyad-watch/1 (dyad political event coder; feed reader)"
)

// Options configure a Watcher. The zero value gives the defaults.
type Options struct {
	// Interval is the time between two polls of one feed (DefaultInterval
	// when zero), varied at random by up to a tenth either way so that the
	// feeds of one host do not fall due together.
	Interval time.Duration
	// Client makes the requests; nil means a client with connection,
	// header and overall timeouts (DefaultClient).
	Client *http.Client
	// UserAgent is sent with every request (DefaultUserAgent when "").
	UserAgent string
	// MaxBytes is the largest article page read (ingest.DefaultMaxBytes
	// when zero or negative); a larger one is a failure.
	MaxBytes int64
	// MaxFeedBytes is the largest feed read (DefaultMaxFeedBytes when zero
	// or negative).
	MaxFeedBytes int64
	// Concurrency is the most requests in flight at once, over all hosts
	// (DefaultConcurrency when zero or negative).
	Concurrency int
	// HostDelay is the least time between the starts of two requests to
	// one host (DefaultHostDelay when zero; none when negative).
	HostDelay time.Duration
	// Retries is how many times a request is repeated after a network
	// error or a 429 or 5xx answer (DefaultRetries when zero; none when
	// negative). Retries wait Backoff, doubled each time up to MaxBackoff,
	// or the Retry-After the server asked for.
	Retries int
	// Backoff is the wait before the first retry (DefaultBackoff when
	// zero or negative); MaxBackoff caps it (DefaultMaxBackoff).
	Backoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After waited for within a poll
	// (DefaultMaxRetryAfter when zero or negative); a longer one fails the
	// request, and the article is tried again on the next poll.
	MaxRetryAfter time.Duration
	// MaxAttempts is how many polls an article that fails is tried on
	// before it is given up (DefaultMaxAttempts when zero or negative).
	MaxAttempts int
	// Logger receives the watcher's logs; nil means slog.Default().
	Logger *slog.Logger
}

// DefaultClient returns the HTTP client a Watcher uses when Options.Client
// is nil: timeouts on connecting (10 s), on the TLS handshake (10 s), on the
// response header (30 s) and on the whole request with its body (2 min).
func DefaultClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSHandshakeTimeout = 10 * time.Second
	tr.ResponseHeaderTimeout = 30 * time.Second
	tr.MaxIdleConnsPerHost = 2
	tr.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{Transport: tr, Timeout: 2 * time.Minute}
}

// Stats count what one poll of one feed found.
type Stats struct {
	// Feed is the feed's URL and Source the source name its articles get.
	Feed, Source string
	// NotModified is set when the feed answered 304 to the conditional
	// GET; its items were not read again.
	NotModified bool
	// Items is how many items the feed listed (0 when not modified), and
	// NoLink how many of them had no usable http or https link.
	Items, NoLink int
	// Retried is how many articles that failed on earlier polls were tried
	// again.
	Retried int
	// New is how many articles were submitted as documents.
	New int
	// DupURL counts articles skipped because their URL was seen (listed
	// twice, in an earlier poll, in another feed, or stored); DupHash
	// those skipped because their text was seen under another URL.
	DupURL, DupHash int
	// Failed is how many failure items were submitted, of which GivenUp
	// will not be tried again.
	Failed, GivenUp int
	// Err is why the poll stopped: the feed could not be fetched or
	// parsed, the sink failed, or the context ended.
	Err error
}

// Watcher polls feeds. Its methods are safe for concurrent use.
type Watcher struct {
	feeds []Feed
	seen  Seen
	sink  Sink
	o     Options
	f     *fetcher
	log   *slog.Logger
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	urls, hashes keyLock

	mu      sync.Mutex
	cond    map[string]validators        // feed URL: its last validators
	pending map[string]map[string]*entry // feed URL: link: article to retry
	titles  map[string]string            // feed URL: the feed's title
}

// validators are the conditional-GET validators a feed last sent.
type validators struct{ etag, lastModified string }

// entry is one article a feed lists.
type entry struct {
	link, title, source string
	date                time.Time
}

// New returns a Watcher of feeds that checks and records what it has seen
// in seen and submits articles to sink.
func New(feeds []Feed, seen Seen, sink Sink, o Options) (*Watcher, error) {
	if len(feeds) == 0 {
		return nil, errors.New("watch: no feeds")
	}
	if seen == nil || sink == nil {
		return nil, errors.New("watch: a Seen and a Sink are required")
	}
	for _, f := range feeds {
		if _, err := checkURL(f.URL); err != nil {
			return nil, fmt.Errorf("watch: %w", err)
		}
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Client == nil {
		o.Client = DefaultClient()
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = ingest.DefaultMaxBytes
	}
	if o.MaxFeedBytes <= 0 {
		o.MaxFeedBytes = DefaultMaxFeedBytes
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	switch {
	case o.HostDelay == 0:
		o.HostDelay = DefaultHostDelay
	case o.HostDelay < 0:
		o.HostDelay = 0
	}
	switch {
	case o.Retries == 0:
		o.Retries = DefaultRetries
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	w := &Watcher{
		feeds: append([]Feed(nil), feeds...), seen: seen, sink: sink, o: o, log: o.Logger,
		now: time.Now, sleep: sleepCtx,
		cond: map[string]validators{}, pending: map[string]map[string]*entry{}, titles: map[string]string{},
	}
	w.f = &fetcher{
		client: o.Client, userAgent: o.UserAgent, sem: make(chan struct{}, o.Concurrency),
		hostDelay: o.HostDelay, retries: o.Retries, backoff: o.Backoff, maxBackoff: o.MaxBackoff,
		maxRetryAfter: o.MaxRetryAfter, log: o.Logger, next: map[string]time.Time{},
		now:   func() time.Time { return w.now() },
		sleep: func(ctx context.Context, d time.Duration) error { return w.sleep(ctx, d) },
	}
	return w, nil
}

// Feeds returns the feeds w polls.
func (w *Watcher) Feeds() []Feed { return append([]Feed(nil), w.feeds...) }

// Run polls every feed at the interval until ctx is done, logging each
// poll, and returns nil once the polls in flight have stopped. The first
// polls start within a tenth of the interval (at most ten seconds),
// spread at random.
func (w *Watcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, f := range w.feeds {
		wg.Go(func() {
			first := min(w.o.Interval/10, 10*time.Second)
			if err := w.sleep(ctx, rand.N(first+1)); err != nil {
				return
			}
			for {
				w.Poll(ctx, f)
				if ctx.Err() != nil {
					return
				}
				jitter := w.o.Interval / 10
				if err := w.sleep(ctx, w.o.Interval-jitter+rand.N(2*jitter+1)); err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	return nil
}

// PollOnce polls every feed once, concurrently, and returns their stats in
// feed order. The error joins those of the feeds whose poll failed.
func (w *Watcher) PollOnce(ctx context.Context) ([]Stats, error) {
	stats := make([]Stats, len(w.feeds))
	var wg sync.WaitGroup
	for i, f := range w.feeds {
		wg.Go(func() { stats[i], _ = w.Poll(ctx, f) })
	}
	wg.Wait()
	var errs []error
	for _, s := range stats {
		if s.Err != nil {
			errs = append(errs, s.Err)
		}
	}
	return stats, errors.Join(errs...)
}

// Poll polls one feed: it fetches the feed (unless it is not modified since
// the last poll), submits its new articles and those that failed before,
// logs the stats and returns them, with their Err as the error.
func (w *Watcher) Poll(ctx context.Context, f Feed) (Stats, error) {
	st := w.poll(ctx, f)
	if s, ok := w.seen.(Saver); ok {
		if err := s.Save(); err != nil {
			w.log.Error("saving the watch state", "err", err)
			if st.Err == nil {
				st.Err = err
			}
		}
	}
	attrs := []any{"feed", st.Feed, "source", st.Source, "items", st.Items, "new", st.New,
		"dup_url", st.DupURL, "dup_hash", st.DupHash, "failed", st.Failed}
	if st.NotModified {
		attrs = append(attrs, "not_modified", true)
	}
	if st.NoLink > 0 {
		attrs = append(attrs, "no_link", st.NoLink)
	}
	if st.Retried > 0 {
		attrs = append(attrs, "retried", st.Retried)
	}
	if st.GivenUp > 0 {
		attrs = append(attrs, "given_up", st.GivenUp)
	}
	switch {
	case st.Err != nil && ctx.Err() != nil:
		w.log.Info("feed poll interrupted", attrs...)
	case st.Err != nil:
		w.log.Error("feed poll failed", append(attrs, "err", st.Err)...)
	default:
		w.log.Info("feed polled", attrs...)
	}
	return st, st.Err
}

func (w *Watcher) poll(ctx context.Context, f Feed) (st Stats) {
	st.Feed = f.URL
	base, _ := url.Parse(f.URL)
	w.mu.Lock()
	v := w.cond[f.URL]
	st.Source = sourceName(f, w.titles[f.URL], base)
	w.mu.Unlock()

	h := http.Header{}
	h.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if v.etag != "" {
		h.Set("If-None-Match", v.etag)
	}
	if v.lastModified != "" {
		h.Set("If-Modified-Since", v.lastModified)
	}
	resp, err := w.f.get(ctx, f.URL, h, w.o.MaxFeedBytes)
	if err != nil {
		st.Err = fmt.Errorf("feed %s: %w", f.URL, err)
		return st
	}
	var entries []*entry
	listed := map[string]bool{}
	switch resp.code {
	case http.StatusNotModified:
		st.NotModified = true
	case http.StatusOK:
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.body))
		if err != nil {
			st.Err = fmt.Errorf("feed %s: cannot parse as RSS, Atom or JSON Feed: %w", f.URL, err)
			return st
		}
		title := strings.Join(strings.Fields(feed.Title), " ")
		w.mu.Lock()
		w.titles[f.URL] = title
		w.mu.Unlock()
		st.Source = sourceName(f, title, base)
		st.Items = len(feed.Items)
		for _, it := range feed.Items {
			e := itemEntry(it, base, st.Source)
			switch {
			case e == nil:
				st.NoLink++
			case listed[e.link]:
				st.DupURL++
			default:
				listed[e.link] = true
				entries = append(entries, e)
			}
		}
		v = validators{etag: resp.header.Get("ETag"), lastModified: resp.header.Get("Last-Modified")}
	default:
		st.Err = fmt.Errorf("feed %s: %w", f.URL, &StatusError{Code: resp.code, Status: resp.status})
		return st
	}
	// Articles that failed on earlier polls are tried again, whether or
	// not the feed still lists them.
	w.mu.Lock()
	for link, e := range w.pending[f.URL] {
		if !listed[link] {
			entries = append(entries, e)
		}
		st.Retried++
	}
	w.mu.Unlock()

	for _, e := range entries {
		if err := w.article(ctx, f, e, &st); err != nil {
			st.Err = fmt.Errorf("feed %s: %w", f.URL, err)
			return st
		}
	}
	if !st.NotModified {
		// Only now: a poll cut short must read the feed again next time.
		w.mu.Lock()
		w.cond[f.URL] = v
		w.mu.Unlock()
	}
	return st
}

// sourceName is the source name of a feed's articles: the name the feeds
// file gives, else the feed's title, else its host.
func sourceName(f Feed, title string, base *url.URL) string {
	switch {
	case f.Name != "":
		return f.Name
	case title != "":
		return title
	case base != nil:
		return base.Hostname()
	}
	return ""
}

// itemEntry returns the article a feed item links to, or nil when it has no
// http or https link. A relative link is resolved against the feed's URL;
// the fragment is dropped.
func itemEntry(it *gofeed.Item, base *url.URL, source string) *entry {
	link := strings.TrimSpace(it.Link)
	if link == "" && len(it.Links) > 0 {
		link = strings.TrimSpace(it.Links[0])
	}
	if link == "" || base == nil {
		return nil
	}
	u, err := base.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	u.Fragment, u.RawFragment = "", ""
	e := &entry{link: u.String(), title: strings.Join(strings.Fields(it.Title), " "), source: source}
	switch {
	case it.PublishedParsed != nil:
		e.date = *it.PublishedParsed
	case it.UpdatedParsed != nil:
		e.date = *it.UpdatedParsed
	}
	return e
}

// article handles one article: skipped when seen, else fetched, extracted
// and submitted. It returns an error only when the Seen or the sink fails
// or ctx is done.
func (w *Watcher) article(ctx context.Context, f Feed, e *entry, st *Stats) error {
	if err := w.urls.lock(ctx, e.link); err != nil {
		return err
	}
	defer w.urls.unlock(e.link)
	seen, err := w.seen.SeenURL(ctx, e.link)
	if err != nil {
		return err
	}
	if seen {
		st.DupURL++
		w.settle(f, e)
		return nil
	}
	it, err := w.fetchArticle(ctx, e)
	if err != nil {
		return err
	}
	if it.Err != nil {
		return w.failed(ctx, f, e, it, st)
	}
	hash := store.Hash(it.Text)
	if err := w.hashes.lock(ctx, hash); err != nil {
		return err
	}
	defer w.hashes.unlock(hash)
	if seen, err = w.seen.SeenHash(ctx, hash); err != nil {
		return err
	}
	if seen {
		st.DupHash++
		w.log.Debug("same text as an article seen before", "url", e.link)
		w.settle(f, e)
		return w.seen.MarkURL(ctx, e.link)
	}
	if err := w.sink.Submit(ctx, it); err != nil {
		return fmt.Errorf("submit %s: %w", e.link, err)
	}
	st.New++
	w.settle(f, e)
	if err := w.seen.MarkHash(ctx, hash); err != nil {
		return err
	}
	return w.seen.MarkURL(ctx, e.link)
}

// failed submits a failure item for an article and schedules it to be
// tried again, or gives it up.
func (w *Watcher) failed(ctx context.Context, f Feed, e *entry, it ingest.Item, st *Stats) error {
	n, err := w.seen.MarkFailed(ctx, e.link)
	if err != nil {
		return err
	}
	giveUp := n >= w.o.MaxAttempts
	next := "tried again on the next poll"
	if giveUp {
		next = "given up"
	}
	it.Err = fmt.Errorf("%w (attempt %d of %d; %s)", it.Err, n, w.o.MaxAttempts, next)
	w.log.Warn("article failed", "url", e.link, "feed", f.URL, "attempt", n, "given_up", giveUp, "err", it.Err)
	if err := w.sink.Submit(ctx, it); err != nil {
		return fmt.Errorf("submit the failure of %s: %w", e.link, err)
	}
	st.Failed++
	if giveUp {
		st.GivenUp++
		w.settle(f, e)
		return w.seen.MarkURL(ctx, e.link)
	}
	w.mu.Lock()
	if w.pending[f.URL] == nil {
		w.pending[f.URL] = map[string]*entry{}
	}
	w.pending[f.URL][e.link] = e
	w.mu.Unlock()
	return nil
}

// settle forgets an article as one to try again.
func (w *Watcher) settle(f Feed, e *entry) {
	w.mu.Lock()
	delete(w.pending[f.URL], e.link)
	w.mu.Unlock()
}

// fetchArticle fetches and extracts an article. A fetch or extraction
// failure is the returned item's Err; the error is ctx's.
func (w *Watcher) fetchArticle(ctx context.Context, e *entry) (ingest.Item, error) {
	fail := func(err error) (ingest.Item, error) {
		return ingest.Item{ID: e.link, URL: e.link, Origin: e.link, Title: e.title, Source: e.source,
			Err: fmt.Errorf("%s: %w", e.link, err)}, nil
	}
	h := http.Header{}
	h.Set("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
	resp, err := w.f.get(ctx, e.link, h, w.o.MaxBytes)
	if err != nil {
		if ctx.Err() != nil {
			return ingest.Item{}, ctx.Err()
		}
		return fail(err)
	}
	if resp.code != http.StatusOK {
		return fail(&StatusError{Code: resp.code, Status: resp.status})
	}
	ext := ".html"
	mt, params, _ := mime.ParseMediaType(resp.header.Get("Content-Type"))
	switch {
	case mt == "" || strings.Contains(mt, "html") || strings.HasSuffix(mt, "xml"):
	case mt == "text/plain":
		ext = ".txt"
	default:
		return fail(fmt.Errorf("%w: not an HTML page (content type %s)", ingest.ErrNoText, mt))
	}
	body := toUTF8(resp.body, params["charset"])
	var it ingest.Item
	err = ingest.ReadStream(ctx, bytes.NewReader(body), e.link, ext,
		ingest.Options{MaxBytes: w.o.MaxBytes, DefaultDate: e.date},
		func(x ingest.Item) error { it = x; return nil })
	if err != nil {
		return ingest.Item{}, err
	}
	// The feed has the last word on what the article is and where it
	// came from; the page fills in the title and date the feed lacks.
	it.ID, it.URL, it.Source = e.link, e.link, e.source
	if it.Title == "" {
		it.Title = e.title
	}
	return it, nil
}

// toUTF8 decodes a body the HTTP header says is in a charset other than
// UTF-8. A body that is valid UTF-8, or names no known charset, is left to
// the HTML reader, which reads <meta charset>.
func toUTF8(body []byte, cs string) []byte {
	if cs == "" || utf8.Valid(body) {
		return body
	}
	enc, name := charset.Lookup(cs)
	if enc == nil || name == "utf-8" {
		return body
	}
	if d, err := enc.NewDecoder().Bytes(body); err == nil {
		return d
	}
	return body
}

// keyLock holds one lock per key.
type keyLock struct {
	mu   sync.Mutex
	held map[string]chan struct{}
}

// lock takes key's lock, waiting while another holds it.
func (k *keyLock) lock(ctx context.Context, key string) error {
	for {
		k.mu.Lock()
		if k.held == nil {
			k.held = map[string]chan struct{}{}
		}
		ch, busy := k.held[key]
		if !busy {
			k.held[key] = make(chan struct{})
			k.mu.Unlock()
			return nil
		}
		k.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// unlock releases key's lock.
func (k *keyLock) unlock(key string) {
	k.mu.Lock()
	close(k.held[key])
	delete(k.held, key)
	k.mu.Unlock()
}
