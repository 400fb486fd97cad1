"""Event dates: the model's words ("Thursday", "last month", "in February 2022") resolved
against the article's publication date, at the precision the words allow — a day
(2024-05-16), a month (2024-04, also for "last week") or a year (2022) — and never
invented: words that name no date, or relative words in an article with no publication
date, give None."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_WEEKDAY = re.compile(rf"^(?:on\s+|last\s+)?({'|'.join(_WEEKDAYS)})\b", re.I)
_SAME_DAY = re.compile(
    r"^(?:overnight|tonight|today|earlier today|this (?:morning|afternoon|evening))$", re.I
)
_NOT_A_DATE = re.compile(r"^\s*(null|none|n/?a|unknown|not stated|unclear|-)?\s*$", re.I)


_PART_OF = re.compile(r"^((?:in|on)\s+)?(?:the\s+)?(?:late|early|mid)[-\s]+(?=[A-Z])", re.I)


# Words that put an act after the telling: "is expected to appear at a hearing on Wednesday"
# (not "was expected to", an expectation of the past)
_AHEAD = re.compile(
    r"(?<![\w-])(?:will|(?:is|are)\s+(?:\w+ly\s+)?(?:expected|likely|set|due|scheduled|"
    r"poised)\s+to|upcoming|plans?\s+to)(?![\w-])",
    re.I,
)
# A day the telling happened on: "said on Monday that its forces will…", "told reporters
# on Monday"
_TOLD_ON = re.compile(
    r"(?<![\w-])(?:said|says|announced|told|reported|added|stated|confirmed|warned)\s+"
    r"(?:[\w’'.-]+\s+){0,3}?(?:on\s+)?$",
    re.I,
)
# What happened between the future word and the day: "…will hold the positions they
# captured on Monday", "Officials who will attend told reporters on Monday"
_DONE_SINCE = re.compile(
    r"(?<![\w-])(?:was|were|had|said|told|says|(?!(?:scheduled|expected|planned)\b)[a-z]+ed)"
    r"(?![\w-])",
    re.I,
)


def tense_of(when: str | None, texts: list[str]) -> str:
    """Whether the day named by ``when`` lies ahead of publication ("future") or not
    ("past"), from the texts that tell the event (its description, its sentences): ahead
    when a future word in the day's clause governs it ("is expected to appear at a
    hearing on Wednesday", "who will testify Thursday", "will meet in Paris, France, on
    Monday") — nothing done or said between them ("said on Monday that its forces
    will…"), and not a day's own thing ("victims of Monday's strike")."""
    weekday = _WEEKDAY.match((when or "").strip())
    if weekday is None:
        return "past"
    day = re.compile(rf"\b{weekday.group(1)}\b", re.I)
    for text in texts:
        for found in day.finditer(text):
            if re.match(r"[’']s\b", text[found.end() : found.end() + 3]):
                continue  # "Monday's strike": a day gone by
            clause = re.split(r"[;:—(]", text[: found.start()])[-1]
            ahead = [m for m in _AHEAD.finditer(clause)
                     if not re.search(r"\b(?:the|of)\s+$", clause[: m.start()])]  # fmt: skip
            if (
                ahead
                and not _DONE_SINCE.search(clause, ahead[-1].end())
                and not _TOLD_ON.search(clause)
            ):
                return "future"
    return "past"


def resolve_when(words: str | None, published: str | None, tense: str = "past") -> str | None:
    """ISO date, month or year for ``words``; None when they name no date. A weekday is
    the latest such day on or before publication, or with ``tense`` "future" the next
    one on or after it."""
    if not words or _NOT_A_DATE.match(words):
        return None
    base = _iso(published)
    text = words.strip().rstrip(".")
    # "late February", "in early March", "mid-March": the month (a part of it is no day)
    text = _PART_OF.sub(lambda m: m.group(1) or "", text)
    if _SAME_DAY.match(text):
        return base.isoformat() if base else None
    weekday = _WEEKDAY.match(text)
    if weekday:  # news usage: the latest such day on or before publication
        if base is None:
            return None
        wanted = _WEEKDAYS.index(weekday.group(1).lower())
        if tense == "future" and not text.lower().startswith("last "):
            ahead = (wanted - base.weekday()) % 7  # on or after publication
            return (base + timedelta(days=ahead)).isoformat()
        back = (base.weekday() - wanted) % 7
        if text.lower().startswith("last ") and back == 0:
            back = 7
        return (base - timedelta(days=back)).isoformat()
    if base is None and not _YEAR.search(text):
        return None  # relative words with nothing to resolve them against
    parsed = _parse(text, base)
    if parsed is None:
        return None
    when, period = parsed
    if base is not None and when.date() > base + timedelta(days=1) and not _YEAR.search(text):
        return None  # a bare "May 20" after publication is more likely last year: unsure
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "day":
        return when.date().isoformat()
    if period == "week":  # "last week": its month, coarse but sortable and not invented
        monday = when.date() - timedelta(days=when.weekday())
        if monday.month != (monday + timedelta(days=6)).month:
            return None  # a week across two months has no one month
        return f"{monday.year:04d}-{monday.month:02d}"
    return None  # times: not a date an analyst can sort by


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _parse(text: str, base: date | None) -> tuple[datetime, str] | None:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": [],
    }
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 12)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj, str(data.period or "day")


# Date words as news writes them: "on Thursday", "in May 2022", "Oct. 11", "last week"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WHEN_WORDS = re.compile(
    rf"\b(?:(?:last|this|next|on)\s+)?(?:{_DAYS})(?:\s+(?:night|morning|evening))?\b"
    # a month with its day or year, or after in/on/last…: "May" alone may be a name
    rf"|\b(?:(?:in|on|last|this|early|late|mid-)\s*)(?:{_MONTHS})(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS})(?:\s+\d{{1,2}}(?:,?\s+\d{{4}})?|,?\s+\d{{4}})\b"
    # news agencies' abbreviations with a day: "Oct. 11", "Sept. 3, 2019"
    r"|\b(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.\s+\d{1,2}\b(?:,?\s+\d{4}\b)?"
    r"|\b(?:yesterday|today|tonight|overnight)\b"
    r"|\blast\s+(?:week|month|year)\b|\b[Ii]n\s+(?:19|20)\d\d\b"
)
_OVERNIGHT_INTO = re.compile(rf"^\s+(?:into|to|on)\s+({_DAYS})\b")


def when_words(text: str, at: int = 0, blank: list[tuple[int, int]] | None = None) -> str | None:
    """The sentence's own date words nearest character ``at`` (the event's verb), outside
    the ``blank`` spans (quotations), or None. "Since 2016" dates something else, "the
    Oct. 7 attack" names an event; "overnight into Sunday" is Sunday."""
    for start, end in blank or []:
        text = text[:start] + " " * (end - start) + text[end:]
    found = [
        m
        for m in _WHEN_WORDS.finditer(text)
        if not text[: m.start()].endswith(("since ", "the ", "The "))
    ]
    if not found:
        return None
    best = min(found, key=lambda m: abs(m.start() - at))
    into = _OVERNIGHT_INTO.match(text[best.end() :]) if best.group(0) == "overnight" else None
    return into.group(1) if into else best.group(0)
