"""`summarizer eval --oracle`: the checks checked with a perfect model and a lying one.

The oracle answers every pass from the gold files (tuned on, so these figures flatter the
checks; docs/eval.md). Floors are the figures measured when the reading layer landed: a
change to the checks that keeps less of the truth, or accepts more lies, fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests.conftest import FIXTURES

GOLDS = sorted(str(p) for p in Path(FIXTURES, "gold").glob("*.toml"))


def _oracle(mode: str) -> dict:
    result = CliRunner().invoke(app, ["eval", *GOLDS, "--oracle", mode, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["oracle"] == mode
    assert len(data["articles"]) == len(GOLDS)
    return data["total"]


@pytest.fixture(scope="module")
def truth() -> dict:
    return _oracle("gold")


@pytest.fixture(scope="module")
def lies() -> dict:
    return _oracle("lie")


def test_the_checks_keep_what_the_gold_says(truth: dict) -> None:
    assert truth["positioned"] == 45 and truth["positioned_kept"] >= 42
    assert truth["stated"] == 132 and truth["stated_kept"] >= 113
    assert truth["silent_drops"] == 0  # every stated sentence dropped is named in warnings
    assert truth["events"] == 135 and truth["events_kept"] >= 129  # (the PLA: no one named)
    assert truth["category_kept"] / truth["category"] >= 0.88
    assert truth["source_kept"] / truth["source"] >= 0.84  # 100/118
    assert truth["proposals_kept"] == truth["proposals"] == 2
    assert truth["stances_kept"] == truth["stances"] == 5


def test_the_checks_turn_lies_away(lies: dict) -> None:
    offered = {kind: pair[0] for kind, pair in lies["lies"].items()}
    accepted = {kind: pair[1] for kind, pair in lies["lies"].items()}
    # (a mutual act turned round, or a co-doer the gold lists under `also`, is no lie)
    assert offered == {"positions": 74, "swapped": 66, "bystander": 50, "proposals": 2}
    assert accepted["positions"] <= 2  # a bystander's name on the gold sentences (<= 5%)
    assert accepted["proposals"] == 0  # a reactor offered as the proposer
    # who did what to whom: the target is <= 10%; today's figures are the floor
    # (session 11: 15 and 16 counted this way; session 14: 9 and 7)
    assert accepted["swapped"] <= 6
    assert accepted["bystander"] <= 5
