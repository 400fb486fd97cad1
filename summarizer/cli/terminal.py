"""Text for the terminal: what a file name, a page or a model wrote is shown, never run.

A control character in a file name ("\x1b]0;owned\x07", a carriage return) would reach the
terminal raw in a progress line or an error message; it is shown as its escape instead.
"""

from __future__ import annotations

import unicodedata


def for_terminal(text: str) -> str:
    """``text`` with control and other unprintable characters (C0, DEL, C1, bidi
    overrides) written as escapes: ``\\x1b``, ``\\r``, ``\\u202e``."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() and unicodedata.category(c) != "Cf" else repr(c)[1:-1] for c in text
    )


def shown_path(path: str, limit: int = 80) -> str:
    """A path for a message: printable, and a long one cut in the middle."""
    shown = for_terminal(path)
    if len(shown) > limit:
        shown = f"{shown[: limit // 2]}…{shown[-limit // 2 :]}"
    return shown
