package store

import (
	"net/url"
	"strings"
)

// IsPostgres reports whether a store target names a PostgreSQL database
// (a postgres:// or postgresql:// URL) rather than an SQLite file.
func IsPostgres(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// Describe returns a store target fit for logs: a PostgreSQL URL without
// its password.
func Describe(target string) string {
	if !IsPostgres(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "a PostgreSQL database"
	}
	return u.Redacted()
}
