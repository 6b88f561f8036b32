package when

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/dyad-events/dyad/doc"
)

var valueRE = regexp.MustCompile(`^(\d{4}(-\d{2}(-\d{2})?)?)?$`)

func FuzzProcess(f *testing.F) {
	for _, s := range []string{
		"Police fired tear gas on Wednesday, Feb. 8, 2012, officials said.",
		"The 11-month crackdown ended in mid-2011; talks will resume next Monday.",
		"Yesterday morning, 3 March 2011 and 2012-02-08 and the 3rd of May.",
		"May the 4th be with you. March 3,000 people. Feb. 29 1999",
		"two days ago a week ago since 1990 earlier this week last weekend on the 8th",
		"Monday’s vote\u00a0on Sept. 30, 2011—and won't happen until Dec.",
		"\xff\xfe 2012-13-45 Jan. 99, 2012 – 1999-",
	} {
		f.Add(s, int64(1328659200))
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, text string, pubUnix int64) {
		d := doc.New("f", text)
		if pubUnix != 0 {
			d.Date = time.Unix(pubUnix%(1<<36), 0).UTC()
		}
		if err := New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		prev := 0
		for _, tx := range d.Timexes {
			if tx.Start < prev || tx.End <= tx.Start || tx.End > len(text) {
				t.Fatalf("bad span %+v after %d in %q", tx.Span, prev, text)
			}
			prev = tx.End
			if !valueRE.MatchString(tx.Value) {
				t.Fatalf("bad value %q", tx.Value)
			}
			switch tx.Precision {
			case Day, Month, Year:
			default:
				t.Fatalf("bad precision %q", tx.Precision)
			}
			switch tx.Relation {
			case On, Before, After:
			default:
				t.Fatalf("bad relation %q", tx.Relation)
			}
			if tx.Value != "" && len(tx.Value) != map[string]int{Day: 10, Month: 7, Year: 4}[tx.Precision] {
				t.Fatalf("value %q does not match precision %q", tx.Value, tx.Precision)
			}
			if tx.Start >= 0 && tx.Start < len(d.Timexes) {
				_ = Nearest(d, 0, tx.Span)
			}
		}
		_ = Nearest(d, 0, doc.Span{Start: len(text) / 2, End: len(text) / 2})
	})
}
