package syntax

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

const modelMagic = "DYADTAG\x01"

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

// Save writes the model in its compact form: gzip-compressed, with int16
// weights and delta-coded feature keys.
func (t *Tagger) Save(out io.Writer) error {
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := &mwriter{w: bufio.NewWriter(zw)}
	_, w.err = w.w.WriteString(modelMagic)

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

	w.uvarint(uint64(math.Float32bits(t.scale)))
	w.uvarint(uint64(len(t.keys)))
	prev := uint32(0)
	for _, k := range t.keys {
		w.uvarint(uint64(k - prev))
		prev = k
	}
	for f := range t.keys {
		w.uvarint(uint64(t.off[f+1] - t.off[f]))
	}
	for _, c := range t.cls {
		w.byte(c)
	}
	for _, v := range t.w {
		w.varint(int64(v))
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

type mreader struct {
	r   *bufio.Reader
	err error
}

func (r *mreader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(r.r)
	r.err = err
	return v
}

func (r *mreader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(r.r)
	r.err = err
	return v
}

func (r *mreader) byte() byte {
	if r.err != nil {
		return 0
	}
	b, err := r.r.ReadByte()
	r.err = err
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
	n := r.count(1 << 20)
	if r.err != nil {
		return ""
	}
	b := make([]byte, n)
	_, r.err = io.ReadFull(r.r, b)
	return string(b)
}

// LoadTagger reads a model written by Tagger.Save.
func LoadTagger(in io.Reader) (*Tagger, error) {
	zr, err := gzip.NewReader(in)
	if err != nil {
		return nil, fmt.Errorf("syntax: load tagger: %w", err)
	}
	defer zr.Close()
	r := &mreader{r: bufio.NewReader(zr)}
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(r.r, magic); err != nil || string(magic) != modelMagic {
		return nil, errors.New("syntax: load tagger: not a tagger model")
	}
	t := &Tagger{}
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
	t.scale = math.Float32frombits(uint32(r.uvarint()))
	nf := r.count(1 << 24)
	t.keys = make([]uint32, 0, nf)
	prev := uint64(0)
	for i := 0; i < nf && r.err == nil; i++ {
		d := r.uvarint()
		if i > 0 && d == 0 {
			return nil, errors.New("syntax: load tagger: duplicate feature key")
		}
		prev += d
		t.keys = append(t.keys, uint32(prev))
	}
	t.off = make([]uint32, 1, nf+1)
	for i := 0; i < nf && r.err == nil; i++ {
		t.off = append(t.off, t.off[i]+uint32(r.count(255)))
	}
	if r.err != nil {
		return nil, fmt.Errorf("syntax: load tagger: %w", r.err)
	}
	total := int(t.off[nf])
	t.cls = make([]uint8, total)
	if _, err := io.ReadFull(r.r, t.cls); err != nil {
		return nil, fmt.Errorf("syntax: load tagger: %w", err)
	}
	for _, c := range t.cls {
		if int(c) >= nc {
			return nil, errors.New("syntax: load tagger: bad class in weights")
		}
	}
	t.w = make([]int16, total)
	for i := range t.w {
		v := r.varint()
		if v < math.MinInt16 || v > math.MaxInt16 {
			return nil, errors.New("syntax: load tagger: weight out of range")
		}
		t.w[i] = int16(v)
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
	if r.err != nil {
		return nil, fmt.Errorf("syntax: load tagger: %w", r.err)
	}
	if nc == 0 {
		return nil, errors.New("syntax: load tagger: no labels")
	}
	t.buildTable()
	return t, nil
}
