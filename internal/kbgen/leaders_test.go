package main

import "testing"

func TestParseLeaders(t *testing.T) {
	tests := []struct {
		text  string
		names []string
		forms [][]string
		since []int
	}{
		{"President Ivan Ivanovich PETROV (since 7 May 2012)", []string{"Ivan Ivanovich Petrov"},
			[][]string{{"ivan ivanovich petrov", "ivan petrov"}}, []int{20120507}},
		{"Prime Minister Ana DE SOUSA (since 25 November 2014); Deputy Prime Ministers Luis ROCHA (since 2 March 2015), Maria COSTA (since March 2015)",
			[]string{"Ana De Sousa", "Luis Rocha", "Maria Costa"}, nil, []int{20141125, 20150302, 20150301}},
		{"Queen ANNE II (since 6 February 1952); represented by Governor General Paul SMITH (since 28 March 2014)",
			[]string{"Queen Anne II", "Paul Smith"}, [][]string{{"queen anne ii", "queen anne"}, {"paul smith"}}, []int{19520206, 20140328}},
		{"President KHALID bin Said Al-Nasir (since 3 November 2004), ruler of the city (since 4 November 2004)",
			[]string{"Khalid bin Said Al-Nasir"}, nil, []int{20041103}},
		{"Prime Minister Sheikh AMINA (since 6 January 2009; reappointed 5 January 2014)", []string{"Sheikh Amina"},
			[][]string{{"sheikh amina"}}, []int{20090106}},
		{"note - the president is both chief of state and head of government", nil, nil, nil},
	}
	for _, tc := range tests {
		got := parseLeaders(tc.text)
		if len(got) != len(tc.names) {
			t.Errorf("%q: %d leaders %+v, want %d", tc.text, len(got), got, len(tc.names))
			continue
		}
		for i, l := range got {
			if l.Name != tc.names[i] || l.Since != tc.since[i] {
				t.Errorf("%q: leader %d = %+v, want %s since %d", tc.text, i, l, tc.names[i], tc.since[i])
			}
			if tc.forms != nil && i < len(tc.forms) && !equalStrings(l.Forms, tc.forms[i]) {
				t.Errorf("%q: forms %q, want %q", tc.text, l.Forms, tc.forms[i])
			}
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
