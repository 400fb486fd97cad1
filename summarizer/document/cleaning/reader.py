"""Read an input (a path or '-' for stdin) into text, with clear errors for bad input."""

from __future__ import annotations

import codecs
import gzip
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarizer.document.cleaning.fetch import fetch, is_url
from summarizer.errors import BinaryInput, DecodeError, EmptyInput, InputError, InputNotFound
from summarizer.fileio import note_read
from summarizer.llm.redact import printable, redact_url

MAX_INPUT_BYTES = 20 * 1024 * 1024

# Control characters that never appear in text (tab, newline, CR, FF are fine).
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


@dataclass(frozen=True)
class RawInput:
    source: str  # the path as given, or "-"
    text: str


def _looks_binary(data: bytes) -> bool:
    """Binary: a NUL anywhere (text never holds one: it would end up in quotes), or many
    control characters in the first 8 KiB."""
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > max(4, len(sample) // 100)


# Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _too_big(source: str, size: int | None = None) -> InputError:
    what = f"{size:,} bytes, " if size is not None else ""
    return InputError(
        f"{source}: input is {what}over the {MAX_INPUT_BYTES:,}-byte limit",
        hint="pass a single article",
    )


def _read_bounded(stream: BinaryIO, source: str) -> bytes:
    """Read at most the limit (plus one byte, to tell that there is more)."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise _too_big(source)
    return bytes(data)


def _decode_bom(data: bytes, source: str) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"{source}: input starts with a {codec} byte-order mark but is not "
                    f"valid {codec} (byte {exc.start})",
                    hint="convert it to UTF-8 first",
                ) from None
    return None


def decode_bytes(data: bytes, source: str, *, charset: str | None = None) -> str:
    """Bytes → text: a byte-order mark wins, then ``charset`` (an HTTP header's), then
    UTF-8, then the charset an HTML page declares in a <meta> tag."""
    if len(data) > MAX_INPUT_BYTES:
        raise _too_big(source, len(data))
    if not data.strip():
        raise EmptyInput(
            f"{source}: input is empty or only whitespace", hint="pass a file with article text"
        )
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, source)
        if not data.strip():
            raise EmptyInput(f"{source}: input is empty or only whitespace (after gunzip)")
    from_bom = _decode_bom(data, source)
    if from_bom is not None:
        if not from_bom.strip():
            raise EmptyInput(f"{source}: input contains only whitespace", hint="pass article text")
        return from_bom
    if _looks_binary(data):
        raise BinaryInput(
            f"{source}: input looks like binary data, not text",
            hint="pass a UTF-8 text or HTML file",
        )
    if charset:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if not text.strip():
                raise EmptyInput(f"{source}: input contains only whitespace")
            return text
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


def read_input(source: str, *, allow_private_urls: bool = True) -> RawInput:
    """Read ``source`` (a file path, an http(s) URL, or '-' for standard input) as text,
    never more than MAX_INPUT_BYTES. A URL's ``source`` is shown without credentials."""
    if is_url(source):
        shown = redact_url(source)
        page = fetch(source, allow_private=allow_private_urls)
        return RawInput(source=shown, text=decode_bytes(page.body, shown, charset=page.charset))
    if source == "-":
        data = _read_bounded(sys.stdin.buffer, "stdin")
        return RawInput(source="-", text=decode_bytes(data, "stdin"))
    path = Path(source)
    shown = printable(source)  # a file name that is not UTF-8 still names it in JSON
    if not path.exists():
        raise InputNotFound(f"{shown}: no such file", hint="check the path, or pass '-' for stdin")
    if path.is_dir():
        raise InputError(f"{shown}: is a directory", hint="pass a file")
    try:  # a pipe or a device (`<(curl …)`, /dev/stdin) is read up to the limit too
        if path.is_file() and path.stat().st_size > MAX_INPUT_BYTES:
            raise _too_big(shown, path.stat().st_size)
        with path.open("rb") as fh:
            note_read(fh.fileno())
            data = _read_bounded(fh, shown)
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror})") from None
    return RawInput(source=shown, text=decode_bytes(data, shown))
