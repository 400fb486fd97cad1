"""Options shared by the commands: the same name, help and type wherever they appear."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

BackendOpt = Annotated[
    Literal["local", "openai"] | None,
    typer.Option(
        help="local: embedded model in process (default, no key). "
        "openai: any OpenAI-compatible endpoint. [env: SUMMARIZER_BACKEND]"
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        help="Model name for the openai backend (default gpt-4o-mini); with the local "
        "backend only the embedded model's name or a .gguf path. [env: SUMMARIZER_MODEL]"
    ),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 "
        "[env: SUMMARIZER_BASE_URL, OPENAI_BASE_URL]"
    ),
]
ModelPathOpt = Annotated[
    Path | None,
    typer.Option(help="Load this GGUF file in the local backend. [env: SUMMARIZER_MODEL_PATH]"),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        help="Seconds to wait for one model call (openai backend). [env: SUMMARIZER_TIMEOUT]"
    ),
]
PassesOpt = Annotated[
    Literal["single", "multi"],
    typer.Option(
        help="multi: three focused model calls sharing the article prefix. "
        "single: one call for everything."
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(help="Fail (exit 6) instead of dropping items the article does not support."),
]
RecordOpt = Annotated[
    Path | None, typer.Option(help="Record every model exchange into this folder.")
]
ReplayOpt = Annotated[
    Path | None, typer.Option(help="Replay model exchanges from this folder (no model).")
]
ChunkOpt = Annotated[
    bool,
    typer.Option(
        "--chunk/--no-chunk",
        help="Read an article too long for the model's context in overlapping windows of "
        "whole sentences and merge what they give (default); --no-chunk refuses it "
        "(exit 2) before anything is sent.",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]
KeepBoilerplateOpt = Annotated[
    bool, typer.Option(help="Do not remove boilerplate lines from the input.")
]
AnyLanguageOpt = Annotated[
    bool,
    typer.Option(
        "--any-language",
        help="Summarise articles that do not look English too (actors are matched in "
        "English only, so expect few items).",
    ),
]
StoreOpt = Annotated[
    Path | None,
    typer.Option(
        help="The result store (SQLite). [env: SUMMARIZER_STORE; default: the user data folder]"
    ),
]
