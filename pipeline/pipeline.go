package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"golang.org/x/sync/semaphore"

	"github.com/dyad-events/dyad/doc"
)

// Pipeline runs stages in order over a document. It is safe for concurrent
// use when its stages are.
type Pipeline struct {
	stages []Stage
}

// New returns a pipeline of the given stages, run in the order given.
func New(stages ...Stage) *Pipeline {
	return &Pipeline{stages: stages}
}

// Stages returns the names of the pipeline's stages in order.
func (p *Pipeline) Stages() []string {
	names := make([]string, len(p.stages))
	for i, s := range p.stages {
		names[i] = s.Name()
	}
	return names
}

// Process runs every stage over d. A stage that fails or panics stops the
// document with an error naming the stage; a panic never escapes.
func (p *Pipeline) Process(ctx context.Context, d *doc.Document) (err error) {
	for _, s := range p.stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := runStage(ctx, s, d); err != nil {
			return err
		}
	}
	return nil
}

func runStage(ctx context.Context, s Stage, d *doc.Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("stage %s: internal error: %v\n%s", s.Name(), r, debug.Stack())
		}
	}()
	if err := s.Process(ctx, d); err != nil {
		return fmt.Errorf("stage %s: %w", s.Name(), err)
	}
	return nil
}

// Job is one unit of work: a document to process, or an input failure that
// passes through unchanged so that it keeps its place in the output.
type Job struct {
	Doc *doc.Document
	// ID names the input when Doc is nil.
	ID string
	// Err is an input failure; the job is not processed.
	Err error
}

// Result is the outcome of one Job, in input order.
type Result struct {
	Job
}

// MaxInFlightBytes bounds the text of the documents Run holds at once
// (being processed or waiting for their turn to be emitted). A single larger
// document is still processed, alone.
const MaxInFlightBytes = 64 << 20

// Run processes jobs from next on workers goroutines and calls emit with each
// result in input order. next returns false when there are no more jobs.
// At most a small multiple of workers documents, and about MaxInFlightBytes
// of text, are held at once. Run stops at the first error from next or emit,
// or when ctx is cancelled.
func (p *Pipeline) Run(ctx context.Context, workers int, next func() (Job, bool, error), emit func(Result) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type slot struct {
		seq int
		res Result
	}
	window := workers * 4
	jobs := make(chan slot)
	done := make(chan slot, window)
	tokens := make(chan struct{}, window)
	budget := semaphore.NewWeighted(MaxInFlightBytes)
	weight := func(j Job) int64 {
		if j.Doc == nil {
			return 0
		}
		return min(int64(len(j.Doc.Text)), MaxInFlightBytes)
	}

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				if s.res.Err == nil && s.res.Doc != nil {
					if err := p.Process(ctx, s.res.Doc); err != nil {
						s.res.Err = err
					}
				}
				done <- s
			}
		}()
	}

	var feedErr error
	go func() {
		defer close(jobs)
		for seq := 0; ; seq++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			j, ok, err := next()
			if err != nil {
				feedErr = err
				cancel()
				return
			}
			if !ok {
				return
			}
			if w := weight(j); w > 0 {
				if err := budget.Acquire(ctx, w); err != nil {
					return
				}
			}
			select {
			case jobs <- slot{seq: seq, res: Result{j}}:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()

	pending := map[int]Result{}
	want := 0
	var emitErr error
	for s := range done {
		if emitErr != nil {
			continue // drain
		}
		pending[s.seq] = s.res
		for {
			r, ok := pending[want]
			if !ok {
				break
			}
			delete(pending, want)
			want++
			<-tokens
			err := emit(r)
			if w := weight(r.Job); w > 0 {
				budget.Release(w)
			}
			if err != nil {
				emitErr = err
				cancel()
				break
			}
		}
	}
	if emitErr != nil {
		return emitErr
	}
	if feedErr != nil {
		return feedErr
	}
	return ctx.Err()
}
