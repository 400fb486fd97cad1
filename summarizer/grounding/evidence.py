"""Sentence ids → evidence: the exact quote and offsets of each cited sentence, and the
word tests on what a claim cites (does it carry the answer's structure, which sentence was
it written from)."""

from __future__ import annotations

import re

from summarizer.document.article import Article
from summarizer.models import Evidence


def evidence_for(article: Article, sentence_ids: list[int]) -> list[Evidence]:
    """Resolve sentence ids into Evidence; quote is always ``article.text[start:end]``."""
    out: list[Evidence] = []
    seen: set[int] = set()
    for sid in sentence_ids:
        sentence = article.sentence(sid)
        if sentence is None or sid in seen:
            continue
        seen.add(sid)
        out.append(
            Evidence(
                sentence_id=sid,
                quote=article.text[sentence.start : sentence.end],
                start=sentence.start,
                end=sentence.end,
            )
        )
    return out


_LEAKED = re.compile(r"sentence[_ ]?ids?|\b\d{1,3}(?:,\s+\d{1,3}){2,}\b", re.I)


def leaked_structure(text: str) -> bool:
    """Whether a text field carries the answer's structure ('sentence_ids', '16, 17, 18')."""
    return bool(_LEAKED.search(text))


_WORD = re.compile(r"[a-z][a-z'’-]{3,}")
_COMMON = frozenset(
    "that this with from have has had were was their there they them would could should "
    "will been also into over about after before said says than then when which while "
    "what where more most some such only other these those both each very".split()
)
# The claim's words found in its cited sentences, and in the best other sentence: a small
# model copies the sentence it read, then sometimes cites its neighbours instead.
CITED_ENOUGH = 0.35
WRITTEN_FROM = 0.6


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _COMMON}


def words_shared(claim: str, texts: list[str]) -> float:
    """The share of a claim's content words found in the texts (1.0 for a claim of fewer
    than six such words: too short to judge)."""
    words = _words(claim)
    if len(words) < 6:
        return 1.0
    found = set().union(*(_words(t) for t in texts)) if texts else set()
    return len(words & found) / len(words)


def source_sentence(article: Article, claim: str, ids: list[int]) -> int | None:
    """The sentence a claim was evidently written from, when the cited ones are not it:
    under CITED_ENOUGH of the claim's words are in the cited sentences, and WRITTEN_FROM
    or more are in one other sentence. None when the citation is fine or nothing fits."""
    words = _words(claim)
    if len(words) < 6:
        return None

    def share(sentence_id: int) -> float:
        sentence = article.sentence(sentence_id)
        return len(words & _words(sentence.text)) / len(words) if sentence else 0.0

    if max((share(i) for i in ids), default=0.0) >= CITED_ENOUGH:
        return None
    best = max((s.id for s in article.sentences), key=share, default=None)
    return best if best is not None and share(best) >= WRITTEN_FROM else None
