"""Assembling the summary: what the model said about events, checked against the words."""

from __future__ import annotations

import summarizer
from summarizer.document.article import article_from_text
from summarizer.extraction.extract import Extraction
from summarizer.extraction.schemas import LLMEvent
from summarizer.models import ArticleSummary, Provenance
from summarizer.pipeline.assemble import build_summary
from summarizer.testing import CallInfo, FunctionBackend

# fixtures/articles/bbc-nato.txt (second unseen check, session 6), shortened
BBC = (
    "The US is considering options for punishing Nato allies, according to a Pentagon memo "
    "seen by Reuters.\n\n"
    "What has Trump said about Nato?\n\n"
    "He has repeatedly criticised Nato allies for their reluctance to play a greater role.\n\n"
    "In 2025, Poland, Lithuania and Latvia all spent more than 3.5% of their GDP on defence."
)


# fixtures/articles/yonhap-nk.txt (fifth unseen check, session 8), its first sentence
YONHAP = (
    "SEOUL, Aug. 20 (Yonhap) -- North Korea's official newspaper blasted South Korea on "
    "Tuesday for conducting a joint military exercise with the United States on the last day "
    'of the drill, warning that Seoul will pay dearly for such "stupid" acts.'
)


def _summary(*events: LLMEvent, text: str = BBC) -> ArticleSummary:
    """The events as a model's answer, through validation, the checks and assembly."""

    def answer(call: CallInfo) -> dict:
        if call.task == "Positions":
            return {"positions": []}
        if call.task == "PeaceProposals":
            return {"peace_proposals": []}
        return {"headline": "H", "summary": "S.",
                "events": [e.model_dump(exclude={"where"}) for e in events]}  # fmt: skip

    return summarizer.summarize_text(text, backend=FunctionBackend(answer), max_retries=0)


def test_an_actor_the_cited_sentence_never_names_is_not_the_events_actor() -> None:
    # the model gave Poland (named only in sentence 4) as the one criticising NATO
    event = LLMEvent(description="Nato allies were criticised.", source="Poland",
                     target="NATO", action="disapprove", when=None, sentence_ids=[3])  # fmt: skip
    summary = _summary(event)
    assert all(e.source is None or e.source.country_code != "POL" for e in summary.events)
    assert any("source USA, who the sentence says did it" in w for w in summary.warnings)
    # the sentence's own act is kept, its "He" read as the Trump of the sentence before
    [coded] = summary.events
    assert coded.source is not None and coded.source.country_code == "USA"
    assert [q.sentence_id for q in coded.evidence if not q.context] == [3]
    # the actor its "He" stands for, named in the sentence before, stays
    event = event.model_copy(update={"source": "United States"})
    [coded] = _summary(event).events
    assert coded.source is not None and coded.source.country_code == "USA"


def test_an_event_citing_only_a_question_is_dropped_with_a_warning() -> None:
    heading = LLMEvent(description="Trump talks about Nato.", source="United States",
                       target="NATO", action="coerce", when=None, sentence_ids=[2])  # fmt: skip
    kept = LLMEvent(description="The US considers punishing Nato allies.",
                    source="United States", target="NATO", action="threaten", when=None,
                    sentence_ids=[1])  # fmt: skip
    summary = _summary(heading, kept)
    own = [[q.sentence_id for q in e.evidence if not q.context] for e in summary.events]
    assert [1] in own and [2] not in own
    assert any("cites only a question (sentence 2)" in w for w in summary.warnings)


def test_a_question_someone_asks_is_no_heading() -> None:
    text = "Zelensky asked: why has the West not sent more air defence to Ukraine?"
    provenance = Provenance(backend="x", model="y", prompt_version="p",
                            created_at="2026-01-01T00:00:00Z")  # fmt: skip
    event = LLMEvent(description="Zelensky criticises the West.", source="Ukraine",
                     target=None, action="disapprove", when=None, sentence_ids=[1])  # fmt: skip
    summary = build_summary(article_from_text(text), Extraction(events=[event]), provenance, [])
    [kept] = summary.events
    assert kept.source is not None and kept.source.country_code == "UKR"


def test_an_organisation_its_sentence_refers_back_to_stays() -> None:
    text = ("Hamas freed three hostages on Saturday. The group later handed over four Israeli "
            "women.")  # fmt: skip
    provenance = Provenance(backend="x", model="y", prompt_version="p",
                            created_at="2026-01-01T00:00:00Z")  # fmt: skip
    event = LLMEvent(description="Four women handed over.", source="Hamas", target="Israel",
                     action="concede", when=None, sentence_ids=[2])  # fmt: skip
    summary = build_summary(article_from_text(text), Extraction(events=[event]), provenance, [])
    [kept] = [e for e in summary.events if e.evidence[0].sentence_id == 2]
    assert kept.source is not None and kept.source.name == "Hamas"


def test_a_when_with_a_number_the_article_never_gives_is_not_kept() -> None:
    event = LLMEvent(description="North Korea's newspaper blasted South Korea.",
                     source="North Korea", target="South Korea", action="disapprove",
                     when="Aug. 20, 2023", sentence_ids=[1])  # fmt: skip
    [coded] = _summary(event, text=YONHAP).events
    assert coded.when == "on Tuesday"  # the sentence's own date words, not the model's year
    [coded] = _summary(event.model_copy(update={"when": "Aug. 20"}), text=YONHAP).events
    assert coded.when == "Aug. 20"


def test_an_iso_date_is_checked_by_its_year_and_day() -> None:
    # the month of "2019-08-20" is a word in the article ("Aug."), not a number
    event = LLMEvent(description="North Korea's newspaper blasted South Korea.",
                     source="North Korea", target="South Korea", action="disapprove",
                     when="2019-08-20", sentence_ids=[1])  # fmt: skip
    [coded] = _summary(event, text=YONHAP.replace("Tuesday", "Tuesday, 2019,")).events
    assert coded.when == "2019-08-20"
    [coded] = _summary(event, text=YONHAP).events  # no year in the article: not kept
    assert coded.when == "on Tuesday"
