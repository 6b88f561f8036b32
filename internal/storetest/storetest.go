// Package storetest gives tests the stores to run on: a fresh SQLite file
// and, when DYAD_TEST_POSTGRES names a PostgreSQL database, a fresh schema
// in it.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
)

// EachBackend runs fn on a fresh SQLite file and, when DYAD_TEST_POSTGRES
// names a PostgreSQL database (as .ci/run sets it), on a fresh schema of
// that database. fn gets a target for Open; opening it again gives the same
// store.
func EachBackend(t *testing.T, fn func(t *testing.T, target string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "s.db")) })
	dsn := os.Getenv("DYAD_TEST_POSTGRES")
	if dsn == "" {
		return
	}
	t.Run("postgres", func(t *testing.T) { fn(t, PGSchema(t, dsn)) })
}

// PGSchema creates an empty schema in the database dsn names, dropped when
// the test ends, and returns a DSN whose search path is that schema.
func PGSchema(t testing.TB, dsn string) string {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("dyad_test_%d", rand.Uint64()%1e12)
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("DYAD_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), "DROP SCHEMA "+name+" CASCADE") })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
