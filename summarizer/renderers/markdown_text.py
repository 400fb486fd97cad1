"""Text for Markdown: what the article, the page and the model wrote is shown, never run.

CommonMark passes raw HTML through ("<img onerror=…>" in a page title would run in a
renderer that allows HTML), so ``&``, ``<`` and ``>`` become entity references, as the
HTML renderers escape them; a renderer shows the same characters. Brackets are
backslash-escaped, so a title or an answer cannot make a link or a remote image. Code
spans and autolinks are left to their own rules (their content is never HTML)."""

from __future__ import annotations

import re

from summarizer.models import Actor

# what opens a block at the start of a line: a heading, list item, quotation, rule, code
# fence or a setext underline
_BLOCK_START = re.compile(r"^(\d{0,9})([#>*+\-=_~`]|(?<=\d)[.)])")


def md(text: str | None) -> str:
    """``text`` with ``&``, ``<`` and ``>`` as entity references, and ``[`` and ``]``
    backslash-escaped, so no link or image (``![](http://tracker/p.png)``) is made of
    what a page or the model wrote (None gives "")."""
    if not text:
        return ""
    # one line: a newline in a field would let what follows open a heading, a list or a
    # quotation ("\n# Breaking"); and a block marker it starts with is a character
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BLOCK_START.sub(lambda m: m[1] + "\\" + m[2], text, count=1)


def md_code(text: str) -> str:
    """``text`` as a code span (shown as written, never HTML): backticks inside it would
    end the span and let what follows be read as Markdown or HTML, so they become
    apostrophes, as ``summarizer summarize -f markdown`` writes its source."""
    text = " ".join(text.replace("`", "'").split())
    return f"`{text}`" if text else ""


def md_actor(actor: Actor) -> str:
    name = md(actor.name)
    return f"{name} ({actor.country_code})" if actor.country_code else name
