"""Fetch an article by URL with httpx: http(s) only, timeouts, an overall deadline,
redirect and size limits. Messages name the URL without its credentials or tokens."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlparse

import httpx

from summarizer.errors import InputError
from summarizer.llm.redact import redact_url

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_SECONDS = 60.0  # the whole download, however slowly the server trickles
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "summarizer/0.2 (+https://pypi.org/project/summarizer/)"


@dataclass(frozen=True)
class Page:
    body: bytes
    charset: str | None  # from the Content-Type header, if it names one


def is_url(source: str) -> bool:
    return "://" in source[:12]


def not_public(address: str) -> bool:
    """Whether an IP address is anything but a public internet address: loopback,
    private, link-local, shared (100.64.0.0/10, where cloud metadata services live),
    reserved, multicast, unspecified, or an IPv4-mapped IPv6 form of one of these."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _private_host(host: str) -> bool:
    """Whether ``host`` resolves to any address that is not public."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # the fetch itself will report it
    return any(not_public(str(info[4][0])) for info in infos)


def fetch(
    url: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_seconds: float = MAX_SECONDS,
    allow_private: bool = True,
) -> Page:
    """GET ``url``. ``allow_private=False`` refuses hosts on loopback, private or
    link-local addresses (also after a redirect): for services that fetch URLs users
    give them. The command line allows them (a local server is a fine article source)."""
    shown = redact_url(url)
    try:
        parts = urlparse(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL, UnicodeError) as exc:
        raise InputError(f"{shown}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(f"{shown}: only http and https URLs are supported, not {scheme!r}")
    if not parts.hostname:
        raise InputError(f"{shown}: not a valid URL (no host)")

    def refuse(host: str) -> InputError:
        return InputError(
            f"{shown}: refusing to fetch {host}, a private or local address",
            hint="pass allow_private_urls=True if you trust this source",
        )

    def guard(request: httpx.Request) -> None:
        if not allow_private and _private_host(request.url.host):
            raise refuse(request.url.host)

    def connected(response: httpx.Response) -> None:
        """The address actually connected to (every hop): a name that resolved to a
        public address for the check and to a private one for the connection (DNS
        rebinding) is refused before any of the body is read."""
        if allow_private:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if not peer:
            raise InputError(f"{shown}: cannot tell which address was connected to")
        if not_public(str(peer[0])):
            raise refuse(f"{response.request.url.host} ({peer[0]})")

    started = time.monotonic()
    try:
        with (
            httpx.Client(
                timeout=TIMEOUT,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={"user-agent": USER_AGENT},
                event_hooks={"request": [guard], "response": [connected]},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise InputError(f"{shown}: the server answered HTTP {response.status_code}")
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and ctype not in ACCEPTED_TYPES:
                raise InputError(
                    f"{shown}: content type {ctype!r} is not an article page",
                    hint="pass an HTML or text page",
                )
            declared = response.headers.get("content-length")
            encoded = response.headers.get("content-encoding", "identity") != "identity"
            if declared and declared.isdigit() and int(declared) > max_bytes and not encoded:
                raise InputError(
                    f"{shown}: page is {int(declared):,} bytes, over the {max_bytes:,}-byte limit"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():  # decoded: a gzip bomb stops at the limit
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"{shown}: page is over the {max_bytes:,}-byte limit")
                if time.monotonic() - started > max_seconds:
                    raise InputError(
                        f"{shown}: the download did not finish within {max_seconds:g} s",
                        hint="the server is too slow; try again later",
                    )
                chunks.append(chunk)
            return Page(b"".join(chunks), response.charset_encoding)
    except httpx.TooManyRedirects:
        raise InputError(f"{shown}: more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise InputError(f"{shown}: timed out", hint="try again later") from None
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
        raise InputError(f"{shown}: cannot fetch ({type(exc).__name__})") from None
