package kbfile

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
)

func sample() *File {
	return &File{
		Version: Version,
		Sources: []string{"curated", "iso-codes"},
		Countries: []Country{
			{A3: "RUS", A2: "RU", Name: "Russia", ISOName: "Russian Federation", GeoID: 2017370,
				Capital: "Moscow", CapGeoID: 524901, Lat: 55.75222, Lon: 37.61556},
			{A3: "ATA", A2: "AQ", Name: "Antarctica", Lat: math.Inf(-1), Lon: -0.0},
		},
		Names: []Name{
			{Kind: "country", Name: "Russia", Forms: []string{"Russia", "Russian Federation"}, Country: "RUS", Code: "RUS", Src: 1},
			{Kind: "seat", Name: "Kremlin", Forms: []string{"the Kremlin", "Kremlin"}, Country: "RUS", Sector: "GOV", Code: "RUSGOV"},
			{Kind: "igo", Name: "UN Security Council", Forms: []string{"UN Security Council"}, Country: "IGO",
				Sector: "UNO", Code: "IGOUNO", Organ: "Security Council", Src: -3},
			{Kind: "org", Name: "Nameless"},
		},
		Persons: []Person{
			{Name: "Vladimir Putin", Forms: []string{"vladimir putin", "putin"}, Codes: []Code{
				{Code: "RUSELI", To: 19990809}, {Code: "RUSGOV", From: 19990810}, {Code: "RUSELI"}}},
			{Name: "Erdoğan", Forms: []string{"erdoğan"}},
		},
		Nouns: []Noun{
			{Lemma: "president", Sector: "GOV", Title: true},
			{Lemma: "soldiers", Sector: "MIL", Group: true, Src: 2},
			{Lemma: "foreign minister", Sector: "GOV", Title: true, Group: true},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		f    *File
	}{
		{"empty", &File{Version: Version}},
		{"version zero", &File{Sources: []string{"x"}}},
		{"sample", sample()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Encode(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			want := *tt.f
			want.Version = Version
			if !reflect.DeepEqual(got, &want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, &want)
			}
			b2, err := Encode(got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, b2) {
				t.Error("re-encoding gives other bytes")
			}
			raw, err := encodeRaw(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := Decode(raw); err != nil || !reflect.DeepEqual(got, &want) {
				t.Errorf("uncompressed: %v", err)
			}
		})
	}
}

func TestDecodeSlicesAreCapped(t *testing.T) {
	f, err := Decode(mustEncode(t, sample()))
	if err != nil {
		t.Fatal(err)
	}
	_ = append(f.Names[0].Forms, "extra")
	if f.Names[1].Forms[0] != "the Kremlin" {
		t.Errorf("appending to one name's forms changed the next: %q", f.Names[1].Forms)
	}
}

func mustEncode(t testing.TB, f *File) []byte {
	t.Helper()
	b, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodeErrors(t *testing.T) {
	if _, err := Encode(nil); err == nil {
		t.Error("nil File encoded")
	}
	if _, err := Encode(&File{Version: 1}); err == nil {
		t.Error("version 1 encoded")
	}
}

func TestDecodeErrors(t *testing.T) {
	raw, err := encodeRaw(sample())
	if err != nil {
		t.Fatal(err)
	}
	v3 := bytes.Clone(raw)
	v3[len(magic)] = 3
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "bad magic"},
		{"json", []byte(`{"version":1}`), "JSON"},
		{"version", v3, "version 3"},
		{"truncated", raw[:len(raw)-1], ""},
		{"trailing", append(bytes.Clone(raw), 0), ""},
		{"header only", raw[:len(magic)+1], "header"},
		{"bad gzip", []byte{0x1f, 0x8b, 1, 2, 3}, "decompressing"},
		{"gzip of garbage", mustGzip(t, []byte("garbage")), "bad magic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.in)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to mention %q", err, tt.want)
			}
		})
	}
	// Every truncation fails cleanly.
	for i := range raw {
		if _, err := Decode(raw[:i]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", i)
		}
	}
}

func mustGzip(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzipWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzDecode(f *testing.F) {
	for _, file := range []*File{sample(), {}} {
		raw, err := encodeRaw(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("DYADKB\x00\x02\x01\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := decodeRaw(b)
		if err != nil {
			return
		}
		// What decodes re-encodes to data that decodes to the same File.
		raw, err := encodeRaw(file)
		if err != nil {
			t.Fatal(err)
		}
		again, err := decodeRaw(raw)
		if err != nil {
			t.Fatalf("re-encoded data: %v", err)
		}
		raw2, err := encodeRaw(again)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(raw, raw2) {
			t.Fatal("decoding and re-encoding is not stable")
		}
	})
}
