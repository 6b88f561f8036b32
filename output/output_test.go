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

func TestDyads(t *testing.T) {
	d := doc.New("d1", "Alpha and Beta met. Gamma attacked Delta and Epsilon. Zeta spoke.")
	d.Sentences = []doc.Sentence{{Span: doc.Span{Start: 0, End: 19}}}
	p := func(s string, country string) doc.Participant {
		i := strings.Index(d.Text, s)
		return doc.Participant{Span: doc.Span{Start: i, End: i + len(s)}, Country: country}
	}
	d.Events = []doc.Event{
		{ID: "v1", Actor: []doc.Participant{p("Alpha", "AAA"), p("Beta", "BBB")}},
		{ID: "v2", Actor: []doc.Participant{p("Gamma", "GGG")}, Recipient: []doc.Participant{p("Delta", "DDD"), p("Epsilon", "EEE")}},
		{ID: "v3", Actor: []doc.Participant{p("Zeta", "ZZZ")}},
	}
	var b strings.Builder
	w, err := NewWriter("dyads", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteDoc(&b, d); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	var pairs []string
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != len(DyadColumns) {
			t.Fatalf("row has %d cells, want %d: %q", len(f), len(DyadColumns), l)
		}
		pairs = append(pairs, f[1]+":"+f[3]+">"+f[7])
	}
	want := []string{"v1:AAA>BBB", "v1:BBB>AAA", "v2:GGG>DDD", "v2:GGG>EEE", "v3:ZZZ>"}
	if strings.Join(pairs, " ") != strings.Join(want, " ") {
		t.Errorf("pairs %q, want %q", pairs, want)
	}
}
