package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// dialect holds what differs between SQLite and PostgreSQL in the store's
// SQL. Queries are written once, with ? placeholders, and rewritten for
// PostgreSQL ($1, $2, ...) by the db and tx wrappers.
type dialect struct {
	pg bool
}

// rebind rewrites ? placeholders as $n for PostgreSQL. The store's queries
// hold no ? inside string literals. Nothing is cached: many queries are
// built for a batch's size, and rewriting costs far less than the round
// trip.
func (d dialect) rebind(q string) string {
	if !d.pg || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + len(q)/8)
	n := 0
	inStr := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// textMatch is a condition on the documents aliased alias: the document
// matches the full-text query, the one ? parameter, which textArg makes.
func (d dialect) textMatch(alias string) string {
	if d.pg {
		return alias + ".tsv @@ ?::tsquery"
	}
	return alias + ".rid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
}

// textArg turns a user's full-text query into the parameter of textMatch
// and matchList: the query itself for SQLite's FTS5, a tsquery for
// PostgreSQL (see tsquery), so that both read the same syntax.
func (d dialect) textArg(q string) (any, error) {
	if !d.pg {
		return q, nil
	}
	return tsquery(q)
}

// matchList selects the comma-separated rids of the documents matching
// the full-text query ?.
func (d dialect) matchList() string {
	if d.pg {
		return "SELECT coalesce(string_agg(rid::text, ','), '') FROM documents WHERE tsv @@ ?::tsquery"
	}
	return "SELECT coalesce(group_concat(rowid), '') FROM documents_fts WHERE documents_fts MATCH ?"
}

// rowid names a table's row key for paging tables without their own.
func (d dialect) rowid(alias string) string {
	if d.pg {
		return alias + ".rid"
	}
	return alias + ".rowid"
}

// like is the case-insensitive LIKE operator.
func (d dialect) like() string {
	if d.pg {
		return "ILIKE"
	}
	return "LIKE"
}

// state selects the highest event rid and the number of events deleted.
func (d dialect) state() string {
	if d.pg {
		return "SELECT (SELECT coalesce(max(rid), 0) FROM events), (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM event_deletes)"
	}
	return "SELECT (SELECT coalesce(max(rid), 0) FROM events), (SELECT event_deletes FROM counters WHERE id = 1)"
}

// db is a database handle that rewrites queries for its dialect.
type db struct {
	*sql.DB
	d dialect
}

func (x *db) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return x.DB.ExecContext(ctx, x.d.rebind(q), args...)
}

func (x *db) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return x.DB.QueryContext(ctx, x.d.rebind(q), args...)
}

func (x *db) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return x.DB.QueryRowContext(ctx, x.d.rebind(q), args...)
}

func (x *db) BeginTx(ctx context.Context, opts *sql.TxOptions) (*tx, error) {
	t, err := x.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &tx{Tx: t, d: x.d}, nil
}

// tx is a transaction that rewrites queries for its dialect.
type tx struct {
	*sql.Tx
	d dialect
}

func (x *tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return x.Tx.ExecContext(ctx, x.d.rebind(q), args...)
}

func (x *tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return x.Tx.QueryContext(ctx, x.d.rebind(q), args...)
}

func (x *tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return x.Tx.QueryRowContext(ctx, x.d.rebind(q), args...)
}

func (x *tx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return x.Tx.PrepareContext(ctx, x.d.rebind(q))
}
