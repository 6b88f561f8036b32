package text

import "strings"

// Abbreviation kinds.
const (
	abbrNone = iota
	// abbrOther ends a sentence only before a typical sentence opener
	// ("in the U.S. The president said").
	abbrOther
	// abbrTitle precedes a name and never ends a sentence ("Dr.", "Sen.").
	abbrTitle
	// abbrNumber precedes a number and keeps its period only there ("No. 5").
	abbrNumber
)

// abbreviations maps words written with a period to their kind. Words that
// are also ordinary lower-case words ("no", "ill", "mass") are listed only
// capitalised.
var abbreviations = map[string]uint8{}

func init() {
	add := func(kind uint8, upper bool, words string) {
		for _, w := range strings.Fields(words) {
			abbreviations[w] = kind
			if upper {
				abbreviations[strings.ToUpper(w)] = kind
			}
		}
	}
	add(abbrTitle, true, `Mr Mrs Ms Messrs Dr Drs Prof Gen Gens Lt Col Maj Capt Cpt Sgt
		Cpl Pvt Cmdr Cdr Adm Brig Gov Govs Sen Sens Rep Reps Pres Rev Hon Fr Msgr
		Supt Det Insp Atty Amb Mt Ft Sec Gens Lieut Comdr Mmes Mme Mlle Sr Sra Srta`)
	add(abbrNumber, true, `No Nos Art Nr Ext Tel`)
	add(abbrNumber, false, `no nos ext tel`)
	add(abbrOther, true, `St Ste Inc Corp Co Cos Ltd Llc Bros Jr Jan Feb Mar Apr Jun Jul
		Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Ave
		Blvd Rd Hwy Dept Univ Assn Est Approx Fig Figs Vol Vols Ch Chap Sect Ed Eds
		Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich
		Minn Miss Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo`)
	add(abbrOther, false, `vs etc al approx esp incl cf pp ca viz resp dept est fig figs
		vol no op yr yrs hr hrs min mins sec secs mos ft lbs oz jr sr inc corp ltd co`)
	abbreviations["v"] = abbrTitle
}

// abbrKind returns the kind of abbreviation w+"." is, for a word w written
// just before a period; next is the text after the period.
func abbrKind(w, next string) uint8 {
	if w == "" {
		return abbrNone
	}
	k := abbreviations[w]
	if k == abbrNumber {
		// "No. 5", "no. 3"
		next = strings.TrimLeft(next, " ")
		if next != "" && next[0] >= '0' && next[0] <= '9' {
			return abbrNumber
		}
		return abbrNone
	}
	if k != abbrNone {
		return k
	}
	if isInitial(w) {
		return abbrTitle
	}
	if dotted(w) {
		return abbrOther
	}
	return abbrNone
}

// isInitial reports whether w is one letter, as in "George W. Bush".
func isInitial(w string) bool {
	r, n := decode(w, 0)
	return n == len(w) && isLetter(r)
}

// dotted reports whether w is letters in groups of one or two separated by
// periods: "U.S", "e.g", "p.m", "Ph.D".
func dotted(w string) bool {
	if strings.IndexByte(w, '.') < 0 {
		return false
	}
	seg := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == '.':
			if seg == 0 {
				return false
			}
			seg = 0
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			seg++
			if seg > 2 {
				return false
			}
		default:
			return false
		}
	}
	return seg > 0
}

// starters are capitalised words that commonly open a sentence and rarely
// continue a name after an abbreviation such as "U.S." or "Inc.".
var starters = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`The A An He She It They We I You This That These
		Those There Here His Her Its Their Our My Your In On At But And Or So If
		When While After Before As However Meanwhile Also Some Many Most All Both
		Each One Not What Why How Who Where Which Yet Still Since Because Although
		Though Now Then Today Yesterday Earlier Later According Under For With
		Without During From By Such Other Another Last Next Such Every Any
		Officials Police Nobody Everyone Please Thanks Thank`) {
		starters[w] = true
	}
}
