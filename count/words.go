package count

// Word lists. Every entry is lower case; multi-word entries are token
// sequences written with single spaces.

// Kinds of count.
const (
	Killed     = "killed"
	Injured    = "injured"
	Arrested   = "arrested"
	Displaced  = "displaced"
	Missing    = "missing"
	Protesters = "protesters"
	Other      = "other"
)

// Qualifiers of a count.
const (
	Exactly   = "exactly"
	AtLeast   = "at_least"
	MoreThan  = "more_than"
	About     = "about"
	UpTo      = "up_to"
	FewerThan = "fewer_than"
)

// phrase is a word sequence and what it means.
type phrase struct {
	words []string
	val   string
}

// kindTriggers are the words that state the kind of a count when they follow
// the number and its noun phrase ("12 people were killed", "12 dead"). Longer
// entries are tried first, so "held hostage" wins over "held".
var kindTriggers = phrases(map[string]string{
	// killed
	"killed": Killed, "dead": Killed, "died": Killed, "die": Killed,
	"dies": Killed, "slain": Killed, "massacred": Killed, "murdered": Killed,
	"perished": Killed, "executed": Killed, "lost their lives": Killed,
	"lost their life": Killed, "lost lives": Killed, "shot dead": Killed,
	"shot and killed": Killed, "shot to death": Killed, "beaten to death": Killed,
	"stabbed to death": Killed, "burned to death": Killed, "burnt to death": Killed,
	"hacked to death": Killed, "gunned down": Killed, "lynched": Killed,
	"lost his life": Killed, "lost her life": Killed,
	"burnt alive": Killed, "burned alive": Killed, "charred to death": Killed,
	"charred": Killed, "succumbed": Killed, "succumbed to injuries": Killed,
	"succumbed to their injuries": Killed, "succumbed to his injuries": Killed,
	"succumbed to her injuries": Killed,
	// injured
	"injured": Injured, "wounded": Injured, "hurt": Injured,
	"shot and wounded": Injured, "shot and injured": Injured,
	"sustained injuries": Injured, "suffered injuries": Injured,
	"stabbed": Injured, "with injuries": Injured, "with serious injuries": Injured,
	"with burn injuries": Injured, "with bullet injuries": Injured,
	"with gunshot wounds": Injured, "hospitalised": Injured, "hospitalized": Injured,
	// arrested
	"arrested": Arrested, "detained": Arrested, "held": Arrested,
	"jailed": Arrested, "imprisoned": Arrested, "taken into custody": Arrested,
	"into custody": Arrested, "in custody": Arrested, "rounded up": Arrested,
	"picked up": Arrested, "booked": Arrested, "remanded": Arrested,
	"nabbed": Arrested, "apprehended": Arrested,
	// displaced
	"displaced": Displaced, "fled": Displaced, "flee": Displaced,
	"fleeing": Displaced, "homeless": Displaced, "left homeless": Displaced,
	"uprooted": Displaced, "evacuated": Displaced,
	"forced from their homes": Displaced, "driven from their homes": Displaced,
	// missing: an abduction is counted as missing, because the count says
	// how many people's whereabouts the abduction took out of sight.
	"missing": Missing, "disappeared": Missing, "abducted": Missing,
	"kidnapped": Missing, "unaccounted for": Missing, "taken hostage": Missing,
	"held hostage": Missing, "held captive": Missing,
	// protesters: crowd sizes
	"marched": Protesters, "rallied": Protesters, "protested": Protesters,
	"demonstrated": Protesters, "gathered": Protesters,
	"took to the streets": Protesters, "take to the streets": Protesters,
	"taking to the streets": Protesters, "turned out": Protesters,
	"assembled": Protesters, "converged": Protesters, "marching": Protesters,
	"protesting": Protesters, "demonstrating": Protesters,
	"staged a protest": Protesters, "staged a sit-in": Protesters,
	"joined the protest": Protesters, "joined the protests": Protesters,
	"joined the march": Protesters, "joined the rally": Protesters,
	"congregated": Protesters, "mobbed": Protesters, "took out a march": Protesters,
	"took out the march": Protesters, "took out a procession": Protesters,
	"took out a rally": Protesters, "took out a morcha": Protesters,
})

// adjectiveKinds are kind triggers that can stand before a noun: "12
// injured soldiers", "400 displaced families".
var adjectiveKinds = set("dead", "injured", "wounded", "arrested", "detained",
	"displaced", "missing", "abducted", "kidnapped", "homeless", "jailed",
	"slain", "massacred", "murdered")

// kindNouns are head nouns that state the kind themselves: "40 deaths",
// "300 protesters", "2,000 refugees". A verb trigger that follows overrides
// them: "300 protesters were arrested" counts arrests.
var kindNouns = map[string]string{
	"deaths": Killed, "death": Killed, "fatalities": Killed, "fatality": Killed,
	"bodies": Killed, "corpses": Killed, "arrests": Arrested,
	"refugees": Displaced, "evacuees": Displaced, "idps": Displaced,
	"protesters": Protesters, "protestors": Protesters, "demonstrators": Protesters,
	"marchers": Protesters, "rioters": Protesters, "strikers": Protesters,
	"agitators": Protesters, "picketers": Protesters,
	"mob": Protesters, "crowd": Protesters,
}

// kindNounVictims reports whether a kind noun also names the people counted
// ("300 protesters") rather than only the event ("40 deaths").
var kindNounVictims = set("refugees", "evacuees", "idps", "protesters",
	"protestors", "demonstrators", "marchers", "rioters", "strikers",
	"agitators", "picketers")

// precedingTriggers state the kind when they come before the number, with
// only the words of precedingSkip between: "killed 12 people", "the death
// toll rose to 40", "a crowd of 5,000".
var precedingTriggers = phrases(map[string]string{
	"killed": Killed, "kill": Killed, "kills": Killed, "killing": Killed,
	"slew": Killed, "massacred": Killed, "murdered": Killed, "murdering": Killed,
	"massacring": Killed, "executed": Killed, "death toll": Killed, "toll": Killed,
	"number of dead": Killed, "number of deaths": Killed, "number of people killed": Killed,
	"number of those killed": Killed, "deaths of": Killed, "the lives of": Killed,
	"injured": Injured, "injuring": Injured, "injures": Injured, "wounded": Injured,
	"wounding": Injured, "wounds": Injured, "hurt": Injured, "hurting": Injured,
	"number of injured": Injured, "number of wounded": Injured,
	"arrested": Arrested, "arresting": Arrested, "arrests": Arrested, "arrest": Arrested,
	"detained": Arrested, "detaining": Arrested, "detains": Arrested, "detain": Arrested,
	"jailed": Arrested, "jailing": Arrested, "rounded up": Arrested, "held": Arrested,
	"holding": Arrested, "apprehended": Arrested, "nabbed": Arrested,
	"number of arrests": Arrested, "number of people arrested": Arrested,
	"displaced": Displaced, "displacing": Displaced, "uprooted": Displaced,
	"uprooting": Displaced, "evacuated": Displaced, "evacuating": Displaced,
	"abducted": Missing, "abducting": Missing, "kidnapped": Missing,
	"kidnapping": Missing,
	"crowd of":   Protesters, "crowds of": Protesters, "rally of": Protesters,
	"march of": Protesters, "protest of": Protesters, "demonstration of": Protesters,
	"gathering of": Protesters, "turnout of": Protesters,
})

// personOnlyTriggers are preceding triggers too ambiguous to fire unless the
// noun after the number names people: "held 3 soldiers" but not "held 3
// meetings".
var personOnlyTriggers = set("held", "holding", "arrest", "kill",
	"kills", "hurt", "hurting", "wounds", "detain", "detains", "injures")

// precedingSkip may stand between a preceding trigger and the number:
// "killed at least 12", "the death toll has risen to 40".
var precedingSkip = set("to", "at", "of", "has", "had", "have", "rose",
	"risen", "climbed", "jumped", "reached", "stood", "stands", "was", "is",
	"now", "increased", "went", "up", "hit", "further", "another", "an",
	"additional", "a", "the", "soared", "mounted", "officially", "total",
	"rising", "climbing", "put", "puts", "estimated", "reportedly",
	"allegedly", "also", "nearly", "almost", "least", "as", "than", "more",
	"crossed", "touched", "gone", "crosses", "touches", "been",
	"all-time", "high", "record", "new", "fresh",
	"some", "about", "around", "over", "only", "had", "their", "all")

// forwardSkip may stand between a counted noun phrase and a following kind
// trigger: "12 people have reportedly been killed".
var forwardSkip = set("have", "has", "had", "been", "be", "being", "was",
	"were", "is", "are", "reportedly", "reported", "allegedly", "also", "all",
	"both", "now", "so", "far", "already", "since", "later", "subsequently",
	"believed", "thought", "feared", "confirmed", "said", "known", "to",
	"who", "that", "which", "got", "get", "still", "remain", "remained",
	"remains", "left", "found", "officially", "initially", "eventually",
	"presumed", "presumably", "feared", "likely", "apparently", "each",
	"either", "had", "were", "later", "seriously", "critically", "severely",
	"badly", "slightly", "fatally", "grievously", "mortally", "lie", "lay",
	"lying", "being", "declared", "pronounced", "listed", "as", "then",
	"yesterday", "today", "overnight", "immediately", "instantly")

// speechVerbs mark the source of a report: "the UN said 40 people died".
var speechVerbs = set("said", "says", "say", "told", "tells", "reported",
	"reports", "announced", "announces", "confirmed", "confirms", "claimed",
	"claims", "stated", "states", "added", "adds", "estimated", "estimates",
	"tweeted", "tweets", "declared", "noted", "wrote", "insisted", "alleged",
	"maintained", "acknowledged", "admitted", "disclosed", "revealed",
	"informed")

// beAux are auxiliaries that make a following speech verb passive ("were
// reported killed"), so that it names no source.
var beAux = set("is", "are", "was", "were", "be", "been", "being", "'s")

// qualifiers are the phrases that stand before a number and qualify it.
var qualifiers = phrases(map[string]string{
	"at least": AtLeast, "no fewer than": AtLeast, "no less than": AtLeast,
	"not less than": AtLeast, "not fewer than": AtLeast, "a minimum of": AtLeast,
	"at the very least": AtLeast,
	"more than":         MoreThan, "over": MoreThan, "upwards of": MoreThan,
	"upward of": MoreThan, "in excess of": MoreThan, "well over": MoreThan,
	"just over": MoreThan, "above": MoreThan, "well above": MoreThan,
	"beyond": MoreThan, "greater than": MoreThan, "over and above": MoreThan,
	"about": About, "around": About, "some": About, "approximately": About,
	"roughly": About, "an estimated": About, "estimated": About,
	"approx": About, "approx.": About, "circa": About, "c.": About,
	"an approximate": About, "in the region of": About, "on the order of": About,
	"or so": About, "nearly": UpTo, "almost": UpTo, "close to": UpTo,
	"up to": UpTo, "as many as": UpTo, "at most": UpTo, "a maximum of": UpTo,
	"no more than": UpTo, "not more than": UpTo, "as much as": UpTo,
	"crossed": MoreThan, "exceeded": MoreThan, "topped": MoreThan,
	"surpassed": MoreThan, "crossed the": MoreThan,
	"fewer than": FewerThan, "less than": FewerThan, "under": FewerThan,
	"below": FewerThan, "just under": FewerThan, "just below": FewerThan,
	"just short of": FewerThan, "short of": FewerThan,
})

// defaultSectors give a sector to generic nouns for people when the lexicon
// has none: the people counted are civilians unless said otherwise.
var defaultSectors = map[string]string{
	"people": "CVL", "person": "CVL", "persons": "CVL", "civilian": "CVL",
	"civilians": "CVL", "resident": "CVL", "residents": "CVL",
	"villager": "CVL", "villagers": "CVL", "inhabitant": "CVL",
	"inhabitants": "CVL", "man": "CVL", "men": "CVL", "woman": "CVL",
	"women": "CVL", "child": "CVL", "children": "CVL", "boy": "CVL",
	"boys": "CVL", "girl": "CVL", "girls": "CVL", "passenger": "CVL",
	"passengers": "CVL", "bystander": "CVL", "bystanders": "CVL",
	"pedestrian": "CVL", "pedestrians": "CVL", "family": "CVL",
	"families": "CVL", "individual": "CVL", "individuals": "CVL",
	"citizen": "CVL", "citizens": "CVL", "local": "CVL", "locals": "CVL",
	"household": "CVL", "households": "CVL",
}

// personNouns are words for people that need no lexicon to count as people.
var personNouns = set("them", "whom", "those", "others", "suspects",
	"suspect", "members", "supporters", "activists", "workers", "students",
	"youths", "youth", "journalists", "fighters", "militants", "soldiers",
	"troops", "police", "policemen", "officers", "protesters", "demonstrators",
	"refugees", "migrants", "prisoners", "detainees", "hostages", "pilgrims",
	"worshippers", "leaders", "people", "persons", "civilians", "gunmen",
	"rebels", "insurgents", "farmers", "miners", "children", "men", "women",
	"adults", "teenagers", "minors", "accused", "others", "personnel",
	"guards", "employees", "staff", "peacekeepers", "nationals", "tourists",
	"villagers", "residents", "lives")

// nonPersonNouns are heads that show a number after a kill, arrest or similar
// verb does not count people: "killed 30 cattle", "held 3 meetings".
var nonPersonNouns = set("cattle", "animals", "cows", "sheep", "goats",
	"dogs", "birds", "vehicles", "cars", "trucks", "buses", "houses", "homes",
	"buildings", "shops", "meetings", "talks", "sessions", "rounds", "times",
	"hours", "days", "weeks", "months", "years", "elections", "polls",
	"votes", "seats", "points", "goals", "runs", "wickets", "matches",
	"games", "tests", "percent", "cases", "kilometres", "kilometers", "miles",
	"positions", "posts", "villages", "towns", "cities", "districts",
	"hectares", "acres", "tonnes", "tons", "weapons", "guns", "rifles",
	"rounds", "bombs", "rockets", "missiles", "shells", "bills", "laws",
	"motions", "resolutions", "documents", "files", "accounts", "companies",
	"firms", "banks", "sites", "websites", "flights", "boats", "ships",
	"aircraft", "planes", "drones", "tanks", "press", "conferences", "rallies",
	"protests", "demonstrations", "marches", "strikes", "events", "incidents",
	"attacks", "raids", "operations")

// afterUnits are words that, right after a number, show that it measures
// something other than people: money, time, share, distance, votes.
var afterUnits = set(
	// money
	"dollars", "dollar", "euros", "euro", "pounds", "pound", "rupees",
	"rupee", "rs", "yuan", "renminbi", "yen", "francs", "taka", "naira",
	"shillings", "rand", "riyals", "riyal", "dinars", "dinar", "dirhams",
	"lira", "liras", "pesos", "peso", "roubles", "rubles", "cents", "usd",
	"eur", "gbp", "bn", "mn", "crores", "lakhs", "bucks", "won", "baht",
	"ringgit", "rupiah", "kwacha", "cedis", "birr", "afghanis",
	// share
	"%", "percent", "pc", "per", "percentage", "percentages", "basis",
	// time and age
	"second", "seconds", "minute", "minutes", "hour", "hours", "hrs", "day",
	"days", "week", "weeks", "month", "months", "year", "years", "yrs",
	"decade", "decades", "century", "centuries", "am", "pm", "a.m.", "p.m.",
	"a.m", "p.m", "o'clock", "gmt", "utc", "ist", "est", "edt", "pst", "bst",
	"cet", "night", "nights", "fortnight", "term", "terms", "times",
	// measure
	"km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles",
	"mile", "metres", "meters", "metre", "meter", "m", "cm", "mm", "ft",
	"feet", "foot", "inches", "inch", "kg", "kgs", "kilograms", "kilos",
	"grams", "g", "tonnes", "tons", "tonne", "ton", "acres", "acre",
	"hectares", "hectare", "litres", "liters", "barrels", "gallons",
	"degrees", "degree", "mph", "kph", "mw", "gw", "kw", "sq",
	// votes and scores
	"votes", "vote", "seats", "points", "goals", "runs", "wickets", "overs",
	"ballots", "delegates",
)

// currencyBefore are tokens that, right before a number, show it is money.
var currencyBefore = set("$", "€", "£", "¥", "₹", "us$", "usd", "rs", "rs.",
	"inr", "eur", "gbp", "a$", "c$", "hk$", "r$", "ksh", "₦")

// labelBefore are words that, right before a number, make it a label rather
// than a count: "Resolution 1701", "Article 5", "Route 66".
var labelBefore = set("resolution", "article", "section", "chapter", "page",
	"pages", "no", "no.", "nos", "number", "route", "flight", "highway",
	"room", "unit", "platform", "gate", "level", "grade", "class", "phase",
	"paragraph", "clause", "amendment", "act", "bill", "ward", "block",
	"sector", "zone", "district", "precinct", "battalion", "brigade",
	"division", "regiment", "squadron", "corps", "fleet", "line", "bus",
	"train", "lane", "street", "road", "avenue", "plot", "house", "apartment",
	"flat", "floor", "box", "code", "version", "v", "volume", "vol", "vol.",
	"issue", "episode", "season", "part", "step", "stage", "round", "match",
	"game", "week", "day", "year", "years", "aged", "age", "ages", "ranked",
	"rank", "covid", "g", "top", "tel", "tel.", "phone", "call", "hotline",
	"fax", "mobile", "dial", "ext", "ext.", "extension", "pin", "id",
	"model", "type", "category", "cat", "f", "su", "mig", "boeing",
	"airbus", "windows", "iphone", "ak",
	"sub", "law", "decree", "order", "item", "verse", "psalm", "figure",
	"fig", "fig.", "table", "exhibit", "pp", "p.",
	"ps", "sr", "sr.", "jr", "jr.", "ii", "iii", "mk", "scale", "magnitude",
	"category", "stage")

// yearBefore are words that, right before a four-digit number from 1800 to
// 2099, make it a year: "in 1990", "since 2011", "March 2012".
var yearBefore = set("in", "since", "of", "by", "until", "till", "from",
	"during", "before", "after", "between", "and", "early", "late", "mid",
	"mid-", "circa", "year", "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
	"nov", "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
	"sep.", "sept.", "oct.", "nov.", "dec.", "spring", "summer", "autumn",
	"fall", "winter", "this", "for", "through", "throughout", "-", "/")

// monthWords are month names; a number right after one is a day of the
// month ("March 10").
var monthWords = set("january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december", "jan",
	"feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
	"dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.",
	"sept.", "oct.", "nov.", "dec.")

// functionWords never belong to a counted noun phrase.
var functionWords = set("the", "a", "an", "this", "that", "these", "those",
	"and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from",
	"with", "by", "as", "into", "onto", "during", "after", "before", "since",
	"until", "over", "under", "about", "around", "across", "against",
	"between", "among", "amid", "amidst", "near", "inside", "outside",
	"through", "throughout", "while", "when", "where", "who", "whom", "which",
	"what", "whose", "if", "than", "then", "so", "not", "no", "never",
	"have", "has", "had", "been", "be", "being", "was", "were", "is", "are",
	"am", "will", "would", "shall", "should", "can", "could", "may", "might",
	"must", "do", "does", "did", "he", "she", "it", "they", "we", "i", "you",
	"his", "her", "its", "their", "our", "my", "your", "there", "here",
	"also", "all", "both", "each", "every", "some", "any", "many", "more",
	"most", "other", "such", "only", "just", "even", "still", "yet", "now",
	"according", "including", "included", "says", "said", "say", "told",
	"reported", "reportedly", "allegedly", "per", "via", "like", "unlike",
	"upon", "within", "without", "toward", "towards", "out", "up", "down",
	"off", "back", "away", "again", "too", "very", "left", "took", "take",
	"taken", "got", "get", "went", "came", "come", "where", "how", "why",
	"last", "next", "later", "earlier", "yesterday", "today", "tomorrow",
	"tonight", "whilst", "whereas", "although", "though", "because", "since",
	"including", "among", "mostly", "mainly", "mostly", "whom", "whose")

// pronouns may stand for the counted people ("hundreds of them") but give no
// victim phrase.
var pronouns = set("them", "whom", "us", "those", "these", "they", "we")

// lexPhrase is the longest multi-word sequence tried in the lexicon.
const lexPhrase = 3

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
