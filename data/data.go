// Package data embeds dyad's generated data files. kb.bin.gz is the
// knowledge base built by internal/kbgen (see kb/README.md); package kb
// parses it.
package data

import _ "embed"

// KB is the knowledge base in the binary format of package
// internal/kbgen/kbfile, gzip-compressed; kbfile.Decode reads it.
//
//go:embed kb.bin.gz
var KB []byte
