package entity

import (
	"context"
	"fmt"
	"strings"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/kb"
	"github.com/dyad-events/dyad/ner"
)

// Recognizer finds names in the sentences of a document: for each sentence,
// mentions as word ranges with a type (PERSON, ORG, LOC, MISC). ner.Model
// implements it.
type Recognizer interface {
	RecognizeDoc(sentences [][]string, upos [][]string) [][]ner.Mention
}

// Stage finds entity mentions. It runs after tokenisation and tagging and is
// safe for concurrent use.
type Stage struct {
	kb  *kb.KB
	ner Recognizer
}

// New returns an entity stage reading names from k and, when rec is not nil,
// from a trained recognizer. Knowledge-base names and role phrases come
// first; the recognizer adds the names the knowledge base does not know.
func New(k *kb.KB, rec Recognizer) *Stage { return &Stage{kb: k, ner: rec} }

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "entities" }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	surnames := map[string]bool{} // names of people already mentioned
	allWords := make([][]string, len(d.Sentences))
	allUPOS := make([][]string, len(d.Sentences))
	for si, sent := range d.Sentences {
		for t := sent.TokStart; t < sent.TokEnd; t++ {
			allWords[si] = append(allWords[si], d.TokenText(t))
			allUPOS[si] = append(allUPOS[si], d.Tokens[t].UPOS)
		}
	}
	var names [][]ner.Mention
	if s.ner != nil {
		names = s.ner.RecognizeDoc(allWords, allUPOS)
	}
	for si, sent := range d.Sentences {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		words, upos := allWords[si], allUPOS[si]
		nameAt := map[int]ner.Mention{}
		if si < len(names) {
			for _, m := range names[si] {
				if m.Start >= 0 && m.End <= len(words) && m.Start < m.End {
					nameAt[m.Start] = m
				}
			}
		}
		for i := 0; i < len(words); {
			if isCapitalised(words[i]) && surnames[Surname(words[i:i+1])] {
				// A later mention of a person by surname alone. nameRun
				// may take nothing (a surname that is also a weekday:
				// "Mike Friday", then "on Friday").
				if _, e := nameRun(s.kb, words, upos, i); e > i {
					s.add(d, sent.TokStart+i, sent.TokStart+e, "PERSON")
					i = e
					continue
				}
			}
			p, ok := Parse(s.kb, words, upos, i, i == 0)
			if m, found := nameAt[i]; ok && found && m.End > i+p.N && m.Type != "PERSON" && p.Noun == "" && !p.HasName() &&
				p.Entry != nil && (p.Entry.Kind == kb.KindDemonym || p.Entry.Kind == kb.KindCountry) {
				// A longer name that opens with a country word ("Rwandan
				// Patriotic Front", "Kenya Anti-Corruption Commission").
				ok = false
			}
			if !ok {
				if m, found := nameAt[i]; found {
					if m.End-m.Start == 1 && isCalendarWord(words[m.Start]) {
						// "On Friday": a weekday or month alone is a date,
						// even after a person named Friday.
						i++
						continue
					}
					if j := s.phraseInside(words, upos, m); j > 0 {
						// "Angry French paper workers": the recognizer's
						// name ends inside a longer mention the knowledge
						// base reads; the capitalised word before it is
						// not part of a name.
						i = j
						continue
					}
					// A name the knowledge base does not know.
					s.add(d, sent.TokStart+m.Start, sent.TokStart+m.End, m.Type)
					if m.Type == "PERSON" {
						surnames[Surname(words[m.Start:m.End])] = true
					}
					i = m.End
					continue
				}
				i++
				continue
			}
			typ := phraseType(p)
			// Entity spans leave out a leading article, as NER corpora do.
			from := i
			if isArticle(words[i]) && p.N > 1 {
				from++
			}
			s.add(d, sent.TokStart+from, sent.TokStart+i+p.N, typ)
			if p.HasName() {
				name := words[i+p.NameStart : i+p.NameEnd]
				surnames[Surname(name)] = true
			}
			i += p.N
		}
	}
	return nil
}

// phraseInside returns the word offset, inside name m, of a mention that
// the knowledge base reads past m's end, or 0 when there is none.
func (s *Stage) phraseInside(words, upos []string, m ner.Mention) int {
	for j := m.Start + 1; j < m.End; j++ {
		if p, ok := Parse(s.kb, words, upos, j, false); ok && j+p.N > m.End {
			return j
		}
	}
	return 0
}

func (s *Stage) add(d *doc.Document, first, end int, typ string) {
	d.Entities = append(d.Entities, doc.Entity{
		ID:       fmt.Sprintf("e%d", len(d.Entities)+1),
		Span:     doc.Span{Start: d.Tokens[first].Start, End: d.Tokens[end-1].End},
		TokStart: first, TokEnd: end, Type: typ,
	})
}

// phraseType maps a parsed mention to an entity type.
func phraseType(p Phrase) string {
	if p.HasName() {
		return "PERSON"
	}
	if p.Noun != "" {
		return "ORG"
	}
	switch p.Entry.Kind {
	case kb.KindCountry, kb.KindCapital:
		return "GPE"
	case kb.KindDemonym:
		return "NORP"
	case kb.KindRegion:
		return "LOC"
	case kb.KindPerson:
		return "PERSON"
	}
	return "ORG"
}

// Words returns the token texts and tags of entity e.
func Words(d *doc.Document, e doc.Entity) (words, upos []string) {
	for t := e.TokStart; t < e.TokEnd; t++ {
		words = append(words, d.TokenText(t))
		upos = append(upos, d.Tokens[t].UPOS)
	}
	return words, upos
}

// Surname returns the key under which a person's name is matched across a
// document: the last name word, without a particle prefix or possessive, in
// lower case ("Bashar al-Assad" and "Assad" share "assad").
func Surname(name []string) string {
	if len(name) == 0 {
		return ""
	}
	w := name[len(name)-1]
	w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
	if p, rest, ok := strings.Cut(w, "-"); ok && isNameParticle(p) {
		w = rest
	}
	return strings.ToLower(w)
}
