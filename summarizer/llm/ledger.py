"""The cost ledger: what each model call cost, and budgets that stop a run before a
call would exceed them.

Prices are US dollars per million tokens, input and output, per model. The defaults
below cover a few hosted models; anything else costs 0 unless ``prices`` in the config
file says otherwise (``[prices."my-model"] input = 0.5, output = 1.5``). The embedded
model is free.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from summarizer.errors import ConfigError, SummarizerError

DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    # model: (USD per 1M input tokens, USD per 1M output tokens)
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1": (2.00, 8.00),
}

# A call made through a batch API costs this share of the same call made directly.
BATCH_DISCOUNT = 0.5


class BudgetExhausted(SummarizerError):
    """A budget would be exceeded by the next call: the run stops, the rest is left
    for a later run (exit 8)."""

    exit_code = 8


@dataclass
class Prices:
    table: dict[str, tuple[float, float]] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    free_backends: frozenset[str] = frozenset({"local", "function"})

    @classmethod
    def with_extra(cls, extra: dict[str, tuple[float, float]] | None = None) -> Prices:
        """The built-in table with ``extra`` (model → USD per million in/out) on top."""
        return cls(table={**DEFAULT_PRICES, **(extra or {})})

    def require_price(self, backend: str, model: str, *, hint: str) -> None:
        """A cost budget is meaningless for a model that costs 0 only for lack of a price."""
        if backend not in self.free_backends and model not in self.table:
            raise ConfigError(f"a cost budget needs a price for model {model!r}, and there "
                              "is none", hint=hint)  # fmt: skip

    def batch_cost(
        self, backend: str, model: str, prompt_tokens: int, completion_tokens: int
    ) -> float:
        """The same call through a batch API (OpenAI's Batch API: half the price)."""
        return self.cost(backend, model, prompt_tokens, completion_tokens) * BATCH_DISCOUNT

    def cost(self, backend: str, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        if backend in self.free_backends:
            return 0.0
        per_in, per_out = self.table.get(model, (0.0, 0.0))
        return (prompt_tokens * per_in + completion_tokens * per_out) / 1_000_000


@dataclass
class Budget:
    """Spending so far and the limits (None: no limit), shared by every worker. A call
    reserves its estimate before it is sent and settles with what it really cost, so
    workers running side by side cannot all pass the same check."""

    max_usd: float | None = None
    max_tokens: int | None = None
    spent_usd: float = 0.0
    spent_tokens: int = 0
    reserved_usd: float = 0.0
    reserved_tokens: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reserve(self, tokens: int, usd: float) -> tuple[int, float]:
        """Hold ``tokens``/``usd`` for a call, or raise BudgetExhausted when that could go
        past a limit."""
        with self._lock:
            tokens_after = self.spent_tokens + self.reserved_tokens + tokens
            if self.max_tokens is not None and tokens_after > self.max_tokens:
                raise BudgetExhausted(
                    f"token budget reached: {self.spent_tokens:,} of {self.max_tokens:,} "
                    f"tokens spent, and the next call needs up to {tokens:,}",
                    hint="run the same command again with a larger --budget-tokens to go on",
                )
            usd_after = self.spent_usd + self.reserved_usd + usd
            if self.max_usd is not None and usd_after > self.max_usd:
                raise BudgetExhausted(
                    f"cost budget reached: ${self.spent_usd:.4f} of ${self.max_usd:.4f} "
                    f"spent, and the next call may cost up to ${usd:.4f}",
                    hint="run the same command again with a larger --budget-usd to go on",
                )
            self.reserved_tokens += tokens
            self.reserved_usd += usd
            return tokens, usd

    def settle(self, reservation: tuple[int, float], tokens: int, usd: float) -> None:
        """Release a reservation and count what the call really spent."""
        with self._lock:
            self.reserved_tokens -= reservation[0]
            self.reserved_usd -= reservation[1]
            self.spent_tokens += tokens
            self.spent_usd += usd


def token_counts(usage: Any) -> tuple[int, int, str]:
    """(prompt, completion, problem) from a completion's ``usage``: a count that is not a
    whole number of zero or more ("many", -1e9, 3.5) counts 0, and ``problem`` says so
    (a server's report is not trusted to lower a budget or a bill)."""
    usage = usage if isinstance(usage, dict) else {}
    counts, bad = [], []
    for name in ("prompt_tokens", "completion_tokens"):
        value = usage.get(name)
        if value is None:
            counts.append(0)
        elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            counts.append(value)
        else:
            counts.append(0)
            bad.append(f"{name}={value!r}"[:60])
    problem = (
        f"the server reported unusable token usage ({', '.join(bad)}): counted as 0" if bad else ""
    )
    return counts[0], counts[1], problem


@dataclass(frozen=True)
class CallEvent:
    """One model call, for the ledger (``ChatClient`` reports each to its listener)."""

    request_hash: str
    prompt_version: str
    backend: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_s: float
    attempts: int
    cost_usd: float
    replayed: bool
