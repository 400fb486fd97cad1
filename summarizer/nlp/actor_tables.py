"""The actor tables (``summarizer/nlp/data/actors.toml``): country aliases, leaders,
organisations and display names, read and validated once, on first use."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, model_validator

from summarizer.errors import ConfigError, validation_message
from summarizer.models import ActorKind

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


# --- the data file ------------------------------------------------------------------


def _check_alias(alias: str) -> str:
    if not alias.strip():
        raise ValueError("an alias must not be empty")
    if alias != " ".join(alias.split()):
        raise ValueError(f"alias {alias!r} has stray spaces")
    if alias != alias.lower():
        raise ValueError(f"alias {alias!r} must be lower case ({alias.lower()!r})")
    return alias


def _check_code(code: str) -> str:
    import pycountry

    if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()) or (
        pycountry.countries.get(alpha_3=code) is None
    ):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    return code


def _check_code_or_blank(code: str) -> str:
    return code if code == "" else _check_code(code)


def _check_text(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


Alias = Annotated[str, AfterValidator(_check_alias)]
CountryCode = Annotated[str, AfterValidator(_check_code)]
CountryCodeOrBlank = Annotated[str, AfterValidator(_check_code_or_blank)]
Text = Annotated[str, AfterValidator(_check_text)]


class OrganisationEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: Text
    kind: Literal["organisation", "group"]


class ActorTables(BaseModel):
    """The validated contents of ``actors.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    country_aliases: dict[Alias, CountryCodeOrBlank]
    leaders: dict[Alias, CountryCode]
    organisations: dict[Alias, OrganisationEntry]
    display_names: dict[CountryCode, Text]

    @model_validator(mode="after")
    def _no_conflicts(self) -> ActorTables:
        for alias, code in self.leaders.items():
            other = self.country_aliases.get(alias)
            if other is not None and other != code:
                raise ValueError(
                    f"alias {alias!r} means {other or 'no country'!s} in [country_aliases] "
                    f"but {code} in [leaders]"
                )
        for alias, org in self.organisations.items():
            for table, mapping in (
                ("country_aliases", self.country_aliases),
                ("leaders", self.leaders),
            ):
                if alias in mapping:
                    raise ValueError(
                        f"alias {alias!r} means {mapping[alias] or 'no country'!s} in [{table}] "
                        f"but {org.name!r} in [organisations]"
                    )
        return self


def _default_path() -> Traversable:
    return resources.files("summarizer.nlp") / "data" / "actors.toml"


def _where(loc: tuple[Any, ...]) -> str:
    """Pydantic's error location → how the entry looks in the TOML file."""
    parts = [str(p) for p in loc if p != "[key]"]
    if not parts:
        return ""
    where = f"[{parts[0]}]"
    if len(parts) > 1:
        where += f' "{parts[1]}"'
    if len(parts) > 2:
        where += " " + ".".join(parts[2:])
    return where + ": "


def load_actor_tables(path: Path | Traversable | None = None) -> ActorTables:
    """Read and validate the actor tables (the packaged ``actors.toml`` unless ``path``).

    Raises ConfigError naming the file and the bad entry when the file is malformed."""
    source = _default_path() if path is None else path
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"actor table not found: {source}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"actor table {source} is not valid TOML: {exc}") from None
    try:
        return ActorTables.model_validate(data)
    except ValidationError as exc:
        problems = [_where(err["loc"]) + validation_message(err) for err in exc.errors()]
        raise ConfigError(f"actor table {source} is malformed: " + "; ".join(problems)) from None


@dataclass(frozen=True)
class _Tables:
    country_aliases: Mapping[str, str]
    leaders: Mapping[str, str]
    organisations: Mapping[str, tuple[str, ActorKind]]
    display_names: Mapping[str, str]


@lru_cache(maxsize=1)
def tables() -> _Tables:
    loaded = load_actor_tables()
    return _Tables(
        country_aliases=MappingProxyType(dict(loaded.country_aliases)),
        leaders=MappingProxyType(dict(loaded.leaders)),
        organisations=MappingProxyType(
            {alias: (org.name, org.kind) for alias, org in loaded.organisations.items()}
        ),
        display_names=MappingProxyType(dict(loaded.display_names)),
    )
