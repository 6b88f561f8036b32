package text

import (
	"context"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/doc"
)

// Splitter satisfies pipeline.Stage, whose method set this repeats (the
// pipeline package imports this one, so the test cannot import it).
var _ interface {
	Name() string
	Process(context.Context, *doc.Document) error
} = Splitter{}

// words returns the texts of spans joined by " | ".
func words(s string, spans []doc.Span) string {
	parts := make([]string, len(spans))
	for i, sp := range spans {
		parts[i] = s[sp.Start:sp.End]
	}
	return strings.Join(parts, " | ")
}

func TestTokenize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The ministers met on Tuesday.", "The | ministers | met | on | Tuesday | ."},
		// Abbreviations and initials keep their period.
		{"Mr. Ortega and Mrs. Lind met Dr. Hale in Feb. at the U.N. office",
			"Mr. | Ortega | and | Mrs. | Lind | met | Dr. | Hale | in | Feb. | at | the | U.N. | office"},
		{"Lt. Gen. Ruiz, Gov. Park, Sen. Obi and Rep. Tan spoke",
			"Lt. | Gen. | Ruiz | , | Gov. | Park | , | Sen. | Obi | and | Rep. | Tan | spoke"},
		{"Acme Inc. and Zeta Corp. sued St. Mary's over No. 5 vs. No. 6, etc. for weeks",
			"Acme | Inc. | and | Zeta | Corp. | sued | St. | Mary | 's | over | No. | 5 | vs. | No. | 6 | , | etc. | for | weeks"},
		{"Some towns, e.g. Lagos, i.e. big ones", "Some | towns | , | e.g. | Lagos | , | i.e. | big | ones"},
		{"George W. Bush and J. R. R. Tolkien", "George | W. | Bush | and | J. | R. | R. | Tolkien"},
		// A period that ends the sentence after an abbreviation is its own
		// token, as in EWT.
		{"Troops left the U.S. The president said so.", "Troops | left | the | U.S | . | The | president | said | so | ."},
		{"They met in the U.S.", "They | met | in | the | U.S | ."},
		{"Troops left the U.S. Embassy", "Troops | left | the | U.S. | Embassy"},
		{"No. I said no.", "No | . | I | said | no | ."},
		// Numbers.
		{"5,400 people, 1.5 million, 2.4% and 5:30", "5,400 | people | , | 1.5 | million | , | 2.4 | % | and | 5:30"},
		{"It cost $3.5bn or US$ 40m, up 12pc", "It | cost | $ | 3.5 | bn | or | US | $ | 40 | m | , | up | 12 | pc"},
		{"the 1990s, his 2nd term and the '90s", "the | 1990s | , | his | 2nd | term | and | the | '90s"},
		// Hyphens: split as EWT does, except after common prefixes and in
		// phone numbers and dates.
		{"an 11-month, well-known anti-war e-mail from 1969-1970", "an | 11 | - | month | , | well | - | known | anti-war | e-mail | from | 1969 | - | 1970"},
		{"call 713-853-3989 or 646-8420 on 11-20-2000", "call | 713-853-3989 | or | 646-8420 | on | 11-20-2000"},
		{"on 9/11 and 04/30/2001, and/or AT&T", "on | 9/11 | and | 04/30/2001 | , | and | / | or | AT&T"},
		// Quotes, apostrophes and clitics.
		{`"We won't," he said. “No,” she said.`, `" | We | wo | n't | , | " | he | said | . | “ | No | , | ” | she | said | .`},
		{"al-Assad’s forces and Syria's army don't, can't or I'm",
			"al | - | Assad | ’s | forces | and | Syria | 's | army | do | n't | , | ca | n't | or | I | 'm"},
		{"they'll, we've, you're, he'd and O'Brien", "they | 'll | , | we | 've | , | you | 're | , | he | 'd | and | O'Brien"},
		{"the Tigers' chief called them 'terrorists'", "the | Tigers | ' | chief | called | them | ' | terrorists | '"},
		{"He cannot go", "He | can | not | go"},
		{"``Yes,'' he said", "`` | Yes | , | '' | he | said"},
		// Dashes.
		{"Kabul - the capital - fell—again – today -- really", "Kabul | - | the | capital | - | fell | — | again | – | today | -- | really"},
		// Links.
		{"See http://www.example.org/a-b?x=1&y=2. Or (www.example.com).", "See | http://www.example.org/a-b?x=1&y=2 | . | Or | ( | www.example.com | ) | ."},
		{"Mail <press.office@example.gov>, now", "Mail | < | press.office@example.gov | > | , | now"},
		// Ellipses and repeated punctuation.
		{"Well... maybe… no?! Really!!!", "Well | ... | maybe | … | no | ?! | Really | !!!"},
		{"Brackets (and [more]) {too}", "Brackets | ( | and | [ | more | ] | ) | { | too | }"},
		{"Nice :) or :-( ok", "Nice | :) | or | :-( | ok"},
		// Datelines are tokenized as usual.
		{"MOSCOW, Feb 8 (Reuters) - Russia", "MOSCOW | , | Feb | 8 | ( | Reuters | ) | - | Russia"},
		{"", ""},
		{"   \n\t ", ""},
		{"Zürich’s café “Über”", "Zürich | ’s | café | “ | Über | ”"},
	}
	for _, tt := range tests {
		if got := words(tt.in, Tokenize(tt.in)); got != tt.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestSurfaceTokens(t *testing.T) {
	in := "We don't know the Tigers' or Bush's plans, 'they' said"
	want := "We | don't | know | the | Tigers' | or | Bush's | plans | , | ' | they | ' | said"
	if got := words(in, SurfaceTokens(in)); got != want {
		t.Errorf("SurfaceTokens(%q)\n got %s\nwant %s", in, got, want)
	}
}

// sentences returns the sentence texts of s, one per line.
func sentences(s string) string {
	var d = doc.New("t", s)
	if err := (Splitter{}).Process(context.Background(), d); err != nil {
		panic(err)
	}
	var b strings.Builder
	for _, se := range d.Sentences {
		b.WriteString(d.Slice(se.Span))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestSentences(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Rain fell. The river rose! Did it flood? Yes.",
			"Rain fell.\nThe river rose!\nDid it flood?\nYes.\n"},
		// Abbreviations and initials.
		{"Mr. Smith met Lt. Gen. Ruiz at 5 p.m. on Monday. They talked.",
			"Mr. Smith met Lt. Gen. Ruiz at 5 p.m. on Monday.\nThey talked.\n"},
		{"George W. Bush spoke. J. R. R. Tolkien wrote.", "George W. Bush spoke.\nJ. R. R. Tolkien wrote.\n"},
		{"Aid reached the U.S. The president said it was late.",
			"Aid reached the U.S.\nThe president said it was late.\n"},
		{"Aid reached the U.S. Embassy in Rome.", "Aid reached the U.S. Embassy in Rome.\n"},
		{"It rose 1.5 percent to No. 3 in Jan. 2024.", "It rose 1.5 percent to No. 3 in Jan. 2024.\n"},
		// Quotes after the terminal belong to the sentence before.
		{`"We will fight," he said. "We will win." Then he left.`,
			"\"We will fight,\" he said.\n\"We will win.\"\nThen he left.\n"},
		{"“Why now?” she asked. “Because.”", "“Why now?” she asked.\n“Because.”\n"},
		{"He left (finally.) Then rain.", "He left (finally.)\nThen rain.\n"},
		// Ellipses.
		{"He paused... Then he spoke... slowly.", "He paused...\nThen he spoke... slowly.\n"},
		// Line breaks end paragraphs and sentences.
		{"First line without a stop\nSecond line\n\nThird. Fourth",
			"First line without a stop\nSecond line\nThird.\nFourth\n"},
		// Datelines become their own sentence.
		{"MOSCOW, Feb 8 (Reuters) - Russia said on Friday it would act.",
			"MOSCOW, Feb 8 (Reuters) -\nRussia said on Friday it would act.\n"},
		{"KABUL — Gunmen attacked a checkpoint.", "KABUL —\nGunmen attacked a checkpoint.\n"},
		{"NATO said the talks - which began Monday - failed.", "NATO said the talks - which began Monday - failed.\n"},
		// URLs and numbers do not end sentences.
		{"See www.example.org for 3.5 times more.", "See www.example.org for 3.5 times more.\n"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := sentences(tt.in); got != tt.want {
			t.Errorf("sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestProcess(t *testing.T) {
	s := "  KABUL (AP) — Talks failed.\r\n\r\nOfficials said \"no\".  \n Rain. "
	d := doc.New("t", s)
	d.Tokens = []doc.Token{{Head: 3}}
	if err := New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if New().Name() != "text" {
		t.Error("name")
	}
	checkDoc(t, d)
	if len(d.Paragraphs) != 3 {
		t.Fatalf("paragraphs = %d, want 3", len(d.Paragraphs))
	}
	paras := []string{"KABUL (AP) — Talks failed.", `Officials said "no".`, "Rain."}
	for i, p := range d.Paragraphs {
		if got := d.Slice(p.Span); got != paras[i] {
			t.Errorf("paragraph %d = %q, want %q", i, got, paras[i])
		}
	}
	wantSents := []string{"KABUL (AP) —", "Talks failed.", `Officials said "no".`, "Rain."}
	if len(d.Sentences) != len(wantSents) {
		t.Fatalf("sentences = %d, want %d", len(d.Sentences), len(wantSents))
	}
	for i, se := range d.Sentences {
		if got := d.Slice(se.Span); got != wantSents[i] {
			t.Errorf("sentence %d = %q, want %q", i, got, wantSents[i])
		}
	}
	if d.Sentences[2].Paragraph != 1 || d.Paragraphs[0].SentEnd != 2 {
		t.Errorf("sentence/paragraph links wrong: %+v %+v", d.Sentences, d.Paragraphs)
	}
	for i, tk := range d.Tokens {
		if tk.Head != -1 {
			t.Errorf("token %d head %d", i, tk.Head)
		}
	}
	// "failed" has no space after it; "failed." has a line break.
	i := d.TokenAt(strings.Index(s, "failed"))
	if d.Tokens[i].SpaceAfter || !d.Tokens[i+1].SpaceAfter {
		t.Errorf("SpaceAfter wrong around %q", d.TokenText(i))
	}
	if last := d.Tokens[len(d.Tokens)-1]; !last.SpaceAfter {
		t.Error("last token is followed by a space")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := New().Process(ctx, doc.New("x", "y")); err == nil {
		t.Error("no error on a cancelled context")
	}
}

func TestInvalidUTF8(t *testing.T) {
	s := "Bad \xff\xfe bytes\xc3. And \xe2\x80 more.\x80"
	d := doc.New("t", s)
	if err := New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	checkDoc(t, d)
}

// checkDoc checks the invariants of Process's output.
func checkDoc(t *testing.T, d *doc.Document) {
	t.Helper()
	s := d.Text
	spans := make([]doc.Span, len(d.Tokens))
	for i, tk := range d.Tokens {
		spans[i] = tk.Span
	}
	checkSpans(t, s, spans)
	next := 0
	for i, se := range d.Sentences {
		if se.TokStart != next || se.TokEnd <= se.TokStart || se.TokEnd > len(d.Tokens) {
			t.Fatalf("sentence %d covers tokens [%d,%d), want start %d", i, se.TokStart, se.TokEnd, next)
		}
		if se.Start != d.Tokens[se.TokStart].Start || se.Span.End != d.Tokens[se.TokEnd-1].End {
			t.Fatalf("sentence %d span %v does not match its tokens", i, se.Span)
		}
		if se.Paragraph < 0 || se.Paragraph >= len(d.Paragraphs) {
			t.Fatalf("sentence %d paragraph %d", i, se.Paragraph)
		}
		p := d.Paragraphs[se.Paragraph]
		if i < p.SentStart || i >= p.SentEnd || !p.Contains(se.Span) {
			t.Fatalf("sentence %d %+v not in its paragraph %d %+v", i, se, se.Paragraph, p)
		}
		next = se.TokEnd
	}
	if next != len(d.Tokens) {
		t.Fatalf("sentences cover %d of %d tokens", next, len(d.Tokens))
	}
	next = 0
	for i, p := range d.Paragraphs {
		if p.SentStart != next || p.SentEnd <= p.SentStart || p.SentEnd > len(d.Sentences) {
			t.Fatalf("paragraph %d covers sentences [%d,%d), want start %d", i, p.SentStart, p.SentEnd, next)
		}
		if p.Start != d.Sentences[p.SentStart].Start || p.Span.End != d.Sentences[p.SentEnd-1].Span.End {
			t.Fatalf("paragraph %d span %v does not match its sentences", i, p.Span)
		}
		next = p.SentEnd
	}
	if next != len(d.Sentences) {
		t.Fatalf("paragraphs cover %d of %d sentences", next, len(d.Sentences))
	}
}

// checkSpans checks that token spans are non-empty, increasing, inside s and
// cover all of its non-space text.
func checkSpans(t *testing.T, s string, spans []doc.Span) {
	t.Helper()
	pos := 0
	for i, sp := range spans {
		if sp.Start < pos || sp.End <= sp.Start || sp.End > len(s) {
			t.Fatalf("token %d span %v bad after offset %d in %q", i, sp, pos, s)
		}
		if !allSpace(s[pos:sp.Start]) {
			t.Fatalf("text %q before token %d is not covered in %q", s[pos:sp.Start], i, s)
		}
		pos = sp.End
	}
	if !allSpace(s[pos:]) {
		t.Fatalf("text %q at the end is not covered in %q", s[pos:], s)
	}
}

func allSpace(s string) bool {
	for i := 0; i < len(s); {
		r, w := decode(s, i)
		if !isSpace(r) {
			return false
		}
		i += w
	}
	return true
}
