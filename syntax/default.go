package syntax

import (
	"bytes"
	"sync"

	"github.com/dyad-events/dyad/models"
)

var defaultTagger = sync.OnceValues(func() (*Tagger, error) {
	return LoadTagger(bytes.NewReader(models.Tagger))
})

// DefaultTagger returns the tagger embedded in package models, loading it on
// first use. Every call returns the same Tagger.
func DefaultTagger() (*Tagger, error) { return defaultTagger() }
