package event

import "strings"

// recode gives an event that is announced rather than done its CAMEO
// reading (PLOVER follows it): a cooperative act that is future or
// conditional ("will visit", "would meet", "will release") is an intent
// to cooperate (AGREE, CAMEO 03x); a hostile act that is future or
// conditional ("would blockade", "may halt mediation if...", "will extend
// the curfew") is a threat (THREATEN, CAMEO 13x). It reports false when
// the code stays.
func (l *Lexicon) recode(code Code) (Code, bool) {
	c := code.Code
	var alt string
	switch code.Type {
	case "CONSULT":
		alt = "036"
	case "SUPPORT":
		alt = "032"
	case "AID":
		alt = pick(c, map[string]string{"071": "0331", "072": "0332", "073": "0333", "074": "0334"}, "033")
	case "COOPERATE":
		alt = pick(c, map[string]string{"061": "0311", "062": "0312", "063": "0313", "064": "0314"}, "031")
	case "RETREAT", "CONCEDE":
		alt = pick(c, map[string]string{"081": "0351", "084": "0353", "085": "0354", "086": "0355", "087": "0356", "083": "034"}, "035")
	case "SANCTION":
		alt = pick(c, map[string]string{"161": "1313", "162": "1311", "163": "1312", "164": "134", "165": "135", "166": "136"}, "131")
	case "COERCE":
		alt = pick(c, map[string]string{"1723": "1323", "1724": "1324", "172": "132", "163": "1312", "191": "1381", "192": "1382", "173": "137", "174": "137", "175": "137"}, "131")
	case "ASSAULT":
		alt = pick(c, map[string]string{"18": "1383", "2041": "1385", "2042": "1385", "19": "1384", "20": "1383"}, "138")
	case "PROTEST":
		alt = "133"
	case "MOBILIZE":
		alt = "138"
	default:
		return code, false
	}
	out, ok := l.codes[alt]
	if !ok || out.Type == "" {
		return code, false
	}
	return out, true
}

// pick returns the value of the longest key that prefixes code, or def.
func pick(code string, m map[string]string, def string) string {
	best := ""
	for k := range m {
		if strings.HasPrefix(code, k) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return def
	}
	return m[best]
}
