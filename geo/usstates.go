package geo

import "strings"

// usStateAbbrev gives the Associated Press abbreviations of US states, by
// postal code (GeoNames' admin1 code for the US), as datelines and local
// news write them after a town ("Alexandria, La."). Facts of AP style.
var usStateAbbrev = map[string][]string{
	"AL": {"Ala."}, "AZ": {"Ariz."}, "AR": {"Ark."}, "CA": {"Calif.", "Cal."}, "CO": {"Colo."},
	"CT": {"Conn."}, "DE": {"Del."}, "DC": {"D.C."}, "FL": {"Fla."}, "GA": {"Ga."}, "IL": {"Ill."},
	"IN": {"Ind."}, "KS": {"Kan.", "Kans."}, "KY": {"Ky."}, "LA": {"La."}, "MD": {"Md."},
	"MA": {"Mass."}, "MI": {"Mich."}, "MN": {"Minn."}, "MS": {"Miss."}, "MO": {"Mo."},
	"MT": {"Mont."}, "NE": {"Neb.", "Nebr."}, "NV": {"Nev."}, "NH": {"N.H."}, "NJ": {"N.J."},
	"NM": {"N.M.", "N.Mex."}, "NY": {"N.Y."}, "NC": {"N.C."}, "ND": {"N.D."}, "OK": {"Okla."},
	"OR": {"Ore.", "Oreg."}, "PA": {"Pa.", "Penn."}, "RI": {"R.I."}, "SC": {"S.C."}, "SD": {"S.D."},
	"TN": {"Tenn."}, "TX": {"Tex."}, "VT": {"Vt."}, "VA": {"Va."}, "WA": {"Wash."},
	"WV": {"W.Va.", "W. Va."}, "WI": {"Wis.", "Wisc."}, "WY": {"Wyo."},
}

// usStateByAbbrev returns the postal code of the US state an AP
// abbreviation names ("W.Va." or "W. Va." gives "WV"), or "".
func usStateByAbbrev(a string) string {
	a = strings.ReplaceAll(a, " ", "")
	if !strings.HasSuffix(a, ".") {
		return ""
	}
	for code, abs := range usStateAbbrev {
		for _, ab := range abs {
			if strings.ReplaceAll(ab, " ", "") == a {
				return code
			}
		}
	}
	return ""
}
