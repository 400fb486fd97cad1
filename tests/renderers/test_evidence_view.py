"""The evidence view (`summarize -f html`, `summarizer view`): the article with every cited
sentence highlighted at its offsets beside the items citing it. Offline, no browser: the
page is parsed with the standard library; the recorded seed case supplies the summary."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from summarizer.document.article import Article
from summarizer.errors import InputError
from summarizer.models import ArticleSummary, Evidence
from summarizer.renderers.evidence_html import render_evidence_html
from summarizer.renderers.plain_words import plain_warning
from tests.conftest import FIXTURES, SEED

SEED_REC = FIXTURES / "recordings" / "putin-beijing"
OTHER = FIXTURES / "articles" / "kyiv-oreshnik.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def seed() -> tuple[ArticleSummary, Article]:
    summary = summarizer.summarize(SEED, recordings=SEED_REC, record_mode="replay")
    return summary, summarizer.clean(SEED)


@pytest.fixture(scope="module")
def page(seed: tuple[ArticleSummary, Article]) -> str:
    return render_evidence_html(*seed)


class _Page(HTMLParser):
    """Highlights (attributes and text) and item buttons (attributes) of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[tuple[dict[str, str], str]] = []
        self.items: list[dict[str, str]] = []
        self._in_mark: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "data-sentence-id" in a:
            assert self._in_mark is None, "highlights never nest"
            self._in_mark, self._text = a, []
        if tag == "button" and "data-sentences" in a:
            self.items.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._in_mark is not None:
            self.marks.append((self._in_mark, "".join(self._text)))
            self._in_mark = None

    def handle_data(self, data: str) -> None:
        if self._in_mark is not None:
            self._text.append(data)


def _parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    p.close()
    return p


def _all_evidence(s: ArticleSummary) -> list[Evidence]:
    out = [ev for e in s.events for ev in e.evidence]
    out += [ev for p in s.positions for ev in p.evidence]
    for pp in s.peace_proposals:
        out += pp.evidence
        out += [ev for st in pp.stances for ev in st.evidence]
    return out


# 1. Highlights come from the offsets --------------------------------------------------


def test_one_highlight_per_cited_sentence(seed: tuple[ArticleSummary, Article], page: str) -> None:
    summary, _ = seed
    cited = {ev.sentence_id for ev in _all_evidence(summary)}
    marks = _parse(page).marks
    ids = [int(a["data-sentence-id"]) for a, _ in marks]
    assert len(cited) >= 10  # the seed case cites a dozen sentences
    assert sorted(ids) == sorted(cited)  # each cited sentence exactly once


def test_each_highlight_is_the_text_at_its_offsets(
    seed: tuple[ArticleSummary, Article], page: str
) -> None:
    summary, article = seed
    spans = {ev.sentence_id: (ev.start, ev.end) for ev in _all_evidence(summary)}
    for attrs, text in _parse(page).marks:
        sid = int(attrs["data-sentence-id"])
        start, end = spans[sid]
        assert text == article.text[start:end]
        assert (int(attrs["data-start"]), int(attrs["data-end"])) == (start, end)
        sentence = article.sentence(sid)
        assert sentence is not None and text == sentence.text


def test_the_whole_article_is_shown_in_order(
    seed: tuple[ArticleSummary, Article], page: str
) -> None:
    _, article = seed
    body = page.split('<div class="text">', 1)[1].split("</div>", 1)[0]
    words = html.unescape(re.sub(r"<[^>]+>", "", body)).split()
    assert words == article.text.split()


def test_items_carry_their_evidence_ids(seed: tuple[ArticleSummary, Article], page: str) -> None:
    summary, _ = seed
    items = {a["id"]: a for a in _parse(page).items}
    expected = {f"ev-{n}": e.evidence for n, e in enumerate(summary.events, 1)}
    expected |= {f"pos-{n}": p.evidence for n, p in enumerate(summary.positions, 1)}
    for n, pp in enumerate(summary.peace_proposals, 1):
        expected[f"prop-{n}"] = pp.evidence
        expected |= {f"prop-{n}-st-{m}": st.evidence for m, st in enumerate(pp.stances, 1)}
    assert set(items) == set(expected)
    for dom_id, evidence in expected.items():
        got = {int(x) for x in items[dom_id]["data-sentences"].split()}
        assert got == {ev.sentence_id for ev in evidence}, dom_id
    kinds = {a["data-kind"] for a in items.values()}
    assert kinds == {"event", "position", "proposal", "stance"}


def test_colour_by_kind_and_several_kinds_are_listed(
    seed: tuple[ArticleSummary, Article], page: str
) -> None:
    summary, _ = seed
    by_id = {int(a["data-sentence-id"]): a for a, _ in _parse(page).marks}
    kinds: dict[int, set[str]] = {}
    for e in summary.events:
        for ev in e.evidence:
            kinds.setdefault(ev.sentence_id, set()).add("event")
    for p in summary.positions:
        for ev in p.evidence:
            kinds.setdefault(ev.sentence_id, set()).add("position")
    for pp in summary.peace_proposals:
        for ev in pp.evidence:
            kinds.setdefault(ev.sentence_id, set()).add("proposal")
        for st in pp.stances:
            for ev in st.evidence:
                kinds.setdefault(ev.sentence_id, set()).add("stance")
    assert any(len(k) > 1 for k in kinds.values()) and any(len(k) == 1 for k in kinds.values())
    for sid, k in kinds.items():
        attrs = by_id[sid]
        assert set(attrs["data-kinds"].split()) == k
        expected_class = f"k-{next(iter(k))}" if len(k) == 1 else "k-multi"
        assert expected_class in attrs["class"].split(), (sid, attrs["class"])


# 2. The page: self-contained, header, warnings ------------------------------------------


def test_page_is_self_contained(page: str) -> None:
    lowered = page.lower()
    for needle in ("<script src", "<link", "url(", "@import", "<img", "<iframe", "src="):
        assert needle not in lowered, needle
    assert "http://" not in lowered and "https://" not in lowered  # the seed has no URL
    assert page.count("<style>") == 1 and page.count("<script>") == 1


def test_header_has_title_provenance_and_legend(
    seed: tuple[ArticleSummary, Article], page: str
) -> None:
    summary, _ = seed
    assert f"<title>{summary.source.title}</title>" in page
    prov = summary.provenance
    for value in (prov.backend, prov.model, prov.prompt_version):
        assert value in page
    legend = page.split('<ul class="legend"', 1)[1].split("</ul>", 1)[0]
    for kind in ("event", "position", "stance", "proposal", "several kinds"):
        assert f">{kind}</span>" in legend


def test_warnings_are_collapsed_in_plain_words(
    seed: tuple[ArticleSummary, Article], page: str
) -> None:
    summary, _ = seed
    assert summary.warnings
    assert '<details class="warnings" id="warnings">' in page  # collapsed: no `open`
    for w in summary.warnings:
        assert escape(plain_warning(w)) in page


def test_plain_warning_wording() -> None:
    assert plain_warning(
        "dropped event 'The two leaders signed…': sentence 20 does not mention Russia or China"
    ) == (
        "An event (“The two leaders signed…”) was left out: its cited sentence 20 does not "
        "mention Russia or China."
    )
    assert plain_warning("pass positions: the model's answer was re-asked 1 time(s)") == (
        "The model's first answer for positions had to be corrected once."
    )
    assert plain_warning("something new") == "something new"


def test_everything_is_escaped_and_only_web_links_are_links(
    seed: tuple[ArticleSummary, Article],
) -> None:
    summary, article = seed
    hostile = summary.model_copy(
        update={
            "headline": "<script>alert(1)</script>",
            "source": summary.source.model_copy(
                update={"url": "javascript:alert(1)", "outlet": '"><b>x', "authors": ["<i>A</i>"]}
            ),
        }
    )
    out = render_evidence_html(hostile, article)
    assert "<script>alert(1)" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'href="javascript' not in out
    assert "&#34;&gt;&lt;b&gt;x" in out and "&lt;i&gt;A&lt;/i&gt;" in out
    web = summary.model_copy(
        update={
            "source": summary.source.model_copy(
                update={"url": "https://example.org/a?b=1&c=2", "published": "2024-05-16",
                        "outlet": "CNN", "authors": ["Simone McCarthy"]}
            )
        }
    )  # fmt: skip
    out = render_evidence_html(web, article)
    assert 'href="https://example.org/a?b=1&amp;c=2"' in out
    meta = out.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    for text in ("CNN", "published 2024-05-16", "by Simone McCarthy", "example.org/a"):
        assert text in meta


def test_a_summary_with_no_items_still_renders(seed: tuple[ArticleSummary, Article]) -> None:
    summary, article = seed
    empty = summary.model_copy(
        update={"events": [], "positions": [], "peace_proposals": [], "warnings": []}
    )
    out = render_evidence_html(empty, article)
    assert _parse(out).marks == [] and _parse(out).items == []
    assert "No events extracted." in out and "No peace proposal is reported" in out
    assert "<details" not in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)).count("Putin visits Beijing") >= 2


def test_a_different_text_is_refused(seed: tuple[ArticleSummary, Article]) -> None:
    summary, _ = seed
    with pytest.raises(InputError, match="the summary was made from a different text"):
        render_evidence_html(summary, summarizer.clean(OTHER))


def test_damaged_offsets_are_refused(seed: tuple[ArticleSummary, Article]) -> None:
    summary, article = seed
    event = summary.events[0]
    bad = event.evidence[0].model_copy(update={"start": event.evidence[0].start + 1})
    damaged = summary.model_copy(
        update={"events": [event.model_copy(update={"evidence": [bad]}), *summary.events[1:]]}
    )
    with pytest.raises(InputError, match="does not match the text"):
        render_evidence_html(damaged, article)


# 3. The command line ---------------------------------------------------------------------


def _strip_times(html: str) -> str:
    return re.sub(r"<time [^>]*>[^<]*</time>", "<time/>", html)


def _summarize(*args: object) -> Any:
    return runner.invoke(app, ["summarize", str(SEED), "--replay", str(SEED_REC), "-q",
                               *map(str, args)])  # fmt: skip


def test_view_round_trip_equals_summarize_html(tmp_path: Path) -> None:
    saved = tmp_path / "s.json"
    result = _summarize("-o", saved)
    assert result.exit_code == 0, result.output
    direct = _summarize("-f", "html")
    assert direct.exit_code == 0, direct.output
    viewed = runner.invoke(app, ["view", str(saved)])
    assert viewed.exit_code == 0, viewed.output
    assert viewed.stdout.startswith("<!DOCTYPE html>")
    assert _strip_times(viewed.stdout) == _strip_times(direct.stdout)
    out = tmp_path / "view.html"
    written = runner.invoke(app, ["view", str(saved), "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert out.read_text(encoding="utf-8") == viewed.stdout


def test_view_refuses_an_article_that_changed(tmp_path: Path) -> None:
    saved = tmp_path / "s.json"
    assert _summarize("-o", saved).exit_code == 0
    result = runner.invoke(app, ["view", str(saved), "--article", str(OTHER)])
    assert result.exit_code == 2, result.output
    assert "the article changed since the summary was made" in result.stderr
    assert "--article" in result.stderr
    # The same through source.input: the article file was edited after summarising.
    article = tmp_path / "article.txt"
    article.write_text(SEED.read_text(encoding="utf-8") + "\nA late correction.\n")
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["source"]["input"] = str(article)
    saved.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["view", str(saved)])
    assert result.exit_code == 2, result.output
    assert "the article changed since the summary was made" in result.stderr


def test_view_finds_a_relative_article_beside_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "s.json"
    assert _summarize("-o", saved).exit_code == 0
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["source"]["input"] = "a.txt"
    saved.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.chdir(FIXTURES)  # no a.txt here
    result = runner.invoke(app, ["view", str(saved)])
    assert result.exit_code == 0, result.output
    assert "data-sentence-id" in result.stdout


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("two", "holds 2 summaries; `view` shows one"),
        ("stdin", "the summary was made from standard input"),
        ("missing", "no such file"),
        ("not-json", "not valid JSON"),
    ],
)
def test_view_input_errors_exit_2(tmp_path: Path, setup: str, message: str) -> None:
    saved = tmp_path / "s.json"
    assert _summarize("-o", saved).exit_code == 0
    one = json.loads(saved.read_text(encoding="utf-8"))
    if setup == "two":
        saved.write_text(json.dumps([one, one]), encoding="utf-8")
    elif setup == "stdin":
        one["source"]["input"] = "-"
        saved.write_text(json.dumps(one), encoding="utf-8")
    elif setup == "missing":
        saved = tmp_path / "nope.json"
    else:
        saved.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["view", str(saved)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "internal error" not in result.output


def test_view_help_has_examples() -> None:
    result = runner.invoke(app, ["view", "-h"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("Usage: summarizer view [OPTIONS]") and "SUMMARY.json" in first
    assert "Examples:" in result.stdout
