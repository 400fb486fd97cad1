"""Hand-built ArticleSummary objects for tests of what consumes summaries (eval, briefs)."""

from __future__ import annotations

from datetime import datetime, timezone

from summarizer.document.article import Article
from summarizer.models import Actor, ArticleSummary, Provenance, Source


def country(name: str, code: str) -> Actor:
    return Actor(name=name, kind="country", country_code=code)


RUS, CHN, UKR = country("Russia", "RUS"), country("China", "CHN"), country("Ukraine", "UKR")
GBR, HKG = country("United Kingdom", "GBR"), country("Hong Kong", "HKG")


def make_summary(article: Article, name: str = "-", **fields: object) -> ArticleSummary:
    return ArticleSummary.model_validate(
        {
            "source": Source(input=name, title=name, sha256=article.sha256),
            "headline": "h",
            "summary": "s",
            "provenance": Provenance(
                backend="local",
                model="m",
                prompt_version="p",
                created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
            ),
            **fields,
        }
    )
