"""PLOVER categories and source/target from the words that report an event (real lines
from the fixture articles and PLOVER gold-standard records)."""

from __future__ import annotations

import json

import pytest

from summarizer.event_coding import (
    code_event,
    reported_by,
    source_and_target,
    when_words,
)
from summarizer.event_words import code_action, inflections
from summarizer.sentence_events import word_events
from tests.conftest import FIXTURES


def test_inflections_of_regular_verbs() -> None:
    assert {"ban", "bans", "banned", "banning"} <= inflections("ban")
    assert {"agrees", "agreed", "agreeing"} <= inflections("agree")
    assert {"denies", "denied"} <= inflections("deny")
    assert {"launches", "launched"} <= inflections("launch")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Hamas and Iran have blamed Israel for the strike", "disapprove"),
        ("The Pentagon rejected these accusations", "reject"),
        ("Before their speech, the two leaders signed a joint declaration", "agree"),
        ("Thousands of US and Filipino troops yesterday launched joint exercises", "cooperate"),
        ("China held huge drills around Taiwan", "mobilize"),
        ("Jordan closed its borders with Syria", "coerce"),
        ("Three Taliban prisoners were freed by the Afghan government", "concede"),
        ("Putin thanked Chinese leader Xi Jinping for his efforts", "support"),
        ("Russia used the hypersonic missile to attack Kyiv", "assault"),
        ("his country's forces launch an offensive in Ukraine's Kharkiv region", "fight"),
        # an act announced for the future is a promise or a threat
        ("Finland will give Tanzania a grant of 580 million shillings", "agree"),
        ("Radical French farmers said they would blockade Paris", "threaten"),
        # conditional: a threat; what another "must" do: a demand
        (
            "Nigeria announced that it will withdraw its force unless a ceasefire is agreed",
            "threaten",
        ),
        ("Straw said the government and the rebels must reach an agreement", "demand"),
        # a phrase wins over its first word; the earliest verb wins over later ones
        ("The rebels accepted demands to initiate political reforms", "concede"),
        ("Red Cross officials suspended aid deliveries in Baghdad", "sanction"),
    ],
)
def test_the_reporting_words_code_the_category(text: str, category: str) -> None:
    assert code_action(text) == category


def test_no_listed_word_no_category_and_months_are_not_marches() -> None:
    assert code_action("The weather in March was mild.") is None
    assert code_action("Military ties between Russia and China have also strengthened") is None


def test_nouns_count_only_without_a_verb() -> None:
    # "curfew" (COERCE) is background; "shortened" is not listed, so the noun decides
    assert code_action("The nightly curfew is one hour shorter.") == "coerce"
    # a verb anywhere beats a noun earlier in the sentence
    assert code_action("After the airstrike, Egypt condemned Israel.") == "disapprove"


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("On Tuesday, Nigerian junior foreign minister Dubem Oniya summoned Niger's "
         "ambassador to complain of inaction", "NGA", "NER"),
        ("A camp for refugees was attacked by Burundian militiamen armed with machetes",
         "BDI", None),
        ("Vietnamese-led forces have retaken a strategic village in Western Cambodia",
         "VNM", "KHM"),
        # a place phrase is not the actor
        ("Forces in Syria accused the United States of blocking aid", None, "USA"),
        # no event verb: nothing to say
        ("Military ties between Russia and China have also strengthened", None, None),
    ],
)  # fmt: skip
def test_source_and_target_from_where_the_words_name_them(
    text: str, source: str | None, target: str | None
) -> None:
    assert source_and_target(text) == (source, target)


def test_an_organisation_acts_by_its_name_not_as_the_next_country() -> None:
    assert source_and_target("NATO and Ukraine held talks in Brussels") == ("NATO", None)
    blamed = "While Hamas and Iran have blamed Israel for the strike, Israel has not claimed it."
    assert source_and_target(blamed) == ("Hamas", "ISR")


def test_code_event_prefers_the_description_then_the_sentences_then_the_model() -> None:
    coding = code_event("Russia accuses Ukraine", ["Kyiv signed a deal."], "mobilize")
    assert (coding.action, coding.source, coding.target) == ("disapprove", "RUS", "UKR")
    coding = code_event("Trade grew", ["China agreed to buy Russian gas."], "aid")
    assert coding.action == "agree" and coding.source == "CHN"
    assert code_event("Trade grew", ["Trade grew again."], "aid").action == "aid"


def test_the_word_list_codes_most_plover_records_it_was_not_written_from() -> None:
    """The PLOVER records beyond the 53 in fixtures/plover (the shared half is not in the
    project; this reads the copy kept in fixtures/plover/heldout.json): the odd half of
    them was never looked at while writing the word list."""
    records = json.loads((FIXTURES / "plover" / "heldout.json").read_text(encoding="utf-8"))
    right = sum((code_action(r["text"]) or "").upper() == r["event"] for r in records)
    assert len(records) == 54
    assert right / len(records) >= 0.65  # measured 36/54 = 0.67


def test_a_dateline_is_a_place_not_the_actor() -> None:
    text = "Beijing — Russian President Vladimir Putin thanked Chinese leader Xi Jinping"
    assert source_and_target(text) == ("RUS", "CHN")
    assert source_and_target("KYIV, Ukraine (AP) — Russia attacked Kyiv overnight")[0] == "RUS"
    kicker = "CHINESE AGGRESSION: Manila accused Beijing's militia of sideswiping a boat"
    assert source_and_target(kicker) == ("PHL", "CHN")


def test_a_private_person_is_not_the_country_but_protesters_are() -> None:
    refugee = "A Syrian refugee who fled the camp demanded that Russia open the road"
    assert source_and_target(refugee) == (None, None)
    assert source_and_target("Ukrainian students protested in Kyiv")[0] == "UKR"


def test_a_verb_form_used_as_a_noun_is_only_a_weak_signal() -> None:
    # "the attack" is background here: no event verb, so no source is claimed
    witness = "Ferit Hoxha, Albania's foreign minister, reported damage from the attack"
    assert source_and_target(witness) == (None, None)
    visit = "Putin's two-day state visit comes as his forces launch an offensive"
    assert code_action(visit) == "fight"
    assert code_action("Russia's forces attack the city") == "assault"


def test_a_passive_without_agent_names_who_was_acted_upon_not_who_acted() -> None:
    hostages = "Two hostages, an American and an Australian, were released on Tuesday"
    assert source_and_target(hostages) == (None, "USA")
    freed = "Three Taliban prisoners were freed by the Afghan government"
    assert source_and_target(freed)[0] == "AFG"


@pytest.mark.parametrize(
    "text",
    [
        "Russia has not attacked any NATO country, Peskov said.",
        "Will Russia attack Ukraine again this winter?",
        "If Russia attacks, NATO will respond.",
        "Russia could attack Ukraine as early as March, analysts warned.",
        "It was not clear whether Russia attacked the convoy.",
        "Russia allegedly attacked the convoy.",
        "‘Russia attacked us without warning,’ the Ukrainian minister said.",
        "Nick Kaufman, a British-Israeli lawyer, has defended high-profile clients.",
        "China's leader, as demonstrated by his departure from a meeting in Hanoi, is firm.",
        "Israel's military did not respond to requests for comment.",
        "The Finnish brochure suggests playing games or doing crafts to kill time.",
    ],
)
def test_what_did_not_happen_is_no_word_event(text: str) -> None:
    assert word_events([(1, text)], set()) == []


def test_a_reported_act_is_an_event_with_its_sentence_showing_the_report() -> None:
    """'reportedly' says who vouches for it, not that it may not have happened (the
    description is the sentence, so the reader sees the word); 'allegedly' stays out."""
    line = ("The U.S. military in al-Tanf reportedly has been training the Syrian opposition "
            "forces known as Maghawir al Thawra to fight against Islamic State.")  # fmt: skip
    [event] = word_events([(20, line)], set())
    assert (event.action, event.source) == ("aid", "USA")


def test_a_subject_standing_for_the_actor_before_acts_for_it() -> None:
    """putin-beijing: "The country…, but it supports…" and "They held a joint war game"
    act for the actor the sentence before is about; that sentence is the context."""
    sentences = [
        (8, "China wields significant influence as a key supporter of Russia, before and "
            "since its invasion."),
        (9, "The country claims to take a neutral stance in the conflict, but it supports "
            "Moscow’s claims that Russia was incited to attack Ukraine by the West."),
        (30, "Military ties between Russia and China have also strengthened in recent years."),
        (31, "They held a joint war game seriesincluding naval exercises and long-range "
             "bomber patrols over the Sea of Japan and the East China Sea."),
    ]  # fmt: skip
    found = {w.sentence_id: w for w in word_events(sentences, {8, 30})}
    assert (found[9].action, found[9].source, found[9].target, found[9].context) == (
        "support",
        "CHN",
        "RUS",
        (8,),
    )
    # the Sea of Japan is a place, not a target
    assert (found[31].action, found[31].source, found[31].target, found[31].context) == (
        "cooperate",
        "RUS",
        None,
        (30,),
    )
    # without a sentence before to stand for, no actor: no event
    assert word_events([(31, sentences[3][1])], set()) == []


@pytest.mark.parametrize(
    ("before", "line"),
    [
        # the reporter is not the actor; "the group" is no country (from the review)
        ("Ukraine's air force said Russia launched 50 drones overnight.",
         "It also fired three missiles at Kyiv."),
        ("Israel said Hamas fighters crossed the border.", "They attacked several villages."),
        ("Iran denies arming the Houthis.", "The group has attacked ships in the Red Sea."),
    ],
)  # fmt: skip
def test_a_subject_standing_for_a_reporter_or_the_wrong_kind_acts_for_no_one(
    before: str, line: str
) -> None:
    assert word_events([(1, before), (2, line)], {1}) == []


def test_word_events_name_the_actor_after_the_reporting_verb() -> None:
    [event] = word_events([(3, "Ukraine said Russia attacked Kharkiv overnight.")], set())
    assert (event.sentence_id, event.action, event.source) == (3, "assault", "RUS")
    assert event.when == "overnight"
    # the ministry speaking of its own forces: the forces are the ministry's country's
    [event] = word_events(
        [(1, "Russia's Defense Ministry said its forces shot down 33 Ukrainian drones.")], set()
    )
    assert (event.action, event.source, event.target) == ("fight", "RUS", "UKR")
    assert word_events([(3, "Ukraine said Russia attacked Kharkiv.")], {3}) == []  # cited


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # the reported act's subject, not the reporter
        ("Ukraine said Russia attacked Kharkiv overnight.", "RUS", None),
        # a demand on Russia is not Russia's act: the one who says it demands it
        ("Russia should withdraw its troops, Germany's foreign minister said.", "DEU", "RUS"),
        ("Russia said on Tuesday that Sudan must release the crew.", "RUS", "SDN"),
        ("The Red Cross in Iraq said US forces must allow aid convoys through.", None, "USA"),
        # whole demonyms, peoples, and places that hold an actor's name
        ("The Sri Lankan army detained Tamil refugees, a press release said.", "LKA", None),
        ("Bosnian Serbs demanded a truce with Moslem forces in east Bosnia.", "BIH", None),
        ("Palestinians blamed Israel for the bombing in the West Bank city of Tulkarm.", "PSE",
         "ISR"),
        ("Ivory Coast rebels again rejected a Senegalese peace plan.", "CIV", "SEN"),
        # some of a people speak for themselves (fixtures/articles/cbc-sinwar.txt)
        ("Many Palestinians interviewed in Gaza expressed similar concern over the promotion, "
         "although some welcomed the move.", None, None),
        ("Thousands of Palestinians protested in Ramallah.", "PSE", None),
        ("Dozens of Palestinians were killed by Israeli strikes.", "ISR", "PSE"),
        ("Thousands of Chinese troops massed near the border with India.", "CHN", "IND"),
        # a demand said by a private person is no state's; the speaker is the subject of
        # the reporting verb, not an actor cited before it (review, session 6)
        ("Russia must withdraw its troops, a Ukrainian refugee in Poland said.", None, "RUS"),
        ("A Chinese analyst said Taiwan must release the detained crew.", None, "TWN"),
        ("Citing Russian intelligence, Belarus said Poland must release the detained crew.",
         "BLR", "POL"),
        # peoples of several states, and parts of one, are no one country
        ("Kosovo Serbs attacked NATO peacekeepers in Zvecan.", None, "NATO"),
        ("Turkmen rebels shot down a Russian pilot in Syria.", None, "RUS"),
        ("Northern Irish police arrested two men.", None, None),
        # a conjunction before a clause's subject is no place phrase (metro-sweden)
        ("It comes just hours after US allowed Ukraine to use its long-range weapons to "
         "strike inside Russia.", "USA", "UKR"),
        ("Aid arrived in Gaza after the truce with Israel.", None, None),
        # …but not a subordinate clause opening the sentence, whose main clause has its own
        # actor (second review, session 6)
        ("Since Israel killed Haniyeh in Tehran, Iran has vowed revenge.", None, "IRN"),
        ("Hours after Russia struck Kyiv, Zelensky called for more air defence.", None, "UKR"),
        ("Trade has dried up since the Russia sanctions began.", None, None),
        ("Turkish Cypriot police detained two Greek Cypriots.", None, "CYP"),
        # a participle after a pronoun subject: no one named acts (fixtures/articles/nyt-trade)
        ("He has injected similar drama into trade talks with other partners, including "
         "Europe, Japan, Canada and Mexico, publicly threatening them with tariffs.", None,
         None),
        ("On Tuesday, Russian forces entered Kharkiv, killing ten.", "RUS", None),
        # a participle with its agent is passive
        ("Putin said the Chinese proposal rejected by Ukraine last year could help.", "UKR",
         "CHN"),
        # a place after the agent is not the agent
        ("Haniyeh was killed by an airstrike in Tehran.", None, None),
        # modifiers name no actor
        ("Iran-backed Houthi rebels attacked a commercial ship in the Red Sea.", None, None),
        ("Kyiv's European allies, including France, condemned the Russian strikes.", "FRA",
         "RUS"),
        # the attribution closing the sentence is not the target
        ("Syrian rebels captured Aleppo, Turkey said.", "SYR", None),
        ("BEIRUT/THE HAGUE, March 7 (Reuters) - An Israeli tank crew killed a reporter in "
         "Lebanon", "ISR", "LBN"),
        ("Hong Kong chaos: China deploys troops to the border", "CHN", None),
        ("Hezbollah, which Israel accuses of firing rockets, denied the attack.", "Hezbollah",
         None),
        # a progressive or an adjective after "been"/"was" is not a passive
        ("Iran, Russia and Syria have been pressuring the U.S. to leave al-Tanf.", "IRN", "USA"),
        ("Putin said in an interview that the Kremlin was ready to negotiate on Ukraine.",
         "RUS", "UKR"),
    ],
)  # fmt: skip
def test_who_acted_after_review(text: str, source: str | None, target: str | None) -> None:
    assert source_and_target(text) == (source, target)


def test_phrases_and_exceptions_code_the_right_category() -> None:
    assert code_action("Japan protested to China over the incursion.") == "disapprove"
    assert code_action("Japan recalled its ambassador from Seoul.") == "sanction"
    assert code_action("He recalled the day vividly.") is None
    assert code_action("Washington continues to give mixed signals.") is None
    assert {"equipped", "equipping"} <= inflections("equip")


def test_a_light_verb_makes_its_event_noun_the_act_and_phrases_allow_a_word_between() -> None:
    suspension = (
        "Italy announced a suspension of air links with Serbia, after a Serbian jet shot down"
    )
    assert code_action(suspension) == "sanction"
    assert source_and_target(suspension) == ("ITA", "SRB")
    assert code_action("Washington and the Taliban had been holding direct talks") == "consult"
    assert code_action("Serbian police launched an investigation into the killings") == (
        "investigate"
    )


def test_the_date_words_nearest_the_event_verb() -> None:
    from summarizer.event_coding import when_words

    line = ("Two hostages held since 2016 were released Tuesday in a prisoner swap, "
            "officials said.")  # fmt: skip
    assert when_words(line) == "Tuesday"
    assert when_words("Russia attacked Kyiv.") is None
    coding = code_event("Hostages freed", [line], "concede")
    assert coding.when == "Tuesday"


def test_a_quantity_of_people_names_its_country_as_the_subject() -> None:
    line = "Thousands of US and Filipino troops yesterday launched joint exercises"
    assert source_and_target(line)[0] == "USA"
    assert source_and_target("Forces in Syria accused the United States")[0] is None


def test_second_review_cases() -> None:
    from summarizer.event_coding import when_words

    assert code_action("Palestinian prisoners launched a hunger strike.") == "protest"
    assert word_events([(1, "China launched a charm offensive in Europe.")], set()) == []
    assert code_action("Amid mounting criticism of the war, Israel agreed to a pause.") == "agree"
    assert source_and_target("Some of Iran's proxies attacked US bases in Iraq.") == (None, "USA")
    assert when_words("Russia, which invaded Ukraine in February 2022, attacked Kyiv.") is None
    assert when_words("Hamas released two hostages held since October 2023 on Tuesday.") == (
        "on Tuesday"
    )
    assert when_words("Prime Minister Theresa May met the Irish premier.") is None
    assert when_words("Russia attacked Kyiv overnight into Sunday.") == "Sunday"


def test_a_press_release_releases_nobody() -> None:
    line = "The army is holding refugees as human shields, according to a press release."
    assert code_action(line) is None
    assert code_action("The army will release the refugees.") == "agree"  # a promise


def test_an_agreement_reached_is_an_agreement_whatever_its_name() -> None:
    # fixtures/articles/nyt-trade.txt (the quoted “historic” is blanked before coding)
    line = ("Despite Mr. Trump’s Oct. 11 announcement that the United States and China had "
            "reached a “historic” Phase 1 trade agreement, actually signing a deal has proved "
            "elusive.")  # fmt: skip
    [event] = word_events([(10, line)], set())
    assert (event.action, event.source, event.when) == ("agree", "USA", "Oct. 11")
    assert when_words("Talks resumed on Sept. 3, 2019, and Russia attacked.") == "Sept. 3, 2019"
    assert when_words("In 2025, Nato leaders agreed a defence spending target.") == "In 2025"
    # a day that names an event is not the event's date
    assert when_words("Israel struck Hezbollah targets after the Oct. 7 attacks.") is None


@pytest.mark.parametrize(
    ("description", "reporter"),
    [
        # fixtures/articles/amnesty-iran.txt, the model's description of the killings
        ("Amnesty International reports 106 protesters killed in Iran protests.",
         "Amnesty International"),
        ("The UN reported that Israel struck Gaza.", "United Nations"),
        ("Russia attacked Kyiv, Ukraine said.", None),  # the actor opens it
        # a state reporting is usually its own act: its source stays
        ("Ukraine's air force said Russia launched 90 missiles.", None),
        ("Israel reported intercepting Iranian missiles.", None),
        ("Ukraine claimed responsibility for the drone strike on Moscow.", None),
    ],
)  # fmt: skip
def test_who_reports_an_event_is_not_who_did_it(description: str, reporter: str | None) -> None:
    assert reported_by(description) == reporter


@pytest.mark.parametrize(
    "line",
    [
        "Pakistan announced a probe into the attack on Chinese engineers.",
        "Washington announced a review of its sanctions on Venezuela.",
    ],
)
def test_a_light_verb_takes_its_own_noun_not_one_further_on(line: str) -> None:
    # only "reached a … agreement" may reach a few words ahead (review, session 6)
    assert word_events([(1, line)], set()) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # fixtures/articles/bbc-nato.txt: "May 2022" is a month, not a hedge; Nato sits in a
        # place phrase, so the conjunction's clause holds the only subject
        ("Having been neutral for decades, both applied to Nato in May 2022, shortly after "
         "Russia invaded Ukraine.", [("fight", "RUS", "UKR")]),
        ("Sweden became a member in March 2024.", [("cooperate", "SWE", None)]),
        # the target inside the verb's phrase: fixtures/articles/metro-sweden.txt
        ("Finland, which shares a 833-mile border with Russia, joined NATO in April last "
         "year.", [("cooperate", "FIN", "NATO")]),
        ("Although Sweden was officially non-aligned during the war, the country made "
         "concessions to Nazi Germany.", [("concede", "SWE", "DEU")]),
        # a hedge in lower case still hedges
        ("Russia may invade Ukraine in May.", []),
        # officials from a list of countries: no one of them made the concessions
        ("The threat of tariffs has prompted officials from Mexico, Canada, Japan and "
         "elsewhere to make concessions they might not otherwise have agreed to.", []),
        # an opening place phrase is no list: Trump still slams (aeb_82b6d780c792)
        ("At the White House, Trump said he had watched part of the day’s testimony and "
         "slammed the ongoing impeachment hearings as a “disgrace.”",
         [("disapprove", "USA", None)]),
        # fixtures/articles/politico-ireland.txt: a reaction drawn from a named actor
        ("That drew rebukes from Prime Minister Micheál Martin, the leader of Fianna Fáil, "
         "and Foreign Minister Simon Harris.", [("disapprove", "IRL", None)]),
        ("Russia's move drew praise from China.", [("support", "CHN", "RUS")]),
        ("The visit sparked condemnation from Beijing.", [("disapprove", "CHN", None)]),
        ("The decision drew criticism from residents.", []),  # no actor named
        # a bare noun before an auxiliary is the subject, not a verb (aeb_82b6d780c792)
        ("Sondland said he had relayed to the Ukrainian that U.S. aid might be freed if the "
         "country would announce the investigations.", []),
        ("US aid was cut in 2019.", []),
        ("Russian troops leave Kherson.", [("retreat", "RUS", None)]),
        # maritime ramming; pushing a bill through is no assault
        ("The Chinese coast guard rammed a Philippine supply boat.", [("assault", "CHN", "PHL")]),
        ("The Chinese government rammed through the bill.", []),
        # lines an adversarial review of the session-7 rules wrote (invented, wire style)
        ("The Manipur-based People's Liberation Army ambushed an Indian army convoy, killing "
         "18 soldiers.", []),
        ("U.S. House Speaker Nancy Pelosi's visit to Taiwan sparked condemnation from "
         "Beijing.", [("disapprove", "CHN", None)]),
        ("The strike on Kyiv drew condemnation from France.", [("disapprove", "FRA", None)]),
        ("Russia's missile strike on Kyiv drew condemnation from France and Germany.",
         [("disapprove", "FRA", "RUS")]),
        ("Israel's strike on Iran drew praise from Israel's opposition leader Yair Lapid.", []),
        ("The tariffs on China drew criticism from U.S. farmers.", []),
        ("The law drew criticism from Russian opposition leader Alexei Navalny.", []),
        ("The visit drew no criticism from China.", []),
        ("Unusually, the visit has not drawn protests from Beijing.", []),
        ("Such a step would have drawn condemnation from Washington in the past.", []),
        ("Ukraine hopes to join NATO.", []),
        ("Moldova applied to join the European Union.", []),
        ("Moscow fears Kyiv will join NATO.", []),
        ("Netanyahu became a member of the Knesset in 1988.", []),
        ("Putin has shown no sign of making concessions.", []),
        ("Trump pressed Ukraine to make concessions to Russia.", []),
        ("Macron sideswiped Britain in a speech on Tuesday.", []),
        ("Iran tried to ram the U.S. ship.", []),
        ("Israel rams home its message to Hezbollah with airstrikes.", []),
        ("Russia, which fears NATO expansion, invaded Ukraine in 2022.", [("fight", "RUS", "UKR")]),
        # the comma closing an opening phrase ends no list
        ("At talks in Turkey, Russia and Ukraine agreed to a prisoner exchange.",
         [("agree", "RUS", None)]),
        ("In Paris, France and Britain agreed to send troops to Ukraine.",
         [("agree", "FRA", "UKR")]),
        # a second review of the narrowed rules (session 7)
        # the placed list names no one acting: the militias and officials stay unnamed
        ("After strikes on Iran, Iraq and Syria, militias attacked U.S. bases.",
         [("assault", None, "USA")]),
        ("In Moscow, Beijing and Tehran, officials condemned the U.S. strikes.",
         [("disapprove", None, "USA")]),
        ("In Kyiv, Russia attacked the power grid.", [("assault", "RUS", None)]),
        ("The visit drew protests from Palestinians.", []),
        ("Ukraine's shelling by Russian forces drew condemnation from the United Nations.",
         [("disapprove", "United Nations", None)]),
        ("Finland became a member of NATO on Tuesday.", [("cooperate", "FIN", "NATO")]),
        ("Israeli forces pushed into Rafah to attack Hamas positions on Tuesday.",
         [("assault", "ISR", "Hamas")]),
        ("Trump pressed Ukraine to attack Russian refineries.", []),
        ("The move drew condemnation from Russian President Vladimir Putin.",
         [("disapprove", "RUS", None)]),
        ("The move drew condemnation from the U.S. State Department.",
         [("disapprove", "USA", None)]),
        ("A bill that would ban TikTok drew criticism from China.",
         [("disapprove", "CHN", None)]),
        ("It was unclear whether the move drew condemnation from Beijing.", []),
    ],
)  # fmt: skip
def test_word_events_on_session_seven_lines(
    line: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert [(w.action, w.source, w.target) for w in word_events([(1, line)], set())] == expected


def test_the_two_sides_are_not_taken_from_the_sentence_before() -> None:
    # "The two sides" after a host, a mediator or a meeting is too often the third party
    # (review, session 7): "U.S. envoy Witkoff met Russian and Ukrainian officials."
    sentences = [
        (1, "U.S. envoy Steve Witkoff met Russian and Ukrainian officials in Riyadh."),
        (2, "The two sides later agreed to a limited ceasefire."),
    ]
    # the agreement is an event, its parties unnamed: no source is guessed
    assert [(w.action, w.source, w.context) for w in word_events(sentences, {1})] == [
        ("agree", None, ())
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # an act by a kind of actor the article does not tie to a state is still an event,
        # with no source (session 8, from the gold articles' misses)
        ("Hundreds of demonstrators blocked roads, using their parked cars as a form of "
         "protest.", [("coerce", None, None)]),
        ("According to eyewitness accounts corroborated by video footage, snipers have also "
         "shot into crowds of people from rooftops.", [("assault", None, None)]),
        ("However, individual member states have supplied arms and equipment.",
         [("aid", None, None)]),
        ("The two sides continue to negotiate and could finalize an agreement in the next "
         "few weeks.", [("consult", None, None)]),
        # an act suffered, in a finite passive: the sufferer is the target when named
        ("Haniyeh was killed by an airstrike in Tehran.", [("assault", None, None)]),
        ("King and Weeks were abducted by gunmen wearing military uniforms in August 2016.",
         [("coerce", None, None)]),
        ("Russia and the Syrian government have been accused of creating a humanitarian "
         "disaster.", [("disapprove", None, "RUS")]),
        ("The Taliban members were released in Doha, Qatar.", [("concede", None, "Taliban")]),
        # not an event: a private person or some of a people, a permission, a condition,
        # a verb in another clause whose subject is no actor
        ("Abu Hassan Amer, 44, agreed.", []),
        ("Some in Gaza welcomed the news of Sinwar's promotion.", []),
        ("Many Palestinians interviewed in Gaza welcomed the move.", []),
        ("Higgins spent 14 years expanding what the president is allowed to say.", []),
        ("Should she win, Connolly will release a statement.", []),
        ("A school building was damaged by an attack while people sheltered inside.", []),
        ("Once a sinecure for senior statesmen backed by the dominant party, the office "
         "changed.", []),
        ("Residents were asked to stay indoors.", []),
        # the review of session 8: a place is no target, "No" no act, nature, sport, a team,
        # a habit, a condition after a dateline
        ("Police fired tear gas at protesters in Nairobi, Kenya, on Tuesday.",
         [("assault", None, None)]),
        ("M23 rebels seized Goma, the largest city in eastern Congo.", [("coerce", None, None)]),
        ("Jets struck a convoy near the border with Syria, Lebanese officials said.",
         [("assault", None, None)]),
        ("The day after the attack, Israel's military said it had visuals of the incident and "
         "it was being investigated.", [("investigate", None, None)]),
        ("No protesters were arrested, police said.", []),
        ("None of the officials met with the delegation.", []),
        ("The region was struck by a 7.8 magnitude earthquake in February.", []),
        ("Villages were attacked by swarms of locusts.", []),
        ("He was beaten 6-3, 6-4 by Alcaraz in the final.", []),
        ("The Fighters attacked early and scored twice.", []),
        ("Aid convoys are attacked almost daily in Sudan.", []),
        ("LONDON (Reuters) - Should Hamas accept the proposal, Israel will withdraw its troops "
         "from Gaza.", []),
        ("China was angered by the visit and launched drills around Taiwan.",
         [("mobilize", "CHN", "TWN")]),
        ("Israel seized a cache of weapons from Hezbollah in southern Lebanon.",
         [("coerce", "ISR", "Hezbollah")]),
        ("Russia expelled three diplomats from Estonia.", [("sanction", "RUS", "EST")]),
        # the second review (session 8): no one, a fear, a habit, a plan, a modal, an
        # inverted condition, an accident, a nationality; objects joined by "and"; a
        # missile's origin; an aside between dashes
        ("Police said no protesters were arrested.", []),
        ("Officials said nobody had been detained.", []),
        ("Not a single protester was arrested in Tbilisi.", []),
        ("Many protesters stayed home for fear of being arrested by police.", []),
        ("Aid convoys are being attacked almost daily in Sudan.", []),
        ("Gunmen kill dozens every month in Nigeria's northwest.", []),
        ("Negotiators meet in Doha on Thursday.", []),
        ("The officers should have been investigated, the report said.", []),
        ("Had the hostages been released on time, the truce would have held.", []),
        ("Five workers were killed by a fire at a garment factory in Dhaka.", []),
        ("Police arrested a Russian-born man in Berlin.", [("coerce", None, None)]),
        ("Poland was angered by the strike and Russia's denial and summoned the Russian "
         "ambassador.", [("disapprove", "POL", "RUS")]),
        ("Israel was hit by rockets and Hezbollah drones and struck targets in Lebanon.",
         [("assault", "ISR", "LBN")]),
        ("Hungary was the only holdout and Ukraine criticized Budapest.",
         [("disapprove", "UKR", "HUN")]),
        ("Israel shot down a missile from Yemen over Jordan.", [("fight", "ISR", "YEM")]),
        ("KYIV, Ukraine (AP) — Russia on Tuesday attacked — for the third time in a week — "
         "Ukraine's power grid.", [("assault", "RUS", "UKR")]),
        # a named actor still wins over the unnamed kind
        ("Russian troops shelled the village.", [("fight", "RUS", None)]),
        # a subject with its own verb before "and" belongs to the clause before
        ("Finland was allied with the Nazis and Germany launched its operations against "
         "the USSR from north Finland.", [("fight", "DEU", None)]),
        ("Nigeria withdrew its peacekeeping force from Chad.",
         [("retreat", "NGA", "TCD")]),
        ("Over the weekend, Trump assailed Williams as part of the Never Trumpers.",
         [("disapprove", "USA", None)]),
    ],
)  # fmt: skip
def test_word_events_with_unnamed_actors(
    line: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert [(w.action, w.source, w.target) for w in word_events([(1, line)], set())] == expected
