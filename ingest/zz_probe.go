package ingest

import (
	_ "github.com/go-shiori/go-readability"
	_ "github.com/markusmobius/go-trafilatura"
	_ "golang.org/x/net/html/charset"
	_ "golang.org/x/text/encoding/unicode"
)
