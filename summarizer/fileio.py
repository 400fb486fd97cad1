"""Writing files whole: a reader sees the old file or the new one, never half of one.

``write_atomic`` writes to a hidden temporary file in the target's folder, syncs it,
gives it the mode an ordinary ``open(path, "w")`` would (``0o666 & ~umask``, so a
colleague on a shared drive can read it) and renames it onto the target.
``ensure_writable`` checks the same things up front, before any expensive work.
Every failure is a ConfigError with a one-line message naming the path.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import re
import stat
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError, InputError

__all__ = ["UnusableJson", "check_text", "ensure_writable", "load_json", "write_atomic"]


class UnusableJson(ValueError):
    """JSON that parses but cannot be used: nested deeper than Python's parser recurses,
    or holding a lone surrogate escape ("\\ud800", no character: it cannot be written)."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(raw: str | bytes) -> Any:
    """``json.loads``, with what would be an internal error later a ValueError like any
    other bad JSON: nesting too deep for the parser (RecursionError), and lone surrogates
    (UnicodeEncodeError when the text is written out)."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise UnusableJson("nested too deeply to read") from None
    if (isinstance(raw, str) and "\\u" in raw) or (isinstance(raw, bytes) and b"\\u" in raw):
        check_text(value)  # (only an escape can make one: the text was decoded as UTF-8)
    return value


def check_text(value: Any) -> None:
    """UnusableJson when a string anywhere in ``value`` holds a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise UnusableJson("a lone surrogate (\\ud800-\\udfff), which is no character")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


@functools.lru_cache(maxsize=1)
def process_umask() -> int:
    """The process umask, read once. Linux exposes it without changing it; elsewhere the
    set-and-restore dance runs once (it briefly changes process-wide state)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def _file_mode() -> int:
    return 0o666 & ~process_umask()


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _missing_folder(path: Path, directory: Path) -> ConfigError:
    return ConfigError(
        f"cannot write {path}: folder {directory} does not exist",
        hint="create the folder first, or choose another output path",
    )


def _error(path: Path, exc: OSError) -> ConfigError:
    directory = _folder(path)
    if isinstance(exc, FileNotFoundError):
        return _missing_folder(path, directory)
    if isinstance(exc, IsADirectoryError):
        return ConfigError(
            f"cannot write {path}: it is a directory", hint="give a file name, not a folder"
        )
    if exc.errno == errno.EROFS:
        return ConfigError(
            f"cannot write {path}: read-only file system", hint="choose a writable folder"
        )
    if isinstance(exc, PermissionError):
        return ConfigError(
            f"cannot write {path}: permission denied",
            hint=f"check the permissions of {directory}, or choose another output path",
        )
    if exc.errno == errno.ENOSPC:
        return ConfigError(f"cannot write {path}: no space left on device")
    reason = exc.strerror or str(exc)
    return ConfigError(f"cannot write {path}: {reason}")


def _read_only_fs(directory: Path) -> bool:
    if not hasattr(os, "statvfs"):  # pragma: no cover - Windows
        return False
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def ensure_writable(path: Path) -> None:
    """Raise ConfigError now if ``write_atomic(path, ...)`` could not succeed later:
    the folder is missing or not a folder, cannot be written, or the target is a folder."""
    path = Path(path)
    directory = _folder(path)
    if not directory.exists():
        raise _missing_folder(path, directory)
    if not directory.is_dir():
        raise ConfigError(
            f"cannot write {path}: {directory} is not a folder",
            hint="choose an output path inside an existing folder",
        )
    if path.is_dir():
        raise _error(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    if not os.access(directory, os.W_OK | os.X_OK):
        code = errno.EROFS if _read_only_fs(directory) else errno.EACCES
        exc = (
            OSError(code, os.strerror(code))
            if code == errno.EROFS
            else PermissionError(code, os.strerror(code))
        )
        raise _error(path, exc)


def _kept_mode(path: Path) -> int:
    """The permissions of the file replaced (a private 0600 note stays private), else
    those the umask gives a new file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return _file_mode()


def _write_through(path: Path, payload: bytes) -> None:
    try:
        with path.open("wb") as fh:
            fh.write(payload)
    except OSError as exc:
        raise _error(path, exc) from None


def write_atomic(path: Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` in one step; on any failure (an interrupt too) the
    old file is left as it was and no temporary file stays behind. A file replaced keeps
    its permissions; a symlink keeps pointing at the file, now replaced; a device or a
    pipe (``-o /dev/null``, a FIFO) is written to, never replaced by a file."""
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_through(path, payload)  # /dev/null, /dev/stdout, a FIFO: not replaced
        return
    if path.is_symlink():  # the file the link names is replaced; the link stays
        path = Path(os.path.realpath(path))
    ensure_writable(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=_folder(path), prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _error(path, exc) from None
    pending: str | None = tmp
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _kept_mode(path))
        os.replace(tmp, path)
        pending = None
    except OSError as exc:
        raise _error(path, exc) from None
    finally:
        if pending is not None:
            with suppress(OSError):
                os.unlink(pending)


# The regular files a command read, by (device, inode), while a guard is on (the CLI turns
# it on for each command): an output must not replace one of them (the article a saved
# summary names, read again by `view`, `brief` or `export`).
_READ: set[tuple[int, int]] | None = None


def guard_reads() -> None:
    """Start noting the files read (forgetting those of an earlier command)."""
    global _READ
    _READ = set()


def note_read(fileno: int) -> None:
    """Note an open file as read, when the guard is on and it is a regular file."""
    if _READ is not None:
        st = os.fstat(fileno)
        if stat.S_ISREG(st.st_mode):
            _READ.add((st.st_dev, st.st_ino))


def was_read(path: Path) -> bool:
    """Whether ``path`` is a file noted as read (False when the guard is off)."""
    if not _READ:
        return False
    try:
        st = path.stat()
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in _READ


def read_capped(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them: a larger file, or an endless
    stream such as ``/dev/zero`` (whose size reads 0), is an InputError before it can
    fill memory. OSError goes to the caller, which says what it was reading."""
    with path.open("rb") as fh:
        note_read(fh.fileno())
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{path}: the {what} is over the {limit:,}-byte limit",
                         hint=f"is it a {what}?")  # fmt: skip
    return data
