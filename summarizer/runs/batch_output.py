"""The batch output OUT.jsonl: one line per input, appended as results finish, resumed
after any stop, written by one run at a time."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.document.summaries import MAX_SUMMARY_BYTES
from summarizer.errors import ConfigError
from summarizer.fileio import load_json, read_capped

if TYPE_CHECKING:
    from summarizer.runs.batch import BatchResult


def jsonl_lines(data: bytes) -> list[str]:
    """Complete lines of a JSONL file, split on newline bytes only: JSON written with
    ensure_ascii=False may hold U+2028 and the like, which str.splitlines() would split."""
    complete = data[: data.rfind(b"\n") + 1] if b"\n" in data else b""
    return [line.decode("utf-8", errors="replace") for line in complete.split(b"\n") if line]


class JsonlOutput:
    """OUT.jsonl: one line per input, appended and flushed as each finishes. On open, a
    torn last line (a run killed mid-write) is cut off and ``done`` tells what is
    finished. With ``retry_failed`` the failed lines are dropped (atomically) so they run
    again. A file that is not batch output, or was made with other options, is refused:
    it is never emptied or mixed."""

    def __init__(
        self,
        path: Path,
        *,
        options: str,
        retry_failed: bool = False,
        described: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.options = options
        self.described = described or {}  # this run's options, for the messages
        self.done: dict[str, str] = {}  # input → status
        self.failed_codes: dict[str, int] = {}  # input → exit code, for failed lines
        self._lock = threading.Lock()
        self._owner = _lock_output(path)  # one run at a time writes an output
        try:
            self._open(retry_failed)
        except BaseException:
            _unlock_output(path, self._owner)
            raise

    def _open(self, retry_failed: bool) -> None:
        path, options = self.path, self.options
        keep: list[str] = []
        if path.exists():
            data = read_capped(path, MAX_SUMMARY_BYTES, "batch output")
            lines = jsonl_lines(data)
            torn = data[data.rfind(b"\n") + 1 :]
            if torn.strip() and not lines and not _our_torn_line(torn):
                raise ConfigError(  # one line without its newline: someone else's file
                    f"{path} is not the output of summarizer batch",
                    hint="choose a new file for -o; batch appends to its own output only",
                )
            for number, raw in enumerate(lines, start=1):
                record = _batch_record(raw)
                if record is None:
                    raise ConfigError(
                        f"{path} is not the output of summarizer batch (line {number})",
                        hint="choose a new file for -o; batch appends to its own output only",
                    )
                if record.get("options", options) != options:
                    raise ConfigError(
                        f"{path} was made with other options (another model, backend, "
                        f"endpoint, passes or prompt version){_compared(record, self.described)}",
                        hint="write to a new file, or run with the same options to resume",
                    )
                status, source = str(record["status"]), str(record["input"])
                if retry_failed and status == "failed":
                    continue
                self.done[source] = status
                if status == "failed":
                    error = record.get("error") or {}
                    self.failed_codes[source] = int(error.get("exit_code") or 1)
                keep.append(raw)
            rewritten = "".join(line + "\n" for line in keep).encode("utf-8")
            if rewritten != data:
                from summarizer.fileio import write_atomic

                write_atomic(path, rewritten)
        self._fh = path.open("ab")

    def write(self, result: BatchResult) -> None:
        line = json.dumps(result.line(self.options), ensure_ascii=False) + "\n"
        with self._lock:
            self._fh.write(line.encode("utf-8"))  # one write a line: a kill cuts one at most
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self.done[result.input] = result.status
            if result.status == "failed":
                self.failed_codes[result.input] = result.exit_code or 1

    def close(self) -> None:
        self._fh.close()
        _unlock_output(self.path, self._owner)


def _lock_path(path: Path) -> Path:
    """The lock beside the file itself: a symlink or another spelling of the path locks
    the same file."""
    real = path.resolve()
    return real.with_name(real.name + ".lock")


def _lock_output(path: Path) -> Any:
    """An exclusive lock on OUT.jsonl (a ``.lock`` file beside it, held while the run
    writes): a second run on the same output is refused at once instead of doing every
    input again. Where the platform has no ``fcntl`` the output is not locked."""
    try:
        links = path.stat().st_nlink
    except OSError:
        links = 1  # not there yet (or not readable: opening it says why)
    if links > 1:  # another name for the same file would take another lock
        raise ConfigError(
            f"{path} has {links} hard links: another run through another of its names would "
            "not see this run's lock, and the rewrite that drops a torn line would split them",
            hint="give -o a file with one name (copy it: cp FILE NEW; then -o NEW)",
        )
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    for _attempt in range(3):
        try:
            lock = _lock_path(path).open("a")
        except OSError as exc:
            raise ConfigError(
                f"cannot write beside {path} ({exc.strerror or exc})",
                hint="choose an -o in a folder you can write to",
            ) from None
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise ConfigError(
                f"another summarizer run is writing {path}",
                hint="wait for it to finish (or stop it), then run again to resume",
            ) from None
        try:  # the file locked is still the one at the path (its last holder unlinks it)
            if os.fstat(lock.fileno()).st_ino == os.stat(_lock_path(path)).st_ino:
                return lock
        except FileNotFoundError:
            pass
        lock.close()
    raise ConfigError(f"cannot lock {path}: its lock file keeps changing")


def _unlock_output(path: Path, lock: Any) -> None:
    if lock is None:
        return
    try:
        _lock_path(path).unlink(missing_ok=True)
    finally:
        lock.close()  # closing the file releases the lock


def _compared(record: dict[str, Any], described: dict[str, Any]) -> str:
    """': its line 1 by backend openai, model m; this run: backend …, endpoint …'."""
    provenance = ((record.get("summary") or {}).get("provenance")) or {}
    then = ", ".join(f"{k} {provenance[k]}" for k in ("backend", "model", "prompt_version")
                     if provenance.get(k))  # fmt: skip
    now = ", ".join(f"{k} {described[k]}" for k in ("backend", "model", "endpoint", "passes",
                                                    "prompt") if described.get(k))  # fmt: skip
    parts = ([f"its lines by {then}"] if then else []) + ([f"this run: {now}"] if now else [])
    return f": {'; '.join(parts)}" if parts else ""


_STATUSES = frozenset({"ok", "cached", "failed"})


def _batch_record(raw: str) -> dict[str, Any] | None:
    """A line as batch writes it (its input a string, its status one of ours, its error
    an object with an integer exit code), else None: the file is someone else's."""
    try:
        record = load_json(raw)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("input"), str):
        return None
    if record.get("status") not in _STATUSES:
        return None
    error = record.get("error")
    if error is not None and not (
        isinstance(error, dict) and isinstance(error.get("exit_code"), (int, type(None)))
    ):
        return None
    return record


def _our_torn_line(torn: bytes) -> bool:
    """Whether a lone line without its newline is the start of one of ours (a run killed
    while writing its first line), which is cut off, rather than someone's file."""
    return torn.lstrip().startswith(b'{"options": ')
