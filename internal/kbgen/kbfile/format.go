package kbfile

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// The binary format, version 2, is gzip-compressed (one member, no name, no
// modification time). The data is column-oriented: values of one sort are
// stored together, which lets the compressor find their repetitions.
//
//	magic     "DYADKB\x00"
//	version   uvarint (2)
//	header    uvarint number of texts, of symbols; uvarint byte length of
//	          each of the five columns below
//	tables    uvarint byte length of each text, then of each symbol; the
//	          texts' bytes concatenated; the symbols' bytes concatenated
//	columns   counts, texts, symbols, integers, raw
//
// Records are read in order, each field from its column:
//
//	sources   count n; n × text
//	countries count n; per country: symbol A3, A2; text Name, ISOName,
//	          Official, Capital; integer GeoID, CapGeoID; raw Lat, Lon
//	          (8-byte little-endian IEEE 754 bits)
//	names     count n, count of all forms; per name: symbol Kind; text
//	          Name; count forms, forms × text; symbol Country, Sector,
//	          Code; text Organ; integer Src
//	persons   count n, count of all forms, count of all codes; per person:
//	          text Name; count forms, forms × text; count codes, per code:
//	          symbol Code, integer From, integer To
//	nouns     count n; per noun: text Lemma; symbol Sector; raw flags
//	          (1 Title, 2 Group); integer Src
//
// Counts are uvarints, integers zig-zag varints (encoding/binary). Texts
// (names, forms) and symbols (kinds, codes, sectors) are strings in two
// tables, each listed in the order of first use. A text is a uvarint
// reference d: 0 is the next text of the table not used yet, d > 0 the text
// d places before it, so a new text costs one byte. A symbol is a uvarint
// s: 0 is the next symbol not used yet, s > 0 symbol s-1, so a repeated code
// is always written the same way. Decode slices every string from one copy
// of the decompressed data.
//
// Nothing in the file depends on map order or time: Encode is a function of
// the File, so regenerating from the same sources gives the same bytes.

var magic = []byte("DYADKB\x00")

// maxDecoded bounds the decompressed size Decode accepts.
const maxDecoded = 1 << 30

// Encode writes f in the binary format, gzip-compressed. f.Version must be
// Version or 0.
func Encode(f *File) ([]byte, error) {
	raw, err := encodeRaw(f)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := gzipWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("kbfile: compressing: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("kbfile: compressing: %w", err)
	}
	return buf.Bytes(), nil
}

// gzipWriter returns a writer of reproducible gzip data: best compression,
// an empty header (no name, no modification time).
func gzipWriter(w io.Writer) *gzip.Writer {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		panic(err) // unreachable: the level is valid
	}
	return zw
}

// Decode reads a file written by Encode. It also accepts the uncompressed
// binary form. The strings of the result share one allocation.
func Decode(b []byte) (*File, error) {
	raw := b
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		var err error
		if raw, err = gunzip(b); err != nil {
			return nil, fmt.Errorf("kbfile: decompressing: %w", err)
		}
	}
	return decodeRaw(raw)
}

// gunzip decompresses b into a buffer sized from the gzip trailer.
func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	size := 0
	if len(b) >= 18 {
		size = int(binary.LittleEndian.Uint32(b[len(b)-4:]))
	}
	var buf bytes.Buffer
	buf.Grow(min(size, maxDecoded) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(zr, maxDecoded+1)); err != nil {
		return nil, err
	}
	if buf.Len() > maxDecoded {
		return nil, fmt.Errorf("more than %d bytes", maxDecoded)
	}
	return buf.Bytes(), nil
}

// Columns of the payload.
const (
	colCount = iota
	colText
	colSym
	colInt
	colRaw
	numCols
)

// table interns strings in the order of their first use.
type table struct {
	idx  map[string]int
	strs []string
}

func (t *table) ref(s string) (i int, isNew bool) {
	i, ok := t.idx[s]
	if ok {
		return i, false
	}
	i = len(t.strs)
	t.idx[s] = i
	t.strs = append(t.strs, s)
	return i, true
}

// encoder builds the columns while interning the strings they reference.
type encoder struct {
	cols        [numCols][]byte
	texts, syms table
}

func (e *encoder) count(n int) { e.cols[colCount] = binary.AppendUvarint(e.cols[colCount], uint64(n)) }
func (e *encoder) int(v int)   { e.cols[colInt] = binary.AppendVarint(e.cols[colInt], int64(v)) }

func (e *encoder) float(v float64) {
	e.cols[colRaw] = binary.LittleEndian.AppendUint64(e.cols[colRaw], math.Float64bits(v))
}

func (e *encoder) text(s string) {
	i, isNew := e.texts.ref(s)
	d := 0
	if !isNew {
		d = len(e.texts.strs) - i
	}
	e.cols[colText] = binary.AppendUvarint(e.cols[colText], uint64(d))
}

func (e *encoder) sym(s string) {
	i, isNew := e.syms.ref(s)
	v := uint64(0)
	if !isNew {
		v = uint64(i) + 1
	}
	e.cols[colSym] = binary.AppendUvarint(e.cols[colSym], v)
}

func encodeRaw(f *File) ([]byte, error) {
	if f == nil {
		return nil, errors.New("kbfile: nil File")
	}
	if f.Version != 0 && f.Version != Version {
		return nil, fmt.Errorf("kbfile: cannot encode version %d, only %d", f.Version, Version)
	}
	e := &encoder{texts: table{idx: map[string]int{}}, syms: table{idx: map[string]int{}}}
	e.count(len(f.Sources))
	for _, s := range f.Sources {
		e.text(s)
	}
	e.count(len(f.Countries))
	for _, c := range f.Countries {
		e.sym(c.A3)
		e.sym(c.A2)
		e.text(c.Name)
		e.text(c.ISOName)
		e.text(c.Official)
		e.text(c.Capital)
		e.int(c.GeoID)
		e.int(c.CapGeoID)
		e.float(c.Lat)
		e.float(c.Lon)
	}
	forms := 0
	for _, n := range f.Names {
		forms += len(n.Forms)
	}
	e.count(len(f.Names))
	e.count(forms)
	for _, n := range f.Names {
		e.sym(n.Kind)
		e.text(n.Name)
		e.count(len(n.Forms))
		for _, s := range n.Forms {
			e.text(s)
		}
		e.sym(n.Country)
		e.sym(n.Sector)
		e.sym(n.Code)
		e.text(n.Organ)
		e.int(n.Src)
	}
	forms, codes := 0, 0
	for _, p := range f.Persons {
		forms += len(p.Forms)
		codes += len(p.Codes)
	}
	e.count(len(f.Persons))
	e.count(forms)
	e.count(codes)
	for _, p := range f.Persons {
		e.text(p.Name)
		e.count(len(p.Forms))
		for _, s := range p.Forms {
			e.text(s)
		}
		e.count(len(p.Codes))
		for _, c := range p.Codes {
			e.sym(c.Code)
			e.int(c.From)
			e.int(c.To)
		}
	}
	e.count(len(f.Nouns))
	for _, n := range f.Nouns {
		e.text(n.Lemma)
		e.sym(n.Sector)
		var flags byte
		if n.Title {
			flags |= 1
		}
		if n.Group {
			flags |= 2
		}
		e.cols[colRaw] = append(e.cols[colRaw], flags)
		e.int(n.Src)
	}

	out := append([]byte(nil), magic...)
	out = binary.AppendUvarint(out, Version)
	out = binary.AppendUvarint(out, uint64(len(e.texts.strs)))
	out = binary.AppendUvarint(out, uint64(len(e.syms.strs)))
	for _, c := range e.cols {
		out = binary.AppendUvarint(out, uint64(len(c)))
	}
	for _, t := range []*table{&e.texts, &e.syms} {
		for _, s := range t.strs {
			out = binary.AppendUvarint(out, uint64(len(s)))
		}
	}
	for _, t := range []*table{&e.texts, &e.syms} {
		for _, s := range t.strs {
			out = append(out, s...)
		}
	}
	for _, c := range e.cols {
		out = append(out, c...)
	}
	return out, nil
}

// decoder reads the payload, held as one string so that every string of
// the File is a slice of it.
type decoder struct {
	s string
	// pos is the read position of the header and tables, end its end;
	// then the read position and end of each column.
	pos, end         int
	colPos, colEnd   [numCols]int
	texts, syms      []string
	nextText, newSym int // table entries used so far
	err              error
}

var colNames = [numCols]string{"counts", "texts", "symbols", "integers", "raw"}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("kbfile: %s", fmt.Sprintf(format, args...))
	}
}

// uvarint reads from the header (col < 0) or a column.
func (d *decoder) uvarint(col int) uint64 {
	if d.err != nil {
		return 0
	}
	pos, end := &d.pos, d.end
	if col >= 0 {
		pos, end = &d.colPos[col], d.colEnd[col]
	}
	v, n := uvarint(d.s[*pos:end])
	if n <= 0 {
		if col < 0 {
			d.fail("header truncated or corrupt at offset %d", *pos)
		} else {
			d.fail("%s column truncated or corrupt at offset %d", colNames[col], *pos)
		}
		return 0
	}
	*pos += n
	return v
}

// uvarint is binary.Uvarint for a string.
func uvarint(s string) (uint64, int) {
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -1
			}
			return v | uint64(c)<<(7*i), i + 1
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	return 0, 0
}

func (d *decoder) int() int {
	u := d.uvarint(colInt)
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if int64(int(v)) != v {
		d.fail("integer %d out of range", v)
		return 0
	}
	return int(v)
}

// count reads a number of records, each taking at least min bytes of the
// column col, and checks that the column can hold them.
func (d *decoder) count(what string, col, min int) int {
	n := d.uvarint(colCount)
	if d.err == nil && n > uint64(d.colEnd[col]-d.colPos[col])/uint64(min) {
		d.fail("%d %s do not fit in the %s column", n, what, colNames[col])
		return 0
	}
	return int(n)
}

func (d *decoder) raw(n int) string {
	if d.err != nil {
		return ""
	}
	p := d.colPos[colRaw]
	if d.colEnd[colRaw]-p < n {
		d.fail("raw column truncated")
		return ""
	}
	d.colPos[colRaw] += n
	return d.s[p : p+n]
}

func (d *decoder) float() float64 {
	b := d.raw(8)
	if b == "" {
		return 0
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return math.Float64frombits(v)
}

func (d *decoder) text() string {
	r := d.uvarint(colText)
	if d.err != nil {
		return ""
	}
	if r == 0 {
		if d.nextText >= len(d.texts) {
			d.fail("text reference past the %d texts", len(d.texts))
			return ""
		}
		d.nextText++
		return d.texts[d.nextText-1]
	}
	if r > uint64(d.nextText) {
		d.fail("text back reference %d before the first text", r)
		return ""
	}
	return d.texts[d.nextText-int(r)]
}

func (d *decoder) sym() string {
	r := d.uvarint(colSym)
	if d.err != nil {
		return ""
	}
	if r == 0 {
		if d.newSym >= len(d.syms) {
			d.fail("symbol reference past the %d symbols", len(d.syms))
			return ""
		}
		d.newSym++
		return d.syms[d.newSym-1]
	}
	if r > uint64(d.newSym) {
		d.fail("symbol %d not introduced yet", r-1)
		return ""
	}
	return d.syms[r-1]
}

// slice takes n items from a shared backing array at *at, capped so that
// appending to one record's slice cannot overwrite the next record's.
func slice[T any](d *decoder, all []T, at *int, n uint64, what string) []T {
	if d.err != nil {
		return nil
	}
	if n > uint64(len(all)-*at) {
		d.fail("more %s than the section's total %d", what, len(all))
		return nil
	}
	if n == 0 {
		return nil
	}
	end := *at + int(n)
	s := all[*at:end:end]
	*at = end
	return s
}

// strings reads n lengths from the header and slices n strings from the
// data at *blob.
func (d *decoder) strings(n int, blob *int, what string) []string {
	if n == 0 || d.err != nil {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		l := d.uvarint(-1)
		if d.err == nil && l > uint64(d.end-*blob) {
			d.fail("%s %d of %d bytes overruns the data", what, i, l)
		}
		if d.err != nil {
			return nil
		}
		out[i] = d.s[*blob : *blob+int(l)]
		*blob += int(l)
	}
	return out
}

func decodeRaw(b []byte) (*File, error) {
	if !bytes.HasPrefix(b, magic) {
		if len(b) > 0 && b[0] == '{' {
			return nil, errors.New("kbfile: a JSON knowledge base (format version 1); regenerate it with internal/kbgen")
		}
		return nil, errors.New("kbfile: not a knowledge base file (bad magic)")
	}
	d := &decoder{s: string(b), pos: len(magic), end: len(b)}
	if v := d.uvarint(-1); d.err == nil && v != Version {
		return nil, fmt.Errorf("kbfile: format version %d, want %d", v, Version)
	}
	ntext, nsym := d.uvarint(-1), d.uvarint(-1)
	var colLen [numCols]uint64
	total := uint64(0)
	for i := range colLen {
		colLen[i] = d.uvarint(-1)
		total += min(colLen[i], uint64(len(b)))
	}
	if d.err != nil {
		return nil, d.err
	}
	// Each length takes at least one byte of the header.
	if ntext+nsym > uint64(len(b)-d.pos) || total > uint64(len(b)-d.pos) {
		return nil, errors.New("kbfile: header announces more than the data holds")
	}
	// The columns end the data; the string tables end where they start.
	end := len(b)
	for i := numCols - 1; i >= 0; i-- {
		d.colEnd[i] = end
		end -= int(colLen[i])
		d.colPos[i] = end
	}
	d.end = end
	// The lengths are varints: skip them to find where the strings start.
	start := d.pos
	for range ntext + nsym {
		d.uvarint(-1)
	}
	if d.err != nil {
		return nil, d.err
	}
	blob := d.pos
	d.pos = start
	d.texts = d.strings(int(ntext), &blob, "text")
	d.syms = d.strings(int(nsym), &blob, "symbol")
	if d.err != nil {
		return nil, d.err
	}
	if blob != end {
		return nil, fmt.Errorf("kbfile: string tables end at %d, columns start at %d", blob, end)
	}

	f := &File{Version: Version}
	if n := d.count("sources", colText, 1); n > 0 {
		f.Sources = make([]string, n)
		for i := range f.Sources {
			f.Sources[i] = d.text()
		}
	}
	if n := d.count("countries", colRaw, 16); n > 0 {
		f.Countries = make([]Country, n)
		for i := range f.Countries {
			c := &f.Countries[i]
			c.A3, c.A2 = d.sym(), d.sym()
			c.Name, c.ISOName, c.Official, c.Capital = d.text(), d.text(), d.text(), d.text()
			c.GeoID, c.CapGeoID = d.int(), d.int()
			c.Lat, c.Lon = d.float(), d.float()
		}
	}
	if n, nf := d.count("names", colSym, 4), d.count("name forms", colText, 1); n > 0 {
		forms := make([]string, nf)
		at := 0
		f.Names = make([]Name, n)
		for i := range f.Names {
			x := &f.Names[i]
			x.Kind, x.Name = d.sym(), d.text()
			x.Forms = slice(d, forms, &at, d.uvarint(colCount), "name forms")
			for j := range x.Forms {
				x.Forms[j] = d.text()
			}
			x.Country, x.Sector, x.Code, x.Organ = d.sym(), d.sym(), d.sym(), d.text()
			x.Src = d.int()
			if d.err != nil {
				return nil, d.err
			}
		}
		if at != len(forms) {
			d.fail("%d name forms, the section announced %d", at, len(forms))
		}
	}
	n, nf, nc := d.count("persons", colText, 1), d.count("person forms", colText, 1), d.count("person codes", colSym, 1)
	if n > 0 {
		forms, codes := make([]string, nf), make([]Code, nc)
		af, ac := 0, 0
		f.Persons = make([]Person, n)
		for i := range f.Persons {
			p := &f.Persons[i]
			p.Name = d.text()
			p.Forms = slice(d, forms, &af, d.uvarint(colCount), "person forms")
			for j := range p.Forms {
				p.Forms[j] = d.text()
			}
			p.Codes = slice(d, codes, &ac, d.uvarint(colCount), "person codes")
			for j := range p.Codes {
				c := &p.Codes[j]
				c.Code, c.From, c.To = d.sym(), d.int(), d.int()
			}
			if d.err != nil {
				return nil, d.err
			}
		}
		if af != len(forms) || ac != len(codes) {
			d.fail("%d person forms and %d codes, the section announced %d and %d", af, ac, len(forms), len(codes))
		}
	}
	if n := d.count("nouns", colRaw, 1); n > 0 {
		f.Nouns = make([]Noun, n)
		for i := range f.Nouns {
			x := &f.Nouns[i]
			x.Lemma, x.Sector = d.text(), d.sym()
			flags := d.raw(1)
			if flags != "" && flags[0]&^3 != 0 {
				d.fail("noun %d: flags %#x", i, flags[0])
			}
			x.Title, x.Group = flags != "" && flags[0]&1 != 0, flags != "" && flags[0]&2 != 0
			x.Src = d.int()
		}
	}
	for i := range d.colPos {
		if d.err == nil && d.colPos[i] != d.colEnd[i] {
			d.fail("%d bytes left in the %s column", d.colEnd[i]-d.colPos[i], colNames[i])
		}
	}
	if d.err == nil && (d.nextText != len(d.texts) || d.newSym != len(d.syms)) {
		d.fail("unused strings in the tables")
	}
	if d.err != nil {
		return nil, d.err
	}
	return f, nil
}
