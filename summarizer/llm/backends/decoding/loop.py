"""Greedy decoding under a grammar, on llama-cpp-python's low-level API.

Each step picks the highest logit among the tokens the grammar allows (llguidance's mask),
as llama.cpp's grammar sampler followed by its greedy sampler does. With ``draft_tokens``
> 0 a step also sends a draft after the picked token (what the grammar forces, else what
followed the same words in the context) in the same batch, with logits at every position,
and keeps the longest prefix of the draft that greedy decoding would have picked itself.

The prompt is evaluated as ``Llama.generate`` does (reusing the cached prefix, chunks of
``n_batch``), and the model's ``input_ids``/``n_tokens`` are kept current, so calls through
``create_chat_completion`` and through this loop share one KV cache.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

from summarizer.llm.backends.decoding.drafts import PromptLookup

GROWTH_LIMIT = 16  # the longest draft, when every draft so far was accepted whole


class GrammarRefused(ValueError):
    """llguidance's matcher refused the grammar (nothing was decoded)."""


@dataclass
class DecodeStats:
    prompt_evaluated: int = 0  # prompt tokens the KV cache did not already hold
    decodes: int = 0  # llama_decode calls while generating
    forced: int = 0  # draft tokens the grammar forced
    drafted: int = 0  # draft tokens sent (forced + copied)
    accepted: int = 0  # draft tokens kept


@dataclass
class Decoded:
    tokens: list[int]
    finish_reason: str  # "stop" or "length"
    stats: DecodeStats = field(default_factory=DecodeStats)


class GuidedDecoder:
    """One per loaded model: holds llguidance's tokenizer (about a second to build)."""

    def __init__(self, llama: Any) -> None:
        import llama_cpp
        from llguidance.llamacpp import lltokenizer_from_vocab

        self._llama = llama
        self._cpp = llama_cpp
        self._vocab = llama_cpp.llama_model_get_vocab(llama._model.model)
        self.n_vocab = int(llama.n_vocab())
        self._eog = {t for t in range(self.n_vocab) if llama_cpp.llama_vocab_is_eog(self._vocab, t)}
        with warnings.catch_warnings():  # llguidance reads each token's attributes with a
            # function llama-cpp-python has deprecated: one warning per vocabulary entry
            warnings.simplefilter("ignore", DeprecationWarning)
            self._tokenizer = lltokenizer_from_vocab(self._vocab, eos_token=sorted(self._eog))

    # -- the model --------------------------------------------------------------------

    def _eval_prompt(self, prompt: list[int]) -> int:
        """Evaluate what the cache does not hold, as ``Llama.generate`` does; return how many
        prompt tokens were evaluated."""
        llama = self._llama
        cached = llama.input_ids[: llama.n_tokens].tolist()
        prefix = 0
        for a, b in zip(cached, prompt, strict=False):
            if a != b:
                break
            prefix += 1
        if prefix == len(prompt):
            prefix -= 1  # replay the last token to get its logits back
        if prefix > 0 and llama._ctx.kv_cache_seq_rm(-1, prefix, -1):
            llama.n_tokens = prefix
        else:
            llama.reset()  # ``eval`` clears the cache from n_tokens on
            prefix = 0
        llama.eval(prompt[prefix:])
        return len(prompt) - prefix

    def _decode(self, tokens: list[int]) -> None:
        """Append ``tokens`` to the cache, with logits at every position."""
        llama = self._llama
        batch = llama._batch.batch
        start = llama.n_tokens
        batch.n_tokens = len(tokens)
        for i, token in enumerate(tokens):
            batch.token[i] = token
            batch.pos[i] = start + i
            batch.seq_id[i][0] = 0
            batch.n_seq_id[i] = 1
            batch.logits[i] = True
        code = self._cpp.llama_decode(llama._ctx.ctx, batch)
        if code != 0:
            raise RuntimeError(f"llama_decode returned {code}")
        llama.input_ids[start : start + len(tokens)] = tokens
        llama.n_tokens = start + len(tokens)

    def _truncate(self, n_tokens: int) -> None:
        llama = self._llama
        if n_tokens < llama.n_tokens:
            llama._ctx.kv_cache_seq_rm(-1, n_tokens, -1)
            llama.n_tokens = n_tokens

    def _logits(self, index: int) -> Any:
        import numpy as np

        pointer = self._cpp.llama_get_logits_ith(self._llama._ctx.ctx, index)
        return np.ctypeslib.as_array(pointer, shape=(self.n_vocab,))

    # -- the grammar ------------------------------------------------------------------

    def _pick(self, matcher: Any, mask: Any, logits: Any) -> int:
        """The highest logit among the tokens llama.cpp's grammar sampler allows (the first
        on a tie, as its greedy sampler).

        llama.cpp allows every token whose text the grammar can take next. llguidance's mask
        is narrower where the grammar forces the next bytes: there it holds only their
        canonical tokenisation (``positions`` after ``{ "``, not ``position``). So the
        best token is tried on the grammar itself first, and the tokens spelling a prefix
        of the forced bytes join the mask's."""
        import numpy as np

        best = int(np.argmax(logits))
        matcher.unsafe_compute_mask_ptr(mask.ctypes.data, mask.nbytes)
        if matcher.is_error():  # its mask would allow only the end: never a silent stop
            raise RuntimeError(f"llguidance failed: {matcher.get_error()}")
        if (int(mask[best >> 5]) >> (best & 31)) & 1 or self._takes(matcher, best):
            return best
        allowed = np.unpackbits(mask.view(np.uint8), bitorder="little")[: self.n_vocab]
        allowed = allowed.astype(bool)
        for token in self._prefix_tokens(matcher.compute_ff_bytes()):
            allowed[token] = True
        return int(np.argmax(np.where(allowed, logits, -np.inf)))

    @staticmethod
    def _takes(matcher: Any, token: int) -> bool:
        if matcher.try_consume_tokens([token]) == 1:
            matcher.rollback(1)
            return True
        return False

    def _prefix_tokens(self, forced: bytes) -> list[int]:
        """The tokens whose text is a prefix of the forced bytes. (A token that runs past
        them and that the mask left out would still be missed; none has been seen.)"""
        found = []
        for end in range(1, min(len(forced), 48) + 1):
            ids = self._llama.tokenize(forced[:end], add_bos=False, special=False)
            if len(ids) == 1 and self._llama.detokenize(ids) == forced[:end]:
                found.append(ids[0])
        return found

    # -- the loop ---------------------------------------------------------------------

    def run(
        self, prompt: list[int], grammar: str, max_tokens: int, *, draft_tokens: int = 0
    ) -> Decoded:
        """Decode after ``prompt`` under ``grammar`` (llguidance's), at most ``max_tokens``."""
        try:
            return self._run(prompt, grammar, max_tokens, draft_tokens)
        finally:  # the context's last logits may be a rejected draft's: llama-cpp-python
            # must decode again before it samples from a cache that holds its whole prompt
            self._llama._requires_eval = True

    def _run(self, prompt: list[int], grammar: str, max_tokens: int, draft_tokens: int) -> Decoded:
        import llguidance
        import numpy as np

        llama = self._llama
        matcher = llguidance.LLMatcher(self._tokenizer, grammar)
        if matcher.is_error():
            raise GrammarRefused(f"llguidance refused the grammar: {matcher.get_error()}")
        mask = np.zeros(((self.n_vocab + 31) // 32,), dtype=np.int32)
        stats = DecodeStats(prompt_evaluated=self._eval_prompt(prompt))
        context = PromptLookup(prompt) if draft_tokens else None
        logits = self._logits(-1)
        out: list[int] = []
        width = min(3, draft_tokens)
        room = llama.n_ctx() - len(prompt)
        while len(out) < max_tokens:
            token = self._pick(matcher, mask, logits)
            if token in self._eog:
                return Decoded(out, "stop", stats)
            if not matcher.consume_token(token):
                raise RuntimeError(f"the grammar refused token {token} it allowed")
            out.append(token)
            if len(out) >= max_tokens or len(out) >= room:
                break  # "length", as llama-cpp-python says before it samples the end
            if matcher.is_stopped():  # nothing but the end may follow
                return Decoded(out, "stop", stats)
            draft: list[int] = []
            if context is not None:
                context.append(token)
                limit = min(width, max_tokens - len(out), room - len(out) - 1)
                draft = matcher.compute_ff_tokens()[:limit] if limit > 0 else []
                forced = len(draft)
                if limit > 0 and not draft:
                    draft = context.propose(limit)
                if draft:  # only what the grammar allows is worth a position in the batch
                    draft = draft[: matcher.try_consume_tokens(draft)]
                    matcher.rollback(len(draft))
                stats.forced += min(forced, len(draft))
                stats.drafted += len(draft)
            start = llama.n_tokens
            self._decode([token, *draft])
            stats.decodes += 1
            logits = self._logits(0)
            kept = 0
            for i, guess in enumerate(draft):
                if self._pick(matcher, mask, logits) != guess or guess in self._eog:
                    break
                if not matcher.consume_token(guess):
                    raise RuntimeError(f"the grammar refused token {guess} it allowed")
                out.append(guess)
                if context is not None:
                    context.append(guess)
                kept += 1
                logits = self._logits(i + 1)
                if matcher.is_stopped():
                    break
            self._truncate(start + 1 + kept)
            stats.accepted += kept
            if len(out) >= max_tokens:
                break
            if draft:
                grown = min(GROWTH_LIMIT, draft_tokens, width * 2)
                width = grown if kept == len(draft) else min(3, draft_tokens)
            if matcher.is_stopped():
                return Decoded(out, "stop", stats)
        return Decoded(out, "length", stats)
