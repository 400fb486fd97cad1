"""Backends: the only modules that import openai or llama_cpp."""

from summarizer.llm.backends.base import Backend, SchemaStyle, to_schema_style

__all__ = ["Backend", "SchemaStyle", "to_schema_style"]
