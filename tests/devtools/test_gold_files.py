"""The hand-written gold files in fixtures/gold/ are internally consistent: every quoted
fragment is in the article it annotates, actor codes are real, categories and dates are
well formed, and each actor with a position has the sentences that state it."""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest
import tomllib

GOLD_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.toml"))

ACTIONS = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE",
    "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT", "FIGHT",
}  # fmt: skip
STANCES = {"supports", "rejects", "conditional", "neutral", "unclear"}
TOP_KEYS = {"article", "case", "published", "positions", "stated", "events", "proposals"}
EVENT_KEYS = {"text", "action", "source", "target", "when", "also"}
PROPOSAL_KEYS = {"proposer", "text", "stances"}
DAY = r"\d{4}-\d{2}-\d{2}"
WHEN = re.compile(rf"^(\d{{4}}|\d{{4}}-\d{{2}}|{DAY}|{DAY}/{DAY})$")


def _load(path: Path) -> tuple[dict, str]:
    gold = tomllib.loads(path.read_text(encoding="utf-8"))
    article = (path.parent / gold["article"]).read_text(encoding="utf-8")
    return gold, article


def _fold(text: str) -> str:
    return text.casefold()


def _valid_actor(name: str) -> bool:
    if len(name) == 3 and name.isascii() and name.isalpha() and name.isupper():
        return pycountry.countries.get(alpha_3=name) is not None
    return bool(name.strip()) and name == name.strip()


def test_there_are_gold_files() -> None:
    assert len(GOLD_FILES) >= 3


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_consistent(path: Path) -> None:
    gold, article = _load(path)
    text = _fold(article)
    assert set(gold) <= TOP_KEYS, set(gold) - TOP_KEYS
    assert gold.get("case") == path.stem
    if "published" in gold:
        assert re.fullmatch(DAY, gold["published"]), gold["published"]

    positions = gold.get("positions", [])
    assert len(positions) == len(set(positions))
    for actor in positions:
        assert _valid_actor(actor), actor

    stated = gold.get("stated", {})
    assert set(stated) == set(positions), "every actor with a position has its sentences"
    for actor, fragments in stated.items():
        assert fragments, actor
        for fragment in fragments:
            assert _fold(fragment) in text, f"{actor}: {fragment!r} not in the article"
            assert text.count(_fold(fragment)) == 1, f"{actor}: {fragment!r} not unique"
            assert 4 <= len(fragment.split()) <= 10, f"{actor}: {fragment!r} length"

    for event in gold.get("events", []):
        assert set(event) <= EVENT_KEYS, set(event) - EVENT_KEYS
        assert _fold(event["text"]) in text, f"event {event['text']!r} not in the article"
        assert event["action"] in ACTIONS, event
        for role in ("source", "target"):
            if role in event:
                assert _valid_actor(event[role]), event
        if "when" in event:
            assert WHEN.match(event["when"]), event
        for other in event.get("also", []):  # who did it with the source: never the source
            assert _valid_actor(other) and other != event.get("source"), event

    for proposal in gold.get("proposals", []):
        assert set(proposal) <= PROPOSAL_KEYS, set(proposal) - PROPOSAL_KEYS
        assert _valid_actor(proposal["proposer"]), proposal
        assert _fold(proposal["text"]) in text, f"proposal {proposal['text']!r} not in article"
        for actor, stance in proposal.get("stances", {}).items():
            assert _valid_actor(actor) and stance in STANCES, (actor, stance)
