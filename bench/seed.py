"""The sample article end to end on the embedded model, against llama.cpp's floor.

    python bench/seed.py [--article fixtures/articles/putin-beijing.txt] [--draft-tokens 8]
                         [--passes multi|single] [--no-floor]

In one process, on one loaded model, each run from an empty KV cache:

1. the floor: llama.cpp alone reads the numbered article once (one system message, as our
   passes send it) and generates up to 300 tokens of free text, no grammar;
2. the pipeline (``summarizer.summarize``, no recordings, no store) decoded by
   llama-cpp-python's own loop (``create_chat_completion``, its grammar sampler);
3. the same pipeline on our guided loop, one token a step (the default);
4. with ``--draft-tokens N``: the guided loop verifying drafts of up to N tokens a step
   (forced by the grammar, or copied from the article).

Printed for each: model calls, prompt tokens sent (as counted by the API), prompt tokens
actually evaluated by llama.cpp (what the KV cache did not already hold: passes after the
first should reuse the article prefix), tokens generated, wall time, the ratio to the floor
(issue 28's target: ≤ 1.5), and for the guided runs how many answers are identical to
llama-cpp-python's and the draft tokens forced / sent / kept.
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


class Capture:
    """The backend, keeping each answer's text and the guided loop's decode stats."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.name, self.model = backend.name, backend.model
        self.schema_style, self.context_tokens = backend.schema_style, backend.context_tokens
        self.contents: dict[str, str] = {}  # request key → the answer's text
        self.stats: list[Any] = []

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        from summarizer.llm.recording import request_key

        self.backend.last_stats = None
        answer: dict[str, Any] = self.backend.complete(request)
        self.contents[request_key(request)] = answer["choices"][0]["message"]["content"]
        if self.backend.last_stats is not None:
            self.stats.append(self.backend.last_stats)
        return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", default=str(ROOT / "fixtures/articles/putin-beijing.txt"))
    parser.add_argument("--draft-tokens", type=int, default=0,
                        help="also run the guided loop with drafts of up to N tokens")  # fmt: skip
    parser.add_argument("--passes", default="multi", choices=["multi", "single"])
    parser.add_argument("--no-floor", action="store_true", help="skip the floor")
    args = parser.parse_args()

    import summarizer
    from summarizer.extraction.messages import build_messages
    from summarizer.extraction.prompts import load_prompt
    from summarizer.extraction.schemas import article_actors
    from summarizer.llm.backends.local import LocalBackend

    backend = LocalBackend()
    article = summarizer.clean(args.article)
    started = time.perf_counter()
    llama = backend._load()
    print(f"model loaded in {time.perf_counter() - started:.1f} s (threads {backend.n_threads})")

    rows: list[tuple[str, int, int, int, int, float]] = []
    notes: list[str] = []
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

    runs = [("llama.cpp loop", "llama", 0), ("guided", "guided", 0)]
    if args.draft_tokens:
        runs.append((f"drafts {args.draft_tokens}", "guided", args.draft_tokens))
    plain: dict[str, str] = {}
    for name, decoder, drafts in runs:
        backend.decoder, backend.draft_tokens = decoder, drafts
        capture = Capture(backend)
        llama.reset()
        p0, g0 = perf(llama)
        started = time.perf_counter()
        summary = summarizer.summarize(article, backend=capture, passes=args.passes)
        wall = time.perf_counter() - started
        p1, g1 = perf(llama)
        usage = summary.provenance.usage
        rows.append((name, usage.calls, usage.prompt_tokens, p1 - p0, g1 - g0, wall))
        if decoder == "llama":
            plain = capture.contents
        else:
            asked = [k for k in capture.contents if k in plain]  # the same request both ways
            same = sum(plain[k] == capture.contents[k] for k in asked)
            forced = sum(s.forced for s in capture.stats)
            drafted = sum(s.drafted for s in capture.stats)
            kept = sum(s.accepted for s in capture.stats)
            notes.append(
                f"{name}: {same} of {len(asked)} requests sent both ways answered identically "
                f"({len(capture.contents)} requests here, {len(plain)} on the llama.cpp loop); "
                f"draft tokens {forced} forced + {drafted - forced} copied sent, {kept} kept"
            )
        print(
            f"{name}: {len(summary.events)} events, {len(summary.positions)} positions, "
            f"{len(summary.peace_proposals)} proposals, {len(summary.warnings)} warnings"
        )

    floor = rows[0][5] if not args.no_floor else None
    print(f"{'run':<16}{'calls':>6}{'prompt sent':>13}{'evaluated':>11}{'generated':>11}"
          f"{'wall s':>9}{'/ floor':>9}")  # fmt: skip
    for name, n, sent, evaluated, generated, secs in rows:
        ratio = f"{secs / floor:>9.2f}" if floor else ""
        print(f"{name:<16}{n:>6}{sent:>13,}{evaluated:>11,}{generated:>11,}{secs:>9.1f}{ratio}")
    for note in notes:
        print(note)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
