"""The HTML briefing's Jinja2 template: autoescaping, the inlined package CSS, stance colours."""

from __future__ import annotations

import re
from importlib.resources import files

from summarizer.briefing import build_briefing
from summarizer.document.article import article_from_text
from summarizer.grounding.evidence import evidence_for
from summarizer.models import Event, PeaceProposal, Position, Stance
from summarizer.models.briefing import Briefing
from summarizer.renderers.brief_html import STANCE_COLOURS, render_brief_html
from tests.builders import CHN, GBR, HKG, make_summary

SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"""{SCRIPT} & "double" 'single'"""

A = article_from_text(
    f"Police besieged the university {SCRIPT} on Monday.\n\n"
    "China warned it would not sit on its hands.\n\nBritain urged an end to the violence."
)
B = article_from_text("Police besieged the campus.\n\nBritain said it supports talks.")


def _briefing(title: str = "HK") -> Briefing:
    """Two sources that disagree on China's stance, with hostile text in every free field."""
    s1 = make_summary(
        A, f"a{SCRIPT}.txt",
        events=[Event(id="e1", description=f"Police besieged {HOSTILE}.", actors=[HKG],
                      action="coerce", evidence=evidence_for(A, [1]))],
        positions=[Position(actor=CHN, position=f"Will act {HOSTILE}.", speaker=HOSTILE,
                            evidence=evidence_for(A, [2]))],
        peace_proposals=[PeaceProposal(
            id="p1", proposer=GBR, summary=f"End the violence {HOSTILE}.",
            evidence=evidence_for(A, [3]),
            stances=[Stance(actor=CHN, stance="rejects", evidence=evidence_for(A, [2]))])],
    )  # fmt: skip
    s2 = make_summary(
        B, "b.txt",
        events=[Event(id="e1", description="Police besieged the campus.", actors=[HKG],
                      action="coerce", evidence=evidence_for(B, [1]))],
        peace_proposals=[PeaceProposal(
            id="p1", proposer=GBR, summary="Talks to end the violence.",
            evidence=evidence_for(B, [2]),
            stances=[Stance(actor=CHN, stance="neutral", evidence=evidence_for(B, [2]))])],
    )  # fmt: skip
    return build_briefing([s1, s2], title=title)


def _style(page: str) -> str:
    [css] = re.findall(r"<style>(.*?)</style>", page, re.S)
    return css


def test_text_from_the_briefing_is_escaped() -> None:
    note = _briefing(title=f"HK {HOSTILE}")
    assert any(SCRIPT in x.text for x in note.executive_summary)
    page = render_brief_html(note)
    assert "<script" not in page.lower()
    assert "alert(1)" in page  # the text is kept, only escaped
    escaped_title = "HK &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
    assert f"<title>{escaped_title}" in page and f"<h1>{escaped_title}" in page
    summary = page.split('<section id="summary">')[1].split("</section>")[0]
    assert "Police besieged &lt;script&gt;alert(1)&lt;/script&gt; &amp;" in summary
    # Quotes cannot break out of text or attributes: none survives raw from the data.
    body = page.split("</style>")[1]
    assert "double" in body and '"double"' not in body and "'single'" not in body
    # Evidence quotes and source names, taken from the article and its input, are escaped too.
    assert "the university &lt;script&gt;alert(1)&lt;/script&gt; on Monday." in page
    assert '<li id="S1" title="a&lt;script&gt;alert(1)&lt;/script&gt;.txt">' in page
    assert "<cite>a&lt;script&gt;alert(1)&lt;/script&gt;.txt</cite>" in page
    # The printed pages' running header is a CSS string: nothing in it can end the style.
    [header] = re.findall(r"@page\{@top-center\{content:(\"[^\"]*\")\}\}", _style(page))
    assert header.startswith('"HK \\00003cscript\\00003e') and "<" not in header


def test_package_css_is_inlined_and_nothing_is_fetched() -> None:
    css_file = files("summarizer.renderers") / "templates" / "brief.css"
    css = css_file.read_text(encoding="utf-8")
    assert "td{border:1px solid #bbb" in css
    page = render_brief_html(_briefing())
    style = _style(page)
    assert css.strip() in style
    assert ".flag{font-weight:bold;color:#6a1b9a}" in style
    assert "<link" not in page and not re.search(r"""\ssrc\s*=""", page)
    assert "@import" not in page and "url(" not in page


def test_disputed_stance_cell_gets_the_disputed_colour() -> None:
    page = render_brief_html(_briefing())
    colour = STANCE_COLOURS["disputed"][0]
    cells = re.findall(
        r'<td class="stance stance-(\w+)" style="background:([^"]+)"[^>]*>'
        r'<span class="sym" aria-hidden="true">(.)</span> <b class="label">(\w+)</b>',
        page,
    )
    assert cells == [("disputed", colour, "⚠", "disputed")]
    assert '<span class="flag">⚠ sources disagree</span>' in page
    legend = (
        f'<span class="stance-disputed" style="background:{colour}">⚠ disputed: sources disagree'
    )
    assert legend in page
