"""Drafts of the next tokens, to verify in one batch: copied from the article.

Answers restate the article: a position's text, a quoted phrase, an actor's name. After
the last few tokens written, the tokens that followed the same tokens earlier in the
context (the prompt holds the numbered article) are a good guess of what comes next.
"""

from __future__ import annotations

MAX_NGRAM = 3


class PromptLookup:
    """An index of the context's n-grams (n ≤ 3) → where each last occurred with a token
    after it; ``propose`` copies what followed the longest n-gram that ends the context."""

    def __init__(self, tokens: list[int]) -> None:
        self.tokens: list[int] = []
        self._last: dict[tuple[int, ...], int] = {}
        for token in tokens:
            self.append(token)

    def append(self, token: int) -> None:
        tokens = self.tokens
        end = len(tokens)  # the n-grams ending just before ``token`` now have a follower
        for n in range(1, MAX_NGRAM + 1):
            if end >= n:
                self._last[tuple(tokens[end - n : end])] = end
        tokens.append(token)

    def propose(self, k: int) -> list[int]:
        """Up to ``k`` tokens that followed the longest earlier match of the context's end."""
        tokens = self.tokens
        for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            start = self._last.get(tuple(tokens[len(tokens) - n :]))
            if start is not None:
                return tokens[start : start + k]
        return []
