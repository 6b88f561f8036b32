package when

import (
	"fmt"
	"time"
)

// tense is the time orientation of the clause around an expression.
type tense uint8

const (
	tUnknown tense = iota
	tPast
	tFuture
)

// Relations and precisions of doc.Timex.
const (
	On     = "on"
	Before = "before"
	After  = "after"

	Day   = "day"
	Month = "month"
	Year  = "year"
)

func fmtDay(t time.Time) string { return t.Format("2006-01-02") }
func fmtMonth(y, m int) string  { return fmt.Sprintf("%04d-%02d", y, m) }
func fmtYear(y int) string      { return fmt.Sprintf("%04d", y) }

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// addMonths returns the year and month k months after y-m.
func addMonths(y, m, k int) (int, int) {
	n := y*12 + (m - 1) + k
	return n / 12, n%12 + 1
}

// mondayOf returns the Monday of t's ISO week.
func mondayOf(t time.Time) time.Time {
	back := (int(t.Weekday()) + 6) % 7 // Monday 0 ... Sunday 6
	return t.AddDate(0, 0, -back)
}

// resolve turns an expression into a value, precision and relation, using
// pub (the publication date, midnight UTC; zero when unknown) and the tense
// of its clause. Relative expressions get value "" when pub is zero.
func resolve(e expr, pub time.Time, t tense) (value, precision, relation string) {
	relation = On
	known := !pub.IsZero()
	py, pm, pd := pub.Date()
	switch e.k {
	case eAbsDay:
		return fmtDay(date(e.y, e.m, e.d)), Day, On
	case eMonthYear:
		return fmtMonth(e.y, e.m), Month, On
	case eYear:
		return fmtYear(e.y), Year, On
	}
	switch e.k {
	case eMonthDay, eWeekday, eDeictic, eAgo, eEarlierWeek, eWeekend, eOrdDay:
		precision = Day
	case eMonth:
		precision = Month
	case eUnit:
		switch e.unit {
		case "week":
			precision = Day
		case "month":
			precision = Month
		default:
			precision = Year
		}
	}
	if !known {
		return "", precision, relation
	}
	pub = date(py, int(pm), pd)
	switch e.k {
	case eMonthDay:
		// Without a stated year: on or after pub in the future tense; in
		// the past tense on or before pub unless it falls within soonDays
		// after pub; the nearest such date otherwise.
		var best time.Time
		for _, y := range []int{py - 1, py, py + 1} {
			if e.d > daysIn(y, e.m) {
				continue
			}
			c := date(y, e.m, e.d)
			switch t {
			case tPast:
				// Past tense: on or before pub, unless the date falls
				// within soonDays after pub: reports of what "was set for
				// March 3" or "said ... on March 3" mostly look ahead.
				if !c.After(pub) || c.Sub(pub) <= soonDays*24*time.Hour {
					best = c // candidates ascend: keep the latest
				}
			case tFuture:
				if !c.Before(pub) && best.IsZero() {
					best = c
				}
			default:
				if best.IsZero() || absDays(c, pub) < absDays(best, pub) {
					best = c
				}
			}
		}
		if best.IsZero() {
			return "", precision, relation
		}
		return fmtDay(best), Day, On
	case eMonth:
		y := py
		switch e.mod {
		case mThis:
		case mLast:
			if e.m >= int(pm) {
				y--
			}
		case mNext:
			if e.m <= int(pm) {
				y++
			}
		default:
			if t == tFuture {
				if e.m < int(pm) {
					y++
				}
			} else if e.m > int(pm) {
				y--
			}
		}
		return fmtMonth(y, e.m), Month, On
	case eWeekday:
		back := (int(pub.Weekday()) - int(e.wd) + 7) % 7
		fwd := (int(e.wd) - int(pub.Weekday()) + 7) % 7
		var d int
		switch {
		case e.mod == mLast:
			if back == 0 {
				back = 7
			}
			d = -back
		case e.mod == mNext:
			if fwd == 0 {
				fwd = 7
			}
			d = fwd
		case t == tFuture:
			d = fwd
		default:
			d = -back
		}
		return fmtDay(pub.AddDate(0, 0, d)), Day, On
	case eDeictic:
		return fmtDay(pub.AddDate(0, 0, e.off)), Day, On
	case eAgo:
		switch e.unit {
		case "day":
			return fmtDay(pub.AddDate(0, 0, -e.off)), Day, On
		case "week":
			return fmtDay(pub.AddDate(0, 0, -7*e.off)), Day, On
		case "month":
			y, m := addMonths(py, int(pm), -e.off)
			return fmtMonth(y, m), Month, On
		case "year":
			return fmtYear(py - e.off), Year, On
		case "decade":
			return fmtYear(py - 10*e.off), Year, On
		}
	case eEarlierWeek:
		// "earlier this week": before the publication day, within its week.
		return fmtDay(pub), Day, Before
	case eUnit:
		k := map[mod]int{mLast: -1, mNext: 1}[e.mod]
		switch e.unit {
		case "week":
			// A week is given by its Monday, with relation "after": the
			// event falls on or after that Monday, within that week.
			return fmtDay(mondayOf(pub).AddDate(0, 0, 7*k)), Day, After
		case "month":
			y, m := addMonths(py, int(pm), k)
			return fmtMonth(y, m), Month, On
		case "year":
			return fmtYear(py + k), Year, On
		}
	case eWeekend:
		// A weekend is given by its Saturday with relation "after". "this
		// weekend" is the one holding pub, or the coming one from Monday to
		// Friday (the one just gone in the past tense); "last weekend" is
		// the one before it and "next weekend" the first starting after pub.
		wd := int(pub.Weekday())
		cur := pub.AddDate(0, 0, 6-wd)
		if pub.Weekday() == time.Sunday {
			cur = pub.AddDate(0, 0, -1)
		}
		onWeekend := wd == 0 || wd == 6
		switch {
		case e.mod == mLast:
			cur = cur.AddDate(0, 0, -7)
		case e.mod == mNext:
			if onWeekend {
				cur = cur.AddDate(0, 0, 7)
			}
		case t == tPast && !onWeekend:
			cur = cur.AddDate(0, 0, -7)
		}
		return fmtDay(cur), Day, After
	case eOrdDay:
		y, m := py, int(pm)
		switch {
		case t == tFuture && e.d < pd:
			y, m = addMonths(y, m, 1)
		case t != tFuture && e.d > pd:
			y, m = addMonths(y, m, -1)
		}
		if e.d > daysIn(y, m) {
			return "", precision, relation
		}
		return fmtDay(date(y, m, e.d)), Day, On
	}
	return "", precision, relation
}

// soonDays is how far after pub a month and day without a year may fall in
// a past-tense clause and still be taken in pub's year.
const soonDays = 60

func absDays(a, b time.Time) time.Duration {
	d := a.Sub(b)
	if d < 0 {
		return -d
	}
	return d
}
