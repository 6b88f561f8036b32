package modelfile

import (
	"bytes"
	"compress/gzip"
	"testing"
)

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestRead(t *testing.T) {
	p, ok, err := Read(bytes.NewReader(gz("MAGIC1payload")), "MAGIC1")
	if err != nil || !ok || string(p) != "payload" {
		t.Fatalf("Read = %q, %v, %v", p, ok, err)
	}
	if _, ok, err := Read(bytes.NewReader(gz("OTHERpayload")), "MAGIC1"); ok || err != nil {
		t.Fatalf("wrong magic: ok=%v err=%v", ok, err)
	}
	if _, _, err := Read(bytes.NewReader([]byte("not gzip")), "MAGIC1"); err == nil {
		t.Fatal("no error for data that is not gzip")
	}
}
