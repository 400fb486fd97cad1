"""Numbered citations shared by the briefing renderers: [n] → (source, sentence, quote)."""

from __future__ import annotations

from summarizer.models.briefing import Briefing, Citation


class Citations:
    def __init__(self, briefing: Briefing) -> None:
        self.titles = {s.id: s.title or s.input for s in briefing.sources}
        self.numbers: dict[tuple[str, int], int] = {}
        self.items: list[Citation] = []

    def number(self, c: Citation) -> int:
        k = (c.source, c.sentence_id)
        if k not in self.numbers:
            self.items.append(c)
            self.numbers[k] = len(self.items)
        return self.numbers[k]

    def numbers_for(self, citations: list[Citation]) -> list[int]:
        return sorted({self.number(c) for c in citations})
