package store

// recent is a map that keeps only its last max entries, for the store's
// small caches. It is not safe for concurrent use: callers lock.
type recent[V any] struct {
	max     int
	entries map[string]V
	order   []string // oldest first
}

func (r *recent[V]) get(k string) (V, bool) {
	v, ok := r.entries[k]
	return v, ok
}

// put sets k to v, forgetting the oldest entry when there are too many.
func (r *recent[V]) put(k string, v V) {
	if r.entries == nil {
		r.entries = map[string]V{}
	}
	if _, ok := r.entries[k]; !ok {
		r.order = append(r.order, k)
		if len(r.order) > r.max {
			delete(r.entries, r.order[0])
			r.order = r.order[1:]
		}
	}
	r.entries[k] = v
}

// reset forgets every entry.
func (r *recent[V]) reset() { r.entries, r.order = nil, nil }
