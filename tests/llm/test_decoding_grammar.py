"""The guided loop's grammar allows what llama.cpp's grammar allowed, and no more.

llguidance runs the GBNF llama-cpp-python builds from the request's schema (its nested
``x{0,n}`` folded back into a repeat). Every answer the local backend recorded for these
cases (made under llama.cpp's own grammar sampler) must be a sentence of that grammar,
byte by byte, and a text the schema forbids must not be. No model is needed.
"""

from __future__ import annotations

import json
from typing import ClassVar

import pytest

from summarizer.llm.backends.base import to_schema_style

llguidance = pytest.importorskip("llguidance")
pytest.importorskip("llama_cpp")

from summarizer.llm.backends.decoding.grammar import (  # noqa: E402
    fold_repeats,
    grammar_for,
    unescape_non_ascii,
)
from tests.llm.recorded_requests import recorded_exchanges  # noqa: E402

# Windows of a long article, a briefing, the seed, a strike report, a prompt injection.
CASES = ["putin-beijing", "long-joined", "brief-china", "kyiv-oreshnik", "injection"]

EOS = 256


class _Bytes:
    """A tokenizer whose tokens are the 256 bytes, then an end token."""

    eos_token_id = EOS
    bos_token_id = None
    tokens: ClassVar[list[bytes]] = [bytes([b]) for b in range(256)] + [b"\xff<eos>"]
    special_token_ids: ClassVar[list[int]] = [EOS]

    def __call__(self, data: bytes) -> list[int]:
        return list(data)


TOKENIZER = llguidance.LLTokenizer(llguidance.TokenizerWrapper(_Bytes()))


def _accepts(grammar: str, text: str) -> bool:
    matcher = llguidance.LLMatcher(TOKENIZER, grammar)
    assert not matcher.is_error(), matcher.get_error()
    for byte in text.encode("utf-8"):
        if not matcher.consume_token(byte):
            return False
    return bool(matcher.is_accepting())


def test_folding_keeps_the_language_and_removes_the_nesting() -> None:
    nested = 'root ::= "\\"" c (c (c (c)?)?)? "\\""\nc ::= [a-z]'
    folded = fold_repeats(nested)
    assert folded == 'root ::= "\\"" c c{0,3} "\\""\nc ::= [a-z]'
    grammar = llguidance.grammar_from("gbnf", folded)
    assert [_accepts(grammar, '"' + "a" * n + '"') for n in range(6)] == [
        False, True, True, True, True, False,
    ]  # fmt: skip
    # text inside a literal or a class is never folded; non-ASCII escapes become characters
    text = 'root ::= "Foo (Bar)?" [(x)?] "T\\u00fcrkiye"'
    assert fold_repeats(text) == text
    grammar = llguidance.grammar_from("gbnf", fold_repeats(unescape_non_ascii(text)))
    assert _accepts(grammar, "Foo (Bar)?(Türkiye") and not _accepts(grammar, "Foo Bar(Türkiye")


@pytest.mark.parametrize("case", CASES)
def test_every_recorded_answer_is_a_sentence_of_the_grammar(case: str) -> None:
    exchanges = recorded_exchanges(case)
    assert len(exchanges) >= 2
    for request, response in exchanges:
        response_format = to_schema_style(request["response_format"], "llama")
        content = response["choices"][0]["message"]["content"]
        assert _accepts(grammar_for(response_format), content), content[:200]


def test_the_grammar_refuses_what_the_schema_forbids() -> None:
    request, response = next(
        (q, a) for q, a in recorded_exchanges("putin-beijing") if '"positions"' in json.dumps(q)
    )
    grammar = grammar_for(to_schema_style(request["response_format"], "llama"))
    answer = json.loads(response["choices"][0]["message"]["content"])
    assert answer["positions"], answer
    first = answer["positions"][0]
    unknown = dict(first, actor="Atlantis")
    too_long = dict(first, position="a" * 400 + ".")
    for bad in (unknown, too_long):
        assert not _accepts(grammar, json.dumps({"positions": [bad]})), bad
    assert _accepts(grammar, json.dumps({"positions": [first]}))
