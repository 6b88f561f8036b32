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

// Gaz is the gazetteer built by internal/geogen (GeoNames countries,
// first-level divisions and places of at least 1,000 people), in the format
// of package geo/gazfile; package geo reads it.
//
//go:embed gaz.bin.gz
var Gaz []byte
