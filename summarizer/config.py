"""Configuration: command-line flags > SUMMARIZER_* environment variables > config file.

The config file is TOML, at ``$SUMMARIZER_CONFIG`` or the platform's user config dir
(``~/.config/summarizer/config.toml`` on Linux), with the same keys as the settings
below. Keys are never read here: OPENAI_API_KEY is read when the openai backend is built.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, ValidationError

from summarizer.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BackendName = Literal["local", "openai"]


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: BackendName = "local"
    model: str | None = None
    base_url: str | None = None
    model_path: Path | None = None
    schema_style: Literal["openai", "llama"] | None = None
    recordings: Path | None = None
    record_mode: Literal["off", "record", "replay", "auto"] | None = None
    max_retries: int = 1
    transport_attempts: int = 4


_ENV = {
    "backend": "SUMMARIZER_BACKEND",
    "model": "SUMMARIZER_MODEL",
    "base_url": "SUMMARIZER_BASE_URL",
    "model_path": "SUMMARIZER_MODEL_PATH",
    "schema_style": "SUMMARIZER_SCHEMA_STYLE",
    "recordings": "SUMMARIZER_RECORDINGS",
    "record_mode": "SUMMARIZER_RECORD_MODE",
    "max_retries": "SUMMARIZER_MAX_RETRIES",
    "transport_attempts": "SUMMARIZER_TRANSPORT_ATTEMPTS",
}


def config_path() -> Path:
    override = os.environ.get("SUMMARIZER_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("summarizer")) / "config.toml"


def _file_values(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def load_settings(**flags: Any) -> Settings:
    """Merge the three layers; ``flags`` left as None do not override."""
    path = config_path()
    values: dict[str, Any] = _file_values(path)
    for key, env in _ENV.items():
        if os.environ.get(env):
            values[key] = os.environ[env]
    if not values.get("base_url") and os.environ.get("OPENAI_BASE_URL"):
        values["base_url"] = os.environ["OPENAI_BASE_URL"]
    values.update({k: v for k, v in flags.items() if v is not None})
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"invalid setting {where!r}: {first['msg']}",
            hint=f"check flags, SUMMARIZER_* variables and {path}",
        ) from None
