"""Hand-built ArticleSummary objects for tests of what consumes summaries (eval, briefs)."""

from __future__ import annotations

from datetime import datetime, timezone

from summarizer.article import Article
from summarizer.models import ArticleSummary, Provenance, Source


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
