"""Configuration: command-line flags > SUMMARIZER_* environment variables > config file.

The config file is TOML, at ``$SUMMARIZER_CONFIG`` or the platform's user config dir
(``~/.config/summarizer/config.toml`` on Linux), with the same keys as the settings
below. ``Settings`` is the one table of settings: environment variable names, config
keys and the documentation (``settings_table``) all derive from it. Keys are never read
here: OPENAI_API_KEY is read when the openai backend is built.
"""

from __future__ import annotations

import os
import sys
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from summarizer.errors import ConfigError, validation_message

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

BackendName = Literal["local", "openai"]

ENV_PREFIX = "SUMMARIZER_"

# Other tools' variables a setting falls back to, below the config file.
_FALLBACK_ENV = {"base_url": "OPENAI_BASE_URL"}


class ModelPrice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input: float = Field(ge=0, description="USD per million input (prompt) tokens.")
    output: float = Field(ge=0, description="USD per million output (completion) tokens.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,
        extra="forbid",
        validate_default=True,
    )

    backend: BackendName = Field(
        "local",
        description="Which model answers: the embedded local model or an OpenAI-compatible API.",
    )
    model: str | None = Field(
        None, description="Model name sent to the OpenAI-compatible API (openai backend)."
    )
    base_url: str | None = Field(
        None,
        description="Base URL of the OpenAI-compatible API; falls back to OPENAI_BASE_URL.",
    )
    model_path: Path | None = Field(
        None, description="A GGUF model file for the local backend instead of the embedded one."
    )
    schema_style: Literal["openai", "llama"] | None = Field(
        None,
        description="How the answer schema is sent to the API; unset means guess from the server.",
    )
    recordings: Path | None = Field(
        None, description="Folder of recorded model calls, for record/replay."
    )
    record_mode: Literal["off", "record", "replay", "auto"] | None = Field(
        None,
        description="Record or replay model calls; unset means auto when recordings is set.",
    )
    max_retries: int = Field(
        1, ge=0, description="Extra model calls when an answer does not validate."
    )
    transport_attempts: int = Field(
        4, ge=1, description="Attempts per model call when the connection fails."
    )
    timeout: float = Field(
        120.0, gt=0, allow_inf_nan=False, description="Seconds to wait for one model call."
    )
    context_tokens: int | None = Field(
        None,
        gt=0,
        description="The openai backend model's context window in tokens (default 128000); "
        "an article that cannot fit is read in overlapping windows of whole sentences "
        "(with --no-chunk, refused before it is sent).",
    )
    draft_tokens: int = Field(
        0,
        ge=0,
        le=16,
        description="Local backend: verify up to this many drafted tokens (forced by the "
        "grammar, or copied from the article) per decode step; faster, but the answers may "
        "differ at near ties (see docs/DESIGN.md, The decode loop). 0: one token a step.",
    )
    store: Path | None = Field(
        None,
        description="The result store (SQLite): runs, items, model calls and cached "
        "summaries; default: the platform's user data folder.",
    )
    prices: dict[str, ModelPrice] = Field(
        default_factory=dict,
        description="USD per million tokens by model, e.g. prices.my-model = {input = 0.5, "
        "output = 1.5}; adds to the built-in table (gpt-4o-mini, gpt-4o, gpt-4.1…).",
    )
    retry_wait: float = Field(
        1.0,
        gt=0,
        allow_inf_nan=False,
        description="Seconds before the first retry of a failed call (then doubling, at most "
        "20 s); a server's Retry-After wins.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Highest first. The path is resolved on every load, not at import.
        return (
            init_settings,
            env_settings,
            _TomlFile(settings_cls, config_path()),
            _FallbackEnv(settings_cls),
        )


class _TomlFile(TomlConfigSettingsSource):
    """The config file; a broken one is a ConfigError naming it."""

    def _read_file(self, file_path: Path | Traversable) -> dict[str, Any]:
        try:
            return tomllib.loads(file_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                f"config file {file_path} is not valid TOML: {exc}",
                hint="fix the file, or point SUMMARIZER_CONFIG at another one",
            ) from None


class _FallbackEnv(PydanticBaseSettingsSource):
    """OPENAI_BASE_URL and the like: used only when nothing above sets the setting."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return os.environ.get(_FALLBACK_ENV.get(field_name, "")), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {name: os.environ[env] for name, env in _FALLBACK_ENV.items() if os.environ.get(env)}


def config_path() -> Path:
    override = os.environ.get("SUMMARIZER_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("summarizer")) / "config.toml"


def env_names() -> dict[str, str]:
    """Setting → the environment variable that sets it."""
    prefix = Settings.model_config.get("env_prefix", "")
    return {name: f"{prefix}{name}".upper() for name in Settings.model_fields}


def _origin(name: str, flags: dict[str, Any]) -> str:
    """Where the value of setting ``name`` came from, in the order the layers apply."""
    if name in flags:
        return "a command-line flag"
    env = env_names().get(name)
    if env and os.environ.get(env):
        return f"${env}"
    path = config_path()
    try:
        in_file = name in tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        in_file = False
    fallback = _FALLBACK_ENV.get(name)
    if not in_file and fallback and os.environ.get(fallback):
        return f"${fallback}"
    return str(path)


def load_settings(**flags: Any) -> Settings:
    """Merge the three layers; ``flags`` left as None do not override."""
    given = {k: v for k, v in flags.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "?"
        top = str(first["loc"][0]) if first["loc"] else ""
        source = _origin(top, given)
        raise ConfigError(
            f"invalid setting {where!r}: {validation_message(first)}",
            hint=f"the value came from {source}",
        ) from None


def _type_label(annotation: Any) -> str:
    args = typing.get_args(annotation)
    choices = [a for a in args if typing.get_origin(a) is Literal]
    if typing.get_origin(annotation) is Literal:
        choices = [annotation]
    if choices:
        return ", ".join(f"`{v}`" for c in choices for v in typing.get_args(c))
    return ""


def _default_label(value: Any) -> str:
    return "—" if value is None or value == {} else f"`{value}`"


def settings_table() -> str:
    """A Markdown table of every setting, generated from ``Settings``."""
    env = env_names()
    rows = [
        "| setting | environment | config key | default | description |",
        "|---|---|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        environment = f"`{env[name]}`"
        if name in _FALLBACK_ENV:
            environment += f", then `{_FALLBACK_ENV[name]}`"
        description = field.description or ""
        choices = _type_label(field.annotation)
        if choices:
            description += f" One of {choices}."
        default = _default_label(field.get_default(call_default_factory=True))
        cells = [f"`{name}`", environment, f"`{name}`", default, description]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"
