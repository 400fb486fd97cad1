"""The sample article end to end on the embedded model, against llama.cpp's floor.

    python bench/seed.py [--article fixtures/articles/putin-beijing.txt] [--lookahead 10]
                         [--passes multi|single] [--no-floor]

In one process, on one loaded model:

1. the floor: llama.cpp alone reads the numbered article once (one system message, as our
   passes send it) and generates up to 300 tokens of free text, no grammar;
2. the pipeline: ``summarizer.summarize`` on the same article (no recordings, no store).

Printed for each: model calls, prompt tokens sent (as counted by the API), prompt tokens
actually evaluated by llama.cpp (what the KV cache did not already hold: passes after the
first should reuse the article prefix), tokens generated, wall time; then the ratio
pipeline / floor (issue 13's target: ≤ 1.5).

``--lookahead N`` turns on llama-cpp-python's prompt-lookup decoding. Measured on 2 cores
(2026-11-29, llama-cpp-python 0.3.36): it needs every logit kept (``logits_all``), which
made the floor 24 s → 92 s and the pipeline 154 s → 278 s, so it stays off by default.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def perf(llama: Any) -> tuple[int, int]:
    """(prompt tokens evaluated, tokens generated) since the context was created."""
    import llama_cpp

    data = llama_cpp.llama_perf_context(llama._ctx.ctx)
    return int(data.n_p_eval), int(data.n_eval)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", default=str(ROOT / "fixtures/articles/putin-beijing.txt"))
    parser.add_argument("--lookahead", type=int, default=None,
                        help="prompt-lookup draft tokens (default: off)")  # fmt: skip
    parser.add_argument("--passes", default="multi", choices=["multi", "single"])
    parser.add_argument("--no-floor", action="store_true", help="skip the floor")
    args = parser.parse_args()

    import summarizer
    from summarizer.extraction.messages import build_messages
    from summarizer.extraction.prompts import load_prompt
    from summarizer.extraction.schemas import article_actors
    from summarizer.llm.backends.local import LocalBackend

    options: dict[str, Any] = {}
    if args.lookahead is not None:
        options["lookahead"] = args.lookahead
    backend = LocalBackend(**options)
    article = summarizer.clean(args.article)
    started = time.perf_counter()
    llama = backend._load()
    print(f"model loaded in {time.perf_counter() - started:.1f} s "
          f"(threads {backend.n_threads}, lookahead {backend.lookahead})")  # fmt: skip

    rows: list[tuple[str, int, int, int, int, float]] = []
    if not args.no_floor:
        system = build_messages(article, "overview", load_prompt("extract"),
                                article_actors(article))[0]  # fmt: skip
        messages = [system, {"role": "user", "content": "Summarise the article in detail."}]
        p0, g0 = perf(llama)
        started = time.perf_counter()
        answer = llama.create_chat_completion(messages=messages, max_tokens=300, temperature=0)
        wall = time.perf_counter() - started
        p1, g1 = perf(llama)
        usage = answer["usage"]
        rows.append(("floor", 1, usage["prompt_tokens"], p1 - p0, g1 - g0, wall))
        llama.reset()  # the pipeline starts from an empty cache, like a fresh process

    calls: list[Any] = []
    p0, g0 = perf(llama)
    started = time.perf_counter()
    summary = summarizer.summarize(
        article, backend=backend, passes=args.passes, progress=lambda m: calls.append(m)
    )
    wall = time.perf_counter() - started
    p1, g1 = perf(llama)
    usage = summary.provenance.usage
    rows.append(("pipeline", usage.calls, usage.prompt_tokens, p1 - p0, g1 - g0, wall))

    print(f"{'run':<10}{'calls':>6}{'prompt sent':>13}{'evaluated':>11}{'generated':>11}"
          f"{'wall s':>9}")  # fmt: skip
    for name, n, sent, evaluated, generated, secs in rows:
        print(f"{name:<10}{n:>6}{sent:>13,}{evaluated:>11,}{generated:>11,}{secs:>9.1f}")
    if len(rows) == 2:
        print(f"ratio pipeline / floor: {rows[1][5] / rows[0][5]:.2f} (target ≤ 1.5)")
    print(
        f"items: {len(summary.events)} events, {len(summary.positions)} positions, "
        f"{len(summary.peace_proposals)} proposals, {len(summary.warnings)} warnings"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
