"""Prompt templates are data files (``prompts/*.toml``), loaded into a strict model."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Template

from pydantic import BaseModel, ConfigDict, ValidationError

from summarizer.errors import ConfigError, validation_message
from summarizer.grounding.wording import Wording

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class PassPrompt(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    user: str


class PromptTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    description: str
    system: str
    passes: dict[str, PassPrompt]
    reask: dict[str, str] = {}  # wording of re-asks, ``$name`` placeholders

    def wording(self) -> Wording:
        """The re-ask lines, as the checks fill them in."""
        return Wording(self.reask, self.name)

    def render(self, pass_name: str, **values: str) -> list[dict[str, str]]:
        """Chat messages for one pass, with ``$name`` placeholders filled in."""
        try:
            user = self.passes[pass_name].user
        except KeyError:
            raise ConfigError(f"prompt {self.name!r} has no pass {pass_name!r}") from None
        return [
            {"role": "system", "content": Template(self.system.strip()).substitute(values)},
            {"role": "user", "content": Template(user.strip()).substitute(values)},
        ]


def prompts_dir() -> Path:
    """``$SUMMARIZER_PROMPTS_DIR`` if set; installed wheels carry prompts in
    ``summarizer/_data/prompts``; a source checkout (including an editable install)
    reads the top-level ``prompts/`` folder."""
    override = os.environ.get("SUMMARIZER_PROMPTS_DIR")
    if override:
        return Path(override)
    packaged = Path(str(resources.files("summarizer"))) / "_data" / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "prompts"


def load_prompt(name: str) -> PromptTemplate:
    path = prompts_dir() / f"{name}.toml"
    try:
        return _load(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise ConfigError(f"prompt {name!r} not found at {path}") from None


@lru_cache(maxsize=16)
def _load(path: Path, mtime_ns: int) -> PromptTemplate:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"prompt file {path} is not valid TOML: {exc}") from None
    try:
        return PromptTemplate.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(
            f"prompt file {path} is malformed: {validation_message(exc.errors()[0])}"
        ) from None
