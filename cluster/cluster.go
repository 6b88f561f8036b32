// Package cluster holds word clusters learned from unlabelled news text.
//
// The clusters are Brown clusters (Brown et al. 1992, "Class-based n-gram
// models of natural language"): words are grouped so that a class bigram
// model of the text loses as little mutual information as possible. Training
// (see Train) uses the windowed exact-merge algorithm: the most frequent
// words are taken one at a time into a window of active clusters, and after
// each addition the pair whose merge costs least mutual information is
// merged. When every word has been added the remaining clusters are merged
// down to one, and the order of those final merges gives each cluster a
// bit-string path: words whose paths share a long prefix are distributional
// neighbours. Prefixes of the path (4, 6, 10, 20 bits) make features at
// several granularities.
//
// Words are case sensitive ("Bush" and "bush" are different words). The
// embedded clusters (models/clusters.bin.gz) are loaded by Default; a
// *Clusters is read-only and safe for concurrent use.
package cluster

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/dyad-events/dyad/internal/modelfile"
	"github.com/dyad-events/dyad/models"
)

// Clusters maps words to Brown clusters.
type Clusters struct {
	paths []string // per cluster: bit-string path from the root
	bits  []uint64 // per cluster: the path as bits, first bit most significant of the low len(path) bits
	word  map[string]uint16
}

// Path returns the bit-string path ("0110…") of the word's cluster.
func (c *Clusters) Path(word string) (string, bool) {
	id, ok := c.word[word]
	if !ok {
		return "", false
	}
	return c.paths[id], true
}

// ID returns the word's flat cluster number, in [0, NumClusters).
func (c *Clusters) ID(word string) (int, bool) {
	id, ok := c.word[word]
	return int(id), ok
}

// Bits returns the word's path as an integer (the first path bit is the
// most significant of the n low bits) and its length n.
func (c *Clusters) Bits(word string) (bits uint64, n int, ok bool) {
	id, ok := c.word[word]
	if !ok {
		return 0, 0, false
	}
	return c.bits[id], len(c.paths[id]), true
}

// Prefix returns the first n bits of the word's path (the whole path when
// it is shorter).
func (c *Clusters) Prefix(word string, n int) (string, bool) {
	p, ok := c.Path(word)
	if !ok {
		return "", false
	}
	if len(p) > n {
		p = p[:n]
	}
	return p, true
}

// ClusterPath returns the path of cluster id.
func (c *Clusters) ClusterPath(id int) string { return c.paths[id] }

// NumClusters returns the number of leaf clusters.
func (c *Clusters) NumClusters() int { return len(c.paths) }

// NumWords returns the number of words with a cluster.
func (c *Clusters) NumWords() int { return len(c.word) }

// Words returns the words of cluster id, sorted.
func (c *Clusters) Words(id int) []string {
	var ws []string
	for w, x := range c.word {
		if int(x) == id {
			ws = append(ws, w)
		}
	}
	sort.Strings(ws)
	return ws
}

// New builds Clusters from leaf paths and a word → cluster index map.
func New(paths []string, words map[string]int) (*Clusters, error) {
	if len(paths) > 1<<16 {
		return nil, fmt.Errorf("cluster: %d clusters, at most 65536", len(paths))
	}
	c := &Clusters{paths: paths, bits: make([]uint64, len(paths)), word: make(map[string]uint16, len(words))}
	for i, p := range paths {
		if len(p) > 64 {
			return nil, fmt.Errorf("cluster: path of %d bits, at most 64", len(p))
		}
		var b uint64
		for j := 0; j < len(p); j++ {
			switch p[j] {
			case '0':
				b <<= 1
			case '1':
				b = b<<1 | 1
			default:
				return nil, fmt.Errorf("cluster: bad path %q", p)
			}
		}
		c.bits[i] = b
	}
	for w, id := range words {
		if id < 0 || id >= len(paths) {
			return nil, fmt.Errorf("cluster: word %q has cluster %d of %d", w, id, len(paths))
		}
		c.word[w] = uint16(id)
	}
	return c, nil
}

const magic = "DYADCLU\x01"

// Save writes the clusters gzip-compressed. Words are written sorted by
// cluster and then by word, so the output depends only on the content.
func (c *Clusters) Save(out io.Writer) error {
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(v uint64) {
		n := binary.PutUvarint(buf[:], v)
		bw.Write(buf[:n])
	}
	str := func(s string) {
		uv(uint64(len(s)))
		bw.WriteString(s)
	}
	bw.WriteString(magic)
	uv(uint64(len(c.paths)))
	for _, p := range c.paths {
		str(p)
	}
	byCluster := make([][]string, len(c.paths))
	for w, id := range c.word {
		byCluster[id] = append(byCluster[id], w)
	}
	for _, ws := range byCluster {
		sort.Strings(ws)
		uv(uint64(len(ws)))
		prev := ""
		for _, w := range ws {
			// front coding against the previous word of the cluster
			k := 0
			for k < len(w) && k < len(prev) && w[k] == prev[k] && k < 255 {
				k++
			}
			uv(uint64(k))
			str(w[k:])
			prev = w
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Load reads clusters written by Save.
func Load(in io.Reader) (*Clusters, error) {
	payload, ok, err := modelfile.Read(in, magic)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	if !ok {
		return nil, errors.New("cluster: not a cluster file")
	}
	r := bytes.NewReader(payload)
	var rerr error
	uv := func(limit uint64) uint64 {
		v, err := binary.ReadUvarint(r)
		if err != nil && rerr == nil {
			rerr = err
		}
		if v > limit && rerr == nil {
			rerr = fmt.Errorf("value %d out of range", v)
			v = 0
		}
		return v
	}
	str := func() string {
		n := uv(uint64(r.Len()))
		if rerr != nil {
			return ""
		}
		b := make([]byte, n)
		io.ReadFull(r, b)
		return string(b)
	}
	nc := int(uv(1 << 16))
	paths := make([]string, 0, nc)
	for i := 0; i < nc && rerr == nil; i++ {
		paths = append(paths, str())
	}
	var ws []string
	var ids []uint16
	var sb strings.Builder
	for id := 0; id < nc && rerr == nil; id++ {
		n := int(uv(uint64(r.Len())))
		prev := ""
		for j := 0; j < n && rerr == nil; j++ {
			k := int(uv(uint64(len(prev))))
			s := str()
			sb.Reset()
			sb.WriteString(prev[:k])
			sb.WriteString(s)
			w := sb.String()
			ws = append(ws, w)
			ids = append(ids, uint16(id))
			prev = w
		}
	}
	if rerr != nil {
		return nil, fmt.Errorf("cluster: corrupt file: %w", rerr)
	}
	c, err := New(paths, nil)
	if err != nil {
		return nil, err
	}
	c.word = make(map[string]uint16, len(ws))
	for i, w := range ws {
		c.word[w] = ids[i]
	}
	return c, nil
}

var defaultClusters = sync.OnceValues(func() (*Clusters, error) {
	if len(models.Clusters) == 0 {
		return nil, errors.New("cluster: no embedded clusters")
	}
	return Load(bytes.NewReader(models.Clusters))
})

// Default returns the clusters embedded in package models, loading them on
// first use. Every call returns the same value.
func Default() (*Clusters, error) { return defaultClusters() }
