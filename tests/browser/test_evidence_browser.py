"""The evidence view in a real headless browser (Debian's chromium through Playwright):
selecting items and sentences with the mouse and the keyboard, the phone layout, and no
request leaving file://.

Runs where chromium and playwright are installed (CI installs both); elsewhere it skips,
unless SUMMARIZER_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
Screenshots go to test-artifacts/evidence.png and test-artifacts/evidence-mobile.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import summarizer
from summarizer.models import ArticleSummary, Evidence
from summarizer.renderers.evidence_html import render_evidence_html
from tests.browser.test_brief_browser import ARTIFACTS, FLAGS, _browser_or_skip
from tests.conftest import FIXTURES, SEED

SEED_REC = FIXTURES / "recordings" / "putin-beijing"
ACTIVE = (
    "[...document.querySelectorAll('[data-sentence-id].active')].map(e => e.dataset.sentenceId)"
)


def _ids(evidence: list[Evidence]) -> set[str]:
    return {str(ev.sentence_id) for ev in evidence}


def _items(s: ArticleSummary) -> dict[str, set[str]]:
    """DOM id of each item → the sentence ids it cites."""
    out = {f"ev-{n}": _ids(e.evidence) for n, e in enumerate(s.events, 1)}
    out |= {f"pos-{n}": _ids(p.evidence) for n, p in enumerate(s.positions, 1)}
    for n, pp in enumerate(s.peace_proposals, 1):
        out[f"prop-{n}"] = _ids(pp.evidence)
        out |= {f"prop-{n}-st-{m}": _ids(st.evidence) for m, st in enumerate(pp.stances, 1)}
    return out


def _active(page: Any) -> set[str]:
    return set(page.evaluate(ACTIVE))


def test_evidence_view_in_chromium(tmp_path: Path) -> None:
    chromium = _browser_or_skip()
    from playwright.sync_api import expect, sync_playwright

    summary = summarizer.summarize(SEED, recordings=SEED_REC, record_mode="replay")
    page_file = tmp_path / "evidence.html"
    page_file.write_text(render_evidence_html(summary, summarizer.clean(SEED)), encoding="utf-8")
    items = _items(summary)
    cited = set().union(*items.values())
    citing_10 = {dom_id for dom_id, ids in items.items() if "10" in ids}
    assert len(citing_10) >= 3  # an event, the proposal and its stances
    ARTIFACTS.mkdir(exist_ok=True)
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        assert page.title() == summary.source.title

        # One highlight per cited sentence, nothing active yet.
        marks = page.locator("[data-sentence-id]")
        assert marks.count() == len(cited)
        assert set(page.evaluate(
            "[...document.querySelectorAll('[data-sentence-id]')].map(e => e.dataset.sentenceId)"
        )) == cited  # fmt: skip
        assert _active(page) == set()

        # Click a position: exactly its sentences become active, the first scrolled to.
        page.click("#pos-2")
        assert _active(page) == items["pos-2"]
        assert page.locator("#pos-2").get_attribute("class").split().count("active") == 1
        assert page.locator("#pos-2").get_attribute("aria-pressed") == "true"
        assert page.locator("button.item.active").count() == 1
        first = min(items["pos-2"], key=int)
        expect(page.locator(f'[data-sentence-id="{first}"]')).to_be_in_viewport()
        page.click("#ev-1")
        assert _active(page) == items["ev-1"]
        assert page.locator("#pos-2.active").count() == 0

        # Keyboard: Tab to an item (focus visible), Enter selects it; Space too.
        page.keyboard.press("Escape")
        assert _active(page) == set()
        page.evaluate("document.activeElement && document.activeElement.blur()")
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "pos-3":
                break
        else:
            pytest.fail("Tab never reached the third position")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        page.keyboard.press("Enter")
        assert _active(page) == items["pos-3"]
        page.keyboard.press("Shift+Tab")
        page.keyboard.press(" ")
        assert _active(page) == items["pos-2"]

        # Click a highlight: a panel lists exactly the items citing it; Esc closes it.
        panel = page.locator("#citing")
        assert not panel.is_visible()
        page.click('[data-sentence-id="10"]')
        expect(panel).to_be_visible()
        assert "Sentence 10" in panel.inner_text()
        listed = set(page.evaluate(
            "[...document.querySelectorAll('#citing [data-target]')].map(b => b.dataset.target)"
        ))  # fmt: skip
        assert listed == citing_10
        page.keyboard.press("Escape")
        expect(panel).to_be_hidden()
        assert page.evaluate("document.activeElement.dataset.sentenceId") == "10"

        # Keyboard on a highlight: Enter opens the panel, Enter on an entry selects it.
        page.focus('[data-sentence-id="8"]')
        page.keyboard.press("Enter")
        expect(panel).to_be_visible()
        target = page.evaluate("document.activeElement.dataset.target")
        assert target in items and "8" in items[target]
        page.keyboard.press("Enter")
        expect(panel).to_be_hidden()
        assert _active(page) == items[target]
        assert page.locator(f"#{target}.active").count() == 1

        # The warnings are collapsed and open on demand.
        details = page.locator("details.warnings")
        assert details.get_attribute("open") is None
        details.locator("summary").click()
        assert details.get_attribute("open") is not None
        details.locator("summary").click()

        page.click("#pos-1")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTIFACTS / "evidence.png"), full_page=True)

        # A 390 px phone: stacked, no horizontal scroll, also with a panel open.
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.on("request", lambda r: requests.append(r.url))
        phone.on("pageerror", lambda e: errors.append(str(e)))
        phone.goto(page_file.as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        box = phone.locator("#items").bounding_box()
        art = phone.locator("section.article").bounding_box()
        assert box is not None and art is not None and box["y"] >= art["y"] + art["height"]
        phone.click("#pos-1")
        assert _active(phone) == items["pos-1"]
        phone.click('[data-sentence-id="9"]')
        expect(phone.locator("#citing")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=str(ARTIFACTS / "evidence-mobile.png"))
        browser.close()
    assert errors == []
    assert requests and all(u.startswith("file://") for u in requests), requests
    assert (ARTIFACTS / "evidence.png").stat().st_size > 10_000
    assert (ARTIFACTS / "evidence-mobile.png").stat().st_size > 10_000
