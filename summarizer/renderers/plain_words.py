"""The pipeline's warnings in plain words, for readers of a briefing or an evidence view
(the original wording stays available beside them)."""

from __future__ import annotations

import re
from collections.abc import Callable

_PASSES = {"overview": "events", "positions": "positions", "proposals": "peace proposals"}
_TIMES = {1: "once", 2: "twice"}


def _times(n: str) -> str:
    return _TIMES.get(int(n), f"{n} times")


def _pass(name: str) -> str:
    return _PASSES.get(name, name)


def _item(label: str) -> str:
    """'position of China' → 'A position for China'."""
    for prefix, plain in (
        ("position of ", "A position for "),
        ("stance of ", "A stance taken by "),
        ("peace proposal by ", "A peace proposal by "),
    ):
        if label.startswith(prefix):
            return plain + label[len(prefix) :]
    if label.startswith("event "):
        return f"An event (“{label[6:].strip(chr(39))}”)"
    return f"An item ({label})"


_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(
            r"^pass (\w+): the model's answer was re-asked (\d+) time\(s\)"
            r"(; unsupported items were dropped)?$"
        ),
        lambda m: (
            f"The model's first answer for {_pass(m[1])} had to be corrected {_times(m[2])}."
            + (" Items it could not back with a sentence were left out." if m[3] else "")
        ),
    ),
    (
        re.compile(r"^dropped (.+?): sentences? ([\d, ]+) does not mention (.+)$"),
        lambda m: (
            f"{_item(m[1])} was left out: "
            + (
                f"its cited sentences {m[2]} do not mention {m[3]}."
                if "," in m[2]
                else f"its cited sentence {m[2]} does not mention {m[3]}."
            )
        ),
    ),
    (
        re.compile(
            r"^dropped (.+?): sentence (\d+) does not exist; "
            r"the article has sentences 1-(\d+)$"
        ),
        lambda m: (
            f"{_item(m[1])} was left out: it cites sentence {m[2]}, but the article "
            f"has only {m[3]} sentences."
        ),
    ),
    (
        re.compile(
            r"^pass (\w+): the model's answer was cut off at \d+ tokens, "
            r"so this pass gave no items$"
        ),
        lambda m: (
            f"No {_pass(m[1])} were taken from this source: the model's answer was too "
            "long and was cut off."
        ),
    ),
    (
        re.compile(
            r"^pass (\w+): the model's answer was (.+) after (\d+) attempts, "
            r"so this pass gave no items$"
        ),
        lambda m: (
            f"No {_pass(m[1])} were taken from this source: the model gave no usable "
            f"answer in {m[3]} attempts."
        ),
    ),
    (
        re.compile(r"^pass (\w+): (.+), so this pass gave no items$"),
        lambda m: f"No {_pass(m[1])} were taken from this source: {m[2]}.",
    ),
    (
        re.compile(r"^executive summary: (.+); written by rules instead$"),
        lambda m: (
            "The model's executive summary could not be used, so the summary was "
            "written by fixed rules from the timeline and positions instead."
        ),
    ),
    (
        re.compile(r"^(.+?) was left out: (.+)$"),
        lambda m: f"{m[1]} could not be used and is missing from every section ({m[2]}).",
    ),
    (
        re.compile(r"^dropped (.+?): (.+)$"),
        lambda m: f"{_item(m[1])} was left out: {m[2]}.",
    ),
]


def plain_warning(text: str) -> str:
    """One warning of the pipeline in plain words; text it does not know is kept as is."""
    for pattern, say in _RULES:
        m = pattern.match(text)
        if m:
            return say(m)
    return text
