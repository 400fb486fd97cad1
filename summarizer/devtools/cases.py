"""Recorded cases: a manifest (``fixtures/cases.toml``) of inputs and options whose model
exchanges are recorded under ``fixtures/recordings/<case>/`` and replayed in tests."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer import api
from summarizer.devtools.files import read_toml
from summarizer.errors import ConfigError, RecordingError, RecordingMissing, SummarizerError
from summarizer.llm.backends.base import Backend
from summarizer.llm.recording import Recorder, RecordMode, iter_recordings
from summarizer.models import ArticleSummary
from summarizer.models.briefing import Briefing

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    kind: Literal["summarize", "brief"] = "summarize"
    input: str = ""  # summarize cases
    inputs: list[str] = Field(default_factory=list)  # brief cases
    description: str = ""
    passes: Literal["single", "multi"] = "multi"
    max_retries: int = 1


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case: list[Case]


@dataclass(frozen=True)
class CaseSet:
    root: Path  # the fixtures folder
    cases: list[Case]

    def input_path(self, case: Case) -> Path:
        return self.root / case.input

    def recordings(self, case: Case) -> Path:
        return self.root / "recordings" / case.name

    def select(self, names: list[str] | None) -> list[Case]:
        if not names:
            return self.cases
        known = {c.name: c for c in self.cases}
        missing = [n for n in names if n not in known]
        if missing:
            raise ConfigError(
                f"unknown case(s): {', '.join(missing)}",
                hint=f"cases are: {', '.join(known)}",
            )
        return [known[n] for n in names]


def load_cases(root: Path) -> CaseSet:
    path = root / "cases.toml"
    data = read_toml(path, "case manifest", hint="pass --fixtures DIR")
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path} is not a valid case manifest: {exc}") from None
    return CaseSet(root=root, cases=manifest.case)


def run_case(
    cases: CaseSet,
    case: Case,
    backend: Backend,
    recorder: Recorder,
    progress: Callable[[str], None] | None = None,
) -> ArticleSummary | Briefing:
    if case.kind == "brief":
        return run_brief_case(cases, case, backend, recorder, progress)
    summary = api.summarize(
        cases.input_path(case),
        backend=backend,
        recordings=recorder,
        passes=case.passes,
        max_retries=case.max_retries,
        progress=progress,
    )
    # The source names the case input relative to fixtures/, whatever the working folder.
    return summary.model_copy(
        update={"source": summary.source.model_copy(update={"input": case.input})}
    )


def run_brief_case(
    cases: CaseSet,
    case: Case,
    backend: Backend,
    recorder: Recorder,
    progress: Callable[[str], None] | None = None,
) -> Briefing:
    summaries = []
    for rel in case.inputs:
        summary = api.summarize(cases.root / rel, backend=backend, recordings=recorder,
                                passes=case.passes, max_retries=case.max_retries,
                                progress=progress)  # fmt: skip
        summaries.append(
            summary.model_copy(update={"source": summary.source.model_copy(update={"input": rel})})
        )
    return api.brief(summaries, title=case.description or case.name, backend=backend,
                     recordings=recorder, max_retries=case.max_retries)  # fmt: skip


def _incomplete(result: ArticleSummary | Briefing) -> str:
    """Why a recorded run is not good enough to replace the old recordings, if it is not."""
    summaries = [result] if isinstance(result, ArticleSummary) else []
    for s in summaries:
        if s.provenance.failed_passes:
            return (
                f"pass {', '.join(s.provenance.failed_passes)} gave no valid answer "
                f"({next((w for w in s.warnings if 'gave no items' in w), 'see warnings')})"
            )
    if isinstance(result, Briefing):
        failed = [w for w in result.warnings if "gave no items" in w]
        if failed:
            return failed[0]
        if result.executive_summary_by == "rules":
            return "the executive summary gave no valid answer"
    return ""


def _umask() -> int:
    from summarizer.fileio import process_umask

    return process_umask()


@dataclass(frozen=True)
class CaseCheck:
    case: str
    ok: bool
    problem: str = ""
    unused: tuple[str, ...] = ()


def check_case(cases: CaseSet, case: Case, backend: Backend) -> CaseCheck:
    """Replay the case strictly: stale when a current request has no recording, and
    reported when recordings exist that the case no longer uses."""
    directory = cases.recordings(case)
    recorder = Recorder(directory=directory, mode="replay", label=case.name, case=case.name)
    try:
        run_case(cases, case, backend, recorder)
    except RecordingMissing as exc:
        return CaseCheck(case.name, False, str(exc))
    except SummarizerError as exc:
        return CaseCheck(case.name, False, f"replay failed: {exc}")
    if recorder.version_mismatches:
        path, recorded, current = recorder.version_mismatches[0]
        return CaseCheck(
            case.name, False,
            f"{len(recorder.version_mismatches)} recording(s) were made with prompt "
            f"{recorded}, the prompt is now {current} (e.g. {path.name})",
        )  # fmt: skip
    used = {p.name for p in recorder.used}
    unused = tuple(p.name for p in iter_recordings(directory) if p.name not in used)
    if unused:
        return CaseCheck(
            case.name, False, f"{len(unused)} recording(s) no longer used by the case", unused
        )
    return CaseCheck(case.name, True)


def record_case(
    cases: CaseSet,
    case: Case,
    backend: Backend,
    *,
    secrets: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
    keep_current: bool = False,
) -> tuple[ArticleSummary | Briefing, int, int]:
    """Re-record a case from a real backend run. The new recordings replace the old
    ones only when the whole run succeeded. ``keep_current``: exchanges whose request is
    unchanged are answered from their recording (each is still a real answer to exactly
    that request); only the others reach the backend, and recordings the case no longer
    uses are dropped. Returns the summary, how many exchanges the backend answered, and
    how many the case has."""
    target = cases.recordings(case)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{case.name}-", dir=target.parent))
    try:
        if keep_current:
            for path in iter_recordings(target) if target.is_dir() else []:
                shutil.copy2(path, staging / path.name)
        mode: RecordMode = "auto" if keep_current else "record"
        recorder = Recorder(directory=staging, mode=mode, label=case.name, case=case.name,
                            secrets=secrets or [], refresh_stale=True)  # fmt: skip
        summary = run_case(cases, case, backend, recorder, progress)
        kept = {p.name for p in recorder.used}  # replayed or newly recorded
        for path in iter_recordings(staging):
            if path.name not in kept:
                path.unlink()
        problem = _incomplete(summary)
        if problem:
            raise RecordingError(
                f"case {case.name}: {problem}; the old recordings were kept",
                hint="check the backend, then record again",
            )
        staging.chmod(0o777 & ~_umask())  # mkdtemp made it 0700
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
        return summary, len(recorder.recorded), len(kept)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
