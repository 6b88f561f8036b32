package when

import "time"

// ekind is the shape of a recognised expression.
type ekind uint8

const (
	eAbsDay      ekind = iota + 1 // y, m, d all stated: "March 3, 2011", "2012-02-08"
	eMonthDay                     // m, d without a year: "Feb. 8", "8 February"
	eMonthYear                    // "March 2011"
	eYear                         // "2009"
	eMonth                        // a month alone: "in March", "last May"
	eWeekday                      // "Wednesday", "last Monday"
	eDeictic                      // today, yesterday, tomorrow, ...: off days from pub
	eAgo                          // "two days ago": n units before pub
	eUnit                         // this/last/next week, month, year: off units from pub
	eEarlierWeek                  // "earlier this week"
	eWeekend                      // this/last/next weekend
	eOrdDay                       // "on the 8th"
)

// mod is the determiner in front of a relative expression.
type mod uint8

const (
	mNone mod = iota
	mLast
	mNext
	mThis
)

// expr is a recognised expression: words ws[start:end] and what they say.
type expr struct {
	start, end int
	k          ekind
	y, m, d    int
	wd         time.Weekday
	mod        mod
	off        int    // eDeictic: days; eUnit: units; eAgo: count
	unit       string // eAgo, eUnit: day, week, month, year, decade
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}

// monthAbbr are abbreviations that count as a month only next to a day or a
// year ("Feb. 8", "Sept 2011"), never on their own.
var monthAbbr = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"fifteen": 15, "twenty": 20, "thirty": 30,
}

var units = map[string]string{
	"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
	"months": "month", "year": "year", "years": "year", "decade": "decade", "decades": "decade",
}

var partOfDay = map[string]bool{"morning": true, "afternoon": true, "evening": true, "night": true}

// monthContext are words after which a capitalised month name on its own
// ("in March", "since May") is taken as a month. Without one of them, or a
// day or a year beside it, "May" and "March" are left alone.
var monthContext = map[string]bool{
	"in": true, "of": true, "since": true, "until": true, "till": true, "by": true,
	"during": true, "from": true, "through": true, "to": true, "between": true,
	"before": true, "after": true, "early": true, "late": true, "mid": true,
	"last": true, "next": true, "this": true, "throughout": true,
}

// yearContext are words after which a four-digit number is taken as a year.
var yearContext = map[string]bool{
	"in": true, "of": true, "since": true, "until": true, "till": true, "by": true,
	"during": true, "from": true, "through": true, "to": true, "between": true,
	"before": true, "after": true, "early": true, "late": true, "mid": true,
	"the": true, "fiscal": true, "throughout": true, "around": true,
}

// quantityPrep are year contexts that also introduce quantities.
var quantityPrep = map[string]bool{
	"of": true, "to": true, "from": true, "by": true, "between": true, "around": true,
}

// countNouns after a four-digit number make it a count, not a year.
var countNouns = map[string]bool{
	"percent": true, "per": true, "people": true, "persons": true, "troops": true,
	"soldiers": true, "police": true, "members": true, "votes": true, "dollars": true,
	"euros": true, "pounds": true, "tonnes": true, "tons": true, "barrels": true,
	"men": true, "women": true, "children": true, "workers": true, "protesters": true,
	"supporters": true, "refugees": true, "prisoners": true, "civilians": true,
	"deaths": true, "cases": true, "km": true, "kilometres": true, "kilometers": true,
	"miles": true, "metres": true, "meters": true, "feet": true, "hours": true, "units": true,
}

// matcher scans the words of one text.
type matcher struct {
	ws []word
	// prevEnd is the end word index of the last expression found, so that
	// "in March and April" takes April too.
	prevEnd int
}

func (m *matcher) at(i int) *word {
	if i < 0 || i >= len(m.ws) {
		return nil
	}
	return &m.ws[i]
}

func (m *matcher) lower(i int) string {
	if w := m.at(i); w != nil {
		return w.l
	}
	return ""
}

// all scans the words and returns the expressions in text order.
func (m *matcher) all() []expr {
	var out []expr
	m.prevEnd = -10
	for i := 0; i < len(m.ws); {
		if e, ok := m.match(i); ok {
			out = append(out, e)
			m.prevEnd = e.end
			i = e.end
			continue
		}
		i++
	}
	return out
}

// match tries every pattern at word i.
func (m *matcher) match(i int) (expr, bool) {
	w := m.ws[i]
	switch w.k {
	case kNum:
		if e, ok := m.iso(i); ok {
			return e, true
		}
		if e, ok := m.dayMonth(i, i); ok {
			return e, true
		}
		if e, ok := m.year(i); ok {
			return e, true
		}
		return m.ago(i)
	case kOrd:
		return m.dayMonth(i, i)
	case kPunct:
		return expr{}, false
	}
	// Alphabetic words.
	if e, ok := m.phrase(i); ok {
		return e, true
	}
	if e, ok := m.ago(i); ok {
		return e, true
	}
	start, md := i, mNone
	j := i
	switch w.l {
	case "last":
		md, j = mLast, i+1
	case "next":
		md, j = mNext, i+1
	case "this":
		md, j = mThis, i+1
	case "early", "late", "mid":
		j = i + 1
		if x := m.at(j); x != nil && x.t == "-" {
			j++
		}
	case "the":
		if e, ok := m.theDay(i); ok {
			return e, true
		}
		if x := m.at(i + 1); x != nil && (x.k == kNum || x.k == kOrd) {
			return m.dayMonth(i, i+1)
		}
	}
	if j != i {
		if x := m.at(j); x == nil || x.k != kAlpha {
			return expr{}, false
		}
		// "the last year" is a duration, not last year.
		if md == mLast && m.lower(i-1) == "the" {
			return expr{}, false
		}
	}
	x := m.ws[j]
	if wd, ok := weekdays[x.l]; ok && x.capitalised() {
		return m.weekday(start, j, wd, md), true
	}
	if mo, ok := months[x.l]; ok && x.capitalised() {
		return m.month(start, j, mo, md)
	}
	if mo, ok := monthAbbr[x.l]; ok && x.capitalised() && j == start {
		return m.month(start, j, mo, md)
	}
	if md != mNone {
		return m.unit(start, j, md)
	}
	return expr{}, false
}

// phrase recognises the fixed deictic phrases.
func (m *matcher) phrase(i int) (expr, bool) {
	l := m.lower
	e := expr{start: i, k: eDeictic}
	switch l(i) {
	case "today", "tonight":
		e.end = i + 1
	case "yesterday":
		e.end, e.off = i+1, -1
	case "tomorrow":
		e.end, e.off = i+1, 1
	case "this":
		if !partOfDay[l(i+1)] || l(i+1) == "night" {
			return expr{}, false
		}
		e.end = i + 2
	case "last":
		if l(i+1) != "night" || l(i-1) == "the" {
			return expr{}, false
		}
		// The brief's convention: "last night" is reported on the
		// publication day (overnight wire copy).
		e.end = i + 2
	case "earlier", "later":
		switch {
		case l(i+1) == "today" || l(i+1) == "tonight":
			e.end = i + 2
		case l(i+1) == "in" && l(i+2) == "the" && l(i+3) == "day":
			e.end = i + 4
		case l(i+1) == "this" && units[l(i+2)] != "" && units[l(i+2)] != "decade" && units[l(i+2)] != "day" && !plural(l(i+2)):
			u := units[l(i+2)]
			if u == "week" && l(i) == "earlier" {
				return expr{start: i, end: i + 3, k: eEarlierWeek}, true
			}
			return expr{start: i, end: i + 3, k: eUnit, unit: u, mod: mThis}, true
		case l(i+1) == "this" && partOfDay[l(i+2)]:
			e.end = i + 3
		default:
			return expr{}, false
		}
	case "the":
		if l(i+1) == "day" && (l(i+2) == "before" && l(i+3) == "yesterday" || l(i+2) == "after" && l(i+3) == "tomorrow") {
			e.end, e.off = i+4, -2
			if l(i+3) == "tomorrow" {
				e.off = 2
			}
			return e, true
		}
		return expr{}, false
	default:
		return expr{}, false
	}
	// "yesterday morning", "tomorrow night".
	if e.end == i+1 && l(i) != "tonight" && partOfDay[l(i+1)] {
		e.end++
	}
	return e, true
}

func plural(s string) bool { return len(s) > 0 && s[len(s)-1] == 's' }

// weekday builds a weekday expression at ws[j], with determiner words from
// start, and takes in a following date ("Wednesday, Feb. 8, 2012") or part
// of the day ("Tuesday night").
func (m *matcher) weekday(start, j int, wd time.Weekday, md mod) expr {
	e := expr{start: start, end: j + 1, k: eWeekday, wd: wd, mod: md}
	k := j + 1
	if x := m.at(k); x != nil && x.t == "," {
		k++
	}
	if x := m.at(k); x != nil && x.k == kAlpha {
		if mo, ok := months[x.l]; ok && x.capitalised() || monthAbbr[x.l] != 0 && x.capitalised() {
			if mo == 0 {
				mo = monthAbbr[x.l]
			}
			if d, ok := m.month(k, k, mo, mNone); ok && (d.k == eAbsDay || d.k == eMonthDay) {
				d.start = start
				return d
			}
		}
	}
	if partOfDay[m.lower(j+1)] {
		e.end = j + 2
	}
	return e
}

// dayNum reports whether word i can be a day of the month.
func (m *matcher) dayNum(i int) (int, bool) {
	x := m.at(i)
	if x == nil || (x.k != kNum && x.k != kOrd) || x.n < 1 || x.n > 31 || x.e-x.s > 4 {
		return 0, false
	}
	// "March 3,000", "3.5", "3%", "3:30", "3-month".
	if y := m.at(i + 1); y != nil && adjacent(*x, *y) {
		switch y.t {
		case ",", ".", ":", "%", "/":
			if z := m.at(i + 2); z != nil && adjacent(*y, *z) && z.k == kNum {
				return 0, false
			}
			if y.t == "%" {
				return 0, false
			}
		case "-":
			if z := m.at(i + 2); z != nil && z.k == kAlpha {
				return 0, false
			}
		}
	}
	if y := m.at(i - 1); y != nil && adjacent(*y, *x) && (y.t == "$" || y.t == "." || y.t == "/") {
		return 0, false
	}
	return x.n, true
}

// yearNum reports whether word i can be a year: four digits, 1000-2999.
func (m *matcher) yearNum(i int) (int, bool) {
	x := m.at(i)
	if x == nil || x.k != kNum || x.e-x.s != 4 || x.n < 1000 || x.n > 2999 {
		return 0, false
	}
	if y := m.at(i + 1); y != nil && adjacent(*x, *y) {
		if y.t == "%" {
			return 0, false
		}
		if (y.t == "," || y.t == "." || y.t == "/" || y.t == ":") && m.at(i+2) != nil && adjacent(*y, m.ws[i+2]) && m.ws[i+2].k == kNum {
			return 0, false
		}
	}
	if y := m.at(i - 1); y != nil && adjacent(*y, *x) {
		switch y.t {
		case "$", ",", ".", "/":
			return 0, false
		case "-":
			if z := m.at(i - 2); z == nil || z.k != kAlpha {
				return 0, false
			}
		}
	}
	if countNouns[m.lower(i+1)] {
		return 0, false
	}
	return x.n, true
}

// month builds an expression around a month name at ws[j].
func (m *matcher) month(start, j, mo int, md mod) (expr, bool) {
	x := m.ws[j]
	abbr := monthAbbr[x.l] != 0 && months[x.l] == 0
	k := j + 1
	// The full stop of "Feb." belongs to the month.
	if abbr {
		if y := m.at(k); y != nil && y.t == "." && adjacent(x, *y) {
			k++
		}
	}
	if md == mNone {
		// Month Day [,] [Year]
		if d, ok := m.dayNum(k); ok {
			e := expr{start: start, end: k + 1, k: eMonthDay, m: mo, d: d}
			n := k + 1
			if y := m.at(n); y != nil && y.t == "," {
				n++
			}
			if y, ok := m.yearNum(n); ok {
				e.k, e.y, e.end = eAbsDay, y, n+1
			}
			return e, validDay(e)
		}
		// Month [,|of] Year
		n := k
		if y := m.at(n); y != nil && (y.t == "," || y.l == "of") {
			n++
		}
		if y, ok := m.yearNum(n); ok {
			return expr{start: start, end: n + 1, k: eMonthYear, m: mo, y: y}, true
		}
	}
	if abbr {
		return expr{}, false
	}
	if md == mNone && start == j {
		prev := m.lower(j - 1)
		if prev == "-" {
			prev = m.lower(j-2) + "-"
			if prev == "mid-" {
				prev = "mid"
			}
		}
		ok := monthContext[prev] || ((prev == "and" || prev == "or") && m.prevEnd == j-1)
		if !ok {
			return expr{}, false
		}
	}
	return expr{start: start, end: j + 1, k: eMonth, m: mo, mod: md}, true
}

// dayMonth recognises "8 February [2012]", "8th of February" and, with
// start at "the", "the 8th of February".
func (m *matcher) dayMonth(start, i int) (expr, bool) {
	d, ok := m.dayNum(i)
	if !ok {
		return expr{}, false
	}
	k := i + 1
	if m.lower(k) == "of" {
		k++
	}
	x := m.at(k)
	if x == nil || x.k != kAlpha || !x.capitalised() {
		return expr{}, false
	}
	mo := months[x.l]
	if mo == 0 {
		mo = monthAbbr[x.l]
	}
	if mo == 0 {
		return expr{}, false
	}
	e := expr{start: start, end: k + 1, k: eMonthDay, m: mo, d: d}
	n := k + 1
	if monthAbbr[x.l] != 0 && months[x.l] == 0 {
		if y := m.at(n); y != nil && y.t == "." && adjacent(*x, *y) {
			n++
			e.end = n
		}
	}
	if y, ok := m.yearNum(n); ok {
		e.k, e.y, e.end = eAbsDay, y, n+1
	} else if y := m.at(n); y != nil && y.t == "," {
		if y, ok := m.yearNum(n + 1); ok {
			e.k, e.y, e.end = eAbsDay, y, n+2
		}
	}
	return e, validDay(e)
}

// theDay recognises "the 8th" after "on", standing for a day of a month the
// reader infers. It requires an ordinal and that no noun follows ("on the 8th
// floor" is not a date).
func (m *matcher) theDay(i int) (expr, bool) {
	x := m.at(i + 1)
	if x == nil || x.k != kOrd || m.lower(i-1) != "on" {
		return expr{}, false
	}
	if _, ok := m.dayNum(i + 1); !ok {
		return expr{}, false
	}
	if y := m.at(i + 2); y != nil && y.k == kAlpha {
		switch y.l {
		case "and", "or", "when", "as", "at", "in", "after", "before", "but", "with", "while", "to", "until", "that":
		default:
			return expr{}, false
		}
	}
	return expr{start: i, end: i + 2, k: eOrdDay, d: x.n}, true
}

// iso recognises YYYY-MM-DD.
func (m *matcher) iso(i int) (expr, bool) {
	if i+4 >= len(m.ws) {
		return expr{}, false
	}
	w := m.ws[i : i+5]
	if w[0].e-w[0].s != 4 || w[1].t != "-" || w[3].t != "-" || w[2].k != kNum || w[4].k != kNum ||
		w[2].e-w[2].s != 2 || w[4].e-w[4].s != 2 {
		return expr{}, false
	}
	for k := 0; k < 4; k++ {
		if !adjacent(w[k], w[k+1]) {
			return expr{}, false
		}
	}
	e := expr{start: i, end: i + 5, k: eAbsDay, y: w[0].n, m: w[2].n, d: w[4].n}
	return e, e.m >= 1 && e.m <= 12 && validDay(e)
}

// year recognises a four-digit year after a word that makes it one ("in
// 2009", "the 2009 election") or after a month/year expression ("and 2010").
func (m *matcher) year(i int) (expr, bool) {
	y, ok := m.yearNum(i)
	if !ok {
		return expr{}, false
	}
	prev := m.lower(i - 1)
	if prev == "-" {
		prev = m.lower(i - 2)
	}
	if !yearContext[prev] && !((prev == "and" || prev == "or") && m.prevEnd == i-1) {
		return expr{}, false
	}
	// After a preposition that also takes quantities ("of 2000 people", "by
	// 1500 votes"), a following lower-case word makes the number a count.
	if x := m.at(i + 1); x != nil && x.k == kAlpha && !x.capitalised() && quantityPrep[prev] {
		return expr{}, false
	}
	start := i
	if (prev == "early" || prev == "late" || prev == "mid") && i > 0 {
		start = i - 1
		if m.ws[start].t == "-" {
			start--
		}
	}
	return expr{start: start, end: i + 1, k: eYear, y: y}, true
}

// ago recognises "<number> <unit>(s) ago".
func (m *matcher) ago(i int) (expr, bool) {
	x := m.ws[i]
	n := 0
	switch x.k {
	case kNum:
		n = x.n
	case kAlpha:
		n = numberWords[x.l]
	}
	if n <= 0 || n > 1000 {
		return expr{}, false
	}
	u := units[m.lower(i+1)]
	if u == "" || m.lower(i+2) != "ago" {
		return expr{}, false
	}
	return expr{start: i, end: i + 3, k: eAgo, off: n, unit: u}, true
}

// unit recognises this/last/next week, month, year, weekend.
func (m *matcher) unit(start, j int, md mod) (expr, bool) {
	switch l := m.lower(j); l {
	case "week", "month", "year":
		return expr{start: start, end: j + 1, k: eUnit, unit: l, mod: md}, true
	case "weekend":
		return expr{start: start, end: j + 1, k: eWeekend, mod: md}, true
	}
	return expr{}, false
}

// validDay checks the day against the month's length (29 February is allowed
// when the year is unknown).
func validDay(e expr) bool {
	if e.d < 1 || e.m < 1 || e.m > 12 {
		return false
	}
	y := e.y
	if y == 0 {
		y = 2000 // a leap year
	}
	return e.d <= daysIn(y, e.m)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
