"""Batch jobs in the result store: the cleaned articles, every request by its custom_id
(sent, answered, or failed with a reason), and the request files of each round with,
for the OpenAI Batch API, the uploaded file and batch ids. A stopped client resumes from
here; answers are never imported twice."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.document.article import Article, Sentence
from summarizer.document.cleaning.boilerplate import Removed
from summarizer.errors import ConfigError
from summarizer.runs.openai_batch.answers import Engine
from summarizer.runs.store import Store, now

# A request state: queued (not in a file yet), sent, answered, error (the line said so).
QUEUED, SENT, ANSWERED, ERROR = "queued", "sent", "answered", "error"


@dataclass(frozen=True)
class Job:
    id: int
    run_id: int
    via: str
    options: dict[str, Any]  # cache_options(): what decides a summary (and the cache key)
    engine: Engine
    output: Path
    requests_dir: Path
    endpoint: str | None
    rounds: int
    status: str

    @property
    def batch_options(self) -> dict[str, Any]:
        """passes, strict, max_retries, check_language, chunk: the pipeline's options."""
        o = self.options
        return {
            "passes": o["passes"],
            "strict": o["strict"],
            "max_retries": o["max_retries"],
            "check_language": o["check_language"],
            "chunk": o.get("chunk", True),  # named in the options only when off
        }


def article_json(article: Article) -> str:
    return json.dumps(dataclasses.asdict(article), ensure_ascii=False)


def article_from_json(text: str) -> Article:
    data = json.loads(text)
    data["sentences"] = [Sentence(**s) for s in data["sentences"]]
    data["removed"] = [Removed(**r) for r in data.get("removed", [])]
    return Article(**data)


class Jobs:
    """The batch tables of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- jobs -----------------------------------------------------------------------

    def create(
        self,
        *,
        via: str,
        options: dict[str, Any],
        engine: Engine,
        output: Path,
        requests_dir: Path,
        endpoint: str | None,
        inputs: int,
    ) -> Job:
        run_id = self.store.start_run(
            f"batch --via {via}",
            backend="openai",
            model=engine.model,
            options={"inputs": inputs, "passes": options["passes"], "via": via},
        )
        stored = {"run": options, "engine": dataclasses.asdict(engine)}
        with self.store.transaction() as db:
            cur = db.execute(
                "INSERT INTO batch_jobs (run_id, via, created_at, options, output, "
                "requests_dir, endpoint) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    via,
                    now(),
                    json.dumps(stored, sort_keys=True),
                    str(output),
                    str(requests_dir),
                    endpoint,
                ),
            )
            job_id = int(cur.lastrowid or 0)
        return self.get(job_id)

    def get(self, job_id: int) -> Job:
        rows = self.store.query("SELECT * FROM batch_jobs WHERE id = ?", (job_id,))
        if not rows:
            raise ConfigError(
                f"no batch job {job_id} in the store {self.store.path}",
                hint="`summarizer batch status` lists the jobs",
            )
        return _job(rows[0])

    def latest(self, via: str | None = None) -> Job:
        where = "WHERE via = ? " if via else ""
        rows = self.store.query(
            f"SELECT * FROM batch_jobs {where}ORDER BY (status = 'open') DESC, id DESC LIMIT 1",
            (via,) if via else (),
        )
        if not rows:
            what = f"--via {via}" if via else "--via jsonl or --via openai-batch"
            raise ConfigError(
                f"no batch job in the store {self.store.path}",
                hint=f"start one with summarizer batch … {what}",
            )
        return _job(rows[0])

    def open_for(self, output: Path) -> Job | None:
        """The open job writing to ``output``, if any."""
        rows = self.store.query(
            "SELECT * FROM batch_jobs WHERE output = ? AND status = 'open' ORDER BY id DESC",
            (str(output),),
        )
        return _job(rows[0]) if rows else None

    def all(self) -> list[Job]:
        return [_job(r) for r in self.store.query("SELECT * FROM batch_jobs ORDER BY id")]

    def finish(self, job: Job, status: str = "done") -> None:
        """``done``, or ``stopped`` for an export that stopped before its first file."""
        with self.store.transaction() as db:
            db.execute("UPDATE batch_jobs SET status = ? WHERE id = ?", (status, job.id))
        self.store.finish_run(job.run_id, status)

    # --- articles ---------------------------------------------------------------------

    def add_article(self, job: Job, source: str, key: str, article: Article) -> None:
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO batch_articles (job_id, input, key, article) "
                "VALUES (?, ?, ?, ?)",
                (job.id, source, key, article_json(article)),
            )

    def waiting(self, job: Job, key: str) -> list[tuple[str, Article]]:
        rows = self.store.query(
            "SELECT input, article FROM batch_articles WHERE job_id = ? AND key = ? "
            "AND status = 'waiting' ORDER BY rowid",
            (job.id, key),
        )
        return [(str(r["input"]), article_from_json(r["article"])) for r in rows]

    def set_status(self, job: Job, source: str, status: str) -> None:
        with self.store.transaction() as db:
            db.execute(
                "UPDATE batch_articles SET status = ? WHERE job_id = ? AND input = ?",
                (status, job.id, source),
            )

    def article_counts(self, job: Job) -> dict[str, int]:
        rows = self.store.query(
            "SELECT status, COUNT(*) AS n FROM batch_articles WHERE job_id = ? GROUP BY status",
            (job.id,),
        )
        return {str(r["status"]): int(r["n"]) for r in rows}

    # --- requests ---------------------------------------------------------------------

    def by_custom_id(self, custom_id: str) -> list[dict[str, Any]]:
        """Every job's request of that custom_id (the same article may be in two jobs)."""
        return self.store.query(
            "SELECT r.*, j.options FROM batch_requests r JOIN batch_jobs j ON j.id = r.job_id "
            "WHERE r.custom_id = ? ORDER BY r.job_id DESC",
            (custom_id,),
        )

    def by_hash(self, job: Job, request_hash: str) -> dict[str, Any] | None:
        rows = self.store.query(
            "SELECT * FROM batch_requests WHERE job_id = ? AND request_hash = ?",
            (job.id, request_hash),
        )
        return rows[0] if rows else None

    def custom_ids(self, job: Job, key: str) -> set[str]:
        rows = self.store.query(
            "SELECT custom_id FROM batch_requests WHERE job_id = ? AND key = ?", (job.id, key)
        )
        return {str(r["custom_id"]) for r in rows}

    def add_request(self, job: Job, custom_id: str, key: str, request_hash: str) -> None:
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO batch_requests (job_id, custom_id, key, request_hash, round, state) "
                "VALUES (?, ?, ?, ?, 0, ?)",
                (job.id, custom_id, key, request_hash, QUEUED),
            )

    def requeue(self, job: Job, custom_id: str) -> None:
        with self.store.transaction() as db:
            db.execute(
                "UPDATE batch_requests SET state = ? WHERE job_id = ? AND custom_id = ?",
                (QUEUED, job.id, custom_id),
            )

    def answers(self, job: Job, key: str) -> dict[str, dict[str, Any]]:
        rows = self.store.query(
            "SELECT request_hash, answer FROM batch_requests WHERE job_id = ? AND key = ? "
            "AND state = ?",
            (job.id, key, ANSWERED),
        )
        return {str(r["request_hash"]): json.loads(r["answer"]) for r in rows}

    def answered(self, job_id: int, custom_id: str, answer: dict[str, Any]) -> bool:
        """Store an answer; False when the request had one already (nothing changes)."""
        with self.store.transaction() as db:
            cur = db.execute(
                "UPDATE batch_requests SET state = ?, answer = ?, error = NULL "
                "WHERE job_id = ? AND custom_id = ? AND state != ?",
                (ANSWERED, json.dumps(answer, ensure_ascii=False), job_id, custom_id, ANSWERED),
            )
            return cur.rowcount > 0

    def stored_answer(self, job_id: int, custom_id: str) -> dict[str, Any] | None:
        rows = self.store.query(
            "SELECT answer FROM batch_requests WHERE job_id = ? AND custom_id = ?",
            (job_id, custom_id),
        )
        answer = rows[0]["answer"] if rows else None
        return json.loads(answer) if answer else None

    def failed_line(self, job_id: int, custom_id: str, reason: str) -> bool:
        """A line without an answer, counted once for each time the request was sent."""
        with self.store.transaction() as db:
            cur = db.execute(
                "UPDATE batch_requests SET state = ?, error = ?, tries = tries + 1 "
                "WHERE job_id = ? AND custom_id = ? AND state = ?",
                (ERROR, reason[:500], job_id, custom_id, SENT),
            )
            return cur.rowcount > 0

    def queued_keys(self, job: Job) -> set[str]:
        rows = self.store.query(
            "SELECT DISTINCT key FROM batch_requests WHERE job_id = ? AND state = ?",
            (job.id, QUEUED),
        )
        return {str(r["key"]) for r in rows}

    def settled_keys(self, job: Job) -> set[str]:
        """Articles still waiting that no sent request waits for: every answer they asked
        for is stored (an import stopped after storing answers left them so)."""
        rows = self.store.query(
            "SELECT DISTINCT a.key FROM batch_articles a WHERE a.job_id = ? AND "
            "a.status = 'waiting' AND NOT EXISTS (SELECT 1 FROM batch_requests r WHERE "
            "r.job_id = a.job_id AND r.key = a.key AND r.state = ?)",
            (job.id, SENT),
        )
        return {str(r["key"]) for r in rows}

    def request_counts(self, job: Job) -> dict[str, int]:
        rows = self.store.query(
            "SELECT state, COUNT(*) AS n FROM batch_requests WHERE job_id = ? GROUP BY state",
            (job.id,),
        )
        return {str(r["state"]): int(r["n"]) for r in rows}

    def usage(self, job: Job, key: str | None = None) -> dict[str, float]:
        """Calls, tokens and cost (at batch prices) the ledger holds for the job."""
        sql = (
            "SELECT COUNT(*) AS calls, COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens, "
            "COALESCE(SUM(completion_tokens), 0) AS completion_tokens, "
            "COALESCE(SUM(cost_usd), 0) AS cost_usd FROM calls WHERE run_id = ?"
        )
        params: tuple[Any, ...] = (job.run_id,)
        if key is not None:
            sql += " AND item_key = ?"
            params += (key,)
        return dict(self.store.query(sql, params)[0])

    # --- files --------------------------------------------------------------------------

    def sent(
        self, job: Job, round_no: int, files: list[tuple[int, Path, int]], custom_ids: list[str]
    ) -> None:
        """The round's files are written: their requests are sent, the round recorded."""
        with self.store.transaction() as db:
            for part, path, lines in files:
                db.execute(
                    "INSERT OR REPLACE INTO batch_files (job_id, round, part, path, lines) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (job.id, round_no, part, str(path), lines),
                )
            db.executemany(
                "UPDATE batch_requests SET state = ?, round = ? WHERE job_id = ? AND custom_id = ?",
                [(SENT, round_no, job.id, cid) for cid in custom_ids],
            )
            db.execute(
                "UPDATE batch_jobs SET rounds = MAX(rounds, ?) WHERE id = ?", (round_no, job.id)
            )

    def files(self, job: Job, round_no: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM batch_files WHERE job_id = ?"
        params: tuple[Any, ...] = (job.id,)
        if round_no is not None:
            sql += " AND round = ?"
            params += (round_no,)
        return self.store.query(sql + " ORDER BY round, part", params)

    def set_remote(self, job: Job, round_no: int, part: int, **fields: Any) -> None:
        allowed = {"remote_file", "remote_batch", "remote_status", "collected"}
        assert set(fields) <= allowed
        sets = ", ".join(f"{name} = ?" for name in fields)
        with self.store.transaction() as db:
            db.execute(
                f"UPDATE batch_files SET {sets} WHERE job_id = ? AND round = ? AND part = ?",
                (*fields.values(), job.id, round_no, part),
            )


def _job(row: dict[str, Any]) -> Job:
    stored = json.loads(row["options"])
    return Job(
        id=int(row["id"]),
        run_id=int(row["run_id"]),
        via=str(row["via"]),
        options=stored["run"],
        engine=Engine(**stored["engine"]),
        output=Path(row["output"]),
        requests_dir=Path(row["requests_dir"]),
        endpoint=row["endpoint"],
        rounds=int(row["rounds"]),
        status=str(row["status"]),
    )
