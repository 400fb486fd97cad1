"""PLOVER contexts an event's sentences name ("military", "diplomatic", "legal"…): the
words of ``summarizer/nlp/data/plover_contexts.toml``, matched as whole words (plurals too)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """The [except] phrases, and each context's words (a word list, not grammar)."""
    path = resources.files("summarizer.nlp") / "data" / "plover_contexts.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8"))

    def pattern(words: list[str], plural: bool) -> re.Pattern[str]:
        alts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
        ending = r"(?:s|es)?" if plural else ""
        return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")" + ending + r"(?!\w)", re.I)

    blocked = pattern(table.pop("except", {}).get("words", []) or ["(?!)"], False)
    return blocked, tuple((name, pattern(entry["words"], True)) for name, entry in table.items())


def contexts(text: str) -> list[str]:
    """PLOVER contexts the words of a text name, in the order of plover_contexts.toml."""
    blocked, patterns = _patterns()
    plain = blocked.sub(" ", text)
    return [name for name, found in patterns if found.search(plain)]
