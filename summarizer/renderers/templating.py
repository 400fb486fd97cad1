"""The Jinja2 environment the HTML renderers share: package templates, autoescape,
strict undefined names."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from summarizer.models import Actor


def actor_label(a: Actor) -> str:
    return f"{a.name} ({a.country_code})" if a.country_code else a.name


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """One environment for every page; renderers add their filters and globals to the
    template's render call, not here, so none depends on another's."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer.renderers", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["actor"] = actor_label
    return env
