package syntax

// featTable is an open-addressing hash table from feature keys (already
// well-mixed hashes) to feature numbers, faster than a Go map for this use.
type featTable struct {
	slots []uint64 // key<<32 | (feature+1); 0 marks an empty slot
	mask  uint32
}

func newFeatTable(n int) featTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return featTable{slots: make([]uint64, size), mask: uint32(size - 1)}
}

func (t *featTable) put(key, f uint32) {
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 || uint32(s>>32) == key {
			t.slots[i] = uint64(key)<<32 | uint64(f+1)
			return
		}
	}
}

func (t *featTable) get(key uint32) (uint32, bool) {
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) == key {
			return uint32(s) - 1, true
		}
	}
}

func (t *featTable) len() int {
	n := 0
	for _, s := range t.slots {
		if s != 0 {
			n++
		}
	}
	return n
}

// buildTable indexes the features and caches the lemmas of the tag
// dictionary's words.
func (t *Tagger) buildTable() {
	t.dictLemma = make(map[string]string, len(t.tagdict))
	for w, c := range t.tagdict {
		t.dictLemma[w] = t.lem.lemma(w, int(t.classXPOS[c]), false)
	}
	t.table = newFeatTable(len(t.keys))
	for f, k := range t.keys {
		t.table.put(k, uint32(f))
	}
}
