package export

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/store"
)

type events []store.Event

func (es events) EachEvent(_ context.Context, fn func(store.Event) error) error {
	for _, e := range es {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

var sample = events{
	{DocID: "d1", EventID: "v1", Date: "2012-02-08", Type: "REQUEST", CAMEO: "020", Root: "02", Quad: 1, Goldstein: 3,
		ActorCodes: "RUSGOV", ActorCountries: "RUS", ActorSectors: "GOV", ActorTexts: "Lavrov",
		RecipientCodes: "ARB;USA", RecipientCountries: "ARB;USA", RecipientSectors: ";", RecipientTexts: "the Arab world;the United States",
		Lat: sql.NullFloat64{Float64: 35, Valid: true}, Lon: sql.NullFloat64{Float64: 38.5, Valid: true}, LocationName: "Syria",
		LocationCountry: "SYR", Resolution: "country", Mentions: 3, Articles: 2, Sources: 2, Cluster: 7},
	{DocID: "d1", EventID: "v2", Date: "2012-02-08", Type: "ASSAULT", CAMEO: "190", Root: "19", Negated: true, ActorCodes: "SYRMIL"},
}

func TestFormats(t *testing.T) {
	ctx := context.Background()
	var b bytes.Buffer
	if err := Write(ctx, &b, sample, "cameo-tsv", Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 { // header and two dyads; the negated event left out
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	cells := strings.Split(lines[1], "\t")
	if cells[1] != "20120208" || cells[2] != "RUSGOV" || cells[5] != "ARB" || cells[9] != "020" || cells[11] != "02" || cells[14] != "3" {
		t.Errorf("dyad row %q", cells)
	}
	b.Reset()
	if err := Write(ctx, &b, sample, "plover-jsonl", Options{Negated: true}); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&b)
	var r ploverRecord
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	if r.EventType != "REQUEST" || len(r.Recipient) != 2 || r.CAMEO != "020" || r.Lat == nil || r.NumArticles != 2 {
		t.Errorf("record %+v", r)
	}
	if err := dec.Decode(&r); err != nil || !r.Negated {
		t.Errorf("negated event: %v %+v", err, r)
	}
	for _, f := range []string{"polecat-tsv", "csv"} {
		b.Reset()
		if err := Write(ctx, &b, sample, f, Options{}); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "\n"); n != 2 {
			t.Errorf("%s: %d lines", f, n)
		}
	}
	if err := Write(ctx, &b, sample, "xml", Options{}); err == nil {
		t.Error("no error for an unknown format")
	}
}
