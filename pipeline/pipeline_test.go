package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad/doc"
)

type sleepStage struct{}

func (sleepStage) Name() string { return "sleep" }
func (sleepStage) Process(_ context.Context, d *doc.Document) error {
	time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
	switch d.Text {
	case "panic":
		panic("boom")
	case "fail":
		return errors.New("bad document")
	}
	d.Warn("seen")
	return nil
}

func TestRunKeepsInputOrderAndEveryDocument(t *testing.T) {
	p := New(sleepStage{})
	const n = 500
	for _, workers := range []int{1, 2, 7} {
		i := 0
		next := func() (Job, bool, error) {
			if i == n {
				return Job{}, false, nil
			}
			i++
			id := fmt.Sprint(i - 1)
			switch {
			case i%50 == 0:
				return Job{ID: id, Err: errors.New("unreadable")}, true, nil
			case i%70 == 0:
				return Job{Doc: doc.New(id, "panic")}, true, nil
			case i%90 == 0:
				return Job{Doc: doc.New(id, "fail")}, true, nil
			}
			return Job{Doc: doc.New(id, "ok")}, true, nil
		}
		var got []Result
		err := p.Run(context.Background(), workers, next, func(r Result) error {
			got = append(got, r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("workers=%d: %d results, want %d", workers, len(got), n)
		}
		for k, r := range got {
			id := r.ID
			if r.Doc != nil {
				id = r.Doc.ID
			}
			if id != fmt.Sprint(k) {
				t.Fatalf("workers=%d: result %d has id %s", workers, k, id)
			}
			pos := k + 1
			wantErr := pos%50 == 0 || pos%70 == 0 || pos%90 == 0
			if (r.Err != nil) != wantErr {
				t.Fatalf("workers=%d: result %d err=%v, want error %v", workers, k, r.Err, wantErr)
			}
			if pos%70 == 0 && pos%50 != 0 && !strings.Contains(r.Err.Error(), "stage sleep: internal error") {
				t.Fatalf("panic not converted: %v", r.Err)
			}
		}
	}
}

func TestRunStopsOnEmitError(t *testing.T) {
	p := New(sleepStage{})
	i := 0
	next := func() (Job, bool, error) {
		i++
		return Job{Doc: doc.New(fmt.Sprint(i), "ok")}, true, nil // endless input
	}
	stop := errors.New("disk full")
	n := 0
	err := p.Run(context.Background(), 2, next, func(Result) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want %v", err, stop)
	}
}

func TestRunCancel(t *testing.T) {
	p := New(sleepStage{})
	ctx, cancel := context.WithCancel(context.Background())
	i := 0
	next := func() (Job, bool, error) {
		i++
		if i == 20 {
			cancel()
		}
		return Job{Doc: doc.New(fmt.Sprint(i), "ok")}, true, nil
	}
	err := p.Run(ctx, 2, next, func(Result) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestRunLargeDocumentsDoNotDeadlock(t *testing.T) {
	big := strings.Repeat("x", MaxInFlightBytes+1) // shared by every job: no extra memory
	p := New(sleepStage{})
	i := 0
	next := func() (Job, bool, error) {
		if i == 5 {
			return Job{}, false, nil
		}
		i++
		return Job{Doc: doc.New(fmt.Sprint(i), big)}, true, nil
	}
	n := 0
	if err := p.Run(context.Background(), 3, next, func(Result) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Fatalf("%d results, want 5", n)
	}
}
