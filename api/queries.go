package api

import (
	_ "embed"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/dyad-events/dyad/export"
	"github.com/dyad-events/dyad/store"
)

// party is an actor or recipient of an event as the API gives it.
type party struct {
	Code    string `json:"code"`
	Country string `json:"country"`
	Sector  string `json:"sector"`
	Text    string `json:"text"`
}

type location struct {
	Name       string   `json:"name"`
	Country    string   `json:"country"`
	Admin1     string   `json:"admin1"`
	GeonameID  int      `json:"geonameid"`
	Lat        *float64 `json:"lat"`
	Lon        *float64 `json:"lon"`
	Resolution string   `json:"resolution"`
}

type eventJSON struct {
	DocID         string `json:"doc_id"`
	EventID       string `json:"event_id"`
	Date          string `json:"date"`
	DatePrecision string `json:"date_precision"`
	PLOVER        struct {
		Type    string   `json:"type"`
		Mode    string   `json:"mode"`
		Context []string `json:"context"`
	} `json:"plover"`
	CAMEO struct {
		Code      string  `json:"code"`
		Root      string  `json:"root"`
		Quad      int     `json:"quad"`
		Goldstein float64 `json:"goldstein"`
	} `json:"cameo"`
	Actor     []party `json:"actor"`
	Recipient []party `json:"recipient"`
	Modality  struct {
		Negated      bool `json:"negated"`
		Hypothetical bool `json:"hypothetical"`
		Future       bool `json:"future"`
		Historical   bool `json:"historical"`
	} `json:"modality"`
	Trigger        string    `json:"trigger"`
	TriggerStart   *int      `json:"trigger_start"`
	TriggerEnd     *int      `json:"trigger_end"`
	Sentence       string    `json:"sentence"`
	SourceOfReport string    `json:"source_of_report"`
	Location       *location `json:"location"`
	Confidence     float64   `json:"confidence"`
	Cluster        struct {
		ID       int64 `json:"id"`
		Mentions int   `json:"mentions"`
		Articles int   `json:"articles"`
		Sources  int   `json:"sources"`
	} `json:"cluster"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Publisher string `json:"publisher"`
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

func parties(codes, countries, sectors, texts string) []party {
	c, n, s, t := split(codes), split(countries), split(sectors), split(texts)
	out := make([]party, 0, len(c))
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return xs[i]
		}
		return ""
	}
	for i := range c {
		out = append(out, party{Code: c[i], Country: at(n, i), Sector: at(s, i), Text: at(t, i)})
	}
	return out
}

func eventOut(e store.Event) eventJSON {
	var o eventJSON
	o.DocID, o.EventID, o.Date, o.DatePrecision = e.DocID, e.EventID, e.Date, e.DatePrecision
	o.PLOVER.Type, o.PLOVER.Mode, o.PLOVER.Context = e.Type, e.Mode, split(e.Context)
	if o.PLOVER.Context == nil {
		o.PLOVER.Context = []string{}
	}
	o.CAMEO.Code, o.CAMEO.Root, o.CAMEO.Quad, o.CAMEO.Goldstein = e.CAMEO, e.Root, e.Quad, e.Goldstein
	o.Actor = parties(e.ActorCodes, e.ActorCountries, e.ActorSectors, e.ActorTexts)
	o.Recipient = parties(e.RecipientCodes, e.RecipientCountries, e.RecipientSectors, e.RecipientTexts)
	o.Modality.Negated, o.Modality.Hypothetical, o.Modality.Future, o.Modality.Historical = e.Negated, e.Hypothetical, e.Future, e.Historical
	o.Trigger, o.Sentence, o.SourceOfReport, o.Confidence = e.Trigger, e.Sentence, e.Source, e.Confidence
	if e.TriggerStart >= 0 && e.TriggerEnd > e.TriggerStart {
		ts, te := e.TriggerStart, e.TriggerEnd
		o.TriggerStart, o.TriggerEnd = &ts, &te
	}
	if e.LocationName != "" || e.Lat.Valid {
		l := &location{Name: e.LocationName, Country: e.LocationCountry, Admin1: e.LocationAdmin1, GeonameID: e.LocationGeonameID, Resolution: e.Resolution}
		if e.Lat.Valid && e.Lon.Valid {
			lat, lon := e.Lat.Float64, e.Lon.Float64
			l.Lat, l.Lon = &lat, &lon
		}
		o.Location = l
	}
	o.Cluster.ID, o.Cluster.Mentions, o.Cluster.Articles, o.Cluster.Sources = e.Cluster, e.Mentions, e.Articles, e.Sources
	o.Title, o.URL, o.Publisher = e.Title, e.URL, e.Publisher
	return o
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	p, err := s.cfg.Store.Events(r.Context(), f, limit, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	out := make([]eventJSON, 0, len(p.Items))
	for _, e := range p.Items {
		out = append(out, eventOut(e))
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out, "next": p.Next, "total": p.Total, "total_exact": p.Exact})
	return nil
}

func (s *Server) timeline(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	bs, interval, err := s.cfg.Store.Timeline(r.Context(), f, r.URL.Query().Get("interval"))
	if err != nil {
		return err
	}
	type bucket struct {
		Period string `json:"period"`
		Type   string `json:"type"`
		N      int    `json:"n"`
	}
	out := make([]bucket, 0, len(bs))
	for _, b := range bs {
		out = append(out, bucket{b.Period, b.Type, b.N})
	}
	writeJSON(w, http.StatusOK, map[string]any{"interval": interval, "buckets": out})
	return nil
}

func (s *Server) network(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 300, 1, 2000)
	if err != nil {
		return err
	}
	by := r.URL.Query().Get("by")
	if by != "" && by != "country" && by != "code" {
		return errorf(http.StatusBadRequest, "by: want country or code, got %q", by)
	}
	edges, err := s.cfg.Store.Network(r.Context(), f, by == "code", limit)
	if err != nil {
		return err
	}
	type node struct {
		ID string `json:"id"`
		N  int    `json:"n"`
	}
	type edge struct {
		Source string `json:"source"`
		Target string `json:"target"`
		Type   string `json:"type"`
		N      int    `json:"n"`
	}
	weight := map[string]int{}
	es := make([]edge, 0, len(edges))
	for _, e := range edges {
		weight[e.Source] += e.N
		if e.Target != e.Source {
			weight[e.Target] += e.N
		}
		es = append(es, edge{e.Source, e.Target, e.Type, e.N})
	}
	nodes := make([]node, 0, len(weight))
	for id, n := range weight {
		nodes = append(nodes, node{id, n})
	}
	sort.Slice(nodes, func(i, j int) bool {
		if nodes[i].N != nodes[j].N {
			return nodes[i].N > nodes[j].N
		}
		return nodes[i].ID < nodes[j].ID
	})
	writeJSON(w, http.StatusOK, map[string]any{"nodes": nodes, "edges": es})
	return nil
}

func (s *Server) mapPlaces(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 1000, 1, 5000)
	if err != nil {
		return err
	}
	ps, err := s.cfg.Store.Map(r.Context(), f, limit)
	if err != nil {
		return err
	}
	type place struct {
		Name       string         `json:"name"`
		Country    string         `json:"country"`
		GeonameID  int            `json:"geonameid"`
		Lat        float64        `json:"lat"`
		Lon        float64        `json:"lon"`
		Resolution string         `json:"resolution"`
		N          int            `json:"n"`
		Types      map[string]int `json:"types"`
	}
	out := make([]place, 0, len(ps))
	for _, p := range ps {
		out = append(out, place{p.Name, p.Country, p.GeonameID, p.Lat, p.Lon, p.Resolution, p.N, p.Types})
	}
	writeJSON(w, http.StatusOK, map[string]any{"places": out})
	return nil
}

func (s *Server) documents(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 1000 {
		return errorf(http.StatusBadRequest, "q: longer than 1000 bytes")
	}
	p, err := s.cfg.Store.Documents(r.Context(), q, limit, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	type docJSON struct {
		ID     string `json:"id"`
		Title  string `json:"title"`
		Date   string `json:"date"`
		Source string `json:"source"`
		URL    string `json:"url"`
		Events int    `json:"events"`
	}
	out := make([]docJSON, 0, len(p.Items))
	for _, d := range p.Items {
		out = append(out, docJSON{d.ID, d.Title, d.Date, d.Source, d.URL, d.Events})
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": out, "next": p.Next})
	return nil
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if u, err := url.PathUnescape(id); err == nil {
		id = u
	}
	rec, err := s.cfg.Store.Record(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "no document %q in the store", id)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

func (s *Server) actors(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	offset, err := intParam(r, "offset", 0, 0, 1_000_000)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	as, err := s.cfg.Store.Actors(r.Context(), store.ActorFilter{
		Country: strings.ToUpper(q.Get("country")), Sector: strings.ToUpper(q.Get("sector")), Prefix: q.Get("q"),
	}, limit, offset)
	if err != nil {
		return err
	}
	type actorJSON struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		Country   string `json:"country"`
		Sector    string `json:"sector"`
		Documents int    `json:"documents"`
		Mentions  int    `json:"mentions"`
	}
	out := make([]actorJSON, 0, len(as))
	for _, a := range as {
		out = append(out, actorJSON{a.Code, a.Name, a.Country, a.Sector, a.Documents, a.Mentions})
	}
	writeJSON(w, http.StatusOK, map[string]any{"actors": out})
	return nil
}

func (s *Server) quotes(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	direct, err := boolParam(r, "direct")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p, err := s.cfg.Store.Quotes(r.Context(), store.QuoteFilter{
		SpeakerCode: strings.ToUpper(q.Get("speaker_code")), Doc: q.Get("doc"), Query: strings.TrimSpace(q.Get("q")), Direct: direct,
	}, limit, q.Get("cursor"))
	if err != nil {
		return err
	}
	type quoteJSON struct {
		DocID       string `json:"doc_id"`
		QuoteID     string `json:"quote_id"`
		Text        string `json:"text"`
		Direct      bool   `json:"direct"`
		Speaker     string `json:"speaker"`
		SpeakerCode string `json:"speaker_code"`
		Cue         string `json:"cue"`
		Date        string `json:"date"`
		Title       string `json:"title"`
	}
	out := make([]quoteJSON, 0, len(p.Items))
	for _, x := range p.Items {
		out = append(out, quoteJSON{x.DocID, x.QuoteID, x.Text, x.Direct, x.Speaker, x.SpeakerCode, x.Cue, x.Date, x.Title})
	}
	writeJSON(w, http.StatusOK, map[string]any{"quotes": out, "next": p.Next})
	return nil
}

func (s *Server) counts(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p, err := s.cfg.Store.Counts(r.Context(), store.CountFilter{
		Kind: strings.ToLower(q.Get("kind")), From: q.Get("from"), To: q.Get("to"), Doc: q.Get("doc"),
	}, limit, q.Get("cursor"))
	if err != nil {
		return err
	}
	type countJSON struct {
		DocID     string `json:"doc_id"`
		CountID   string `json:"count_id"`
		Kind      string `json:"kind"`
		Count     int64  `json:"count"`
		Qualifier string `json:"qualifier"`
		Text      string `json:"text"`
		Victims   string `json:"victims"`
		Source    string `json:"source"`
		Date      string `json:"date"`
		Title     string `json:"title"`
		EventID   string `json:"event_id"`
	}
	out := make([]countJSON, 0, len(p.Items))
	for _, c := range p.Items {
		out = append(out, countJSON{c.DocID, c.CountID, c.Kind, c.Count, c.Qualifier, c.Text, c.Victims, c.Source, c.Date, c.Title, c.EventID})
	}
	writeJSON(w, http.StatusOK, map[string]any{"counts": out, "next": p.Next})
	return nil
}

func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	ext := map[string]string{"plover-jsonl": "jsonl", "cameo-tsv": "tsv", "polecat-tsv": "tsv", "csv": "csv"}[format]
	if ext == "" {
		return errorf(http.StatusBadRequest, "format: want one of %s, got %q", strings.Join(export.Formats, ", "), format)
	}
	ctype := map[string]string{"jsonl": "application/x-ndjson", "tsv": "text/tab-separated-values; charset=utf-8", "csv": "text/csv; charset=utf-8"}[ext]
	// A large export outlives the server's write timeout.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="dyad-events.%s"`, ext))
	sw := &startedWriter{w: w}
	err = export.Write(r.Context(), sw, export.Matching{Store: s.cfg.Store, Filter: f}, format, export.Options{Negated: f.Negated})
	if err != nil && !sw.started {
		return err
	}
	if err != nil {
		s.log.Error("export failed mid-stream", "err", err)
	}
	return nil
}

// startedWriter records whether anything was written, after which an error
// can no longer become a JSON answer.
type startedWriter struct {
	w       http.ResponseWriter
	started bool
}

func (s *startedWriter) Write(p []byte) (int, error) {
	s.started = true
	return s.w.Write(p)
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"documents": st.Documents, "events": st.Events, "quotes": st.Quotes, "counts": st.Counts, "failures": st.Failures,
		"plover_types": s.types, "cameo_roots": s.roots,
	})
	return nil
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	if err := s.cfg.Store.Ping(r.Context()); err != nil {
		return errorf(http.StatusServiceUnavailable, "store: %v", err)
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

//go:embed openapi.json
var openapiJSON []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openapiJSON)
	return err
}
