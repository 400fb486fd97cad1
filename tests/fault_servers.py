"""Loopback fake servers that speak the real protocols, for fault injection.

``openai_server(script, default)`` is an OpenAI-compatible chat-completions endpoint on
127.0.0.1 whose replies follow a script of fault modes (then ``default`` for every
further request); ``web_server()`` serves article pages with HTTP faults. Both keep
what they received, answer within bounded time, and stop when the ``with`` block ends.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Fault modes of the fake OpenAI endpoint.
OK = "ok"  # a valid answer for the request's schema
RATE_LIMIT = "429"  # HTTP 429 with Retry-After: 1
SERVER_ERROR = "503"
HANG = "hang"  # accepts, then says nothing for HANG_SECONDS
RESET = "reset"  # closes the connection without an answer
TRUNCATED = "truncated"  # promises more bytes than it sends, then closes
NOT_JSON = "not-json"  # 200 with an HTML body
SCHEMA_INVALID = "schema-invalid"  # valid JSON content that does not fit the schema
PROSE = "prose"  # the model answers in words
REFUSAL = "refusal"  # message.refusal set, content null
EMPTY_CHOICES = "empty-choices"
LENGTH = "length"  # finish_reason "length" (cut off at max_tokens)

HANG_SECONDS = 3.0


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler], stop: threading.Event) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port until the block ends; ``stop`` releases
    handlers that are waiting (hangs, trickles) so shutdown is bounded."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def minimal_instance(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> Any:
    """The smallest value valid for a JSON Schema of the kind pydantic writes."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return minimal_instance(defs[schema["$ref"].split("/")[-1]], defs)
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") == "null"] or schema["anyOf"]
        return minimal_instance(options[0], defs)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: minimal_instance(props[name], defs) for name in schema.get("required", [])}
    if kind == "array":
        n = schema.get("minItems", 0)
        return [minimal_instance(schema.get("items", {}), defs) for _ in range(n)]
    if kind == "string":
        return "Nothing to report."
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    return None


def _schema_of(body: dict[str, Any]) -> dict[str, Any]:
    fmt = body.get("response_format") or {}
    return (fmt.get("json_schema") or {}).get("schema") or fmt.get("schema") or {}


def completion(
    content: str | None,
    *,
    finish: str = "stop",
    refusal: str | None = None,
    choices: bool = True,
    usage: tuple[int, int] = (10, 5),
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}] if choices else [],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1],
                  "total_tokens": sum(usage)},
    }  # fmt: skip


@dataclass
class FakeOpenAI:
    script: list[str]
    default: str
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # time.monotonic() of each arrival


@contextmanager
def openai_server(
    script: list[str] | None = None,
    default: str = OK,
    *,
    delay: float = 0.0,
    usage: tuple[int, int] = (10, 5),
) -> Iterator[FakeOpenAI]:
    """``delay``: seconds each valid answer takes; ``usage``: the (prompt, completion)
    tokens each answer reports."""
    state = FakeOpenAI(script=list(script or []), default=default)
    lock = threading.Lock()
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None,
                  ctype: str = "application/json") -> None:  # fmt: skip
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(payload)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            with lock:
                mode = state.script.pop(0) if state.script else state.default
                state.times.append(time.monotonic())
                state.requests.append(body)
                state.headers.append(dict(self.headers))
                state.modes.append(mode)
            schema = _schema_of(body)
            valid = json.dumps(minimal_instance(schema)) if schema else "{}"
            if mode == OK:
                if delay:
                    stop.wait(delay)
                self._send(200, json.dumps(completion(valid, usage=usage)).encode())
            elif mode == RATE_LIMIT:
                err = {"error": {"message": "Rate limit reached", "type": "requests"}}
                self._send(429, json.dumps(err).encode(), {"retry-after": "1"})
            elif mode == SERVER_ERROR:
                self._send(503, json.dumps({"error": {"message": "overloaded"}}).encode())
            elif mode == HANG:
                stop.wait(HANG_SECONDS)
                self.close_connection = True
            elif mode == RESET:
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                self.close_connection = True
                self.connection.close()
            elif mode == TRUNCATED:
                payload = json.dumps(completion(valid)).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload) + 500))
                self.end_headers()
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.close_connection = True
            elif mode == NOT_JSON:
                self._send(200, b"<html><body>Bad gateway</body></html>", ctype="text/html")
            elif mode == SCHEMA_INVALID:
                self._send(200, json.dumps(completion('{"unexpected": true}')).encode())
            elif mode == PROSE:
                prose = "Sure! Here is a summary of the article: it is about diplomacy."
                self._send(200, json.dumps(completion(prose)).encode())
            elif mode == REFUSAL:
                answer = completion(None, refusal="I can't help with that request.")
                self._send(200, json.dumps(answer).encode())
            elif mode == EMPTY_CHOICES:
                self._send(200, json.dumps(completion(valid, choices=False)).encode())
            elif mode == LENGTH:
                self._send(200, json.dumps(completion(valid[:10], finish="length")).encode())
            else:  # pragma: no cover
                raise AssertionError(f"unknown mode {mode}")

    with _serving(Handler, stop) as root:
        state.url = root + "/v1"
        yield state


# --- a web server with HTTP faults -------------------------------------------------

ARTICLE_HTML = (
    "<html><head><title>Talks in Geneva</title></head><body><article>"
    + "".join(
        f"<p>Russia and Ukraine met in Geneva on day {i} to discuss a ceasefire, "
        "officials said.</p>"
        for i in range(1, 8)
    )
    + "</article></body></html>"
)


@dataclass
class FakeWeb:
    url: str = ""
    paths: list[str] = field(default_factory=list)


@contextmanager
def web_server() -> Iterator[FakeWeb]:
    """Paths: /ok, /story?sid=N (a different article for each N), /404, /loop, /trickle
    (one byte every 0.2 s, 60 bytes at most), /big (6 MiB), /bomb (a gzip bomb: 1 MiB
    that inflates to 64 MiB), /pdf (wrong type), /latin1 (a latin-1 page whose charset is
    only in the HTTP header), /login (a sign-in form)."""
    state = FakeWeb()
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _page(self, body: bytes, ctype: str = "text/html; charset=utf-8",
                  extra: dict[str, str] | None = None) -> None:  # fmt: skip
            self.send_response(200)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            state.paths.append(self.path)
            path = self.path.split("?")[0]
            if path == "/ok":
                self._page(ARTICLE_HTML.encode())
            elif path == "/story":  # one article per ?sid=N (a parameter redaction hides)
                sid = self.path.partition("sid=")[2] or "0"
                self._page(ARTICLE_HTML.replace("Geneva", f"Geneva (round {sid})").encode())
            elif path == "/404":
                self.send_error(404)
            elif path == "/loop":
                self.send_response(302)
                self.send_header("location", "/loop")
                self.send_header("content-length", "0")
                self.end_headers()
            elif path == "/trickle":
                self.send_response(200)
                self.send_header("content-type", "text/html")
                self.end_headers()
                for _ in range(60):
                    if stop.wait(0.2):
                        break
                    try:
                        self.wfile.write(b"a")
                        self.wfile.flush()
                    except OSError:
                        break
            elif path == "/big":
                self._page(b"<p>" + b"x" * (6 * 1024 * 1024) + b"</p>")
            elif path == "/bomb":
                bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
                self._page(bomb, extra={"content-encoding": "gzip"})
            elif path == "/pdf":
                self._page(b"%PDF-1.4 ...", ctype="application/pdf")
            elif path == "/latin1":
                text = ARTICLE_HTML.replace("Geneva", "Genève").encode("latin-1")
                self._page(text, ctype="text/html; charset=iso-8859-1")
            elif path == "/login":
                form = (
                    "<html><head><title>Sign in</title></head><body><form>"
                    "<p>Sign in to continue reading.</p><input type='email' name='email'>"
                    "<input type='password' name='password'><button>Log in</button>"
                    "</form></body></html>"
                )
                self._page(form.encode())
            else:
                self.send_error(404)

    with _serving(Handler, stop) as root:
        state.url = root
        yield state
