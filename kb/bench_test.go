package kb

import (
	"testing"
	"time"
)

// mentions are realistic mention spans of news text: countries, demonyms,
// capitals, seats of government, titled persons, IGOs with organs, groups
// and sector nouns.
var mentions = []string{
	"Russia", "the Kremlin", "Turkish Prime Minister Recep Tayyip Erdogan", "Vladimir Putin",
	"the United States", "U.S. President Barack Obama", "the White House", "the Pentagon",
	"Syrian President Bashar al-Assad", "Syrian rebels", "the UN Security Council", "UN Secretary-General Ban Ki-moon",
	"NATO", "the European Union", "EU foreign ministers", "Chinese Foreign Minister Wang Yi",
	"Beijing", "Iranian", "Iran's Supreme Leader Ali Khamenei", "Israeli soldiers",
	"Hamas", "the Palestinian Authority", "al-Qaeda", "the Taliban", "Afghan police",
	"Pakistani security forces", "Indian Prime Minister Manmohan Singh", "New Delhi", "the Arab League", "Egyptian protesters",
	"Cairo", "Mohamed Morsi", "the Muslim Brotherhood", "Libyan rebels", "Tripoli",
	"Ukrainian President Viktor Yanukovych", "Kiev", "Russian troops", "the West", "German Chancellor Angela Merkel",
	"Berlin", "French President Francois Hollande", "the Elysee", "Britain", "British Prime Minister David Cameron",
	"Downing Street", "London", "the IMF", "the World Bank", "Amnesty International",
	"Human Rights Watch", "the Red Cross", "Japanese Prime Minister Shinzo Abe", "Tokyo", "North Korea",
	"North Korean state media", "Pyongyang", "South Korean President Park Geun-hye", "Seoul", "Saudi Arabia",
	"Saudi King Abdullah", "Riyadh", "Iraqi Prime Minister Nuri al-Maliki", "Baghdad", "Kurdish fighters",
	"Islamic State", "Hezbollah", "Lebanese army", "Israeli Prime Minister Benjamin Netanyahu", "Jerusalem",
	"the African Union", "Nigerian President Goodluck Jonathan", "Boko Haram", "Abuja", "Somali government",
	"al-Shabaab", "Kenyan police", "Nairobi", "the Venezuelan government", "Hugo Chavez",
	"Brazilian President Dilma Rousseff", "Mexican drug cartels", "Colombian FARC rebels", "the OPEC", "the WHO",
	"the International Criminal Court", "ICC prosecutors", "Turkey", "Türkiye", "Ankara",
	"Turkish police", "Kurdish PKK militants", "the Greek government", "Athens", "Spanish Prime Minister Mariano Rajoy",
	"the Vatican", "Pope Francis", "Ukraine's parliament", "the Russian Foreign Ministry", "foreign minister Sergei Lavrov",
	"a government spokesman", "riot police", "opposition leaders", "the army", "security forces",
}

// mention is a span's words with their byte offsets in its text, so that a
// matched person's name is a slice of the text.
type mention struct {
	text       string
	words      []string
	start, end []int
}

func splitMentions() []mention {
	out := make([]mention, len(mentions))
	for i, m := range mentions {
		out[i].text = m
		for j := 0; j < len(m); {
			for j < len(m) && m[j] == ' ' {
				j++
			}
			k := j
			for k < len(m) && m[k] != ' ' {
				k++
			}
			if k > j {
				out[i].words = append(out[i].words, m[j:k])
				out[i].start = append(out[i].start, j)
				out[i].end = append(out[i].end, k)
			}
			j = k
		}
	}
	return out
}

// resolve reads a mention as the actor stage does: at each word, a name
// (a person dated through Person), else a sector noun, else the next word.
// It returns the number of codes found.
func resolve(k *KB, m *mention, on time.Time) int {
	found := 0
	for i := 0; i < len(m.words); {
		if e, n, ok := k.Match(m.words, i); ok {
			if e.Kind == KindPerson {
				first := i
				if isThe(m.words[i]) {
					first++
				}
				if p, ok := k.Person(m.text[m.start[first]:m.end[i+n-1]], on); ok {
					e = p
				}
			}
			if e.Code != "" {
				found++
			}
			i += n
			continue
		}
		if _, n, ok := k.MatchNoun(m.words, i); ok {
			found++
			i += n
			continue
		}
		i++
	}
	return found
}

func TestResolveMentions(t *testing.T) {
	k := mustLoad(t)
	on := time.Date(2013, 6, 1, 0, 0, 0, 0, time.UTC)
	ms := splitMentions()
	if len(ms) < 100 {
		t.Errorf("%d mentions", len(ms))
	}
	unresolved := 0
	for i := range ms {
		if resolve(k, &ms[i], on) == 0 {
			unresolved++
			t.Logf("unresolved: %q", ms[i].text)
		}
	}
	if unresolved > len(ms)/10 {
		t.Errorf("%d of %d mentions unresolved", unresolved, len(ms))
	}
	m := mention{}
	for _, x := range ms {
		if x.text == "Turkish Prime Minister Recep Tayyip Erdogan" {
			m = x
		}
	}
	if got := resolve(k, &m, on); got != 3 {
		t.Errorf("Turkish Prime Minister Recep Tayyip Erdogan: %d codes, want 3", got)
	}
}

// BenchmarkResolveMentions resolves the mentions; mentions/s is the
// throughput of one core.
func BenchmarkResolveMentions(b *testing.B) {
	k := mustLoad(b)
	on := time.Date(2013, 6, 1, 0, 0, 0, 0, time.UTC)
	ms := splitMentions()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range ms {
			resolve(k, &ms[i], on)
		}
	}
	b.ReportMetric(float64(b.N*len(ms))/b.Elapsed().Seconds(), "mentions/s")
}
