"""The requests a recorded case sends, exactly as the pipeline builds them.

Recordings store the request with sorted keys (for the key hash), which reorders the
JSON schema's properties, and the order of properties is the order a grammar writes
them. To decode a recorded request again, the case is run with a FunctionBackend that
answers from the case's recordings (so re-asks follow as recorded) and keeps each
request it was sent.
"""

from __future__ import annotations

import json
from typing import Any

from summarizer.devtools.cases import load_cases, run_case
from summarizer.llm.backends.local import DEFAULT_CONTEXT
from summarizer.llm.recording import Recorder, recording_name, request_key
from summarizer.testing import CallInfo, FunctionBackend
from tests.conftest import ROOT


def recorded_exchanges(case_name: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(request as sent, recorded response) for each model call of the case, in order."""
    cases = load_cases(ROOT / "fixtures")
    (case,) = cases.select([case_name])
    folder = cases.recordings(case)
    model = ""
    for path in folder.glob("*.json"):
        model = json.loads(path.read_text(encoding="utf-8"))["metadata"]["model"]
        break
    seen: dict[str, int] = {}
    exchanges: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def answer(call: CallInfo) -> str:
        key = request_key(call.request)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        data = json.loads((folder / recording_name(key, occurrence)).read_text(encoding="utf-8"))
        exchanges.append((call.request, data["response"]))
        return str(data["response"]["choices"][0]["message"]["content"])

    backend = FunctionBackend(answer, model=model)
    backend.context_tokens = DEFAULT_CONTEXT  # type: ignore[attr-defined]  # the local
    # backend's window: a long article is read in the same windows as when recorded
    run_case(cases, case, backend, Recorder(directory=None, mode="off"))
    return exchanges
