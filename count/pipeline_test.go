package count_test

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/testdoc"
)

// TestSharedSubjectSource: a speech verb coordinated with another verb
// takes that verb's subject as the source of the count it reports.
func TestSharedSubjectSource(t *testing.T) {
	d := testdoc.Run(t, "Kenyan authorities blame the violence on armed gangs and say more than 200 police officers have been killed.", "2021-06-09")
	if len(d.Counts) != 1 {
		t.Fatalf("%d counts", len(d.Counts))
	}
	c := d.Counts[0]
	if c.Kind != "killed" || c.Count != 200 || c.Qualifier != "more_than" {
		t.Errorf("count %+v", c)
	}
	if c.Source == nil || !strings.Contains(d.Slice(c.Source.Span), "Kenyan authorities") {
		t.Errorf("source %+v", c.Source)
	}
}
