package count

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// lexMap is a SectorLexicon for tests.
type lexMap map[string]string

func (m lexMap) Sector(n string) (string, bool) {
	s, ok := m[n]
	return s, ok
}

var testLex = lexMap{
	"soldier": "MIL", "troops": "MIL", "troop": "MIL", "army": "MIL",
	"police": "COP", "policeman": "COP", "security forces": "COP",
	"protester": "OPP", "demonstrator": "OPP", "rebel": "REB",
	"ministry": "GOV", "government": "GOV", "journalist": "MED",
	"student": "EDU", "alumnus": "EDU", "refugee": "REF", "gunman": "UAF",
	"villager": "CVL", "schoolgirl": "CVL",
}

// tokenize splits text into words and punctuation. Numbers such as 5,400
// and 1.5 stay whole; so do hyphenated words unless splitHyphen is set.
func tokenize(text string, splitHyphen bool) []doc.Token {
	var toks []doc.Token
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	at := func(i int) rune {
		if i < 0 || i >= len(text) {
			return 0
		}
		r, _ := utf8.DecodeRuneInString(text[i:])
		return r
	}
	before := func(i int) rune {
		if i <= 0 {
			return 0
		}
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		return r
	}
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			if len(toks) > 0 {
				toks[len(toks)-1].SpaceAfter = true
			}
			i += sz
			continue
		}
		if !isWord(r) {
			toks = append(toks, doc.Token{Span: doc.Span{Start: i, End: i + sz}, Head: -1})
			i += sz
			continue
		}
		j := i + sz
		for j < len(text) {
			r2, sz2 := utf8.DecodeRuneInString(text[j:])
			if isWord(r2) {
				j += sz2
				continue
			}
			p, nx := before(j), at(j+sz2)
			switch {
			case (r2 == ',' || r2 == '.') && unicode.IsDigit(p) && unicode.IsDigit(nx):
			case r2 == '.' && unicode.IsLetter(p) && unicode.IsLetter(nx) && unicode.IsUpper(p):
			case r2 == '-' && !splitHyphen && isWord(p) && isWord(nx):
			case (r2 == '\'' || r2 == '’') && unicode.IsLetter(p) && unicode.IsLetter(nx):
			default:
				goto done
			}
			j += sz2
		}
	done:
		toks = append(toks, doc.Token{Span: doc.Span{Start: i, End: j}, Head: -1})
		i = j
	}
	return toks
}

// build makes a Document with tokens and sentences; a sentence ends after
// ".", "!" or "?".
func build(text string, splitHyphen bool) *doc.Document {
	d := doc.New("t", text)
	d.Tokens = tokenize(text, splitHyphen)
	first := 0
	for i, t := range d.Tokens {
		w := text[t.Start:t.End]
		if w == "." || w == "!" || w == "?" || i == len(d.Tokens)-1 {
			d.Sentences = append(d.Sentences, doc.Sentence{
				Span:  doc.Span{Start: d.Tokens[first].Start, End: t.End},
				First: first, End: i + 1,
			})
			first = i + 1
		}
	}
	return d
}

// addEntity marks the first occurrence of sub as an entity of the given
// actor, adding the actor when it is new.
func addEntity(d *doc.Document, sub, typ, actor, country, sector string) {
	a := strings.Index(d.Text, sub)
	if a < 0 {
		panic("no " + sub)
	}
	sp := doc.Span{Start: a, End: a + len(sub)}
	first, end := -1, -1
	for i, t := range d.Tokens {
		if t.Overlaps(sp) {
			if first < 0 {
				first = i
			}
			end = i + 1
		}
	}
	id := "E" + string(rune('0'+len(d.Entities)+1))
	d.Entities = append(d.Entities, doc.Entity{ID: id, Span: sp, First: first, End: end, Type: typ, Actor: actor})
	if actor != "" && d.ActorByID(actor) == nil {
		d.Actors = append(d.Actors, doc.Actor{ID: actor, Country: country, Sector: sector, Code: country + sector, Mentions: []string{id}})
	}
}

// addTimex marks the first occurrence of sub as a resolved timex.
func addTimex(d *doc.Document, sub, value, precision string) {
	a := strings.Index(d.Text, sub)
	if a < 0 {
		panic("no " + sub)
	}
	d.Timexes = append(d.Timexes, doc.Timex{Span: doc.Span{Start: a, End: a + len(sub)}, Value: value, Precision: precision, Relation: "on"})
}
