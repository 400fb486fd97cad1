"""HTML input (detected by content, gzip allowed) and URL fetching against a local server."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.document.article import load_article
from summarizer.document.cleaning.boilerplate import filter_lines
from summarizer.errors import EmptyInput, InputError
from tests.conftest import FIXTURES

runner = CliRunner()
PAGE = FIXTURES / "news-html" / "fundus_GlobalNews_2026_05_24"
HTML = gzip.decompress((PAGE / "raw.html.gz").read_bytes())


def test_html_detected_by_content_and_cleaned(tmp_path: Path) -> None:
    src = tmp_path / "page.txt"  # the extension says text; the content says HTML
    src.write_bytes(HTML)
    article = load_article(str(src))
    assert (
        article.html and article.title is not None and article.title.startswith("Russia hits Kyiv")
    )
    gold = (PAGE / "gold.txt").read_text(encoding="utf-8")
    assert article.text.startswith("Russia used the powerful hypersonic Oreshnik")
    assert "Get daily National news" not in article.text  # site notice, not in the gold text
    assert [r.reason for r in article.removed] == ["site-notice", "credits"]
    for paragraph in gold.split("\n\n"):
        assert paragraph.strip() in article.text


def test_gzip_html_file_is_read() -> None:
    article = load_article(str(PAGE / "raw.html.gz"))
    assert article.html and len(article.sentences) > 30


@pytest.mark.parametrize(
    ("line", "reason"),
    [  # real lines from the development pages
        ("MORE: Putin ‘prepared to discuss Ukraine ceasefire’ with Trump", "teaser"),
        ("China furious at Macron for Hong Kong protest jibe [INSIGHT]|", "teaser"),
        ("DON'T MISS", "teaser"),
        ("Photo: AFP", "caption"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "site-notice"),
        ("Get in touch with our news team by emailing us at webnews@metro.co.uk.", "site-notice"),
        ("For more stories like this, check our news page.", "navigation"),
        ("With files from The Associated Press and Mohamed El Saife", "credits"),
        ("Reporting by Maya Gebeilly in Beirut; Editing by Daniel Flynn", "credits"),
        ("Back to top button", "ui"),
    ],
)
def test_boilerplate_classes(line: str, reason: str) -> None:
    result = filter_lines(f"An opening paragraph of the story.\n\n{line}\n\nMore body text here.")
    assert [(r.text, r.reason) for r in result.removed] == [(line, reason)]
    assert result.paragraphs == ["An opening paragraph of the story.", "More body text here."]


def test_labelled_teaser_after_the_first_paragraph_only() -> None:
    text = (
        "CHINESE AGGRESSION: Manila accused Beijing of sideswiping a boat.\n\n"
        "Body paragraph.\n\n"
        "RISK REMAINS: An official said that it is unclear if China would hold war games"
    )
    result = filter_lines(text)
    assert result.paragraphs == [
        "CHINESE AGGRESSION: Manila accused Beijing of sideswiping a boat.",
        "Body paragraph.",
    ]


def test_html_without_an_article(tmp_path: Path) -> None:
    src = tmp_path / "empty.html"
    src.write_text("<!doctype html><html><head><title>x</title></head><body></body></html>")
    with pytest.raises(EmptyInput, match="no article text found in the HTML"):
        load_article(str(src))


# --- URLs, against a local server ---------------------------------------------------


@contextmanager
def site() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            routes = {
                "/article": (200, "text/html; charset=utf-8", HTML),
                "/plain": (200, "text/plain", b"Plain article text here. It has two sentences."),
                "/image": (200, "image/png", b"\x89PNG...."),
                "/big": (200, "text/html", b"<p>" + b"x" * (6 * 1024 * 1024)),
                "/missing": (404, "text/html", b"not found"),
            }
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("location", "/article")
                self.end_headers()
                return
            if self.path.startswith("/loop"):
                n = int(self.path[5:] or 0)
                self.send_response(302)
                self.send_header("location", f"/loop{n + 1}")
                self.end_headers()
                return
            status, ctype, body = routes.get(self.path, (404, "text/plain", b"no"))
            self.send_response(status)
            self.send_header("content-type", ctype)
            if self.path != "/big":  # no length: the cap must hold while streaming
                self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_url_fetch_follows_redirects_and_cleans() -> None:
    with site() as base:
        result = runner.invoke(app, ["clean", f"{base}/redirect", "--format", "json"])
        plain = runner.invoke(app, ["clean", f"{base}/plain"])
    assert result.exit_code == 0, result.stderr
    assert '"html": true' in result.stdout and "Oreshnik" in result.stdout
    assert plain.stdout == "Plain article text here. It has two sentences.\n"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/image", "content type 'image/png' is not an article page"),
        ("/big", "over the 5,242,880-byte limit"),
        ("/missing", "the server answered HTTP 404"),
        ("/loop0", "more than 5 redirects"),
    ],
)
def test_url_failures_are_clear(path: str, message: str) -> None:
    with site() as base:
        result = runner.invoke(app, ["summarize", f"{base}{path}", "-q"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_only_http_urls() -> None:
    with pytest.raises(InputError, match="only http and https"):
        load_article("ftp://example.com/a.html")


@pytest.mark.parametrize(
    ("address", "public"),
    [("8.8.8.8", True), ("1.1.1.1", True), ("2606:4700:4700::1111", True),
     ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False),
     ("169.254.169.254", False), ("100.64.0.1", False), ("100.100.100.200", False),
     ("0.0.0.0", False), ("::1", False), ("fd00::1", False), ("::ffff:127.0.0.1", False),
     ("224.0.0.1", False)],
)  # fmt: skip
def test_what_counts_as_a_public_address(address: str, public: bool) -> None:
    """Issue 27, item 3: shared address space (100.64.0.0/10, cloud metadata) and mapped
    IPv6 forms are not public."""
    from summarizer.document.cleaning.fetch import not_public

    assert not_public(address) is not public


def test_private_urls_refused_where_asked_also_for_briefs_and_after_dns_rebinding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``allow_private_urls=False``: a loopback URL is refused before any request, in
    ``summarize`` and ``brief``; a name that resolves to a public address for the check
    and to loopback for the connection (DNS rebinding) is refused on the address actually
    connected to, before its page is read."""
    import socket

    import summarizer

    with site() as base:
        with pytest.raises(InputError, match=r"refusing to fetch 127\.0\.0\.1"):
            summarizer.clean(f"{base}/plain", allow_private_urls=False)
        with pytest.raises(InputError, match=r"refusing to fetch 127\.0\.0\.1"):
            summarizer.brief([f"{base}/plain"], use_llm=False, allow_private_urls=False)
        port = int(base.rsplit(":", 1)[1])
        real = socket.getaddrinfo
        answers = iter(["93.184.216.34"])  # the check sees a public address, once

        def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
            if host != "rebind.example":
                return real(host, *args, **kwargs)
            address = next(answers, "127.0.0.1")  # then the name points at loopback
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        with pytest.raises(InputError, match=r"refusing to fetch rebind\.example \(127\.0\.0\.1\)"):
            summarizer.clean(f"http://rebind.example:{port}/plain", allow_private_urls=False)
        # and allowed where it is asked for (the command line's default)
        assert "Plain article text" in summarizer.clean(f"{base}/plain").text
