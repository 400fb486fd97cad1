"""The PLOVER verb lexicon (``data/plover_words.toml``): which verbs, with the words
after them, name which category of act ("hold talks" → consult, "launch an offensive" →
assault), and which nouns name an act ("sanctions", "airstrike")."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from summarizer.nlp.clauses import Clause


def act_nouns() -> dict[str, frozenset[str]]:
    """Category → the nouns that name its act ("talks", "sanctions", "airstrike")."""
    return _lexicon_data()[2]


def _lexicon() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], frozenset[str]]:
    data = _lexicon_data()
    return data[0], data[1]


@lru_cache(maxsize=1)
def _lexicon_data() -> tuple[
    dict[str, list[tuple[tuple[str, ...], str]]], frozenset[str], dict[str, frozenset[str]]
]:
    """Verb lemma → [(the words that must follow, category)], longest phrase first; and
    the phrases in which no word counts ("press release")."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    text = resources.files("summarizer.nlp").joinpath("data/plover_words.toml").read_text("utf-8")
    data = tomllib.loads(text)
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    excepted: set[str] = set()
    nouns: dict[str, frozenset[str]] = {}
    for category, entry in data.items():
        for phrase in entry.get("verbs", []):
            first, *rest = phrase.lower().split()
            out.setdefault(first, []).append((tuple(rest), category.lower()))
        excepted |= {p.lower() for p in entry.get("except", [])}
        nouns[category.lower()] = frozenset(
            n.lower() for n in (*entry.get("nouns", []), *entry.get("forms", []))
        )
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))
    return out, frozenset(excepted), nouns


def category_of(clause: Clause) -> str | None:
    """The PLOVER category of the clause's verb (with the words after it: "hold talks",
    "launch an offensive"), or None when the verb is none of the listed acts."""
    lexicon, excepted = _lexicon()
    said = " ".join((clause.verb.lower(), *clause.after))
    base = " ".join((clause.lemma, *clause.after))
    if any(said.startswith(e) or base.startswith(e) for e in excepted):
        return None
    for rest, category in lexicon.get(clause.lemma, ()):
        if not rest or _follows(rest, clause.after):
            return category
    return None


_ARTICLES = frozenset({"a", "an", "the"})


def _follows(rest: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Whether the phrase's words follow the verb in order, articles aside, with at most
    two other words before its last ("held huge drills", "launch a missile attack")."""
    want = [w for w in rest if w not in _ARTICLES]
    words = [w for w in after if w not in _ARTICLES][: len(want) + 2]
    if not want:
        return True
    at = 0
    for i, word in enumerate(want):
        last = i == len(want) - 1
        window = words[at:] if last else words[at : at + 1]
        hit = next((j for j, w in enumerate(window) if _same(w, word)), None)
        if hit is None:
            return False
        at += hit + 1
    return True


def _same(word: str, listed: str) -> bool:
    return word == listed or word.rstrip("s") == listed.rstrip("s")
