package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"syscall"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/pipeline"
)

type benchOptions struct {
	runs       int
	workers    int
	date       string
	cpuprofile string
	coding     codingFlags
}

// benchResult is what dyad bench prints.
type benchResult struct {
	Documents int `json:"documents"`
	Words     int `json:"words"`
	Tokens    int `json:"tokens"`
	Runs      int `json:"runs"`
	Workers   int `json:"workers"`
	// WordsPerSecond is the median over runs of words processed per second
	// of wall time; PerCore divides it by the workers.
	WordsPerSecond        float64 `json:"words_per_second"`
	WordsPerSecondPerCore float64 `json:"words_per_second_per_core"`
	// TokensPerSecond counts every token, punctuation included.
	TokensPerSecond float64   `json:"tokens_per_second"`
	DocsPerSecond   float64   `json:"docs_per_second"`
	RunSeconds      []float64 `json:"run_seconds"`
	LoadSeconds     float64   `json:"load_seconds"`
	// PeakRSSBytes is the process's peak resident memory (getrusage), models
	// and input included.
	PeakRSSBytes int64 `json:"peak_rss_bytes"`
	// HeapPeakBytes is the Go runtime's peak heap in use after the runs.
	HeapSysBytes uint64 `json:"heap_sys_bytes"`
	Failed       int    `json:"failed"`
}

func newBench() *cobra.Command {
	var o benchOptions
	c := &cobra.Command{
		Use:   "bench [flags] PATH...",
		Short: "Measure extraction speed and memory over a folder of articles",
		Long: `bench reads every document under PATH into memory, then runs the full
extraction pipeline over all of them --runs times and prints one JSON object:
words per second (median of the runs, and per worker), documents per second,
tokens per second, model load time and peak memory. Reading input is not
timed. Words are tokens holding a letter or digit; tokens include
punctuation.`,
		Example: "  dyad bench --runs 5 --workers 1 ../shared/datasets/bbc_news/bbc/politics",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("bench needs at least one PATH")}
			}
			return runBench(cmd.Context(), o, args, cmd.OutOrStdout())
		},
	}
	f := c.Flags()
	f.IntVar(&o.runs, "runs", 3, "timed runs over the whole input")
	f.IntVar(&o.workers, "workers", 1, "documents processed in parallel")
	f.StringVar(&o.date, "date", "", "publication date (`YYYY-MM-DD`) for documents without one")
	f.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the timed runs to `FILE` (go tool pprof)")
	o.coding.register(f)
	return c
}

func runBench(ctx context.Context, o benchOptions, paths []string, out io.Writer) error {
	if o.runs < 1 || o.workers < 1 {
		return usageError{fmt.Errorf("--runs and --workers must be at least 1")}
	}
	opt := ingest.Options{}
	if o.date != "" {
		d, err := ingest.ParseDate(o.date)
		if err != nil {
			return usageError{fmt.Errorf("--date %q: %w", o.date, err)}
		}
		opt.DefaultDate = d
	}
	var items []ingest.Item
	if err := ingest.Read(ctx, paths, os.Stdin, opt, func(it ingest.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		return err
	}
	start := time.Now()
	p, err := o.coding.pipeline(os.Stderr)
	if err != nil {
		return err
	}
	res := benchResult{Documents: len(items), Runs: o.runs, Workers: o.workers, LoadSeconds: time.Since(start).Seconds()}
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err != nil {
			return fmt.Errorf("create profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("start profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	for r := 0; r < o.runs; r++ {
		i := 0
		words, tokens, failed := 0, 0, 0
		next := func() (pipeline.Job, bool, error) {
			if i == len(items) {
				return pipeline.Job{}, false, nil
			}
			i++
			return jobOf(items[i-1]), true, nil
		}
		t0 := time.Now()
		err := p.Run(ctx, o.workers, next, func(r pipeline.Result) error {
			if r.Err != nil {
				failed++
				return nil
			}
			words += countWords(r.Doc)
			tokens += len(r.Doc.Tokens)
			return nil
		})
		if err != nil {
			return err
		}
		res.RunSeconds = append(res.RunSeconds, time.Since(t0).Seconds())
		res.Words, res.Tokens, res.Failed = words, tokens, failed
	}
	med := median(res.RunSeconds)
	res.WordsPerSecond = float64(res.Words) / med
	res.WordsPerSecondPerCore = res.WordsPerSecond / float64(o.workers)
	res.TokensPerSecond = float64(res.Tokens) / med
	res.DocsPerSecond = float64(res.Documents) / med
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		res.PeakRSSBytes = ru.Maxrss * 1024 // kilobytes on Linux
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	res.HeapSysBytes = ms.HeapSys
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

func countWords(d *doc.Document) int {
	n := 0
	for i := range d.Tokens {
		for _, r := range d.TokenText(i) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
				break
			}
		}
	}
	return n
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
