// Command dyad reads news and writes political event data: who did what to
// whom, when and where, who said what, and how many were killed, injured or
// arrested, each fact tied to the words that support it.
//
// Run "dyad help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// errFailed reports that some documents failed; their error records are in
// the output, so the message has already been given.
var errFailed = errors.New("some documents failed")

// usageError marks errors in how dyad was called (exit status 2).
type usageError struct{ error }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRoot()
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
	case errors.Is(err, errFailed):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "dyad:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "dyad",
		Short: "dyad codes political events, quotes and casualty counts from news text",
		Long: `dyad reads news articles and writes political event data: who did what to whom,
when and where (CAMEO and PLOVER), who said what, and how many were killed,
injured or arrested, each fact tied to the words in the article that support it.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	root.AddCommand(newExtract(), newIngest(), newExport(), newServe(), newEval(), newBench(), newBenchStore(), newTrain(), newActor(), newWatch(), newSubmit(), newWorker())
	return root
}
