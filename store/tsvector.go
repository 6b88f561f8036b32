package store

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lexemeEscape quotes a lexeme's quotes and backslashes in a tsvector or
// tsquery literal.
var lexemeEscape = strings.NewReplacer(`'`, `''`, `\`, `\\`)

// tsvector returns a PostgreSQL tsvector literal of text, with the lexemes
// and positions PostgreSQL's "simple" configuration gives for ordinary
// prose: lower-cased runs of letters and digits, a hyphenated word as
// itself and then its parts (as PostgreSQL's parser splits it), a decimal
// number whole. Building it here and sending the literal costs the
// database a tenth of what to_tsvector does, which on a busy server is
// most of the cost of storing a document. Queries run through
// websearch_to_tsquery('simple', ...), which parses the query the same way.
func tsvector(text string) string {
	const maxPos = 16383 // PostgreSQL's largest position
	pos := map[string][]int{}
	p := 0
	add := func(lex string) {
		if len(lex) >= 2048 { // PostgreSQL's longest lexeme is 2047 bytes
			return
		}
		p++
		if p > maxPos {
			p = maxPos
		}
		if ps := pos[lex]; len(ps) < 256 && (len(ps) == 0 || ps[len(ps)-1] != p) {
			pos[lex] = append(ps, p)
		}
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWord(r) {
			i += n
			continue
		}
		// A run of word characters, and of word runs joined by single
		// hyphens (a compound) or, between digits, single dots (a decimal).
		var parts []string
		start := i
		j := i
		for {
			k := j
			for k < len(text) {
				r, n := utf8.DecodeRuneInString(text[k:])
				if !isWord(r) {
					break
				}
				k += n
			}
			parts = append(parts, text[j:k])
			if k+1 < len(text) && (text[k] == '-' || text[k] == '.') {
				next, _ := utf8.DecodeRuneInString(text[k+1:])
				last, _ := utf8.DecodeLastRuneInString(text[j:k])
				if isWord(next) && (text[k] == '-' || unicode.IsDigit(last) && unicode.IsDigit(next) && len(parts) == 1) {
					j = k + 1
					if text[k] == '.' {
						// a decimal: one token
						m := j
						for m < len(text) {
							r, n := utf8.DecodeRuneInString(text[m:])
							if !unicode.IsDigit(r) {
								break
							}
							m += n
						}
						parts = []string{text[start:m]}
						j = m
						break
					}
					continue
				}
			}
			j = k
			break
		}
		if len(parts) > 1 {
			add(strings.ToLower(text[start:j]))
		}
		for _, w := range parts {
			add(strings.ToLower(w))
		}
		i = j
	}
	lexemes := make([]string, 0, len(pos))
	for l := range pos {
		lexemes = append(lexemes, l)
	}
	sort.Strings(lexemes)
	var b strings.Builder
	for i, l := range lexemes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(lexemeEscape.Replace(l))
		b.WriteString("':")
		for k, q := range pos[l] {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(q))
		}
	}
	return b.String()
}

// lexemes returns the lexemes of text in order, as tsvector gives them
// positions: a compound before its parts.
func lexemes(text string) []string {
	lit := tsvector(text)
	if lit == "" {
		return nil
	}
	type lp struct {
		lex string
		pos int
	}
	var all []lp
	for _, item := range splitLiteral(lit) {
		i := strings.LastIndex(item, "':")
		lex := strings.ReplaceAll(strings.ReplaceAll(item[1:i], "''", "'"), `\\`, `\`)
		for _, p := range strings.Split(item[i+2:], ",") {
			n, _ := strconv.Atoi(p)
			all = append(all, lp{lex, n})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].pos < all[j].pos })
	out := make([]string, len(all))
	for i, x := range all {
		out[i] = x.lex
	}
	return out
}

// splitLiteral splits a tsvector literal made by tsvector into its items.
func splitLiteral(lit string) []string {
	var out []string
	inQuote := false
	start := 0
	for i := 0; i < len(lit); i++ {
		switch {
		case lit[i] == '\'':
			if inQuote && i+1 < len(lit) && lit[i+1] == '\'' {
				i++
				continue
			}
			inQuote = !inQuote
		case lit[i] == ' ' && !inQuote:
			out = append(out, lit[start:i])
			start = i + 1
		}
	}
	return append(out, lit[start:])
}

// quoteLexeme quotes a lexeme for a tsquery.
func quoteLexeme(l string) string {
	return "'" + lexemeEscape.Replace(l) + "'"
}

// tsquery translates a full-text query in the syntax the SQLite store
// takes (FTS5's: words, "phrases", OR, NOT, prefix*; also -word) into a
// PostgreSQL tsquery over the lexemes tsvector makes, so that both stores
// read a query alike. Implicit AND binds tighter than OR, NOT tightest.
func tsquery(q string) (string, error) {
	var terms []string
	op := ""
	emit := func(term string, neg bool) {
		if term == "" {
			return
		}
		if neg {
			term = "!" + term
		}
		if len(terms) > 0 {
			if op == "" {
				op = "&"
			}
			terms = append(terms, op)
		}
		terms = append(terms, term)
		op = ""
	}
	phrase := func(text string, prefix bool) string {
		ls := lexemes(text)
		if len(ls) == 0 {
			return ""
		}
		parts := make([]string, len(ls))
		for i, l := range ls {
			parts[i] = quoteLexeme(l)
		}
		if prefix {
			parts[len(parts)-1] += ":*"
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return "(" + strings.Join(parts, " <-> ") + ")"
	}
	neg := false
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '(' || c == ')':
			i++
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				j = len(q) - i - 1
			}
			emit(phrase(q[i+1:i+1+j], false), neg)
			neg = false
			i += j + 2
		case c == '-' && i+1 < len(q) && q[i+1] != ' ':
			neg = true
			i++
		default:
			j := i
			for j < len(q) && !strings.ContainsRune(" \t\n\"()", rune(q[j])) {
				j++
			}
			word := q[i:j]
			i = j
			switch word {
			case "OR", "or":
				if len(terms) > 0 {
					op = "|"
				}
				continue
			case "AND":
				continue
			case "NOT":
				neg = true
				continue
			}
			prefix := strings.HasSuffix(word, "*")
			emit(phrase(strings.TrimSuffix(word, "*"), prefix), neg)
			neg = false
		}
	}
	if len(terms) == 0 {
		return "", fmt.Errorf("%w: q %q: no words to search for", ErrBadQuery, q)
	}
	if strings.HasPrefix(terms[0], "!") && len(terms) == 1 {
		return "", fmt.Errorf("%w: q %q: a query cannot only exclude", ErrBadQuery, q)
	}
	return strings.Join(terms, " "), nil
}
