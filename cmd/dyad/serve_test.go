package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeShutsDownGracefully starts the server, uses it, and stops it as
// SIGTERM would: the request in flight finishes, then runServe returns.
func TestServeShutsDownGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var log bytes.Buffer
	o := serveOptions{store: storeFlags{db: filepath.Join(t.TempDir(), "s.db")}, addr: "127.0.0.1:0", maxBytes: 1 << 20, timeout: time.Minute, workers: 1}
	go func() { done <- runServe(ctx, o, &log, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("server not ready")
	}
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("healthz: %d %s", code, body)
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, "<html") {
		t.Errorf("UI: %d %.100s", code, body)
	}
	// A request in flight when the server is told to stop still gets its
	// answer: its body is still being sent when shutdown begins.
	pr, pw := io.Pipe()
	answer := make(chan int, 1)
	go func() {
		resp, err := http.Post("http://"+addr+"/api/extract?date=2020-01-01", "text/plain", pr)
		if err != nil {
			answer <- -1
			return
		}
		resp.Body.Close()
		answer <- resp.StatusCode
	}()
	sentence := "The president of Kenya met the president of Uganda in Kampala. "
	io.WriteString(pw, sentence)
	time.Sleep(200 * time.Millisecond)
	cancel()
	time.Sleep(100 * time.Millisecond)
	io.WriteString(pw, strings.Repeat(sentence, 50))
	pw.Close()
	if code := <-answer; code != 200 {
		t.Errorf("request in flight during shutdown: %d", code)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("runServe: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("server did not stop")
	}
	if !strings.Contains(log.String(), "stopped") {
		t.Errorf("log: %s", log.String())
	}
}
