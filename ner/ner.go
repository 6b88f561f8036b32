// Package ner recognizes named entities: persons, organisations, locations
// and other names (nationalities, events, products...).
//
// The recognizer is a left-to-right averaged perceptron over BILOU labels
// (B-, I-, L-, U- for each type, and O; 17 labels), trained greedily and
// decoded with a beam of two: the weights of the allowed labels at each
// token are turned into a local softmax, and the label sequence with the
// best sum of log-probabilities wins. A label is only chosen when it may
// follow the previous one (I- and L- continue a B- or I- of the same type;
// a sentence cannot end inside a name). Features: the
// word and its lower-cased form; prefixes and suffixes of 1–4 bytes; word
// shape (Xxxx, XX, dd-dd…) and a collapsed shape; capitalisation flags and
// sentence position; words, shapes and Brown-cluster path prefixes (4, 6,
// 10, 20 bits; package cluster) of the words at −2…+2; universal POS tags at
// −1…+1; the previous one and two labels combined with the word, its shape,
// cluster and gazetteer kind; gazetteer features from the knowledge base
// (package kb: is the token inside a KB name, of which kind — country,
// demonym, capital, seat, region, IGO, NGO, group, org, person — and where
// in it); a second gazetteer stored in the model (GeoNames cities and
// regions, and the first and last words of the KB's person names); whether
// the sentence is written in capitals (a headline); and document features:
// whether a capitalised word is also written in lower case elsewhere in the
// document, whether a word in capitals or at the start of a sentence is
// written in title case inside a sentence elsewhere, whether the document
// holds sports results, the types already predicted for the same word
// earlier in the document (the majority type and the share of each type),
// and the words seen next to the other occurrences of a capitalised word in
// the document (context aggregation). Use RecognizeDoc to get the
// document features; Recognize treats its sentence as a document of its
// own.
//
// An optional second pass (Options.SecondPass) relabels each document with
// features of the first pass's labels over the whole document; it did not
// pay on CoNLL-2003 testa and the embedded model does not use it.
//
// # Types
//
// Mentions have one of four types. The CoNLL-2003 types map to them as
// PER → PERSON, ORG → ORG, LOC → LOC, MISC → MISC; UNER's PER, ORG and LOC
// map the same way. Deciding GPE and NORP (countries, cities, nationalities)
// is left to the callers, which look names up in the knowledge base.
//
// # Data
//
// Read reads CoNLL-2003 files (IOB1, -DOCSTART- separated) and IOB2/BIO
// files, including the UNER layout with an index column; the scheme needs
// no flag, since both decode with the conlleval chunk rules. Eval scores a
// model on such a file the way conlleval does.
//
// A *Model is read-only and safe for concurrent use.
package ner

import (
	"bytes"
	"sync"

	"github.com/dyad-events/dyad/cluster"
	"github.com/dyad-events/dyad/kb"
	"github.com/dyad-events/dyad/models"
	"github.com/dyad-events/dyad/syntax"
)

// Types are the mention types, in label order.
var Types = []string{"PERSON", "ORG", "LOC", "MISC"}

// Mention is a name: words Start..End-1 of its sentence.
type Mention struct {
	Start, End int
	Type       string
}

// Sentence is a sentence of a document with, for training and evaluation,
// its gold mentions. UPOS may be nil.
type Sentence struct {
	Words    []string
	UPOS     []string
	Mentions []Mention
}

// Doc is a document: a sequence of sentences.
type Doc struct {
	Sentences []Sentence
}

// Labels: 0 is O; type t (0..3) has B=1+4t, I=2+4t, L=3+4t, U=4+4t.
const (
	numTypes  = 4
	numLabels = 1 + 4*numTypes
	lbB       = 0
	lbI       = 1
	lbL       = 2
	lbU       = 3
)

func labelOf(typ, part int) int { return 1 + 4*typ + part }
func labelType(l int) int       { return (l - 1) / 4 }
func labelPart(l int) int       { return (l - 1) % 4 }

// allowed reports whether label l may follow label prev (-1 at the start)
// and, when last, end the sentence.
func allowed(prev, l int, last bool) bool {
	open := prev > 0 && (labelPart(prev) == lbB || labelPart(prev) == lbI)
	if open {
		if l == 0 || labelType(l) != labelType(prev) {
			return false
		}
		p := labelPart(l)
		return p == lbL || (p == lbI && !last)
	}
	if l == 0 {
		return true
	}
	p := labelPart(l)
	return p == lbU || (p == lbB && !last)
}

// Model is a trained recognizer.
type Model struct {
	// first labels the text; second, when set, relabels it with features
	// of the first pass's labels over the whole document.
	first, second *weights
	clusters      *cluster.Clusters
	gaz           *gazIndex
	kb            *kb.KB
	usePOS        bool
	// beam is the beam width of decoding; 0 means beamWidth, 1 greedy.
	beam int
	pool sync.Pool
}

// NumFeatures returns the number of weighted features.
func (m *Model) NumFeatures() int {
	n := len(m.first.keys)
	if m.second != nil {
		n += len(m.second.keys)
	}
	return n
}

// weights are the quantised weights of one pass.
type weights struct {
	table table
	keys  []uint32 // feature keys, ascending
	w     []int16  // numLabels weights per feature
	scale float32
}

// Recognize finds the names in one sentence. upos holds the universal POS
// tags of the words; when it is nil and the model was trained with tags,
// the words are tagged with syntax.DefaultTagger.
func (m *Model) Recognize(words, upos []string) []Mention {
	out := m.RecognizeDoc([][]string{words}, [][]string{upos})
	return out[0]
}

// RecognizeDoc finds the names in the sentences of one document, using the
// document-level features. upos may be nil, or hold nil entries, as for
// Recognize. The result has one slice of mentions per sentence.
func (m *Model) RecognizeDoc(sentences [][]string, upos [][]string) [][]Mention {
	d := Doc{Sentences: make([]Sentence, len(sentences))}
	for i, ws := range sentences {
		d.Sentences[i].Words = ws
		if i < len(upos) && len(upos[i]) == len(ws) {
			d.Sentences[i].UPOS = upos[i]
		} else if m.usePOS && len(ws) > 0 {
			if t, err := syntax.DefaultTagger(); err == nil {
				tags := t.Tag(ws)
				u := make([]string, len(tags))
				for j, tg := range tags {
					u[j] = tg.UPOS
				}
				d.Sentences[i].UPOS = u
			}
		}
	}
	s := m.getScratch()
	defer m.pool.Put(s)
	labels := m.decodeDoc(&d, s, nil)
	out := make([][]Mention, len(sentences))
	for i, ls := range labels {
		out[i] = mentionsOf(ls)
	}
	return out
}

// mentionsOf turns BILOU labels into mentions, repairing stray labels.
func mentionsOf(ls []uint8) []Mention {
	var out []Mention
	start, typ := -1, -1
	for i, l8 := range ls {
		l := int(l8)
		if l == 0 {
			if start >= 0 {
				out = append(out, Mention{start, i, Types[typ]})
				start = -1
			}
			continue
		}
		t, p := labelType(l), labelPart(l)
		if start >= 0 && (t != typ || p == lbB || p == lbU) {
			out = append(out, Mention{start, i, Types[typ]})
			start = -1
		}
		if start < 0 {
			start, typ = i, t
		}
		if p == lbL || p == lbU {
			out = append(out, Mention{start, i + 1, Types[typ]})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, Mention{start, len(ls), Types[typ]})
	}
	return out
}

var defaultModel = sync.OnceValues(func() (*Model, error) {
	return Load(bytes.NewReader(models.NER))
})

// Default returns the model embedded in package models, loading it on first
// use. Every call returns the same Model.
func Default() (*Model, error) { return defaultModel() }
