package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/doc"
)

func sample() *doc.Document {
	d := doc.New("d1", "Iran\trejected\nthe offer.")
	d.Sentences = []doc.Sentence{{Span: doc.Span{Start: 0, End: len(d.Text)}}}
	d.Actors = []doc.Actor{{ID: "a1", Country: "IRN", Code: "IRN"}}
	d.Events = []doc.Event{{ID: "v1", Trigger: doc.Span{Start: 5, End: 13}, PLOVER: doc.PLOVER{Type: "REJECT"},
		CAMEO: doc.CAMEO{Code: "120", Root: "12", Quad: 3, Goldstein: -4},
		Actor: []doc.Participant{{Actor: "a1", Span: doc.Span{Start: 0, End: 4}, Country: "IRN"}}}}
	return d
}

func TestTSV(t *testing.T) {
	w, err := NewWriter("tsv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := w.WriteDoc(&b, sample()); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteError(&b, "bad.txt", errors.New("bad.txt: binary\tfile")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want header, event, error:\n%s", len(lines), b.String())
	}
	for i, l := range lines {
		if n := len(strings.Split(l, "\t")); n != len(TSVColumns) {
			t.Errorf("line %d has %d cells, want %d", i, n, len(TSVColumns))
		}
	}
	ev := strings.Split(lines[1], "\t")
	if ev[5] != "120" || ev[9] != "IRN" || ev[19] != "rejected" || ev[20] != "Iran rejected the offer." {
		t.Errorf("event row %q", ev)
	}
}

func TestTSVEmptyHasHeader(t *testing.T) {
	w, _ := NewWriter("tsv", Options{})
	var b bytes.Buffer
	w.Close(&b)
	if b.String() != strings.Join(TSVColumns, "\t")+"\n" {
		t.Errorf("empty output %q", b.String())
	}
}

func TestJSON(t *testing.T) {
	w, _ := NewWriter("json", Options{})
	var b bytes.Buffer
	w.WriteDoc(&b, sample())
	w.WriteError(&b, "x", errors.New("x: empty document"))
	dec := json.NewDecoder(&b)
	var rec map[string]any
	if err := dec.Decode(&rec); err != nil || rec["id"] != "d1" {
		t.Fatalf("record %v, %v", rec, err)
	}
	var e map[string]any
	if err := dec.Decode(&e); err != nil || e["error"] != "x: empty document" || len(e) != 2 {
		t.Fatalf("error record %v, %v", e, err)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := NewWriter("xml", Options{}); err == nil {
		t.Error("no error for an unknown format")
	}
}
