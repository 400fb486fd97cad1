"""Test your own code without a model: a backend whose answers come from a function.

    from summarizer.testing import FunctionBackend

    def answer(call):                      # call: CallInfo
        if call.task == "Positions":
            return {"positions": [{"actor": "Russia", "position": "Russia wants talks.",
                                   "sentence_ids": [1]}]}
        return {}                          # every list is optional

    summary = summarizer.summarize_text(
        "Russia said it wants talks.", backend=FunctionBackend(answer)
    )

The answer goes through the same validation, support checks, re-asks and grounding as a
real model's (modelled on pydantic-ai's ``FunctionModel``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from summarizer.llm.backends.base import SchemaStyle

Answer = str | dict[str, Any] | BaseModel


@dataclass(frozen=True)
class CallInfo:
    """One model call, as a FunctionBackend's function sees it."""

    number: int  # 1 for the first call this backend answers
    messages: list[dict[str, str]]
    schema: dict[str, Any] | None  # the JSON schema the answer must follow
    request: dict[str, Any] = field(repr=False)

    @property
    def task(self) -> str:
        """The schema's title: ``Overview``, ``Positions``, ``PeaceProposals`` (the multi-pass
        passes), ``ArticleExtraction`` (single pass) or ``ExecutiveSummary`` (briefings)."""
        return str((self.schema or {}).get("title", ""))

    @property
    def is_reask(self) -> bool:
        """Whether this call carries a validation error back to the model."""
        return len(self.messages) > 2


class FunctionBackend:
    """A :class:`~summarizer.Backend` that answers each call with ``function(CallInfo)``:
    a JSON string, a dict or a Pydantic model."""

    name = "function"
    schema_style: SchemaStyle = "openai"

    def __init__(self, function: Callable[[CallInfo], Answer], *, model: str = "function") -> None:
        self.function = function
        self.model = model
        self.calls: list[CallInfo] = []

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        fmt = request.get("response_format") or {}
        schema = (fmt.get("json_schema") or {}).get("schema") or fmt.get("schema")
        info = CallInfo(
            number=len(self.calls) + 1,
            messages=[dict(m) for m in request.get("messages", [])],
            schema=schema,
            request=request,
        )
        self.calls.append(info)
        answer = self.function(info)
        if isinstance(answer, BaseModel):
            content = answer.model_dump_json()
        elif isinstance(answer, str):
            content = answer
        else:
            content = json.dumps(answer, ensure_ascii=False)
        return {
            "id": f"function-{info.number}",
            "object": "chat.completion",
            "created": 0,
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }


__all__ = ["Answer", "CallInfo", "FunctionBackend"]
