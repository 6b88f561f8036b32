// Package when finds temporal expressions in news text and resolves them
// against the publication date, adding doc.Timex values to a Document.
//
// It reads the text directly with its own light tokenisation (so that
// "Feb.", "8th" and "2012-02-08" come out the same whatever tokeniser ran
// before), and uses Document.Sentences, when present, to scope its tense
// check, and Document.Tokens' XPOS tags, when present, as past-tense cues.
//
// # What it finds
//
// Absolute dates: "March 3, 2011", "3 March 2011", "the 3rd of March",
// "Feb. 8", "Feb 8", "March 2011", "2012-02-08", "in 2009", "Wednesday,
// Feb. 8, 2012". Relative ones: weekdays ("Wednesday", "late Tuesday",
// "last Monday", "next Friday", "Tuesday night"), today, tonight, yesterday,
// tomorrow, this morning/afternoon/evening, last night, earlier/later today,
// earlier in the day, the day before yesterday, this/last/next week, month,
// year and weekend, earlier/later this week/month/year, months ("in March",
// "last May", "early June"), "two days ago", "a week ago", "three years ago",
// and "on the 8th".
//
// It leaves alone times of day ("at 3 pm"), durations ("for 11 months",
// "the 11-month crackdown", "the last year"), ages, bare numbers, the modal
// "may", and capitalised "May"/"March" (or any month name) unless a day, a
// year or a preceding word such as in, of, since, until, by, last, next, this,
// early, late or mid makes it a month. Month abbreviations count only beside
// a day or a year.
//
// # How it resolves
//
// Relative to the publication date pub (Document.Date):
//
//   - a weekday alone is the most recent such day on or before pub (pub
//     itself when the weekday is pub's), or the next on or after pub when
//     the clause is in the future tense (see tense.go); "last X" is the most
//     recent strictly before pub, "next X" the first strictly after it;
//   - today, tonight, this morning, last night, earlier today, earlier in the
//     day: pub; yesterday: pub-1; tomorrow: pub+1;
//   - a month alone is the most recent such month on or before pub's month,
//     or the next on or after it in the future tense; "last March" is the
//     most recent strictly before pub's month, "next March" the first
//     strictly after it, "this March" the one in pub's year;
//   - a month and day without a year: on or after pub in the future tense;
//     in the past tense on or before pub, unless the date falls within 60
//     days after pub (past-tense reports such as "the vote was set for March
//     3" mostly look ahead; on TempEval-3 this raised value accuracy from
//     0.90 to 0.925); the nearest such date when the tense is unknown;
//   - "last/this/next week": no week precision exists, so the week is given
//     by its Monday (ISO weeks) with Precision "day" and Relation "after";
//     "earlier this week" is pub with Relation "before"; weekends likewise
//     by their Saturday, Relation "after";
//   - last/this/next month: YYYY-MM; last/this/next year: YYYY; "earlier this
//     month/year" the same with Relation "on" (the precision already says
//     "within");
//   - N days/weeks ago: day precision; N months ago: month; N years ago: year;
//   - "on the 8th": the 8th of pub's month, or of the month before when the
//     8th is after pub (the month after in the future tense).
//
// A preceding since/after makes the Relation "after"; before/until/till/by/
// "prior to" make it "before".
//
// When pub is zero only expressions that state their year resolve; the
// others are kept with Value "".
//
// # Why its own rules
//
// go-dateparser resolves dates in many languages and formats, and dyad uses
// it where that is what is needed: document dates given as metadata
// (package ingest). On the dates in news text it is not right: on the 940
// TempEval-3 DATE expressions this stage finds whose gold value is a day,
// month or year, go-dateparser set to the publication date and past
// preference gets 0.641 of the values against this stage's 0.926 (a bare
// weekday is read as the one a week earlier even on that weekday; "this
// week" as a day; "March 12" in a February story as the past March), at
// about 0.7 ms an expression (TestDateparserComparison).
package when

import (
	"context"
	"strings"
	"time"

	"github.com/dyad-events/dyad/doc"
)

// Stage is the pipeline stage that adds Document.Timexes.
type Stage struct{}

// New returns the dates stage.
func New() *Stage { return &Stage{} }

// Name returns "dates".
func (*Stage) Name() string { return "dates" }

// Process finds the temporal expressions of d.Text and appends them to
// d.Timexes in text order.
func (*Stage) Process(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d.Timexes = append(d.Timexes, find(d, d.Text, d.Date, tUnknown, true)...)
	return nil
}

// scan holds the state of one pass over a text.
type scan struct {
	ws   []word
	m    *matcher
	xpos func(off int) string
}

// find detects and resolves the expressions of text. When d is non-nil its
// sentences and tags are used; when useTense is false, t is the tense of
// every expression.
func find(d *doc.Document, text string, pub time.Time, t tense, useTense bool) []doc.Timex {
	ws := lex(text)
	s := &scan{ws: ws, m: &matcher{ws: ws}}
	exprs := s.m.all()
	if len(exprs) == 0 {
		return nil
	}
	var sent []int
	if useTense {
		sent = s.sentences(d, text)
	}
	if d != nil && len(d.Tokens) > 0 && d.Tokens[0].XPOS != "" {
		s.xpos = func(off int) string {
			if k := d.TokenAt(off); k >= 0 && d.Tokens[k].Start == off {
				return d.Tokens[k].XPOS
			}
			return ""
		}
	}
	out := make([]doc.Timex, 0, len(exprs))
	for _, e := range exprs {
		tt := t
		if useTense {
			lo, hi := e.start, e.end
			for lo > 0 && sent[lo-1] == sent[e.start] {
				lo--
			}
			for hi < len(ws) && sent[hi] == sent[e.start] {
				hi++
			}
			tt = s.tenseOf(e, lo, hi)
		}
		v, p, r := resolve(e, pub, tt)
		if rel := s.relation(e.start); rel != "" {
			r = rel
		}
		out = append(out, doc.Timex{
			Span:      doc.Span{Start: ws[e.start].s, End: ws[e.end-1].e},
			Value:     v,
			Precision: p,
			Relation:  r,
		})
	}
	return out
}

// relation reads the preposition before word i.
func (s *scan) relation(i int) string {
	switch s.m.lower(i - 1) {
	case "since", "after":
		return After
	case "before", "until", "till", "by":
		return Before
	case "to":
		if s.m.lower(i-2) == "prior" {
			return Before
		}
	}
	return ""
}

// abbrevs are words after which a full stop does not end a sentence.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true, "gov": true,
	"sen": true, "rep": true, "lt": true, "col": true, "sgt": true, "jr": true, "sr": true,
	"inc": true, "co": true, "corp": true, "no": true, "vs": true, "prof": true, "capt": true,
	"maj": true, "adm": true, "rev": true, "mt": true, "ft": true,
}

// sentences returns the sentence number of every word: from d.Sentences when
// the document has them, otherwise from a simple split at ., ! and ? before a
// capitalised word or a digit, and at blank lines.
func (s *scan) sentences(d *doc.Document, text string) []int {
	ws := s.ws
	sent := make([]int, len(ws))
	if d != nil && len(d.Sentences) > 0 && text == d.Text {
		for i, w := range ws {
			if k := sentenceAt(d, w.s); k >= 0 {
				sent[i] = k
			} else {
				sent[i] = -1 - i // a sentence of its own
			}
		}
		return sent
	}
	n := 0
	for i := range ws {
		sent[i] = n
		if i+1 >= len(ws) {
			break
		}
		nx := ws[i+1]
		if strings.Contains(text[ws[i].e:nx.s], "\n\n") {
			n++
			continue
		}
		switch ws[i].t {
		case ".", "!", "?":
		default:
			continue
		}
		if !ws[i].space || !(nx.capitalised() || nx.k == kNum || nx.t == "\"" || nx.t == "“") {
			continue
		}
		if ws[i].t == "." && i > 0 {
			p := ws[i-1]
			if abbrevs[p.l] || monthAbbr[p.l] != 0 || (p.k == kAlpha && len(p.t) == 1) {
				continue
			}
		}
		n++
	}
	return sent
}

// sentenceAt returns the index of the sentence holding byte offset off, or
// -1. (doc.Document.SentenceAt compares off with Sentence.End, which is the
// token index shadowing Span.End, so it is not used here.)
func sentenceAt(d *doc.Document, off int) int {
	lo, hi := 0, len(d.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		sp := d.Sentences[m].Span
		switch {
		case off < sp.Start:
			hi = m
		case off >= sp.End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

// Resolve resolves one expression such as "last Wednesday", "March 3" or
// "in 2009" against the publication date pub, taking it in the future tense
// when future is set and in the past tense otherwise. It reads the first
// expression found in expr; ok is false when there is none or it cannot be
// resolved (a relative expression with a zero pub).
func Resolve(expr string, pub time.Time, future bool) (value, precision string, ok bool) {
	t := tPast
	if future {
		t = tFuture
	}
	tx := find(nil, expr, pub, t, false)
	if len(tx) == 0 || tx[0].Value == "" {
		return "", "", false
	}
	return tx[0].Value, tx[0].Precision, true
}

// Nearest returns the timex that governs the span at (an event trigger) in
// sentence number sentence of d: among the timexes that start in the
// sentence, the first one after at within at's clause; else the last one
// before at within the clause; else the one closest to at in the sentence.
// A clause ends at , ; : ( ) or a dash, except inside a timex ("Feb. 8,
// 2012"). Nearest returns nil when the sentence has no timex. When d has no
// sentences, sentence 0 is the whole text.
func Nearest(d *doc.Document, sentence int, at doc.Span) *doc.Timex {
	var sp doc.Span
	switch {
	case sentence >= 0 && sentence < len(d.Sentences):
		sp = d.Sentences[sentence].Span
	case len(d.Sentences) == 0 && sentence == 0:
		sp = doc.Span{Start: 0, End: len(d.Text)}
	default:
		return nil
	}
	var cand []int
	for i := range d.Timexes {
		if st := d.Timexes[i].Start; st >= sp.Start && st < sp.End {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return nil
	}
	inTimex := func(off int) bool {
		for _, i := range cand {
			if off >= d.Timexes[i].Start && off < d.Timexes[i].End {
				return true
			}
		}
		return false
	}
	isBreak := func(off int) bool {
		switch d.Text[off] {
		case ',', ';', ':', '(', ')':
			return !inTimex(off)
		}
		return strings.HasPrefix(d.Text[off:], "—") || strings.HasPrefix(d.Text[off:], "–")
	}
	cs, ce := max(min(at.Start, sp.End), sp.Start), min(max(at.End, sp.Start), sp.End)
	for cs > sp.Start && cs <= len(d.Text) && !isBreak(cs-1) {
		cs--
	}
	for ce < sp.End && !isBreak(ce) {
		ce++
	}
	best := -1
	// After the trigger, in the clause.
	for _, i := range cand {
		t := d.Timexes[i]
		if t.Start >= at.End && t.End <= ce {
			best = i
			break
		}
	}
	// Before it, in the clause.
	if best < 0 {
		for _, i := range cand {
			t := d.Timexes[i]
			if t.End <= at.Start && t.Start >= cs {
				best = i
			}
		}
	}
	// Closest in the sentence.
	if best < 0 {
		bd := -1
		for _, i := range cand {
			t := d.Timexes[i]
			dist := 0
			switch {
			case t.End <= at.Start:
				dist = at.Start - t.End
			case t.Start >= at.End:
				dist = t.Start - at.End
			}
			if bd < 0 || dist < bd {
				best, bd = i, dist
			}
		}
	}
	return &d.Timexes[best]
}
