"""Read an input (a path or '-' for stdin) into text, with clear errors for bad input."""

from __future__ import annotations

import gzip
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from summarizer.cleaning.fetch import fetch, is_url
from summarizer.errors import BinaryInput, DecodeError, EmptyInput, InputError, InputNotFound

MAX_INPUT_BYTES = 20 * 1024 * 1024

# Control characters that never appear in text (tab, newline, CR, FF are fine).
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


@dataclass(frozen=True)
class RawInput:
    source: str  # the path as given, or "-"
    text: str


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > max(4, len(sample) // 100)


def decode_bytes(data: bytes, source: str) -> str:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"{source}: input is {len(data):,} bytes, over the {MAX_INPUT_BYTES:,}-byte limit",
            hint="pass a single article",
        )
    if not data.strip():
        raise EmptyInput(
            f"{source}: input is empty or only whitespace", hint="pass a file with article text"
        )
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, source)
        if not data.strip():
            raise EmptyInput(f"{source}: input is empty or only whitespace (after gunzip)")
    if _looks_binary(data):
        raise BinaryInput(
            f"{source}: input looks like binary data, not text",
            hint="pass a UTF-8 text or HTML file",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data)
        if declared is not None:
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
        bad = data[exc.start : exc.start + 1]
        raise DecodeError(
            f"{source}: input is not valid UTF-8 (byte {exc.start}: {bad!r})",
            hint="convert it first, e.g. iconv -f latin1 -t utf-8",
        ) from None
    if not text.strip():
        raise EmptyInput(f"{source}: input contains only whitespace", hint="pass article text")
    return text


def _gunzip(data: bytes, source: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_INPUT_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise BinaryInput(f"{source}: corrupt gzip data ({exc})") from None
    if len(out) > MAX_INPUT_BYTES:
        raise InputError(f"{source}: input is over {MAX_INPUT_BYTES:,} bytes once decompressed")
    return out


_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def read_input(source: str) -> RawInput:
    """Read ``source`` (a file path, an http(s) URL, or '-' for standard input) as text."""
    if is_url(source):
        return RawInput(source=source, text=decode_bytes(fetch(source), source))
    if source == "-":
        data = sys.stdin.buffer.read()
        return RawInput(source="-", text=decode_bytes(data, "stdin"))
    path = Path(source)
    if not path.exists():
        raise InputNotFound(f"{source}: no such file", hint="check the path, or pass '-' for stdin")
    if path.is_dir():
        raise InputError(f"{source}: is a directory", hint="pass a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror})") from None
    return RawInput(source=source, text=decode_bytes(data, source))
