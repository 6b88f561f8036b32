package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad/cluster"
	"github.com/dyad-events/dyad/internal/modelfile"
	"github.com/dyad-events/dyad/kb"
)

// Read reads named-entity data in the CoNLL-2003 layout (word first, tag
// last, IOB1 or IOB2, "-DOCSTART-" lines between documents) or in the
// tab-separated UNER layout (index, word, tag; "# newdoc" comments). Tags
// are decoded with the conlleval rules, which serve IOB1, IOB2 and BIOES
// alike. Types PER and PERSON become PERSON; ORG and LOC stay; any other
// type becomes MISC. A file without document markers gives one document
// per sentence.
func Read(r io.Reader) ([]Doc, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	var docs []Doc
	var cur Doc
	var words, tags []string
	markers := false
	flushSent := func() {
		if len(words) > 0 {
			cur.Sentences = append(cur.Sentences, Sentence{Words: words, Mentions: decodeTags(tags)})
		}
		words, tags = nil, nil
	}
	flushDoc := func() {
		flushSent()
		if len(cur.Sentences) > 0 {
			docs = append(docs, cur)
		}
		cur = Doc{}
	}
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" {
			flushSent()
			continue
		}
		if strings.HasPrefix(s, "#") && (strings.Contains(s, " = ") || strings.HasPrefix(s, "# newdoc")) {
			if strings.HasPrefix(s, "# newdoc") {
				markers = true
				flushDoc()
			}
			continue
		}
		var word, tag string
		if strings.Contains(s, "\t") {
			fs := strings.Split(s, "\t")
			if _, err := strconv.Atoi(fs[0]); err == nil && len(fs) >= 3 {
				word, tag = fs[1], fs[2]
			} else if len(fs) >= 2 {
				word, tag = fs[0], fs[len(fs)-1]
			}
		} else {
			fs := strings.Fields(s)
			if len(fs) >= 2 {
				word, tag = fs[0], fs[len(fs)-1]
			}
		}
		if word == "" {
			return nil, fmt.Errorf("ner: line %d: want a word and a tag", line)
		}
		if word == "-DOCSTART-" {
			markers = true
			flushDoc()
			continue
		}
		words = append(words, word)
		tags = append(tags, strings.TrimSpace(tag))
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flushDoc()
	if !markers {
		var out []Doc
		for _, d := range docs {
			for _, se := range d.Sentences {
				out = append(out, Doc{Sentences: []Sentence{se}})
			}
		}
		docs = out
	}
	return docs, nil
}

// mapType maps a data set's type to ours.
func mapType(t string) string {
	switch t {
	case "PER", "PERSON":
		return "PERSON"
	case "ORG", "LOC", "MISC":
		return t
	}
	return "MISC"
}

// decodeTags turns IOB1/IOB2/BIOES tags into mentions by the conlleval
// rules: a chunk starts at B-, S-, or an I-/E- whose type differs from the
// previous token's chunk; it ends before O, a new start or another type, or
// after E-/S-.
func decodeTags(tags []string) []Mention {
	var out []Mention
	start, typ := -1, ""
	closeAt := func(i int) {
		if start >= 0 {
			out = append(out, Mention{start, i, mapType(typ)})
			start = -1
		}
	}
	for i, t := range tags {
		if t == "O" || len(t) < 2 || t[1] != '-' {
			closeAt(i)
			continue
		}
		p, ty := t[0], t[2:]
		if p == 'B' || p == 'S' || start < 0 || ty != typ {
			closeAt(i)
			start, typ = i, ty
		}
		if p == 'E' || p == 'S' {
			closeAt(i + 1)
		}
	}
	closeAt(len(tags))
	return out
}

const modelMagic = "DYADNER\x01"

// Save writes the model gzip-compressed: sorted feature keys, delta coded;
// per feature a bit mask of non-zero labels and their int16 weights; then
// the word clusters the model uses.
func (m *Model) Save(out io.Writer) error {
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	sv := func(v int64) { bw.Write(buf[:binary.PutVarint(buf[:], v)]) }
	bw.WriteString(modelMagic)
	var flags uint64
	if m.usePOS {
		flags |= 1
	}
	if m.kb != nil {
		flags |= 2
	}
	uv(flags)
	passes := []*weights{m.first}
	if m.second != nil {
		passes = append(passes, m.second)
	}
	uv(uint64(len(passes)))
	for _, p := range passes {
		p.save(uv, sv)
	}
	var cb bytes.Buffer
	if m.clusters != nil {
		if err := m.clusters.Save(&cb); err != nil {
			return err
		}
	}
	uv(uint64(cb.Len()))
	bw.Write(cb.Bytes())
	var names []string
	var gz Gazetteer
	if m.gaz != nil {
		gz = m.gaz.gazetteer()
		names = gz.sorted()
	}
	uv(uint64(len(names)))
	prevName := ""
	for _, name := range names {
		k := 0
		for k < len(name) && k < len(prevName) && name[k] == prevName[k] {
			k++
		}
		uv(uint64(k))
		uv(uint64(len(name) - k))
		bw.WriteString(name[k:])
		bw.WriteByte(gz[name])
		prevName = name
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Load reads a model written by Save.
func Load(in io.Reader) (*Model, error) {
	p, ok, err := modelfile.Read(in, modelMagic)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	if !ok {
		return nil, errors.New("ner: not a model file")
	}
	var rerr error
	uv := func() uint64 {
		v, n := binary.Uvarint(p)
		if n <= 0 {
			if rerr == nil {
				rerr = errors.New("truncated")
			}
			return 0
		}
		p = p[n:]
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(p)
		if n <= 0 {
			if rerr == nil {
				rerr = errors.New("truncated")
			}
			return 0
		}
		p = p[n:]
		return v
	}
	m := &Model{}
	flags := uv()
	m.usePOS = flags&1 != 0
	np := uv()
	if np < 1 || np > 2 {
		return nil, errors.New("ner: corrupt model")
	}
	for i := uint64(0); i < np && rerr == nil; i++ {
		w, ok := loadWeights(uv, sv, len(p))
		if !ok {
			return nil, errors.New("ner: corrupt model")
		}
		if i == 0 {
			m.first = w
		} else {
			m.second = w
		}
	}
	cl := uv()
	if rerr != nil || cl > uint64(len(p)) {
		return nil, errors.New("ner: corrupt model")
	}
	if cl > 0 {
		c, err := cluster.Load(bytes.NewReader(p[:cl]))
		if err != nil {
			return nil, fmt.Errorf("ner: %w", err)
		}
		m.clusters = c
		p = p[cl:]
	}
	nn := uv()
	if rerr != nil || nn > uint64(len(p)) {
		return nil, errors.New("ner: corrupt model")
	}
	if nn > 0 {
		g := make(Gazetteer, nn)
		prevName := ""
		for i := uint64(0); i < nn; i++ {
			k, l := uv(), uv()
			if rerr != nil || k > uint64(len(prevName)) || l+1 > uint64(len(p)) {
				return nil, errors.New("ner: corrupt model")
			}
			name := prevName[:k] + string(p[:l])
			g[name] = p[l]
			p = p[l+1:]
			prevName = name
		}
		m.gaz = newGazIndex(g)
	}
	if flags&2 != 0 {
		k, err := kb.Default()
		if err != nil {
			return nil, err
		}
		m.kb = k
	}
	return m, nil
}

func (p *weights) save(uv func(uint64), sv func(int64)) {
	uv(uint64(math.Float32bits(p.scale)))
	uv(uint64(len(p.keys)))
	prev := uint32(0)
	for _, k := range p.keys {
		uv(uint64(k - prev))
		prev = k
	}
	// Columnar: all masks, then all weights.
	for f := range p.keys {
		var mask uint64
		for c, w := range p.w[f*numLabels : f*numLabels+numLabels] {
			if w != 0 {
				mask |= 1 << c
			}
		}
		uv(mask)
	}
	for f := range p.keys {
		for _, w := range p.w[f*numLabels : f*numLabels+numLabels] {
			if w != 0 {
				sv(int64(w))
			}
		}
	}
}

func loadWeights(uv func() uint64, sv func() int64, limit int) (*weights, bool) {
	p := &weights{scale: math.Float32frombits(uint32(uv()))}
	nf := uv()
	if nf > uint64(limit) {
		return nil, false
	}
	p.keys = make([]uint32, nf)
	prev := uint64(0)
	for i := range p.keys {
		prev += uv()
		p.keys[i] = uint32(prev)
	}
	masks := make([]uint32, nf)
	for i := range masks {
		masks[i] = uint32(uv())
	}
	p.w = make([]int16, int(nf)*numLabels)
	for f, mask := range masks {
		for c := range numLabels {
			if mask&(1<<c) != 0 {
				p.w[f*numLabels+c] = int16(sv())
			}
		}
	}
	p.table = newTable(p.keys)
	return p, true
}
