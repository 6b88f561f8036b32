// Package natstest runs an embedded NATS server with JetStream for tests, as
// net/http/httptest runs an HTTP server: in process, on a random port, with
// its storage in the test's temporary directory.
package natstest

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server starts a NATS server with JetStream enabled, listening on a random
// local port and storing streams under t.TempDir(), and shuts it down when
// the test ends. Its client URL is s.ClientURL().
func Server(t testing.TB) *server.Server {
	t.Helper()
	return ServerWith(t, &server.Options{})
}

// ServerWith starts a server as Server does, from opts (which it changes):
// the host, port, JetStream and store directory are set unless opts sets
// them; logging and signal handling are off.
func ServerWith(t testing.TB, opts *server.Options) *server.Server {
	t.Helper()
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.Port == 0 {
		opts.Port = -1 // a random free port
	}
	if opts.StoreDir == "" {
		opts.StoreDir = t.TempDir()
	}
	opts.JetStream = true
	opts.NoLog = true
	opts.NoSigs = true
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatalf("natstest: new server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		t.Fatal("natstest: the embedded NATS server did not start within 10 s")
	}
	t.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return s
}
