"""The reading layer on what session 15's oracle runs found it missing or accepting: titles
that refer back, partial quotations, possessors the small model mis-tags, raised
infinitives, ambiguous categories, names that are part of a place's name."""

from __future__ import annotations

from summarizer.nlp.actors import actor_spans
from summarizer.nlp.events import check_roles, clause_action
from summarizer.nlp.reading import read_sentences
from tests.nlp.test_reading import speakers


def reading(*lines: str):
    return read_sentences(list(enumerate(lines, start=1)))


def test_the_president_is_the_last_president_named_however_far_back() -> None:
    lines = [
        "When President Trump’s advisers suggested a deal, talks resumed.",
        *[f"Negotiators met again on day {n}." for n in range(2, 12)],
        "The president says his approach has created leverage.",
    ]
    assert speakers(*lines) == {"USA": (1,)}
    # the nearest holder of the title wins
    lines.insert(5, "French President Emmanuel Macron visited Beijing.")
    assert speakers(*lines) == {"FRA": (6,)}
    # a title no one earlier holds refers to no one
    assert speakers("Talks resumed.", "The president says his approach worked.") == {}


def test_both_leaders_are_the_two_heads_named_before() -> None:
    found = speakers(
        "Russian President Vladimir Putin arrived in Beijing to meet Chinese leader Xi Jinping.",
        "There is talk of peace, but no proposals",
        "While both leaders have said they seek to end the war, they offered no details.",
    )
    assert found == {"RUS": (1,), "CHN": (1,)}


def test_an_organ_refers_back_to_the_state_body_named_before() -> None:
    found = speakers(
        "The vessel was damaged, the Philippine Bureau of Fisheries said in a statement.",
        "The Chinese vessel also blocked the path of the boat, the bureau said.",
    )
    assert found == {"PHL": (1,)}


def test_the_american_secretary_of_state_speaks_for_the_united_states() -> None:
    assert speakers("Secretary of State Mike Pompeo said the release gives us hope.") == {"USA": ()}
    spans = actor_spans("The Secretary of State for Defence said troops would stay.", {})
    assert [a.name for *_, a in spans] == []


def test_west_inside_a_place_name_is_not_the_west() -> None:
    for text in ("our rights in the West Philippine Sea", "settlers in the West Bank",
                 "troops in West Africa"):  # fmt: skip
        assert "the West" not in [a.name for *_, a in actor_spans(text, {})], text
    assert [a.name for *_, a in actor_spans("the West said it would respond", {})] == ["the West"]


def test_describing_a_thing_as_something_is_a_stance() -> None:
    assert speakers("NATO described Russia's invasion as the most direct threat.") == {"nato": ()}
    assert speakers("NATO described the scene in detail.") == {}


def test_a_partial_quotation_is_the_writers_clause() -> None:
    r = reading("The boat was “deliberately sideswiped” by a “Chinese maritime militia” vessel.")
    (clause,) = [c for c in r.sentence(1).clauses if c.lemma == "sideswipe"]
    assert not clause.quoted
    assert clause.acted_by == ("CHN",)
    # a quoted clause whose subject is quoted too is the speaker's
    r = reading("“We will not back down,” the Chinese foreign ministry said.")
    (clause,) = [c for c in r.sentence(1).clauses if c.lemma == "back"]
    assert clause.quoted


def test_an_owner_tagged_as_an_adjective_is_still_an_owner() -> None:
    """The small model tags "Kyiv" in "Kyiv’s European allies" as an adjective."""
    r = reading(
        "Kyiv’s European allies, including France’s Emmanuel Macron, condemned the strikes."
    )
    (clause,) = [c for c in r.sentence(1).clauses if c.lemma == "condemn"]
    assert "UKR" not in clause.acted_by
    assert "FRA" in clause.acted_by


def test_the_one_allowed_to_act_is_acted_on() -> None:
    r = reading("It comes hours after the US allowed Ukraine to use its long-range weapons.")
    turned = check_roles(r, [1], "UKR", "USA", "aid")
    assert (turned.source, turned.target) == ("USA", "UKR")
    kept = check_roles(r, [1], "USA", "UKR", "aid")
    assert (kept.source, kept.target) == ("USA", "UKR")


def test_an_attempt_is_an_act_done() -> None:
    r = reading("The Chinese navy tried to block the path of the Philippine boat.")
    assert clause_action(r, [1], "CHN") == ("coerce", "block")


def test_a_listed_verb_is_not_found_inside_another() -> None:
    """ "dented" was read as "deny" (a statement) by cutting "ted" and adding "y"."""
    r = reading("The collision dented the vessel’s hull, the Japanese coast guard said.")
    lemmas = {c.verb: (c.lemma, c.statement) for c in r.sentence(1).clauses}
    assert lemmas["dented"] == ("dent", False)
    assert lemmas["said"] == ("say", True)


def test_the_one_an_act_is_done_to_is_not_its_doer() -> None:
    r = reading("Two Ukrainian pilots served years in jail and were released in 2011.")
    found = check_roles(r, [1], "UKR", "RUS", "concede")
    assert (found.source, found.target) == (None, "UKR")
    # the one who freed them, where the sentence says so, is the source
    r = reading("Russia freed Ukrainian prisoners on Monday.")
    found = check_roles(r, [1], "UKR", "RUS", "concede")
    assert (found.source, found.target) == ("RUS", "UKR")


def test_a_trade_deal_is_no_peace_plan() -> None:
    r = reading(
        "The president announced the Phase 1 trade deal during a meeting in the Oval Office.",
        "China put forward a peace deal for Ukraine.",
    )
    assert r.sentence(1).plan is False
    assert r.sentence(2).plan is True


def test_given_that_is_no_aid() -> None:
    r = reading("The delay has been discouraging, given that many farmers had hoped so.")
    assert clause_action(r, [1], None) is None
    r = reading("The United States has given Ukraine air defence systems.")
    assert clause_action(r, [1], "USA") == ("aid", "given")
