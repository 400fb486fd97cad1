from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer import fileio
from summarizer.errors import ConfigError
from summarizer.fileio import ensure_writable, write_atomic

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process umask and forget the cached value around each test."""
    old = os.umask(0o022)
    os.umask(old)
    fileio.process_umask.cache_clear()
    yield
    os.umask(old)
    fileio.process_umask.cache_clear()


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@posix_only
@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_mode_follows_the_umask(tmp_path: Path, umask: None, mask: int) -> None:
    os.umask(mask)
    fileio.process_umask.cache_clear()
    target = tmp_path / "out.txt"
    write_atomic(target, "hello")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    # replacing an existing file keeps its mode: a private note stays private (second
    # adversarial pass, N9), as `open(path, "w")` would keep it
    target.chmod(0o600)
    write_atomic(target, "again")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text() == "again"


@posix_only
def test_umask_is_read_without_changing_it(umask: None) -> None:
    os.umask(0o027)
    fileio.process_umask.cache_clear()
    assert fileio.process_umask() == 0o027
    assert os.umask(0o027) == 0o027  # still what we set


def test_str_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    text = "Путин в Пекине — ünïcode\nline two\n"
    write_atomic(target, text)
    assert target.read_bytes() == text.encode("utf-8")
    write_atomic(target, "latin é", encoding="latin-1")
    assert target.read_bytes() == "latin é".encode("latin-1")
    assert _names(tmp_path) == ["out.txt"]


def test_bytes_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "blob.bin"
    data = bytes(range(256)) * 3
    write_atomic(target, data)
    assert target.read_bytes() == data
    write_atomic(target, b"")
    assert target.read_bytes() == b""
    assert _names(tmp_path) == ["blob.bin"]


def test_relative_path_in_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_atomic(Path("here.txt"), "x")
    assert (tmp_path / "here.txt").read_text() == "x"


def test_encoding_failure_leaves_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "naïve ☃", encoding="ascii")
    assert target.read_text() == "old"
    assert _names(tmp_path) == ["out.txt"]


def test_failed_replace_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio.os, "replace", broken_replace)
    with pytest.raises(ConfigError) as info:
        write_atomic(target, "new")
    assert info.value.message == f"cannot write {target}: Input/output error"
    assert target.read_text() == "old"
    assert _names(tmp_path) == ["out.txt"]


def test_interrupt_during_write_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    seen: list[str] = []

    def interrupted(fd: int) -> None:
        seen.extend(p.name for p in tmp_path.iterdir() if p.name != "out.txt")
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert len(seen) == 1 and seen[0].startswith(".out.txt.") and seen[0].endswith(".tmp")
    assert target.read_text() == "old"
    assert _names(tmp_path) == ["out.txt"]


def test_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "out.txt"
    for call in (lambda: ensure_writable(target), lambda: write_atomic(target, "x")):
        with pytest.raises(ConfigError) as info:
            call()
        assert info.value.message == f"cannot write {target}: folder {target.parent} does not exist"
        assert info.value.hint
    assert _names(tmp_path) == []


def test_target_is_a_directory(tmp_path: Path) -> None:
    target = tmp_path / "adir"
    target.mkdir()
    for call in (lambda: ensure_writable(target), lambda: write_atomic(target, "x")):
        with pytest.raises(ConfigError) as info:
            call()
        assert info.value.message == f"cannot write {target}: it is a directory"
    assert _names(tmp_path) == ["adir"] and _names(target) == []


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "out.txt"
    with pytest.raises(ConfigError) as info:
        ensure_writable(target)
    assert info.value.message == f"cannot write {target}: {target.parent} is not a folder"


def test_ensure_writable_accepts_new_and_existing_files(tmp_path: Path) -> None:
    ensure_writable(tmp_path / "new.txt")
    (tmp_path / "old.txt").write_text("x")
    ensure_writable(tmp_path / "old.txt")
    assert _names(tmp_path) == ["old.txt"]


@posix_only
@pytest.mark.skipif(
    sys.platform != "win32" and os.geteuid() == 0, reason="root ignores permissions"
)
def test_permission_denied(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "out.txt").write_text("old")
    locked.chmod(0o555)
    try:
        target = locked / "out.txt"
        for call in (lambda: ensure_writable(target), lambda: write_atomic(target, "new")):
            with pytest.raises(ConfigError) as info:
                call()
            assert info.value.message == f"cannot write {target}: permission denied"
        assert target.read_text() == "old"
    finally:
        locked.chmod(0o755)
    assert _names(locked) == ["out.txt"]


def test_permission_error_from_the_os_is_translated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Works as root too: the OS's refusal is simulated where the temp file is made."""
    target = tmp_path / "out.txt"

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    with pytest.raises(ConfigError) as info:
        write_atomic(target, "x")
    assert info.value.message == f"cannot write {target}: permission denied"


def test_read_only_file_system_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    with pytest.raises(ConfigError) as info:
        write_atomic(target, "x")
    assert info.value.message == f"cannot write {target}: read-only file system"


@posix_only
def test_a_symlink_keeps_pointing_and_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    """Third adversarial pass: `-o` onto a symlink, a FIFO or a device replaced the node
    with a regular file (as root, `-o /dev/null` would have replaced /dev/null)."""
    import threading

    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(os.stat(fifo).st_mode)
