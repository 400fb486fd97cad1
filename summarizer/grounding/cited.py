"""What the checks check: an item that cites sentences of the article by id. The
LLM-facing schemas (extraction/schemas.py) build their items on it."""

from __future__ import annotations

from pydantic import BaseModel, PrivateAttr


class Cited(BaseModel):
    """An item that cites sentences; the checks may add the earlier sentences it refers
    back to ("they", "the two leaders"): its context, never sent to the model."""

    _context_ids: list[int] = PrivateAttr(default_factory=list)

    @property
    def context_ids(self) -> list[int]:
        return list(self._context_ids)

    def set_context(self, ids: list[int]) -> None:
        """The context sentences: ``ids`` less the ones the item cites itself."""
        cited = set(getattr(self, "sentence_ids", ()))
        self._context_ids = sorted(set(ids) - cited)
