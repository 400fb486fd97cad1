"""The result store: SQLite (stdlib, WAL mode) holding runs, items, model calls and
summaries. It is the cache (a summary is found by its cache key and reused with no
model call) and the ledger (tokens and cost of every call, re-asks and failures
included). ``summarizer logs`` reads it.

Schema versions are kept in ``PRAGMA user_version`` and applied in order by
``MIGRATIONS``; a store written by a newer summarizer is refused, never altered.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs

from summarizer.errors import ConfigError
from summarizer.llm.ledger import CallEvent

MIGRATIONS: list[str] = [
    # 1: runs, items, calls, summaries
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running',
        backend TEXT,
        model TEXT,
        options TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE summaries (
        key TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        json TEXT NOT NULL
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        input TEXT NOT NULL,
        key TEXT,
        status TEXT NOT NULL,
        error_type TEXT,
        error TEXT,
        calls INTEGER NOT NULL DEFAULT 0,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,
        finished_at TEXT NOT NULL
    );
    CREATE INDEX items_run ON items(run_id);
    CREATE INDEX items_key ON items(key);
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id),
        item_key TEXT,
        request_hash TEXT NOT NULL,
        prompt_version TEXT,
        backend TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        latency_s REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 1,
        cost_usd REAL NOT NULL DEFAULT 0,
        replayed INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL
    );
    CREATE INDEX calls_run ON calls(run_id);
    CREATE INDEX calls_at ON calls(at);
    CREATE TABLE input_keys (
        raw_sha256 TEXT NOT NULL,
        options TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (raw_sha256, options)
    );
    """,
    # 2: batch jobs handed to other engines (summarizer batch --via jsonl|openai-batch):
    # the cleaned articles, each request by its custom_id (state and answer), the request
    # files of every round and, for the OpenAI Batch API, their uploaded file and batch ids
    """
    CREATE TABLE batch_jobs (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        via TEXT NOT NULL,
        created_at TEXT NOT NULL,
        options TEXT NOT NULL,
        output TEXT NOT NULL,
        requests_dir TEXT NOT NULL,
        endpoint TEXT,
        rounds INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'open'
    );
    CREATE TABLE batch_articles (
        job_id INTEGER NOT NULL REFERENCES batch_jobs(id),
        input TEXT NOT NULL,
        key TEXT NOT NULL,
        article TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'waiting',
        PRIMARY KEY (job_id, input)
    );
    CREATE INDEX batch_articles_key ON batch_articles(job_id, key);
    CREATE TABLE batch_requests (
        job_id INTEGER NOT NULL REFERENCES batch_jobs(id),
        custom_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        round INTEGER NOT NULL,
        state TEXT NOT NULL,
        answer TEXT,
        error TEXT,
        tries INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (job_id, custom_id)
    );
    CREATE INDEX batch_requests_custom_id ON batch_requests(custom_id);
    CREATE INDEX batch_requests_key ON batch_requests(job_id, key);
    CREATE TABLE batch_files (
        job_id INTEGER NOT NULL REFERENCES batch_jobs(id),
        round INTEGER NOT NULL,
        part INTEGER NOT NULL,
        path TEXT NOT NULL,
        lines INTEGER NOT NULL,
        remote_file TEXT,
        remote_batch TEXT,
        remote_status TEXT,
        collected INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (job_id, round, part)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def default_path() -> Path:
    return Path(platformdirs.user_data_dir("summarizer")) / "store.sqlite3"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_OURS = frozenset({"runs", "summaries", "items", "calls", "input_keys"})  # schema 1


def sqlite_tables(path: Path) -> set[str]:
    """The table names of a SQLite file, read without changing it (sqlite3.Error when it
    is no database): as immutable (a read-only open of a WAL database leaves -wal/-shm
    beside it), else, where that fails (a writer busy on it), through SQLite's locks."""
    for flag in ("immutable=1", "mode=ro"):
        db = sqlite3.connect(f"{path.resolve().as_uri()}?{flag}", uri=True, timeout=30.0)
        try:
            return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.Error:
            if flag == "mode=ro":
                raise
        finally:
            db.close()
    return set()  # (not reached)


def _refuse_foreign(path: Path) -> None:
    """A file that is not a result store (another SQLite database, a datasette export,
    any other file) is refused before it is opened for writing: opening would switch it
    to WAL, add tables and bump its version. An empty or new file becomes a store."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
    except OSError:
        return  # the open below says what is wrong
    try:
        tables = sqlite_tables(path)
    except sqlite3.Error as exc:
        raise ConfigError(
            f"{path} is not a summarizer result store ({exc}): not opened, nothing changed",
            hint="pass --store PATH with a store (or a new file)",
        ) from None
    if tables and not tables >= _OURS:
        listed = ", ".join(sorted(tables)[:6]) + (", …" if len(tables) > 6 else "")
        raise ConfigError(
            f"{path} is not a summarizer result store (it holds the tables {listed}): "
            "not opened, nothing changed",
            hint="pass --store PATH with a store (or a new file)",
        )


def cache_key(**parts: Any) -> str:
    """A stable hash of everything that decides a summary: cleaned text, prompt and schema
    versions, backend, model, passes and options."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


_OPENED: weakref.WeakSet[Store] = weakref.WeakSet()


def opened_stores() -> set[Store]:
    """The stores opened and not yet collected (the CLI closes what a command opened)."""
    return set(_OPENED)


class Store:
    """One SQLite file, safe to share between threads (one connection, one lock) and
    between processes (WAL mode, busy timeout)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        _refuse_foreign(self.path)  # before anything could change the file
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                str(self.path), timeout=30.0, check_same_thread=False, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.row_factory = sqlite3.Row
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the result store {self.path}: {exc}",
                hint="pass --store PATH to use another file",
            ) from None
        self._lock = threading.RLock()
        self._migrate()
        _OPENED.add(self)

    # --- schema -------------------------------------------------------------------

    def _migrate(self) -> None:
        # The version is read inside the write transaction: two processes opening a new
        # store at once must not both create the tables.
        with self._transaction():
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise ConfigError(
                    f"the result store {self.path} has schema version {version}, newer than "
                    f"this summarizer's ({SCHEMA_VERSION})",
                    hint="upgrade summarizer, or pass --store PATH for a new store",
                )
            for number in range(version, SCHEMA_VERSION):
                self._apply(number)

    def _apply(self, number: int) -> None:
        for statement in MIGRATIONS[number].split(";"):
            if statement.strip():
                self._db.execute(statement)
        self._db.execute(f"PRAGMA user_version={number + 1}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock, self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """A database error (disk full, locked past the timeout, a damaged file) is a
        ConfigError naming the store, not a traceback."""
        try:
            yield
        except sqlite3.Error as exc:
            raise ConfigError(
                f"the result store {self.path} failed: {exc}",
                hint="pass --store PATH to use another file",
            ) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()  # again is harmless
        _OPENED.discard(self)

    def __del__(self) -> None:
        # A store nobody holds is closed now: sqlite3's statement cache keeps its
        # connection alive in a reference cycle until the garbage collector runs, and
        # with it the -wal and -shm files beside the store.
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()

    # --- for the modules that keep their own tables here (summarizer.runs.openai_batch) -------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT, rolled back on an error)."""
        with self._transaction():
            yield self._db

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Rows of one read query, as dicts."""
        with self._lock, self._errors():
            return [dict(row) for row in self._db.execute(sql, params).fetchall()]

    # --- runs and items -------------------------------------------------------------

    def start_run(self, command: str, *, backend: str = "", model: str = "",
                  options: dict[str, Any] | None = None) -> int:  # fmt: skip
        with self._transaction():
            cur = self._db.execute(
                "INSERT INTO runs (command, started_at, backend, model, options) "
                "VALUES (?, ?, ?, ?, ?)",
                (command, now(), backend, model, json.dumps(options or {}, sort_keys=True)),
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE runs SET finished_at = ?, status = ? WHERE id = ?",
                (now(), status, run_id),
            )

    def add_item(
        self,
        run_id: int,
        *,
        input: str,
        key: str | None,
        status: str,
        error_type: str | None = None,
        error: str | None = None,
        calls: int = 0,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        cost_usd: float = 0.0,
        seconds: float = 0.0,
        summary_json: str | None = None,
        sha256: str | None = None,
    ) -> None:
        """One finished input; with a summary, the summary is stored under ``key`` too."""
        with self._transaction():
            if summary_json is not None and key is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO summaries (key, sha256, created_at, json) "
                    "VALUES (?, ?, ?, ?)",
                    (key, sha256 or "", now(), summary_json),
                )
            self._db.execute(
                "INSERT INTO items (run_id, input, key, status, error_type, error, calls, "
                "prompt_tokens, completion_tokens, cost_usd, seconds, finished_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, input, key, status, error_type, error, calls, prompt_tokens,
                 completion_tokens, cost_usd, seconds, now()),
            )  # fmt: skip

    def add_call(self, run_id: int | None, item_key: str | None, row: CallEvent) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT INTO calls (run_id, item_key, request_hash, prompt_version, backend, "
                "model, prompt_tokens, completion_tokens, latency_s, attempts, cost_usd, "
                "replayed, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, item_key, row.request_hash, row.prompt_version, row.backend,
                 row.model, row.prompt_tokens, row.completion_tokens, row.latency_s,
                 row.attempts, row.cost_usd, int(row.replayed), now()),
            )  # fmt: skip

    # --- the cache ------------------------------------------------------------------

    def cached(self, key: str) -> str | None:
        """The stored summary JSON for ``key``, if any."""
        with self._lock, self._errors():
            row = self._db.execute("SELECT json FROM summaries WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def key_for_input(self, raw_sha256: str, options: str) -> str | None:
        """The cache key an input (by the hash of its raw bytes) had with these options:
        lets a re-run skip cleaning as well as the model."""
        with self._lock, self._errors():
            row = self._db.execute(
                "SELECT key FROM input_keys WHERE raw_sha256 = ? AND options = ?",
                (raw_sha256, options),
            ).fetchone()
        return None if row is None else str(row[0])

    def remember_input(self, raw_sha256: str, options: str, key: str) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO input_keys (raw_sha256, options, key) VALUES (?, ?, ?)",
                (raw_sha256, options, key),
            )

    # --- reading ----------------------------------------------------------------------

    _RUNS = (
        "SELECT r.id, r.command, r.started_at, r.finished_at, r.status, r.backend, "
        "r.model, COUNT(i.id) AS items, "
        "COALESCE(SUM(i.status = 'ok'), 0) AS ok, "
        "COALESCE(SUM(i.status = 'cached'), 0) AS cached, "
        "COALESCE(SUM(i.status = 'failed'), 0) AS failed, "
        "COALESCE(SUM(i.prompt_tokens), 0) AS prompt_tokens, "
        "COALESCE(SUM(i.completion_tokens), 0) AS completion_tokens, "
        "COALESCE(SUM(i.cost_usd), 0) AS cost_usd, "
        "(SELECT COUNT(*) FROM calls c WHERE c.run_id = r.id AND c.replayed = 1) AS replayed "
        "FROM runs r LEFT JOIN items i ON i.run_id = r.id "
    )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs, newest first, with their item counts, tokens and cost."""
        with self._lock, self._errors():
            cur = self._db.execute(self._RUNS + "GROUP BY r.id ORDER BY r.id DESC LIMIT ?",
                                   (limit,))  # fmt: skip
            return [dict(row) for row in cur.fetchall()]

    def run(self, run_id: int) -> dict[str, Any] | None:
        """One run with its items, in the order they finished."""
        with self._lock, self._errors():
            row = self._db.execute(self._RUNS + "WHERE r.id = ? GROUP BY r.id",
                                   (run_id,)).fetchone()  # fmt: skip
            if row is None:
                return None
            cur = self._db.execute(
                "SELECT input, key, status, error_type, error, calls, prompt_tokens, "
                "completion_tokens, cost_usd, seconds FROM items WHERE run_id = ? ORDER BY id",
                (run_id,),
            )
            run = dict(row)
            run["item_rows"] = [dict(item) for item in cur.fetchall()]
            return run

    def usage(self) -> list[dict[str, Any]]:
        """Tokens and cost of model calls by day and model (replayed calls excluded)."""
        with self._lock, self._errors():
            cur = self._db.execute(
                "SELECT substr(at, 1, 10) AS day, backend, model, COUNT(*) AS calls, "
                "SUM(prompt_tokens) AS prompt_tokens, "
                "SUM(completion_tokens) AS completion_tokens, SUM(cost_usd) AS cost_usd "
                "FROM calls WHERE replayed = 0 "
                "GROUP BY day, backend, model ORDER BY day, backend, model"
            )
            return [dict(row) for row in cur.fetchall()]

    def counts(self) -> dict[str, int]:
        with self._lock, self._errors():
            return {
                table: int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in ("runs", "items", "calls", "summaries")
            }


@dataclass
class RunLog:
    """One run being logged: its calls and items go to ``store`` under ``run_id``."""

    store: Store
    run_id: int

    @classmethod
    def start(cls, store: Store, command: str, *, backend: str = "", model: str = "",
              options: dict[str, Any] | None = None) -> RunLog:  # fmt: skip
        return cls(store, store.start_run(command, backend=backend, model=model,
                                          options=options))  # fmt: skip

    def call(self, item_key: str | None, event: CallEvent) -> None:
        """Log a ``summarizer.llm.ledger.CallEvent``."""
        self.store.add_call(self.run_id, item_key, event)

    def item(self, source: str, summary: Any | None, events: list[Any], *,
             error: Exception | None = None, seconds: float = 0.0) -> None:  # fmt: skip
        """Log one input: a summary (``ArticleSummary``) or the error it ended with."""
        self.store.add_item(
            self.run_id,
            input=source,
            key=None,
            status="ok" if error is None else "failed",
            error_type=type(error).__name__ if error is not None else None,
            error=getattr(error, "message", str(error)) if error is not None else None,
            calls=len(events),  # tokens and cost: the model's, not what a replay read
            prompt_tokens=sum(e.prompt_tokens for e in events if not e.replayed),
            completion_tokens=sum(e.completion_tokens for e in events if not e.replayed),
            cost_usd=sum(e.cost_usd for e in events if not e.replayed),
            seconds=seconds,
        )

    def finish(self, status: str) -> None:
        self.store.finish_run(self.run_id, status)


def open_log(store: str | Path | Store | RunLog | None, command: str, engine: Any) -> RunLog | None:
    """The run log of one front-door call: none without a store, the caller's RunLog as it
    is (a run inside a larger one), else a new run in the store at that path."""
    if store is None or isinstance(store, RunLog):
        return store
    ledger = store if isinstance(store, Store) else Store(store)
    return RunLog.start(ledger, command, backend=engine.name, model=engine.model)
