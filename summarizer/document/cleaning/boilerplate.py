"""Line-level boilerplate filter for scraped article text.

Kept lines are never rewritten: the cleaned text is the kept paragraphs, verbatim,
joined by blank lines, so evidence offsets point at characters of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (reason, pattern) — matched against a whole stripped line, case-insensitively.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "theme-notice",
        re.compile(r".*\b(theme|plugin) license is not validated\b.*", re.I),
    ),
    ("ui", re.compile(r"(back to top( button)?|scroll to top|skip to (main )?content)", re.I)),
    (
        "share",
        re.compile(
            r"(share( this( article| story)?)?|share on (facebook|twitter|x|linkedin|whatsapp)"
            r"|tweet|email|print|copy link)[:!.]?",
            re.I,
        ),
    ),
    (
        "subscribe",
        re.compile(
            r"(subscribe|sign up)( now| today)?( to| for)?( our)?( \w+){0,4} ?(newsletter)?[.!]?",
            re.I,
        ),
    ),
    ("cookie", re.compile(r".*\b(we use cookies|accept (all )?cookies|cookie policy)\b.*", re.I)),
    ("advertisement", re.compile(r"(advertisement|sponsored( content)?|ad)[:.]?", re.I)),
    (
        "navigation",
        re.compile(r"(read more|related( articles| stories)?|more from \w+)[:.]?", re.I),
    ),
    (
        "navigation",
        re.compile(
            r"(world|politics|news|business|opinion|sport|sports|video|live|analysis)"
            r"|for more stories like this,? check our \w+ page\.?",
            re.I,
        ),
    ),
    # Teasers for other articles: "MORE: …", "SEE MORE: …", "DON'T MISS", "… [VIDEO]"
    ("teaser", re.compile(r"(see more|more|read more|watch|related|don'?t miss)(:.*)?", re.I)),
    ("teaser", re.compile(r".+\[(video|insight|reaction|pictures|poll|live)\]\|?", re.I)),
    ("caption", re.compile(r"(photo|image|picture|file photo)( credit)?: .{1,80}", re.I)),
    (
        "credits",
        re.compile(
            r"[—–-]?\s*(\w+ ){0,4}(writers?|reporters?|correspondents?) .{0,200}"
            r"contributed to this report\.?|reporting by .+|with files from .+",
            re.I,
        ),
    ),
    (
        "site-notice",
        re.compile(
            r"our standards: .+|get in touch with our .{0,40} team .+"
            r"|get (daily|weekly|breaking) [\w ]{0,30} news",
            re.I,
        ),
    ),
]

# An all-caps label before a colon starts a teaser for another story ("RISK REMAINS: An
# official said …"); only after the first paragraph, where pages put their own standfirst.
_LABELLED_TEASER = re.compile(r"[A-Z][A-Z’'\- ]{3,40}[?:!] \S.*")


@dataclass(frozen=True)
class Removed:
    line: int  # 1-based line number in the input
    text: str
    reason: str


@dataclass(frozen=True)
class Filtered:
    paragraphs: list[str]
    removed: list[Removed]


def classify_line(line: str) -> str | None:
    """Return the boilerplate reason for one stripped line, or None for content."""
    for reason, pattern in _RULES:
        if pattern.fullmatch(line):
            return reason
    return None


_TEASER_MAX_WORDS = 25


def _blank_after(lines: list[str], index: int) -> tuple[int, bool]:
    """How many blank lines follow ``lines[index]``, and whether text follows them."""
    count = 0
    for i in range(index + 1, len(lines)):  # no slice: a copy a line made 100,000 lines slow
        if lines[i].strip():
            return count, True
        count += 1
    return count, False


def is_teaser(lines: list[str], index: int) -> bool:
    """A related-article teaser dropped between paragraphs: a short line set apart by
    two or more blank lines after it, with body text still to come. (Section headings
    are followed by a single blank line in the same scrapes.)"""
    line = lines[index].strip()
    if not line or len(line.split()) > _TEASER_MAX_WORDS or index == 0:
        return False
    blanks, more = _blank_after(lines, index)
    return blanks >= 2 and more and not lines[index - 1].strip()


def _same_title(line: str, title: str) -> bool:
    """A page's headline repeated as a text line (titles carry ' | Site' suffixes)."""
    return len(line) > 15 and title.startswith(line.rstrip(" .|"))


def filter_lines(
    text: str, *, keep_boilerplate: bool = False, title: str | None = None
) -> Filtered:
    """Drop boilerplate lines. With ``title`` (from HTML metadata), also drop the first
    line that repeats it: the title is kept as metadata."""
    paragraphs: list[str] = []
    removed: list[Removed] = []
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        reason = None if keep_boilerplate else classify_line(line)
        if (
            reason is None
            and not keep_boilerplate
            and paragraphs
            and (is_teaser(lines, number - 1) or _LABELLED_TEASER.fullmatch(line))
        ):
            reason = "teaser"
        if reason is None and not keep_boilerplate and title and _same_title(line, title):
            reason = "title"
            title = None
        if reason is not None:
            removed.append(Removed(line=number, text=line, reason=reason))
            continue
        paragraphs.append(line)
    return Filtered(paragraphs=paragraphs, removed=removed)
