"""The HTML briefing in a real headless browser (Debian's chromium through Playwright).

Runs where chromium and playwright are installed (CI installs both); elsewhere it skips,
unless SUMMARIZER_REQUIRE_BROWSER=1, which turns a missing browser into a failure.

Screenshots and the printed PDF go to ``test-artifacts/`` (gitignored): ``brief.png``
(desktop), ``brief-mobile.png`` (390 px wide), ``brief.pdf`` (print), and the same for
the recorded three-article case as ``brief-china*``. Page numbers in the PDF are read with
``pdftotext`` (poppler-utils) when it is installed; without it only the page count is
checked, from the PDF's bytes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.briefing import build_briefing
from summarizer.cli import app
from summarizer.models.briefing import Briefing
from summarizer.nlp.actors import actor_key
from summarizer.renderers.brief_html import render_brief_html
from summarizer.renderers.citations import stance_grid, timeline_rows
from tests.briefing.test_brief import _two_sources, dated_briefing
from tests.conftest import FIXTURES, ROOT

ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip
DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}


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


@pytest.fixture
def browser() -> Iterator[Any]:
    chromium = _browser_or_skip()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=FLAGS)
        yield b
        b.close()


def _open(browser: Any, page_file: Path, viewport: dict[str, int], requests: list[str]) -> Any:
    page = browser.new_page(viewport=viewport)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    return page


def _pdf_pages(pdf: Path) -> tuple[int, str | None]:
    """(page count, the text) — the text only when pdftotext is installed."""
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    count = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if shutil.which("pdftotext") is None:
        return count, None
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return count, text


def _check_pdf(pdf: Path, title: str) -> str | None:
    pages, text = _pdf_pages(pdf)
    assert pages >= 1
    if text is None:  # no pdftotext: the page count is all that can be read
        return None
    numbers = re.findall(r"(?m)\b(\d+) ?/ ?(\d+)\s*$", text)
    assert numbers == [(str(i), str(pages)) for i in range(1, pages + 1)], numbers
    assert text.count(title) >= pages + 1  # the running header on every page, and the h1
    return text


def _no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"scrolls sideways: {width}px"


def test_html_briefing_in_chromium(browser: Any, tmp_path: Path) -> None:
    page_file = tmp_path / "brief.html"
    page_file.write_text(render_brief_html(build_briefing(_two_sources(), title="HK brief")))
    requests: list[str] = []
    page = _open(browser, page_file, DESKTOP, requests)
    assert page.title() == "HK brief"
    assert [h.inner_text() for h in page.locator("h2").all()] == [
        "Executive summary", "Timeline", "Positions by country",
        "Peace proposals: stance grid", "Sources", "Citations",
    ]  # fmt: skip
    cell = page.locator("table.matrix td.stance").first
    assert cell.locator(".label").inner_text() == "disputed"
    assert cell.inner_text().startswith("⚠ disputed")
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(227, 214, 245)"
    first = page.locator("#timeline details").first
    quote = first.locator("blockquote")
    assert not quote.is_visible()
    first.locator("summary").click()
    assert quote.is_visible()
    assert "Police besieged Hong Kong Polytechnic University" in quote.inner_text()
    assert page.locator("ol.citations li").count() >= 3
    assert all(u.startswith("file://") for u in requests), requests


def _grid_rows(page: Any) -> list[str]:
    return [h.inner_text() for h in page.locator("table.grid tbody th[scope=row]").all()]


def _actors(note: Briefing) -> list[str]:
    """Each actor with a stance on any proposal, once, as the grid names it."""
    seen: dict[str, str] = {}
    for row in note.proposals:
        for cell in row.stances:
            a = cell.actor
            seen.setdefault(actor_key(a), f"{a.name} ({a.country_code})" if a.country_code
                            else a.name)  # fmt: skip
    return list(seen.values())


def test_dated_briefing_on_desktop_phone_and_paper(browser: Any, tmp_path: Path) -> None:
    note = dated_briefing()
    page_file = tmp_path / "brief.html"
    page_file.write_text(render_brief_html(note))
    requests: list[str] = []

    page = _open(browser, page_file, DESKTOP, requests)
    expected = [r.entry.id for r in timeline_rows(note)]
    assert expected == ["T4", "T1", "T2", "T3"]
    shown = page.locator("#timeline tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    assert shown == expected
    assert page.locator("#T2 td.when").inner_text() == "Monday\nreported 2024-05-18"
    assert page.locator("svg.strip circle").count() == 3  # the three dated entries
    # One grid row per actor with a stance, one column per proposal.
    assert _grid_rows(page) == _actors(note) == ["Russia (RUS)", "Ukraine (UKR)", "European Union"]
    assert len(stance_grid(note).actors) == 3
    assert page.locator("table.grid thead th.proposal").count() == len(note.proposals)
    labels = page.locator("table.grid tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map("
        "td => (td.querySelector('.label') || td).textContent.trim()))"
    )
    assert labels == [["disputed", "—"], ["rejects", "conditional"], ["—", "neutral"]]
    header = page.locator("header .period").inner_text()
    assert header == "Sources published 2024-05-16 – 2024-05-18"
    link = page.locator("#S1 a")
    assert link.get_attribute("href") == "https://www.theguardian.com/world/2024/may/16/kharkiv"
    notes = page.locator("details.notes")
    assert notes.get_attribute("open") is None
    assert not page.get_by_text("A position for Ukraine was left out").is_visible()
    notes.locator("summary").first.click()
    assert page.get_by_text("A position for Ukraine was left out").is_visible()
    page.reload()
    page.screenshot(path=str(ARTIFACTS / "brief.png"), full_page=True)

    # The same content read on paper: page numbers, the running header, the notes shown.
    page.pdf(path=str(ARTIFACTS / "brief.pdf"), format="A4")
    text = _check_pdf(ARTIFACTS / "brief.pdf", "Ukraine: week of 14 May")
    if text is not None:
        assert "A position for Ukraine was left out" in text  # opened for print
    page.close()

    phone = _open(browser, page_file, PHONE, requests)
    _no_horizontal_scroll(phone)
    cell = phone.locator("table.grid td.stance").first
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"  # cards, not columns
    assert cell.evaluate("e => getComputedStyle(e, '::before').content").startswith('"P1')
    assert phone.locator("table.grid thead").evaluate("e => e.getBoundingClientRect().width") <= 1
    phone.screenshot(path=str(ARTIFACTS / "brief-mobile.png"), full_page=True)
    phone.close()

    assert all(u.startswith("file://") for u in requests), requests
    assert (ARTIFACTS / "brief.png").stat().st_size > 10_000
    assert (ARTIFACTS / "brief-mobile.png").stat().st_size > 10_000


def test_recorded_briefing_on_phone_and_paper(browser: Any, tmp_path: Path) -> None:
    inputs = [str(FIXTURES / "articles" / n)
              for n in ("hk-guardian.txt", "hk-express.txt", "taipei-times.txt")]  # fmt: skip
    replay = str(FIXTURES / "recordings" / "brief-china")
    out = tmp_path / "note.json"
    result = CliRunner().invoke(app, ["brief", *inputs, "-o", str(out), "--replay", replay, "-q"])
    assert result.exit_code == 0, result.stderr
    note = Briefing.model_validate(json.loads(out.read_text()))
    page_file = tmp_path / "note.html"
    page_file.write_text(render_brief_html(note))
    requests: list[str] = []

    page = _open(browser, page_file, DESKTOP, requests)
    assert _grid_rows(page) == _actors(note)
    page.screenshot(path=str(ARTIFACTS / "brief-china.png"), full_page=True)
    page.pdf(path=str(ARTIFACTS / "brief-china.pdf"), format="A4")
    _check_pdf(ARTIFACTS / "brief-china.pdf", note.title)
    page.close()

    phone = _open(browser, page_file, PHONE, requests)
    _no_horizontal_scroll(phone)
    assert _grid_rows(phone) == _actors(note)
    phone.screenshot(path=str(ARTIFACTS / "brief-china-mobile.png"), full_page=True)
    phone.close()
    assert all(u.startswith("file://") for u in requests), requests
