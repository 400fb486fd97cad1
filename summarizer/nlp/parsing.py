"""Articles read once, in this process or in worker processes.

:func:`parse` keeps the last 8,192 sentence parses (the windows of a long article
overlap, the whole article is read after them, a re-run reads the same text again).
A batch run can hand the reading to worker processes (:class:`ParsePool`): each
article goes to a worker when its item starts, and its reading (parse and clauses) comes
back while the model answers, so it is ready when the answer is checked and the work ran
on another core. Docs and readings are shared: never change one."""

from __future__ import annotations

import json
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import OrderedDict
from concurrent.futures import Future
from typing import IO, TYPE_CHECKING, Any

from summarizer.nlp.lexicon import PARSE_LOCK, pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from summarizer.document.article import Article

__all__ = ["ParsePool", "awaited", "default_parse_workers", "forget_readings",
           "keep_reading", "kept_reading", "parse", "reading_key", "receive", "send"]  # fmt: skip

_PARSED: OrderedDict[str, Doc] = OrderedDict()  # sentence text → its parse
_PENDING: dict[tuple[str, int, int], Future[tuple[bytes, float]]] = {}  # given to a worker
_KEPT = 8192
# the last 32 articles' readings (summarizer.nlp.reading.Reading: this module is below it)
_READINGS: OrderedDict[tuple[str, int, int], object] = OrderedDict()


def parse(texts: list[str]) -> list[Doc]:
    """The parses of ``texts``: kept ones, the rest parsed here."""
    with PARSE_LOCK:
        todo = list(dict.fromkeys(t for t in texts if t not in _PARSED))
        for text, doc in zip(todo, pipeline().pipe(todo, batch_size=64), strict=True):
            _PARSED[text] = doc
        out = []
        for text in texts:
            _PARSED.move_to_end(text)
            out.append(_PARSED[text])
        while len(_PARSED) > _KEPT:
            _PARSED.popitem(last=False)
        return out


def kept_reading(key: tuple[str, int, int]) -> object | None:
    with PARSE_LOCK:
        if key in _READINGS:
            _READINGS.move_to_end(key)
        return _READINGS.get(key)


def keep_reading(key: tuple[str, int, int], reading: object) -> None:
    with PARSE_LOCK:
        _READINGS[key] = reading
        while len(_READINGS) > 32:
            _READINGS.popitem(last=False)


def forget_readings() -> None:
    """Drop the kept readings and sentence parses (rebuilt when asked for)."""
    with PARSE_LOCK:
        _READINGS.clear()
        _PARSED.clear()


def reading_key(article: Article) -> tuple[str, int, int]:
    """What a reading is kept under: the text's hash, its first sentence id and count."""
    first = article.sentences[0].id if article.sentences else 0
    return (article.sha256, first, len(article.sentences))


def awaited(key: tuple[str, int, int]) -> object | None:
    """The reading a worker was given to make, once it is back (None when no worker has
    it, or it failed: the caller reads the article here)."""
    with PARSE_LOCK:
        future = _PENDING.get(key)
    if future is None:
        return kept_reading(key)  # another check of the same article may just have taken it
    try:
        blob, _seconds = future.result(timeout=300)  # a hung worker: read here
        reading: object = pickle.loads(blob)  # our own child's answer, on a private pipe
    except Exception:  # a worker that died or failed
        return None
    else:
        keep_reading(key, reading)  # kept before it stops being pending
    finally:
        with PARSE_LOCK:
            _PENDING.pop(key, None)
    return reading


def default_parse_workers(items: int) -> int:
    """Worker processes for a batch of ``items`` articles: ``SUMMARIZER_PARSE_WORKERS``
    when set (0: parse in this process), else one a core beyond the first (at most 4)
    for 16 articles or more; a smaller batch does not repay a worker's start (it loads
    the pipeline, about 2 s)."""
    given = os.environ.get("SUMMARIZER_PARSE_WORKERS", "").strip()
    if given:
        try:
            return max(0, int(given))
        except ValueError:
            return 0
    return min(4, (os.cpu_count() or 1) - 1) if items >= 16 else 0


class ParsePool:
    """Worker processes (``python -m summarizer.nlp.parse_worker``, one pipeline each)
    that parse articles' sentences ahead of their checks. A plain child process on a
    pipe: nothing of the caller's script is imported again, and a worker whose batch is
    gone sees its input close and quits."""

    def __init__(self, workers: int) -> None:
        self._jobs: queue.Queue[tuple[dict[str, Any], Future[tuple[bytes, float]]] | None] = (
            queue.Queue()
        )
        self._futures: list[Future[tuple[bytes, float]]] = []
        self._procs: list[subprocess.Popen[bytes]] = []
        self._threads: list[threading.Thread] = []
        for _ in range(max(1, workers)):
            proc = subprocess.Popen(
                [sys.executable, "-m", "summarizer.nlp.parse_worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C is the batch's to handle, not the worker's
            )  # fmt: skip
            thread = threading.Thread(target=self._feed, args=(proc,), daemon=True,
                                      name="summarizer-parse")  # fmt: skip
            thread.start()
            self._procs.append(proc)
            self._threads.append(thread)

    def _feed(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        failed: Exception | None = None
        while (work := self._jobs.get()) is not None:
            job, future = work
            if not future.set_running_or_notify_cancel():
                continue
            try:
                if failed is not None:  # a dead worker's jobs fail at once: parsed here
                    raise failed
                send(proc.stdin, json.dumps(job).encode("utf-8"))
                blob = receive(proc.stdout)
                seconds = float(receive(proc.stdout))
            except Exception as exc:  # died (EOFError, a broken pipe) or answered nonsense
                failed = exc
                future.set_exception(exc)
                _forget(future)
                continue
            future.set_result((blob, seconds))

    def prefetch(self, article: Article) -> None:
        """Give the article to a worker to read, unless its reading is kept or a worker
        has it already."""
        key = reading_key(article)
        future: Future[tuple[bytes, float]] = Future()
        with PARSE_LOCK:
            if key in _PENDING or key in _READINGS:
                return
            self._futures.append(future)
            _PENDING[key] = future
        job = {"sentences": [[s.id, s.text] for s in article.sentences], "text": article.text}
        self._jobs.put((job, future))

    @property
    def pids(self) -> list[int]:
        """The worker processes' ids."""
        return [p.pid for p in self._procs]

    def worker_seconds(self) -> float:
        """CPU seconds the workers spent parsing (for benchmarks)."""
        done = [f for f in self._futures if f.done() and not f.cancelled() and not f.exception()]
        return sum(f.result()[1] for f in done)

    def close(self) -> None:
        for future in self._futures:  # what no worker has started is not waited for
            if future.cancel():
                _forget(future)
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=30)
        for proc in self._procs:
            if proc.stdin is not None:
                proc.stdin.close()  # the worker's end of input: it quits
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _forget(future: Future[tuple[bytes, float]]) -> None:
    with PARSE_LOCK:
        for key in [k for k, f in _PENDING.items() if f is future]:
            del _PENDING[key]


def send(stream: IO[bytes], payload: bytes) -> None:
    """One message on a worker's pipe: its length (8 bytes), then its bytes."""
    stream.write(len(payload).to_bytes(8, "big") + payload)
    stream.flush()


def receive(stream: IO[bytes]) -> bytes:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("the parse worker closed its pipe")
    size = int.from_bytes(head, "big")
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError("the parse worker closed its pipe")
    return payload
