"""Cleaning benchmark: our cleaner vs plain trafilatura against gold main text.

    python bench/cleaning.py [NEWS_HTML_DIR]     (default: ../shared/data/news-html)

For every page: token-level precision, recall and F1 of the cleaned text against the gold
text (bag-of-tokens overlap), for our cleaner and for plain ``trafilatura.extract`` in the
same run, and throughput in MB/s of HTML for both. Then the seed check: the six boilerplate
and teaser lines removed, every body paragraph kept.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

from summarizer.document.article import article_from_text
from summarizer.document.cleaning import clean_text, decode_bytes

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r"\w+", re.UNICODE)
SEED_REMOVED = [
    "Jannah Theme License is not validated",
    "Taking stock of the latest developments",
    "Ukraine’s Zelensky warns of risks to US",
    "Japan’s increased military presence",
    "How the US Navy is preparing",
    "Back to top button",
]


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    p, g = Counter(TOKEN.findall(predicted.lower())), Counter(TOKEN.findall(gold.lower()))
    overlap = sum((p & g).values())
    precision = overlap / max(1, sum(p.values()))
    recall = overlap / max(1, sum(g.values()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return precision, recall, f1


def ours(html: str) -> str:
    return clean_text(html, "bench").text


def plain(html: str) -> str:
    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""


def timed(fn, pages: list[str], repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for html in pages:
            fn(html)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/news-html"
    dirs = sorted(d for d in data.iterdir() if (d / "raw.html.gz").is_file())
    pages = [decode_bytes((d / "raw.html.gz").read_bytes(), d.name) for d in dirs]
    golds = [(d / "gold.txt").read_text(encoding="utf-8") for d in dirs]
    print(f"{'page':34} {'ours P':>7} {'R':>6} {'F1':>6} | {'traf P':>7} {'R':>6} {'F1':>6}")
    rows = []
    for d, html, gold in zip(dirs, pages, golds, strict=True):
        a, b = prf(ours(html), gold), prf(plain(html), gold)
        rows.append((a, b))
        print(f"{d.name[:34]:34} {a[0]:7.3f} {a[1]:6.3f} {a[2]:6.3f} | "
              f"{b[0]:7.3f} {b[1]:6.3f} {b[2]:6.3f}")  # fmt: skip
    n = len(rows)
    mean = [sum(r[k][i] for r in rows) / n for k in (0, 1) for i in range(3)]
    print(f"{'MEAN':34} {mean[0]:7.3f} {mean[1]:6.3f} {mean[2]:6.3f} | "
          f"{mean[3]:7.3f} {mean[4]:6.3f} {mean[5]:6.3f}")  # fmt: skip
    megabytes = sum(len(h.encode()) for h in pages) / 1e6
    t_ours, t_plain = timed(ours, pages), timed(plain, pages)
    print(f"throughput: ours {megabytes / t_ours:.2f} MB/s, trafilatura "
          f"{megabytes / t_plain:.2f} MB/s, ratio {t_plain / t_ours:.2f}x")  # fmt: skip

    seed_path = ROOT / "fixtures/articles/putin-beijing.txt"
    seed_raw = seed_path.read_text(encoding="utf-8")
    article = article_from_text(seed_raw, "seed")
    removed = [r.text for r in article.removed]
    all_removed = all(any(r.startswith(s) for r in removed) for s in SEED_REMOVED)
    body = [
        line.strip() for line in seed_raw.splitlines()
        if line.strip() and not any(line.strip().startswith(s) for s in SEED_REMOVED)
    ]  # fmt: skip
    lost = [line for line in body if line not in article.text]
    print(f"seed: {len(removed)} lines removed, all six boilerplate/teaser lines removed: "
          f"{all_removed}; body paragraphs lost: {len(lost)}")  # fmt: skip
    ok = mean[0] >= 0.98 and mean[2] > mean[5] and t_plain / t_ours >= 0.9
    print("targets (mean P >= 0.98, F1 above trafilatura, throughput >= 0.9x):",
          "met" if ok and all_removed and not lost else "NOT met")  # fmt: skip
    short_lines()
    return 0


def short_lines(count: int = 100_000) -> None:
    """Bounded work: COUNT short lines (3.5 MB), each its own paragraph, split into
    sentences; baseline in the same run: pysbd called on every line, as before."""
    import pysbd

    text = "\n".join(f"Line {i} says Russia and Ukraine talk again" for i in range(count))
    started = time.perf_counter()
    sentences = len(article_from_text(text, "lines").sentences)
    ours = time.perf_counter() - started
    sample = text.splitlines()[: count // 10]
    segmenter = pysbd.Segmenter(language="en", clean=False)
    started = time.perf_counter()
    for line in sample:
        segmenter.segment(line)
    baseline = (time.perf_counter() - started) * 10  # a tenth of the lines, scaled
    print(
        f"{count:,} short lines: {sentences:,} sentences in {ours:.1f} s; pysbd on every "
        f"line ~{baseline:.1f} s (a tenth measured, scaled); ratio {baseline / ours:.1f}x"
    )


if __name__ == "__main__":
    raise SystemExit(main())
