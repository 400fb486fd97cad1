"""The HTML briefing in a real headless browser (Debian's chromium through Playwright).

Runs where chromium and playwright are installed (CI installs both); elsewhere it skips,
unless SUMMARIZER_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from summarizer.briefing import build_briefing
from summarizer.renderers.brief_html import render_brief_html
from tests.conftest import ROOT
from tests.test_brief import _two_sources

ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip


def _browser_or_skip() -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        chromium = None
    if chromium is None:
        if os.environ.get("SUMMARIZER_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium or playwright is missing (apt-get install chromium; "
                        "pip install playwright)")  # fmt: skip
        pytest.skip("chromium or playwright not installed")
    return chromium


def test_html_briefing_in_chromium(tmp_path: Path) -> None:
    chromium = _browser_or_skip()
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "brief.html"
    page_file.write_text(render_brief_html(build_briefing(_two_sources(), title="HK brief")))
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        assert page.title() == "HK brief"
        assert [h.inner_text() for h in page.locator("h2").all()][:4] == [
            "Executive summary", "Timeline", "Positions by country",
            "Peace proposals: stance matrix",
        ]  # fmt: skip
        cell = page.locator("table.matrix td.stance").first
        assert cell.inner_text().startswith("disputed")
        assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(227, 214, 245)"
        first = page.locator("#timeline details").first
        quote = first.locator("blockquote")
        assert not quote.is_visible()
        first.locator("summary").click()
        assert quote.is_visible()
        assert "Police besieged Hong Kong Polytechnic University" in quote.inner_text()
        assert page.locator("ol.citations li").count() >= 3
        page.screenshot(path=str(ARTIFACTS / "brief.png"), full_page=True)
        browser.close()
    assert all(u.startswith("file://") for u in requests), requests
    assert (ARTIFACTS / "brief.png").stat().st_size > 10_000
