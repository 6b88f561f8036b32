package syntax

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/dyad-events/dyad/cluster"
	"github.com/dyad-events/dyad/internal/modelfile"
)

const modelMagic = "DYADTAG\x02"

type mwriter struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
	err error
}

func (w *mwriter) uvarint(v uint64) {
	if w.err != nil {
		return
	}
	n := binary.PutUvarint(w.buf[:], v)
	_, w.err = w.w.Write(w.buf[:n])
}

func (w *mwriter) varint(v int64) {
	if w.err != nil {
		return
	}
	n := binary.PutVarint(w.buf[:], v)
	_, w.err = w.w.Write(w.buf[:n])
}

func (w *mwriter) byte(b byte) {
	if w.err == nil {
		w.err = w.w.WriteByte(b)
	}
}

func (w *mwriter) str(s string) {
	w.uvarint(uint64(len(s)))
	if w.err == nil {
		_, w.err = w.w.WriteString(s)
	}
}

// model writes one pass's weights: scale, delta-coded keys, row lengths,
// classes and varint weights.
func (w *mwriter) model(m *tagModel) {
	w.uvarint(uint64(math.Float32bits(m.scale)))
	w.uvarint(uint64(len(m.keys)))
	prev := uint32(0)
	for _, k := range m.keys {
		w.uvarint(uint64(k - prev))
		prev = k
	}
	for f := range m.keys {
		w.uvarint(uint64(m.off[f+1] - m.off[f]))
	}
	for _, c := range m.cls {
		w.byte(c)
	}
	for _, v := range m.w {
		w.varint(int64(v))
	}
}

// Save writes the model in its compact form: gzip-compressed, with int16
// weights and delta-coded feature keys.
func (t *Tagger) Save(out io.Writer) error {
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := &mwriter{w: bufio.NewWriter(zw)}
	_, w.err = w.w.WriteString(modelMagic)

	// The word clusters come first, as a length-prefixed cluster file.
	var cb bytes.Buffer
	if t.clusters != nil {
		if err := t.clusters.Save(&cb); err != nil {
			return fmt.Errorf("syntax: save tagger clusters: %w", err)
		}
	}
	w.uvarint(uint64(cb.Len()))
	if w.err == nil {
		_, w.err = w.w.Write(cb.Bytes())
	}

	l := &t.lem
	w.uvarint(uint64(len(l.xpos)))
	for i, x := range l.xpos {
		w.str(x)
		for _, c := range l.caseOf[i] {
			w.byte(c)
		}
	}
	w.uvarint(uint64(len(t.upos)))
	for c := range t.upos {
		w.uvarint(uint64(t.classXPOS[c]))
		w.str(t.upos[c])
	}

	words := make([]string, 0, len(t.tagdict))
	for k := range t.tagdict {
		words = append(words, k)
	}
	sort.Strings(words)
	w.uvarint(uint64(len(words)))
	for _, k := range words {
		w.str(k)
		w.byte(t.tagdict[k])
	}

	// One or two passes.
	passes := []*tagModel{&t.first}
	if len(t.second.keys) > 0 {
		passes = append(passes, &t.second)
	}
	w.uvarint(uint64(len(passes)))
	for _, m := range passes {
		w.model(m)
	}

	w.uvarint(uint64(l.maxSuf))
	for x := range l.xpos {
		sufs := make([]string, 0, len(l.rules[x]))
		for s := range l.rules[x] {
			sufs = append(sufs, s)
		}
		sort.Strings(sufs)
		w.uvarint(uint64(len(sufs)))
		for _, s := range sufs {
			r := l.rules[x][s]
			w.str(s)
			w.byte(r.Strip)
			w.str(r.Add)
		}
	}
	for x := range l.xpos {
		forms := make([]string, 0, len(l.exc[x]))
		for s := range l.exc[x] {
			forms = append(forms, s)
		}
		sort.Strings(forms)
		w.uvarint(uint64(len(forms)))
		for _, s := range forms {
			w.str(s)
			w.str(l.exc[x][s])
		}
	}
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// mreader decodes a tagger model held in memory.
type mreader struct {
	b   []byte
	err error
}

func (r *mreader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errTruncated
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *mreader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errTruncated
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *mreader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.err = errTruncated
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// bytes returns the next n bytes (not copied).
func (r *mreader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.err = errTruncated
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

// count reads a length and checks it against a sanity bound.
func (r *mreader) count(limit uint64) int {
	n := r.uvarint()
	if r.err == nil && n > limit {
		r.err = fmt.Errorf("count %d exceeds %d", n, limit)
		return 0
	}
	return int(n)
}

func (r *mreader) str() string {
	return string(r.bytes(r.count(1 << 20)))
}

// model reads one pass's weights written by mwriter.model for nc classes.
func (r *mreader) model(m *tagModel, nc int) error {
	m.scale = math.Float32frombits(uint32(r.uvarint()))
	nf := r.count(1 << 24)
	m.keys = make([]uint32, 0, nf)
	prev := uint64(0)
	for i := 0; i < nf && r.err == nil; i++ {
		d := r.uvarint()
		if i > 0 && d == 0 {
			return errors.New("duplicate feature key")
		}
		prev += d
		m.keys = append(m.keys, uint32(prev))
	}
	m.off = make([]uint32, 1, nf+1)
	for i := 0; i < nf && r.err == nil; i++ {
		m.off = append(m.off, m.off[i]+uint32(r.count(255)))
	}
	if r.err != nil {
		return r.err
	}
	total := int(m.off[nf])
	m.cls = append([]uint8(nil), r.bytes(total)...)
	if r.err != nil {
		return r.err
	}
	for _, c := range m.cls {
		if int(c) >= nc {
			return errors.New("bad class in weights")
		}
	}
	m.w = make([]int16, total)
	for i := range m.w {
		v := r.varint()
		if v < math.MinInt16 || v > math.MaxInt16 {
			return errors.New("weight out of range")
		}
		m.w[i] = int16(v)
	}
	return r.err
}

// LoadTagger reads a model written by Tagger.Save.
func LoadTagger(in io.Reader) (*Tagger, error) {
	payload, ok, err := modelfile.Read(in, modelMagic)
	if err != nil {
		return nil, fmt.Errorf("syntax: load tagger: %w", err)
	}
	if !ok {
		return nil, errors.New("syntax: load tagger: not a tagger model")
	}
	r := &mreader{b: payload}
	t := &Tagger{}
	if cb := r.bytes(r.count(1 << 28)); r.err == nil && len(cb) > 0 {
		c, err := cluster.Load(bytes.NewReader(cb))
		if err != nil {
			return nil, fmt.Errorf("syntax: load tagger: %w", err)
		}
		t.clusters = c
	}
	l := &t.lem
	nx := r.count(255)
	l.xposIndex = make(map[string]int, nx)
	l.caseOf = make([][numShapes * 2]uint8, nx)
	l.cd = -1
	for i := 0; i < nx; i++ {
		x := r.str()
		l.xpos = append(l.xpos, x)
		l.xposIndex[x] = i
		if x == "CD" {
			l.cd = i
		}
		for j := range l.caseOf[i] {
			if l.caseOf[i][j] = r.byte(); l.caseOf[i][j] >= numCases {
				return nil, errors.New("syntax: load tagger: bad case transform")
			}
		}
	}
	nc := r.count(255)
	for c := 0; c < nc; c++ {
		x := r.count(uint64(nx - 1))
		t.classXPOS = append(t.classXPOS, uint8(x))
		if r.err == nil {
			t.xpos = append(t.xpos, l.xpos[x])
		}
		t.upos = append(t.upos, r.str())
	}
	nd := r.count(1 << 24)
	t.tagdict = make(map[string]uint8, nd)
	for i := 0; i < nd && r.err == nil; i++ {
		w := r.str()
		c := r.byte()
		if int(c) >= nc {
			return nil, errors.New("syntax: load tagger: bad class in tag dictionary")
		}
		t.tagdict[w] = c
	}
	np := r.count(2)
	if r.err == nil && np == 0 {
		return nil, errors.New("syntax: load tagger: no weights")
	}
	for i, m := range []*tagModel{&t.first, &t.second}[:np] {
		if err := r.model(m, nc); err != nil {
			return nil, fmt.Errorf("syntax: load tagger: pass %d: %w", i+1, err)
		}
	}
	l.maxSuf = r.count(64)
	l.rules = make([]map[string]editRule, nx)
	for x := 0; x < nx; x++ {
		n := r.count(1 << 24)
		m := make(map[string]editRule, n)
		for i := 0; i < n && r.err == nil; i++ {
			s := r.str()
			strip := r.byte()
			m[s] = editRule{Strip: strip, Add: r.str()}
		}
		l.rules[x] = m
	}
	l.exc = make([]map[string]string, nx)
	for x := 0; x < nx; x++ {
		n := r.count(1 << 24)
		m := make(map[string]string, n)
		for i := 0; i < n && r.err == nil; i++ {
			s := r.str()
			m[s] = r.str()
		}
		l.exc[x] = m
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errors.New("trailing data")
	}
	if r.err != nil {
		return nil, fmt.Errorf("syntax: load tagger: %w", r.err)
	}
	if nc == 0 {
		return nil, errors.New("syntax: load tagger: no labels")
	}
	t.buildTable()
	return t, nil
}
