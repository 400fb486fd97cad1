"""The backend interface: one chat-completion call, JSON in and JSON out.

A request is a plain dict (``model``, ``messages``, ``response_format``, sampling
parameters); a response is a plain dict shaped like an OpenAI ChatCompletion. Plain
dicts make the call easy to record, replay and compare.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

# How a backend wants the JSON schema for constrained decoding.
#   "openai": {"type": "json_schema", "json_schema": {"name": ..., "schema": ...}}
#   "llama":  {"type": "json_object", "schema": ...}  (llama-cpp-python, in process or server)
SchemaStyle = Literal["openai", "llama"]


class Backend(Protocol):
    """``name`` and ``model`` go into provenance; ``schema_style`` says how the backend
    wants the JSON schema. A backend may also have ``context_tokens`` (int): the model's
    context window, checked before an article is sent."""

    name: str  # "local", "openai", …
    model: str
    schema_style: SchemaStyle

    def complete(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one chat-completion request; return the response as a dict."""
        ...


def to_schema_style(response_format: dict[str, Any] | None, style: SchemaStyle) -> Any:
    """Translate a response_format into the shape the backend understands."""
    if not response_format:
        return response_format
    if style == "llama" and response_format.get("type") == "json_schema":
        return {"type": "json_object", "schema": response_format["json_schema"]["schema"]}
    if style == "openai" and response_format.get("type") == "json_object":
        schema = response_format.get("schema")
        if schema is not None:
            return {"type": "json_schema", "json_schema": {"name": "response", "schema": schema}}
    return response_format
