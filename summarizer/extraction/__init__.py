"""Extraction: prompts, LLM-facing schemas and the passes that call the model."""

from summarizer.extraction.extract import (
    Extraction,
    Passes,
    build_messages,
    extract,
    prompt_version,
    run_pass,
)

__all__ = ["Extraction", "Passes", "build_messages", "extract", "prompt_version", "run_pass"]
