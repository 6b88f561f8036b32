// Package quote finds quotations in news text: direct quotes (full and
// partial), scare quotes and indirect (reported) speech, with the speech
// verb that cues them and the speaker they are attributed to.
//
// # Quotation marks
//
// Curly (“ ” ‘ ’), straight (" ') and angle (« ») marks are recognised. An
// apostrophe between two letters ("Syria’s", "don't") is never a mark; a
// single mark opens a quote only after a space, the start of the paragraph,
// a bracket, a dash or another opening mark, and closes one only when a
// single quote is open and a space, punctuation or the end follows. Quotes
// nested inside a quote are not recorded: they stay part of the outer
// quote's content. A quote left open at the end of a paragraph continues
// when the next paragraph starts with an opening mark of the same kind; the
// content then covers both paragraphs (the paragraph break and the reopening
// mark included). Other unbalanced marks are ignored with a warning.
//
// # Attribution of a direct quote
//
// In order of preference:
//
//  1. a cue right before the quote: `X said: "…"`, `X said "…"`,
//     `X said that "…"`, `X told reporters: "…"`, `according to X, "…"`,
//     and, for a quote-only paragraph, a previous paragraph ending in
//     `X said:`;
//  2. a cue right after it: `"…," X said`, `"…," said X`, `"…" X said`,
//     `"…," X was quoted as saying`, `"…," X told reporters`,
//     `"…," according to X`;
//  3. a cue earlier in the same sentence (a partial quote):
//     `X said Russia "must realize that …"`;
//  4. a reported-speech frame around it in the sentence:
//     `Russia's "special operation" will go on, X said`;
//  5. a colon: in a transcript line (`NAME: … "…"`) the name, else the
//     subject of the clause before the colon (`X put it bluntly: "…"`);
//  6. the subject of the verb the quote depends on in the parse, when it
//     is a name or a pronoun (`Merkel condemned "such a murderous attack"`).
//
// After a quote ending in a comma, "!" or "?", a past- or present-tense
// verb next to a name is a cue even outside the lexicon (`"…!" beamed X`,
// `"…," X gloated`). A participle cue takes its clause's subject (`X said
// …, adding: "…"`). Cases 3, 4 and 6 do not apply after "so-called", and 6
// not to scare-shaped quotes. The speaker is the noun
// phrase next to the cue. A pronoun (he, she, they, it) resolves to the
// closest preceding entity with an actor and a compatible type (he/she:
// PERSON; they/it: ORG, GPE, NORP), searching back from the quote and
// skipping entities inside quotes; the participant keeps the pronoun's span.
// Any other phrase resolves to the entity inside it that heads it (not a
// possessor "Russia's", not a complement "of the ministry", preferring the
// part before an appositive comma); the participant then has the entity's
// span. When only a dependent entity is found ("a spokesman for the
// Pentagon") the participant has the whole phrase's span and that entity's
// actor. With no entity it has the phrase's span and Actor "".
//
// # Scare quotes
//
// An unattributed quote of at most four words with no "!" or "?" and no
// sentence break inside is a scare quote (Scare true, Direct false, no cue or
// speaker), unless it stands at the start of a sentence and ends in a period
// (`"No."`), which makes it a quoted sentence.
//
// # Continuations
//
// An unattributed direct quote that starts a sentence inherits the speaker
// (not the cue) of the latest attributed quote or reported-speech sentence
// when that one is in the same paragraph and in the same or the previous
// sentence, or when it is in the previous paragraph and the quote's own
// paragraph contains nothing but quoted text. These are the usual news
// readings of `"…," he said. "…"` and of a quote-only paragraph after a
// quoted speaker.
//
// # Indirect speech
//
// Each sentence is matched against one reported-speech frame:
// `according to X, CLAUSE`; `CLAUSE, according to X`; `X said (that)
// CLAUSE` (also `X told reporters (that) CLAUSE`), with X at the start of
// the sentence or after a comma; `CLAUSE, X said` and `CLAUSE, said X`. It
// yields a quote with Direct false, the CLAUSE as Span (final punctuation
// excluded), and the cue and speaker, unless direct quotes cover half or more
// of the clause. When none matches and the sentence is parsed, a speech verb
// or a verb of belief or finding (think, believe, show, find...) with a
// subject and a clausal complement anywhere in the sentence gives the frame
// (depFrame), the complementizer left out of the content.
package quote

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/dyad-events/dyad/doc"
)

// Stage is the quotation stage. It is read-only after New and safe for
// concurrent use.
type Stage struct {
	cues map[string]cueForm
}

// New returns a quotation stage using the built-in cue lexicon.
func New() *Stage { return &Stage{cues: buildCueIndex()} }

// Name returns "quotes".
func (s *Stage) Name() string { return "quotes" }

// Process appends the quotes found in d to d.Quotes. It uses d.Tokens,
// d.Sentences and d.Paragraphs when they are present and consistent, and
// segments the text itself (see Segment) otherwise; parts-of-speech are used
// when a tagger has set them. Entities and actors resolve speakers.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	if d == nil {
		return errors.New("quote: nil document")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	v := newView(s, d)
	qs := v.run()
	base := len(d.Quotes)
	for i := range qs {
		qs[i].ID = fmt.Sprintf("q%d", base+i+1)
	}
	d.Quotes = append(d.Quotes, qs...)
	return nil
}

// view is the per-document working state.
type view struct {
	s      *Stage
	d      *doc.Document
	text   string
	toks   []doc.Token
	sents  []doc.Sentence
	paras  []doc.Paragraph
	ents   []entity
	entOf  []int // per token: index into ents of the entity covering it, or -1
	entEnd []bool
	tagged bool

	pairs  []pair
	pairOf []int // per token: index of the pair whose marks enclose it, or -1
	direct []bool
}

// entity is a valid document entity with its token range in the view.
type entity struct {
	doc.Entity
	first, end int
}

func newView(s *Stage, d *doc.Document) *view {
	v := &view{s: s, d: d, text: d.Text}
	if layersValid(d) {
		v.toks, v.sents, v.paras = d.Tokens, d.Sentences, d.Paragraphs
	} else {
		if len(d.Tokens) > 0 || len(d.Sentences) > 0 {
			d.Warn("quotes: token, sentence or paragraph layer missing or inconsistent; segmenting the text")
		}
		v.toks, v.sents, v.paras = Segment(d.Text)
	}
	for _, t := range v.toks {
		if t.UPOS != "" {
			v.tagged = true
			break
		}
	}
	v.entOf = make([]int, len(v.toks))
	v.entEnd = make([]bool, len(v.toks))
	for i := range v.entOf {
		v.entOf[i] = -1
	}
	for _, e := range d.Entities {
		if e.Start < 0 || e.Span.End > len(d.Text) || e.Start >= e.Span.End {
			continue
		}
		first := v.tokAtOrAfter(e.Start)
		end := first
		for end < len(v.toks) && v.toks[end].Start < e.Span.End {
			end++
		}
		if first >= end {
			continue
		}
		v.ents = append(v.ents, entity{Entity: e, first: first, end: end})
	}
	sort.SliceStable(v.ents, func(i, j int) bool { return v.ents[i].Start < v.ents[j].Start })
	for k, e := range v.ents {
		for i := e.first; i < e.end; i++ {
			if v.entOf[i] < 0 {
				v.entOf[i] = k
			}
		}
		v.entEnd[e.end-1] = true
	}
	return v
}

// layersValid reports whether d's token, sentence and paragraph layers are
// present, in bounds and ordered.
func layersValid(d *doc.Document) bool {
	if len(d.Tokens) == 0 || len(d.Sentences) == 0 || len(d.Paragraphs) == 0 {
		return false
	}
	prev := 0
	for _, t := range d.Tokens {
		if t.Start < prev || t.End <= t.Start || t.End > len(d.Text) {
			return false
		}
		prev = t.End
	}
	prevEnd := 0
	for _, s := range d.Sentences {
		if s.TokStart < prevEnd || s.TokEnd < s.TokStart || s.TokEnd > len(d.Tokens) || s.Start < 0 || s.Span.End > len(d.Text) {
			return false
		}
		prevEnd = s.TokEnd
	}
	prev = 0
	for _, p := range d.Paragraphs {
		if p.Start < prev || p.Span.End < p.Start || p.Span.End > len(d.Text) {
			return false
		}
		prev = p.Span.End
	}
	return true
}
