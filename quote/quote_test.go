package quote

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// ent is an entity the test helper marks wherever its text occurs.
type ent struct {
	text, typ, actor string
}

var testActors = []doc.Actor{
	{ID: "lavrov", Name: "Sergei Lavrov", Country: "RUS", Sector: "GOV", Code: "RUSGOV"},
	{ID: "peskov", Name: "Dmitry Peskov", Country: "RUS", Sector: "GOV", Code: "RUSGOV"},
	{ID: "kremlin", Name: "Kremlin", Country: "RUS", Sector: "GOV", Code: "RUSGOV"},
	{ID: "zelensky", Name: "Volodymyr Zelensky", Country: "UKR", Sector: "GOV", Code: "UKRGOV"},
	{ID: "putin", Name: "Vladimir Putin", Country: "RUS", Sector: "GOV", Code: "RUSGOV"},
	{ID: "blinken", Name: "Antony Blinken", Country: "USA", Sector: "GOV", Code: "USAGOV"},
	{ID: "russia", Name: "Russia", Country: "RUS", Code: "RUS"},
	{ID: "mfa", Name: "Russian Foreign Ministry", Country: "RUS", Sector: "GOV", Code: "RUSGOV"},
	{ID: "assad", Name: "Bashar al-Assad", Country: "SYR", Sector: "GOV", Code: "SYRGOV"},
	{ID: "erdogan", Name: "Recep Tayyip Erdogan", Country: "TUR", Sector: "GOV", Code: "TURGOV"},
}

var testEnts = []ent{
	{"Sergei Lavrov", "PERSON", "lavrov"},
	{"Lavrov", "PERSON", "lavrov"},
	{"Peskov", "PERSON", "peskov"},
	{"Kremlin", "ORG", "kremlin"},
	{"Zelensky", "PERSON", "zelensky"},
	{"Putin", "PERSON", "putin"},
	{"Blinken", "PERSON", "blinken"},
	{"Russia", "GPE", "russia"},
	{"Moscow", "GPE", "russia"},
	{"Foreign Ministry", "ORG", "mfa"},
	{"Assad", "PERSON", "assad"},
	{"Erdogan", "PERSON", "erdogan"},
	{"Syria", "GPE", ""},
	{"Iran", "GPE", ""},
	{"United States", "GPE", ""},
}

// tokenizeTest splits text into word runs (keeping inner apostrophes, but
// splitting a possessive "’s") and single punctuation runes.
func tokenizeTest(text string) []doc.Token {
	var toks []doc.Token
	i := 0
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		start := i
		i += w
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			for i < len(text) {
				r2, w2 := utf8.DecodeRuneInString(text[i:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '-' {
					i += w2
					continue
				}
				if r2 == '\'' || r2 == '’' {
					r3, w3 := utf8.DecodeRuneInString(text[i+w2:])
					r4, _ := utf8.DecodeRuneInString(text[i+w2+w3:])
					if unicode.IsLetter(r3) && !(r3 == 's' && !unicode.IsLetter(r4)) {
						i += w2 + w3
						continue
					}
				}
				break
			}
		} else if (r == '\'' || r == '’') && strings.HasPrefix(text[i:], "s") && start > 0 {
			p, _ := utf8.DecodeLastRuneInString(text[:start])
			n, _ := utf8.DecodeRuneInString(text[i+1:])
			if unicode.IsLetter(p) && !unicode.IsLetter(n) {
				i++
			}
		}
		toks = append(toks, doc.Token{Span: doc.Span{Start: start, End: i}, Head: -1})
	}
	for k := range toks {
		toks[k].SpaceAfter = k+1 < len(toks) && toks[k+1].Start > toks[k].End
	}
	return toks
}

// makeDoc builds a document by hand: tokens from tokenizeTest, paragraphs
// on "\n", sentences on ". ", and the test entities wherever they occur.
func makeDoc(text string) *doc.Document {
	d := doc.New("t", text)
	d.Tokens = tokenizeTest(text)
	d.Actors = append([]doc.Actor(nil), testActors...)
	ti := 0
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		lineEnd := off + len(line)
		body := strings.TrimRight(line, "\n")
		if strings.TrimSpace(body) != "" {
			pi := len(d.Paragraphs)
			par := doc.Paragraph{Span: doc.Span{Start: off, End: off + len(body)}, SentStart: len(d.Sentences)}
			first := ti
			for ti < len(d.Tokens) && d.Tokens[ti].Start < lineEnd {
				t := d.Tokens[ti]
				ti++
				if text[t.Start:t.End] == "." && t.End < len(text) && text[t.End] == ' ' || ti == len(d.Tokens) || d.Tokens[ti].Start >= lineEnd {
					d.Sentences = append(d.Sentences, doc.Sentence{Span: doc.Span{Start: d.Tokens[first].Start, End: t.End}, TokStart: first, TokEnd: ti, Paragraph: pi})
					first = ti
				}
			}
			par.SentEnd = len(d.Sentences)
			d.Paragraphs = append(d.Paragraphs, par)
		}
		off = lineEnd
	}
	taken := make([]bool, len(text))
	n := 0
	for _, e := range testEnts {
		for from := 0; ; {
			k := strings.Index(text[from:], e.text)
			if k < 0 {
				break
			}
			s, end := from+k, from+k+len(e.text)
			from = end
			if taken[s] || (s > 0 && isWordRune(lastRune(text[:s]))) || (end < len(text) && isWordRune(firstRune(text[end:]))) {
				continue
			}
			for b := s; b < end; b++ {
				taken[b] = true
			}
			n++
			first := sort.Search(len(d.Tokens), func(i int) bool { return d.Tokens[i].End > s })
			last := first
			for last < len(d.Tokens) && d.Tokens[last].Start < end {
				last++
			}
			d.Entities = append(d.Entities, doc.Entity{ID: fmt.Sprintf("e%d", n), Span: doc.Span{Start: s, End: end}, TokStart: first, TokEnd: last, Type: e.typ, Actor: e.actor})
		}
	}
	sort.Slice(d.Entities, func(i, j int) bool { return d.Entities[i].Start < d.Entities[j].Start })
	return d
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// describe renders a quote as kind|content|cue|speaker|actor, where kind is
// D (direct), S (scare) or I (indirect).
func describe(d *doc.Document, q doc.Quote) string {
	kind := "D"
	switch {
	case q.Scare:
		kind = "S"
	case !q.Direct:
		kind = "I"
	}
	s := kind + "|" + d.Slice(q.Span)
	if q.Scare {
		return s
	}
	cue, spk, actor := "", "", ""
	if q.Cue != nil {
		cue = d.Slice(*q.Cue)
	}
	if q.Speaker != nil {
		spk, actor = d.Slice(q.Speaker.Span), q.Speaker.Actor
	}
	return s + "|" + cue + "|" + spk + "|" + actor
}

func run(t *testing.T, d *doc.Document) []string {
	t.Helper()
	if err := New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range d.Quotes {
		out = append(out, describe(d, q))
	}
	return out
}

func TestProcess(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"post X said", "“We will not retreat,” Lavrov said.",
			[]string{"D|We will not retreat,|said|Lavrov|lavrov"}},
		{"post said X", "“The talks are over,” said Sergei Lavrov.",
			[]string{"D|The talks are over,|said|Sergei Lavrov|lavrov"}},
		{"post without comma", `"We are ready to talk" Lavrov said on Monday.`,
			[]string{"D|We are ready to talk|said|Lavrov|lavrov"}},
		{"pre colon", "Lavrov said: “Russia will respond to any attack.”",
			[]string{"D|Russia will respond to any attack.|said|Lavrov|lavrov"}},
		{"pre plain", `Lavrov said "Russia will respond to any attack."`,
			[]string{"D|Russia will respond to any attack.|said|Lavrov|lavrov"}},
		{"quoted as saying", "“We are ready,” Zelensky was quoted as saying.",
			[]string{"D|We are ready,|quoted as saying|Zelensky|zelensky"}},
		{"told reporters", "“The sanctions will fail,” Peskov told reporters.",
			[]string{"D|The sanctions will fail,|told|Peskov|peskov"}},
		{"said that", "Peskov said that “the sanctions will fail.”",
			[]string{"D|the sanctions will fail.|said|Peskov|peskov"}},
		{"according to", "According to Peskov, “the sanctions will fail.”",
			[]string{"D|the sanctions will fail.|According to|Peskov|peskov"}},
		{"post according to", "“The sanctions will fail,” according to Peskov.",
			[]string{"D|The sanctions will fail,|according to|Peskov|peskov"}},
		{"appositive speaker", "“Nothing has changed,” Lavrov, Russia’s foreign minister, said.",
			[]string{"D|Nothing has changed,|said|Lavrov|lavrov"}},
		{"auxiliary and adverb", "“Nothing has changed,” Lavrov has repeatedly said.",
			[]string{"D|Nothing has changed,|said|Lavrov|lavrov"}},
		{"partial quote", "Blinken said Russia “must realize that it cannot win this war.”",
			[]string{"D|must realize that it cannot win this war.|said|Blinken|blinken"}},
		{"short partial quote", "Blinken said the offer was “not serious” and should be withdrawn.",
			[]string{"I|the offer was “not serious” and should be withdrawn|said|Blinken|blinken", "D|not serious|said|Blinken|blinken"}},
		{"pronoun he", "Moscow welcomed Sergei Lavrov on Monday. “The meeting was useful,” he said.",
			[]string{"D|The meeting was useful,|said|he|lavrov"}},
		{"pronoun it", "The Kremlin issued a statement on Monday. “Kyiv must negotiate,” it said.",
			[]string{"D|Kyiv must negotiate,|said|it|kremlin"}},
		{"pronoun skips quoted entity", "“Putin cannot win,” Zelensky said. “The world is with us,” he added.",
			[]string{"D|Putin cannot win,|said|Zelensky|zelensky", "D|The world is with us,|added|he|zelensky"}},
		{"unresolved pronoun", "“We will see,” she said.",
			[]string{"D|We will see,|said|she|"}},
		{"nominal with dependent entity", "“No decision has been taken,” the press service of the Kremlin said.",
			[]string{"D|No decision has been taken,|said|the press service of the Kremlin|kremlin"}},
		{"nominal entity", "“Talks will resume,” the Foreign Ministry said.",
			[]string{"D|Talks will resume,|said|Foreign Ministry|mfa"}},
		{"nominal phrase", "“Talks will resume next week,” the spokesman said.",
			[]string{"D|Talks will resume next week,|said|the spokesman|"}},
		{"scare quote", "Officials described the deal as a “historic mistake” on Monday.",
			[]string{"S|historic mistake"}},
		{"scare quote with period", "Critics called the vote a “sham.”",
			[]string{"S|sham."}},
		{"so-called", "Blinken said the so-called “peace plan” was a trap.",
			[]string{"I|the so-called “peace plan” was a trap|said|Blinken|blinken", "S|peace plan"}},
		{"apostrophes", "Syria’s foreign minister met Iran’s envoy in the ministers’ lounge. Assad's aides didn't attend.",
			nil},
		{"straight single scare", "Assad's 'reforms' were rejected by the opposition.",
			[]string{"S|reforms"}},
		{"straight single direct", "'We won't yield,' Assad said.",
			[]string{"D|We won't yield,|said|Assad|assad"}},
		{"curly single with apostrophes", "‘Syria’s people won’t forget,’ Assad said.",
			[]string{"D|Syria’s people won’t forget,|said|Assad|assad"}},
		{"nested", "“They keep talking about a ‘red line’ but nothing happens,” Erdogan said.",
			[]string{"D|They keep talking about a ‘red line’ but nothing happens,|said|Erdogan|erdogan"}},
		{"multi-sentence", "“We will win. The enemy will be defeated,” Zelensky said.",
			[]string{"D|We will win. The enemy will be defeated,|said|Zelensky|zelensky"}},
		{"across paragraphs", "Zelensky said: “We will rebuild every city.\n“We will return every home.”",
			[]string{"D|We will rebuild every city.\n“We will return every home.|said|Zelensky|zelensky"}},
		{"continuation same paragraph", "“We will win,” Zelensky said. “Ukraine will be free.”",
			[]string{"D|We will win,|said|Zelensky|zelensky", "D|Ukraine will be free.||Zelensky|zelensky"}},
		{"continuation next paragraph", "“We will win,” Zelensky said.\n“Ukraine will be free.”",
			[]string{"D|We will win,|said|Zelensky|zelensky", "D|Ukraine will be free.||Zelensky|zelensky"}},
		{"short continuation", "“We will win,” Zelensky said. “Never.”",
			[]string{"D|We will win,|said|Zelensky|zelensky", "D|Never.||Zelensky|zelensky"}},
		{"no continuation after narrative", "“We will win,” Zelensky said.\nThe parliament met later.\n“Ukraine will be free.”",
			[]string{"D|We will win,|said|Zelensky|zelensky", "D|Ukraine will be free.|||"}},
		{"no continuation with narrative in paragraph", "“We will win,” Zelensky said.\nThe vote, he said, was “a turning point for the whole nation” in the war.",
			[]string{"D|We will win,|said|Zelensky|zelensky", "D|a turning point for the whole nation|said|he|zelensky"}},
		{"colon at paragraph end", "Zelensky told parliament:\n“Ukraine will be free.”",
			[]string{"D|Ukraine will be free.|told|Zelensky|zelensky"}},
		{"indirect said that", "Lavrov said that the talks had failed.",
			[]string{"I|the talks had failed|said|Lavrov|lavrov"}},
		{"indirect said", "On Monday, Lavrov said the talks had failed.",
			[]string{"I|the talks had failed|said|Lavrov|lavrov"}},
		{"indirect according to", "According to Peskov, the talks had failed.",
			[]string{"I|the talks had failed|According to|Peskov|peskov"}},
		{"indirect according to after", "The talks had failed, according to Peskov.",
			[]string{"I|The talks had failed|according to|Peskov|peskov"}},
		{"indirect X said after", "The talks had failed, Peskov said on Tuesday.",
			[]string{"I|The talks had failed|said|Peskov|peskov"}},
		{"indirect said X after", "The talks had failed, said Peskov.",
			[]string{"I|The talks had failed|said|Peskov|peskov"}},
		{"indirect told reporters", "Peskov told reporters the talks had failed.",
			[]string{"I|the talks had failed|told|Peskov|peskov"}},
		{"indirect pronoun", "Peskov spoke in Moscow on Tuesday. He said the talks had failed.",
			[]string{"I|the talks had failed|said|He|peskov"}},
		{"indirect nominal", "The spokesman for the Kremlin said the talks had failed.",
			[]string{"I|the talks had failed|said|The spokesman for the Kremlin|kremlin"}},
		{"weak cue noun", "Member states said the talks had failed.",
			[]string{"I|the talks had failed|said|Member states|"}},
		{"determiner blocks cue", "The said agreement expired in May.",
			nil},
		// Unpaired marks are ignored; the sentence is still reported speech.
		{"unbalanced open", "“We will win, Zelensky said.",
			[]string{"I|We will win|said|Zelensky|zelensky"}},
		{"unbalanced close", "We will win,” Zelensky said.",
			[]string{"I|We will win|said|Zelensky|zelensky"}},
		{"straight unbalanced", `He said "yes and "no.`,
			[]string{`I|yes and "no|said|He|`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, makeDoc(tc.text))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("hand-built layers:\ngot  %q\nwant %q", got, tc.want)
			}
			// The same text with no token layers goes through Segment.
			d := makeDoc(tc.text)
			d.Tokens, d.Sentences, d.Paragraphs = nil, nil, nil
			got = run(t, d)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Segment layers:\ngot  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestUnbalancedWarns(t *testing.T) {
	for _, text := range []string{
		"“We will win, Zelensky said.\nThe parliament met.",
		"““”",
		"Zelensky said: “We will win.\nThe parliament met.",
		"\"",
	} {
		d := makeDoc(text)
		run(t, d)
		if len(d.Warnings) == 0 {
			t.Errorf("%q: no warning", text)
		}
	}
}

func TestMarks(t *testing.T) {
	tests := []struct {
		text string
		want []string // quoted contents
	}{
		{"Syria’s envoy said he didn’t know.", nil},
		{"the ministers’ talks and the ministers' talks", nil},
		{"rock ’n’ roll", nil},
		{`He said "no" and 'yes'.`, []string{"no", "yes"}},
		{"«Non», dit-il.", []string{"Non"}},
		{"“A ‘b’ c” and “d”", []string{"A ‘b’ c", "d"}},
		{"“Open\n“still open”", []string{"Open\n“still open"}},
		{"“Open\nnot continued”", nil},
		{"In the '90s, he said: “We won.”", []string{"We won."}},
		{`"A "b" c"`, []string{`A "b" c`}},
	}
	for _, tc := range tests {
		_, _, paras := Segment(tc.text)
		spans := make([]doc.Span, len(paras))
		for i, p := range paras {
			spans[i] = p.Span
		}
		pairs, _ := findPairs(tc.text, spans)
		var got []string
		for _, p := range pairs {
			got = append(got, tc.text[p.content.Start:p.content.End])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestSegment(t *testing.T) {
	text := "Mr. Putin met U.S. envoys. “We agreed,” he said. Russia’s 1,000 troops left!\n\nNew paragraph here."
	toks, sents, paras := Segment(text)
	if len(paras) != 2 {
		t.Fatalf("paragraphs: got %d, want 2", len(paras))
	}
	var ss []string
	for _, s := range sents {
		ss = append(ss, text[s.Start:s.Span.End])
	}
	want := []string{"Mr. Putin met U.S. envoys.", "“We agreed,” he said.", "Russia’s 1,000 troops left!", "New paragraph here."}
	if strings.Join(ss, "|") != strings.Join(want, "|") {
		t.Errorf("sentences: got %q, want %q", ss, want)
	}
	var ts []string
	for _, tk := range toks[sents[2].TokStart:sents[2].TokEnd] {
		ts = append(ts, text[tk.Start:tk.End])
	}
	if got := strings.Join(ts, " "); got != "Russia ’s 1,000 troops left !" {
		t.Errorf("tokens: got %q", got)
	}
}

func TestCues(t *testing.T) {
	cues := Cues()
	if !sort.StringsAreSorted(cues) || len(cues) < 15 {
		t.Errorf("Cues() = %v", cues)
	}
	for _, w := range []string{"said", "Told", "quoted", "warned"} {
		if _, amb, ok := CueLemma(w); !ok || amb {
			t.Errorf("CueLemma(%q) = _, %v, %v", w, amb, ok)
		}
	}
	if l, amb, ok := CueLemma("states"); !ok || !amb || l != "state" {
		t.Errorf("CueLemma(states) = %q, %v, %v", l, amb, ok)
	}
	if _, _, ok := CueLemma("walked"); ok {
		t.Error("walked is not a cue")
	}
}

func TestTaggedTokens(t *testing.T) {
	// With parts of speech set, a cue must be tagged VERB.
	d := makeDoc("Officials note the talks had failed.")
	for i := range d.Tokens {
		d.Tokens[i].UPOS = "NOUN"
	}
	if got := run(t, d); len(got) != 0 {
		t.Errorf("noun cue accepted: %q", got)
	}
	d = makeDoc("Officials note the talks had failed.")
	for i := range d.Tokens {
		d.Tokens[i].UPOS = "NOUN"
		if d.TokenText(i) == "note" {
			d.Tokens[i].UPOS = "VERB"
		}
	}
	if got := run(t, d); strings.Join(got, "") != "I|the talks had failed|note|Officials|" {
		t.Errorf("verb cue: got %q", got)
	}
}

func TestIDsAndSpeakerFields(t *testing.T) {
	d := makeDoc("“We will not retreat,” Lavrov said. The talks had failed, Peskov said.")
	d.Quotes = []doc.Quote{{ID: "q1"}}
	run(t, d)
	if len(d.Quotes) != 3 || d.Quotes[1].ID != "q2" || d.Quotes[2].ID != "q3" {
		t.Fatalf("quotes: %+v", d.Quotes)
	}
	sp := d.Quotes[1].Speaker
	if sp == nil || sp.Country != "RUS" || sp.Sector != "GOV" {
		t.Errorf("speaker: %+v", sp)
	}
}

func FuzzProcess(f *testing.F) {
	for _, s := range []string{
		"“We will not retreat,” Lavrov said.",
		"Zelensky said: “We will rebuild.\n“We will return.”",
		`He said "yes and "no.`,
		"'’‘“”\"«»„",
		"Syria’s ‘red line’, according to Lavrov, “was” crossed, he said.",
		"\n\n“\n”",
		"\xff“a\xfe”",
	} {
		f.Add(s)
	}
	st := New()
	f.Fuzz(func(t *testing.T, text string) {
		for _, hand := range []bool{true, false} {
			d := makeDoc(text)
			if !hand {
				d.Tokens, d.Sentences, d.Paragraphs = nil, nil, nil
			}
			if err := st.Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			in := func(s doc.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(text) }
			for _, q := range d.Quotes {
				if !in(q.Span) || (q.Cue != nil && !in(*q.Cue)) || (q.Speaker != nil && !in(q.Speaker.Span)) {
					t.Fatalf("span out of bounds in %q: %+v", text, q)
				}
				if q.Scare && (q.Direct || q.Cue != nil || q.Speaker != nil) {
					t.Fatalf("scare quote with speech fields: %+v", q)
				}
			}
		}
	})
}
