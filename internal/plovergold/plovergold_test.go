package plovergold

import "testing"

func TestParse(t *testing.T) {
	src := `[
 {"id": "a", "date": "2001-02-03", "event": "AGREE", "text": "{Alpha and Beta agreed.}",
  "source": [{"actorText": "Alpha", "code": "AAA"}, {"actorText": " Beta ", "code": "BBB", "sector": "GOV"}, {"actorText": "", "code": "CCC"}],
  "target": ""},
 {"id": "b", "date": "2001-02-04", "event": "FIGHT", "text": "Gamma fought.", "source": null}
]`
	recs, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Text != "Alpha and Beta agreed." || len(recs[0].Source) != 2 || recs[0].Source[1].Text != "Beta" ||
		recs[0].Source[1].Sector != "GOV" || len(recs[0].Target) != 0 || len(recs[1].Source) != 0 {
		t.Errorf("parsed %+v", recs)
	}
	if _, err := Parse([]byte("{")); err == nil {
		t.Error("no error for bad JSON")
	}
}
