package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/dyad-events/dyad/ingest"
)

// storeFlags are the flags that name the store a command works on: an
// SQLite file or a PostgreSQL database.
type storeFlags struct {
	db, postgres string
}

func (s *storeFlags) register(f *pflag.FlagSet) {
	f.StringVar(&s.db, "db", "", "SQLite database `FILE`")
	f.StringVar(&s.postgres, "postgres", os.Getenv("DYAD_POSTGRES"), "PostgreSQL database (`DSN`, postgres://user:pass@host/db; default $DYAD_POSTGRES), instead of --db")
}

// target returns what store.Open opens: the file or the DSN.
func (s *storeFlags) target() (string, error) {
	switch {
	case s.db != "" && s.postgres != "":
		return "", usageError{errors.New("give --db FILE or --postgres DSN, not both")}
	case s.db != "":
		return s.db, nil
	case s.postgres != "":
		return s.postgres, nil
	}
	return "", usageError{errors.New("a store is required: --db FILE (SQLite) or --postgres DSN")}
}

// inputOptions are the reading options of the --max-bytes and --date
// flags.
func inputOptions(maxBytes int64, date string) (ingest.Options, error) {
	opt := ingest.Options{MaxBytes: maxBytes}
	if date != "" {
		d, err := ingest.ParseDate(date)
		if err != nil {
			return opt, usageError{fmt.Errorf("--date %q: %w", date, err)}
		}
		opt.DefaultDate = d
	}
	return opt, nil
}
