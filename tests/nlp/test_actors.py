from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.errors import ConfigError
from summarizer.models import Actor
from summarizer.nlp import actors
from summarizer.nlp.actors import (
    actor_key,
    as_state_actor,
    find_actors,
    gold_key,
    load_actor_tables,
    mentions,
    resolve_actor,
)


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


def test_curly_apostrophes_match_the_tables() -> None:
    """'People’s Republic of China' (as news pages print it) is China, not the 'Republic of
    China' inside it (Taiwan); a state news agency speaks for its government."""
    found = find_actors([(1, "The People’s Republic of China protested."),
                         (2, "The People’s Daily and Xinhua said so; TASS agreed.")])  # fmt: skip
    assert found["CHN"][1] == [1, 2]
    assert "TWN" not in found
    assert found["RUS"][1] == [2]
    assert resolve_actor("People’s Republic of China").country_code == "CHN"


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


# --- the data file ------------------------------------------------------------------

_MINIMAL = """\
[country_aliases]
"moscow" = "RUS"
"european" = ""

[leaders]
"putin" = "RUS"

[organisations]
"nato" = { name = "NATO", kind = "organisation" }

[display_names]
RUS = "Russia"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actors.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_tables_load_and_validate() -> None:
    tables = load_actor_tables()
    assert tables.country_aliases["moscow"] == "RUS"
    assert tables.country_aliases["european"] == ""
    assert tables.leaders["zelenskyy"] == "UKR"
    assert tables.organisations["nato"].kind == "organisation"
    assert tables.display_names["GBR"] == "United Kingdom"


def test_tables_stay_importable_as_read_only_mappings() -> None:
    from summarizer.nlp.actors import COUNTRY_ALIASES, LEADERS, ORGANISATIONS

    assert COUNTRY_ALIASES["the kremlin"] == "RUS"
    assert LEADERS["xi jinping"] == "CHN"
    assert ORGANISATIONS["eu"] == ("European Union", "organisation")
    with pytest.raises(TypeError):
        COUNTRY_ALIASES["atlantis"] = "ATL"  # type: ignore[index]
    with pytest.raises(AttributeError):
        _ = actors.NO_SUCH_TABLE


def test_import_is_cheap() -> None:
    code = (
        "import sys, summarizer.nlp.actors as a\n"
        "assert a._tables.cache_info().currsize == 0, 'tables parsed at import'\n"
        "assert 'pycountry' not in sys.modules, 'pycountry imported at import'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_minimal_file_loads(tmp_path: Path) -> None:
    tables = load_actor_tables(_write(tmp_path, _MINIMAL))
    assert tables.leaders == {"putin": "RUS"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"moscow" = "RUS"', '"moscow" = "RUX"', ['[country_aliases] "moscow"', "'RUX'"]),
        ('"moscow" = "RUS"', '"moscow" = "rus"', ['[country_aliases] "moscow"', "'rus'"]),
        ('"moscow" = "RUS"', '"Moscow" = "RUS"', ['[country_aliases] "Moscow"', "lower case"]),
        ('"moscow" = "RUS"', '"" = "RUS"', ["[country_aliases]", "empty"]),
        ('"moscow" = "RUS"', '"new  york" = "USA"', ['"new  york"', "spaces"]),
        ('"putin" = "RUS"', '"putin" = ""', ['[leaders] "putin"', "''"]),
        ('kind = "organisation"', 'kind = "country"', ['[organisations] "nato" kind']),
        ('kind = "organisation"', 'kind = "organisation", code = "X"', ['"nato" code']),
        ('RUS = "Russia"', 'RUZ = "Russia"', ["[display_names]", "'RUZ'"]),
        ('RUS = "Russia"', 'RUS = ""', ['[display_names] "RUS"', "empty"]),
        ('"putin" = "RUS"', '"moscow" = "UKR"', ["'moscow'", "RUS", "UKR"]),
        ('"putin" = "RUS"', '"nato" = "RUS"', ["'nato'", "[leaders]", "[organisations]"]),
        ('"moscow" = "RUS"', '"nato" = "RUS"', ["'nato'", "[country_aliases]"]),
        ("[display_names]", "[display_name]", ["display_name"]),
        ('"moscow" = "RUS"', '"moscow" = "RUS"\n"moscow" = "RUS"', ["not valid TOML"]),
        ('"moscow" = "RUS"', '"moscow" = RUS', ["not valid TOML"]),
    ],
)
def test_malformed_file_names_the_entry(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    path = _write(tmp_path, _MINIMAL.replace(old, new, 1))
    with pytest.raises(ConfigError) as info:
        load_actor_tables(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_missing_table_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, _MINIMAL.split("[display_names]")[0])
    with pytest.raises(ConfigError, match="display_names"):
        load_actor_tables(path)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_actor_tables(tmp_path / "nope.toml")


# --- identity keys ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Russia", "Kremlin", "the Kremlin", "Putin", "Moscow"])
def test_actor_key_uses_the_country_code(name: str) -> None:
    assert actor_key(resolve_actor(name)) == "RUS"


def test_actor_key_folds_case_and_whitespace_without_a_code() -> None:
    assert actor_key(Actor(name="  Wagner   Group ", kind="group")) == "wagner group"
    assert actor_key(Actor(name="WAGNER group", kind="group")) == "wagner group"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("NATO", "nato"),
        ("nato", "nato"),
        ("North Atlantic Treaty Organization", "nato"),
        ("EU", "european union"),
        ("European Union", "european union"),
        ("RUS", "RUS"),
        ("Russia", "RUS"),
        ("Kremlin", "RUS"),
        ("Putin", "RUS"),
        ("WHO", "who"),  # three capitals but no country: resolved, not kept
        (" UKR ", "UKR"),
    ],
)
def test_gold_key(name: str, key: str) -> None:
    assert gold_key(name) == key
