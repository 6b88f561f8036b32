// Package pipeline assembles dyad's stages and runs them over documents,
// concurrently across documents and in order within each one.
package pipeline

import (
	"context"

	"github.com/dyad-events/dyad/doc"
)

// Stage is one step of the pipeline. A stage reads the layers earlier stages
// added to a Document and adds its own. Stages hold only read-only data after
// construction, so one Stage value serves many goroutines at once.
type Stage interface {
	// Name is a short lower-case name such as "text" or "events".
	Name() string
	// Process annotates d. It returns an error only when the document cannot
	// be processed at all; problems with parts of it become d.Warnings.
	Process(ctx context.Context, d *doc.Document) error
}
