"""Summaries → one SQLite database for datasette, sqlite3 or pandas.

Tables (every ``*_id`` column a declared foreign key, indexed; ``iso_code`` indexed):

- ``articles``: one row per article (``sha256`` of the cleaned text is unique), with its
  source, headline, summary and provenance; ``authors`` and ``warnings`` as JSON arrays.
- ``events``, ``positions``, ``proposals``, ``stances`` (``proposal_id`` → proposals):
  one row per item, each with ``article_id``, ``item_id`` (the ids of the CSV export:
  ``e1``, ``RUS``, ``p1``, ``p1.UKR``), ``actor``, ``iso_code``, ``text`` and the cited
  ``sentence_ids`` ("7;8"). An event also has its roles — ``source`` and ``target``
  (names) with ``source_code`` and ``target_code`` (ISO, indexed: facet on who acted on
  whom), ``date`` (ISO day, month or year) and ``when`` (the article's words); its actors
  are joined with "; " in ``actor`` and listed one per row in ``event_actors`` with their
  ``role`` (source, target or other).
- ``evidence``: one row per cited span (``quote == cleaned_text[start:end]``): ``kind``
  (event, position, proposal, stance) and ``item_row_id`` (the row in that kind's table),
  plus the same link as a foreign key in ``event_id``/``position_id``/``proposal_id``/
  ``stance_id`` so datasette links it.

One article summarised more than once (the same ``sha256``, e.g. by two models) keeps
its newest summary (``provenance.created_at``). The database is built beside the target
and moved into place whole: a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError
from summarizer.fileio import ensure_writable, write_atomic
from summarizer.models import ArticleSummary, Evidence
from summarizer.nlp.actors import actor_key
from summarizer.renderers.csv_rows import UniqueIds
from summarizer.runs.saved import newest_per_article
from summarizer.runs.store import sqlite_tables

EXPORT_VERSION = 2  # PRAGMA user_version; 2: events' roles and dates, event_actors.role

SCHEMA = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    input TEXT NOT NULL,
    title TEXT,
    sha256 TEXT NOT NULL UNIQUE,
    url TEXT,
    outlet TEXT,
    published TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    headline TEXT NOT NULL,
    summary TEXT NOT NULL,
    backend TEXT,
    model TEXT,
    prompt_version TEXT,
    created_at TEXT,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    item_id TEXT NOT NULL,
    actor TEXT,
    iso_code TEXT,
    action TEXT,
    source TEXT,
    source_code TEXT,
    target TEXT,
    target_code TEXT,
    date TEXT,
    "when" TEXT,
    "where" TEXT,
    text TEXT NOT NULL,
    sentence_ids TEXT
);
CREATE TABLE event_actors (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    article_id INTEGER NOT NULL REFERENCES articles(id),
    actor TEXT NOT NULL,
    kind TEXT,
    iso_code TEXT,
    role TEXT NOT NULL CHECK (role IN ('source', 'target', 'other'))
);
CREATE TABLE positions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    item_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_kind TEXT,
    iso_code TEXT,
    speaker TEXT,
    text TEXT NOT NULL,
    sentence_ids TEXT
);
CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    item_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    iso_code TEXT,
    "when" TEXT,
    text TEXT NOT NULL,
    sentence_ids TEXT
);
CREATE TABLE stances (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    item_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    iso_code TEXT,
    stance TEXT NOT NULL,
    text TEXT,
    sentence_ids TEXT
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    kind TEXT NOT NULL CHECK (kind IN ('event', 'position', 'proposal', 'stance')),
    item_row_id INTEGER NOT NULL,
    event_id INTEGER REFERENCES events(id),
    position_id INTEGER REFERENCES positions(id),
    proposal_id INTEGER REFERENCES proposals(id),
    stance_id INTEGER REFERENCES stances(id),
    sentence_id INTEGER NOT NULL,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_iso_code ON events(iso_code);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);
CREATE INDEX events_date ON events(date);
CREATE INDEX event_actors_event ON event_actors(event_id);
CREATE INDEX event_actors_article ON event_actors(article_id);
CREATE INDEX event_actors_iso_code ON event_actors(iso_code);
CREATE INDEX positions_article ON positions(article_id);
CREATE INDEX positions_iso_code ON positions(iso_code);
CREATE INDEX proposals_article ON proposals(article_id);
CREATE INDEX proposals_iso_code ON proposals(iso_code);
CREATE INDEX stances_article ON stances(article_id);
CREATE INDEX stances_proposal ON stances(proposal_id);
CREATE INDEX stances_iso_code ON stances(iso_code);
CREATE INDEX evidence_article ON evidence(article_id);
CREATE INDEX evidence_item ON evidence(kind, item_row_id);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE INDEX evidence_position ON evidence(position_id);
CREATE INDEX evidence_proposal ON evidence(proposal_id);
CREATE INDEX evidence_stance ON evidence(stance_id)
"""

TABLES = ("articles", "events", "event_actors", "positions", "proposals", "stances", "evidence")
SQLITE_HEADER = b"SQLite format 3\x00"


# --- reading --------------------------------------------------------------------------


# --- writing --------------------------------------------------------------------------


def _ids(evidence: list[Evidence]) -> str:
    return ";".join(str(i) for i in dict.fromkeys(e.sentence_id for e in evidence))


class _Writer:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.counts = dict.fromkeys(TABLES, 0)

    def insert(self, table: str, **values: Any) -> int:
        names = ", ".join(f'"{k}"' for k in values)
        marks = ", ".join("?" for _ in values)
        cur = self.db.execute(
            f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values())
        )
        self.counts[table] += 1
        return int(cur.lastrowid or 0)

    def evidence(self, article_id: int, kind: str, row_id: int, evidence: list[Evidence]) -> None:
        for e in evidence:
            self.insert(
                "evidence", article_id=article_id, kind=kind, item_row_id=row_id,
                **{f"{kind}_id": row_id}, sentence_id=e.sentence_id, quote=e.quote,
                start=e.start, end=e.end,
            )  # fmt: skip

    def article(self, s: ArticleSummary) -> None:
        src, prov = s.source, s.provenance
        article_id = self.insert(
            "articles", input=src.input, title=src.title, sha256=src.sha256, url=src.url,
            outlet=src.outlet, published=src.published,
            authors=json.dumps(src.authors, ensure_ascii=False), headline=s.headline,
            summary=s.summary, backend=prov.backend, model=prov.model,
            prompt_version=prov.prompt_version, created_at=prov.created_at.isoformat(),
            warnings=json.dumps(s.warnings, ensure_ascii=False),
        )  # fmt: skip
        unique = UniqueIds()  # the item ids of the CSV export
        for e in s.events:
            codes = [a.country_code for a in e.actors if a.country_code]
            row = self.insert(
                "events", article_id=article_id, item_id=unique(e.id),
                actor="; ".join(dict.fromkeys(a.name for a in e.actors)) or None,
                iso_code="; ".join(dict.fromkeys(codes)) or None, action=e.action,
                source=e.source.name if e.source else None,
                source_code=e.source.country_code if e.source else None,
                target=e.target.name if e.target else None,
                target_code=e.target.country_code if e.target else None,
                date=e.date, when=e.when, where=e.where, text=e.description,
                sentence_ids=_ids(e.evidence),
            )  # fmt: skip
            for a in e.actors:
                role = ("source" if e.source and actor_key(a) == actor_key(e.source)
                        else "target" if e.target and actor_key(a) == actor_key(e.target)
                        else "other")  # fmt: skip
                self.insert("event_actors", event_id=row, article_id=article_id, actor=a.name,
                            kind=a.kind, iso_code=a.country_code, role=role)  # fmt: skip
            self.evidence(article_id, "event", row, e.evidence)
        for p in s.positions:
            row = self.insert(
                "positions", article_id=article_id, item_id=unique(actor_key(p.actor)),
                actor=p.actor.name, actor_kind=p.actor.kind, iso_code=p.actor.country_code,
                speaker=p.speaker, text=p.position, sentence_ids=_ids(p.evidence),
            )  # fmt: skip
            self.evidence(article_id, "position", row, p.evidence)
        for pp in s.peace_proposals:
            item_id = unique(pp.id)
            proposal = self.insert(
                "proposals", article_id=article_id, item_id=item_id, actor=pp.proposer.name,
                iso_code=pp.proposer.country_code, when=pp.when, text=pp.summary,
                sentence_ids=_ids(pp.evidence),
            )  # fmt: skip
            self.evidence(article_id, "proposal", proposal, pp.evidence)
            for st in pp.stances:
                row = self.insert(
                    "stances", article_id=article_id, proposal_id=proposal,
                    item_id=unique(f"{item_id}.{actor_key(st.actor)}"), actor=st.actor.name,
                    iso_code=st.actor.country_code, stance=st.stance, text=st.conditions,
                    sentence_ids=_ids(st.evidence),
                )  # fmt: skip
                self.evidence(article_id, "stance", row, st.evidence)


@dataclass
class ExportStats:
    counts: dict[str, int]  # rows per table
    duplicates: int  # summaries left out: an older summary of an article already exported


_EXPORT_TABLES = frozenset(
    {"articles", "events", "event_actors", "positions", "proposals", "stances", "evidence",
     "sqlite_sequence", "sqlite_stat1"}
)  # fmt: skip


def _tables(path: Path) -> set[str]:
    try:
        return sqlite_tables(path)
    except sqlite3.Error:
        return set()


def check_target(path: Path) -> None:
    """Refuse, before any work, a target that is not ours to replace: a folder, an
    unwritable place, a file that is not a SQLite database (a summary file given by
    mistake), or a database in WAL mode that may be open (its -wal file exists)."""
    ensure_writable(path)
    if path.exists():
        try:
            with path.open("rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from None
        if header and header != SQLITE_HEADER:
            raise ConfigError(
                f"{path} exists and is not a SQLite database: not replaced",
                hint="choose another --sqlite path, or remove the file",
            )
        others = _tables(path) - _EXPORT_TABLES
        if others:  # a result store, or someone else's database
            listed = ", ".join(sorted(others)[:6]) + (", …" if len(others) > 6 else "")
            raise ConfigError(
                f"{path} holds tables an export does not make ({listed}): not replaced",
                hint="choose another --sqlite path (export writes a new database)",
            )
    if Path(f"{path}-wal").exists():
        raise ConfigError(
            f"{path} is in use (a {path.name}-wal file exists): not replaced",
            hint="close the program that has it open, or choose another path",
        )


def export_sqlite(summaries: list[ArticleSummary], path: Path) -> ExportStats:
    """Write ``summaries`` (one per article: the newest wins) as a SQLite database at
    ``path``, replacing a database already there; see the module docstring."""
    path = Path(path)
    check_target(path)
    chosen, duplicates = newest_per_article(summaries)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".build")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with closing(sqlite3.connect(str(tmp), isolation_level=None)) as db:
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA journal_mode=OFF")  # a scratch file: nothing to roll back to
            db.execute("BEGIN")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            writer = _Writer(db)
            for s in chosen:
                writer.article(s)
            db.execute(f"PRAGMA user_version={EXPORT_VERSION}")
            db.execute("COMMIT")
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:  # pragma: no cover - a bug in _Writer
                raise RuntimeError(f"foreign key check failed: {problems[:3]}")
        write_atomic(path, tmp.read_bytes())
    except sqlite3.Error as exc:
        raise ConfigError(f"cannot write {path}: {exc}") from None
    finally:
        with suppress(OSError):
            tmp.unlink()
    return ExportStats(counts=writer.counts, duplicates=duplicates)


__all__ = [
    "EXPORT_VERSION",
    "ExportStats",
    "check_target",
    "export_sqlite",
]
