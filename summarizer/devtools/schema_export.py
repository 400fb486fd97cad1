"""JSON Schema exports of the public output models (``schemas/*.schema.json``)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from summarizer.fileio import write_atomic
from summarizer.models import ArticleSummary
from summarizer.models.briefing import Briefing
from summarizer.models.tracking import Tracking

# The public output models whose JSON Schemas ship in schemas/.
PUBLIC_MODELS: dict[str, type[BaseModel]] = {
    "ArticleSummary": ArticleSummary,
    "Briefing": Briefing,
    "Tracking": Tracking,
}


def schema_text(name: str) -> str:
    return json.dumps(PUBLIC_MODELS[name].model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    return {f"{name}.schema.json": schema_text(name) for name in PUBLIC_MODELS}


def export(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in schema_files().items():
        path = directory / filename
        write_atomic(path, text)
        written.append(path)
    return written
