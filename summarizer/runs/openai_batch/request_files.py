"""The JSONL line formats of the OpenAI Batch API (vLLM's ``run-batch`` reads and writes
the same), and request files split by the API's limits.

A request line::

    {"custom_id": "…", "method": "POST", "url": "/v1/chat/completions", "body": {…}}

An output line (the error file has the same shape, with ``response`` null)::

    {"id": "…", "custom_id": "…", "response": {"status_code": 200, "body": {…}},
     "error": null}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.errors import ConfigError, InputError, validation_message
from summarizer.fileio import load_json, read_capped, write_atomic

CHAT_URL = "/v1/chat/completions"
MAX_LINES = 50_000  # the OpenAI Batch API's limits per input file
MAX_BYTES = 200 * 1000 * 1000
MAX_READ_BYTES = 1024 * 1024 * 1024  # a results file larger than this is refused


class ChatBody(BaseModel):
    """What a request line must carry for a chat completion (anything else is sent as is)."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(min_length=1)
    messages: list[dict[str, Any]] = Field(min_length=1)


class RequestLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    custom_id: str = Field(min_length=1, max_length=512)
    method: Literal["POST"]
    url: Literal["/v1/chat/completions"]
    body: ChatBody


class LineResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    status_code: int
    request_id: str | None = None
    body: Any = None


class LineError(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str | None = None
    message: str | None = None


class OutputLine(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    custom_id: str = Field(min_length=1)
    response: LineResponse | None = None
    error: LineError | None = None

    @property
    def answer(self) -> dict[str, Any] | None:
        """The chat completion, when the line holds a successful one."""
        response = self.response
        if response is None or response.status_code != 200 or self.error is not None:
            return None
        return response.body if isinstance(response.body, dict) else None

    @property
    def reason(self) -> str:
        """Why the line holds no answer, on one line."""
        if self.error is not None and (self.error.message or self.error.code):
            return " ".join(f"{self.error.code or ''}: {self.error.message or ''}".split())
        if self.response is not None and self.response.status_code != 200:
            body = self.response.body
            detail = body.get("error", body) if isinstance(body, dict) else body
            if isinstance(detail, dict):
                detail = detail.get("message", "")
            return f"HTTP {self.response.status_code}: {str(detail or '')[:300]}".strip()
        return "no answer in the line"


def request_line(custom_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"custom_id": custom_id, "method": "POST", "url": CHAT_URL, "body": body}


def output_line(
    custom_id: str,
    *,
    line_id: str,
    body: dict[str, Any] | None = None,
    status_code: int = 200,
    error: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """One output line: an answer (``body``) or an ``error`` (code, message)."""
    return {
        "id": line_id,
        "custom_id": custom_id,
        "response": {"status_code": status_code, "body": body} if error is None else None,
        "error": {"code": error[0], "message": error[1]} if error is not None else None,
    }


def encode(line: dict[str, Any]) -> bytes:
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


@dataclass(frozen=True)
class RequestFile:
    path: Path
    part: int
    lines: int


def file_name(round_no: int, part: int) -> str:
    return f"round-{round_no:03d}-part-{part:03d}.jsonl"


def write_request_files(
    directory: Path,
    round_no: int,
    lines: list[dict[str, Any]],
    *,
    max_lines: int = MAX_LINES,
    max_bytes: int = MAX_BYTES,
) -> list[RequestFile]:
    """Write ``lines`` as ``round-NNN-part-MMM.jsonl`` files of at most ``max_lines``
    lines and ``max_bytes`` bytes each, every file whole (written atomically)."""
    parts: list[list[bytes]] = [[]]
    size = 0
    for line in lines:
        data = encode(line)
        if len(data) > max_bytes:
            raise ConfigError(
                f"request {line['custom_id']} is {len(data):,} bytes, more than a request "
                f"file may hold ({max_bytes:,})",
                hint="the article is too long for a batch file; summarise it directly",
            )
        if parts[-1] and (len(parts[-1]) >= max_lines or size + len(data) > max_bytes):
            parts.append([])
            size = 0
        parts[-1].append(data)
        size += len(data)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the folder {directory}: {exc.strerror or exc}") from None
    out: list[RequestFile] = []
    for number, chunk in enumerate(parts, start=1):
        if not chunk:
            continue
        path = directory / file_name(round_no, number)
        write_atomic(path, b"".join(chunk))
        out.append(RequestFile(path, number, len(chunk)))
    return out


def _records(path: Path, what: str) -> list[tuple[int, Any]]:
    try:
        data = read_capped(path, MAX_READ_BYTES, what)  # a device's size reads 0
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc.strerror or exc})") from None
    out: list[tuple[int, Any]] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            out.append((number, load_json(raw)))
        except ValueError:
            raise InputError(f"{path}, line {number}: not JSON", hint=f"is it a {what}?") from None
    return out


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {validation_message(first)}" if where else validation_message(first)


def read_request_file(path: Path) -> list[RequestLine]:
    """A request file's lines, checked against the format; custom_ids must be unique."""
    lines: list[RequestLine] = []
    seen: set[str] = set()
    for number, record in _records(path, "request file"):
        try:
            line = RequestLine.model_validate(record)
        except ValidationError as exc:
            raise InputError(
                f"{path}, line {number}: not a batch request line ({_problem(exc)})",
                hint='each line is {"custom_id", "method": "POST", '
                '"url": "/v1/chat/completions", "body": {...}}',
            ) from None
        if line.custom_id in seen:
            raise InputError(f"{path}, line {number}: custom_id {line.custom_id!r} is repeated")
        seen.add(line.custom_id)
        lines.append(line)
    if not lines:
        raise InputError(f"{path}: no request lines")
    return lines


def read_output_file(path: Path) -> list[OutputLine]:
    """The lines of a batch output or error file, checked against the format."""
    return list(iter_output_file(path))


def iter_output_file(path: Path) -> Iterator[OutputLine]:
    """The lines of a batch output or error file one at a time, each checked against the
    format (memory stays at one line, however large the file)."""
    what = "batch output file"
    try:
        size = path.stat().st_size
        if size > MAX_READ_BYTES:
            raise InputError(f"{path}: {size:,} bytes is more than a {what} may be")
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc.strerror or exc})") from None
    with fh:
        total = 0
        # binary: split on newline bytes only; counted, as a device's size reads 0
        for number, raw in enumerate(iter(lambda: fh.readline(MAX_READ_BYTES + 1), b""), 1):
            total += len(raw)
            if total > MAX_READ_BYTES:
                raise InputError(f"{path}: the {what} is over the {MAX_READ_BYTES:,}-byte limit")
            if not raw.strip():
                continue
            try:
                record = load_json(raw)
            except ValueError:
                raise InputError(f"{path}, line {number}: not JSON",
                                 hint=f"is it a {what}?") from None  # fmt: skip
            try:
                yield OutputLine.model_validate(record)
            except ValidationError as exc:
                raise InputError(
                    f"{path}, line {number}: not a batch output line ({_problem(exc)})",
                    hint='each line is {"id", "custom_id", "response": {"status_code", '
                    '"body"}, "error"}',
                ) from None
