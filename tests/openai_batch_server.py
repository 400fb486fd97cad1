"""A loopback server speaking the OpenAI Files and Batches endpoints, as documented:

- ``POST /v1/files`` (multipart: ``file``, ``purpose`` "batch") → a File object
- ``GET /v1/files/{id}/content`` → the file's bytes
- ``POST /v1/batches`` (``input_file_id``, ``endpoint``, ``completion_window`` "24h") →
  a Batch, ``validating``
- ``GET /v1/batches/{id}`` → the Batch; each look moves it on: validating → in_progress
  → completed, when its output file (and an error file, for lines told to fail) appear.

Each request line is answered by ``Answers.line``: from the recording whose request hash
matches the body (``fixtures/recordings``), else a minimal valid answer for the request's
schema; some lines fail once (error file) or get an answer that does not fit the schema
once. ``chat_server`` answers chat completions the same way, for a direct run.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from summarizer.llm.recording import request_key
from tests import fault_servers as fs

RECORDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "recordings"


def recorded_answers() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(RECORDINGS.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.setdefault(request_key(data["request"]), data["response"])
    return out


@dataclass
class Answers:
    """How the fake servers answer a request: once with an answer that does not fit the
    schema for the request hashes in ``invalid_once``; then from the recording whose request
    hash matches the body; else the smallest valid answer for the request's schema. For
    the Batch API, a line whose custom_id is in ``fail_once`` goes to the error file the
    first time."""

    invalid_once: set[str] = field(default_factory=set)  # request hashes
    fail_once: set[str] = field(default_factory=set)  # custom_ids
    recorded: dict[str, dict[str, Any]] = field(default_factory=recorded_answers)
    seen: dict[str, int] = field(default_factory=dict)
    from_recordings: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _first(self, name: str) -> bool:
        with self._lock:
            self.seen[name] = self.seen.get(name, 0) + 1
            return self.seen[name] == 1

    def chat(self, body: dict[str, Any]) -> dict[str, Any]:
        digest = request_key(body)
        if digest in self.invalid_once and self._first(digest):
            return fs.completion('{"unexpected": true}')
        recorded = self.recorded.get(digest)
        if recorded is not None:
            with self._lock:
                self.from_recordings += 1
            return recorded
        return fs.completion(json.dumps(fs.minimal_instance(fs._schema_of(body))))

    def line(self, custom_id: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """A completion, or None for a line that goes to the error file."""
        if custom_id in self.fail_once and self._first(custom_id):
            return None
        return self.chat(body)


@dataclass
class FakeBatchAPI:
    answers: Answers
    url: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    headers: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    expire_next: bool = False  # the next look finds the batch expired, nothing done


def _batch_object(batch_id: str, input_file_id: str, metadata: Any) -> dict[str, Any]:
    return {
        "id": batch_id, "object": "batch", "endpoint": "/v1/chat/completions",
        "errors": None, "input_file_id": input_file_id, "completion_window": "24h",
        "status": "validating", "output_file_id": None, "error_file_id": None,
        "created_at": 1_700_000_000, "request_counts": {"total": 0, "completed": 0, "failed": 0},
        "metadata": metadata,
    }  # fmt: skip


@contextmanager
def openai_batch_server(answers: Answers | None = None) -> Iterator[FakeBatchAPI]:
    state = FakeBatchAPI(answers or Answers())
    lock = threading.Lock()
    stop = threading.Event()

    def run_batch(batch: dict[str, Any]) -> None:
        """Answer every line of the input file; write the output and error files."""
        data = state.files[batch["input_file_id"]]
        out, errors = [], []
        for number, raw in enumerate(data.splitlines(), start=1):
            line = json.loads(raw)
            assert set(line) == {"custom_id", "method", "url", "body"}, line.keys()
            assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
            line_id = f"batch_req_{batch['id']}_{number}"
            body = state.answers.line(line["custom_id"], line["body"])
            if body is None:
                errors.append({"id": line_id, "custom_id": line["custom_id"], "response": None,
                               "error": {"code": "server_error",
                                         "message": "The server had an error"}})  # fmt: skip
            else:
                out.append({"id": line_id, "custom_id": line["custom_id"],
                            "response": {"status_code": 200, "request_id": f"req_{number}",
                                         "body": body}, "error": None})  # fmt: skip
        for name, lines in (("output_file_id", out), ("error_file_id", errors)):
            if lines:
                file_id = f"file-{len(state.files) + 1}"
                state.files[file_id] = "".join(json.dumps(x) + "\n" for x in lines).encode()
                batch[name] = file_id
        total = len(out) + len(errors)
        batch["request_counts"] = {"total": total, "completed": len(out), "failed": len(errors)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: Any, ctype: str = "application/json") -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("content-length", 0)))

        def _note(self) -> None:
            with lock:
                state.headers.append(dict(self.headers))
                state.paths.append(f"{self.command} {self.path}")

        def do_POST(self) -> None:
            self._note()
            raw = self._body()
            if self.path == "/v1/files":
                head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
                message = BytesParser(policy=HTTP).parsebytes(head + raw)
                parts = {p.get_param("name", header="content-disposition"): p
                         for p in message.iter_parts()}  # fmt: skip
                if "file" not in parts or parts["purpose"].get_content().strip() != "batch":
                    self._send(400, {"error": {"message": "file and purpose=batch needed"}})
                    return
                content = parts["file"].get_payload(decode=True)
                with lock:
                    file_id = f"file-{len(state.files) + 1}"
                    state.files[file_id] = content
                self._send(200, {"id": file_id, "object": "file", "bytes": len(content),
                                 "created_at": 1_700_000_000, "purpose": "batch",
                                 "filename": parts["file"].get_filename() or "input.jsonl",
                                 "status": "processed"})  # fmt: skip
            elif self.path == "/v1/batches":
                body = json.loads(raw)
                if (body.get("endpoint"), body.get("completion_window")) != (
                    "/v1/chat/completions", "24h",
                ) or body.get("input_file_id") not in state.files:  # fmt: skip
                    self._send(400, {"error": {"message": "bad batch request"}})
                    return
                with lock:
                    batch_id = f"batch_{len(state.batches) + 1}"
                    batch = _batch_object(batch_id, body["input_file_id"], body.get("metadata"))
                    state.batches[batch_id] = batch
                self._send(200, batch)
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def do_GET(self) -> None:
            self._note()
            parts = self.path.strip("/").split("/")
            if parts[:2] == ["v1", "batches"] and len(parts) == 3 and parts[2] in state.batches:
                with lock:
                    batch = state.batches[parts[2]]
                    if state.expire_next and batch["status"] != "completed":
                        state.expire_next = False
                        batch["status"] = "expired"
                        error = {"code": "batch_expired", "message": "not done within 24h"}
                        batch["errors"] = {"object": "list", "data": [error]}
                    elif batch["status"] == "validating":
                        batch["status"] = "in_progress"
                    elif batch["status"] == "in_progress":
                        run_batch(batch)
                        batch["status"] = "completed"
                    self._send(200, batch)
            elif parts[:2] == ["v1", "files"] and len(parts) == 4 and parts[3] == "content":
                if parts[2] not in state.files:
                    self._send(404, {"error": {"message": "no such file"}})
                    return
                self._send(200, state.files[parts[2]], ctype="application/octet-stream")
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

    with fs._serving(Handler, stop) as root:
        state.url = root + "/v1"
        yield state


@contextmanager
def chat_server(answers: Answers) -> Iterator[str]:
    """A chat-completions endpoint answering as ``answers`` does (for the direct run to
    compare with); yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            data = json.dumps(answers.chat(body)).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    with fs._serving(Handler, threading.Event()) as root:
        yield root + "/v1"
