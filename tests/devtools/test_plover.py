"""Event coding on PLOVER gold-standard records: the fixture, the scoring, the command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.devtools import plover
from summarizer.models import Actor, Event
from tests.conftest import FIXTURES

RECORDS = FIXTURES / "plover" / "records.json"


def test_the_fixture_holds_forty_or_more_records_of_every_category_with_its_notice() -> None:
    records = plover.load_records(RECORDS)
    assert len(records) >= 40
    assert len({r.id for r in records}) == len(records)
    counts = Counter(r.event for r in records)
    assert len(counts) == 18 and "FIGHT" in counts
    notice = (FIXTURES / "plover" / "NOTICE.md").read_text(encoding="utf-8")
    assert "Creative Commons" in notice and "ShareAlike 4.0" in notice
    assert "Open Event Data Alliance" in notice
    first = records[0]  # 'Senior Hungarian and Romanian officials agreed…'
    assert first.event == "AGREE" and first.sources == {"HUN", "ROU"}


def test_old_codes_and_non_states_are_handled() -> None:
    assert plover._codes([{"code": "JAP"}, {"code": "IGO"}, {"code": None}, {}]) == {"JPN"}


def _outcome(
    event: str, source: str | None, predicted: list[tuple[str, str | None]]
) -> plover.Outcome:
    record = plover.Record("r", "text", event, frozenset({source} if source else ()), frozenset())
    events = [
        Event(id=f"e{i}", description="x", action=action,  # type: ignore[arg-type]
              source=Actor(name=code, kind="country", country_code=code) if code else None)
        for i, (action, code) in enumerate(predicted)
    ]  # fmt: skip
    return plover.Outcome(record, events)


def test_scoring_uses_the_first_event_and_counts_any_leniently() -> None:
    outcomes = [
        _outcome("FIGHT", "RUS", [("fight", "RUS")]),
        _outcome("AGREE", "HUN", [("consult", "HUN"), ("agree", "HUN")]),
        _outcome("ASSAULT", "ISR", []),
    ]
    score = plover.score(outcomes)
    assert score.records == 3 and score.no_event == 1
    assert score.category_first == 1 / 3
    assert score.category_any == 2 / 3
    assert score.source_country == 2 / 3
    assert score.target_country is None  # no record has a gold target country
    assert score.context is None and score.context_precision is None  # no gold contexts


def test_contexts_come_from_the_words_and_the_gold_is_read() -> None:
    from summarizer.nlp.contexts import contexts

    assert contexts("French and Egyptian warships on Monday launched 10 days of war games.") == [
        "military"
    ]
    assert contexts("The Ivory Coast's Supreme Court decided to allow the candidate to run "
                    "in the country's upcoming elections.") == ["legal", "election"]  # fmt: skip
    assert contexts("Officials met for lunch.") == []
    assert plover._contexts("diplomatic, refugees") == {"diplomatic", "refugee"}
    assert plover._contexts(None) == frozenset()


def test_eval_plover_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    r = CliRunner().invoke(app, ["eval-plover", str(bad), "--replay", str(tmp_path)])
    assert r.exit_code == 2 and "not a PLOVER record file" in r.stderr
    r = CliRunner().invoke(
        app, ["eval-plover", str(RECORDS), "--replay", str(tmp_path), "--record", str(tmp_path)]
    )
    assert r.exit_code != 0 and "not both" in r.stderr


def _replayed(records: Path, recordings: str) -> dict[str, Any]:
    """`summarizer eval-plover RECORDS --replay fixtures/recordings/RECORDINGS -f json`."""
    folder = FIXTURES / "recordings" / recordings
    r = CliRunner().invoke(
        app, ["eval-plover", str(records), "--replay", str(folder), "-f", "json"]
    )
    assert r.exit_code == 0, r.stderr
    result: dict[str, Any] = json.loads(r.stdout)
    return result


def test_eval_plover_replays_the_recorded_coding() -> None:
    result = _replayed(RECORDS, "plover")
    assert result["records"] == len(plover.load_records(RECORDS))
    detail = {d["id"]: d for d in result["records_detail"]}
    assert set(detail) == {rec.id for rec in plover.load_records(RECORDS)}
    # measured on the embedded model (extract-v6); the figures are in the issue 11 note
    assert result["category_first"] >= MEASURED_CATEGORY - 0.005
    assert result["source_country"] >= MEASURED_SOURCE - 0.005
    assert result["context"] >= 0.725  # measured 0.73 (precision 0.57)
    assert result["no_event"] == 0
    # content: an air strike on civilians is coded ASSAULT with its source state
    assault = [d for d in detail.values() if d["gold"] == "ASSAULT"]
    assert all(d["predicted"][:1] == ["ASSAULT"] for d in assault)


# Measured on the embedded model with extract-v6 (`summarizer eval-plover … --replay`):
# category of the first event 0.64, source country 0.90 once the parse of the sentence
# checks the category and the roles (summarizer/nlp/events.py; the model alone: 0.26 and
# 0.79; the regex word rules these records were written against gave 0.81 and 0.94).
# These floors guard the recorded figures against regressions.
MEASURED_CATEGORY = 0.64
MEASURED_SOURCE = 0.90


def test_eval_plover_on_the_held_out_records() -> None:
    """The 54 records never read while writing the word list, recorded on the embedded
    model: what the event coding does on text it was not tuned to."""
    result = _replayed(FIXTURES / "plover" / "heldout.json", "plover-heldout")
    assert result["records"] == 54 and result["no_event"] == 0
    # measured with the parse (nlp/events.py): category 0.69, source 0.84, target 0.64
    # (the model alone 0.30 and 0.67; the regex word rules of session 8: 0.65, 0.76, 0.64)
    assert result["category_first"] >= 0.685
    assert result["source_country"] >= 0.835
    assert result["context"] >= 0.53  # measured 0.54, precision 0.56 (0.73 where written)
