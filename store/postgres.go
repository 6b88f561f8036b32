package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
)

// openPostgres opens a store in a PostgreSQL database. Any number of
// processes may write to it at once (dyad workers on several machines);
// each document is written in one transaction, under advisory locks on its
// id and content hash, so that storing it twice at once still leaves one.
func openPostgres(ctx context.Context, dsn string, opts []Option) (*Store, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", Describe(dsn), err)
	}
	pool.SetMaxOpenConns(8)
	pool.SetMaxIdleConns(8)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: cannot reach PostgreSQL at %s: %w", Describe(dsn), err)
	}
	d := dialect{pg: true}
	x := &db{DB: pool, d: d}
	s := &Store{db: x, rdb: x, d: d, window: DefaultWindow, ix: newIndex(), actorsMaxStale: ActorsMaxStale}
	for _, o := range opts {
		o(s)
	}
	if err := s.migratePG(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: %s: %w", Describe(dsn), err)
	}
	return s, nil
}

// migrationsPG are the PostgreSQL schema's versions, the same tables and
// columns as migrations (booleans as BOOLEAN, dates compared byte-wise
// with COLLATE "C"), full-text search through a tsvector column of the
// documents, and a sequence counting deleted events. To keep writes cheap
// (each row costs the server its index entries and foreign-key checks,
// and workers write tens of rows a document) it has no foreign keys (put
// deletes a document's rows itself) and only the indexes that writes and
// the API's queries use: event queries run on the in-memory event index,
// and exports read every event anyway.
var migrationsPG = []string{
	`CREATE TABLE documents (
		rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		hash TEXT NOT NULL UNIQUE,
		title TEXT NOT NULL DEFAULT '',
		source TEXT NOT NULL DEFAULT '',
		url TEXT NOT NULL DEFAULT '',
		date TEXT COLLATE "C" NOT NULL DEFAULT '',
		ingested TEXT NOT NULL,
		record TEXT {{COMPRESSION}} NOT NULL,
		tsv tsvector NOT NULL
	);
	CREATE INDEX documents_date ON documents(date);
	CREATE INDEX documents_url ON documents(url);
	CREATE INDEX documents_tsv ON documents USING GIN (tsv);
	CREATE TABLE events (
		rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		doc_id TEXT NOT NULL,
		event_id TEXT NOT NULL,
		date TEXT COLLATE "C" NOT NULL DEFAULT '',
		date_precision TEXT,
		plover_type TEXT NOT NULL,
		plover_mode TEXT NOT NULL DEFAULT '',
		plover_context TEXT NOT NULL DEFAULT '',
		cameo_code TEXT NOT NULL,
		cameo_root TEXT NOT NULL,
		quad INTEGER NOT NULL,
		goldstein DOUBLE PRECISION NOT NULL,
		actor_codes TEXT NOT NULL,
		actor_countries TEXT NOT NULL,
		actor_sectors TEXT NOT NULL,
		actor_texts TEXT NOT NULL,
		recipient_codes TEXT NOT NULL,
		recipient_countries TEXT NOT NULL,
		recipient_sectors TEXT NOT NULL,
		recipient_texts TEXT NOT NULL,
		negated BOOLEAN NOT NULL,
		hypothetical BOOLEAN NOT NULL,
		future BOOLEAN NOT NULL,
		historical BOOLEAN NOT NULL,
		trigger TEXT NOT NULL,
		trigger_start INTEGER NOT NULL DEFAULT -1,
		trigger_end INTEGER NOT NULL DEFAULT -1,
		sentence TEXT NOT NULL,
		source_of_report TEXT NOT NULL DEFAULT '',
		location_name TEXT NOT NULL DEFAULT '',
		location_country TEXT NOT NULL DEFAULT '',
		location_admin1 TEXT NOT NULL DEFAULT '',
		location_geonameid INTEGER NOT NULL DEFAULT 0,
		lat DOUBLE PRECISION,
		lon DOUBLE PRECISION,
		location_resolution TEXT NOT NULL DEFAULT '',
		confidence DOUBLE PRECISION NOT NULL,
		cluster_key TEXT COLLATE "C" NOT NULL,
		cluster BIGINT,
		UNIQUE (doc_id, event_id)
	);
	CREATE INDEX events_cluster_key ON events(cluster_key, date);
	CREATE INDEX events_cluster ON events(cluster);
	CREATE TABLE event_parties (
		event BIGINT NOT NULL,
		role INTEGER NOT NULL,
		country TEXT NOT NULL,
		sector TEXT NOT NULL,
		code TEXT NOT NULL,
		date TEXT COLLATE "C" NOT NULL
	);
	CREATE INDEX event_parties_event ON event_parties(event);
	CREATE TABLE actors (
		doc_id TEXT NOT NULL,
		actor_id TEXT NOT NULL,
		name TEXT NOT NULL,
		country TEXT NOT NULL,
		sector TEXT NOT NULL,
		code TEXT NOT NULL,
		title TEXT NOT NULL,
		mentions INTEGER NOT NULL,
		PRIMARY KEY (doc_id, actor_id)
	);
	CREATE TABLE quotes (
		doc_id TEXT NOT NULL,
		quote_id TEXT NOT NULL,
		text TEXT NOT NULL,
		direct BOOLEAN NOT NULL,
		scare BOOLEAN NOT NULL,
		cue TEXT NOT NULL DEFAULT '',
		speaker TEXT NOT NULL DEFAULT '',
		speaker_code TEXT NOT NULL DEFAULT '',
		rid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
		PRIMARY KEY (doc_id, quote_id)
	);
	CREATE INDEX quotes_speaker ON quotes(speaker_code);
	CREATE TABLE counts (
		doc_id TEXT NOT NULL,
		count_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		count BIGINT NOT NULL,
		qualifier TEXT NOT NULL,
		text TEXT NOT NULL,
		victims TEXT NOT NULL DEFAULT '',
		source TEXT NOT NULL DEFAULT '',
		date TEXT COLLATE "C" NOT NULL DEFAULT '',
		event_id TEXT NOT NULL DEFAULT '',
		rid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
		PRIMARY KEY (doc_id, count_id)
	);
	CREATE INDEX counts_kind ON counts(kind, date);
	CREATE INDEX counts_date ON counts(date);
	CREATE TABLE places (
		doc_id TEXT NOT NULL,
		idx INTEGER NOT NULL,
		text TEXT NOT NULL,
		name TEXT NOT NULL,
		country TEXT NOT NULL,
		admin1 TEXT NOT NULL,
		geonameid INTEGER NOT NULL,
		lat DOUBLE PRECISION,
		lon DOUBLE PRECISION,
		feature TEXT NOT NULL,
		PRIMARY KEY (doc_id, idx)
	);
	CREATE TABLE failures (
		id TEXT PRIMARY KEY,
		error TEXT NOT NULL,
		at TEXT NOT NULL
	);
	CREATE SEQUENCE event_deletes;
	CREATE FUNCTION dyad_event_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		PERFORM nextval('event_deletes');
		RETURN NULL;
	END $$;
	CREATE TRIGGER events_deleted AFTER DELETE ON events FOR EACH ROW EXECUTE FUNCTION dyad_event_deleted();`,
}

// migratePG applies the migrations the database has not seen, holding an
// advisory lock so that workers starting together do not race.
func (s *Store) migratePG(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	const lock = 0x6479616400 // "dyad"
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lock); err != nil {
		return fmt.Errorf("lock schema: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lock)
	if _, err := conn.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS dyad_schema (version INTEGER NOT NULL)"); err != nil {
		return fmt.Errorf("schema version table: %w", err)
	}
	var v int
	if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM dyad_schema").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrationsPG) {
		return fmt.Errorf("schema version %d is newer than this dyad knows (%d)", v, len(migrationsPG))
	}
	// Records are large JSON (about fifteen times their text): compress
	// them with lz4 where the server has it, several times faster than
	// PostgreSQL's default.
	var lz4 bool
	if err := conn.QueryRowContext(ctx, "SELECT count(*) > 0 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)").Scan(&lz4); err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	compression := ""
	if lz4 {
		compression = "COMPRESSION lz4"
	}
	for i := v; i < len(migrationsPG); i++ {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, strings.ReplaceAll(migrationsPG[i], "{{COMPRESSION}}", compression)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO dyad_schema VALUES ($1)", i+1); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}
