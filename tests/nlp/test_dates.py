"""Event dates resolved against the publication date, at the words' precision, never
invented."""

from __future__ import annotations

import pytest

from summarizer.document.article import article_from_text
from summarizer.extraction.extract import Extraction
from summarizer.extraction.schemas import LLMEvent
from summarizer.models import Provenance
from summarizer.nlp.dates import resolve_when, tense_of
from summarizer.pipeline.assemble import build_summary

PUBLISHED = "2024-05-16"  # a Thursday


@pytest.mark.parametrize(
    ("words", "with_date", "without"),
    [
        ("Thursday", "2024-05-16", None),  # the publication day itself
        ("on Friday", "2024-05-10", None),  # the latest Friday before it
        ("last Thursday", "2024-05-09", None),
        ("yesterday", "2024-05-15", None),
        ("last month", "2024-04", None),  # a month, not an invented day
        ("in February 2022", "2022-02", "2022-02"),  # absolute: no base needed
        ("2019", "2019", "2019"),
        ("May 16, 2024", "2024-05-16", "2024-05-16"),
        ("this week", "2024-05", None),  # a week: its month, not an invented day
        ("last week", "2024-05", None),
        ("overnight", "2024-05-16", None),  # the night before the report: its day
        ("last night", "2024-05-15", None),
        ("late February", "2024-02", None),  # part of a month: the month (bbc-nato)
        ("in early March 2022", "2022-03", "2022-03"),
        ("mid-April", "2024-04", None),
        ("the war", None, None),
        ("null", None, None),
        (None, None, None),
    ],
)
def test_when_words_resolve_at_their_precision(
    words: str | None, with_date: str | None, without: str | None
) -> None:
    assert resolve_when(words, PUBLISHED) == with_date
    assert resolve_when(words, None) == without


def test_events_carry_the_resolved_date_beside_the_words() -> None:
    article = article_from_text("Russia and Ukraine met in Geneva on Thursday for talks.")
    article = article.__class__(**{**article.__dict__, "date": PUBLISHED})
    event = LLMEvent(description="Russia and Ukraine met.", source="Russia", target="Ukraine",
                     action="consult", when="Thursday", sentence_ids=[1])  # fmt: skip
    llm = Extraction(events=[event])
    provenance = Provenance(backend="x", model="y", prompt_version="p",
                            created_at="2026-01-01T00:00:00Z")  # fmt: skip
    summary = build_summary(article, llm, provenance, [])
    [event] = summary.events
    assert (event.when, event.date) == ("Thursday", "2024-05-16")
    assert event.source is not None and event.source.country_code == "RUS"
    assert event.target is not None and event.target.country_code == "UKR"
    assert summary.source.published == PUBLISHED


def test_a_week_across_two_months_has_no_month() -> None:
    assert resolve_when("this week", "2024-06-01") is None  # Mon 27 May – Sun 2 June
    assert resolve_when("last week", "2024-06-12") == "2024-06"


@pytest.mark.parametrize(
    ("when", "texts", "date"),
    [
        # fixtures/articles/ap-sondland.txt, published Tuesday 19 November 2019
        ("Wednesday morning", ["Sondland is expected to appear at a hearing on Wednesday "
                               "morning."], "2019-11-20"),
        ("Thursday", ["\"And I asked, well, on whose authority?” said Hill, who will testify "
                      "Thursday."], "2019-11-21"),
        ("Tuesday", ["Sondland’s appearance follows the testimony Tuesday of four officials."],
         "2019-11-19"),
        # a future word in another sentence leaves a past day past (politico-ireland)
        ("Wednesday night", ["The latest opinion poll, published Wednesday night, put "
                             "Connolly on 55.7 percent.",
                             "Results will be announced Saturday."], "2019-11-13"),
        ("last Wednesday", ["The envoy will testify about last Wednesday's call."],
         "2019-11-13"),
        # the future word must govern the day (review, session 7)
        ("Monday", ["Russia's defence ministry said on Monday that its forces will continue "
                    "the offensive."], "2019-11-18"),
        ("Monday", ["Zelenskiy, who will meet Putin in Paris next month, said on Monday he "
                    "was ready for talks."], "2019-11-18"),
        ("Wednesday", ["Hill, who will testify Thursday, said she warned Bolton on "
                       "Wednesday."], "2019-11-13"),
        ("Wednesday", ["The vote, which was expected to take place Wednesday, was "
                       "postponed."], "2019-11-13"),
        ("Wednesday", ["China announced on Sunday that it would hold drills, which are set "
                       "to begin on Wednesday."], "2019-11-20"),
        # a second review: no word limit, commas inside the clause, a day's own thing
        ("Wednesday", ["Sondland is expected to give his testimony to the House "
                       "Intelligence Committee on Wednesday."], "2019-11-20"),
        ("Monday", ["Putin and Zelenskiy will meet in Paris, France, on Monday."],
         "2019-11-25"),
        ("Monday", ["Officials who will attend the talks told reporters on Monday that "
                    "progress was slow."], "2019-11-18"),
        ("Monday", ["Kyiv will hold a day of mourning for victims of Monday's strike."],
         "2019-11-18"),
        ("Monday", ["Ukraine's forces will continue to hold the positions they captured on "
                    "Monday."], "2019-11-18"),
    ],
)  # fmt: skip
def test_a_weekday_told_as_ahead_is_the_next_one(when: str, texts: list[str], date: str) -> None:
    assert resolve_when(when, "2019-11-19", tense_of(when, texts)) == date
    # the page's own metadata dates it Wednesday 20 November: the hearing is that day
    if when == "Wednesday morning":
        assert resolve_when(when, "2019-11-20", tense_of(when, texts)) == "2019-11-20"
