package syntax

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ParseToken is one syntactic word of a sentence annotated with a dependency
// tree, as read from CoNLL-U.
type ParseToken struct {
	Form  string
	Lemma string
	UPOS  string
	XPOS  string
	// Head is the 0-based index of the head word in the sentence, or -1 for
	// the root.
	Head int
	// Rel is the Universal Dependencies relation to Head, with its subtype
	// ("nsubj:pass").
	Rel string
}

// ReadCoNLLUTrees reads the sentences of a CoNLL-U file with their basic
// dependency trees. Like ReadCoNLLU it keeps the syntactic words and skips
// comments, multiword-token ranges and empty nodes.
func ReadCoNLLUTrees(r io.Reader) ([][]ParseToken, error) {
	var (
		sents [][]ParseToken
		cur   []ParseToken
	)
	flush := func(line int) error {
		if len(cur) == 0 {
			return nil
		}
		for i, t := range cur {
			if t.Head < -1 || t.Head >= len(cur) || t.Head == i {
				return fmt.Errorf("conllu sentence ending at line %d: word %d has bad head %d", line, i+1, t.Head+1)
			}
		}
		sents = append(sents, cur)
		cur = nil
		return nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if strings.TrimSpace(s) == "" {
			if err := flush(line); err != nil {
				return nil, err
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
			continue
		}
		h, err := strconv.Atoi(f[6])
		if err != nil {
			return nil, fmt.Errorf("conllu line %d: bad head %q", line, f[6])
		}
		cur = append(cur, ParseToken{Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Head: h - 1, Rel: f[7]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := flush(line); err != nil {
		return nil, err
	}
	return sents, nil
}
