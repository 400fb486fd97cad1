"""How a run is made: one :class:`RunOptions` that ``summarize``, ``summarize_text``,
``brief``, ``summarize_many``, the batch runner and the CLI share — which backend answers,
how many passes, how strict, how often to re-ask, where recordings live, how inputs are
read. It turns itself into the parts a run needs: a backend, a recorder, a cleaned
article."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from summarizer.errors import ConfigError

if TYPE_CHECKING:
    from summarizer.document.article import Article
    from summarizer.llm.backends.base import Backend
    from summarizer.llm.recording import Recorder, RecordMode

Passes = Literal["single", "multi"]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class RunOptions:
    """The options of one run; every field has the front door's default.

    ``backend``: ``"local"`` (the embedded model), ``"openai"`` (with ``model`` and
    ``base_url``) or a :class:`~summarizer.Backend` object. ``recordings``: a folder of
    recorded exchanges (or a Recorder); ``record_mode`` replay | record | auto | off.
    ``chunk=False`` refuses an article too long for the context instead of reading it in
    windows. ``keep_boilerplate`` and ``allow_private_urls`` say how inputs are read."""

    backend: str | Backend = "local"
    model: str | None = None
    base_url: str | None = None
    model_path: str | Path | None = None
    passes: Passes = "multi"
    strict: bool = False
    max_retries: int = 1
    recordings: str | Path | Recorder | None = None
    record_mode: RecordMode | None = None
    progress: Progress | None = None
    check_language: bool = True
    chunk: bool = True
    keep_boilerplate: bool = False
    allow_private_urls: bool = True

    def __post_init__(self) -> None:
        if self.passes not in ("single", "multi"):
            raise ConfigError(f"unknown passes {self.passes!r}", hint="use 'multi' or 'single'")
        if self.max_retries < 0:
            raise ConfigError(f"max_retries must be 0 or more, not {self.max_retries}")

    @classmethod
    def from_keywords(cls, given: dict[str, Any]) -> RunOptions:
        """The options among a front door's keywords (its ``locals()``)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in given.items() if k in names})

    def replace(self, **changes: Any) -> RunOptions:
        return dataclasses.replace(self, **changes)

    def engine(self) -> Backend:
        """The backend these options name (a Backend object is used as it is)."""
        if not isinstance(self.backend, str):
            return self.backend
        from summarizer.llm.backends.factory import make_backend

        return make_backend(self.backend, model=self.model, base_url=self.base_url,
                            model_path=self.model_path, progress=self.progress)  # fmt: skip

    def with_engine(self) -> RunOptions:
        """These options with the backend built, so that several articles share it."""
        return self if not isinstance(self.backend, str) else self.replace(backend=self.engine())

    def recorder(self, label: str) -> Recorder:
        """The recorder of these options (a Recorder object is used as it is): the folder
        given, ``auto`` mode by default when there is one, else no recording."""
        from summarizer.llm.recording import Recorder

        if isinstance(self.recordings, Recorder):
            return self.recordings
        mode = self.record_mode
        if mode is None:
            mode = "auto" if self.recordings is not None else "off"
        directory = Path(self.recordings) if self.recordings is not None else None
        secrets = [os.environ.get("OPENAI_API_KEY", "")]
        return Recorder(directory=directory, mode=mode, secrets=secrets, label=label)

    def with_recorder(self, label: str) -> RunOptions:
        """These options with the recorder built, so that several articles share it."""
        return self.replace(recordings=self.recorder(label))

    def clean(self, source: str | Path) -> Article:
        """Read and clean one input as these options say (boilerplate, private URLs)."""
        from summarizer.document.article import load_article

        return load_article(str(source), keep_boilerplate=self.keep_boilerplate,
                            allow_private_urls=self.allow_private_urls)  # fmt: skip


DEFAULTS = RunOptions()


def chosen(options: RunOptions | None, given: RunOptions) -> RunOptions:
    """``options`` when the caller passed an options object, else the one its keywords
    make. Both at once is an error: which would win is not obvious."""
    if options is None:
        return given
    if given != DEFAULTS:
        changed = [f.name for f in dataclasses.fields(given)
                   if getattr(given, f.name) != getattr(DEFAULTS, f.name)]  # fmt: skip
        raise ConfigError(
            f"both options= and the keywords {', '.join(changed)} were given",
            hint="set them on the RunOptions (options.replace(...)) or pass keywords only",
        )
    return options


def iso_date(value: str | None) -> str | None:
    """A publication date given by hand, as ISO ``YYYY-MM-DD``; ConfigError otherwise."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        raise ConfigError(
            f"published date {value!r} is not an ISO date", hint="write it as 2026-05-24"
        ) from None


def per_item(value: str | Sequence[str | None] | None, n: int, name: str) -> list[str | None]:
    """One value for every item, or one per item."""
    if value is None or isinstance(value, str):
        return [value or None] * n
    values = [v or None for v in value]
    if len(values) == 1:
        return values * n
    if len(values) != n:
        raise ConfigError(
            f"{len(values)} {name} values for {n} inputs",
            hint=f"give one {name} for every input, or one per input in their order",
        )
    return values
