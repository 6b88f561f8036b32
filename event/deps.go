package event

import (
	"strings"

	"github.com/dyad-events/dyad/doc"
)

// The rules in this file read participants from the dependency parse (UD
// relations) when the sentence has one: the subject is the nsubj of the
// trigger, the recipient its obj or the obl/nmod its frame's preposition
// introduces, the actor of a passive its obl:agent, the reporter the nsubj of
// the speech verb the trigger's clause hangs from. The surface rules of
// frames.go remain the fallback for sentences without a parse and for roles
// the parse leaves empty.

// parsed reports whether sentence si carries a dependency parse.
func (c *coder) parsed(si int) bool {
	s := c.d.Sentences[si]
	for i := s.TokStart; i < s.TokEnd; i++ {
		if c.d.Tokens[i].Rel != "" {
			return true
		}
	}
	return false
}

// rel returns the universal part of token i's relation ("nsubj" for
// "nsubj:pass" when full is false).
func (c *coder) rel(i int, full bool) string {
	r := c.d.Tokens[i].Rel
	if !full {
		if k := strings.IndexByte(r, ':'); k >= 0 {
			r = r[:k]
		}
	}
	return r
}

// head returns token i's head, or -1.
func (c *coder) head(i int) int {
	h := c.d.Tokens[i].Head
	if h < 0 || h >= len(c.d.Tokens) {
		return -1
	}
	return h
}

// child returns the first dependent of h with relation r (full relation
// names match exactly, bare ones match any subtype), or -1.
func (c *coder) child(h int, r string) int {
	for _, k := range c.kids[h] {
		if c.d.Tokens[k].Rel == r || (!strings.Contains(r, ":") && c.rel(k, false) == r) {
			return k
		}
	}
	return -1
}

// exactChild returns the first dependent of h whose relation is exactly r,
// subtype included, or -1.
func (c *coder) exactChild(h int, r string) int {
	for _, k := range c.kids[h] {
		if c.d.Tokens[k].Rel == r {
			return k
		}
	}
	return -1
}

// caseOf returns the lower-case preposition marking token k ("on" in "on
// armed gangs"), or "".
//
// When k has none, the case of a name word before it counts: parsers often
// hang the preposition on the first word of a name read as a compound
// ("with Congo and Costa Rica", with "with" on "Congo").
func (c *coder) caseOf(k int) string {
	for _, m := range c.kids[k] {
		if r := c.rel(m, false); r == "case" {
			return c.low[m]
		}
	}
	for _, m := range c.kids[k] {
		if m > k {
			break
		}
		switch c.rel(m, false) {
		case "compound", "flat", "amod", "det":
			for _, n := range c.kids[m] {
				if c.rel(n, false) == "case" && n < m {
					return c.low[n]
				}
			}
		}
	}
	return ""
}

// np returns the participants the noun phrase headed by token k names: its
// entity and the entities coordinated with it ("Medvedev and Erdogan"), a
// resolved pronoun, or the possessor of a noun that names no actor itself
// ("its own draft" -> the actor "its" stands for).
func (c *coder) np(k, si int, depth int) (ps []doc.Participant, pron bool) {
	if k < 0 || depth > 3 {
		return nil, false
	}
	add := func(t int) bool {
		if ei := c.entAt[t]; ei >= 0 {
			found := false
			group := c.parts(ei)
			if c.norpBefore(ei) {
				// "Hungarian and Romanian officials": nationality words
				// coordinated before the head name actors of their own.
				if g := c.groupLeft(ei, c.d.Sentences[si].TokStart); len(g) > len(group) {
					group = g
				}
			}
			for _, p := range group {
				if !hasParticipant(ps, p) {
					ps = append(ps, p)
				}
				found = true
			}
			return found
		}
		if p, ok := c.pronoun(t, si); ok {
			ps = append(ps, p)
			pron = true
			return true
		}
		return false
	}
	if !add(k) {
		// "the government of Syria", "its draft": an actor inside the
		// phrase stands for it when the head names none.
		for _, m := range c.kids[k] {
			switch c.d.Tokens[m].Rel {
			case "nmod:poss":
				if add(m) {
					return ps, pron
				}
			case "nmod":
				if isPossessiveCase(c.caseOf(m)) {
					// "the United States' policies" read as nmod.
					if add(m) {
						return ps, pron
					}
					continue
				}
				if c.caseOf(m) != "of" {
					continue
				}
				if add(m) {
					return ps, pron
				}
				// "tens of thousands of students": through the
				// quantities to the people.
				if isQuantityNoun(c.lemma[k]) || isQuantityNoun(c.lemma[m]) {
					if more, p2 := c.np(m, si, depth+1); len(more) > 0 {
						return more, p2
					}
				}
			case "amod":
				// "French mediation", "an Israeli offer": a nationality
				// word on a thing stands for its country; not on a place
				// ("the Thai border").
				if ei := c.entAt[m]; ei >= 0 && c.d.Entities[ei].Type != "PERSON" && !isPlaceNoun(c.lemma[k]) && add(m) {
					if anyCountry(ps) {
						return ps, pron
					}
					ps, pron = nil, false // "military aid": no one's
				}
			case "compound", "flat", "appos":
				// "the Hizbollah group", "the Taliban movement": a name
				// before a generic body noun is the actor. ("Syrian
				// forces" is one entity already.)
				if isBodyNoun(c.lemma[k]) && add(m) {
					return ps, pron
				}
			}
		}
		return nil, false
	}
	// Coordinated phrases hang from the phrase head, which may be any word
	// of a multi-word entity ("Prime Minister X and Y").
	from, to := k, k+1
	if ei := c.entAt[k]; ei >= 0 {
		from, to = c.d.Entities[ei].TokStart, c.d.Entities[ei].TokEnd
	}
	for t := from; t < to; t++ {
		for _, m := range c.kids[t] {
			if c.rel(m, false) == "conj" && (m < from || m >= to) {
				more, p2 := c.np(m, si, depth+1)
				for _, q := range more {
					if !hasParticipant(ps, q) {
						ps = append(ps, q)
					}
				}
				pron = pron || p2
			}
		}
	}
	// Coordination the parse missed: "the Arab world, the United States
	// and Europe" read on the surface after an entity head.
	if ei := c.entAt[k]; ei >= 0 && depth == 0 {
		for _, q := range c.groupRight(ei, c.d.Sentences[si].TokEnd) {
			if !hasParticipant(ps, q) {
				ps = append(ps, q)
			}
		}
	}
	return ps, pron
}

func hasParticipant(ps []doc.Participant, q doc.Participant) bool {
	for _, p := range ps {
		if p.Actor == q.Actor && p.Span == q.Span {
			return true
		}
	}
	return false
}

// depSubject finds the actors of verb h from the parse: its nsubj; the
// subject of the verb it is an xcomp or conj of ("agreed to coordinate",
// "met and agreed"); the antecedent of a relative pronoun subject.
func (c *coder) depSubject(h, si, depth int) (ps []doc.Participant, pron bool) {
	if h < 0 || depth > 3 {
		return nil, false
	}
	if k := c.child(h, "nsubj"); k >= 0 {
		if isRelativePronoun(c.low[k]) && c.rel(h, true) == "acl:relcl" {
			return c.np(c.head(h), si, 0)
		}
		// Several subjects of one verb are read together, as a parser may
		// attach each conjunct to the verb.
		for _, m := range c.kids[h] {
			if r := c.d.Tokens[m].Rel; r != "nsubj" && (depth == 0 || c.rel(m, false) != "nsubj") {
				// (A verb coordinated with a passive shares its subject:
				// "has been indicted and will resign".)
				continue
			}
			more, p2 := c.np(m, si, 0)
			for _, q := range more {
				if !hasParticipant(ps, q) {
					ps = append(ps, q)
				}
			}
			pron = pron || p2
		}
		return ps, pron
	}
	switch c.rel(h, false) {
	case "xcomp", "conj":
		if g := c.head(h); g >= 0 && c.d.Tokens[g].UPOS == "VERB" {
			return c.depSubject(g, si, depth+1)
		}
	case "advcl":
		// "police opened fire, killing one person and arresting 12", "...
		// staged a strike to protest": a participle or infinitive clause
		// without a subject of its own shares the main clause's.
		if x := c.d.Tokens[h].XPOS; x == "VBG" || x == "VB" {
			if g := c.head(h); g >= 0 && c.d.Tokens[g].UPOS == "VERB" {
				return c.depSubject(g, si, depth+1)
			}
		}
	}
	return nil, false
}

// depPassive finds the actors (obl:agent, "by X") and recipients
// (nsubj:pass) of a passive verb.
//
// transitive says whether the trigger takes a direct object: only such a
// participle can be a passive one without an auxiliary ("diplomats met in
// Athens", "the president resigned" are active, whatever the parse).
func (c *coder) depPassive(h, si int, transitive bool) (actors, recips []doc.Participant, ok bool) {
	bare := transitive && c.d.Tokens[h].XPOS == "VBN" && c.child(h, "obj") < 0
	for _, m := range c.kids[h] {
		if c.rel(m, false) == "obl" && c.upTo(m) {
			bare = false // "kidnapped up to 16 engineers": an object
		}
	}
	if g := c.head(h); bare && c.rel(h, true) == "acl" && c.child(h, "nsubj") < 0 && g >= 0 && c.rel(g, false) != "root" {
		// (A noun at the root with the participle as its only verb is a
		// sentence the parse missed: "Afghan rebels kidnapped ...".)
		// A passive participle on a noun: "an Iraqi civilian killed by
		// UK troops", "foreign nationals detained in the UK". The noun is
		// acted on; the actor is only a "by" phrase.
		recips, _ = c.np(c.head(h), si, 0)
		actors = c.agent(h, si)
		return actors, recips, true
	}
	subj := c.child(h, "nsubj:pass")
	if k := c.exactChild(h, "nsubj"); k >= 0 && subj < 0 && bare && !c.perfect(h) && len(c.agent(h, si)) > 0 {
		// A participle with a "by" phrase and no perfect auxiliary is
		// passive whatever the parse calls its subject ("the family of
		// a civilian allegedly killed by UK troops").
		recips, _ = c.np(k, si, 0)
		return c.agent(h, si), recips, true
	}
	if subj < 0 && c.child(h, "aux:pass") < 0 || c.exactChild(h, "nsubj") >= 0 {
		// An active subject beside a passive one is a parse slip: the
		// verb is active.
		return nil, nil, false
	}
	recips, _ = c.np(subj, si, 0)
	return c.agent(h, si), recips, true
}

// agent returns the actors of the "by" phrase of passive verb h.
func (c *coder) agent(h, si int) []doc.Participant {
	for _, m := range c.kids[h] {
		if c.d.Tokens[m].Rel == "obl:agent" || (c.rel(m, false) == "obl" && c.caseOf(m) == "by") {
			ps, _ := c.np(m, si, 0)
			return ps
		}
	}
	return nil
}

// depRecipient finds the recipient of trigger t from its frame: obj (or the
// obl the trigger's own particle marks: "called on X"), or the obl/nmod a
// frame preposition marks ("blame ... on X"). An object that names no actor
// lends the actor of its nmod ("condemns the violence in Syria"), and a
// relative pronoun object its antecedent.
func (c *coder) depRecipient(t trigger, si int) []doc.Participant {
	h := t.head
	particle := ""
	if len(t.entry.Lemmas) > 1 {
		particle = t.entry.Lemmas[1]
	}
	for _, f := range t.entry.Frame {
		for _, m := range c.kids[h] {
			r := c.rel(m, false)
			switch {
			case f == "obj" && (r == "obj" || r == "iobj"):
				if isRelativePronoun(c.low[m]) && c.rel(h, true) == "acl:relcl" {
					if ps, _ := c.np(c.head(h), si, 0); len(ps) > 0 {
						return ps
					}
					continue
				}
				if ps, _ := c.np(m, si, 0); len(ps) > 0 {
					return ps
				}
				for _, n := range c.kids[m] {
					if c.rel(n, false) == "nmod" {
						if ps, _ := c.np(n, si, 0); len(ps) > 0 {
							return ps
						}
					}
				}
			case f == "obj" && r == "obl" && c.upTo(m):
				// "kidnapped up to 16 advisers": a quantity the parse
				// read as a phrase with "to".
				if ps, _ := c.np(m, si, 0); len(ps) > 0 {
					return ps
				}
			case f == "obj" && particle != "" && (r == "obl" || r == "nmod") && c.caseOf(m) == particle:
				if ps, _ := c.np(m, si, 0); len(ps) > 0 {
					return ps
				}
			case f != "obj" && (r == "obl" || r == "nmod") && c.caseOf(m) == f:
				if ps, _ := c.np(m, si, 0); len(ps) > 0 {
					return ps
				}
			}
		}
	}
	if t.entry.Code.Type == "REQUEST" {
		// "demanded that the EC refuse...": the one asked is the subject
		// of the clause that says what.
		for _, m := range c.kids[h] {
			if c.rel(m, false) == "ccomp" {
				if k := c.child(m, "nsubj"); k >= 0 {
					if ps, _ := c.np(k, si, 0); len(ps) > 0 {
						return ps
					}
				}
			}
		}
	}
	if !t.entry.Recip && !(t.entry.NeedInf && t.entry.NeedRecip) {
		// (Not for "want X to": without its own object, "wants to unite
		// it with the mainland" asks no one.)
		return c.complementRecipient(h, si)
	}
	return nil
}

// complementRecipient looks for the recipient below the trigger when its
// frame finds none: in the infinitive it governs and in the phrases that
// qualify its object ("threatened to break off relations with Congo",
// "promised to continue military aid to Mozambique", "refusing to lift the
// curfew on Palestinians"). It searches breadth first through xcomp, obj,
// obl and nmod, and takes the first
// object or prepositional phrase there that names a coded actor. Four
// levels reach "agreed to lift embargoes on sales to Iran".
func (c *coder) complementRecipient(h, si int) []doc.Participant {
	type node struct{ tok, depth int }
	queue := []node{}
	hasObj := c.child(h, "obj") >= 0
	for _, m := range c.kids[h] {
		switch c.rel(m, false) {
		case "xcomp", "obj":
			queue = append(queue, node{m, 1})
		case "obl":
			if !hasObj && c.caseOf(m) == "as" {
				// "denounced as an ugly crime Serbia's suppression": the
				// parse hangs the object on the predicative.
				queue = append(queue, node{m, 1})
			}
		case "advcl":
			if c.toInfinitive(m) {
				queue = append(queue, node{m, 1}) // "willing to send", "... to help defend"
			}
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		r := c.rel(n.tok, false)
		take := r == "obj" && n.depth > 1
		if c.d.Tokens[n.tok].Rel == "nmod:poss" && n.depth > 1 && c.entAt[n.tok] >= 0 {
			// "Serbia's suppression of unrest": the owner of the act.
			take = true
		} else if r == "obl" || r == "nmod" {
			switch c.caseOf(n.tok) {
			case "to", "with", "on", "against", "in", "into", "from", "toward", "towards", "among", "between", "for":
				take = true
			case "of":
				// "expelled inspectors of the IAEA": the owner of the
				// object the trigger acts on.
				take = c.rel(c.head(n.tok), false) == "obj"
			}
		}
		if take {
			if ps, _ := c.np(n.tok, si, 0); len(ps) > 0 {
				return ps
			}
		}
		if n.depth >= 4 {
			continue
		}
		for _, m := range c.kids[n.tok] {
			switch c.rel(m, false) {
			case "xcomp", "obj", "obl", "nmod":
				queue = append(queue, node{m, n.depth + 1})
			case "advcl", "acl":
				// "opened fire to disperse demonstrators"
				if c.toInfinitive(m) {
					queue = append(queue, node{m, n.depth + 1})
				}
			}
		}
	}
	return nil
}

// depNounActor finds who performs an event noun: its possessor ("the
// government's crackdown") or a "by" phrase ("an attack by rebels").
func (c *coder) depNounActor(h, si int) []doc.Participant {
	n := h
	if c.rel(n, false) == "compound" && c.head(n) >= 0 {
		n = c.head(n) // "a hunger strike", "a mediation effort"
	}
	if g := c.head(n); g >= 0 && c.rel(n, false) == "obj" && isLightVerb(c.lemma[g]) {
		// "students staged demonstrations", "the group declared a
		// ceasefire", "Mitterrand gave a warm welcome to": the light
		// verb's subject performs the noun's event, read on the surface
		// when the parse has none.
		if ps, _ := c.depSubject(g, si, 0); len(ps) > 0 {
			return ps
		}
		if ps, _ := c.subject(g, si); len(ps) > 0 {
			return ps
		}
	}
	for _, m := range c.kids[h] {
		switch {
		case c.d.Tokens[m].Rel == "nmod:poss":
			ps, _ := c.np(m, si, 0)
			return ps
		case c.rel(m, false) == "nmod" && c.caseOf(m) == "by":
			ps, _ := c.np(m, si, 0)
			return ps
		}
	}
	return nil
}

// depSource finds who reports the event at h: "according to X", a reporting
// clause attached as parataxis ("..., the press service said"), or the
// speech verb whose complement holds h ("X said that ...").
func (c *coder) depSource(h, si int) *doc.Participant {
	s := c.d.Sentences[si]
	for i := s.TokStart; i < s.TokEnd; i++ {
		if c.low[i] == "according" {
			if x := c.head(i); x >= 0 {
				if ps, _ := c.np(x, si, 0); len(ps) == 1 {
					return &ps[0]
				}
			}
		}
	}
	// Walk up from the trigger through the clauses that hold it.
	for k, depth := h, 0; k >= 0 && depth < 6; depth++ {
		for _, m := range c.kids[k] {
			if c.rel(m, false) == "parataxis" && c.isSpeech(m) {
				if ps, _ := c.depSubject(m, si, 0); len(ps) == 1 {
					return &ps[0]
				}
			}
		}
		r := c.rel(k, false)
		g := c.head(k)
		if g < 0 {
			break
		}
		if (r == "ccomp" || r == "parataxis") && c.isSpeech(g) {
			if ps, _ := c.depSubject(g, si, 0); len(ps) == 1 {
				return &ps[0]
			}
			return nil
		}
		if r != "conj" && r != "xcomp" && r != "advcl" && r != "ccomp" {
			break
		}
		k = g
	}
	return nil
}

// depModality reads negation, futures and hypotheticals from the
// trigger's dependents (aux, advmod, mark) and from the verb it is an xcomp
// of.
func (c *coder) depModality(h int) doc.Modality {
	var m doc.Modality
	for k, depth := h, 0; k >= 0 && depth < 3; depth++ {
		for _, d := range c.kids[k] {
			switch c.rel(d, false) {
			case "aux":
				switch c.low[d] {
				case "will", "'ll", "’ll", "shall", "wo":
					m.Future = true
				case "would":
					m.Future, m.Hypothetical = true, true
				case "could", "might", "may", "should":
					m.Hypothetical = true
				case "had":
					if depth == 0 && c.d.Tokens[h].XPOS == "VBN" {
						m.Historical = true
					}
				}
			case "advmod":
				switch c.low[d] {
				case "not", "n't", "never":
					m.Negated = true
				}
			case "mark":
				if c.low[d] == "if" || c.low[d] == "unless" {
					m.Hypothetical = true
				}
			}
		}
		if c.rel(k, false) != "xcomp" {
			break
		}
		g := c.head(k)
		if g >= 0 && isIntentVerb(c.lemma[g]) {
			m.Future = true
		}
		k = g
	}
	return m
}

// depContent reports whether trigger t is the infinitive content of another
// lexicon trigger ("called on X to refrain", "refused to meet"): an xcomp
// whose governor is itself a trigger.
func (c *coder) depContent(t trigger, isTrigger func(int) bool) bool {
	switch c.rel(t.head, false) {
	case "xcomp", "advcl", "obl", "acl":
		// Through verbs that are no triggers to the first one that is:
		// content when the path enters it as its infinitive ("pledged
		// to work towards lifting the ban").
		k := t.head
		for depth := 0; depth < 3; depth++ {
			g := c.head(k)
			if g < 0 {
				return false
			}
			r := c.rel(k, false)
			if isTrigger(g) {
				return r == "xcomp"
			}
			switch r {
			case "xcomp", "advcl", "obl", "acl":
				k = g
			default:
				return false
			}
		}
		return false
	case "ccomp":
		// "demanded that its partners refuse to recognise...": what a
		// demand asks for has not happened.
		g := c.head(t.head)
		if g < 0 || !isTrigger(g) {
			return false
		}
		for _, e := range c.entries(g) {
			if e.Code.Type == "REQUEST" && !e.Noun {
				return true
			}
		}
	}
	return false
}

func isRelativePronoun(w string) bool {
	switch w {
	case "which", "that", "who", "whom":
		return true
	}
	return false
}

// norpBefore reports whether a nationality word is coordinated just before
// entity ei: "Hungarian and" before "Romanian officials".
func (c *coder) norpBefore(ei int) bool {
	k := c.d.Entities[ei].TokStart - 1
	if k < 1 || !isConnector(c.low[k]) {
		return false
	}
	j := c.entAt[k-1]
	if j < 0 {
		return false
	}
	switch c.d.Entities[j].Type {
	case "NORP", "GPE": // "US and British activists"
		return true
	}
	return false
}

// isLightVerb reports verbs whose object noun names the event they report:
// "stage a protest", "hold talks", "launch an offensive".
func isLightVerb(lemma string) bool {
	switch lemma {
	case "stage", "hold", "launch", "begin", "start", "carry", "conduct", "mount", "organize", "organise",
		"give", "make", "announce", "declare", "resume", "continue", "step", "intensify", "end", "call", "have", "lead", "join":
		return true
	}
	return false
}

// isQuantityNoun reports nouns that count or group the people after "of":
// "thousands of protesters", "a group of soldiers".
func isQuantityNoun(lemma string) bool {
	switch lemma {
	case "ten", "tens", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
		"score", "scores", "group", "number", "crowd", "band", "unit", "contingent", "team", "delegation", "member", "some", "many", "most", "all":
		return true
	}
	return false
}

// isPlaceNoun reports nouns naming a place, which a nationality adjective
// locates rather than attributes ("the Thai border").
func isPlaceNoun(lemma string) bool {
	switch lemma {
	case "border", "frontier", "coast", "territory", "soil", "side", "capital", "city", "town", "village",
		"region", "province", "area", "water", "waters", "airspace", "port", "island", "mountain", "desert", "street", "embassy":
		return true
	}
	return false
}

// isBodyNoun reports generic nouns for a body a name precedes: "the
// Hizbollah group".
func isBodyNoun(lemma string) bool {
	switch lemma {
	case "group", "movement", "organization", "organisation", "party", "faction", "militia", "network", "alliance", "coalition", "front", "government", "regime":
		return true
	}
	return false
}

// upTo reports whether the phrase headed by k opens with "up to" and a
// number: an object's quantity ("up to 16 advisers"), not a destination.
func (c *coder) upTo(k int) bool {
	num := false
	for _, m := range c.kids[k] {
		if c.rel(m, false) == "nummod" {
			num = true
		}
	}
	if !num {
		return false
	}
	for _, m := range c.kids[k] {
		if c.rel(m, false) == "case" && c.low[m] == "to" && m > 0 && c.low[m-1] == "up" {
			return true
		}
	}
	return false
}

// isPossessiveCase reports the possessive clitics a parse may give as the
// case of an nmod.
func isPossessiveCase(w string) bool {
	switch w {
	case "'s", "’s", "'", "’":
		return true
	}
	return false
}

// isPartitive reports nouns that take part of what follows "of": "part of
// the aid", "some of the sanctions".
func isPartitive(lemma string) bool {
	switch lemma {
	case "part", "some", "most", "all", "portion", "half", "much", "rest", "bulk":
		return true
	}
	return false
}

// isArgumentRel reports relations of a verb's or preposition's nominal
// arguments.
func isArgumentRel(r string) bool {
	switch r {
	case "obj", "nsubj", "obl", "nmod", "iobj":
		return true
	}
	return false
}

// toInfinitive reports a clause introduced by "to" ("to help defend").
func (c *coder) toInfinitive(v int) bool {
	for _, k := range c.kids[v] {
		if c.d.Tokens[k].Rel == "mark" && c.low[k] == "to" {
			return true
		}
	}
	return false
}

// postureCode is CAMEO's "demonstrate military or police power" (PLOVER
// MOBILIZE); threatCode its unspecified threat.
const (
	postureCode = "150"
	threatCode  = "130"
)

// conditionClause reports whether trigger t stands in a condition ("if he
// gave them a veto", "unless the rebels withdraw"): the clause of the
// trigger, or of the verb whose object a trigger noun is, is marked by if,
// unless or whether.
func (c *coder) conditionClause(t trigger) bool {
	h := t.head
	if t.entry.Noun {
		if c.rel(h, false) == "compound" && c.head(h) >= 0 {
			h = c.head(h)
		}
		if g := c.head(h); g >= 0 && c.rel(h, false) == "obj" && c.d.Tokens[g].UPOS == "VERB" {
			h = g
		}
	}
	for k, depth := h, 0; k >= 0 && depth < 3; depth++ {
		for _, m := range c.kids[k] {
			if c.rel(m, false) != "mark" {
				continue
			}
			switch c.low[m] {
			case "if", "unless", "whether":
				return true
			}
		}
		switch c.rel(k, false) {
		case "xcomp", "conj":
			k = c.head(k)
		default:
			return false
		}
	}
	return false
}

// ultimatum reports whether the act at h comes with an "unless" condition:
// "will withdraw its force unless a ceasefire is arranged". The condition
// may hang from the verb announcing the act.
func (c *coder) ultimatum(h int) bool {
	heads := []int{h}
	if g := c.head(h); g >= 0 && c.rel(h, false) == "ccomp" {
		heads = append(heads, g)
	}
	for _, h := range heads {
		if c.unlessClause(h) {
			return true
		}
	}
	return false
}

func (c *coder) unlessClause(h int) bool {
	for _, m := range c.kids[h] {
		if c.rel(m, false) != "advcl" {
			continue
		}
		for _, k := range c.kids[m] {
			if c.rel(k, false) == "mark" && c.low[k] == "unless" {
				return true
			}
		}
	}
	return false
}

// preparing reports whether the act at h is what its subject prepares or
// stands ready to do: "the army prepared to resume shelling".
func (c *coder) preparing(h int) bool {
	for k, depth := h, 0; k >= 0 && depth < 2; depth++ {
		if c.rel(k, false) != "xcomp" {
			return false
		}
		g := c.head(k)
		if g < 0 {
			return false
		}
		switch c.lemma[g] {
		case "prepare", "prepared", "ready", "poise", "poised", "gear":
			return true
		}
		k = g
	}
	return false
}

// announced reports whether the act at h is the content of an announced
// decision ("announced it would prohibit all aid", "decided to expel"): a
// measure so announced is taken, not threatened.
func (c *coder) announced(h int) bool {
	for k, depth := h, 0; k >= 0 && depth < 3; depth++ {
		g := c.head(k)
		if g < 0 {
			return false
		}
		switch c.rel(k, false) {
		case "ccomp", "xcomp":
			switch c.lemma[g] {
			case "announce", "decide", "order", "vote", "approve", "rule":
				return true
			}
			return false
		case "conj":
			k = g
		default:
			return false
		}
	}
	return false
}

// argumentOfEvent reports whether the event noun at h is the object or a
// prepositional complement of a verb or adjective trigger already coded
// (coded holds their heads): "rejected [the] demand", "opposed to French
// mediation", "complained over two air raids".
func (c *coder) argumentOfEvent(h int, coded map[int]bool) bool {
	n := h
	if c.rel(n, false) == "compound" && c.head(n) >= 0 {
		n = c.head(n)
	}
	switch c.rel(n, false) {
	case "obj", "obl", "nmod":
	default:
		return false
	}
	g := c.head(n)
	if g < 0 || !coded[g] {
		return false
	}
	u := c.d.Tokens[g].UPOS
	return u == "VERB" || u == "ADJ"
}

// subjectToken returns the token the parse gives as the subject of verb h,
// by the paths depSubject follows (its nsubj, or the subject of the verb it
// is an xcomp, conj or participle/infinitive advcl of), or -1.
func (c *coder) subjectToken(h, depth int) int {
	if h < 0 || depth > 3 {
		return -1
	}
	if k := c.exactChild(h, "nsubj"); k >= 0 {
		return k
	}
	if k := c.child(h, "nsubj"); k >= 0 && depth > 0 {
		return k
	}
	switch c.rel(h, false) {
	case "xcomp", "conj":
		if g := c.head(h); g >= 0 && c.d.Tokens[g].UPOS == "VERB" {
			return c.subjectToken(g, depth+1)
		}
	case "advcl":
		if x := c.d.Tokens[h].XPOS; x == "VBG" || x == "VB" {
			if g := c.head(h); g >= 0 && c.d.Tokens[g].UPOS == "VERB" {
				return c.subjectToken(g, depth+1)
			}
		}
	}
	return -1
}

// modalGovernor reports whether the event noun at h is the subject or
// object of a verb under could, would, might, may or should.
func (c *coder) modalGovernor(h int) bool {
	n := h
	if c.rel(n, false) == "compound" && c.head(n) >= 0 {
		n = c.head(n)
	}
	switch c.rel(n, false) {
	case "nsubj", "obj":
	default:
		return false
	}
	g := c.head(n)
	if g < 0 {
		return false
	}
	for _, m := range c.kids[g] {
		if c.rel(m, false) != "aux" {
			continue
		}
		switch c.low[m] {
		case "could", "would", "might", "may", "should":
			return true
		}
	}
	return false
}

// subtree returns the token range [from, to) that the subtree of token k
// covers.
func (c *coder) subtree(k int) (from, to int) {
	from, to = k, k+1
	stack := []int{k}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		from, to = min(from, n), max(to, n+1)
		stack = append(stack, c.kids[n]...)
	}
	return from, to
}

// perfect reports whether verb h has a perfect auxiliary ("has killed").
func (c *coder) perfect(h int) bool {
	for _, m := range c.kids[h] {
		if c.rel(m, false) == "aux" && c.lemma[m] == "have" {
			return true
		}
	}
	return false
}

// conditionSubject returns the actors of the subject of an "if" or
// "unless" clause under the act at h or the infinitive it governs:
// "threatened to ban voting *if Hamas* ran".
func (c *coder) conditionSubject(h, si int) []doc.Participant {
	level := []int{h}
	for depth := 0; depth < 3 && len(level) > 0; depth++ {
		var next []int
		for _, k := range level {
			for _, m := range c.kids[k] {
				switch c.rel(m, false) {
				case "advcl":
					for _, n := range c.kids[m] {
						if c.rel(n, false) == "mark" && (c.low[n] == "if" || c.low[n] == "unless") {
							if s := c.child(m, "nsubj"); s >= 0 {
								if ps, _ := c.np(s, si, 0); anyCountry(ps) {
									return ps
								}
							}
						}
					}
				case "xcomp":
					next = append(next, m)
				}
			}
		}
		level = next
	}
	return nil
}
