"""Batch throughput against a loopback OpenAI-compatible endpoint with fixed latency.

    python bench/batch.py [--articles 200] [--concurrency 16] [--latency 0.5]

The endpoint (a separate process, so it does not share our interpreter) answers every
chat completion after LATENCY seconds with valid content for the request's schema. The
articles are the fixture articles, each made distinct in every sentence (a numbered first
line, and the copy number before each full stop), so neither the result cache nor the
sentence-parse cache can help. Run twice on fresh copies: parsing in this process, and
with parse worker processes. Printed, all measured in this run:

- ideal: model calls × latency / concurrency (perfect overlap, zero client cost)
- wall: each run; ratio = wall / ideal (target ≤ 1.15)
- client CPU: this process's, and the parse workers' apart
- the cached re-run: its model calls (target 0) and wall time (target ≤ 2 s)
- peak memory (max RSS) of this process
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def serve(latency: float, ready: multiprocessing.Queue, stop: multiprocessing.Event) -> None:  # type: ignore[type-arg]
    from tests.fault_servers import openai_server

    with openai_server(delay=latency) as srv:
        ready.put(srv.url)
        stop.wait()
        ready.put(len(srv.requests))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.5)
    args = parser.parse_args()

    from summarizer.llm.backends.factory import make_backend
    from summarizer.nlp.parsing import ParsePool, default_parse_workers
    from summarizer.pipeline.options import RunOptions
    from summarizer.runs.batch import summarize_many
    from summarizer.runs.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    sources = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))

    def articles(tag: str) -> list[str]:
        """Distinct articles, every sentence too: the copy number joins each sentence end
        (the sentence cache must not serve a repeated fixture's parses)."""
        out = []
        for i in range(args.articles):
            path = work / f"{tag}-{i:04d}.txt"
            text = sources[i % len(sources)].read_text(encoding="utf-8")
            text = re.sub(r"\.(\s)", rf" ({tag} {i // len(sources)}).\1", text)
            path.write_text(f"Dispatch number {i} of the batch benchmark.\n\n{text}")
            out.append(str(path))
        return out

    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(args.latency, ready, stop), daemon=True)
    server.start()
    url = ready.get(timeout=30)
    store = Store(work / "store.sqlite3")
    backend = make_backend("openai", base_url=url, model="bench", retry_wait=0.05)

    Run = tuple[float, float, int, dict[str, int]]

    def run(inputs: list[str], parsers: int | ParsePool) -> Run:
        started, cpu_started = time.monotonic(), time.process_time()
        calls = 0
        statuses: dict[str, int] = {}
        options = RunOptions(backend=backend)
        for result in summarize_many(inputs, options, concurrency=args.concurrency,
                                     store=store, parse_workers=parsers):  # fmt: skip
            calls += result.calls
            statuses[result.status] = statuses.get(result.status, 0) + 1
        return time.monotonic() - started, time.process_time() - cpu_started, calls, statuses

    workers = max(1, default_parse_workers(args.articles))
    rows = []
    for label, tag in (("parsed here", "here"), (f"{workers} parse worker(s)", "pool")):
        inputs = articles(tag)
        pool = ParsePool(workers) if tag == "pool" else None
        wall, cpu, calls, statuses = run(inputs, pool if pool is not None else 0)
        worker_cpu = pool.worker_seconds() if pool is not None else 0.0
        if pool is not None:
            pool.close()
        rows.append((label, wall, cpu, worker_cpu, calls, statuses))
    cached_wall, _cpu, cached_calls, cached_statuses = run(inputs, 0)
    stop.set()
    served = ready.get(timeout=30)
    server.join(timeout=10)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles          {args.articles}  (concurrency {args.concurrency}, "
          f"latency {args.latency} s; the endpoint served {served} calls)")  # fmt: skip
    n = args.articles
    for label, wall, cpu, worker_cpu, calls, statuses in rows:
        ideal = calls * args.latency / args.concurrency
        print(f"{label}:  {statuses}, {calls} model calls")
        print(f"  wall            {wall:.2f} s; ideal {ideal:.2f} s (calls × latency / "
              f"concurrency); ratio {wall / ideal:.3f}  (target ≤ 1.15)")  # fmt: skip
        print(f"  client CPU      {cpu / n * 1000:.0f} ms an article in this process (cleaning, "
              "parse, schemas, validation, grounding, HTTP, the store); "
              f"{worker_cpu / n * 1000:.0f} ms in parse workers")  # fmt: skip
    print(f"cached re-run     {cached_statuses}, {cached_calls} model calls, "
          f"{cached_wall:.2f} s  (targets: 0 calls, ≤ 2 s)")  # fmt: skip
    print(f"peak memory       {peak_mib:.0f} MiB (max RSS of this process)")


if __name__ == "__main__":
    main()
