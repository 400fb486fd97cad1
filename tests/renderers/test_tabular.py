"""Tabular output: CSV rows of summaries and briefings, `summarizer export` to SQLite (for
datasette) and `summarizer batch --csv`. Every run replays recordings."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from summarizer.models import ArticleSummary
from summarizer.renderers.csv_rows import COLUMNS, render_csv
from tests.conftest import FIXTURES, SEED

runner = CliRunner()
SEED_REC = FIXTURES / "recordings" / "putin-beijing"
KYIV = FIXTURES / "articles" / "kyiv-oreshnik.txt"
KYIV_REC = FIXTURES / "recordings" / "kyiv-oreshnik"
BRIEF_INPUTS = [FIXTURES / "articles" / n for n in ("hk-guardian.txt", "hk-express.txt",
                                                    "taipei-times.txt")]  # fmt: skip
BRIEF_REC = FIXTURES / "recordings" / "brief-china"
TABLES = {"articles", "events", "event_actors", "positions", "proposals", "stances", "evidence"}


def _run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _summary(tmp_path: Path, article: Path = SEED, rec: Path = SEED_REC) -> Path:
    out = tmp_path / f"{article.stem}.json"
    result = _run("summarize", article, "--replay", rec, "-q", "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def _batch(tmp_path: Path, *inputs: Path | str, extra: tuple[str, ...] = ()):
    out = tmp_path / "out.jsonl"
    result = _run("batch", *inputs, "-o", out, "--replay", SEED_REC, "-q", *extra)
    return out, result


def _check_spans(rows: list[dict[str, str]], texts: dict[str, str]) -> None:
    """Every row's quote is its source's cleaned text [start:end], and its sentence."""
    for row in rows:
        assert row["quote"], row
        text = texts[row["source"]]
        assert text[int(row["start"]) : int(row["end"])] == row["quote"]
        assert row["sentence_id"] in row["sentence_ids"].split(";")


# --- summarize -f csv -----------------------------------------------------------------


def test_summarize_csv_has_the_columns_and_one_row_per_evidence_span() -> None:
    result = _run("summarize", SEED, "--replay", SEED_REC, "-q", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    header, rows = _rows(result.stdout)
    assert header == list(COLUMNS)
    assert {"event", "position", "proposal", "stance"} <= {r["kind"] for r in rows}
    _check_spans(rows, {str(SEED): summarizer.clean(SEED).text})
    positions = {r["iso_code"] for r in rows if r["kind"] == "position"}
    assert {"RUS", "CHN", "UKR"} <= positions
    events = [r for r in rows if r["kind"] == "event"]
    assert events and all(r["item_id"].startswith("e") for r in events)
    assert any("; " in r["iso_code"] for r in events)  # several actors: joined
    stances = [r for r in rows if r["kind"] == "stance"]
    assert stances and all(r["stance"] and r["proposal_id"] for r in stances)
    assert all(r["item_id"] == f"{r['proposal_id']}.{r['iso_code'] or r['actor'].casefold()}"
               for r in stances)  # fmt: skip
    assert "UKR" in {r["iso_code"] for r in stances}
    # span 1 of each item: one row per item
    summary = ArticleSummary.model_validate_json(
        _run("summarize", SEED, "--replay", SEED_REC, "-q").stdout
    )
    items = len(summary.events) + len(summary.positions) + len(summary.peace_proposals)
    items += sum(len(p.stances) for p in summary.peace_proposals)
    assert sum(r["span"] == "1" for r in rows) == items
    spans = sum(len(x.evidence) for x in [*summary.events, *summary.positions])
    spans += sum(len(p.evidence) + sum(len(s.evidence) for s in p.stances)
                 for p in summary.peace_proposals)  # fmt: skip
    assert len(rows) == spans


def test_csv_quotes_cells_with_commas_quotes_and_newlines(tmp_path: Path) -> None:
    summary = ArticleSummary.model_validate_json(_summary(tmp_path).read_text())
    summary.positions[0].position = 'He said "no",\nthen left; =1+1'
    header, rows = _rows(render_csv([summary, summary]))
    assert header == list(COLUMNS)
    assert rows[0]["source"] == str(SEED)
    assert any(r["text"] == 'He said "no",\nthen left; =1+1' for r in rows)
    assert render_csv([]).splitlines() == [",".join(f'"{c}"' for c in COLUMNS)]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OWASP CSV injection (issue 27, item 10): a file named like a formula and model
    text starting with "=", "+", "-" or "@" get a leading "'"; quotes stay exact and are
    quoted."""
    monkeypatch.chdir(tmp_path)
    odd = Path('=HYPERLINK("http:evil")&.txt')
    odd.write_bytes(SEED.read_bytes())
    out = tmp_path / "s.json"
    assert _run("summarize", odd, "--replay", SEED_REC, "-q", "-o", out).exit_code == 0
    summary = ArticleSummary.model_validate_json(out.read_text(encoding="utf-8"))
    summary.positions[0].position = "@SUM(A1:A9)"
    summary.events[0].description = "-2+3"
    text = render_csv([summary])
    _header, rows = _rows(text)
    assert {r["source"] for r in rows} == {"'" + str(odd)}
    assert any(r["text"] == "'@SUM(A1:A9)" for r in rows)
    assert any(r["text"] == "'-2+3" for r in rows)
    article = summarizer.clean(str(odd))
    assert all(
        article.text[int(r["start"]) : int(r["end"])] == r["quote"] for r in rows if r["quote"]
    )
    assert all(f'"{r["quote"]}"' in text for r in rows if r["quote"] and '"' not in r["quote"])


# --- brief -f csv ---------------------------------------------------------------------


def test_brief_csv_gives_one_row_per_citation(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = _run("brief", *BRIEF_INPUTS, "--replay", BRIEF_REC, "-q", "-o", out)
    assert result.exit_code == 0, result.stderr
    header, rows = _rows(out.read_text(encoding="utf-8"))
    assert header == list(COLUMNS)
    assert {"event", "position"} <= {r["kind"] for r in rows}
    texts = {f"S{i}: {p}": summarizer.clean(p).text for i, p in enumerate(BRIEF_INPUTS, 1)}
    _check_spans(rows, texts)
    assert {r["item_id"][0] for r in rows if r["kind"] == "event"} == {"T"}
    for r in rows:
        if r["kind"] == "position":  # a statement cites its own source
            assert r["item_id"].split(":")[0] == r["source"].split(":")[0]
    stances = [r for r in rows if r["kind"] == "stance"]
    assert all(r["proposal_id"].startswith("P") and r["stance"] for r in stances)


# --- export --sqlite ------------------------------------------------------------------


def _db(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path))
    db.row_factory = sqlite3.Row
    return db


def _check_db(path: Path) -> None:
    with closing(_db(path)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables >= TABLES
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        refs = {
            t: {(r["from"], r["table"]) for r in db.execute(f"PRAGMA foreign_key_list({t})")}
            for t in TABLES
        }
        for table in ("events", "positions", "proposals", "stances", "evidence"):
            assert ("article_id", "articles") in refs[table]
        assert ("proposal_id", "proposals") in refs["stances"]
        assert ("event_id", "events") in refs["event_actors"]
        assert {("event_id", "events"), ("stance_id", "stances")} <= refs["evidence"]
        for table in ("events", "positions", "proposals", "stances"):
            indexed = {
                db.execute(f"PRAGMA index_info({ix['name']})").fetchone()["name"]
                for ix in db.execute(f"PRAGMA index_list({table})")
            }
            assert {"article_id", "iso_code"} <= indexed, table
        unique = [ix for ix in db.execute("PRAGMA index_list(articles)") if ix["unique"]]
        assert any(
            [c["name"] for c in db.execute(f"PRAGMA index_info({ix['name']})")] == ["sha256"]
            for ix in unique
        )
        # every evidence row is linked to its item and quotes its article
        for row in db.execute(
            "SELECT e.*, a.input FROM evidence e JOIN articles a ON a.id = e.article_id"
        ):
            assert row[f"{row['kind']}_id"] == row["item_row_id"]
            text = summarizer.clean(row["input"]).text
            assert text[row["start"] : row["end"]] == row["quote"]


def _codes(path: Path, article: Path = SEED) -> set[str]:
    with closing(_db(path)) as db:
        return {
            r[0]
            for r in db.execute(
                "SELECT p.iso_code FROM positions p JOIN articles a ON a.id = p.article_id "
                "WHERE a.input = ?",
                (str(article),),
            )
        }


def test_export_sqlite_from_two_summaries(tmp_path: Path) -> None:
    seed, kyiv = _summary(tmp_path), _summary(tmp_path, KYIV, KYIV_REC)
    db_path = tmp_path / "briefing.db"
    result = _run("export", "--sqlite", db_path, seed, kyiv)
    assert result.exit_code == 0, result.stderr
    assert f"wrote {db_path}" in result.stderr
    _check_db(db_path)
    assert {"RUS", "CHN", "UKR"} <= _codes(db_path)
    with closing(_db(db_path)) as db:
        articles = db.execute("SELECT * FROM articles ORDER BY id").fetchall()
        assert [a["input"] for a in articles] == [str(SEED), str(KYIV)]
        assert articles[0]["headline"] and articles[0]["prompt_version"]
        assert json.loads(articles[0]["authors"]) == []
        stances = db.execute(
            "SELECT s.item_id, s.stance, p.item_id AS proposal FROM stances s "
            "JOIN proposals p ON p.id = s.proposal_id JOIN articles a ON a.id = s.article_id "
            "WHERE a.input = ?",
            (str(SEED),),
        ).fetchall()
        assert stances and all(s["item_id"].startswith(s["proposal"] + ".") for s in stances)
    # again: the database is replaced (and says so); the same summary twice is one article
    again = _run("export", "--sqlite", db_path, seed, seed)
    assert again.exit_code == 0, again.stderr
    assert f"replaced the existing database {db_path}" in again.stderr
    assert "left out" in again.stderr
    with closing(_db(db_path)) as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files


def test_export_refuses_to_overwrite_what_is_not_a_database(tmp_path: Path) -> None:
    seed = _summary(tmp_path)
    other = tmp_path / "notes.txt"
    other.write_text("keep me")
    result = _run("export", "--sqlite", other, seed)
    assert result.exit_code == 3
    assert "is not a SQLite database" in result.stderr
    assert other.read_text() == "keep me"
    assert _run("export", "--sqlite", seed, seed).exit_code == 3  # an input
    assert seed.read_text().startswith("{")
    usage = _run("export", seed)
    assert usage.exit_code == 2 and "--sqlite" in usage.stderr
    assert _run("export", "--sqlite", tmp_path / "x.db").exit_code == 2
    missing = _run("export", "--sqlite", tmp_path / "x.db", tmp_path / "nope.json")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    assert not (tmp_path / "x.db").exists()


def test_export_from_batch_jsonl_skips_failed_lines(tmp_path: Path) -> None:
    out, result = _batch(tmp_path, SEED, tmp_path / "missing.txt")
    assert result.exit_code == 2, result.stderr  # the missing input
    db_path = tmp_path / "b.db"
    exported = _run("export", "--sqlite", db_path, out, "--csv", tmp_path / "b.csv")
    assert exported.exit_code == 0, exported.stderr
    assert "skipped" in exported.stderr and "missing.txt (failed)" in exported.stderr
    _check_db(db_path)
    assert {"RUS", "CHN", "UKR"} <= _codes(db_path)
    header, rows = _rows((tmp_path / "b.csv").read_text(encoding="utf-8"))
    assert header == list(COLUMNS) and {r["source"] for r in rows} == {str(SEED)}
    # a torn last line (a run killed mid-write) is skipped too
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"input": "x.txt", "sta')
    assert _run("export", "--sqlite", db_path, out).exit_code == 0


def test_export_from_store_after_a_batch_run(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    _, result = _batch(tmp_path, SEED, extra=("--store", str(store)))
    assert result.exit_code == 0, result.stderr
    db_path = tmp_path / "store-export.db"
    exported = _run("export", "--sqlite", db_path, "--from-store", "--store", store)
    assert exported.exit_code == 0, exported.stderr
    _check_db(db_path)
    assert {"RUS", "CHN", "UKR"} <= _codes(db_path)
    # the default store (SUMMARIZER_STORE in the tests) is empty: nothing to export
    logs = _run("logs")  # reading the log never creates the store
    assert logs.exit_code == 0 and "nothing logged yet" in logs.stdout
    assert _run("export", "--sqlite", tmp_path / "none.db", "--from-store").exit_code == 2
    from summarizer.runs.store import Store

    Store(os.environ["SUMMARIZER_STORE"]).close()  # an empty store
    empty = _run("export", "--sqlite", tmp_path / "none.db", "--from-store")
    assert empty.exit_code == 2 and "no summaries to export" in empty.stderr
    nothing = _run("export", "--sqlite", db_path, "--from-store", "--store", tmp_path / "no.db")
    assert nothing.exit_code == 2 and "no result store" in nothing.stderr
    assert _run("export", "--sqlite", store, "--from-store", "--store", store).exit_code == 3


# --- batch --csv ----------------------------------------------------------------------


def test_batch_csv_writes_the_rows_of_the_ok_lines(tmp_path: Path) -> None:
    rows_csv = tmp_path / "rows.csv"
    out, result = _batch(tmp_path, SEED, extra=("--csv", str(rows_csv)))
    assert result.exit_code == 0, result.stderr
    header, rows = _rows(rows_csv.read_text(encoding="utf-8"))
    assert header == list(COLUMNS)
    expected = _run("summarize", SEED, "--replay", SEED_REC, "-q", "-f", "csv").stdout
    assert rows == _rows(expected)[1]
    # a budget stop still writes the rows of what is done (earlier runs' lines included)
    rows_csv.unlink()
    stopped = _run("batch", SEED, KYIV, "-o", out, "--replay", SEED_REC, "-q",
                   "--budget-tokens", "10", "--csv", rows_csv)  # fmt: skip
    assert stopped.exit_code == 8, stopped.stderr
    assert _rows(rows_csv.read_text(encoding="utf-8"))[1] == rows
    clash = _run("batch", SEED, "-o", out, "--csv", out)
    assert clash.exit_code == 3 and "is the JSONL output" in clash.stderr


def test_export_csv_matches_summarize_csv(tmp_path: Path) -> None:
    seed = _summary(tmp_path)
    result = _run("export", "--csv", "-", seed, "-q")
    assert result.exit_code == 0, result.stderr
    expected = _run("summarize", SEED, "--replay", SEED_REC, "-q", "-f", "csv").stdout
    assert result.stdout == expected


def test_a_line_separator_inside_a_field_does_not_split_a_jsonl_line(tmp_path: Path) -> None:
    """U+2028 in any field (here the input's file name) stays inside its JSON line: batch
    writes its CSV and export reads the batch output (issue 27, item 5)."""
    odd = tmp_path / "seed\u2028copy.txt"
    odd.write_bytes(SEED.read_bytes())
    out, result = _batch(tmp_path, odd, extra=("--csv", str(tmp_path / "rows.csv")))
    assert result.exit_code == 0, result.stderr
    assert "\u2028" in out.read_text(encoding="utf-8")
    _header, rows = _rows((tmp_path / "rows.csv").read_text(encoding="utf-8"))
    assert rows and {r["source"] for r in rows} == {str(odd)}
    db_path = tmp_path / "odd.db"
    exported = _run("export", "--sqlite", db_path, out)
    assert exported.exit_code == 0, exported.stderr
    assert {"RUS", "CHN", "UKR"} <= _codes(db_path, odd)


def _snapshot(path: Path) -> tuple[bytes, bool]:
    return path.read_bytes(), Path(f"{path}-wal").exists()


def test_the_store_never_opens_a_database_that_is_not_one(tmp_path: Path) -> None:
    """Issue 27, item 8: `logs --store` on a datasette export (or any SQLite file) used to
    switch it to WAL, add tables and bump its version, then fail for good. It is refused
    now, byte for byte unchanged; a summarizer export given as --sqlite onto the result
    store is refused too, the store kept."""
    exported = tmp_path / "notes.db"
    assert _run("export", "--sqlite", exported, _summary(tmp_path)).exit_code == 0
    foreign = tmp_path / "foreign.db"
    with closing(sqlite3.connect(foreign)) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        db.commit()
    for path in (exported, foreign):
        before = _snapshot(path)
        for command in (["logs", "--store", path], ["logs", "--usage", "--store", path]):
            result = _run(*command)
            assert result.exit_code == 3, result.stderr
            assert f"{path} is not a summarizer result store" in result.stderr
            assert "nothing changed" in result.stderr
        assert _snapshot(path) == before
    # the store itself as an export target
    store = tmp_path / "store.sqlite3"
    out, result = _batch(tmp_path, SEED, extra=("--store", str(store)))
    assert result.exit_code == 0, result.stderr
    before = store.read_bytes()
    refused = _run("export", "--sqlite", store, out)
    assert refused.exit_code == 3, refused.stderr
    assert "holds tables an export does not make" in refused.stderr
    assert store.read_bytes() == before
    assert _run("logs", "--store", store).exit_code == 0  # still a working store


def test_brief_and_export_refuse_a_summary_whose_quotes_were_edited(tmp_path: Path) -> None:
    """Issue 27, item 13: only `view` checked quotes. An edited quote (same length, or
    not fitting its offsets) is refused by `brief` and `export`, nothing written."""
    good = _summary(tmp_path)
    data = json.loads(good.read_text(encoding="utf-8"))
    quote = data["positions"][0]["evidence"][0]["quote"]
    same_length = tmp_path / "edited.json"
    data["positions"][0]["evidence"][0]["quote"] = "X" * len(quote)
    same_length.write_text(json.dumps(data), encoding="utf-8")
    longer = tmp_path / "longer.json"
    data["positions"][0]["evidence"][0]["quote"] = quote + " And Russia agreed."
    longer.write_text(json.dumps(data), encoding="utf-8")
    for edited, why in ((same_length, "is not the article's text"),
                        (longer, "does not fit its offsets")):  # fmt: skip
        note, db_path = tmp_path / "note.md", tmp_path / "x.db"
        for args in (
            ["brief", edited, "-o", note, "--no-llm"],
            ["export", "--sqlite", db_path, edited],
        ):
            result = _run(*args)
            assert result.exit_code == 2, result.stderr
            assert why in result.stderr and "the summary was edited" in result.stderr
        assert not note.exists() and not db_path.exists()
    assert _run("brief", good, "-o", tmp_path / "ok.md", "--no-llm").exit_code == 0


def test_event_rows_keep_who_did_what_to_whom_and_when(tmp_path: Path) -> None:
    """CSV and SQLite carry each event's category, source and target (names and codes),
    ISO date and `when` words; event_actors says each actor's role (issue 26, item 4)."""
    kyiv = FIXTURES / "articles" / "kyiv-oreshnik.txt"
    saved = tmp_path / "kyiv.json"
    made = _run("summarize", kyiv, "--replay", FIXTURES / "recordings" / "kyiv-oreshnik",
                "-q", "--published", "2026-05-24", "-o", saved)  # fmt: skip
    assert made.exit_code == 0, made.stderr
    summary = json.loads(saved.read_text())
    told = next(e for e in summary["events"] if e["source"] and e["target"]
                and e["source"]["country_code"] != e["target"]["country_code"])  # fmt: skip
    result = _run("export", saved, "--csv", tmp_path / "rows.csv")
    assert result.exit_code == 0, result.stderr
    header, rows = _rows((tmp_path / "rows.csv").read_text(encoding="utf-8"))
    assert {"category", "event_source_code", "event_target_code", "date", "when"} <= set(header)
    row = next(r for r in rows if r["kind"] == "event" and r["item_id"] == told["id"])
    assert (row["category"], row["event_source_code"], row["event_target_code"]) == (
        told["action"],
        told["source"]["country_code"],
        told["target"]["country_code"],
    )
    assert (row["date"], row["when"]) == (told["date"] or "", told["when"] or "")
    assert any(r["date"].startswith("2026-05") for r in rows if r["kind"] == "event")
    db_path = tmp_path / "kyiv.db"
    assert _run("export", saved, "--sqlite", db_path).exit_code == 0
    with closing(_db(db_path)) as db:
        source, target, date = db.execute(
            "SELECT source_code, target_code, date FROM events WHERE item_id = ?",
            (told["id"],)).fetchone()  # fmt: skip
        roles = dict(db.execute(
            "SELECT ea.iso_code, ea.role FROM event_actors ea JOIN events e ON e.id = ea.event_id "
            "WHERE e.item_id = ?", (told["id"],)).fetchall())  # fmt: skip
    assert (source, target, date) == (
        told["source"]["country_code"],
        told["target"]["country_code"],
        told["date"],
    )
    assert roles == {source: "source", target: "target"}


def test_an_edited_summary_with_offsets_past_any_article_is_refused(tmp_path: Path) -> None:
    """Third adversarial pass: an offset of 2**63 passed the quote check (a URL source is
    not fetched again) and crashed the SQLite export (exit 70)."""
    data = json.loads(_summary(tmp_path).read_text(encoding="utf-8"))
    data["source"]["input"] = "https://news.example/story"
    evidence = data["positions"][0]["evidence"][0]
    evidence["start"] = 2**63
    evidence["end"] = 2**63 + len(evidence["quote"])
    edited = tmp_path / "huge.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    result = _run("export", "--sqlite", tmp_path / "huge.db", edited)
    assert result.exit_code == 2 and "the summary was edited" in result.stderr
