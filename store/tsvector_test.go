package store

import (
	"context"
	"database/sql"
	"os"
	"testing"
)

var tsvectorTexts = []string{
	"Kenya's president met Uganda's president in Nairobi on Monday.",
	"The co-operation pact was signed; officials said growth reached 2.5 percent in 2023.",
	"Émigrés in São Paulo said the \"peace talks\" had failed, again and again and again.",
	"A long-running cease-fire held for 48 hours, the envoy said.",
	"",
	"  --- ... ''' ",
}

func TestTsvectorLiteral(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Kenya met Kenya", "'kenya':1,3 'met':2"},
		{"co-operation works", "'co':2 'co-operation':1 'operation':3 'works':4"},
		{"growth of 2.5 percent", "'2.5':3 'growth':1 'of':2 'percent':4"},
		{"", ""},
	} {
		if got := tsvector(c.text); got != c.want {
			t.Errorf("tsvector(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestTsvectorMatchesPostgres checks the literal against PostgreSQL's own
// to_tsvector('simple', ...) on texts of ordinary prose.
func TestTsvectorMatchesPostgres(t *testing.T) {
	dsn := os.Getenv("DYAD_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("needs DYAD_TEST_POSTGRES")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, text := range tsvectorTexts {
		var same bool
		var pg, ours string
		err := db.QueryRowContext(context.Background(), "SELECT $1::tsvector = to_tsvector('simple', $2), to_tsvector('simple', $2)::text, $1::tsvector::text",
			tsvector(text), text).Scan(&same, &pg, &ours)
		if err != nil {
			t.Fatal(err)
		}
		if !same {
			t.Errorf("%q:\n postgres %s\n dyad     %s", text, pg, ours)
		}
	}
}

func TestTsquery(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"ceasefire", "'ceasefire'"},
		{"Peace talks", "'peace' & 'talks'"},
		{`"peace talks" OR truce`, "('peace' <-> 'talks') | 'truce'"},
		{"war NOT famine", "'war' & !'famine'"},
		{"war -famine", "'war' & !'famine'"},
		{"negot*", "'negot':*"},
		{"co-operation", "('co-operation' <-> 'co' <-> 'operation')"},
		{"it's", "('it' <-> 's')"},
	} {
		got, err := tsquery(c.q)
		if err != nil || got != c.want {
			t.Errorf("tsquery(%q) = %q, %v; want %q", c.q, got, err, c.want)
		}
	}
	for _, q := range []string{"", "  ", "---", "NOT war"} {
		if _, err := tsquery(q); err == nil {
			t.Errorf("tsquery(%q): no error", q)
		}
	}
}
