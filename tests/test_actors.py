from __future__ import annotations

import pytest

from summarizer.actors import as_state_actor, find_actors, mentions, resolve_actor


@pytest.mark.parametrize(
    ("name", "code", "kind"),
    [
        ("Russia", "RUS", "country"),
        ("the Kremlin", "RUS", "country"),
        ("Beijing", "CHN", "country"),
        ("PRC", "CHN", "country"),
        ("Ukraine", "UKR", "country"),
        ("U.S.", "USA", "country"),
        ("United Kingdom", "GBR", "country"),
        ("France", "FRA", "country"),
        ("Putin", "RUS", "leader"),
        ("President Zelenskyy", "UKR", "leader"),
        ("NATO", None, "organisation"),
        ("the West", None, "group"),
        ("European Union", None, "organisation"),
    ],
)
def test_resolve_actor(name: str, code: str | None, kind: str) -> None:
    actor = resolve_actor(name)
    assert (actor.country_code, actor.kind) == (code, kind)


def test_leader_speaks_for_country() -> None:
    state = as_state_actor(resolve_actor("Vladimir Putin"))
    assert (state.name, state.kind, state.country_code) == ("Russia", "country", "RUS")


def test_mentions_uses_capitals_demonyms_and_case_for_short_codes() -> None:
    ukraine = resolve_actor("Ukraine")
    assert mentions("The exhausted kyiv army still waiting", ukraine)
    assert mentions("Ukrainian President Volodymyr Zelenskyy said", ukraine)
    assert not mentions("China has proposed a plan.", ukraine)
    us = resolve_actor("US")
    assert mentions("tensions with the US grew", us)
    assert not mentions("let us go", us)


def test_find_actors_ties_people_to_countries() -> None:
    sentences = [
        (1, "Chinese leader Xi Jinping met the press."),
        (2, "Xi said nothing new."),
        (3, "The Kremlin was silent."),
    ]
    found = find_actors(sentences)
    assert found["CHN"][1] == [1, 2]
    assert found["RUS"][1] == [3]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("U.S. military", "USA"),
        ("Russian Defense Ministry", "RUS"),
        ("the Syrian government", "SYR"),
        ("Ukraine’s Air Force", "UKR"),
        ("Colombian troops", "COL"),
    ],
)
def test_institutions_resolve_to_their_country(name: str, code: str) -> None:
    actor = resolve_actor(name)
    assert (actor.kind, actor.country_code) == ("country", code)
