"""Event coding measured on PLOVER gold-standard records (``fixtures/plover/``).

Each record is one news sentence hand-coded with a PLOVER event category and source and
target actors. We run the events pass (``overview``) on the sentence as a one-sentence
article and compare the first event it reports — and, leniently, any event — with the
gold coding: category, and source/target country (ISO alpha-3; PLOVER's old ``JAP`` is
``JPN``; ``IGO``/``NGO`` and unnamed actors are not countries and are not scored).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from summarizer.document.article import article_from_text
from summarizer.errors import InputError
from summarizer.llm.backends.base import Backend
from summarizer.llm.client import ChatClient
from summarizer.llm.recording import Recorder
from summarizer.models import Event

OLD_CODES = {"JAP": "JPN", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "SER": "SRB",
             "ITL": "ITA", "VTN": "VNM"}  # fmt: skip
NOT_COUNTRIES = {"IGO", "NGO", "MNC", "REB", "UAF", "OPP", "", None}


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    event: str  # PLOVER category, upper case
    sources: frozenset[str]  # country codes (may be empty)
    targets: frozenset[str]
    contexts: frozenset[str] = frozenset()  # PLOVER contexts ("military", "diplomatic"…)


@dataclass
class Outcome:
    record: Record
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def first(self) -> Event | None:
        return self.events[0] if self.events else None


def _codes(actors: list[dict[str, Any]]) -> frozenset[str]:
    out = set()
    for actor in actors or []:
        code = actor.get("code")
        if not isinstance(code, str):
            continue
        code = OLD_CODES.get(code, code)
        if code not in NOT_COUNTRIES and len(code) == 3:
            out.add(code)
    return frozenset(out)


def _contexts(value: object) -> frozenset[str]:
    """'diplomatic, military' or a list → the context names ('refugees' is 'refugee')."""
    names = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    out = {str(n).strip().lower() for n in names if str(n).strip()}
    return frozenset("refugee" if n == "refugees" else n for n in out - {"unknown"})


def load_records(path: Path) -> list[Record]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            Record(
                r["id"],
                r["text"],
                r["event"].upper(),
                _codes(r.get("source", [])),
                _codes(r.get("target", [])),
                _contexts(r.get("context")),
            )
            for r in data
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{path}: not a PLOVER record file ({exc})",
            hint="a JSON array of records with id, text, event, source, target",
        ) from None


def code_events(
    record: Record, engine: Backend, recorder: Recorder, *, max_retries: int = 1
) -> Outcome:
    """The events pass over one record's sentence."""
    from summarizer.extraction.extract import Extraction, run_pass
    from summarizer.models import Provenance
    from summarizer.pipeline.assemble import build_summary, extraction_warnings

    article = article_from_text(record.text, record.id)
    client = ChatClient(engine, recorder)
    done = run_pass(article, client, "overview", max_retries=max_retries)
    llm = Extraction(events=done.result.items("events"), dropped=done.dropped,
                     reasks={"overview": done.reasks}, passes=("overview",))  # fmt: skip
    provenance = Provenance(backend=engine.name, model=engine.model, prompt_version="",
                            created_at=datetime.now(timezone.utc))  # fmt: skip
    summary = build_summary(article, llm, provenance, extraction_warnings(llm))
    return Outcome(record, list(summary.events), list(summary.warnings))


def _code(event: Event | None, side: str) -> str | None:
    actor = getattr(event, side, None) if event is not None else None
    if actor is None:
        return None
    if actor.country_code is None and "palestin" in actor.name.lower():
        return "PSE"  # PLOVER codes the Palestinians (and the PLO) as PSE
    return str(actor.country_code) if actor.country_code else None


@dataclass(frozen=True)
class PloverScore:
    records: int
    category_first: float  # the first event's category is the gold one
    category_any: float  # some event has the gold category
    source_country: float | None  # of records with a gold source country
    target_country: float | None
    context: float | None  # of records with a gold context: the first event names one of them
    context_precision: float | None  # of the contexts those first events name: gold ones
    no_event: int  # records where no event survived

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def score(outcomes: list[Outcome]) -> PloverScore:
    n = len(outcomes) or 1
    first = sum(bool(o.first and o.first.action.upper() == o.record.event) for o in outcomes)
    any_ = sum(any(e.action.upper() == o.record.event for e in o.events) for o in outcomes)
    with_source = [o for o in outcomes if o.record.sources]
    with_target = [o for o in outcomes if o.record.targets]
    src = sum(_code(o.first, "source") in o.record.sources for o in with_source)
    tgt = sum(_code(o.first, "target") in o.record.targets for o in with_target)
    with_context = [o for o in outcomes if o.record.contexts]
    ctx = sum(bool(o.first and set(o.first.context) & o.record.contexts) for o in with_context)
    named = [(c, o.record.contexts) for o in with_context if o.first for c in o.first.context]
    return PloverScore(
        records=len(outcomes),
        category_first=first / n,
        category_any=any_ / n,
        source_country=src / len(with_source) if with_source else None,
        target_country=tgt / len(with_target) if with_target else None,
        context=ctx / len(with_context) if with_context else None,
        context_precision=sum(c in gold for c, gold in named) / len(named) if named else None,
        no_event=sum(not o.events for o in outcomes),
    )


def run(
    records: list[Record],
    engine: Backend,
    recorder: Recorder,
    progress: Callable[[str], None] | None = None,
) -> list[Outcome]:
    out = []
    for i, record in enumerate(records, start=1):
        if progress:
            progress(f"record {i}/{len(records)}: {record.id}")
        out.append(code_events(record, engine, recorder))
    return out
