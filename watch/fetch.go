package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dyad-events/dyad/ingest"
)

// StatusError is an HTTP answer other than success.
type StatusError struct {
	// Code and Status are the response's status code and line ("404 Not
	// Found").
	Code   int
	Status string
	// RetryAfter is the wait the server asked for with Retry-After, or 0.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	s := "HTTP " + e.Status
	if e.Status == "" {
		s = fmt.Sprintf("HTTP %d", e.Code)
	}
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (the server asks to retry after %s)", e.RetryAfter)
	}
	return s
}

// retryable reports whether a request that got this status is worth
// repeating: rate limiting and server errors.
func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code >= 500
}

// fetcher makes polite HTTP GET requests: a bounded number at once, spaced
// per host, retried with backoff on network errors and retryable statuses,
// and never before the time a 429 or 503 Retry-After asked for.
type fetcher struct {
	client        *http.Client
	userAgent     string
	sem           chan struct{}
	hostDelay     time.Duration
	retries       int
	backoff       time.Duration
	maxBackoff    time.Duration
	maxRetryAfter time.Duration
	now           func() time.Time
	sleep         func(context.Context, time.Duration) error
	log           *slog.Logger

	mu   sync.Mutex
	next map[string]time.Time // host: earliest start of its next request
}

// response is a fetched answer with its body read.
type response struct {
	code   int
	status string
	header http.Header
	body   []byte
}

// get fetches u with the given extra headers, reading at most limit bytes
// of the body (a larger body is an error wrapping ingest.ErrTooLarge). It
// returns the response for any status that is not retryable, or once the
// retries are spent, the last error.
func (f *fetcher) get(ctx context.Context, u string, header http.Header, limit int64) (*response, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, fmt.Errorf("bad URL: %w", err)
	}
	host := strings.ToLower(pu.Host)
	var notBefore time.Time
	for attempt := 0; ; attempt++ {
		if err := f.wait(ctx, host, notBefore); err != nil {
			return nil, err
		}
		resp, err := f.do(ctx, u, header, limit)
		var wait time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if errors.Is(err, ingest.ErrTooLarge) {
				return nil, err
			}
		case retryable(resp.code):
			se := &StatusError{Code: resp.code, Status: resp.status}
			if ra, ok := retryAfter(resp.header.Get("Retry-After"), f.now()); ok {
				se.RetryAfter = ra
				if ra > f.maxRetryAfter {
					return nil, se
				}
				wait = ra
				if resp.code == http.StatusTooManyRequests || resp.code == http.StatusServiceUnavailable {
					// The whole host asked for a pause, not just this URL.
					f.hold(host, f.now().Add(ra))
				}
			}
			err = se
		default:
			return resp, nil
		}
		if attempt >= f.retries {
			if attempt > 0 {
				return nil, fmt.Errorf("%w, after %d requests", err, attempt+1)
			}
			return nil, err
		}
		if wait == 0 {
			wait = f.backoffFor(attempt)
		}
		f.log.Debug("retrying", "url", u, "attempt", attempt+1, "wait", wait, "err", err)
		notBefore = f.now().Add(wait)
	}
}

// do makes one request.
func (f *fetcher) do(ctx context.Context, u string, header http.Header, limit int64) (*response, error) {
	select {
	case f.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-f.sem }()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", f.userAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	r := &response{code: resp.StatusCode, status: resp.Status, header: resp.Header}
	if resp.StatusCode != http.StatusOK {
		// Only a success's body is used; drain a little so that the
		// connection can be reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return r, nil
	}
	if resp.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	r.body, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading the body: %w", err)
	}
	if int64(len(r.body)) > limit {
		return nil, tooLarge(limit)
	}
	return r, nil
}

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: over the limit of %d bytes", ingest.ErrTooLarge, limit)
}

// wait blocks until a request to host may start, and no earlier than
// notBefore, and books the host for the next request hostDelay later.
func (f *fetcher) wait(ctx context.Context, host string, notBefore time.Time) error {
	f.mu.Lock()
	now := f.now()
	start := now
	if t := f.next[host]; t.After(start) {
		start = t
	}
	if notBefore.After(start) {
		start = notBefore
	}
	f.next[host] = start.Add(f.hostDelay)
	f.mu.Unlock()
	if d := start.Sub(now); d > 0 {
		return f.sleep(ctx, d)
	}
	return nil
}

// hold keeps every request to host from starting before t.
func (f *fetcher) hold(host string, t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t.After(f.next[host]) {
		f.next[host] = t
	}
}

// backoffFor returns the wait before retry attempt+1: the base backoff
// doubled per attempt, capped, with random jitter of up to half.
func (f *fetcher) backoffFor(attempt int) time.Duration {
	d := f.backoff << min(attempt, 20)
	if d > f.maxBackoff || d <= 0 {
		d = f.maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(min(n, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
