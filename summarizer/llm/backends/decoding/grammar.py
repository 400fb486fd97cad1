"""The request's JSON schema as an llguidance grammar, in the same language as the GBNF
llama-cpp-python's chat handler builds, so both loops allow exactly the same texts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

# llama-cpp-python writes ``x{0,n}`` as ``(x (x (… (x)?)?)?)?`` nested n deep (a 200-character
# string field is 200 levels), deeper than llguidance's Lark front end accepts. The two say
# the same thing, so the nesting is folded back into a bounded repeat before conversion.
_INNERMOST = re.compile(r"\(([A-Za-z0-9-]+)\)\?")
_ONE_LEVEL = re.compile(r"\(([A-Za-z0-9-]+) \1\{0,(\d+)\}\)\?")


# llguidance's GBNF converter writes ``\u00fc`` as ``\ufc``, which its Lark front end then
# refuses ("Türkiye" in an actor enum); a non-ASCII character is written as itself instead
# (GBNF literals are UTF-8). An escaped backslash before ``u`` is left alone.
_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})")


# A GBNF string literal or character class: the folds never look inside one (an enum value
# "Foo (Bar)?" is text), and the unescaping looks only there.
_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|\[(?:[^\]\\]|\\.)*\]')


def _map_parts(gbnf: str, outside: Callable[[str], str], inside: Callable[[str], str]) -> str:
    parts, last = [], 0
    for m in _LITERAL.finditer(gbnf):
        parts += [outside(gbnf[last : m.start()]), inside(m.group(0))]
        last = m.end()
    parts.append(outside(gbnf[last:]))
    return "".join(parts)


def _same(text: str) -> str:
    return text


def unescape_non_ascii(gbnf: str) -> str:
    """A ``\\uXXXX`` escape above ASCII (where no GBNF meta character lives) → the character."""

    def literal(m: re.Match[str]) -> str:
        code = int(m.group(2), 16)
        if code < 0x80 or 0xD800 <= code < 0xE000:
            return m.group(0)
        return m.group(1) + chr(code)

    return _map_parts(gbnf, _same, lambda part: _UNICODE_ESCAPE.sub(literal, part))


def fold_repeats(gbnf: str) -> str:
    """``(x (x (x)?)?)?`` → ``x{0,3}``: the same language, without the nesting (never
    inside a string literal or a character class)."""

    def one_level(text: str) -> str:
        return _ONE_LEVEL.sub(lambda m: f"{m.group(1)}{{0,{int(m.group(2)) + 1}}}", text)

    folded = _map_parts(gbnf, lambda text: _INNERMOST.sub(r"\1{0,1}", text), _same)
    while True:
        again = _map_parts(folded, one_level, _same)
        if again == folded:
            return folded
        folded = again


def gbnf_for(response_format: dict[str, Any] | None) -> str:
    """The GBNF llama-cpp-python's chat handler would use for this ``response_format``
    (``{"type": "json_object", "schema": …}``), its any-JSON grammar when the schema does
    not convert, as the handler falls back."""
    from llama_cpp import llama_grammar

    if not response_format or response_format.get("type") != "json_object":
        raise ValueError("the guided loop needs a JSON response_format")
    schema = response_format.get("schema")
    if schema is None:
        return llama_grammar.JSON_GBNF
    try:
        return llama_grammar.json_schema_to_gbnf(json.dumps(schema))
    except Exception:  # the handler's own fallback (llama_chat_format._grammar_for_json_schema)
        return llama_grammar.JSON_GBNF


@lru_cache(maxsize=64)
def _compiled(gbnf: str) -> str:
    import llguidance

    return llguidance.grammar_from("gbnf", fold_repeats(unescape_non_ascii(gbnf)))


def grammar_for(response_format: dict[str, Any] | None) -> str:
    """The llguidance grammar for ``response_format`` (cached: every window of a pass sends
    the same schema)."""
    return _compiled(gbnf_for(response_format))
