"""Keep secrets out of everything we show or store: URLs lose their credentials and
the values of query parameters that look like secrets."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters whose values are secrets (matched case-insensitively, as substrings
# of the parameter name: "access_token", "X-Amz-Signature", "apiKey", "sessionid"…).
_SECRET_PARAMS = re.compile(
    r"token|key|secret|passw|pwd|auth|sig|session|sid|credential|ticket|code", re.I
)
REDACTED = "REDACTED"


def redact_url(url: str) -> str:
    """``http://user:pass@host/p?access_token=t&q=1`` → ``http://user:***@host/p?
    access_token=REDACTED&q=1`` (the fragment's parameters too: ``#access_token=…``).
    Anything that is not a URL comes back unchanged."""
    if "://" not in url[:12]:
        return url
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}:***@{host}" if ":" in userinfo else f"***@{host}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            query = urlencode(
                [(k, REDACTED if _SECRET_PARAMS.search(k) and v else v) for k, v in pairs],
                safe="/:,",
            )
        fragment = parts.fragment
        if "=" in fragment:  # "#access_token=…": OAuth's implicit flow puts tokens here
            pairs = parse_qsl(fragment, keep_blank_values=True)
            fragment = urlencode(
                [(k, REDACTED if _SECRET_PARAMS.search(k) and v else v) for k, v in pairs],
                safe="/:,",
            )
        return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))
    except ValueError:
        return re.sub(r"//[^/@\s]*@", "//***@", url)


def printable(name: str) -> str:
    """A name as text that can be written anywhere (JSON, SQLite, a terminal): a file
    name that is not UTF-8 (bytes Python keeps as lone surrogates) shows U+FFFD where its
    odd bytes were."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
