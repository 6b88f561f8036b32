package models

import _ "embed"

// Tagger is the part-of-speech tagger and lemmatizer (package syntax),
// gzip-compressed; load it with syntax.LoadTagger or syntax.DefaultTagger.
//
//go:embed tagger.bin.gz
var Tagger []byte
