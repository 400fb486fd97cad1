"""The per-article schema: its enums follow the article, whatever was built before."""

from __future__ import annotations

from summarizer.document.article import article_from_text
from summarizer.extraction.schemas import article_actors, build_schema


def _event_actor_enum(text: str) -> list[str]:
    article = article_from_text(text)
    schema = build_schema("overview", article, article_actors(article)).model_json_schema()
    source = schema["$defs"]["Event"]["properties"]["source"]
    return next(option["enum"] for option in source["anyOf"] if "enum" in option)


def test_the_actor_enum_keeps_each_articles_order() -> None:
    # typing caches `Literal[...] | None` by equality, and Literal["A", "B"] equals
    # Literal["B", "A"]: an earlier article's order must not leak into a later schema
    # (it made recordings "stale" depending on which test ran first)
    first = _event_actor_enum("Russia met the United States. Russia spoke. Russia left.")
    second = _event_actor_enum("The United States met Russia. The United States spoke.")
    assert first == ["Russia", "United States"]
    assert second == ["United States", "Russia"]
