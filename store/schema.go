package store

import (
	"context"
	"errors"
	"fmt"
)

// migrations are the schema's versions, applied in order; a database
// records the last one applied in user_version.
var migrations = []string{
	// 1: documents, their annotations, failures, full-text search.
	`CREATE TABLE documents (
		rid INTEGER PRIMARY KEY AUTOINCREMENT,
		id TEXT NOT NULL UNIQUE,
		hash TEXT NOT NULL UNIQUE,
		title TEXT NOT NULL DEFAULT '',
		source TEXT NOT NULL DEFAULT '',
		url TEXT NOT NULL DEFAULT '',
		date TEXT NOT NULL DEFAULT '',
		ingested TEXT NOT NULL,
		record TEXT NOT NULL
	);
	CREATE INDEX documents_date ON documents(date);
	CREATE INDEX documents_url ON documents(url);
	CREATE TABLE events (
		rid INTEGER PRIMARY KEY AUTOINCREMENT,
		doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
		event_id TEXT NOT NULL,
		date TEXT NOT NULL DEFAULT '',
		date_precision TEXT,
		plover_type TEXT NOT NULL,
		plover_mode TEXT NOT NULL DEFAULT '',
		plover_context TEXT NOT NULL DEFAULT '',
		cameo_code TEXT NOT NULL,
		cameo_root TEXT NOT NULL,
		quad INTEGER NOT NULL,
		goldstein REAL NOT NULL,
		actor_codes TEXT NOT NULL,
		actor_countries TEXT NOT NULL,
		actor_sectors TEXT NOT NULL,
		actor_texts TEXT NOT NULL,
		recipient_codes TEXT NOT NULL,
		recipient_countries TEXT NOT NULL,
		recipient_sectors TEXT NOT NULL,
		recipient_texts TEXT NOT NULL,
		negated INTEGER NOT NULL,
		hypothetical INTEGER NOT NULL,
		future INTEGER NOT NULL,
		historical INTEGER NOT NULL,
		trigger TEXT NOT NULL,
		trigger_start INTEGER NOT NULL DEFAULT -1,
		trigger_end INTEGER NOT NULL DEFAULT -1,
		sentence TEXT NOT NULL,
		source_of_report TEXT NOT NULL DEFAULT '',
		location_name TEXT NOT NULL DEFAULT '',
		location_country TEXT NOT NULL DEFAULT '',
		location_admin1 TEXT NOT NULL DEFAULT '',
		location_geonameid INTEGER NOT NULL DEFAULT 0,
		lat REAL,
		lon REAL,
		location_resolution TEXT NOT NULL DEFAULT '',
		confidence REAL NOT NULL,
		cluster_key TEXT NOT NULL,
		cluster INTEGER,
		UNIQUE (doc_id, event_id)
	);
	CREATE INDEX events_date ON events(date);
	CREATE INDEX events_cluster_key ON events(cluster_key, date);
	CREATE INDEX events_type ON events(plover_type, date);
	CREATE INDEX events_root ON events(cameo_root, date);
	CREATE INDEX events_cluster ON events(cluster);
	CREATE TABLE event_parties (
		event INTEGER NOT NULL REFERENCES events(rid) ON DELETE CASCADE,
		role INTEGER NOT NULL,
		country TEXT NOT NULL,
		sector TEXT NOT NULL,
		code TEXT NOT NULL,
		date TEXT NOT NULL
	);
	CREATE INDEX event_parties_event ON event_parties(event);
	CREATE INDEX event_parties_country ON event_parties(country, role, date);
	CREATE INDEX event_parties_sector ON event_parties(sector, role, date);
	CREATE TABLE actors (
		doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
		actor_id TEXT NOT NULL,
		name TEXT NOT NULL,
		country TEXT NOT NULL,
		sector TEXT NOT NULL,
		code TEXT NOT NULL,
		title TEXT NOT NULL,
		mentions INTEGER NOT NULL,
		PRIMARY KEY (doc_id, actor_id)
	);
	CREATE INDEX actors_code ON actors(code);
	CREATE TABLE quotes (
		doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
		quote_id TEXT NOT NULL,
		text TEXT NOT NULL,
		direct INTEGER NOT NULL,
		scare INTEGER NOT NULL,
		cue TEXT NOT NULL DEFAULT '',
		speaker TEXT NOT NULL DEFAULT '',
		speaker_code TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (doc_id, quote_id)
	);
	CREATE INDEX quotes_speaker ON quotes(speaker_code);
	CREATE TABLE counts (
		doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
		count_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		count INTEGER NOT NULL,
		qualifier TEXT NOT NULL,
		text TEXT NOT NULL,
		victims TEXT NOT NULL DEFAULT '',
		source TEXT NOT NULL DEFAULT '',
		date TEXT NOT NULL DEFAULT '',
		event_id TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (doc_id, count_id)
	);
	CREATE INDEX counts_kind ON counts(kind, date);
	CREATE INDEX counts_date ON counts(date);
	CREATE TABLE places (
		doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
		idx INTEGER NOT NULL,
		text TEXT NOT NULL,
		name TEXT NOT NULL,
		country TEXT NOT NULL,
		admin1 TEXT NOT NULL,
		geonameid INTEGER NOT NULL,
		lat REAL,
		lon REAL,
		feature TEXT NOT NULL,
		PRIMARY KEY (doc_id, idx)
	);
	CREATE TABLE failures (
		id TEXT PRIMARY KEY,
		error TEXT NOT NULL,
		at TEXT NOT NULL
	);
	CREATE VIRTUAL TABLE documents_fts USING fts5(title, text);
	CREATE TABLE counters (id INTEGER PRIMARY KEY CHECK (id = 1), event_deletes INTEGER NOT NULL);
	INSERT INTO counters VALUES (1, 0);
	CREATE TRIGGER events_deleted AFTER DELETE ON events BEGIN
		UPDATE counters SET event_deletes = event_deletes + 1 WHERE id = 1;
	END;`,
}

// migrate applies the migrations the database has not seen.
func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this dyad knows (%d)", v, len(migrations))
	}
	if v > 0 {
		// Stores written by development builds before schema 1 was final
		// lack its last tables.
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'counters'").Scan(&n); err != nil {
			return fmt.Errorf("read schema: %w", err)
		}
		if n == 0 {
			return errors.New("this store was written by a development build of dyad with an older schema: ingest again into a new file")
		}
	}
	for i := v; i < len(migrations); i++ {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}
