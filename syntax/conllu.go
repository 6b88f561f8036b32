package syntax

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// TrainToken is one syntactic word of a gold-annotated sentence.
type TrainToken struct {
	Form  string
	Lemma string
	UPOS  string
	XPOS  string
}

// ReadCoNLLU reads the sentences of a CoNLL-U file. It keeps the syntactic
// words (integer IDs) and skips comments, multiword-token ranges and empty
// nodes.
func ReadCoNLLU(r io.Reader) ([][]TrainToken, error) {
	var (
		sents [][]TrainToken
		cur   []TrainToken
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || strings.TrimSpace(s) == "" {
			if len(cur) > 0 {
				sents = append(sents, cur)
				cur = nil
			}
			continue
		}
		if s[0] == '#' {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != 10 {
			return nil, fmt.Errorf("conllu line %d: %d fields, want 10", line, len(f))
		}
		if strings.ContainsAny(f[0], "-.") {
			continue // multiword token range or empty node
		}
		cur = append(cur, TrainToken{Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(cur) > 0 {
		sents = append(sents, cur)
	}
	return sents, nil
}
