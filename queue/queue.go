// Package queue distributes extraction over NATS JetStream: a publisher puts
// input documents on a work-queue stream, workers on any number of machines
// pull them, extract them and write the records to a Sink (the store, or a
// results stream that Drain empties into a store), and only then
// acknowledge them.
//
// # Delivery
//
// Delivery is at least once. A worker acknowledges a document after its
// record (or its failure) is durably written, with an acknowledgement the
// server confirms; a worker that dies, hangs or loses its connection before
// that leaves the document unacknowledged, and the server delivers it again
// to another worker once Options.AckWait has passed. A document can
// therefore be extracted and written twice, and the writes are idempotent:
// the store keeps one document per id and per text, a failure is recorded
// only for an id without a record, and the results stream drops a record
// published twice within its duplicate window (Nats-Msg-Id). So each input
// document ends as exactly one stored record or one failure record.
//
// A publisher sets each work message's Nats-Msg-Id to the document id and
// the hash of its text, so that submitting the same document again within
// Options.Duplicates is dropped by the server.
//
// A document whose extraction fails is handed back (NAK, with a delay) and
// tried again, up to Options.MaxDeliver deliveries; after the last one its
// failure is recorded with Sink.Fail and the message is terminated, so that
// a document that always fails (a poison message) cannot block the queue.
//
// # Streams
//
// EnsureStreams creates the two streams: the work queue (Options.Stream,
// subject Options.Subject, work-queue retention: a message is removed once
// acknowledged) and the results stream (Options.ResultsStream, subject
// Options.ResultsSubject, limits retention, kept Options.ResultsMaxAge).
// Every worker shares one durable pull consumer (Options.Consumer) of the
// work queue, so that each message goes to one worker at a time, and Drain
// reads the results through the durable consumer Options.DrainConsumer.
package queue

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of Options.
const (
	DefaultStream         = "DYAD_WORK"
	DefaultSubject        = "dyad.work"
	DefaultResultsStream  = "DYAD_RESULTS"
	DefaultResultsSubject = "dyad.results"
	DefaultConsumer       = "dyad-workers"
	DefaultDrainConsumer  = "dyad-ingest"
	DefaultAckWait        = 2 * time.Minute
	DefaultMaxDeliver     = 5
	DefaultMaxAckPending  = 4096
	DefaultDuplicates     = 2 * time.Minute
	DefaultResultsMaxAge  = 30 * 24 * time.Hour
	DefaultMaxPending     = 256
	DefaultPublishTimeout = 30 * time.Second
	DefaultPublishTries   = 4
)

// Options name the streams and consumers and set how they behave. The zero
// value is ready to use: every zero field takes its default. Publishers,
// workers and Drain that work together must use the same names.
type Options struct {
	// Stream is the work-queue stream (DefaultStream) and Subject its
	// subject (DefaultSubject).
	Stream, Subject string
	// ResultsStream is the stream of extracted records that Drain reads
	// (DefaultResultsStream), ResultsSubject its subject
	// (DefaultResultsSubject).
	ResultsStream, ResultsSubject string
	// ResultsMaxAge is how long the results stream keeps a record
	// (DefaultResultsMaxAge, 30 days): drain it more often than that.
	// Negative keeps records until the stream is purged.
	ResultsMaxAge time.Duration
	// Replicas is how many servers of a cluster hold each stream: 1 on a
	// single server, 3 on a three-node cluster. Zero creates streams with
	// one replica and leaves an existing stream's replicas as they are, so
	// that a worker started with defaults does not shrink a replicated
	// stream.
	Replicas int
	// Duplicates is the window in which the servers drop a message
	// published again with the same Nats-Msg-Id (DefaultDuplicates).
	Duplicates time.Duration

	// Consumer is the durable pull consumer all workers share
	// (DefaultConsumer); DrainConsumer the one Drain reads the results
	// stream with (DefaultDrainConsumer).
	Consumer, DrainConsumer string
	// AckWait is how long the server waits for a worker to acknowledge a
	// message before delivering it again (DefaultAckWait). Workers tell the
	// server a long extraction is in progress, so it bounds how long a dead
	// worker holds its messages, not how long an extraction may take.
	AckWait time.Duration
	// MaxDeliver is how many times a message is delivered before a failure
	// is final (DefaultMaxDeliver).
	MaxDeliver int
	// MaxAckPending bounds the messages delivered to all workers together
	// and not yet acknowledged (DefaultMaxAckPending); each worker holds
	// about WorkerOptions.Batch + 2×Concurrency.
	MaxAckPending int

	// MaxPending bounds a Publisher's publications awaiting the server's
	// acknowledgement (DefaultMaxPending).
	MaxPending int
	// PublishTimeout is how long a publication waits for the server's
	// acknowledgement before it is retried (DefaultPublishTimeout).
	PublishTimeout time.Duration
	// PublishTries is how many times a publication is tried before it
	// fails (DefaultPublishTries). Retrying is safe: the server drops the
	// copies by their Nats-Msg-Id.
	PublishTries int
}

// WithDefaults returns o with its zero fields set to their defaults: the
// names and settings publishers, workers and Drain use.
func (o Options) WithDefaults() Options {
	set := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	setD := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	setI := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&o.Stream, DefaultStream)
	set(&o.Subject, DefaultSubject)
	set(&o.ResultsStream, DefaultResultsStream)
	set(&o.ResultsSubject, DefaultResultsSubject)
	set(&o.Consumer, DefaultConsumer)
	set(&o.DrainConsumer, DefaultDrainConsumer)
	setD(&o.ResultsMaxAge, DefaultResultsMaxAge)
	setD(&o.Duplicates, DefaultDuplicates)
	setD(&o.AckWait, DefaultAckWait)
	setD(&o.PublishTimeout, DefaultPublishTimeout)
	setI(&o.MaxDeliver, DefaultMaxDeliver)
	setI(&o.MaxAckPending, DefaultMaxAckPending)
	setI(&o.MaxPending, DefaultMaxPending)
	setI(&o.PublishTries, DefaultPublishTries)
	return o
}

// ConnectTimeout is how long Connect waits for a first connection.
const ConnectTimeout = 20 * time.Second

// Connect connects to NATS as ConnectContext does, waiting at most
// ConnectTimeout for a first connection.
func Connect(url, name string) (*nats.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), ConnectTimeout)
	defer cancel()
	return ConnectContext(ctx, url, name)
}

// ConnectContext connects to the NATS server or cluster at url, a NATS URL
// or a comma-separated list of them (nats://a:4222,nats://b:4222); name
// names the connection in the servers' monitoring. It retries until a
// server answers or ctx is done, and once connected it reconnects without
// limit, to any server of the cluster, so that a server that dies or
// restarts is survived: publications and acknowledgements pending at that
// moment fail and are retried, or the messages delivered again.
func ConnectContext(ctx context.Context, url, name string) (*nats.Conn, error) {
	if strings.TrimSpace(url) == "" {
		return nil, errors.New("no NATS server: give --nats URL (nats://host:4222)")
	}
	nc, err := nats.Connect(url,
		nats.Name(name),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.ReconnectJitter(500*time.Millisecond, 2*time.Second),
		nats.Timeout(5*time.Second),
		nats.PingInterval(20*time.Second),
		nats.MaxPingsOutstanding(3),
	)
	if err != nil {
		return nil, fmt.Errorf("cannot reach NATS at %s: %w", Redact(url), err)
	}
	status := nc.StatusChanged(nats.CONNECTED, nats.CLOSED)
	defer nc.RemoveStatusListener(status)
	for !nc.IsConnected() {
		select {
		case s := <-status:
			if s == nats.CLOSED {
				return nil, fmt.Errorf("cannot reach NATS at %s: connection closed", Redact(url))
			}
		case <-time.After(100 * time.Millisecond):
			// StatusChanged may have missed a change made before it
			// was registered.
		case <-ctx.Done():
			cause := nc.LastError()
			nc.Close()
			if cause == nil {
				cause = ctx.Err()
			}
			return nil, fmt.Errorf("cannot reach NATS at %s: %w", Redact(url), cause)
		}
	}
	return nc, nil
}

// Redact returns a NATS URL, or a comma-separated list of them, without
// passwords and tokens, for messages and logs.
func Redact(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if u, err := url.Parse(p); err == nil && u.User != nil {
			if _, ok := u.User.Password(); ok {
				p = u.Redacted()
			} else {
				u.User = url.User("xxxxx") // a token
				p = u.String()
			}
		}
		parts[i] = p
	}
	return strings.Join(parts, ",")
}

// EnsureStreams creates the work-queue stream and the results stream that o
// names, or brings existing ones to o's settings: subject, duplicate
// window, the results' maximum age and, when o.Replicas is set, replicas.
// Settings o does not cover (limits an operator set) are kept. A stream
// that exists with another retention policy or storage is an error, as the
// server cannot change those.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, o Options) error {
	o = o.WithDefaults()
	maxAge := o.ResultsMaxAge
	if maxAge < 0 {
		maxAge = 0 // unlimited
	}
	streams := []jetstream.StreamConfig{{
		Name:        o.Stream,
		Description: "dyad: documents waiting for extraction",
		Subjects:    []string{o.Subject},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    o.Replicas,
		Duplicates:  o.Duplicates,
	}, {
		Name:        o.ResultsStream,
		Description: "dyad: extracted records waiting to be stored by dyad ingest --nats",
		Subjects:    []string{o.ResultsSubject},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    o.Replicas,
		Duplicates:  o.Duplicates,
		MaxAge:      maxAge,
	}}
	for i, cfg := range streams {
		if err := ensureStream(ctx, js, cfg, i == 1); err != nil {
			return err
		}
	}
	return nil
}

// ensureStream creates the stream want describes or updates it to want's
// settings; want.Replicas zero keeps an existing stream's replicas, and an
// existing stream's maximum age is kept unless setAge.
func ensureStream(ctx context.Context, js jetstream.JetStream, want jetstream.StreamConfig, setAge bool) error {
	s, err := js.Stream(ctx, want.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		create := want
		if create.Replicas == 0 {
			create.Replicas = 1
		}
		_, err = js.CreateStream(ctx, create)
		if err == nil {
			return nil
		}
		if !errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			return fmt.Errorf("create stream %s: %w", want.Name, err)
		}
		// Another process created it meanwhile: update it as below.
		s, err = js.Stream(ctx, want.Name)
	}
	if err != nil {
		return fmt.Errorf("stream %s: %w", want.Name, err)
	}
	cfg := s.CachedInfo().Config
	if cfg.Retention != want.Retention || cfg.Storage != want.Storage {
		return fmt.Errorf("stream %s exists with %s retention and %s storage, but dyad needs %s and %s: delete it (nats stream rm %s) or give other stream names",
			want.Name, cfg.Retention, cfg.Storage, want.Retention, want.Storage, want.Name)
	}
	upd := cfg
	upd.Subjects = want.Subjects
	upd.Duplicates = want.Duplicates
	if setAge {
		upd.MaxAge = want.MaxAge
	}
	if want.Replicas > 0 {
		upd.Replicas = want.Replicas
	}
	if slices.Equal(upd.Subjects, cfg.Subjects) && upd.Duplicates == cfg.Duplicates &&
		upd.MaxAge == cfg.MaxAge && upd.Replicas == cfg.Replicas {
		return nil
	}
	if _, err := js.UpdateStream(ctx, upd); err != nil {
		return fmt.Errorf("update stream %s: %w", want.Name, err)
	}
	return nil
}
