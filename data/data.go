// Package data embeds dyad's generated data files. kb.json.gz is the
// knowledge base built by internal/kbgen (see kb/README.md); package kb
// parses it.
package data

import _ "embed"

// KB is the gzip-compressed JSON knowledge base in the format of package
// internal/kbgen/kbfile.
//
//go:embed kb.json.gz
var KB []byte
