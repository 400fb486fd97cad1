"""Extraction: prompts, LLM-facing schemas and the passes that call the model."""

from summarizer.extraction.extract import PassResult, build_messages, prompt_version, run_pass

__all__ = ["PassResult", "build_messages", "prompt_version", "run_pass"]
