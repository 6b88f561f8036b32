package gazfile

import (
	"bytes"
	"testing"
)

func TestRoundTripAndErrors(t *testing.T) {
	f := &File{
		Countries: []Country{{A2: "KE", A3: "KEN", Name: "Kenya"}},
		Admin1:    []Admin1{{Code: "KE.05", Name: "Nairobi Area"}},
		Places: Places{GeoID: []int32{184745}, NameText: "Nairobi", NameEnd: []uint32{7}, Lat: []int32{-12833}, Lon: []int32{368167},
			Population: []uint32{2750547}, Country: []uint16{0}, Admin1: []int32{0}, Feature: []uint8{0}, Features: []string{"PPLC"}},
		KeyText: "kenyanairobi", KeyEnd: []uint32{5, 12}, RefFlat: []int32{2, 0}, RefEnd: []uint32{1, 2},
	}
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	g, err := Decode(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if g.Key(1) != "nairobi" || g.Refs(1)[0] != 0 || g.Places.PlaceName(0) != "Nairobi" {
		t.Errorf("decoded %+v", g)
	}
	f.RefFlat[0] = 99 // out of range
	b.Reset()
	if err := Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(b.Bytes()); err == nil {
		t.Error("no error for a ref out of range")
	}
	if _, err := Decode([]byte("not gzip")); err == nil {
		t.Error("no error for garbage")
	}
	if Fold("São  Paulo") != "sao paulo" || Fold("St. Louis") != "st louis" {
		t.Errorf("Fold: %q %q", Fold("São  Paulo"), Fold("St. Louis"))
	}
}
