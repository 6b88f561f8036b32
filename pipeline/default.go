package pipeline

import (
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/dyad-events/dyad/actor"
	"github.com/dyad-events/dyad/count"
	"github.com/dyad-events/dyad/entity"
	"github.com/dyad-events/dyad/event"
	"github.com/dyad-events/dyad/geo"
	"github.com/dyad-events/dyad/kb"
	"github.com/dyad-events/dyad/ner"
	"github.com/dyad-events/dyad/quote"
	"github.com/dyad-events/dyad/syntax"
	"github.com/dyad-events/dyad/text"
	"github.com/dyad-events/dyad/when"
)

// Default assembles dyad's standard pipeline from the embedded models and
// data: text, syntax (tags, lemmas, dependencies), dates, entities, actors,
// quotes, events, counts, places. Loading takes a fraction of a second; build it once and share it.
func Default() (*Pipeline, error) { return DefaultWith(Options{}) }

// Options change how DefaultWith assembles the standard pipeline.
type Options struct {
	// Dicts are user dictionaries laid over the embedded knowledge base,
	// later ones taking precedence (see kb.KB.With and package
	// kb/dictfile).
	Dicts []*kb.Dict
}

// DefaultWith assembles the standard pipeline as Default does, with the
// options applied.
func DefaultWith(o Options) (*Pipeline, error) {
	// The models load concurrently, so that on several cores the wall
	// time comes near that of the slowest, the parser.
	var (
		g      errgroup.Group
		k      *kb.KB
		tagger *syntax.Tagger
		parser *syntax.Parser
		rec    *ner.Model
		lex    *event.Lexicon
		gaz    *geo.Gazetteer
	)
	g.Go(func() (err error) {
		if k, err = kb.Default(); err != nil {
			return fmt.Errorf("load knowledge base: %w", err)
		}
		if len(o.Dicts) > 0 {
			if k, err = k.With(o.Dicts...); err != nil {
				return fmt.Errorf("user dictionaries: %w", err)
			}
		}
		return nil
	})
	g.Go(func() (err error) {
		if tagger, err = syntax.DefaultTagger(); err != nil {
			return fmt.Errorf("load tagger: %w", err)
		}
		return nil
	})
	g.Go(func() (err error) {
		if parser, err = syntax.DefaultParser(); err != nil {
			return fmt.Errorf("load parser: %w", err)
		}
		return nil
	})
	g.Go(func() (err error) {
		if rec, err = ner.Default(); err != nil {
			return fmt.Errorf("load entity recognizer: %w", err)
		}
		return nil
	})
	g.Go(func() (err error) {
		if lex, err = event.DefaultLexicon(); err != nil {
			return fmt.Errorf("load event lexicon: %w", err)
		}
		return nil
	})
	g.Go(func() (err error) {
		if gaz, err = geo.DefaultGazetteer(); err != nil {
			return fmt.Errorf("load gazetteer: %w", err)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return New(
		text.New(),
		syntax.NewStage(tagger),
		syntax.NewParseStage(parser),
		when.New(),
		entity.New(k, rec),
		actor.New(k),
		quote.New(),
		event.New(lex).WithCountries(func(root string) bool { _, ok := k.Country(root); return ok }),
		count.New(sectors{k}),
		geo.New(k, gaz),
	), nil
}

// sectors adapts the knowledge base's noun lexicon to count.SectorLexicon.
type sectors struct{ kb *kb.KB }

func (s sectors) Sector(noun string) (string, bool) {
	ni, ok := s.kb.Noun(noun)
	if !ok || ni.Sector == "" {
		return "", false
	}
	return ni.Sector, true
}
