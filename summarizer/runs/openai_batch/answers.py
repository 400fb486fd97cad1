"""The direct run's pipeline, answered from batch output lines.

An import runs exactly what ``summarizer batch`` runs for an article (prompts, instructor's
validation and re-asks, grounding, assembly), with a backend that answers each request
from the answers imported so far, found by the hash of the request. A request with no
answer yet is noted (it is what the next round must send) and ends its pass at once, with
an answer cut off at the first token, so every pass runs to its first unanswered request,
in order, whatever the others do. The first round is the
same run with no answers at all, so the request files hold exactly what a direct run
would send, and re-asks exactly what instructor would send after a failed answer (the
conversation, the assistant's answer and the user message with the errors).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from summarizer.errors import SummarizerError
from summarizer.llm.recording import request_key

if TYPE_CHECKING:
    from summarizer.document.article import Article
    from summarizer.llm.backends.base import SchemaStyle
    from summarizer.models import ArticleSummary


@dataclass(frozen=True)
class Engine:
    """Who answers the requests: an OpenAI-compatible endpoint and model (the summary's
    provenance, and part of the cache key)."""

    model: str
    base_url: str | None = None
    context_tokens: int | None = None


class AnswerBackend:
    """A backend whose answers are the imported lines, by request hash."""

    name = "openai"
    schema_style: SchemaStyle = "openai"
    parallel_calls = False  # passes in order: the same requests, found the same way

    def __init__(self, engine: Engine, answers: dict[str, dict[str, Any]]) -> None:
        from summarizer.llm.backends.openai_compat import DEFAULT_CONTEXT_TOKENS

        self.model = engine.model
        self.base_url = engine.base_url
        self.context_tokens = engine.context_tokens or DEFAULT_CONTEXT_TOKENS
        self.answers = answers
        self.pending: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        answer = self.answers.get(request_key(request))
        if answer is None:
            with self._lock:
                self.pending.append(request)
            return _NOT_YET
        return answer


# The stand-in for an answer that has not come yet: cut off at once, so the pass ends
# (instructor does not re-ask a cut-off answer) and the article's other passes go on.
_NOT_YET: dict[str, Any] = {
    "id": "not-yet", "object": "chat.completion", "created": 0, "model": "not-yet",
    "choices": [{"index": 0, "finish_reason": "length",
                 "message": {"role": "assistant", "content": ""}}],
    "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
}  # fmt: skip


@dataclass
class Outcome:
    """An article after the answers so far: a summary, an error, or requests to send."""

    summary: ArticleSummary | None = None
    error: SummarizerError | None = None
    pending: list[dict[str, Any]] = field(default_factory=list)


def resolve(
    article: Article,
    engine: Engine,
    answers: dict[str, dict[str, Any]],
    *,
    passes: str,
    strict: bool,
    max_retries: int,
    check_language: bool,
    chunk: bool = True,
) -> Outcome:
    """Run the direct pipeline over ``article`` with ``answers``. With ``strict`` a pass
    still waiting stops the passes after it, so they are looked for leniently too (the
    requests are the same; only what a failure does differs)."""
    options: dict[str, Any] = {
        "passes": passes,
        "max_retries": max_retries,
        "check_language": check_language,
        "chunk": chunk,
    }
    outcome = _run(article, engine, answers, strict=strict, **options)
    if strict and outcome.pending:
        more = _run(article, engine, answers, strict=False, **options).pending
        known = {request_key(r) for r in outcome.pending}
        outcome.pending += [r for r in more if request_key(r) not in known]
    return outcome


def _run(
    article: Article,
    engine: Engine,
    answers: dict[str, dict[str, Any]],
    *,
    passes: str,
    strict: bool,
    max_retries: int,
    check_language: bool,
    chunk: bool,
) -> Outcome:
    from summarizer.llm.recording import Recorder
    from summarizer.pipeline.options import RunOptions
    from summarizer.pipeline.summarize import summarize_article

    backend = AnswerBackend(engine, answers)
    options = RunOptions(
        backend=backend,
        passes=passes,  # type: ignore[arg-type]
        strict=strict,
        max_retries=max_retries,
        check_language=check_language,
        chunk=chunk,
    )
    try:
        summary = summarize_article(article, options, engine=backend,
                                    recorder=Recorder(directory=None, mode="off"))  # fmt: skip
    except SummarizerError as exc:
        if backend.pending:  # passes wait for answers that may change the story
            return Outcome(pending=list(backend.pending))
        return Outcome(error=exc)
    if backend.pending:
        return Outcome(pending=list(backend.pending))
    return Outcome(summary=summary)


def pass_names(article: Article) -> dict[str, str]:
    """Schema name (as the request's response_format names it) → pass name."""
    from summarizer.extraction.schemas import article_actors, build_schema

    actors = article_actors(article)
    names: tuple[Any, ...] = ("overview", "positions", "proposals", "single")
    return {build_schema(name, article, actors).__name__: str(name) for name in names}


def pass_of(request: dict[str, Any], names: dict[str, str]) -> str:
    fmt = request.get("response_format") or {}
    schema_name = str((fmt.get("json_schema") or {}).get("name") or "")
    return names.get(schema_name, schema_name.lower() or "call")


def reasks_in(request: dict[str, Any]) -> int:
    return sum(1 for m in request.get("messages", []) if m.get("role") == "assistant")
