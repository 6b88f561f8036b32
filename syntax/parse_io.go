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
	"sync"

	"github.com/dyad-events/dyad/cluster"
	"github.com/dyad-events/dyad/internal/modelfile"
	"github.com/dyad-events/dyad/models"
)

// parserMagic starts parser files; the byte after it is the format
// version. Version 5 added the word clusters; version 4 files (no
// clusters) still load.
const (
	parserMagic   = "DYADPRS"
	parserVersion = 5
)

// Save writes the parser in its compact form: gzip-compressed, with int8
// transition weights, int16 label weights and delta-coded feature keys. Equal parsers give equal bytes.
func (p *Parser) Save(out io.Writer) error {
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := &mwriter{w: bufio.NewWriter(zw)}
	_, w.err = w.w.WriteString(parserMagic)
	w.byte(parserVersion)
	// The word clusters come first, as a length-prefixed cluster file.
	var cb bytes.Buffer
	if p.clusters != nil {
		if err := p.clusters.Save(&cb); err != nil {
			return fmt.Errorf("syntax: save parser clusters: %w", err)
		}
	}
	w.uvarint(uint64(cb.Len()))
	if w.err == nil {
		_, w.err = w.w.Write(cb.Bytes())
	}
	w.uvarint(uint64(len(p.labels)))
	for _, l := range p.labels {
		w.str(l)
	}
	keys := func(ks []uint32) {
		w.uvarint(uint64(len(ks)))
		prev := uint32(0)
		for _, k := range ks {
			w.uvarint(uint64(k - prev))
			prev = k
		}
	}
	w.uvarint(numActions)
	keys(p.akeys)
	for _, v := range p.aw {
		w.byte(byte(v))
	}
	keys(p.lkeys)
	for f := range p.lkeys {
		w.uvarint(uint64(p.loff[f+1] - p.loff[f]))
	}
	if w.err == nil {
		_, w.err = w.w.Write(p.lcls)
	}
	for _, v := range p.lw {
		w.varint(int64(v))
	}
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// breader decodes a model held in memory.
type breader struct {
	b   []byte
	err error
}

var errTruncated = errors.New("truncated model")

func (r *breader) uvarint() uint64 {
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

func (r *breader) varint() int64 {
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

func (r *breader) count(limit uint64) int {
	n := r.uvarint()
	if r.err == nil && n > limit {
		r.err = fmt.Errorf("count %d exceeds %d", n, limit)
		return 0
	}
	return int(n)
}

func (r *breader) bytes(n int) []byte {
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

func (r *breader) keys() []uint32 {
	nf := r.count(1 << 27)
	if r.err != nil || nf > len(r.b) {
		if r.err == nil {
			r.err = errTruncated
		}
		return nil
	}
	ks := make([]uint32, 0, nf)
	prev := uint64(0)
	for i := 0; i < nf && r.err == nil; i++ {
		d := r.uvarint()
		if i > 0 && d == 0 || prev+d > math.MaxUint32 || prev+d == 0 {
			r.err = errors.New("bad feature key")
			return nil
		}
		prev += d
		ks = append(ks, uint32(prev))
	}
	return ks
}

func (r *breader) weight() int16 {
	v := r.varint()
	if r.err == nil && (v < math.MinInt16 || v > math.MaxInt16) {
		r.err = errors.New("weight out of range")
	}
	return int16(v)
}

// LoadParser reads a model written by Parser.Save.
func LoadParser(in io.Reader) (*Parser, error) {
	p, err := loadParser(in)
	if err != nil {
		return nil, fmt.Errorf("syntax: load parser: %w", err)
	}
	return p, nil
}

func loadParser(in io.Reader) (*Parser, error) {
	payload, ok, err := modelfile.Read(in, parserMagic)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("not a parser model")
	}
	r := &breader{b: payload}
	p := &Parser{}
	v := r.bytes(1)
	if r.err != nil || (v[0] != 4 && v[0] != parserVersion) {
		return nil, errors.New("unsupported parser model version")
	}
	if v[0] >= 5 {
		if cb := r.bytes(r.count(1 << 28)); r.err == nil && len(cb) > 0 {
			c, err := cluster.Load(bytes.NewReader(cb))
			if err != nil {
				return nil, err
			}
			p.clusters = c
		}
	}
	nl := r.count(64)
	for i := 0; i < nl && r.err == nil; i++ {
		p.labels = append(p.labels, string(r.bytes(r.count(1<<10))))
	}
	if r.err == nil && nl == 0 {
		return nil, errors.New("no labels")
	}
	if na := r.uvarint(); r.err == nil && na != numActions {
		return nil, fmt.Errorf("model has %d transition classes, want %d", na, numActions)
	}
	p.akeys = r.keys()
	if raw := r.bytes(numActions * len(p.akeys)); r.err == nil {
		p.aw = make([]int8, len(raw))
		for i, b := range raw {
			p.aw[i] = int8(b)
		}
	}
	p.lkeys = r.keys()
	if r.err != nil {
		return nil, r.err
	}
	p.loff = make([]uint32, 1, len(p.lkeys)+1)
	for i := range p.lkeys {
		p.loff = append(p.loff, p.loff[i]+uint32(r.count(uint64(nl))))
	}
	if r.err != nil {
		return nil, r.err
	}
	total := int(p.loff[len(p.lkeys)])
	p.lcls = append([]uint8(nil), r.bytes(total)...)
	for _, c := range p.lcls {
		if int(c) >= nl {
			return nil, errors.New("bad label in weights")
		}
	}
	if r.err == nil {
		p.lw = make([]int16, total)
		for i := range p.lw {
			p.lw[i] = r.weight()
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, errors.New("trailing data")
	}
	p.buildTables()
	return p, nil
}

var defaultParser = sync.OnceValues(func() (*Parser, error) {
	return LoadParser(bytes.NewReader(models.Parser))
})

// DefaultParser returns the parser embedded in package models, loading it on
// first use. Every call returns the same Parser.
func DefaultParser() (*Parser, error) { return defaultParser() }
