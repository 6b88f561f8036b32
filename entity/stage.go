package entity

import (
	"context"
	"fmt"
	"strings"

	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/kb"
)

// Stage finds entity mentions. It runs after tokenisation and tagging and is
// safe for concurrent use.
type Stage struct {
	kb *kb.KB
}

// New returns an entity stage reading names from k.
func New(k *kb.KB) *Stage { return &Stage{kb: k} }

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "entities" }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, d *doc.Document) error {
	surnames := map[string]bool{} // names of people already mentioned
	var words, upos []string
	for si, sent := range d.Sentences {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		words, upos = words[:0], upos[:0]
		for t := sent.TokStart; t < sent.TokEnd; t++ {
			words = append(words, d.TokenText(t))
			upos = append(upos, d.Tokens[t].UPOS)
		}
		for i := 0; i < len(words); {
			if isCapitalised(words[i]) && surnames[Surname(words[i:i+1])] {
				// A later mention of a person by surname alone.
				_, e := nameRun(s.kb, words, upos, i)
				s.add(d, sent.TokStart+i, sent.TokStart+e, "PERSON")
				i = e
				continue
			}
			p, ok := Parse(s.kb, words, upos, i, i == 0)
			if !ok {
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
