"""Briefing → one self-contained HTML file: inline CSS, no scripts, fonts or images fetched,
evidence quotes expandable beside each statement, a timeline sorted by date, one
actors × proposals stance grid (colour and a text label, so it reads in black and white),
the sources named by outlet, title, date and link, the pipeline's warnings in plain words
in a collapsed appendix, and a numbered citation list that prints (with page numbers and
a running header). Tables turn into stacked cards on narrow screens.

The page is the Jinja2 template ``templates/brief.html.j2`` (autoescaped) with
``templates/brief.css`` inlined into its ``<style>``; both ship inside the package."""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2
from markupsafe import Markup

from summarizer.models import Actor
from summarizer.models.briefing import Briefing
from summarizer.renderers.citations import (
    STANCE_SYMBOLS,
    Citations,
    acts_matrix,
    notes,
    period_text,
    source_link,
    source_name,
    stance_grid,
    strip_dots,
    timeline_rows,
)
from summarizer.renderers.templating import environment

STANCE_COLOURS = {
    "supports": ("#d9f2d9", "supports the proposal"),
    "rejects": ("#f7d4d4", "rejects the proposal"),
    "conditional": ("#fcebc4", "supports with conditions"),
    "neutral": ("#e6e6e6", "neutral"),
    "unclear": ("#f4f4f4", "unclear"),
    "disputed": ("#e3d6f5", "sources disagree"),
}

TEMPLATE = "brief.html.j2"
HEADER_CHARS = 90  # the running header of printed pages
COLUMN_CHARS = 60  # a proposal's summary above its column in the stance grid


def _actor(a: Actor) -> str:
    return f"{a.name} ({a.country_code})" if a.country_code else a.name


_CSS_SAFE = re.compile(r"[A-Za-z0-9 .,:;!?()'–·-]")


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string for the page's own <style>: every character that
    could end the string, the rule or the element (quotes, backslashes, '<', newlines…)
    becomes a six-digit CSS escape."""
    body = "".join(ch if _CSS_SAFE.fullmatch(ch) else f"\\{ord(ch):06x}" for ch in text)
    return Markup(f'"{body}"')


def shorten(text: str, limit: int = COLUMN_CHARS) -> str:
    """``text`` cut at a word before ``limit`` characters, with '…' when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def running_header(b: Briefing) -> str:
    text = shorten(b.title, HEADER_CHARS)
    dates = period_text(b.period)
    return f"{text} · sources {dates}" if dates else text


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = environment().overlay()  # shared loader and escaping; this page's names
    env.filters["css_string"] = css_string
    env.filters["period"] = period_text
    env.filters["source_name"] = source_name
    env.filters["shorten"] = shorten
    env.globals.update(
        STANCE_COLOURS=STANCE_COLOURS,
        STANCE_SYMBOLS=STANCE_SYMBOLS,
        source_link=source_link,
        source_name=source_name,
    )
    return env


def render_brief_html(b: Briefing) -> str:
    # Citations are numbered as the template first meets them, so [n] runs in page order.
    rows = timeline_rows(b, background=False)
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            b=b,
            refs=Citations(b),
            rows=rows,
            background=timeline_rows(b, background=True),
            matrix=acts_matrix(b),
            dots=strip_dots(rows),
            grid=stance_grid(b),
            notes=notes(b),
            header=running_header(b),
        )
    )
