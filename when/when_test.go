package when

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dyad-events/dyad/doc"
)

// want is one expected timex: its exact text, value, precision and relation
// ("" means "on").
type want struct {
	text, value, prec, rel string
}

func (w want) String() string {
	rel := w.rel
	if rel == "" {
		rel = On
	}
	return fmt.Sprintf("%q=%s/%s/%s", w.text, w.value, w.prec, rel)
}

func day(s string) time.Time {
	t, err := time.Parse(doc.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// tokenize gives the document simple tokens and sentences, the way an
// earlier stage would: words, numbers and punctuation; sentences end at .!?
// followed by a space and an upper-case letter.
func tokenize(d *doc.Document) {
	text := d.Text
	i := 0
	for i < len(text) {
		r := rune(text[i])
		switch {
		case r == ' ' || r == '\n':
			i++
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(text) && (unicode.IsLetter(rune(text[j])) || unicode.IsDigit(rune(text[j]))) {
				j++
			}
			d.Tokens = append(d.Tokens, doc.Token{Span: doc.Span{Start: i, End: j}, Head: -1})
			i = j
		default:
			d.Tokens = append(d.Tokens, doc.Token{Span: doc.Span{Start: i, End: i + 1}, Head: -1})
			i++
		}
	}
	first := 0
	for k, t := range d.Tokens {
		c := text[t.Start]
		last := k == len(d.Tokens)-1
		if last || (c == '.' || c == '!' || c == '?') && t.End < len(text) && text[t.End] == ' ' &&
			unicode.IsUpper(rune(text[d.Tokens[k+1].Start])) {
			d.Sentences = append(d.Sentences, doc.Sentence{
				Span:     doc.Span{Start: d.Tokens[first].Start, End: t.End},
				TokStart: first, TokEnd: k + 1,
			})
			first = k + 1
		}
	}
}

func run(t testing.TB, text string, pub time.Time, tokens bool) *doc.Document {
	t.Helper()
	d := doc.New("t", text)
	d.Date = pub
	if tokens {
		tokenize(d)
	}
	if err := New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func got(d *doc.Document) []want {
	var out []want
	for _, tx := range d.Timexes {
		rel := tx.Relation
		if rel == On {
			rel = ""
		}
		out = append(out, want{d.Slice(tx.Span), tx.Value, tx.Precision, rel})
	}
	return out
}

func check(t *testing.T, text string, pub time.Time, ws []want) {
	t.Helper()
	for _, tokens := range []bool{false, true} {
		d := run(t, text, pub, tokens)
		g := got(d)
		if fmt.Sprint(g) != fmt.Sprint(ws) {
			t.Errorf("pub %s tokens=%v\n%s\n got  %v\n want %v", pub.Format(doc.DateLayout), tokens, text, g, ws)
		}
	}
}

var wed = day("2012-02-08") // a Wednesday

func TestProcess(t *testing.T) {
	tests := []struct {
		pub  time.Time
		text string
		want []want
	}{
		// Weekdays, past by default.
		{wed, "Police fired tear gas on Wednesday.", []want{{"Wednesday", "2012-02-08", Day, ""}}},
		{wed, "Protesters gathered late Tuesday in the capital.", []want{{"late Tuesday", "2012-02-07", Day, ""}}},
		{wed, "The minister resigned earlier on Monday, his office said.", []want{{"Monday", "2012-02-06", Day, ""}}},
		{wed, "Rebels attacked the town Thursday, killing four.", []want{{"Thursday", "2012-02-02", Day, ""}}},
		{wed, "Clashes broke out Tuesday night near the border.", []want{{"Tuesday night", "2012-02-07", Day, ""}}},
		{wed, "Monday's vote was marred by violence.", []want{{"Monday", "2012-02-06", Day, ""}}},
		{wed, "The army said last Wednesday that it had withdrawn.", []want{{"last Wednesday", "2012-02-01", Day, ""}}},
		// Weekdays in the future tense.
		{wed, "The two leaders will meet on Monday in Geneva.", []want{{"Monday", "2012-02-13", Day, ""}}},
		{wed, "The ministers will meet on Friday, officials said.", []want{{"Friday", "2012-02-10", Day, ""}}},
		{wed, "On Friday, the parliament is due to vote on the budget.", []want{{"Friday", "2012-02-10", Day, ""}}},
		{wed, "Talks are scheduled for Thursday.", []want{{"Thursday", "2012-02-09", Day, ""}}},
		{wed, "The summit, to be held Saturday, was announced on Tuesday.", []want{
			{"Saturday", "2012-02-11", Day, ""}, {"Tuesday", "2012-02-07", Day, ""}}},
		{wed, "He said the envoy will arrive next Monday.", []want{{"next Monday", "2012-02-13", Day, ""}}},
		{wed, "The president said on Monday he'll visit the region on Sunday.", []want{
			{"Monday", "2012-02-06", Day, ""}, {"Sunday", "2012-02-12", Day, ""}}},
		{wed, "Officials plan to hold talks next Wednesday.", []want{{"next Wednesday", "2012-02-15", Day, ""}}},
		// Deictic words.
		{wed, "Troops entered the city today and left tonight.", []want{
			{"today", "2012-02-08", Day, ""}, {"tonight", "2012-02-08", Day, ""}}},
		{wed, "Yesterday, gunmen killed three people; more protests are expected tomorrow.", []want{
			{"Yesterday", "2012-02-07", Day, ""}, {"tomorrow", "2012-02-09", Day, ""}}},
		{wed, "A bomb exploded this morning and another last night.", []want{
			{"this morning", "2012-02-08", Day, ""}, {"last night", "2012-02-08", Day, ""}}},
		{wed, "The cabinet met earlier in the day and again earlier today.", []want{
			{"earlier in the day", "2012-02-08", Day, ""}, {"earlier today", "2012-02-08", Day, ""}}},
		{wed, "Yesterday morning the curfew ended.", []want{{"Yesterday morning", "2012-02-07", Day, ""}}},
		{wed, "The blast came the day before yesterday.", []want{{"the day before yesterday", "2012-02-06", Day, ""}}},
		// Weeks, months, years.
		{wed, "Rebels seized the town earlier this week.", []want{{"earlier this week", "2012-02-08", Day, Before}}},
		{wed, "Fighting flared last week and again this week.", []want{
			{"last week", "2012-01-30", Day, After}, {"this week", "2012-02-06", Day, After}}},
		{wed, "Elections will take place next month.", []want{{"next month", "2012-03", Month, ""}}},
		{wed, "Prices rose last month and last year.", []want{
			{"last month", "2012-01", Month, ""}, {"last year", "2011", Year, ""}}},
		{wed, "This year the protests spread; earlier this month they reached the capital.", []want{
			{"This year", "2012", Year, ""}, {"earlier this month", "2012-02", Month, ""}}},
		{wed, "Over the last year the economy shrank.", nil},
		{wed, "Riots broke out last weekend.", []want{{"last weekend", "2012-02-04", Day, After}}},
		// Months.
		{wed, "The uprising began in March.", []want{{"March", "2011-03", Month, ""}}},
		{wed, "Parliament will be dissolved in March.", []want{{"March", "2012-03", Month, ""}}},
		{wed, "The strike ended in January and February.", []want{
			{"January", "2012-01", Month, ""}, {"February", "2012-02", Month, ""}}},
		{wed, "The ceasefire collapsed last May.", []want{{"last May", "2011-05", Month, ""}}},
		{wed, "Troops withdrew in early June.", []want{{"early June", "2011-06", Month, ""}}},
		{wed, "Since December, 40 people have died.", []want{{"December", "2011-12", Month, After}}},
		// Month and day.
		{wed, "The attack on March 3, 2011 killed 12.", []want{{"March 3, 2011", "2011-03-03", Day, ""}}},
		{wed, "He was arrested on 3 March 2011 in Cairo.", []want{{"3 March 2011", "2011-03-03", Day, ""}}},
		{wed, "The talks collapsed on Feb. 2 and resumed Feb 6.", []want{
			{"Feb. 2", "2012-02-02", Day, ""}, {"Feb 6", "2012-02-06", Day, ""}}},
		{wed, "The vote is due to take place on Feb. 20.", []want{{"Feb. 20", "2012-02-20", Day, ""}}},
		{wed, "A referendum on March 4 could settle the matter.", []want{{"March 4", "2012-03-04", Day, ""}}},
		{wed, "The vote was postponed to March 4.", []want{{"March 4", "2012-03-04", Day, ""}}},
		{wed, "The regime fell on December 28.", []want{{"December 28", "2011-12-28", Day, ""}}},
		{wed, "Fighting resumed on the 3rd of February.", []want{{"the 3rd of February", "2012-02-03", Day, ""}}},
		{wed, "The decree, dated 2012-02-06, was published.", []want{{"2012-02-06", "2012-02-06", Day, ""}}},
		{wed, "On Monday, Feb. 6, 2012, the court ruled.", []want{{"Monday, Feb. 6, 2012", "2012-02-06", Day, ""}}},
		{wed, "The law passed in March 2010 and in September of 2009.", []want{
			{"March 2010", "2010-03", Month, ""}, {"September of 2009", "2009-09", Month, ""}}},
		{wed, "Troops left on the 3rd, officials said.", []want{{"the 3rd", "2012-02-03", Day, ""}}},
		// Years and ago.
		{wed, "The war began in 2009 and ended in mid-2011.", []want{
			{"2009", "2009", Year, ""}, {"mid-2011", "2011", Year, ""}}},
		{wed, "The party was banned before 1990.", []want{{"1990", "1990", Year, Before}}},
		{wed, "The deal was signed two days ago and a week ago talks began.", []want{
			{"two days ago", "2012-02-06", Day, ""}, {"a week ago", "2012-02-01", Day, ""}}},
		{wed, "Three years ago the city was quiet; 2 months ago it was not.", []want{
			{"Three years ago", "2009", Year, ""}, {"2 months ago", "2011-12", Month, ""}}},
		// Not dates.
		{wed, "The meeting starts at 3 pm.", nil},
		{wed, "The 11-month crackdown lasted for 11 months.", nil},
		{wed, "The 45-year-old man was one of 2000 people arrested.", nil},
		{wed, "The government may act. May the talks succeed.", nil},
		{wed, "Thousands joined the march. March organisers said 2,500 came.", nil},
		{wed, "He took the 8th floor, and a rally of 1999 supporters began.", nil},
		{wed, "Inflation hit 2011.5 points, 15% above the level of Jan.", nil},
		{wed, "The army's next move was unclear.", nil},
	}
	for _, tc := range tests {
		check(t, tc.text, tc.pub, tc.want)
	}
}

func TestBoundaries(t *testing.T) {
	sun, mon := day("2012-02-12"), day("2012-02-13")
	jan2 := day("2013-01-02") // a Wednesday
	tests := []struct {
		pub  time.Time
		text string
		want []want
	}{
		// Sunday / Monday.
		{sun, "Voting took place on Sunday.", []want{{"Sunday", "2012-02-12", Day, ""}}},
		{sun, "Protests were held on Monday.", []want{{"Monday", "2012-02-06", Day, ""}}},
		{sun, "Results will be announced on Monday.", []want{{"Monday", "2012-02-13", Day, ""}}},
		{mon, "Voting took place on Sunday.", []want{{"Sunday", "2012-02-12", Day, ""}}},
		{mon, "The curfew was lifted on Monday.", []want{{"Monday", "2012-02-13", Day, ""}}},
		{mon, "The army withdrew earlier this week.", []want{{"earlier this week", "2012-02-13", Day, Before}}},
		{mon, "Fighting eased last week.", []want{{"last week", "2012-02-06", Day, After}}},
		{sun, "Fighting eased last week.", []want{{"last week", "2012-01-30", Day, After}}},
		{mon, "Crowds gathered last weekend.", []want{{"last weekend", "2012-02-11", Day, After}}},
		{sun, "Crowds gathered this weekend.", []want{{"this weekend", "2012-02-11", Day, After}}},
		// Year boundary.
		{jan2, "Gunmen opened fire on Friday.", []want{{"Friday", "2012-12-28", Day, ""}}},
		{jan2, "The offensive began in December.", []want{{"December", "2012-12", Month, ""}}},
		{jan2, "The offensive began on Dec. 30.", []want{{"Dec. 30", "2012-12-30", Day, ""}}},
		{jan2, "Unrest grew last month and last year.", []want{
			{"last month", "2012-12", Month, ""}, {"last year", "2012", Year, ""}}},
		{jan2, "The leaders will meet next week.", []want{{"next week", "2013-01-07", Day, After}}},
		{jan2, "Troops left on the 30th, officials said.", []want{{"the 30th", "2012-12-30", Day, ""}}},
		{jan2, "The trial opens next December.", []want{{"next December", "2013-12", Month, ""}}},
		// Leap day.
		{day("2012-03-01"), "He was freed on Feb. 29.", []want{{"Feb. 29", "2012-02-29", Day, ""}}},
		{day("2013-03-01"), "He was freed on Feb. 29.", []want{{"Feb. 29", "2012-02-29", Day, ""}}},
		{wed, "Nothing happened on Feb. 30.", nil},
	}
	for _, tc := range tests {
		check(t, tc.text, tc.pub, tc.want)
	}
}

func TestUnknownPub(t *testing.T) {
	check(t, "On Wednesday, after the March 3, 2011 vote, troops left in 2009.", time.Time{}, []want{
		{"Wednesday", "", Day, ""}, {"March 3, 2011", "2011-03-03", Day, ""}, {"2009", "2009", Year, ""}})
}

func TestResolve(t *testing.T) {
	tests := []struct {
		expr   string
		pub    time.Time
		future bool
		value  string
		prec   string
		ok     bool
	}{
		{"Wednesday", wed, false, "2012-02-08", Day, true},
		{"on Monday", wed, false, "2012-02-06", Day, true},
		{"on Monday", wed, true, "2012-02-13", Day, true},
		{"Friday", day("2013-01-02"), false, "2012-12-28", Day, true},
		{"in December", day("2013-01-02"), false, "2012-12", Month, true},
		{"in March", wed, true, "2012-03", Month, true},
		{"March 3", wed, false, "2012-03-03", Day, true}, // within 60 days after pub
		{"April 20", wed, false, "2011-04-20", Day, true},
		{"March 3", wed, true, "2012-03-03", Day, true},
		{"yesterday", wed, false, "2012-02-07", Day, true},
		{"last year", wed, false, "2011", Year, true},
		{"2012-02-08", time.Time{}, false, "2012-02-08", Day, true},
		{"yesterday", time.Time{}, false, "", "", false},
		{"for 11 months", wed, false, "", "", false},
	}
	for _, tc := range tests {
		v, p, ok := Resolve(tc.expr, tc.pub, tc.future)
		if v != tc.value || p != tc.prec || ok != tc.ok {
			t.Errorf("Resolve(%q, %s, %v) = %q %q %v, want %q %q %v", tc.expr,
				tc.pub.Format(doc.DateLayout), tc.future, v, p, ok, tc.value, tc.prec, tc.ok)
		}
	}
}

func TestNearest(t *testing.T) {
	span := func(d *doc.Document, s string) doc.Span {
		i := strings.Index(d.Text, s)
		if i < 0 {
			t.Fatalf("%q not in text", s)
		}
		return doc.Span{Start: i, End: i + len(s)}
	}
	text := "Police arrested 20 people on Tuesday, officials said on Wednesday. " +
		"On Monday, rebels attacked a convoy. No date here. " +
		"Talks on Feb. 6, 2012, collapsed, and troops left on Friday."
	d := run(t, text, wed, true)
	tests := []struct {
		sentence int
		trigger  string
		want     string
	}{
		{0, "arrested", "Tuesday"},
		{0, "said", "Wednesday"},
		{1, "attacked", "Monday"},
		{2, "No", ""},
		{3, "collapsed", "Feb. 6, 2012"},
		{3, "left", "Friday"},
		{9, "left", ""},
	}
	for _, tc := range tests {
		tx := Nearest(d, tc.sentence, span(d, tc.trigger))
		g := ""
		if tx != nil {
			g = d.Slice(tx.Span)
		}
		if g != tc.want {
			t.Errorf("Nearest(%d, %q) = %q, want %q", tc.sentence, tc.trigger, g, tc.want)
		}
	}
	// Without sentences, sentence 0 is the whole text.
	d2 := run(t, "Troops left on Friday.", wed, false)
	if tx := Nearest(d2, 0, doc.Span{Start: 7, End: 11}); tx == nil || d2.Slice(tx.Span) != "Friday" {
		t.Errorf("Nearest without sentences = %v", tx)
	}
}

func TestStage(t *testing.T) {
	s := New()
	if s.Name() != "dates" {
		t.Errorf("Name = %q", s.Name())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Process(ctx, doc.New("x", "On Monday.")); err == nil {
		t.Error("Process ignored a cancelled context")
	}
}

func BenchmarkProcess(b *testing.B) {
	para := "Security forces killed at least 12 protesters on Wednesday, activists said, " +
		"a day after the government promised reforms. The opposition will hold a rally on Friday " +
		"and plans to march again next week. Since March 2011, more than 5,400 people have died, " +
		"according to figures released on Feb. 6. Talks that began two weeks ago in Geneva stalled " +
		"last month, and elections due in June may be postponed. "
	text := strings.Repeat(para, 20)
	d := doc.New("b", text)
	tokenize(d)
	s := New()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		d.Timexes = d.Timexes[:0]
		d.Date = wed
		if err := s.Process(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
}
