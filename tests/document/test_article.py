from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.document.article import article_from_text, load_article, split_sentences
from tests.conftest import SEED


def test_seed_is_cleaned_and_split_with_exact_offsets() -> None:
    article = load_article(str(SEED))
    assert article.title is not None and article.title.startswith("Putin visits Beijing")
    assert "Jannah Theme License" not in article.text
    assert "Back to top button" not in article.text
    assert [r.reason for r in article.removed] == ["theme-notice"] + ["teaser"] * 4 + ["ui"]
    assert len(article.sentences) == 34
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text
    # pysbd keeps abbreviations and quotes together; the Zelenskyy sentence is one sentence
    zel = [s for s in article.sentences if s.text.startswith("Ukrainian President Volodymyr")]
    assert len(zel) == 1 and zel[0].text.endswith("security guarantees for Ukraine.")


def test_numbered_view_lists_every_sentence_once() -> None:
    article = article_from_text("First line here.\n\nMr. Smith went to Washington. He left.")
    assert article.numbered().splitlines() == [
        "[1] First line here.",
        "[2] Mr. Smith went to Washington.",
        "[3] He left.",
    ]


_text = st.lists(
    st.text(
        alphabet=st.sampled_from(list("abcXYZ .,!?“”‘’—–-é ü\t\u00a0\u3000 Ωж\"'")),
        min_size=1,
        max_size=60,
    ),
    min_size=1,
    max_size=6,
).map("\n\n".join)


@settings(max_examples=200, deadline=None)
@given(_text)
def test_offsets_are_exact_for_any_text(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text


@settings(max_examples=150, deadline=None)
@given(_text)
def test_every_resolved_id_quotes_the_text_exactly(text: str) -> None:
    from hypothesis import assume

    from summarizer.errors import EmptyInput
    from summarizer.grounding.evidence import evidence_for

    try:
        article = article_from_text(text)
    except EmptyInput:
        assume(False)
        return
    ids = [s.id for s in article.sentences]
    for e in evidence_for(article, [*ids, 0, len(ids) + 1]):
        assert article.text[e.start : e.end] == e.quote
    assert [e.sentence_id for e in evidence_for(article, ids)] == ids
