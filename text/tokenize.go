package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/doc"
)

// tok is a token under construction.
type tok struct {
	start, end int
	// joined marks a token that continues the surface token before it: a
	// clitic split off a word ("n't" in "don't", "'s" in "Bush's") or the
	// apostrophe of a plural possessive ("Tigers'").
	joined bool
}

// Tokenize splits s into word tokens and returns their byte spans, in order.
//
// Tokens follow the Universal Dependencies English (EWT) conventions:
// punctuation is split off words; clitics are separate words ("don't" → "do"
// "n't", "Bush's" → "Bush" "'s", with ' or ’); hyphenated compounds are split
// at the hyphen ("11-month" → "11" "-" "month") except after common prefixes
// such as anti-, non- or e-; numbers stay whole ("5,400", "1.5", "5:30") but
// units and symbols are split off ("2.4%" → "2.4" "%", "$3.5bn" → "$" "3.5"
// "bn"); known abbreviations and initials keep their period ("U.S.", "Feb.",
// "W."); URLs and e-mail addresses are single tokens; runs of . ! ? (an
// ellipsis, "?!"), of hyphens ("--") and of a repeated quote character ("”")
// are single tokens.
//
// Tokenize never panics. Invalid UTF-8 bytes are treated as letters.
func Tokenize(s string) []doc.Span {
	toks := tokenize(s, make([]tok, 0, len(s)/5+1))
	out := make([]doc.Span, len(toks))
	for i, t := range toks {
		out[i] = doc.Span{Start: t.start, End: t.end}
	}
	return out
}

// SurfaceTokens is Tokenize without splitting clitics: a contraction or
// possessive ("don't", "Bush's", "Tigers'") stays one token. These are the
// surface tokens of CoNLL-U files, whose multiword tokens group the words
// Tokenize returns.
func SurfaceTokens(s string) []doc.Span {
	toks := tokenize(s, make([]tok, 0, len(s)/5+1))
	out := make([]doc.Span, 0, len(toks))
	for _, t := range toks {
		if t.joined && len(out) > 0 && out[len(out)-1].End == t.start {
			out[len(out)-1].End = t.end
			continue
		}
		out = append(out, doc.Span{Start: t.start, End: t.end})
	}
	return out
}

// decode returns the rune at s[i] and its width. Invalid bytes decode as
// utf8.RuneError with width 1.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// isSpace reports whether r separates tokens.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == '\f'
	}
	return unicode.IsSpace(r) || r == 0x200B || r == 0xFEFF
}

// isWord reports whether the rune r of width w is part of a word: a letter,
// digit, mark, underscore or invalid byte, or any other non-ASCII rune that
// is not punctuation or a symbol.
func isWord(r rune, w int) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
	}
	if r == utf8.RuneError && w == 1 {
		return true
	}
	return !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !isSpace(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// tokenize appends the tokens of s to out.
func tokenize(s string, out []tok) []tok {
	n := len(s)
	i := 0
	for i < n {
		r, w := decode(s, i)
		if isSpace(r) {
			i += w
			continue
		}
		j := i + w
		for j < n {
			r, w = decode(s, j)
			if isSpace(r) {
				break
			}
			j += w
		}
		out = chunk(s, i, j, out)
		i = j
	}
	return out
}

// chunk appends the tokens of the whitespace-free chunk s[a:b].
func chunk(s string, a, b int, out []tok) []tok {
	if b-a > 4 {
		if u0, u1, ok := findLink(s, a, b); ok {
			out = scan(s, a, u0, out)
			out = append(out, tok{start: u0, end: u1})
			return scan(s, u1, b, out)
		}
	}
	return scan(s, a, b, out)
}

// findLink finds a URL or e-mail address in the chunk s[a:b] and returns
// its extent, without the quotes, brackets and punctuation around it.
func findLink(s string, a, b int) (int, int, bool) {
	c := s[a:b]
	var u0, u1 int
	if k := strings.Index(c, "://"); k > 0 {
		// The scheme's letters before "://".
		u0 = a + k
		for u0 > a && isASCIILetter(s[u0-1]) {
			u0--
		}
		if u0 == a+k {
			return 0, 0, false
		}
		u1 = trimLinkEnd(s, u0, b)
	} else if k := indexFold(c, "www."); k >= 0 && (k == 0 || !isASCIIWord(c[k-1])) && k+4 < len(c) && isASCIIWord(c[k+4]) {
		u0 = a + k
		u1 = trimLinkEnd(s, u0, b)
	} else {
		// An e-mail address: the local part is word characters and . _ - +
		// % ' ("john.doe@example.org", "franz...@gmail.com"), the domain
		// word characters, dots and hyphens.
		at := strings.IndexByte(c, '@')
		if at <= 0 || at+1 >= len(c) || !isASCIIWord(c[at+1]) {
			return 0, 0, false
		}
		at += a
		u0 = at
		for u0 > a && (isASCIIWord(s[u0-1]) || strings.IndexByte("._-+%'", s[u0-1]) >= 0) {
			u0--
		}
		for u0 < at && !isASCIIWord(s[u0]) {
			u0++
		}
		if u0 == at {
			return 0, 0, false
		}
		u1 = at + 1
		for u1 < b && (isASCIIWord(s[u1]) || (s[u1] == '.' || s[u1] == '-') && u1+1 < b && isASCIIWord(s[u1+1])) {
			u1++
		}
	}
	return u0, u1, u1 > u0
}

// trimLinkEnd returns the end of the URL starting at s[u0] in a chunk that
// ends at b, leaving out the punctuation after it.
func trimLinkEnd(s string, u0, b int) int {
	u1 := b
	paren := strings.Count(s[u0:u1], "(") - strings.Count(s[u0:u1], ")")
	for u1 > u0 {
		r, w := utf8.DecodeLastRuneInString(s[u0:u1])
		switch r {
		case '.', ',', ';', ':', '!', '?', '"', '\'', ']', '>', '}', '’', '”', '»':
		case ')':
			if paren >= 0 {
				return u1
			}
			paren++
		default:
			return u1
		}
		u1 -= w
	}
	return u1
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isASCIIWord(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' || c == '_' }

// endsSentence reports whether a sentence ends at an abbreviation's period
// that is followed by s[p:]: at the end of the text or a line, or, for
// abbreviations other than titles and initials, before a typical sentence
// opener.
func endsSentence(s string, p int, kind uint8) bool {
	for p < len(s) {
		r, w := decode(s, p)
		if !isSpace(r) {
			break
		}
		if r == '\n' || r == '\r' || r == '\f' || r == '\v' || r == 0x2028 || r == 0x2029 {
			return true
		}
		p += w
	}
	if p == len(s) {
		return true
	}
	if kind != abbrOther {
		return false
	}
	q := p
	for q < len(s) && isASCIILetter(s[q]) {
		q++
	}
	return starters[s[p:q]]
}

// indexFold is strings.Index for an ASCII lower-case needle, ignoring case.
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if s[i]|0x20 == needle[0] && strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

// scan appends the tokens of s[a:b], which holds no space and no link.
func scan(s string, a, b int, out []tok) []tok {
	first := a
	i := a
	for i < b {
		r, w := decode(s, i)
		if isWord(r, w) {
			i, out = word(s, i, b, out)
			continue
		}
		if isApostrophe(r) && i+w < b && isDigit(rune(s[i+w])) {
			// An elided century: '90s.
			i, out = word(s, i, b, out)
			continue
		}
		j := i + w
		switch r {
		case '.', '!', '?':
			for j < b && (s[j] == '.' || s[j] == '!' || s[j] == '?') {
				j++
			}
		case ':', ';', '=':
			if e := emoticon(s, i, b); e > i {
				j = e
			}
		}
		switch r {
		case '-', '\'', '`', '’', '‘', '“', '”', '–', '—', '*', '=', '_', '#', '+', '<', '>',
			'$', '~', '^', '|', '\\', '/', '&', '%', '@':
			if j == i+w {
				for j < b {
					r2, w2 := decode(s, j)
					if r2 != r {
						break
					}
					j += w2
				}
			}
		}
		t := tok{start: i, end: j}
		if isApostrophe(r) && j-i == w && i > first && len(out) > 0 && out[len(out)-1].end == i {
			// Plural possessive: "Tigers'", unless the chunk opened a
			// single quote ('terrorists').
			if c := s[i-1]; (c == 's' || c == 'S') && !startsSingleQuote(s, first) {
				t.joined = true
			}
		}
		out = append(out, t)
		i = j
	}
	return out
}

// emoticon returns the end of the emoticon starting at s[i] (":)", ":-(",
// ";D"), or i.
func emoticon(s string, i, b int) int {
	j := i + 1
	if j < b && (s[j] == '-' || s[j] == '\'' || s[j] == '^' || s[j] == 'o') {
		j++
	}
	if j >= b {
		return i
	}
	switch s[j] {
	case ')', '(', 'D', 'P', 'p', '/', '|', '[', ']', '*', '3', 'O', 'S', '$', '@':
	default:
		return i
	}
	if s[j] == 'D' || s[j] == 'P' || s[j] == 'p' || s[j] == '3' || s[j] == 'O' || s[j] == 'S' {
		// Letters and digits only make an emoticon at the end of a chunk.
		if j+1 < b {
			return i
		}
	}
	return j + 1
}

func startsSingleQuote(s string, a int) bool {
	r, _ := decode(s, a)
	return r == '\'' || r == '‘' || r == '`'
}

// maxJoin bounds the joiners tracked within one compound word; longer
// compounds are cut into several.
const maxJoin = 32

// word scans the compound word starting at s[i] (i < b) and appends its
// tokens. It returns the offset after the word.
func word(s string, i, b int, out []tok) (int, []tok) {
	start := i
	// joiners holds the offsets of the hyphens, slashes and ampersands inside
	// the compound, which may become separate tokens.
	var joiners [maxJoin]int
	nj := 0
	allDigits := true
	prevDigit := false
	prev := rune(0)
	for i < b {
		r, w := decode(s, i)
		if isWord(r, w) {
			if !isDigit(r) {
				allDigits = false
			}
			prevDigit = isDigit(r)
			prev = r
			i += w
			continue
		}
		if i == start && isApostrophe(r) {
			// Leading apostrophe of '90s.
			allDigits = false
			prev = r
			i += w
			continue
		}
		if i+w >= b {
			break
		}
		nr, nw := decode(s, i+w)
		if !isWord(nr, nw) {
			break
		}
		ok := false
		switch r {
		case '.':
			ok = true
		case ',', ':':
			ok = prevDigit && isDigit(nr)
		case '\'', '’':
			ok = isLetter(nr) && prev != '\'' && prev != '’'
			allDigits = false
		case '-', '/', '&', '‐':
			if nj < maxJoin {
				joiners[nj] = i
				nj++
				ok = true
			}
		}
		if !ok {
			break
		}
		if r != '-' && r != '/' {
			allDigits = false
		}
		prevDigit = false
		prev = r
		i += w
	}
	end := i
	// A period after the word belongs to it when the word is an
	// abbreviation or an initial.
	dot := false
	if end < b && s[end] == '.' && !(end+2 < b && s[end+1] == '.' && s[end+2] == '.') {
		last := start
		if nj > 0 {
			_, w := decode(s, joiners[nj-1])
			last = joiners[nj-1] + w
		}
		if kind := abbrKind(s[last:end], s[end+1:]); kind != abbrNone {
			// As in EWT, an abbreviation that ends the sentence leaves
			// its period to the sentence ("in the U.S" ".").
			dot = !(end+1 == b && endsSentence(s, end+1, kind))
		}
	}
	keepNumeric := allDigits && nj > 0 && numericCompound(s, start, end, joiners[:nj])
	segStart := start
	for k := 0; k < nj; k++ {
		j := joiners[k]
		r, w := decode(s, j)
		left := s[segStart:j]
		nextEnd := end
		if k+1 < nj {
			nextEnd = joiners[k+1]
		}
		right := s[j+w : nextEnd]
		split := true
		switch {
		case keepNumeric:
			split = false
		case r == '-' || r == '‐':
			split = !(segStart == start && isPrefix(left))
		case r == '/':
			split = !(allNumeric(left) && allNumeric(right) || utf8.RuneCountInString(left) == 1 && utf8.RuneCountInString(right) == 1)
		case r == '&':
			split = !(len(left) <= 3 && len(right) <= 3)
		}
		if split {
			out = piece(s, segStart, j, out)
			out = append(out, tok{start: j, end: j + w})
			segStart = j + w
		}
	}
	if dot {
		end++
	}
	out = piece(s, segStart, end, out)
	return end, out
}

// numericCompound reports whether the digits-and-hyphens compound s[a:b]
// is a phone number or date that EWT keeps whole ("713-853-3989",
// "11-20-2000", "646-8420") rather than a range ("1969-1970").
func numericCompound(s string, a, b int, joiners []int) bool {
	slash := false
	for _, j := range joiners {
		if s[j] == '/' {
			slash = true
		} else if s[j] != '-' {
			return false
		}
	}
	if slash || len(joiners) >= 2 {
		return true
	}
	j := joiners[0]
	return j-a <= 3 && b-j-1 == 4
}

func allNumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(rune(s[i])) {
			return false
		}
	}
	return true
}

// piece appends the word s[a:b], splitting off a unit after a number
// ("5pm", "3.5bn") and clitics ("do" "n't").
func piece(s string, a, b int, out []tok) []tok {
	if a >= b {
		return out
	}
	if isDigit(rune(s[a])) {
		k := a
		for k < b && (isDigit(rune(s[k])) || (s[k] == '.' || s[k] == ',') && k+1 < b && isDigit(rune(s[k+1]))) {
			k++
		}
		if k < b && k > a && isUnit(s[k:b]) {
			out = append(out, tok{start: a, end: k})
			return append(out, tok{start: k, end: b})
		}
		if k == b {
			return append(out, tok{start: a, end: b})
		}
	}
	if cut := clitic(s[a:b]); cut > 0 {
		out = append(out, tok{start: a, end: a + cut})
		return append(out, tok{start: a + cut, end: b, joined: true})
	}
	return append(out, tok{start: a, end: b})
}

// clitic returns the offset in w where a clitic starts, or 0.
func clitic(w string) int {
	ap := strings.LastIndexByte(w, '\'')
	apw := 1
	if k := strings.LastIndex(w, "’"); k > ap {
		ap, apw = k, len("’")
	}
	if ap < 0 {
		if len(w) < 2 || len(w) > 8 {
			return 0
		}
		return fusedClitic(w)
	}
	if ap == 0 {
		return 0
	}
	suf := w[ap+apw:]
	switch len(suf) {
	case 1:
		switch suf[0] {
		case 's', 'S', 'm', 'M', 'd', 'D':
			r, _ := utf8.DecodeLastRuneInString(w[:ap])
			if isLetter(r) {
				return ap
			}
		case 't', 'T':
			if ap >= 2 && (w[ap-1] == 'n' || w[ap-1] == 'N') {
				return ap - 1
			}
		}
	case 2:
		switch strings.ToLower(suf) {
		case "re", "ve", "ll":
			r, _ := utf8.DecodeLastRuneInString(w[:ap])
			if isLetter(r) {
				return ap
			}
		}
	}
	return 0
}

// fusedClitic returns the split point of a contraction written without an
// apostrophe, as EWT splits them ("cannot" → "can" "not", "dont" → "do"
// "nt", "gonna" → "gon" "na"), or 0.
func fusedClitic(w string) int {
	var buf [8]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(w)]) {
	case "im", "ive":
		// Not "IM" or "IVE", which are more likely acronyms.
		if w[0] == 'I' && w[1] >= 'A' && w[1] <= 'Z' {
			return 0
		}
		return 1
	case "alot":
		return 1
	case "thats", "whats":
		return 4
	case "youre", "theres":
		return len(w) - 2
	case "outta":
		return 3
	case "cannot":
		return 3
	case "gonna", "wanna", "gotta":
		return 3
	case "dont", "cant", "wont", "isnt", "aint":
		return 2
	case "didnt", "arent", "hasnt", "wasnt":
		return 3
	case "doesnt", "havent", "werent", "couldnt", "wouldnt", "shouldnt":
		return len(w) - 2
	}
	return 0
}

// isPrefix reports whether w is a prefix that EWT keeps attached to the word
// after its hyphen ("non-stop", "e-mail", "anti-American").
func isPrefix(w string) bool {
	if len(w) > 7 {
		return false
	}
	var buf [7]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(w)]) {
	case "e", "non", "mid", "pre", "anti", "re", "post", "co", "over", "pro",
		"multi", "ex", "sub", "semi", "psycho", "neo", "cross", "micro",
		"intra", "counter", "arch", "socio", "un", "inter", "ultra", "mega",
		"mini", "pseudo", "quasi", "trans", "bi", "tri", "de", "geo":
		return true
	}
	return false
}

// isUnit reports whether w is a unit or magnitude that EWT splits from a
// number before it ("5pm", "65k", "3.5bn").
func isUnit(w string) bool {
	if len(w) > 5 {
		return false
	}
	var buf [5]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(w)]) {
	case "k", "m", "bn", "b", "mn", "tn", "kg", "g", "mg", "km", "m2", "cm", "mm",
		"ml", "l", "lb", "lbs", "oz", "ft", "mph", "kph", "kmh", "am", "pm",
		"hrs", "hr", "h", "min", "mins", "sec", "secs", "yr", "yrs", "gb", "mb",
		"kb", "tb", "ghz", "mhz", "kw", "mw", "gw", "kwh", "mwh", "x", "pc", "pct":
		return true
	}
	return false
}
