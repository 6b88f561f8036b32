// Command cluster learns dyad's Brown word clusters (package cluster) from
// unlabelled news text and writes models/clusters.bin.gz.
//
// Usage, from the repository root:
//
//	go run ./internal/train/cluster -data ../shared/datasets \
//	    -out models/clusters.bin.gz -c 400 -words 60000 -min 3
//
// The corpus is Reuters-21578 (TITLE and BODY), BBC News (2004–05), the
// Causal News Corpus sentences, the token column of CoNLL-2003 eng.train,
// and the word forms of UD English EWT train (PolNeAR is left out: it
// states no license, so no shipped model learns from it); running text is tokenized with package text (CoNLL and
// EWT tokens are taken as they are). Files
// are read in a fixed order, so the output is deterministic.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"html"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/dyad-events/dyad/cluster"
	"github.com/dyad-events/dyad/text"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("train cluster: ")
	var (
		data  = flag.String("data", "../shared/datasets", "datasets directory")
		out   = flag.String("out", "models/clusters.bin.gz", "output file")
		c     = flag.Int("c", 400, "number of clusters (window size)")
		words = flag.Int("words", 60000, "vocabulary size")
		minN  = flag.Int("min", 3, "minimum word count")
		dump  = flag.String("dump", "", "also write a text listing (path word) to this file")
		prof  = flag.String("cpuprofile", "", "write a CPU profile to this file")
	)
	flag.Parse()
	if *prof != "" {
		pf, err := os.Create(*prof)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	var sents [][]string
	add := func(name string, ss [][]string, err error) {
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		n := 0
		for _, s := range ss {
			n += len(s)
		}
		log.Printf("%s: %d sentences, %d tokens", name, len(ss), n)
		sents = append(sents, ss...)
	}
	ss, err := reuters(filepath.Join(*data, "reuters21578"))
	add("reuters21578", ss, err)
	ss, err = bbc(filepath.Join(*data, "bbc_news", "bbc"))
	add("bbc_news", ss, err)
	ss, err = cnc(filepath.Join(*data, "causal_news_corpus", "data", "V2"))
	add("causal_news_corpus", ss, err)
	ss, err = conll(filepath.Join(*data, "conll2003", "eng.train"))
	add("conll2003 eng.train", ss, err)
	ss, err = conlluText(filepath.Join(*data, "ud_english_ewt", "en_ewt-ud-train.conllu"))
	add("ud_english_ewt train", ss, err)
	log.Printf("read in %v", time.Since(start).Round(time.Millisecond))
	cl, err := cluster.Train(sents, cluster.Options{Clusters: *c, MaxWords: *words, MinCount: *minN, Logf: log.Printf})
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := cl.Save(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	if *dump != "" {
		df, err := os.Create(*dump)
		if err != nil {
			log.Fatal(err)
		}
		bw := bufio.NewWriter(df)
		for id := 0; id < cl.NumClusters(); id++ {
			for _, w := range cl.Words(id) {
				bw.WriteString(cl.ClusterPath(id) + "\t" + w + "\n")
			}
		}
		bw.Flush()
		df.Close()
	}
	st, _ := os.Stat(*out)
	log.Printf("wrote %s (%d bytes, %d words, %d clusters) in %v", *out, st.Size(), cl.NumWords(), cl.NumClusters(), time.Since(start).Round(time.Second))
}

// plainDir reads the .txt files of the directories as running text.
func plainDir(dirs ...string) ([][]string, error) {
	var out [][]string
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			out = append(out, tokenize(strings.ToValidUTF8(string(b), " "))...)
		}
	}
	return out, nil
}

// conlluText reads the word forms of a CoNLL-U file, one sentence at a time.
func conlluText(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]string
	var cur []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 2 || strings.ContainsAny(fs[0], "-.") {
			continue
		}
		cur = append(cur, fs[1])
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, sc.Err()
}

// tokenize splits running text into sentences of token strings.
func tokenize(s string) [][]string {
	toks, sents, _ := text.Split(s)
	out := make([][]string, 0, len(sents))
	for _, se := range sents {
		ws := make([]string, 0, se.TokEnd-se.TokStart)
		for _, t := range toks[se.TokStart:se.TokEnd] {
			ws = append(ws, s[t.Start:t.End])
		}
		out = append(out, ws)
	}
	return out
}

var (
	reBody  = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
	reTitle = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	reCtl   = regexp.MustCompile(`&#[0-9]+;`)
)

func latin1(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

func reuters(dir string) ([][]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out [][]string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		s := latin1(b)
		for _, re := range []*regexp.Regexp{reTitle, reBody} {
			for _, m := range re.FindAllStringSubmatch(s, -1) {
				t := html.UnescapeString(reCtl.ReplaceAllString(m[1], " "))
				t = strings.TrimSuffix(strings.TrimSpace(t), "Reuter")
				out = append(out, tokenize(t)...)
			}
		}
	}
	return out, nil
}

func bbc(dir string) ([][]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out [][]string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, tokenize(strings.ToValidUTF8(string(b), " "))...)
	}
	return out, nil
}

func cnc(dir string) ([][]string, error) {
	var out [][]string
	for _, name := range []string{"train_subtask1.csv", "dev_subtask1.csv", "test_subtask1_text.csv"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		head := true
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return nil, err
			}
			if head {
				head = false
				continue
			}
			if len(rec) > 1 {
				out = append(out, strings.Fields(rec[1]))
			}
		}
		f.Close()
	}
	return out, nil
}

func conll(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]string
	var cur []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || fs[0] == "-DOCSTART-" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, fs[0])
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, sc.Err()
}
