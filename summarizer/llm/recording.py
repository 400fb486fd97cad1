"""Record and replay chat-completion exchanges (the offline test layer).

Sits beneath instructor, at the chat-completion call, so re-asks and validators run
for real during replay. One JSON file per exchange, named by a hash of the canonical
request; identical repeated requests are stored as ``KEY.json``, ``KEY-1.json``, … and
replay in recorded order. Nothing but the request body and the response is stored, and
anything that looks like a secret is scrubbed before writing.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from summarizer.errors import ConfigError, RecordingError, RecordingMissing
from summarizer.fileio import load_json, write_atomic

RecordMode = Literal["off", "record", "replay", "auto"]
RECORD_MODES: tuple[RecordMode, ...] = ("off", "record", "replay", "auto")

# Key shapes, anchored so that ordinary words never match: "Minsk-brokered" and
# "risk-management" contain "sk-" but are not keys (a key starts a token and is long).
_SECRET_PATTERNS = [
    re.compile(r"(?<![A-Za-z0-9_\-])sk-(?:[A-Za-z]+-)?[A-Za-z0-9_\-]{16,}"),
    re.compile(r"\bBearer\s+[A-Za-z0-9._\-]{16,}"),
]


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def request_key(request: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(request).encode("utf-8")).hexdigest()[:20]


def scrub(text: str, secrets: list[str] | None = None) -> str:
    for secret in secrets or []:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[REDACTED]")
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub("[REDACTED]", text)
    return text


def _write_atomic(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # "--record FILE": a file where the folder would be
        raise RecordingError(
            f"cannot record into {path.parent}: {exc.strerror}",
            hint="pass --record a folder (new or holding recordings)",
        ) from None
    write_atomic(path, text)


def recording_name(key: str, occurrence: int) -> str:
    return f"{key}.json" if occurrence == 0 else f"{key}-{occurrence}.json"


@dataclass
class Recorder:
    """Wraps every backend call. ``mode``: off | record | replay | auto (replay what is
    recorded, ask the backend for the rest)."""

    directory: Path | None
    mode: RecordMode = "off"
    secrets: list[str] = field(default_factory=list)
    label: str = ""  # the case or article, for error messages and metadata
    used: list[Path] = field(default_factory=list)
    recorded: list[Path] = field(default_factory=list)
    # replayed recordings made with another prompt version: (path, recorded, current)
    version_mismatches: list[tuple[Path, str, str]] = field(default_factory=list)
    case: str | None = None  # set for recorded test cases: replay misses name it
    # auto mode: ask again rather than replay a recording made under another prompt
    # version (re-recording a case keeps only what is current)
    refresh_stale: bool = False
    _seen: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @property
    def last_replayed(self) -> Path | None:
        """The recording this thread's last call was answered from (None: the backend)."""
        return getattr(self._local, "replayed", None)

    def __post_init__(self) -> None:
        if self.mode not in RECORD_MODES:
            raise ConfigError(
                f"unknown record mode {self.mode!r}", hint=f"use one of {', '.join(RECORD_MODES)}"
            )
        if self.mode != "off" and self.directory is None:
            raise ConfigError(f"record mode {self.mode!r} needs a recordings directory")

    def call(
        self,
        request: dict[str, Any],
        send: Callable[[], dict[str, Any]],
        metadata: dict[str, Any],
    ) -> dict[str, Any]:
        self._local.replayed = None
        if self.mode == "off":
            return send()
        assert self.directory is not None
        key = request_key(request)
        with self._lock:  # several workers may share one recorder
            occurrence = self._seen.get(key, 0)
            self._seen[key] = occurrence + 1
        path = self.directory / recording_name(key, occurrence)
        if self.mode in ("replay", "auto") and path.is_file():
            data = load_recording(path)
            recorded = str(data.get("metadata", {}).get("prompt_version", ""))
            current = str(metadata.get("prompt_version", ""))
            if recorded == current or not self.refresh_stale:
                self.used.append(path)
                if recorded != current:
                    self.version_mismatches.append((path, recorded, current))
                self._local.replayed = path
                response: dict[str, Any] = data["response"]
                return response
            # refresh_stale: a recording made under another prompt version is asked again
        if self.mode == "replay":
            raise self._missing(request, metadata)
        response = send()
        self._write(path, key, request, response, metadata)
        return response

    def _write(
        self,
        path: Path,
        key: str,
        request: dict[str, Any],
        response: dict[str, Any],
        metadata: dict[str, Any],
    ) -> None:
        record = {
            "key": key,
            "metadata": {
                **metadata,
                "case": self.label,
                "recorded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            },
            "request": request,
            "response": response,
        }
        text = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        _write_atomic(path, scrub(text, self.secrets))
        self.recorded.append(path)
        self.used.append(path)

    def _missing(self, request: dict[str, Any], metadata: dict[str, Any]) -> RecordingMissing:
        assert self.directory is not None
        nearest = nearest_recording(self.directory, request, self.label)
        prompt_version = metadata.get("prompt_version", "?")
        where = (
            f"case {self.case!r}"
            if self.case
            else (f"{self.label}" if self.label else "this request")
        )
        message = f"no recording for {where} (prompt {prompt_version}) in {self.directory}"
        if nearest is not None:
            path, diff = nearest
            message += f"; nearest is {path.name}, which differs: {diff}"
        if self.case:
            hint = f"re-record the case with: summarizer fixtures record {self.case}"
        else:
            hint = f"record the exchanges with --record {self.directory} (runs the model)"
        return RecordingMissing(message, hint=hint)


def load_recording(path: Path) -> dict[str, Any]:
    try:
        data = load_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RecordingError(f"cannot read recording {path}: {exc}") from None
    if not isinstance(data, dict) or "request" not in data or "response" not in data:
        raise RecordingError(f"{path} is not a recording (needs 'request' and 'response')")
    return data


def iter_recordings(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.json") if not p.name.startswith("."))


def describe_difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    """A short, human description of how two requests differ."""
    parts: list[str] = []
    for name in sorted(set(old) | set(new)):
        if name == "messages":
            continue
        if canonical_json(old.get(name)) != canonical_json(new.get(name)):
            label = "schema" if name == "response_format" else name
            parts.append(f"{label} changed" + _schema_detail(old.get(name), new.get(name)))
    old_msgs, new_msgs = old.get("messages", []), new.get("messages", [])
    if len(old_msgs) != len(new_msgs):
        parts.append(f"{len(old_msgs)} messages recorded, {len(new_msgs)} now")
    for i, (a, b) in enumerate(zip(old_msgs, new_msgs, strict=False)):
        if a != b:
            role = b.get("role", "?") if isinstance(b, dict) else "?"
            parts.append(f"message {i} ({role}) changed: {_text_diff(a, b)}")
    return "; ".join(parts) or "no visible difference"


def _schema_detail(old: Any, new: Any) -> str:
    def props(value: Any) -> set[str]:
        text = canonical_json(value)
        return set(re.findall(r'"([A-Za-z_]+)":\{', text))

    added, removed = props(new) - props(old), props(old) - props(new)
    bits = []
    if added:
        bits.append("added " + ", ".join(sorted(added)[:5]))
    if removed:
        bits.append("removed " + ", ".join(sorted(removed)[:5]))
    return f" ({'; '.join(bits)})" if bits else ""


def _text_diff(a: Any, b: Any) -> str:
    old = a.get("content", "") if isinstance(a, dict) else str(a)
    new = b.get("content", "") if isinstance(b, dict) else str(b)
    if not isinstance(old, str) or not isinstance(new, str):
        return "content differs"
    lines = [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    shown = " | ".join(s[:80] for s in lines[:3])
    more = f" (+{len(lines) - 3} more lines)" if len(lines) > 3 else ""
    return (shown + more) or "whitespace differs"


def nearest_recording(
    directory: Path, request: dict[str, Any], label: str = ""
) -> tuple[Path, str] | None:
    """The recorded request most like ``request`` (same case first), and how it differs."""
    best: tuple[float, Path, dict[str, Any]] | None = None
    target = canonical_json(request)
    n_messages = len(request.get("messages", []))
    for path in iter_recordings(directory):
        try:
            data = load_recording(path)
        except RecordingError:
            continue
        same_case = 1.0 if label and data.get("metadata", {}).get("case") == label else 0.0
        # the same task (schema) and the same number of messages (a first ask or a re-ask)
        same_task = 0.5 if _schema_title(data["request"]) == _schema_title(request) else 0.0
        same_turn = 0.25 if len(data["request"].get("messages", [])) == n_messages else 0.0
        ratio = difflib.SequenceMatcher(
            None, canonical_json(data["request"])[:4000], target[:4000], autojunk=False
        ).quick_ratio()
        score = same_case + same_task + same_turn + ratio
        if best is None or score > best[0]:
            best = (score, path, data["request"])
    if best is None:
        return None
    return best[1], describe_difference(best[2], request)


def _schema_title(request: dict[str, Any]) -> str:
    fmt = request.get("response_format") or {}
    schema = (fmt.get("json_schema") or {}).get("schema") or fmt.get("schema") or {}
    return str(schema.get("title", "")) if isinstance(schema, dict) else ""
