package syntax

// irregularPast maps irregular past and past-participle forms of English
// verbs to their base form. The lemmatizer learns its exceptions from the
// treebank's training words; this table covers the common irregular verbs
// that training misses ("blew", "fought", "withdrew"), and is consulted for
// VBD and VBN tags when the learned tables have no entry.
var irregularPast = map[string]string{
	"arose": "arise", "arisen": "arise", "awoke": "awake", "awoken": "awake", "bore": "bear", "borne": "bear",
	"beat": "beat", "beaten": "beat", "became": "become", "began": "begin", "begun": "begin", "bent": "bend",
	"bet": "bet", "bid": "bid", "bit": "bite", "bitten": "bite", "bled": "bleed", "blew": "blow", "blown": "blow",
	"broke": "break", "broken": "break", "bred": "breed", "brought": "bring", "built": "build", "burnt": "burn",
	"burst": "burst", "bought": "buy", "cast": "cast", "caught": "catch", "chose": "choose", "chosen": "choose",
	"clung": "cling", "came": "come", "cost": "cost", "crept": "creep", "cut": "cut", "dealt": "deal", "dug": "dig",
	"did": "do", "done": "do", "drew": "draw", "drawn": "draw", "drank": "drink", "drunk": "drink", "drove": "drive",
	"driven": "drive", "ate": "eat", "eaten": "eat", "fell": "fall", "fallen": "fall", "fed": "feed", "felt": "feel",
	"fought": "fight", "found": "find", "fled": "flee", "flung": "fling", "flew": "fly", "flown": "fly",
	"forbade": "forbid", "forbidden": "forbid", "forgot": "forget", "forgotten": "forget", "forgave": "forgive",
	"forgiven": "forgive", "froze": "freeze", "frozen": "freeze", "got": "get", "gotten": "get", "gave": "give",
	"given": "give", "went": "go", "gone": "go", "ground": "grind", "grew": "grow", "grown": "grow", "hung": "hang",
	"had": "have", "heard": "hear", "hid": "hide", "hidden": "hide", "hit": "hit", "held": "hold", "hurt": "hurt",
	"kept": "keep", "knelt": "kneel", "knew": "know", "known": "know", "laid": "lay", "led": "lead", "leapt": "leap",
	"left": "leave", "lent": "lend", "let": "let", "lay": "lie", "lain": "lie", "lit": "light", "lost": "lose",
	"made": "make", "meant": "mean", "met": "meet", "mistook": "mistake", "mistaken": "mistake", "overcame": "overcome",
	"overran": "overrun", "overthrew": "overthrow", "overthrown": "overthrow", "paid": "pay", "put": "put",
	"quit": "quit", "read": "read", "rode": "ride", "ridden": "ride", "rang": "ring", "rung": "ring", "rose": "rise",
	"risen": "rise", "ran": "run", "said": "say", "saw": "see", "seen": "see", "sought": "seek", "sold": "sell",
	"sent": "send", "set": "set", "shook": "shake", "shaken": "shake", "shed": "shed", "shone": "shine",
	"shot": "shoot", "showed": "show", "shown": "show", "shrank": "shrink", "shrunk": "shrink", "shut": "shut",
	"sang": "sing", "sung": "sing", "sank": "sink", "sunk": "sink", "sat": "sit", "slew": "slay", "slain": "slay",
	"slept": "sleep", "slid": "slide", "slung": "sling", "slit": "slit", "spoke": "speak", "spoken": "speak",
	"sped": "speed", "spent": "spend", "spun": "spin", "spat": "spit", "split": "split", "spread": "spread",
	"sprang": "spring", "sprung": "spring", "stood": "stand", "stole": "steal", "stolen": "steal", "stuck": "stick",
	"stung": "sting", "strode": "stride", "struck": "strike", "stricken": "strike", "strove": "strive",
	"striven": "strive", "swore": "swear", "sworn": "swear", "swept": "sweep", "swam": "swim", "swum": "swim",
	"swung": "swing", "took": "take", "taken": "take", "taught": "teach", "tore": "tear", "torn": "tear",
	"told": "tell", "thought": "think", "threw": "throw", "thrown": "throw", "thrust": "thrust", "trod": "tread",
	"undertook": "undertake", "undertaken": "undertake", "underwent": "undergo", "undergone": "undergo",
	"understood": "understand", "upheld": "uphold", "upset": "upset", "woke": "wake", "woken": "wake",
	"wore": "wear", "worn": "wear", "wove": "weave", "woven": "weave", "wept": "weep", "won": "win",
	"withdrew": "withdraw", "withdrawn": "withdraw", "withheld": "withhold", "withstood": "withstand",
	"wound": "wind", "wrung": "wring", "wrote": "write", "written": "write",
}
