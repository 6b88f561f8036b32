// Package modelfile reads the envelope dyad's model files share: gzip
// around a magic string and a binary payload.
package modelfile

import (
	"bytes"
	"compress/gzip"
	"io"
)

// Read decompresses in and returns the payload after magic. ok is false when
// the data is valid gzip but does not start with magic (another kind of
// file); err reports gzip and read errors.
func Read(in io.Reader, magic string) (payload []byte, ok bool, err error) {
	zr, err := gzip.NewReader(in)
	if err != nil {
		return nil, false, err
	}
	defer zr.Close()
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, false, err
	}
	if !bytes.HasPrefix(raw, []byte(magic)) {
		return nil, false, nil
	}
	return raw[len(magic):], true, nil
}
