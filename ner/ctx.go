package ner

// ctxEnt is one occurrence of a capitalised word in a document: where it
// is and the hashed lower-cased words around it.
type ctxEnt struct {
	si, i  int32
	m1, p1 uint64
}

const maxCtx = 24

// buildCtx collects, for every capitalised word of a document of several
// sentences, the contexts of its first maxCtx occurrences.
func (s *scratch) buildCtx(d *Doc, multi bool) {
	clear(s.ctx)
	if !multi {
		return
	}
	for len(s.lh) < len(d.Sentences) {
		s.lh = append(s.lh, nil)
	}
	for si, se := range d.Sentences {
		lh := s.lh[si][:0]
		for _, w := range se.Words {
			lh = append(lh, hashString(lowerString(w)))
		}
		s.lh[si] = lh
	}
	for si, se := range d.Sentences {
		lh := s.lh[si]
		at := func(i int) uint64 {
			switch {
			case i < 0:
				return hPad[1]
			case i >= len(lh):
				return hPad[2]
			}
			return lh[i]
		}
		for i, w := range se.Words {
			if !isCapitalised(w) {
				continue
			}
			lw := lowerString(w)
			es := s.ctx[lw]
			if len(es) >= maxCtx {
				continue
			}
			s.ctx[lw] = append(es, ctxEnt{si: int32(si), i: int32(i), m1: at(i - 1), p1: at(i + 1)})
		}
	}
}

// ctxFeatures appends the words seen around the other occurrences of the
// word in the document.
func (s *scratch) ctxFeatures(keys []uint32, lw string, i int) []uint32 {
	es := s.ctx[lw]
	start := len(keys)
	add := func(k uint32) {
		for _, x := range keys[start:] {
			if x == k {
				return
			}
		}
		keys = append(keys, k)
	}
	for _, e := range es {
		if int(e.si) == s.si && int(e.i) == i {
			continue
		}
		add(fkey(tCtxM1, e.m1, 0))
		add(fkey(tCtxP1, e.p1, 0))
	}
	return keys
}
