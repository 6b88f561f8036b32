package doc

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestOffsetsRune(t *testing.T) {
	tests := []struct {
		text string
	}{
		{"plain ascii text"},
		{"“Quoted,” she said — in Türkiye’s capital."},
		{"日本語 and ascii 🙂 mixed"},
		{""},
	}
	for _, tc := range tests {
		o := NewOffsets(tc.text)
		for b := 0; b <= len(tc.text); b++ {
			if b < len(tc.text) && !utf8.RuneStart(tc.text[b]) {
				continue
			}
			want := utf8.RuneCountInString(tc.text[:b])
			if got := o.Rune(b); got != want {
				t.Errorf("%q: Rune(%d) = %d, want %d", tc.text, b, got, want)
			}
		}
	}
}

func TestRecordOffsetsAreCodePoints(t *testing.T) {
	d := New("x", "“Türkiye” agreed.")
	start := len("“")
	end := start + len("Türkiye")
	d.Entities = []Entity{{ID: "e1", Span: Span{start, end}, Type: "GPE"}}
	r := d.Record(RecordOptions{})
	e := r.Entities[0]
	if e.Start != 1 || e.End != 8 || e.Text != "Türkiye" {
		t.Fatalf("entity = %+v, want code points 1..8 Türkiye", e)
	}
	runes := []rune(r.Text)
	if string(runes[e.Start:e.End]) != e.Text {
		t.Fatalf("slice mismatch")
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
	if r.Date != nil {
		t.Fatalf("date = %v, want null", *r.Date)
	}
}
