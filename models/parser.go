package models

import _ "embed"

// Parser is the dependency parser (package syntax), gzip-compressed; load it
// with syntax.LoadParser or syntax.DefaultParser.
//
//go:embed parser.bin.gz
var Parser []byte
