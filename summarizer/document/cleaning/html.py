"""HTML input: detected by content, main text extracted with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from summarizer.errors import EmptyInput, InputError

_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)", re.I | re.S)
_TAG = re.compile(r"</?(p|div|span|a|br|article|section|h[1-6]|li|ul|meta|script)\b", re.I)


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None
    author: str | None
    date: str | None
    outlet: str | None = None  # the site's name
    url: str | None = None  # the page's canonical URL


def looks_like_html(text: str) -> bool:
    """HTML by content, not by file name: a doctype/html/head/body start, or dense tags."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 8


_META = re.compile(r"<meta\s[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TITLE_KEYS = ("og:title", "twitter:title")
_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "byl")
_DATE_KEYS = ("article:published_time", "datepublished", "date", "pubdate", "parsely-pub-date")


def page_metadata(html: str) -> dict[str, str]:
    """<meta> name/property → content, lower-cased keys, first one wins (cheap regex scan
    of the head: trafilatura's full metadata pass costs a quarter of its run time)."""
    head = html[: html.lower().find("</head>") if "</head>" in html.lower() else 200_000]
    out: dict[str, str] = {}
    for tag in _META.findall(head):
        attrs = {k.lower(): (v1 or v2) for k, v1, v2 in _ATTR.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and "content" in attrs and key not in out:
            out[key] = unescape(attrs["content"]).strip()
    match = _TITLE_TAG.search(head)
    if match and "<title>" not in out:
        out["<title>"] = unescape(re.sub(r"\s+", " ", match.group(1))).strip()
    return out


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


_PASSWORD_FIELD = re.compile(r"""<input\b[^>]*\btype\s*=\s*["']?password""", re.I)
# A page with a password field is a sign-in page when what is left of it is tiny, or short
# and about signing in (a news brief with a login form in its header is neither).
_SIGN_IN_WORDS = 40
_SHORT_WORDS = 150
_SIGN_IN_TEXT = re.compile(
    r"\b(sign(ed)? in|log(ged)? ?in|password|subscribe|subscription|create an account|"
    r"register)\b",
    re.I,
)


def _sign_in_page(source: str) -> InputError:
    return InputError(
        f"{source}: looks like a sign-in page, not an article (a password field and "
        "almost no text)",
        hint="the article may be behind a login: save the page from your browser and pass the file",
    )


def extract_html(html: str, source: str) -> Extracted:
    import trafilatura

    document = trafilatura.bare_extraction(
        html, with_metadata=False, include_comments=False, include_tables=False
    )
    text = getattr(document, "text", None) if document is not None else None
    if _PASSWORD_FIELD.search(html):
        words = len((text or "").split())
        about_signing_in = bool(_SIGN_IN_TEXT.search(text or ""))
        if words < _SIGN_IN_WORDS or (words < _SHORT_WORDS and about_signing_in):
            raise _sign_in_page(source)
    if not text or not text.strip():
        raise EmptyInput(
            f"{source}: no article text found in the HTML",
            hint="is this an article page? try `summarizer clean` to see what is extracted",
        )
    meta = page_metadata(html)
    found = _trafilatura_metadata(html)  # JSON-LD, <meta>, <time>…: ~20 ms a page
    date = found.get("date") or _first(meta, _DATE_KEYS)
    return Extracted(
        text=text,
        title=_first(meta, (*_TITLE_KEYS, "<title>")),
        author=found.get("author") or _first(meta, _AUTHOR_KEYS),
        date=date[:10] if date and re.match(r"\d{4}-\d{2}-\d{2}", date) else date,
        outlet=found.get("sitename") or _first(meta, ("og:site_name", "application-name")),
        url=found.get("url") or _first(meta, ("og:url",)),
    )


def _trafilatura_metadata(html: str) -> dict[str, str]:
    """Date, author(s), site name and canonical URL as trafilatura reads them (JSON-LD
    included); empty where the page does not say."""
    try:
        from trafilatura.metadata import extract_metadata

        document = extract_metadata(html)
    except Exception:
        return {}
    if document is None:
        return {}
    out = {}
    for name in ("date", "author", "sitename", "url"):
        value = getattr(document, name, None)
        if isinstance(value, str) and value.strip():
            out[name] = value.strip()
    return out
