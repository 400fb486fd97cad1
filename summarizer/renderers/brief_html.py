"""Briefing → one self-contained HTML file: inline CSS, no scripts, fonts or images fetched,
evidence quotes expandable beside each statement, a colour-coded stance matrix with a
legend, and a numbered citation list that prints.

The page is the Jinja2 template ``templates/brief.html.j2`` (autoescaped) with
``templates/brief.css`` inlined into its ``<style>``; both ship inside the package."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from summarizer.models import Actor
from summarizer.models.briefing import Briefing
from summarizer.renderers.citations import Citations

STANCE_COLOURS = {
    "supports": ("#d9f2d9", "supports the proposal"),
    "rejects": ("#f7d4d4", "rejects the proposal"),
    "conditional": ("#fcebc4", "supports with conditions"),
    "neutral": ("#e6e6e6", "neutral"),
    "unclear": ("#f4f4f4", "unclear"),
    "disputed": ("#e3d6f5", "sources disagree"),
}

TEMPLATE = "brief.html.j2"


def _actor(a: Actor) -> str:
    return f"{a.name} ({a.country_code})" if a.country_code else a.name


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer.renderers", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["actor"] = _actor
    env.globals["STANCE_COLOURS"] = STANCE_COLOURS
    return env


def render_brief_html(b: Briefing) -> str:
    # Citations are numbered as the template first meets them, so [n] runs in page order.
    return _environment().get_template(TEMPLATE).render(b=b, refs=Citations(b))
