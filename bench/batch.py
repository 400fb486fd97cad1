"""Batch throughput against a loopback OpenAI-compatible endpoint with fixed latency.

    python bench/batch.py [--articles 200] [--concurrency 16] [--latency 0.5]

The endpoint (a separate process, so it does not share our interpreter) answers every
chat completion after LATENCY seconds with valid content for the request's schema. The
articles are the fixture articles, each made distinct by a numbered first line, so the
result cache cannot help the first run. Past the 21st article the fixture texts repeat, and
their sentences' parses come from the reading layer's sentence cache: ``--articles 21``
measures all-new text. Printed, all measured in this run:

- ideal: model calls × latency / concurrency (perfect overlap, zero client cost)
- wall: the first run; ratio = wall / ideal (target ≤ 1.15)
- the cached re-run: its model calls (target 0) and wall time (target ≤ 2 s)
- peak memory (max RSS) of this process
"""

from __future__ import annotations

import argparse
import multiprocessing
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
    from summarizer.pipeline.options import RunOptions
    from summarizer.runs.batch import summarize_many
    from summarizer.runs.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    sources = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
    inputs = []
    for i in range(args.articles):
        path = work / f"article-{i:04d}.txt"
        path.write_text(f"Dispatch number {i} of the batch benchmark.\n\n"
                        + sources[i % len(sources)].read_text(encoding="utf-8"))  # fmt: skip
        inputs.append(str(path))

    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(args.latency, ready, stop), daemon=True)
    server.start()
    url = ready.get(timeout=30)
    store = Store(work / "store.sqlite3")
    backend = make_backend("openai", base_url=url, model="bench", retry_wait=0.05)

    def run() -> tuple[float, int, dict[str, int]]:
        nonlocal cpu
        started, cpu_started = time.monotonic(), time.process_time()
        calls = 0
        statuses: dict[str, int] = {}
        options = RunOptions(backend=backend)
        for result in summarize_many(inputs, options, concurrency=args.concurrency,
                                     store=store):  # fmt: skip
            calls += result.calls
            statuses[result.status] = statuses.get(result.status, 0) + 1
        cpu = time.process_time() - cpu_started
        return time.monotonic() - started, calls, statuses

    cpu = 0.0
    wall, calls, statuses = run()
    first_cpu = cpu
    ideal = calls * args.latency / args.concurrency
    cached_wall, cached_calls, cached_statuses = run()
    stop.set()
    served = ready.get(timeout=30)
    server.join(timeout=10)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles          {args.articles}  (concurrency {args.concurrency}, "
          f"latency {args.latency} s)")  # fmt: skip
    print(f"first run         {statuses}")
    print(f"model calls       {calls}  (the endpoint served {served})")
    print(f"ideal             {ideal:.2f} s  (calls × latency / concurrency)")
    print(f"wall              {wall:.2f} s")
    print(f"ratio             {wall / ideal:.3f}  (target ≤ 1.15)")
    print(
        f"client CPU        {first_cpu:.2f} s  ({first_cpu / args.articles * 1000:.0f} ms an "
        "article: cleaning, schemas, validation, grounding, HTTP, the store)"
    )
    print(f"cached re-run     {cached_statuses}, {cached_calls} model calls, "
          f"{cached_wall:.2f} s  (targets: 0 calls, ≤ 2 s)")  # fmt: skip
    print(f"peak memory       {peak_mib:.0f} MiB (max RSS of this process)")


if __name__ == "__main__":
    main()
