package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad/internal/storetest"
	"github.com/dyad-events/dyad/queue"
)

// natsNodeMain runs one node of a JetStream cluster in this process, as
// the environment describes it, until the process is killed. Tests start
// nodes as child processes (the test binary with DYAD_TEST_NATS_NODE=1) so
// that they can kill one with SIGKILL.
func natsNodeMain() {
	env := func(k string) string { return os.Getenv("DYAD_NATS_" + k) }
	port, _ := strconv.Atoi(env("PORT"))
	cport, _ := strconv.Atoi(env("CLUSTER_PORT"))
	opts := &server.Options{
		ServerName: env("NAME"),
		Host:       "127.0.0.1",
		Port:       port,
		JetStream:  true,
		StoreDir:   env("STORE"),
		Cluster:    server.ClusterOpts{Name: "dyad-test", Host: "127.0.0.1", Port: cport},
		Routes:     server.RoutesFromStr(env("ROUTES")),
		NoSigs:     true,
	}
	s, err := server.NewServer(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "nats node:", err)
		os.Exit(1)
	}
	s.Start()
	if !s.ReadyForConnections(30 * time.Second) {
		fmt.Fprintln(os.Stderr, "nats node: not ready")
		os.Exit(1)
	}
	fmt.Println("ready")
	select {}
}

// freePorts returns n TCP ports free on the loopback interface.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// child is a process the test started; its output goes to a log file.
// done is closed when it has exited, with its error in err.
type child struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

func startChild(t *testing.T, dir, name string, env []string, args ...string) *child {
	t.Helper()
	logPath := filepath.Join(dir, name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	c := exec.Command(os.Args[0], args...)
	c.Env = append(os.Environ(), env...)
	c.Stdout, c.Stderr = f, f
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	ch := &child{name: name, cmd: c, log: logPath, done: make(chan struct{})}
	go func() {
		ch.err = c.Wait()
		f.Close()
		close(ch.done)
	}()
	t.Cleanup(func() {
		c.Process.Kill()
		<-ch.done
	})
	return ch
}

func (c *child) tail() string {
	b, _ := os.ReadFile(c.log)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return c.name + ":\n  " + strings.Join(lines, "\n  ")
}

// clusterText is a generated article of about 150 words: who met or
// condemned whom, a quote, a count. Every one is different.
func clusterText(i int) string {
	countries := []string{"Kenya", "Uganda", "Peru", "Chile", "Norway", "Japan", "Ghana", "Nepal", "Brazil", "Canada", "Egypt", "India"}
	a, b := countries[i%len(countries)], countries[(i/len(countries)+i+1)%len(countries)]
	var sb strings.Builder
	fmt.Fprintf(&sb, "The foreign minister of %s met the president of %s on Monday to discuss trade and border security, officials said in report %d.\n\n", a, b, i)
	fmt.Fprintf(&sb, "\"We have agreed to keep talking,\" the minister told reporters after the meeting in the capital of %s.\n\n", b)
	fmt.Fprintf(&sb, "Police in %s arrested %d protesters who had gathered outside parliament, according to local officials. ", a, 10+i%90)
	fmt.Fprintf(&sb, "At least %d people were injured when officers used tear gas, the interior ministry said.\n\n", 2+i%7)
	fmt.Fprintf(&sb, "The opposition in %s condemned the arrests and urged the government to release the protesters before the vote next month. ", a)
	fmt.Fprintf(&sb, "Observers from %s said the talks were a step forward, while analysts warned that the dispute over the river could flare again.\n", countries[(i+5)%len(countries)])
	return sb.String()
}

// TestClusterExactlyOnce runs dyad on a three-node JetStream cluster with
// PostgreSQL: three workers process 2,000 submitted documents; one worker
// and one NATS node are killed with SIGKILL in mid-run. Every document
// must end up stored exactly once, none lost, no failure recorded.
// It needs PostgreSQL (DYAD_TEST_POSTGRES, as .ci/run sets it).
func TestClusterExactlyOnce(t *testing.T) {
	dsn := os.Getenv("DYAD_TEST_POSTGRES")
	if dsn == "" || testing.Short() {
		t.Skip("needs DYAD_TEST_POSTGRES (a PostgreSQL database; .ci/run starts one)")
	}
	const n = 2000
	dir := t.TempDir()
	target := storetest.PGSchema(t, dsn)

	// Three NATS nodes, routed to each other.
	ports := freePorts(t, 6)
	var urls, routes []string
	for i := range 3 {
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", ports[i]))
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", ports[3+i]))
	}
	var nodes []*child
	for i := range 3 {
		nodes = append(nodes, startChild(t, dir, fmt.Sprintf("nats%d", i+1), []string{
			"DYAD_TEST_NATS_NODE=1",
			"DYAD_NATS_NAME=n" + strconv.Itoa(i+1),
			"DYAD_NATS_PORT=" + strconv.Itoa(ports[i]),
			"DYAD_NATS_CLUSTER_PORT=" + strconv.Itoa(ports[3+i]),
			"DYAD_NATS_ROUTES=" + strings.Join(routes, ","),
			"DYAD_NATS_STORE=" + filepath.Join(dir, fmt.Sprintf("js%d", i+1)),
		}))
	}
	natsURL := strings.Join(urls, ",")

	// Wait for the cluster to elect a JetStream leader and take the
	// streams, replicated on all three nodes.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	nc, err := queue.Connect(natsURL, "cluster-test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	opts := queue.Options{Replicas: 3}
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := queue.EnsureStreams(ctx, js, opts)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			for _, nd := range nodes {
				t.Log(nd.tail())
			}
			t.Fatalf("the cluster never took the streams: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
	}

	// The documents, as JSON Lines.
	input := filepath.Join(dir, "docs.jsonl")
	f, err := os.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i := range n {
		if err := enc.Encode(map[string]string{"id": fmt.Sprintf("doc-%04d", i), "text": clusterText(i), "date": "2024-05-06"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// Three workers, then the documents.
	var workers []*child
	for i := range 3 {
		workers = append(workers, startChild(t, dir, fmt.Sprintf("worker%d", i+1), []string{"DYAD_TEST_MAIN=1"},
			"worker", "--nats", natsURL, "--postgres", target, "--replicas", "3", "--ack-wait", "15s"))
	}
	sub := startChild(t, dir, "submit", []string{"DYAD_TEST_MAIN=1"}, "submit", "--nats", natsURL, "--replicas", "3", input)
	<-sub.done
	if sub.err != nil {
		t.Fatalf("submit: %v\n%s", sub.err, sub.tail())
	}

	db, err := sql.Open("pgx", target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := func() int {
		var c int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&c); err != nil {
			return -1
		}
		return c
	}
	dump := func() {
		for _, c := range append(append([]*child{sub}, workers...), nodes...) {
			t.Log(c.tail())
		}
	}

	// Kill a worker and a NATS node once a fifth is stored.
	for stored() < n/5 {
		if ctx.Err() != nil {
			dump()
			t.Fatalf("only %d documents stored before the kills", stored())
		}
		time.Sleep(100 * time.Millisecond)
	}
	killedAt := stored()
	if err := workers[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := nodes[2].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	t.Logf("killed worker1 and nats3 with %d of %d documents stored", killedAt, n)

	// Everything is stored in the end, and the work queue is empty.
	for {
		if c := stored(); c >= n {
			break
		}
		if ctx.Err() != nil {
			dump()
			t.Fatalf("%d of %d documents stored before the deadline", stored(), n)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var docs, ids, failures int
	if err := db.QueryRowContext(ctx, "SELECT count(*), count(DISTINCT id) FROM documents").Scan(&docs, &ids); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM failures").Scan(&failures); err != nil {
		t.Fatal(err)
	}
	var missing int
	for i := range n {
		var one int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE id = $1", fmt.Sprintf("doc-%04d", i)).Scan(&one); err != nil || one != 1 {
			missing++
		}
	}
	if docs != n || ids != n || missing != 0 || failures != 0 {
		dump()
		t.Fatalf("stored %d documents (%d ids), %d missing, %d failures; want %d, each once", docs, ids, missing, failures, n)
	}
	var events int
	db.QueryRowContext(ctx, "SELECT count(*) FROM events").Scan(&events)
	if events < n {
		t.Errorf("%d events for %d documents that each report a meeting and arrests", events, n)
	}

	// The queue drains: nothing pending or unacknowledged.
	for {
		cons, err := js.Consumer(ctx, opts.WithDefaults().Stream, opts.WithDefaults().Consumer)
		if err == nil {
			info, err := cons.Info(ctx)
			if err == nil && info.NumPending == 0 && info.NumAckPending == 0 {
				break
			}
		}
		if ctx.Err() != nil {
			dump()
			t.Fatal("the work queue never drained")
		}
		time.Sleep(200 * time.Millisecond)
	}

	// The surviving workers stop cleanly on SIGTERM.
	for _, w := range workers[1:] {
		w.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-w.done:
			if w.err != nil {
				t.Errorf("%s: %v\n%s", w.name, w.err, w.tail())
			}
		case <-time.After(30 * time.Second):
			t.Errorf("%s did not stop on SIGTERM", w.name)
		}
	}
}
