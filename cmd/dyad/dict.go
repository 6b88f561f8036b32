package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/dyad-events/dyad/kb/dictfile"
	"github.com/dyad-events/dyad/pipeline"
)

// codingFlags are the flags of every command that codes actors.
type codingFlags struct {
	dicts []string
}

func (c *codingFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&c.dicts, "dict", nil, "user actor dictionary `FILE` (dyad TSV, PETRARCH actors or agents format; repeatable, later files win; see docs/dictionaries.md)")
}

// pipeline builds the standard pipeline with the user dictionaries, telling
// stderr about dictionary lines that were skipped.
func (c *codingFlags) pipeline(stderr io.Writer) (*pipeline.Pipeline, error) {
	var o pipeline.Options
	if len(c.dicts) > 0 {
		dicts, warns, err := dictfile.LoadAll(c.dicts)
		if err != nil {
			return nil, err
		}
		for _, w := range warns {
			fmt.Fprintln(stderr, "dyad: warning:", w)
		}
		o.Dicts = dicts
	}
	return pipeline.DefaultWith(o)
}
