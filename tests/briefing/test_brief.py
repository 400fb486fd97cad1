"""Briefings: merging across sources, the stance matrix, Markdown and self-contained HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.briefing import build_briefing
from summarizer.cli import app
from summarizer.document.article import article_from_text
from summarizer.grounding.evidence import evidence_for
from summarizer.models import (
    Actor,
    ArticleSummary,
    Event,
    PeaceProposal,
    Position,
    Stance,
)
from summarizer.models.briefing import Briefing, Period
from summarizer.renderers.brief_html import render_brief_html
from summarizer.renderers.brief_markdown import render_brief_markdown
from summarizer.renderers.citations import plain_warning, stance_grid, timeline_rows
from tests.builders import CHN, GBR, HKG, RUS, UKR, country, make_summary

TUR = country("Turkey", "TUR")
EU = Actor(name="European Union", kind="organisation")

A = article_from_text(
    "Police besieged Hong Kong Polytechnic University on Monday.\n\n"
    "China warned it would not sit on its hands.\n\nBritain urged an end to the violence."
)
B = article_from_text(
    "Hundreds of protesters were trapped as police besieged the Polytechnic University campus "
    "in Hong Kong.\n\nBritain said it supports talks."
)


def _two_sources() -> list[ArticleSummary]:
    s1 = make_summary(
        A, "a.txt",
        events=[Event(id="e1", description="Police besieged Polytechnic University in Hong Kong.",
                      actors=[HKG], action="coerce", evidence=evidence_for(A, [1]))],
        positions=[Position(actor=CHN, position="Will act.", evidence=evidence_for(A, [2]))],
        peace_proposals=[PeaceProposal(
            id="p1", proposer=GBR, summary="End the violence and hold a dialogue.",
            evidence=evidence_for(A, [3]),
            stances=[Stance(actor=CHN, stance="rejects", evidence=evidence_for(A, [2]))])],
    )  # fmt: skip
    s2 = make_summary(
        B, "b.txt",
        events=[Event(id="e1", description="Police besieged the Polytechnic University campus.",
                      actors=[HKG], action="coerce", evidence=evidence_for(B, [1]))],
        peace_proposals=[PeaceProposal(
            id="p1", proposer=GBR, summary="Talks to end the violence.",
            evidence=evidence_for(B, [2]),
            stances=[Stance(actor=CHN, stance="neutral", evidence=evidence_for(B, [2]))])],
    )  # fmt: skip
    return [s1, s2]


def test_same_event_from_two_sources_is_merged_and_disagreement_flagged() -> None:
    note = build_briefing(_two_sources(), title="HK")
    assert len(note.timeline) == 1
    entry = note.timeline[0]
    assert entry.event_ids == ["S1:e1", "S2:e1"]
    assert {c.source for c in entry.citations} == {"S1", "S2"}
    [row] = note.proposals
    assert row.sources == ["S1", "S2"]
    [cell] = row.stances
    assert (cell.stance, cell.disagreement) == ("disputed", True)
    assert cell.by_source == {"S1": "rejects", "S2": "neutral"}
    assert note.executive_summary_by == "rules" and 1 <= len(note.executive_summary) <= 5


def test_markdown_has_tables_and_numbered_citations() -> None:
    md = render_brief_markdown(build_briefing(_two_sources(), title="HK"))
    assert md.startswith("# HK\n")
    assert "| T1 |" in md and "| S1, S2 |" in md
    assert "⚠ sources disagree" in md
    notes = re.findall(r"^\[\^(\d+)\]: (S\d), sentence (\d+): “(.+)”$", md, re.M)
    assert notes and all(f"[^{n}]" in md.split("\n[^1]:")[0] for n, *_ in notes)
    assert ("1", "S1", "1", "Police besieged Hong Kong Polytechnic University on Monday.") in notes


def test_html_is_self_contained() -> None:
    html = render_brief_html(build_briefing(_two_sources(), title="HK <b>"))
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    # Links to the sources' pages are the only web addresses, and nothing is fetched.
    dated = render_brief_html(dated_briefing())
    assert not re.search(r"""\ssrc\s*=""", dated) and "<link" not in dated
    assert re.findall(r"""href=["']?(https?:[^"'>]+)""", dated) == [
        "https://www.theguardian.com/world/2024/may/16/kharkiv",
        "https://www.lemonde.fr/en/kyiv-talks",
    ]
    assert "<title>HK &lt;b&gt;</title>" in html
    assert 'class="stance stance-disputed"' in html and "Legend:" in html
    assert html.count("<details") >= 4


def test_brief_cli_from_summary_files_without_a_model(tmp_path: Path) -> None:
    paths = []
    for i, s in enumerate(_two_sources()):
        p = tmp_path / f"s{i}.json"
        p.write_text(s.model_dump_json())
        paths.append(str(p))
    out = tmp_path / "note.json"
    result = CliRunner().invoke(app, ["brief", *paths, "-o", str(out), "--no-llm", "-q"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["timeline"][0]["event_ids"] == ["S1:e1", "S2:e1"]
    assert [s["input"] for s in data["sources"]] == ["a.txt", "b.txt"]


def test_recorded_three_article_briefing(tmp_path: Path) -> None:
    from summarizer.document.article import load_article
    from tests.conftest import FIXTURES

    inputs = [str(FIXTURES / "articles" / n)
              for n in ("hk-guardian.txt", "hk-express.txt", "taipei-times.txt")]  # fmt: skip
    replay = str(FIXTURES / "recordings" / "brief-china")
    out = tmp_path / "note.json"
    result = CliRunner().invoke(app, ["brief", *inputs, "-o", str(out), "--replay", replay, "-q"])
    assert result.exit_code == 0, result.stderr
    note = json.loads(out.read_text())
    assert note["executive_summary_by"].startswith("model:local/")
    assert 3 <= len(note["executive_summary"]) <= 5
    assert all(b["citations"] and b["refs"] for b in note["executive_summary"])
    texts = {f"S{i}": load_article(p).text for i, p in enumerate(inputs, start=1)}
    cited = [c for t in note["timeline"] for c in t["citations"]]
    cited += [c for b in note["executive_summary"] for c in b["citations"]]
    cited += [c for g in note["positions"] for s in g["statements"] for c in s["citations"]]
    assert cited
    for c in cited:
        assert texts[c["source"]][c["start"] : c["end"]] == c["quote"]
    merged = [t for t in note["timeline"] if len({c["source"] for c in t["citations"]}) > 1]
    assert merged, "no event merged across sources"
    assert any("Polytechnic" in c["quote"] for t in merged for c in t["citations"])
    assert note["period"] is None  # plain-text inputs: no publication date is known
    assert all({"outlet", "url", "published"} <= set(s) for s in note["sources"])
    actors = {(c["actor"]["country_code"] or c["actor"]["name"]) for p in note["proposals"]
              for c in p["stances"]}  # fmt: skip
    for fmt, marker in (("md", "## Timeline"), ("html", '<section id="timeline">')):
        path = tmp_path / f"note.{fmt}"
        r = CliRunner().invoke(app, ["brief", *inputs, "-o", str(path), "--replay", replay, "-q"])
        assert r.exit_code == 0 and marker in path.read_text()
    page = (tmp_path / "note.html").read_text()
    assert page.count('<th scope="row" class="actor">') == len(actors)
    assert ('<details class="notes">' in page) == bool(note["warnings"])


# --- a briefing with outlets, dates and `when` values: sorting, the grid, the sources ---

K1 = article_from_text(
    "Russian forces shelled Kharkiv on 14 May.\n\n"
    "China proposed a ceasefire along the current front lines.\n\n"
    "Russia welcomed the Chinese ceasefire plan.\n\n"
    "Ukraine rejected the Chinese ceasefire plan as a freeze."
)
K2 = article_from_text(
    "Ukraine's parliament met in Kyiv on Monday.\n\n"
    "Russia rejected the Chinese ceasefire plan as premature.\n\n"
    "Turkey offered to host talks in Istanbul.\n\n"
    "Ukraine supports talks in Istanbul if Russia withdraws.\n\n"
    "The European Union said it was neutral on the venue."
)
K3 = article_from_text(
    "Drones struck a refinery in Ryazan.\n\nA prisoner exchange took place in May."
)
WARNINGS = [
    "pass positions: the model's answer was re-asked 1 time(s)",
    "dropped position of Ukraine: sentence 2 does not mention Ukraine",
]


def _with_source(s: ArticleSummary, **source: object) -> ArticleSummary:
    return s.model_copy(update={"source": s.source.model_copy(update=source)})


def dated_sources() -> list[ArticleSummary]:
    """Three sources: two with outlet, date and link, one known only by its file; events
    dated by an ISO `when`, by free text, by the source's date, and not at all."""
    kharkiv = Event(
        id="e1",
        description="Russian forces shelled Kharkiv.",
        actors=[RUS],
        action="assault",
        when="2024-05-14",
        evidence=evidence_for(K1, [1]),
    )
    plan = PeaceProposal(
        id="p1",
        proposer=CHN,
        summary="A ceasefire along the current front lines.",
        evidence=evidence_for(K1, [2]),
        stances=[
            Stance(actor=RUS, stance="supports", evidence=evidence_for(K1, [3])),
            Stance(actor=UKR, stance="rejects", evidence=evidence_for(K1, [4])),
        ],
    )
    s1 = make_summary(K1, "guardian.html", events=[kharkiv], peace_proposals=[plan])
    s1 = _with_source(
        s1,
        title="Russia shells Kharkiv",
        outlet="The Guardian",
        published="2024-05-16T08:00:00+00:00",
        url="https://www.theguardian.com/world/2024/may/16/kharkiv",
    )
    rada = Event(
        id="e1",
        description="Ukraine's parliament met in Kyiv.",
        actors=[UKR],
        action="other",
        when="Monday",
        evidence=evidence_for(K2, [1]),
    )
    plan2 = PeaceProposal(
        id="p1",
        proposer=CHN,
        summary="A ceasefire on the current front lines, as China proposed.",
        evidence=evidence_for(K2, [2]),
        stances=[Stance(actor=RUS, stance="rejects", evidence=evidence_for(K2, [2]))],
    )
    talks = PeaceProposal(
        id="p2",
        proposer=TUR,
        summary="Talks hosted in Istanbul.",
        evidence=evidence_for(K2, [3]),
        stances=[
            Stance(actor=UKR, stance="conditional", evidence=evidence_for(K2, [4])),
            Stance(actor=EU, stance="neutral", evidence=evidence_for(K2, [5])),
        ],
    )
    s2 = make_summary(
        K2, "monde.html", events=[rada], peace_proposals=[plan2, talks], warnings=WARNINGS
    )
    s2 = _with_source(
        s2,
        title="Kyiv weighs talks",
        outlet="Le Monde",
        published="2024-05-18",
        url="https://www.lemonde.fr/en/kyiv-talks",
    )
    refinery = Event(
        id="e1",
        description="Drones struck a refinery in Ryazan.",
        action="assault",
        evidence=evidence_for(K3, [1]),
    )
    swap = Event(
        id="e2",
        description="A prisoner exchange took place.",
        action="other",
        when="2024-05",
        evidence=evidence_for(K3, [2]),
    )
    s3 = make_summary(K3, "notes/c.txt", events=[refinery, swap])
    s3 = _with_source(s3, title=None)
    return [s1, s2, s3]


def dated_briefing(**source: object) -> Briefing:
    """The dated sources as a briefing; ``source`` overrides fields of the first source."""
    summaries = dated_sources()
    if source:
        summaries[0] = _with_source(summaries[0], **source)
    return build_briefing(summaries, title="Ukraine: week of 14 May")


def test_sources_carry_outlet_date_and_link_and_the_briefing_its_period() -> None:
    note = dated_briefing()
    assert note.period == Period(start="2024-05-16", end="2024-05-18")
    s1, s2, s3 = note.sources
    assert (s1.outlet, s1.published, s1.url) == (
        "The Guardian", "2024-05-16T08:00:00+00:00",
        "https://www.theguardian.com/world/2024/may/16/kharkiv",
    )  # fmt: skip
    assert (s2.outlet, s2.published) == ("Le Monde", "2024-05-18")
    assert (s3.outlet, s3.published, s3.url, s3.title) == (None, None, None, None)
    # The Briefing keeps its merge order and ids; each entry knows its source's date.
    assert [(t.id, t.when, t.reported) for t in note.timeline] == [
        ("T1", "2024-05-14", "2024-05-16"), ("T2", "Monday", "2024-05-18"),
        ("T3", None, None), ("T4", "2024-05", None),
    ]  # fmt: skip
    assert build_briefing(_two_sources(), title="HK").period is None


def test_timeline_is_shown_by_date_without_inventing_any() -> None:
    note = dated_briefing()
    rows = timeline_rows(note)
    # T4 "2024-05" < T1 "2024-05-14" < T2 (Monday, reported 2024-05-18) < T3 undated.
    assert [(r.entry.id, r.date, r.dated_by) for r in rows] == [
        ("T4", "2024-05", "event"), ("T1", "2024-05-14", "event"),
        ("T2", "2024-05-18", "reported"), ("T3", None, ""),
    ]  # fmt: skip
    html = render_brief_html(note)
    timeline = html.split('<section id="timeline">')[1].split("</section>")[0]
    assert re.findall(r'<tr id="(T\d)">', timeline) == ["T4", "T1", "T2", "T3"]
    when = dict(re.findall(r'<tr id="(T\d)"><td data-label="#">T\d</td><td[^>]*>(.*?)</td>',
                           timeline))  # fmt: skip
    assert when == {
        "T4": "2024-05", "T1": "2024-05-14",
        "T2": 'Monday<br><span class="reported">reported 2024-05-18</span>',
        "T3": '<span class="undated">undated</span>',
    }  # fmt: skip
    md = render_brief_markdown(note)
    assert re.findall(r"^\| (T\d) \| ([^|]*) \|", md, re.M) == [
        ("T4", "2024-05"), ("T1", "2024-05-14"),
        ("T2", "Monday<br>*reported 2024-05-18*"), ("T3", "*undated*"),
    ]  # fmt: skip
    # A `when` that is not a real ISO date sorts by the source's date, shown as written.
    from summarizer.renderers.citations import iso_date

    assert [iso_date(x) for x in ("2024-05-16", "2024-05", " 2024-05 ", "2024-13", "May 2024",
                                  "2024-02-30", None)] == [
        "2024-05-16", "2024-05", "2024-05", None, None, None, None]  # fmt: skip


def test_stance_grid_has_one_row_per_actor_and_one_column_per_proposal() -> None:
    note = dated_briefing()
    grid = stance_grid(note)
    assert [a.name for a in grid.actors] == ["Russia", "Ukraine", "European Union"]
    assert [p.id for p in grid.proposals] == ["P1", "P2"]
    p1, p2 = note.proposals
    assert grid.cell(RUS, p1).stance == "disputed"  # type: ignore[union-attr]
    assert grid.cell(RUS, p2) is None
    html = render_brief_html(note)
    table = html.split('<table class="matrix grid cards">')[1].split("</table>")[0]
    rows = re.findall(r"<tr><th scope=\"row\" class=\"actor\">(.*?)</th>(.*?)</tr>", table, re.S)
    assert [name for name, _ in rows] == ["Russia (RUS)", "Ukraine (UKR)", "European Union"]
    cells = [re.findall(r'<td class="(?:stance stance-(\w+)|no-stance)"', r) for _, r in rows]
    assert cells == [["disputed", ""], ["rejects", "conditional"], ["", "neutral"]]
    # Colour and a text label (and a symbol): it reads in black and white too.
    assert '<span class="sym" aria-hidden="true">⚠</span> <b class="label">disputed</b>' in table
    assert "S1 supports · S2 rejects" in table
    # A long summary is cut above its column; the whole of it is in the title and below.
    assert (
        '<th scope="col" class="proposal" title="A ceasefire along the current front lines.">'
        in table
    )
    md = render_brief_markdown(note)
    assert "| Actor | P1 · China (CHN) | P2 · Turkey (TUR) |" in md
    assert "| Russia (RUS) | ⚠ **disputed** (S1 supports, S2 rejects) | — |" in md
    assert "| European Union | — | ○ **neutral** |" in md
    assert "- Russia (RUS): **disputed** ⚠ sources disagree — S1: supports, S2: rejects" in md


def test_sources_are_named_by_outlet_title_date_and_link() -> None:
    html = render_brief_html(dated_briefing())
    sources = html.split('<section id="sources">')[1].split("</section>")[0]
    assert (
        '<li id="S1" title="guardian.html"><b>S1</b> <span class="outlet">The Guardian</span> · '
        "<cite>Russia shells Kharkiv</cite> · published "
        '<time datetime="2024-05-16T08:00:00+00:00">2024-05-16</time> · '
        '<a href="https://www.theguardian.com/world/2024/may/16/kharkiv">'
    ) in sources
    assert '<li id="S3" title="notes/c.txt"><b>S3</b> <code>notes/c.txt</code></li>' in sources
    assert "<code>guardian.html</code>" not in sources  # the path only when nothing else is
    assert "Sources published <b>2024-05-16 – 2024-05-18</b>" in html
    assert "3 sources (The Guardian; Le Monde; c.txt)" in html
    md = render_brief_markdown(dated_briefing())
    assert (
        "- **S1**: **The Guardian** · *Russia shells Kharkiv* · published 2024-05-16 · "
        "<https://www.theguardian.com/world/2024/may/16/kharkiv>"
    ) in md
    assert "- **S3**: `notes/c.txt`" in md and "Sources published **2024-05-16 – 2024-05-18**" in md


def test_only_web_addresses_become_links() -> None:
    note = dated_briefing(url="javascript:alert(1)")
    html = render_brief_html(note)
    assert re.findall(r'href="([^"#]+)"', html) == ["https://www.lemonde.fr/en/kyiv-talks"]
    assert '<span class="url">javascript:alert(1)</span>' in html
    md = render_brief_markdown(note)
    assert "`javascript:alert(1)`" in md and "<javascript" not in md


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("pass positions: the model's answer was re-asked 1 time(s)",
         "The model's first answer for positions had to be corrected once."),
        ("pass proposals: the model's answer was re-asked 2 time(s); unsupported items were "
         "dropped", "The model's first answer for peace proposals had to be corrected twice. "
         "Items it could not back with a sentence were left out."),
        ("dropped position of Philippines: sentence 7 does not mention Philippines",
         "A position for Philippines was left out: its cited sentence 7 does not mention "
         "Philippines."),
        ("dropped peace proposal by Taiwan: sentence 7, 9 does not mention Taiwan",
         "A peace proposal by Taiwan was left out: its cited sentences 7, 9 do not mention "
         "Taiwan."),
        ("dropped stance of China: sentence 30 does not exist; the article has sentences 1-27",
         "A stance taken by China was left out: it cites sentence 30, but the article has "
         "only 27 sentences."),
        ("pass overview: the model's answer was cut off at 4096 tokens, so this pass gave no "
         "items", "No events were taken from this source: the model's answer was too long "
         "and was cut off."),
        ("executive summary: failed validation after 2 attempts; written by rules instead",
         "The model's executive summary could not be used, so the summary was written by "
         "fixed rules from the timeline and positions instead."),
        ("something new", "something new"),
    ],
)  # fmt: skip
def test_warnings_in_plain_words(raw: str, plain: str) -> None:
    assert plain_warning(raw) == plain


def test_warnings_go_to_a_collapsed_appendix_with_the_original_kept() -> None:
    note = dated_briefing()
    assert note.warnings == [f"monde.html: {w}" for w in WARNINGS]
    html = render_brief_html(note)
    assert "<h2>Warnings</h2>" not in html
    appendix = html.split('<section id="warnings" class="appendix">')[1].split("</section>")[0]
    assert appendix.startswith('<h2>Appendix: processing notes</h2>\n<details class="notes">')
    assert (
        '<li title="monde.html: dropped position of Ukraine: sentence 2 does not mention Ukraine">'
        '<a href="#S2">S2</a> (Le Monde): A position for Ukraine was left out: its cited '
        "sentence 2 does not mention Ukraine."
    ) in appendix
    assert (
        "<code>monde.html: pass positions: the model&#39;s answer was re-asked 1 time(s)</code>"
        in appendix
    )
    assert html.index('id="warnings"') > html.index('id="citations"')  # the very end
    md = render_brief_markdown(note)
    tail = md.split("## Appendix: processing notes")[1]
    assert "## " not in tail and md.index("## Sources") < md.index("## Appendix")
    assert (
        "- **S2** (Le Monde): The model's first answer for positions had to be corrected once.\n"
        "  - original message: `monde.html: pass positions: the model's answer was re-asked "
        "1 time(s)`"
    ) in tail


def test_the_executive_summary_reads_the_most_told_entries_when_there_are_too_many() -> None:
    from summarizer.briefing import MAX_SUMMARY_ITEMS, _for_summary
    from summarizer.models.briefing import Citation, TimelineEntry

    def entry(n: int, sources: int) -> TimelineEntry:
        cites = [Citation(source=f"a{k}", sentence_id=1, quote="x", start=0, end=1)
                 for k in range(sources)]  # fmt: skip
        return TimelineEntry(id=f"T{n}", description=f"event {n}", action="assault",
                             citations=cites, event_ids=[f"e{n}"])  # fmt: skip

    timeline = [entry(n, 2 if n % 10 == 0 else 1) for n in range(1, 71)]
    texts = {t.id: t.description for t in timeline} | {"S1:RUS": "Russia: wants talks."}
    items = _for_summary(texts, timeline)
    ids = [i for i, _ in items]
    assert len(items) == MAX_SUMMARY_ITEMS and "S1:RUS" in ids
    assert {"T10", "T20", "T30", "T70"} <= set(ids)  # told by two sources: kept
    assert ids == [i for i in texts if i in set(ids)]  # in their order
    small = dict(list(texts.items())[:5])
    assert _for_summary(small, timeline) == list(small.items())


def test_refs_written_into_a_bullet_are_removed_with_a_warning() -> None:
    from summarizer.briefing import _without_refs

    leaked = "China warned it “will not sit on our hands”,  refs: 3, 4, 5, 6, 27, ."
    assert _without_refs(leaked) == "China warned it “will not sit on our hands”."
    clean = "Protesters clash with police in Hong Kong on 17 November, 2019."
    assert _without_refs(clean) == clean
    # the re-recorded brief-china: the timeline's ids in brackets
    tagged = "The People's Daily warned there is 'absolutely no room for compromise' (refs: T1)."
    assert _without_refs(tagged) == (
        "The People's Daily warned there is 'absolutely no room for compromise'."
    )
    assert _without_refs("No refs here (T1 is a label).") == "No refs here (T1 is a label)."


def test_markdown_shows_html_in_the_text_and_never_runs_it() -> None:
    """A page title, an article sentence and model text holding HTML (issue 27, item 4):
    both Markdown renderers escape ``&``, ``<`` and ``>``, so a CommonMark renderer shows
    the characters instead of running them."""
    from summarizer.models import Source
    from summarizer.renderers.markdown import render_markdown

    img, svg = "<img src=x onerror=alert(1)>", "<svg onload=alert(2)>"
    article = article_from_text(f"China warned Taiwan {svg} on Monday.\n\nUK & US said so.")
    summary = make_summary(
        article, "a.txt",
        source=Source(input="a.txt", title=f"Title {img}", sha256=article.sha256),
        headline=f"Headline {img}", summary=f"Summary {svg}",
        events=[Event(id="e1", description=f"Warned {img}", actors=[CHN], action="threaten",
                      evidence=evidence_for(article, [1]))],
        positions=[Position(actor=CHN, position=f"Warns {svg}",
                            evidence=evidence_for(article, [1, 2]))],
    )  # fmt: skip
    page = render_markdown(summary)
    note = render_brief_markdown(build_briefing([summary], title=f"Note {img}"))
    for text in (page, note):
        assert "<img" not in text and "<svg" not in text
        assert "&lt;svg onload=alert(2)&gt;" in text  # the quote, shown as written
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "Note &lt;img" in note
    assert "UK &amp; US said so." in page


def _event(n: int, article: object, sentence: int, **fields: object) -> Event:
    return Event(id=f"e{n}", evidence=evidence_for(article, [sentence]), **fields)  # type: ignore[arg-type]


STORY = article_from_text(
    "Russia struck Kyiv with missiles on Sunday.\n\n"
    "Military ties between Russia and China have strengthened in recent years.\n\n"
    "Ukraine shot down 30 drones.\n\n"
    "Russia and Ukraine agreed to a prisoner swap in 2022."
)
OTHER = article_from_text(
    "China proposed talks on Monday.\n\nChina relies on Russian oil for its factories."
)


def _story_sources() -> list[ArticleSummary]:
    s1 = make_summary(STORY, "story.txt", events=[
        _event(1, STORY, 1, description="Russia struck Kyiv.", action="assault", source=RUS,
               target=UKR, when="on Sunday", date="2024-05-19"),
        _event(2, STORY, 2, description="Russia and China tightened military ties.",
               action="cooperate", source=RUS, target=CHN),
        _event(3, STORY, 3, description="Ukraine shot down drones.", action="fight",
               source=UKR),
        _event(4, STORY, 4, description="A prisoner swap was agreed.", action="agree",
               source=RUS, target=UKR, when="in 2022", date="2022"),
        _event(5, STORY, 3, description="Ukraine downed 30 drones.", action="fight",
               source=UKR),  # the same sentence told twice
    ])  # fmt: skip
    s2 = make_summary(OTHER, "other.txt", events=[
        _event(1, OTHER, 1, description="China proposed talks.", action="consult",
               source=CHN, when="on Monday"),
        _event(2, OTHER, 2, description="China relies on Russian oil.", action="cooperate",
               source=CHN, target=RUS),
    ])  # fmt: skip
    return [s1, s2]


def test_the_timeline_runs_by_event_date_keeps_roles_and_folds_background() -> None:
    note = build_briefing(_story_sources(), title="Story")
    by_id = {t.id: t for t in note.timeline}
    assert [t.id for t in note.timeline] == [f"T{n}" for n in range(1, len(note.timeline) + 1)]
    assert [(t.description, t.date) for t in note.timeline[:2]] == [
        ("A prisoner swap was agreed.", "2022"), ("Russia struck Kyiv.", "2024-05-19"),
    ]  # fmt: skip
    strike = note.timeline[1]
    assert (strike.source, strike.target, strike.action) == (RUS, UKR, "assault")
    drones = [t for t in note.timeline if t.action == "fight"]
    assert len(drones) == 1 and drones[0].event_ids == ["S1:e3", "S1:e5"]  # one sentence
    background = {t.description for t in note.timeline if t.background}
    assert background == {"Russia and China tightened military ties.",
                          "China relies on Russian oil."}  # fmt: skip
    assert not by_id["T1"].background and not drones[0].background  # told in the past
    md = render_brief_markdown(note)
    main, rest = md.split("### Background", 1)
    assert "| T2 | 2024-05-19<br>on Sunday | assault | **Russia → Ukraine**: Russia struck" in main
    assert "tightened military ties" not in main and "tightened military ties" in rest
    html = render_brief_html(note)
    folded = html.split('<details class="background">', 1)[1].split("</tbody></table>", 1)[0]
    assert "China relies on Russian oil." in folded and "Russia struck Kyiv." not in folded
    assert '<b class="who">Russia → Ukraine</b>' in html


def test_the_rules_summary_covers_every_source() -> None:
    sources = _story_sources()
    note = build_briefing(sources, title="Story")
    cited = {c.source for b in note.executive_summary for c in b.citations}
    assert cited == {"S1", "S2"}
    texts = [b.text for b in note.executive_summary]
    assert "Russia struck Kyiv." in texts and "China proposed talks." in texts
    assert "China relies on Russian oil." not in texts  # background is not news


def test_brief_dates_saved_summaries_of_text_per_input(tmp_path: Path) -> None:
    paths = []
    for i, s in enumerate(_story_sources()):
        undated = s.model_copy(update={"events": [
            e.model_copy(update={"date": None}) for e in s.events]})  # fmt: skip
        path = tmp_path / f"s{i}.json"
        path.write_text(undated.model_dump_json(), encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "note.json"
    result = CliRunner().invoke(app, ["brief", *paths, "--no-llm", "-o", str(out), "-q",
                                      "--published", "2024-05-21", "--published", "2024-05-22",
                                      "--outlet", "Wire"])  # fmt: skip
    assert result.exit_code == 0, result.output
    note = json.loads(out.read_text())
    assert [(s["published"], s["outlet"]) for s in note["sources"]] == [
        ("2024-05-21", "Wire"), ("2024-05-22", "Wire")]  # fmt: skip
    dates = {t["description"]: t["date"] for t in note["timeline"]}
    assert dates["Russia struck Kyiv."] == "2024-05-19"  # "on Sunday" before the 21st
    assert dates["China proposed talks."] == "2024-05-20"  # "on Monday" before the 22nd
    wrong = CliRunner().invoke(app, ["brief", *paths, "--no-llm", "-o", str(out), "-q",
                                     "--published", "2024-05-21", "--published", "2024-05-22",
                                     "--published", "2024-05-23"])  # fmt: skip
    assert wrong.exit_code == 3 and "3 published values for 2 inputs" in wrong.output


def test_backticks_in_a_source_cannot_end_its_code_span() -> None:
    """Second adversarial pass, N1: a page's og:url of "x `` <img onerror> ``" ended the
    code span the sources line puts it in, and a CommonMark renderer ran the <img>."""
    from markdown_it import MarkdownIt

    from summarizer.models import Source
    from summarizer.renderers.markdown import render_markdown

    evil = "x `` <img src=x onerror=alert(1)> ``"
    summary = make_summary(A, evil, source=Source(input=evil, url=evil, sha256=A.sha256))
    html_of = MarkdownIt("commonmark", {"html": True}).render
    for text in (render_markdown(summary),
                 render_brief_markdown(build_briefing([summary], title="Note"))):  # fmt: skip
        rendered = html_of(text)
        assert "<img" not in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered


def test_who_acted_on_whom_is_a_small_matrix_of_timeline_ids() -> None:
    note = build_briefing(_story_sources(), title="Story")
    from summarizer.renderers.citations import acts_matrix

    matrix = acts_matrix(note)
    strike = next(t for t in note.timeline if t.description == "Russia struck Kyiv.")
    swap = next(t for t in note.timeline if t.description == "A prisoner swap was agreed.")
    assert [a.country_code for a in matrix.sources] == ["RUS"]
    assert [a.country_code for a in matrix.targets] == ["UKR"]  # background pairs aside
    assert matrix.ids(RUS, UKR) == [swap.id, strike.id]
    md = render_brief_markdown(note)
    assert f"| Russia | {swap.id}, {strike.id} |" in md
    html = render_brief_html(note)
    assert f'<td class="hit"><a href="#{swap.id}">{swap.id}</a> <a href="#{strike.id}">' in html


def test_no_link_or_image_is_made_of_what_a_page_or_the_model_wrote() -> None:
    """Third adversarial pass: `![p](http://tracker/t.png)` in a title gave a remote
    image, `[safe](http://phish)` in model text a live link."""
    from markdown_it import MarkdownIt

    from summarizer.models import Source
    from summarizer.renderers.markdown import render_markdown

    title = "Talks ![p](http://attacker.example/t.png)"
    summary = make_summary(A, "a.txt", source=Source(input="a.txt", title=title, sha256=A.sha256),
                           headline="[safe](http://attacker.example/phish)")  # fmt: skip
    html_of = MarkdownIt("commonmark", {"html": True}).render
    for text in (render_markdown(summary),
                 render_brief_markdown(build_briefing([summary], title=title))):  # fmt: skip
        rendered = html_of(text)
        assert "<img" not in rendered and 'attacker.example/phish"' not in rendered
        assert "![p](http://attacker.example/t.png)" in rendered  # shown as written
