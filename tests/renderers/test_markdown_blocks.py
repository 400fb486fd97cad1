"""Fourth adversarial pass (issue 27): a newline in a page title or in model text opened a
heading, a list or a quotation in the Markdown outputs; a field that starts with a block
marker did the same. What the page and the model wrote is one line of text."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from summarizer.briefing import build_briefing
from summarizer.document.article import article_from_text
from summarizer.grounding.evidence import evidence_for
from summarizer.models import Event, Source
from summarizer.renderers.brief_markdown import render_brief_markdown
from summarizer.renderers.markdown import render_markdown
from summarizer.renderers.markdown_text import md
from tests.builders import CHN, make_summary

ARTICLE = article_from_text("China warned Taiwan on Monday.\n\nTaiwan said it was calm.")


def test_fields_cannot_open_blocks_in_markdown() -> None:
    summary = make_summary(
        ARTICLE, "a.txt",
        source=Source(input="a.txt", title="Title\n# Injected title", sha256=ARTICLE.sha256),
        headline="# Injected headline", summary="Fine.\n\n> injected quote\n- injected item",
        events=[Event(id="e1", description="1. Injected\n===", actors=[CHN], action="threaten",
                      evidence=evidence_for(ARTICLE, [1]))],
    )  # fmt: skip
    render = MarkdownIt("commonmark", {"html": True}).render
    note = build_briefing([summary], title="Note\n## Injected")
    page = render(render_markdown(summary))
    assert "injected quote" in page and "Injected ===" in page  # shown, as text
    for html in (page, render(render_brief_markdown(note))):
        # no block opened by what the fields hold: a heading, item or quotation that
        # starts with their words, a numbered list, a rule
        assert not re.search(r"<(h\d|li|blockquote)>\s*(<p>)?\s*[Ii]njected", html), html
        assert "<ol" not in html and "<hr" not in html, html


def test_md_keeps_the_characters() -> None:
    assert md("a\n# b") == "a # b"
    assert md("# b") == "\\# b"
    assert md("1. one") == "1\\. one"
    assert md("2024 was a year") == "2024 was a year"
    assert md("- x") == "\\- x"
