package tabari

import (
	"strings"
	"testing"
)

func TestParseCode(t *testing.T) {
	tests := []struct {
		in       string
		code     string
		from, to int
		ok       bool
	}{
		{"RUSGOV", "RUSGOV", 0, 0, true},
		{"RUSGOV 910710-991231", "RUSGOV", 19910710, 19991231, true},
		{"RUSGOV >080507", "RUSGOV", 20080507, 0, true},
		{"EGYGOV > 140608", "EGYGOV", 20140608, 0, true},
		{"USAGOV <061231", "USAGOV", 0, 20061231, true},
		{"AFGELI 19270101-730717", "AFGELI", 19270101, 19730717, true},
		{"KORGOVBUS 2004017-20061201", "", 0, 0, false},
		{"---", "", 0, 0, false},
	}
	for _, tt := range tests {
		c, ok := ParseCode(tt.in)
		if ok != tt.ok || (ok && (c.Code != tt.code || c.From != tt.from || c.To != tt.to)) {
			t.Errorf("ParseCode(%q) = %+v %v", tt.in, c, ok)
		}
	}
}

func TestParseTabari(t *testing.T) {
	src := "# comment\nBORIS_YELTSIN_  # CountryInfo.txt\nBORIS_N._YELTSIN\n+YELTSIN_\n\t[RUSGOV 910710-991231]\n\t[RUSELI]\nU.N._\n\nIMF_\t[IGOBUSIMF]# note\n+INTERNATIONAL_MONETARY_FUND\n"
	var st Stats
	bs, err := Parse(strings.NewReader(src), "a.txt", &st)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || len(bs[0].Names) != 3 || len(bs[0].Codes) != 2 || len(bs[1].Names) != 2 || st.Uncoded != 1 {
		t.Fatalf("blocks %+v stats %+v", bs, st)
	}
	if got := WrittenCase("AL-QAEDA IN IRAQ", false); got != "al-Qaeda in Iraq" {
		t.Errorf("writtenCase = %q", got)
	}
}
