"""The words of a re-ask: the prompt file's [reask] lines (``$name`` placeholders),
handed to the checks as data and filled in where a problem is found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Template

from summarizer.errors import ConfigError


@dataclass(frozen=True)
class Wording:
    lines: Mapping[str, str] = field(default_factory=dict)
    prompt: str = "extract"

    def __call__(self, key: str, **values: object) -> str:
        """One line of re-ask wording with its placeholders filled in."""
        try:
            template = self.lines[key]
        except KeyError:
            raise ConfigError(f"prompt {self.prompt!r} has no re-ask line {key!r}") from None
        return Template(template.strip()).substitute({k: str(v) for k, v in values.items()})
