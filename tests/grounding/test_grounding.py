from __future__ import annotations

from typing import Any

from summarizer.document.article import Article, article_from_text
from summarizer.extraction.prompts import load_prompt
from summarizer.extraction.schemas import LLMPosition, article_actors, build_schema
from summarizer.grounding.checks import check_item
from summarizer.grounding.evidence import evidence_for
from summarizer.pipeline.assemble import merge_positions

TEXT = (
    "Russian President Vladimir Putin met Chinese leader Xi Jinping in Beijing.\n\n"
    "Putin said Russia wants talks.\n\n"
    "Xi said China hopes for peace.\n\n"
    "The weather was mild."
)
ARTICLE = article_from_text(TEXT)
SAY = load_prompt("extract").wording()  # re-ask wording comes from the prompt file


def test_evidence_resolves_ids_to_exact_spans_and_skips_unknown_ids() -> None:
    ev = evidence_for(ARTICLE, [2, 99, 2])
    assert [e.sentence_id for e in ev] == [2]
    assert ARTICLE.text[ev[0].start : ev[0].end] == ev[0].quote == "Putin said Russia wants talks."


def test_support_check_names_the_problem_precisely() -> None:
    bad = LLMPosition(actor="Ukraine", position="x.", sentence_ids=[4])
    [problem] = check_item(ARTICLE, "position", 0, bad, SAY)
    assert problem.message == (
        "position of Ukraine: sentence 4 does not mention Ukraine; "
        "no sentence names Ukraine: remove this item"
    )
    wrong = LLMPosition(actor="Russia", position="x.", sentence_ids=[3])
    [problem] = check_item(ARTICLE, "position", 0, wrong, SAY)
    assert problem.message.endswith(
        "sentences that name Russia: 1, 2; cite the one that states it, or remove it"
    )
    good = LLMPosition(actor="China", position="x.", sentence_ids=[3])  # "Xi" counts for China
    assert check_item(ARTICLE, "position", 0, good, SAY) == []


def _checked(article: Article, *items: LLMPosition) -> list[LLMPosition]:
    """The items as validation leaves them (the checks mend evidence in place)."""
    kept = []
    for i, item in enumerate(items):
        problems = check_item(article, "position", i, item, SAY)
        if all(p.outcome == "repair" for p in problems):
            kept.append(item)
    return kept


def test_leaders_merge_into_their_country_with_evidence_united() -> None:
    positions = merge_positions(
        ARTICLE,
        _checked(
            ARTICLE,
            LLMPosition(actor="Russia", position="Russia wants talks.", sentence_ids=[2]),
            LLMPosition(actor="Vladimir Putin", position="Talks now.", sentence_ids=[1, 2]),
            LLMPosition(actor="China", position="China hopes for peace.", sentence_ids=[3]),
        ),
    )
    assert len(positions) == 2
    p = positions[0]
    assert (p.actor.name, p.actor.country_code, p.speaker) == ("Russia", "RUS", "Vladimir Putin")
    # sentence 1 ("Putin met Xi") shows no one stating anything: it is not the evidence
    assert [e.sentence_id for e in p.evidence] == [2]
    assert [e.sentence_id for e in positions[1].evidence] == [3]


def test_strict_validation_raises_and_lenient_drops_with_a_record() -> None:
    schema = build_schema("positions", ARTICLE, article_actors(ARTICLE))
    answer = (
        '{"positions": [{"actor": "Russia", "position": "Talks.", "sentence_ids": [2]},'
        ' {"actor": "China", "position": "Peace.", "sentence_ids": [4]}]}'
    )
    try:
        schema.model_validate_json(answer, context={"article": ARTICLE, "say": SAY})
    except ValueError as exc:
        assert "position of China: sentence 4 does not mention China" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("strict validation accepted an unsupported position")
    lenient = schema.model_validate_json(
        answer, context={"article": ARTICLE, "say": SAY, "lenient": True}
    )
    assert [p.actor for p in lenient.items("positions")] == ["Russia"]
    assert [d.label for d in lenient.dropped] == ["position of China"]


def test_people_the_article_ties_to_a_country_count_for_it() -> None:
    article = article_from_text(
        "Ruritanian Prime Minister Anna Kovac arrived on Monday.\n\nKovac said Ruritania "
        "wants peace.\n\nColombian President Gustavo Petro spoke.\n\nPetro demanded talks."
    )
    position = LLMPosition(actor="Colombia", position="Talks.", sentence_ids=[4])
    assert check_item(article, "position", 0, position, SAY) == []  # "Petro" → Colombia


def test_a_position_written_from_a_sentence_that_is_not_its_evidence_shows_its_evidence() -> None:
    """taipei-times: the model wrote the Philippines' 'position' from a sentence about the
    exercises (no one states anything there) and cited it beside Manila's accusation; only
    the accusation stays as evidence, so the text shown is that sentence."""
    article = article_from_text(
        "Manila accused Beijing's maritime militia of sideswiping a patrol boat.\n\n"
        "The exercises are focused on defending the north coast of the main island of Luzon."
    )
    claim = "The Philippines is defending the north coast of its main island of Luzon."
    item = LLMPosition(actor="Philippines", sentence_ids=[1, 2], position=claim)
    [problem] = check_item(article, "position", 0, item, SAY)
    assert problem.outcome == "repair" and "sentence(s) 2" not in problem.warning
    assert "sentence 2 does not show Philippines stating it" in problem.warning
    [position] = merge_positions(article, [item])
    assert [e.sentence_id for e in position.evidence] == [1]
    assert position.position == article.sentence(1).text


def test_warnings_are_written_for_the_reader_not_the_model() -> None:
    """A warning repeated the model's instruction ("…: remove it") and named one actor
    twice ("does not mention Ukraine or Ukraine"); the re-ask itself keeps its wording."""
    from summarizer.grounding.checks import SupportProblem

    label = "peace proposal by Ukraine"
    told = SupportProblem("peace_proposal", 0, label,
                          SAY("not_proposal", label=label, cited="14"))  # fmt: skip
    assert told.message.endswith(": remove it") and not told.warning.endswith("remove it")
    twice = SupportProblem("event", 0, "event", SAY("not_mentioned", label="event", cited="4",
                                                    who="Ukraine or Ukraine"))  # fmt: skip
    assert twice.warning.endswith("does not mention Ukraine")
    two = SupportProblem("event", 0, "event", SAY("not_mentioned", label="event", cited="4",
                                                  who="Russia or Ukraine"))  # fmt: skip
    assert two.warning.endswith("does not mention Russia or Ukraine")


def _event(description: str, action: str, source: str, target: str, sentence: int) -> Any:
    from summarizer.extraction.schemas import LLMEvent

    return LLMEvent(description=description, action=action, source=source, target=target,
                    when=None, sentence_ids=[sentence])  # fmt: skip


def test_an_event_left_with_nothing_of_its_sentence_is_dropped_with_a_warning() -> None:
    article = article_from_text(
        "Russia attacked Ukraine on Monday.\n\nMany officials worked at the Pentagon for years."
    )
    # the model's source is named there but does nothing; its target is not named there
    guessed = _event("The officials worked at the Pentagon.", "mobilize", "United States",
                     "Russia", 2)  # fmt: skip
    problems = check_item(article, "event", 0, guessed, SAY)
    assert [p.outcome for p in problems] == ["drop"]
    assert "does not name Russia" in problems[-1].warning
    # the same event on the sentence that tells it stands, its roles as the parse has them
    told = _event("Russia attacked Ukraine.", "assault", "Ukraine", "Russia", 1)
    problems = check_item(article, "event", 0, told, SAY)
    assert all(p.outcome == "repair" for p in problems)
    assert (told.source, told.target) == ("Russia", "Ukraine")
