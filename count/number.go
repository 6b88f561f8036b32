package count

import (
	"math"
	"strconv"
	"strings"
)

// numClass is the part a word plays in a number phrase.
type numClass uint8

const (
	cNone    numClass = iota
	cDigits           // 12, 5,400, 1.5
	cUnit             // one … nineteen, and hyphenated "twenty-five"
	cTens             // twenty … ninety
	cHundred          // hundred
	cScale            // thousand, million, billion, lakh, crore
	cDozen            // dozen, score
	cVague            // dozens, scores, hundreds, thousands, …
	cA                // "a"/"an" before hundred, thousand, dozen …
)

var units = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tens = map[string]float64{
	"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var scales = map[string]float64{
	"thousand": 1e3, "million": 1e6, "billion": 1e9, "lakh": 1e5,
	"lac": 1e5, "crore": 1e7, "mln": 1e6,
}

// vagueUnits are the plural number words. Standing alone they count at
// least two of their unit: "dozens" is at least 24, "hundreds" at least 200.
var vagueUnits = map[string]float64{
	"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100,
	"thousands": 1e3, "millions": 1e6, "lakhs": 1e5, "lacs": 1e5,
	"crores": 1e7,
}

// number is a number phrase found in a sentence.
type number struct {
	start, end int // sentence-local token range
	value      int64
	// vague marks an indefinite plural ("dozens of"), a lower bound.
	vague bool
	// ranged marks a range ("20 to 30"); value is its lower bound.
	ranged bool
	// qual is a qualifier stated after the number ("200 or so").
	qual string
}

// classify returns what word w contributes to a number phrase.
func classify(w string) (numClass, float64) {
	if v, ok := units[w]; ok {
		return cUnit, v
	}
	if v, ok := tens[w]; ok {
		return cTens, v
	}
	if w == "hundred" {
		return cHundred, 100
	}
	if v, ok := scales[w]; ok {
		return cScale, v
	}
	if w == "dozen" {
		return cDozen, 12
	}
	if w == "score" {
		return cDozen, 20
	}
	if v, ok := vagueUnits[w]; ok {
		return cVague, v
	}
	if w == "a" || w == "an" {
		return cA, 1
	}
	if v, ok := parseDigits(w); ok {
		return cDigits, v
	}
	// twenty-five
	if a, b, ok := strings.Cut(w, "-"); ok {
		if t, ok := tens[a]; ok {
			if u, ok := units[b]; ok && u < 10 {
				return cUnit, t + u
			}
		}
	}
	return cNone, 0
}

// parseDigits parses 12, 5,400, 2000 and 1.5. Numbers with a leading zero
// ("0100") and malformed separators are rejected.
func parseDigits(w string) (float64, bool) {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return 0, false
	}
	intPart, frac, hasFrac := strings.Cut(w, ".")
	if hasFrac {
		if frac == "" || !allDigits(frac) {
			return 0, false
		}
	}
	groups := strings.Split(intPart, ",")
	for i, g := range groups {
		if !allDigits(g) || g == "" {
			return 0, false
		}
		if len(groups) > 1 && ((i == 0 && len(g) > 3) || (i > 0 && len(g) != 3)) {
			return 0, false
		}
	}
	digits := strings.Join(groups, "")
	if len(digits) > 1 && digits[0] == '0' {
		return 0, false
	}
	if len(digits) > 13 {
		return 0, false
	}
	s := digits
	if hasFrac {
		s += "." + frac
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// plainYear reports whether w is four plain digits from 1800 to 2099.
func plainYear(w string) bool {
	if len(w) != 4 || !allDigits(w) {
		return false
	}
	v, _ := strconv.Atoi(w)
	return v >= 1800 && v <= 2099
}

// digitRange parses a one-token range such as "20-30".
func digitRange(w string) (lo, hi float64, ok bool) {
	a, b, found := strings.Cut(w, "-")
	if !found {
		a, b, found = strings.Cut(w, "–")
	}
	if !found {
		return 0, 0, false
	}
	lo, ok1 := parseDigits(a)
	hi, ok2 := parseDigits(b)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	return lo, hi, true
}

// numberAt parses the number phrase that starts at token i, without any
// qualifier. It returns false when no number starts there.
func (s *sent) numberAt(i int) (number, bool) {
	n := number{start: i}
	// "20-30" as one token: a range when the second number is larger, else
	// a tally, score or phone number.
	if lo, hi, ok := digitRange(s.low[i]); ok {
		if lo < 1 || hi <= lo || hi >= 1000 && lo >= 100 || lo != math.Trunc(lo) {
			return n, false
		}
		n.end, n.value, n.ranged = i+1, int64(lo), true
		return n, true
	}
	// "200-odd", "200-plus"
	for suf, q := range map[string]string{"-odd": About, "-plus": MoreThan} {
		if v, ok := parseDigits(strings.TrimSuffix(s.low[i], suf)); ok && strings.HasSuffix(s.low[i], suf) && v >= 1 && v == math.Trunc(v) {
			n.end, n.value, n.qual = i+1, int64(v), q
			return n, true
		}
	}
	var total, cur float64
	last := cNone
	j := i
	// "half a million"
	if s.low[j] == "half" && j+2 < s.n && (s.low[j+1] == "a" || s.low[j+1] == "an") {
		if c, v := classify(s.low[j+2]); c == cScale {
			total, last, j = v/2, cScale, j+3
		}
	}
	// "several hundred", "a few thousand": vague multipliers
	if last == cNone && j+1 < s.n {
		mult, skip := 0.0, 0
		switch {
		case s.low[j] == "several":
			mult, skip = 3, 1
		case s.low[j] == "a" && s.low[j+1] == "few" && j+2 < s.n:
			mult, skip = 2, 2
		case s.low[j] == "few":
			mult, skip = 2, 1
		}
		if skip > 0 {
			if c, _ := classify(s.low[j+skip]); c == cHundred || c == cScale || c == cDozen {
				cur, last, j, n.vague = mult, cUnit, j+skip, true
			}
		}
	}
loop:
	for j < s.n {
		w := s.low[j]
		c, v := classify(w)
		switch c {
		case cA:
			if last != cNone || j+1 >= s.n {
				break loop
			}
			if c2, _ := classify(s.low[j+1]); c2 != cHundred && c2 != cScale && c2 != cDozen {
				break loop
			}
			cur, last = 1, cA
		case cDigits:
			if last != cNone {
				break loop
			}
			cur, last = v, cDigits
		case cUnit:
			switch last {
			case cNone, cHundred, cScale:
				cur += v
			case cTens:
				if v >= 10 {
					break loop
				}
				cur += v
			default:
				break loop
			}
			last = cUnit
		case cTens:
			if last != cNone && last != cHundred && last != cScale {
				break loop
			}
			cur += v
			last = cTens
		case cHundred:
			if last != cUnit && last != cTens && last != cDigits && last != cA {
				break loop
			}
			cur *= 100
			last = cHundred
		case cScale:
			if last != cUnit && last != cTens && last != cDigits && last != cA && last != cHundred {
				break loop
			}
			total += cur * v
			cur = 0
			last = cScale
		case cDozen:
			if last != cUnit && last != cDigits && last != cA {
				break loop
			}
			cur *= v
			last = cDozen
		case cVague:
			if last != cNone {
				break loop
			}
			cur = 2 * v
			n.vague = true
			j++
			// "tens of thousands", "hundreds of thousands"
			if j+1 < s.n && s.low[j] == "of" {
				if c2, v2 := classify(s.low[j+1]); c2 == cVague && v2 >= 1000 && v2 > v {
					cur *= v2
					j += 2
				}
			}
			last = cVague
			break loop
		default:
			switch {
			case w == "-" && last == cTens && j+1 < s.n:
				if c2, v2 := classify(s.low[j+1]); c2 == cUnit && v2 < 10 {
					j++
					continue
				}
			case w == "and" && (last == cHundred || last == cScale) && j+1 < s.n:
				if c2, _ := classify(s.low[j+1]); c2 == cUnit || c2 == cTens || c2 == cDigits {
					j++
					continue
				}
			}
			break loop
		}
		j++
	}
	if last == cNone || last == cA {
		return n, false
	}
	// "and" or "-" consumed with nothing after it cannot happen: both
	// continue only when a number word follows.
	v := total + cur
	if v < 1 || v > 1e12 || v != math.Trunc(v) {
		return n, false
	}
	n.end = j
	n.value = int64(v)
	return n, true
}
