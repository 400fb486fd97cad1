"""The guided loop picks what llama.cpp's grammar sampler would: the best token whose text
the grammar can take next, even where llguidance's mask holds only the canonical token.

Needs the local extra and the embedded model's vocabulary (read with ``vocab_only``, no
weights are loaded).
"""

from __future__ import annotations

from typing import Any

import pytest

llguidance = pytest.importorskip("llguidance")
pytest.importorskip("llama_cpp")

import numpy as np  # noqa: E402
from llama_cpp import Llama  # noqa: E402

from summarizer.errors import ModelNotInstalled  # noqa: E402
from summarizer.llm.backends.decoding.grammar import grammar_for  # noqa: E402
from summarizer.llm.backends.decoding.loop import GuidedDecoder  # noqa: E402
from summarizer.llm.backends.model_file import ensure_model  # noqa: E402

SCHEMA = {
    "type": "object",
    "properties": {"positions": {"type": "array", "items": {"type": "string"}}},
    "required": ["positions"],
}


@pytest.fixture(scope="module")
def decoder() -> GuidedDecoder:
    try:
        path = ensure_model()
    except ModelNotInstalled:
        pytest.skip("the embedded model's parts are not installed")
    return GuidedDecoder(Llama(model_path=str(path), vocab_only=True, verbose=False))


def _one(decoder: GuidedDecoder, text: bytes) -> int:
    (token,) = decoder._llama.tokenize(text, add_bos=False, special=False)
    return int(token)


def _after(decoder: GuidedDecoder, text: bytes) -> Any:
    matcher = llguidance.LLMatcher(decoder._tokenizer, grammar_for(
        {"type": "json_object", "schema": SCHEMA}))  # fmt: skip
    for token in decoder._llama.tokenize(text, add_bos=False, special=False):
        assert matcher.consume_token(token)
    return matcher


def test_a_prefix_of_forced_text_is_picked_when_the_model_prefers_it(
    decoder: GuidedDecoder,
) -> None:
    matcher = _after(decoder, b'{ "')  # the key "positions" is forced now
    position, positions = _one(decoder, b"position"), _one(decoder, b"positions")
    mask = np.zeros(((decoder.n_vocab + 31) // 32,), dtype=np.int32)
    matcher.unsafe_compute_mask_ptr(mask.ctypes.data, mask.nbytes)
    in_mask = np.unpackbits(mask.view(np.uint8), bitorder="little")[: decoder.n_vocab]
    assert in_mask[positions] and not in_mask[position]  # llguidance: canonical only
    logits = np.zeros(decoder.n_vocab, dtype=np.float32)
    logits[positions], logits[position] = 1.0, 2.0
    assert decoder._pick(matcher, mask, logits) == position  # as llama.cpp: "position"
    logits[_one(decoder, b"actor")] = 9.0  # the best overall, but the grammar refuses it
    assert decoder._pick(matcher, mask, logits) == position
    p = _one(decoder, b"p")  # a shorter prefix, when it is the best the grammar takes
    logits[p] = 3.0
    assert decoder._pick(matcher, mask, logits) == p
    assert matcher.consume_token(position) and matcher.consume_token(_one(decoder, b"s"))


def test_in_free_text_the_best_allowed_token_wins_and_ties_go_to_the_first(
    decoder: GuidedDecoder,
) -> None:
    matcher = _after(decoder, b'{ "positions": [ "')
    mask = np.zeros(((decoder.n_vocab + 31) // 32,), dtype=np.int32)
    logits = np.zeros(decoder.n_vocab, dtype=np.float32)
    china, russia = _one(decoder, b"China"), _one(decoder, b"Russia")
    logits[china] = logits[russia] = 4.0
    assert decoder._pick(matcher, mask, logits) == min(china, russia)
    logits[min(china, russia)] = 3.0
    assert decoder._pick(matcher, mask, logits) == max(china, russia)
