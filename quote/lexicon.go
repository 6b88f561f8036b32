package quote

import (
	"sort"
	"strings"
)

// cueEntry is one speech verb of the cue lexicon. Strong forms are taken as
// cues wherever they appear as verbs; weak forms are also common nouns
// ("the state", "a note") and count only where the context makes a verb
// reading likely (see Stage.isCue).
type cueEntry struct {
	lemma  string
	strong string
	weak   string
}

// cueLexicon is the speech-verb lexicon, kept here as data so that it can be
// extended in one place. Forms are lower case and space separated.
var cueLexicon = []cueEntry{
	{"say", "say says said saying", ""},
	{"tell", "tell tells told telling", ""},
	{"add", "add adds added adding", ""},
	{"stress", "stressed stressing", "stress stresses"},
	{"note", "noted noting", "note notes"},
	{"insist", "insist insists insisted insisting", ""},
	{"warn", "warn warns warned", "warning"},
	{"declare", "declare declares declared declaring", ""},
	{"announce", "announce announces announced announcing", ""},
	{"explain", "explain explains explained explaining", ""},
	{"claim", "claimed claiming", "claim claims"},
	{"state", "stated stating", "state states"},
	{"write", "write writes wrote writing", "written"},
	{"ask", "ask asks asked asking", ""},
	{"reply", "replied replying", "reply replies"},
	{"quote", "quoted", "quote quotes quoting"},
	{"tweet", "tweeted", "tweet tweets tweeting"},
	{"post", "posted", "post posts"},
	{"argue", "argue argues argued arguing", ""},
	{"assert", "assert asserts asserted asserting", ""},
	{"confirm", "confirm confirms confirmed confirming", ""},
	{"deny", "deny denies denied denying", ""},
	{"acknowledge", "acknowledge acknowledges acknowledged acknowledging", ""},
	{"admit", "admit admits admitted admitting", ""},
	{"emphasize", "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising", ""},
	{"maintain", "maintains maintained", "maintain"},
	{"predict", "predicts predicted", "predict"},
	{"promise", "promised", "promise promises"},
	{"pledge", "pledged", "pledge pledges"},
	{"vow", "vowed", "vow vows"},
	{"recall", "recalled", "recall recalls"},
	{"remark", "remarked", "remark remarks"},
	{"comment", "commented", "comment comments"},
	{"report", "reported", "report reports"},
	{"respond", "respond responds responded", ""},
	{"suggest", "suggest suggests suggested", ""},
	{"urge", "urge urges urged", ""},
	{"conclude", "concluded", "conclude concludes"},
	{"complain", "complain complains complained", ""},
	{"allege", "allege alleges alleged", ""},
	{"contend", "contend contends contended", ""},
	{"reiterate", "reiterate reiterates reiterated", ""},
	{"observe", "observed", "observe observes"},
	{"mention", "mentioned", "mention mentions"},
	{"continue", "continued", ""},
	{"joke", "joked", "joke jokes"},
	{"quip", "quipped", "quip quips"},
	{"boast", "boasted", "boast boasts"},
	{"scoff", "scoffed", "scoff scoffs"},
	{"recount", "recounted", "recount recounts"},
	{"exclaim", "exclaimed", "exclaim exclaims"},
	{"shout", "shouted", "shout shouts"},
	{"yell", "yelled", "yell yells"},
	{"concede", "conceded", "concede concedes"},
	{"counter", "countered", "counter counters"},
	{"retort", "retorted", "retort retorts"},
}

// cueForm is what the lexicon index stores for one inflected form.
type cueForm struct {
	lemma string
	weak  bool
}

func buildCueIndex() map[string]cueForm {
	m := make(map[string]cueForm)
	for _, e := range cueLexicon {
		for _, f := range strings.Fields(e.strong) {
			m[f] = cueForm{lemma: e.lemma}
		}
		for _, f := range strings.Fields(e.weak) {
			m[f] = cueForm{lemma: e.lemma, weak: true}
		}
	}
	return m
}

// Cues returns the lemmas of the speech-verb lexicon, sorted.
func Cues() []string {
	out := make([]string, 0, len(cueLexicon))
	for _, e := range cueLexicon {
		out = append(out, e.lemma)
	}
	sort.Strings(out)
	return out
}

// CueLemma returns the lemma of word when word (case-insensitive) is an
// inflected form of a speech verb in the lexicon. ambiguous reports that the
// form is also a common noun ("states", "note") and needs context.
func CueLemma(word string) (lemma string, ambiguous, ok bool) {
	f, ok := defaultCues[strings.ToLower(word)]
	return f.lemma, f.weak, ok
}

var defaultCues = buildCueIndex()

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// pronounTypes maps a subject pronoun to the entity types it may refer to.
var pronounTypes = map[string][]string{
	"he":   {"PERSON"},
	"she":  {"PERSON"},
	"they": {"ORG", "GPE", "NORP"},
	"it":   {"ORG", "GPE", "NORP"},
}

var (
	// determiners before a word rule out its verb reading ("the said
	// agreement", "a state").
	determiners = set("the a an this that these those his her its their our my your some any every each no")
	// boundaryWords end a speaker noun phrase.
	boundaryWords = set("that which who whom whose where when while because but if although though since as so than whether or nor not to and ; :")
	// forwardStop additionally ends a noun phrase that follows the cue ("said
	// Lavrov in a statement").
	forwardStop = set("in on at during after before with by via from last this earlier later yesterday today tonight adding noting citing according late early told")
	// backwardStop additionally ends a noun phrase read backwards from the cue.
	backwardStop = set("in on at during after before with by via from")
	// auxAdverbs may stand between a speaker and the cue ("Lavrov also
	// said", "she has repeatedly said").
	auxAdverbs = set("has have had was were is are will would could should may might can did does do also later then further again earlier previously reportedly separately repeatedly recently once never not n't n’t just already still publicly privately flatly bluntly simply firmly angrily")
	// leadingTrim is dropped from the front of a speaker phrase.
	leadingTrim = set("and but so also then later meanwhile however separately earlier now yet still instead")
	// addressees are the usual objects of "tell" ("told reporters").
	addressees = set("reporters journalists correspondents press media lawmakers legislators parliament congress supporters crowd audience him her them us me you viewers listeners")
	weekdays   = set("monday tuesday wednesday thursday friday saturday sunday")
	// scareTriggers before a quoted phrase mark it as a scare quote.
	scareTriggers = set("so-called")
)
