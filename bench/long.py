"""Long-article benchmark: time and memory of the windows path, without a model.

    python bench/long.py [ARTICLE] [--copies N] [--context TOKENS]

Reads ARTICLE (default: fixtures/articles/long-joined.txt, 20,526 words), optionally
joined to itself N times, plans its windows for the embedded model's context and runs the
whole pipeline (cleaning, windows, validation, merge, grounding) with a stand-in model
that cites the first sentence naming each of the window's two main actors (positions
the support checks do not attribute are dropped, as a model's would be). Prints one
line per size: words, sentences, windows, calls, seconds, and the peak of Python's
allocations (tracemalloc) and of the process (ru_maxrss): the model aside, memory should
grow with the article's text only, not with the number of windows.
"""

from __future__ import annotations

import argparse
import re
import resource
import time
import tracemalloc
from pathlib import Path
from typing import Any

from summarizer import api
from summarizer.document.article import article_from_text
from summarizer.extraction.windows import plan_windows
from summarizer.testing import CallInfo, FunctionBackend

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^\[(\d+)\] ", re.M)
ACTOR = re.compile(r"^- (.+?): sentences ([\d, ]+)", re.M)


def answer(call: CallInfo) -> dict[str, Any]:
    system = call.messages[0]["content"]
    ids = [int(i) for i in LINE.findall(system)]
    actors = [(n, int(s.split(",")[0])) for n, s in ACTOR.findall(system)][:2]
    if call.task == "Overview":
        name, sid = actors[0]
        return {"headline": f"From {ids[0]}", "summary": "A window.",
                "events": [{"description": f"{name} acted.", "source": name, "target": None,
                            "action": "consult", "when": None, "where": None,
                            "sentence_ids": [sid]}]}  # fmt: skip
    if call.task == "Positions":
        return {"positions": [{"actor": n, "position": f"{n} wants peace.",
                               "sentence_ids": [s]} for n, s in actors]}  # fmt: skip
    return {"peace_proposals": []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "article", nargs="?", default=str(ROOT / "fixtures/articles/long-joined.txt")
    )
    parser.add_argument("--copies", type=int, default=3, help="also run 2..N copies joined")
    parser.add_argument("--context", type=int, default=8192)
    args = parser.parse_args()
    text = Path(args.article).read_text(encoding="utf-8")
    print("words\tsentences\twindows\tcalls\tseconds\tpy_peak_MiB\tmaxrss_MiB")
    for copies in range(1, args.copies + 1):
        tracemalloc.start()
        started = time.monotonic()
        article = article_from_text("\n\n".join([text] * copies), args.article)
        backend = FunctionBackend(answer)
        backend.context_tokens = args.context  # type: ignore[attr-defined]
        summary = api.summarize(article, backend=backend)
        seconds = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        windows = len(plan_windows(article, args.context))
        assert summary.events
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(article.text.split())}\t{len(article.sentences)}\t{windows}\t"
              f"{len(backend.calls)}\t{seconds:.1f}\t{peak / 2**20:.1f}\t{rss:.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
