package resolve_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/actor/resolve"
	"github.com/dyad-events/dyad/doc"
	"github.com/dyad-events/dyad/pipeline"
)

var defaultPipeline = sync.OnceValues(pipeline.Default)

// TestMentions codes mentions written for this test, alone or in a
// sentence: countries, nationality words, capitals and seats as metonyms,
// titles with and without names, appositions, groups, international
// organisations and their organs, blocs, office-holders on different dates,
// plurals, coordinations, and coreference. code is the expected code of the
// mention's main actor ("" for none); all, when set, every actor it names.
func TestMentions(t *testing.T) {
	p, err := defaultPipeline()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		mention, context, date, code string
		all                          []string
	}{
		{"Russia", "", "2015-03-01", "RUS", nil},
		{"the United States", "", "2015-03-01", "USA", nil},
		{"US", "", "2015-03-01", "USA", nil},
		{"U.S.", "", "2015-03-01", "USA", nil},
		{"Britain", "", "2015-03-01", "GBR", nil},
		{"the UK", "", "2015-03-01", "GBR", nil},
		{"Türkiye", "", "2023-03-01", "TUR", nil},
		{"Turkey", "", "2015-03-01", "TUR", nil},
		{"Syria", "", "2015-03-01", "SYR", nil},
		{"North Korea", "", "2015-03-01", "PRK", nil},
		{"South Korea", "", "2015-03-01", "KOR", nil},
		{"Ivory Coast", "", "2015-03-01", "CIV", nil},
		{"Côte d'Ivoire", "", "2015-03-01", "CIV", nil},
		{"the Netherlands", "", "2015-03-01", "NLD", nil},
		{"Saudi Arabia", "", "2015-03-01", "SAU", nil},
		{"the Democratic Republic of Congo", "", "2015-03-01", "COD", nil},
		{"the Palestinian territories", "", "2015-03-01", "PSE", nil},
		{"Myanmar", "", "2015-03-01", "MMR", nil},
		{"Burma", "", "2000-03-01", "MMR", nil},
		{"the Soviet Union", "", "1985-03-01", "SUN", nil},
		{"Russian soldiers", "", "2015-03-01", "RUSMIL", nil},
		{"Turkish officials", "", "2015-03-01", "TURGOV", nil},
		{"Ivorian troops", "", "2015-03-01", "CIVMIL", nil},
		{"Emirati officials", "", "2015-03-01", "AREGOV", nil},
		{"Syrian rebels", "", "2015-03-01", "SYRREB", nil},
		{"Afghan police", "", "2015-03-01", "AFGCOP", nil},
		{"Palestinians", "Palestinians marched through the city on Friday.", "2015-03-01", "PSECVL", nil},
		{"the Palestinians", "The Palestinians rejected the offer.", "2015-03-01", "PSE", nil},
		{"Britons", "Two Britons were detained at the airport.", "2015-03-01", "GBRCVL", nil},
		{"Nigerian troops", "", "2015-03-01", "NGAMIL", nil},
		{"Kenyan police", "", "2015-03-01", "KENCOP", nil},
		{"Egyptian security forces", "", "2015-03-01", "EGYMIL", nil},
		{"Iraqi Kurds", "", "2015-03-01", "IRQ", nil},
		{"Ukrainian lawmakers", "", "2015-03-01", "UKRLEG", nil},
		{"Chinese state media", "", "2015-03-01", "CHNMED", nil},
		{"Moscow", "Moscow has rejected the proposal.", "2015-03-01", "RUSGOV", nil},
		{"Ankara", "Ankara said the border would stay closed.", "2015-03-01", "TURGOV", nil},
		{"Washington", "Washington warned of new sanctions.", "2015-03-01", "USAGOV", nil},
		{"Beijing", "Beijing protested to the Japanese envoy.", "2015-03-01", "CHNGOV", nil},
		{"the Kremlin", "The Kremlin said the talks were useful.", "2015-03-01", "RUSGOV", nil},
		{"the White House", "The White House said the president would travel.", "2015-03-01", "USAGOV", nil},
		{"Downing Street", "Downing Street declined to comment.", "2015-03-01", "GBRGOV", nil},
		{"the Elysee", "The Elysee said the summit would go ahead.", "2015-03-01", "FRAGOV", nil},
		{"the Pentagon", "The Pentagon said two drones were lost.", "2015-03-01", "USAMIL", nil},
		{"Tehran", "Tehran denied the report.", "2015-03-01", "IRNGOV", nil},
		{"Damascus", "Damascus accused the rebels of shelling the town.", "2015-03-01", "SYRGOV", nil},
		{"Kyiv", "Kyiv asked for more air defence.", "2023-03-01", "UKRGOV", nil},
		{"Moscow", "The talks took place in Moscow on Monday.", "2015-03-01", "", nil},
		{"Ankara", "ANKARA, March 14 - The minister spoke to reporters.", "2015-03-14", "", nil},
		{"Turkish Prime Minister Ahmet Kaya", "", "2015-03-01", "TURGOV", nil},
		{"Syria's foreign minister", "", "2015-03-01", "SYRGOV", nil},
		{"a senior Hungarian official", "A senior Hungarian official said the fence would stay.", "2015-03-01", "HUNGOV", nil},
		{"John Miller", "John Miller, the White House spokesman, told reporters the visit was off.", "2015-03-01", "USAGOV", nil},
		{"Russian Defence Minister", "", "2015-03-01", "RUSGOV", nil},
		{"the German chancellor", "", "2015-03-01", "DEUGOV", nil},
		{"French President Paul Durand", "", "2015-03-01", "FRAGOV", nil},
		{"Iraqi Interior Minister", "", "2015-03-01", "IRQGOV", nil},
		{"Israeli police", "", "2015-03-01", "ISRCOP", nil},
		{"the US ambassador to the UN", "", "2015-03-01", "USAGOV", nil},
		{"Nigerian army", "", "2015-03-01", "NGAMIL", nil},
		{"the Egyptian foreign ministry", "", "2015-03-01", "EGYGOV", nil},
		{"Foreign Ministry spokesman Hua Lin", "Chinese Foreign Ministry spokesman Hua Lin said Beijing opposed the move.", "2015-03-01", "CHNGOV", nil},
		{"the Syrian government", "", "2015-03-01", "SYRGOV", nil},
		{"the Iranian parliament", "", "2015-03-01", "IRNLEG", nil},
		{"Pakistani judges", "", "2015-03-01", "PAKJUD", nil},
		{"Indian farmers", "", "2015-03-01", "INDAGR", nil},
		{"Greek doctors", "", "2015-03-01", "GRCHLH", nil},
		{"Colombian journalists", "", "2015-03-01", "COLMED", nil},
		{"the Brazilian opposition", "", "2015-03-01", "BRAOPP", nil},
		{"Venezuelan protesters", "", "2015-03-01", "VENCVL", nil},
		{"the president", "Mexican President Luis Ortega arrived on Monday. The president met business leaders.", "2015-03-01", "MEXGOV", nil},
		{"the prime minister", "Israeli Prime Minister Dan Levi spoke first. Later the prime minister left.", "2015-03-01", "ISRGOV", nil},
		{"the ministry", "The Russian Foreign Ministry issued a statement. The ministry said it was concerned.", "2015-03-01", "RUSGOV", nil},
		{"the Turkish side", "The Turkish side proposed a new round of talks.", "2015-03-01", "TURGOV", nil},
		{"the spokesman", "Jay Carney, the White House spokesman, said the spokesman would brief later.", "2012-02-08", "USAGOV", nil},
		{"The two leaders", "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi. The two leaders agreed to expand trade.", "2012-05-06", "RUSGOV", []string{"RUSGOV", "TURGOV"}},
		{"Both countries", "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi. Both countries want more trade.", "2012-05-06", "RUS", []string{"RUS", "TUR"}},
		{"both sides", "Israeli and Palestinian negotiators met in Cairo, and both sides reported progress.", "2012-05-06", "ISRGOV", []string{"ISRGOV", "PSEGOV"}},
		{"the two ministers", "Indian Foreign Minister Amit Rao phoned his Pakistani counterpart. The two ministers spoke for an hour.", "2012-05-06", "INDGOV", []string{"INDGOV", "PAKGOV"}},
		{"Police", "Police arrested 12 protesters in Cairo on Friday.", "2015-03-01", "EGYCOP", nil},
		{"protesters", "Police arrested 12 protesters in Cairo on Friday.", "2015-03-01", "EGYCVL", nil},
		{"Police", "CAIRO, March 5 - Police fired tear gas at students.", "2015-03-06", "EGYCOP", nil},
		{"Police", "Police clashed with protesters in Cairo and Amman.", "2015-03-01", "COP", nil},
		{"The prime minister", "ISLAMABAD, March 5 - The prime minister met tribal elders.", "2015-03-06", "PAKGOV", nil},
		{"The prime minister", "The prime minister met tribal elders in Islamabad.", "2015-03-06", "GOV", nil},
		{"Medvedev", "Russian President Dmitry Medvedev spoke to Erdogan. Medvedev said the call was useful.", "2012-02-08", "RUSGOV", nil},
		{"al-Qaeda", "", "2010-03-01", "IMGMUSALQ", nil},
		{"Hamas", "", "2010-03-01", "PSEREBHMS", nil},
		{"Hezbollah", "", "2010-03-01", "LBNREB", nil},
		{"Islamic State", "", "2015-03-01", "IMGMUSISI", nil},
		{"ISIS", "", "2015-03-01", "IMGMUSISI", nil},
		{"the Taliban", "", "2010-03-01", "AFGREB", nil},
		{"the PKK", "", "2010-03-01", "TURREB", nil},
		{"Boko Haram", "", "2014-03-01", "NGAREB", nil},
		{"al-Shabaab", "", "2012-03-01", "SOMREB", nil},
		{"the FARC", "", "2010-03-01", "COLREB", nil},
		{"the Muslim Brotherhood", "", "2012-03-01", "EGYOPP", nil},
		{"the Houthis", "", "2015-03-01", "YEMREB", nil},
		{"the Tamil Tigers", "", "2005-03-01", "LKAREB", nil},
		{"Palestinian Islamic Jihad", "", "2010-03-01", "PSEREB", nil},
		{"the ETA", "", "2005-03-01", "ESPREB", nil},
		{"the UN", "", "2015-03-01", "IGOUNO", nil},
		{"the United Nations", "", "2015-03-01", "IGOUNO", nil},
		{"the UN Security Council", "", "2015-03-01", "IGOUNO", nil},
		{"the Security Council", "", "2015-03-01", "IGOUNO", nil},
		{"the UN General Assembly", "", "2015-03-01", "IGOUNO", nil},
		{"UNHCR", "", "2015-03-01", "IGOUNOREFHCR", nil},
		{"UNICEF", "", "2015-03-01", "IGOUNOKID", nil},
		{"the WHO", "", "2015-03-01", "IGOUNOHLHWHO", nil},
		{"the EU", "", "2015-03-01", "IGOEUREEC", nil},
		{"the European Union", "", "2015-03-01", "IGOEUREEC", nil},
		{"the European Commission", "", "2015-03-01", "IGOEUREEC", nil},
		{"NATO", "", "2015-03-01", "IGOWSTNAT", nil},
		{"the African Union", "", "2015-03-01", "IGOAFRAFU", nil},
		{"ASEAN", "", "2015-03-01", "IGOSEAASN", nil},
		{"OPEC", "", "2015-03-01", "IGOOPC", nil},
		{"the IAEA", "", "2015-03-01", "IGOUNOIAE", nil},
		{"the International Criminal Court", "", "2015-03-01", "IGOJUDICC", nil},
		{"the ICC", "", "2015-03-01", "IGOJUDICC", nil},
		{"the Arab League", "", "2015-03-01", "IGOMEAARL", nil},
		{"the World Bank", "", "2015-03-01", "IGOUNODEVWBK", nil},
		{"the IMF", "", "2015-03-01", "IGOBUSIMF", nil},
		{"the OSCE", "", "2015-03-01", "IGOEUR", nil},
		{"the Red Cross", "", "2015-03-01", "NGOHLHIRC", nil},
		{"Amnesty International", "", "2015-03-01", "NGOHRIAMN", nil},
		{"Human Rights Watch", "", "2015-03-01", "NGOHRI", nil},
		{"Doctors Without Borders", "", "2015-03-01", "NGOHLHMSF", nil},
		{"the West", "", "2015-03-01", "WST", nil},
		{"Europe", "", "2015-03-01", "EUR", nil},
		{"the Arab world", "", "2015-03-01", "ARB", nil},
		{"Western powers", "", "2015-03-01", "WST", nil},
		{"the European Community", "", "1990-03-01", "IGOEUREEC", nil},
		{"Vladimir Putin", "", "2012-05-10", "RUSGOV", nil},
		{"Vladimir Putin", "", "1995-06-01", "RUSELI", nil},
		{"Putin", "", "2014-03-01", "RUSGOV", nil},
		{"Dmitry Medvedev", "", "2012-02-08", "RUSGOV", nil},
		{"Dmitry Medvedev", "", "2013-06-01", "RUSGOV", nil},
		{"Barack Obama", "", "2010-06-01", "USAGOV", nil},
		{"Recep Tayyip Erdogan", "", "2012-02-08", "TURGOV", nil},
		{"Hosni Mubarak", "", "2009-06-01", "EGYGOV", nil},
		{"Bashar al-Assad", "", "2012-06-01", "SYRGOV", nil},
		{"Nicolas Sarkozy", "", "2010-06-01", "FRAGOV", nil},
		{"Angela Merkel", "", "2010-06-01", "DEUGOV", nil},
		{"Hugo Chavez", "", "2010-06-01", "VENGOV", nil},
		{"Tony Blair", "", "2005-06-01", "GBRGOV", nil},
		{"Ban Ki-moon", "", "2010-06-01", "IGOUNO", nil},
		{"Donald Trump", "", "2018-01-01", "USAGOV", nil},
		{"Donald Trump", "", "2022-01-01", "USAELI", nil},
		{"Donald Trump", "", "2025-06-01", "USAGOV", nil},
		{"Volodymyr Zelensky", "", "2023-01-01", "UKRGOV", nil},
		{"Keir Starmer", "", "2025-01-01", "GBRGOV", nil},
		{"Narendra Modi", "", "2020-01-01", "INDGOV", nil},
		{"Xi Jinping", "", "2016-01-01", "CHNGOV", nil},
		{"Antonio Guterres", "", "2019-01-01", "IGOUNO", nil},
		{"Carlos Menem", "", "1995-06-01", "ARGGOV", nil},
		{"Russian and Belarusian soldiers", "", "2015-03-01", "BLRMIL", []string{"RUSMIL", "BLRMIL"}},
		{"Syrian and Iraqi officials", "", "2015-03-01", "IRQGOV", []string{"SYRGOV", "IRQGOV"}},
		{"French and German leaders", "", "2015-03-01", "DEUGOV", []string{"FRAGOV", "DEUGOV"}},
		{"security forces loyal to the president", "Syrian President Bashar al-Assad spoke as security forces loyal to the president fired on crowds.", "2012-06-01", "SYRMIL", nil},
		{"armed gangs affiliated with al-Qaeda", "", "2012-06-01", "IMGUAF", nil},
		{"Vietnamese-led forces", "", "1985-06-01", "VNMMIL", nil},
		{"US-backed rebels", "", "2015-03-01", "REB", nil},
		{"rebels in Syria", "", "2015-03-01", "SYRREB", nil},
		{"students throughout Indonesia", "", "1998-03-01", "IDNEDU", nil},
		{"police in Kenya", "", "2015-03-01", "KENCOP", nil},
		{"Israeli tanks", "", "2015-03-01", "ISRMIL", nil},
		{"Bangladeshi peacekeeping troops", "", "2015-03-01", "BGDMIL", nil},
		{"French paper workers", "", "2015-03-01", "FRALAB", nil},
		{"former president Carlos Menem", "", "2005-03-01", "ARGELI", nil},
		{"the former prime minister", "", "2015-03-01", "ELI", nil},
		{"King Hassan of Morocco", "", "1995-03-01", "MARGOV", nil},
		{"an Israeli offer", "Officials rejected an Israeli offer on Monday.", "2015-03-01", "ISR", nil},
		{"Russian gas", "Europe depends on Russian gas.", "2015-03-01", "RUS", nil},
		{"Syrian refugees", "", "2015-03-01", "SYRREF", nil},
		{"Afghan civilians", "", "2015-03-01", "AFGCVL", nil},
		{"Sudanese rebels", "", "2015-03-01", "SDNREB", nil},
		{"Somali pirates", "", "2015-03-01", "SOMCRM", nil},
		{"Kurdish fighters", "", "2015-03-01", "REB", nil},
		{"Turkish warplanes", "", "2015-03-01", "TURMIL", nil},
		{"Lebanese Christians", "", "2015-03-01", "LBNCHR", nil},
		{"Iraqi Shiite militias", "", "2015-03-01", "IRQREB", nil},
		{"Mexican drug cartels", "", "2015-03-01", "MEXCRM", nil},
		{"Japanese businessmen", "", "2015-03-01", "JPNBUS", nil},
		{"the Chinese navy", "", "2015-03-01", "CHNMIL", nil},
		{"the Indian air force", "", "2015-03-01", "INDMIL", nil},
	}
	if len(tests) < 150 {
		t.Fatalf("%d mentions; the table should keep at least 150", len(tests))
	}
	for _, tc := range tests {
		name := tc.mention + "@" + tc.date
		if tc.context != "" {
			name += "/in-context"
		}
		t.Run(name, func(t *testing.T) {
			date, err := time.Parse(doc.DateLayout, tc.date)
			if err != nil {
				t.Fatal(err)
			}
			r, err := resolve.Resolve(context.Background(), p, tc.mention, tc.context, date)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := r.Best()
			if got.Code != tc.code {
				t.Errorf("coded %q, want %q (actors %+v)", got.Code, tc.code, r.Actors)
			}
			if tc.all != nil {
				var codes []string
				for _, a := range r.Actors {
					codes = append(codes, a.Code)
				}
				if !slices.Equal(codes, tc.all) {
					t.Errorf("actors %q, want %q", codes, tc.all)
				}
			}
		})
	}
}
