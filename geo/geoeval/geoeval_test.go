package geoeval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/geo"
	"github.com/dyad-events/dyad/pipeline"
)

// corpus is two articles written for the test, in the LGL layout.
const corpus = `<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <dltime>2009-03-20 12:24:52</dltime>
    <text><![CDATA[Flooding closed roads in Kenya on Monday, and officials said roads near Nairobi were shut.]]></text>
    <toponyms>
      <toponym><start>25</start><end>30</end><phrase>Kenya</phrase>
        <gaztag geonameid="192950"><name>Kenya</name><lat>1</lat><lon>38</lon><country geonameid="192950">Kenya</country></gaztag></toponym>
      <toponym><start>72</start><end>79</end><phrase>Nairobi</phrase>
        <gaztag geonameid="184745"><name>Nairobi</name><lat>-1.28333</lat><lon>36.81667</lon><country geonameid="192950">Kenya</country></gaztag></toponym>
    </toponyms>
  </article>
  <article docid="2">
    <dltime>2009-03-21 08:00:00</dltime>
    <text><![CDATA[Kenyan farmers said the rain was late.]]></text>
    <toponyms>
      <toponym><start>0</start><end>6</end><phrase>Kenyan</phrase>
        <gaztag geonameid="192950"><name>Kenya</name><lat>1</lat><lon>38</lon><country geonameid="192950">Kenya</country></gaztag></toponym>
    </toponyms>
  </article>
</articles>`

func TestRead(t *testing.T) {
	arts, dropped, err := Read(strings.NewReader(corpus))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 || dropped != 0 || len(arts[0].Toponyms) != 2 || arts[0].Date.Format("2006-01-02") != "2009-03-20" {
		t.Fatalf("read %d articles, %d dropped: %+v", len(arts), dropped, arts)
	}
	if _, _, err := Read(strings.NewReader("<articles><article>")); err == nil {
		t.Error("no error for broken XML")
	}
}

func TestEvaluate(t *testing.T) {
	arts, _, err := Read(strings.NewReader(corpus))
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.Default()
	if err != nil {
		t.Fatal(err)
	}
	g, err := geo.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	demonym := func(s string) bool { return s == "Kenyan" }
	s, err := Evaluate(context.Background(), p, arts, g.CountryByName, demonym, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.Gold != 2 || s.Demonyms != 1 || s.Mentions.TP != 2 || s.AccuracyAt161 != 1 || s.CountryCorrect != 1 {
		t.Errorf("scores %+v", s)
	}
}

// TestLGL scores the LGL corpus when present, with floors at the issue's
// targets (accuracy@161 km 0.80, correct country 0.95) under the measured
// 0.821 and 0.957.
func TestLGL(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "datasets", "geoparsing_lgl_geovirus", "data", "lgl.xml")
	if _, err := os.Stat(path); err != nil || testing.Short() {
		t.Skip("LGL not present")
	}
	arts, _, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.Default()
	if err != nil {
		t.Fatal(err)
	}
	g, err := geo.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Evaluate(context.Background(), p, arts, g.CountryByName, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("mentions F1 %.3f; acc@161 %.3f; country %.3f", s.Mentions.F1, s.AccuracyAt161, s.CountryCorrect)
	if s.AccuracyAt161 < 0.80 || s.CountryCorrect < 0.95 {
		t.Errorf("accuracy@161 %.3f (0.80), country %.3f (0.95)", s.AccuracyAt161, s.CountryCorrect)
	}
}
