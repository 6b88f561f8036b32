package syntax

// buildTable builds the lookup tables of the passes and caches the lemmas of the tag
// dictionary's words.
func (t *Tagger) buildTable() {
	t.dictLemma = make(map[string]string, len(t.tagdict))
	for w, c := range t.tagdict {
		t.dictLemma[w] = t.lem.lemma(w, int(t.classXPOS[c]), false)
	}
	t.first.buildTable()
	t.second.buildTable()
}
