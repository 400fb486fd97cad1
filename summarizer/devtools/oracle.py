"""Check the checks: answer every pass with the gold items of an article (a perfect model),
or with the gold sentences under wrong actors (a lying one), and count what the checks
between the model and the summary keep or accept.

The oracle is a :class:`~summarizer.testing.FunctionBackend`: its answers go through the
same validation, support checks, re-asks and assembly as a real model's. Gold fragments
become the ids of the sentences that hold them; gold actors become the names the pass's
schema allows (an actor the article's actor list lacks cannot be offered, and counts as
lost). Lists longer than the schema allows are cut to its ``maxItems`` and counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from summarizer.devtools.evaluation import Gold, GoldEvent
from summarizer.document.article import Article
from summarizer.grounding.checks import names_any
from summarizer.models import ArticleSummary
from summarizer.nlp.actors import actor_key, gold_key, resolve_actor
from summarizer.testing import CallInfo, FunctionBackend

Mode = Literal["gold", "lie"]
LIES = ("positions", "swapped", "bystander", "proposals")


@dataclass
class OracleCount:
    """What one article's oracle run kept (truth) or accepted (lies); see docs/eval.md."""

    name: str
    positioned: int = 0  # gold positioned actors
    positioned_kept: int = 0
    stated: int = 0  # gold (actor, sentence) pairs of [stated] fragments
    stated_kept: int = 0
    silent_drops: int = 0  # offered stated sentences lost with no warning naming them
    events: int = 0
    events_kept: int = 0
    category: int = 0  # kept gold events with a category
    category_kept: int = 0
    source: int = 0  # kept gold events with a source
    source_kept: int = 0
    target: int = 0
    target_kept: int = 0
    proposals: int = 0
    proposals_kept: int = 0
    stances: int = 0
    stances_kept: int = 0  # with the gold stance value
    capped: int = 0  # items past the grammar's bound (kept: the bound is not validated)
    unoffered: int = 0  # gold actors the schema's actor list does not hold
    # lies: offered and accepted, per kind
    lies: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in LIES})

    def add(self, other: OracleCount) -> None:
        for name, value in asdict(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        for kind, (offered, accepted) in other.lies.items():
            self.lies[kind][0] += offered
            self.lies[kind][1] += accepted


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@dataclass(frozen=True)
class _Allowed:
    actors: dict[str, str]  # actor key → the name the schema allows
    ids: frozenset[int]
    caps: dict[str, int]  # list field → maxItems

    @classmethod
    def of(cls, schema: dict[str, Any]) -> _Allowed:
        names: list[str] = []
        ids: set[int] = set()
        caps: dict[str, int] = {}
        for key, value in _walk(schema):
            if not isinstance(value, dict):
                continue
            if key in ("actor", "source", "target", "proposer"):
                for _k, v in _walk(value):
                    if _k == "enum" and isinstance(v, list):
                        names += [n for n in v if isinstance(n, str)]
            if key == "sentence_ids":
                enum = (value.get("items") or {}).get("enum")
                if enum:
                    ids |= set(enum)
            if key in ("events", "positions", "peace_proposals", "stances") and (
                "maxItems" in value
            ):
                caps[key] = int(value["maxItems"])
        actors: dict[str, str] = {}
        for n in names:
            actors.setdefault(actor_key(resolve_actor(n)), n)
        return cls(actors, frozenset(ids), caps)


def sentences_with(article: Article, fragment: str) -> list[int]:
    needle = " ".join(fragment.lower().split())
    return [s.id for s in article.sentences if needle in " ".join(s.text.lower().split())]


def _claim(text: str) -> str:
    text = " ".join(text.split()).strip(" .")
    return (text[:1].upper() + text[1:] + ".") if text else "A claim."


@dataclass
class Oracle:
    """Answers each pass of one article from its gold (``mode="gold"``) or with one kind of
    lie (``mode="lie"``, ``lie`` one of LIES)."""

    article: Article
    gold: Gold
    mode: Mode = "gold"
    lie: str = ""
    count: OracleCount = field(default_factory=lambda: OracleCount(""))
    offered_lies: list[tuple[str, Any]] = field(default_factory=list)

    def backend(self) -> FunctionBackend:
        return FunctionBackend(self.answer, model=f"oracle-{self.mode}")

    # -- the answers --------------------------------------------------------------------
    def answer(self, call: CallInfo) -> dict[str, Any]:
        allowed = _Allowed.of(call.schema or {})
        if not allowed.actors:  # a pass whose actors are free text: the article's list
            allowed = _Allowed(self._all_actors(), allowed.ids, allowed.caps)
        task = call.task
        out: dict[str, Any] = {}
        if task in ("Overview", "ArticleExtraction"):
            out["headline"] = self.article.title or "Headline"
            out["summary"] = "The article as the gold reads it."
            out["events"] = self._cap(allowed, "events", self._events(allowed, call))
        if task in ("Positions", "ArticleExtraction"):
            out["positions"] = self._cap(allowed, "positions", self._positions(allowed, call))
        if task in ("PeaceProposals", "ArticleExtraction"):
            out["peace_proposals"] = self._cap(
                allowed, "peace_proposals", self._proposals(allowed, call)
            )
        return out

    def _cap(self, allowed: _Allowed, name: str, items: list[Any]) -> list[Any]:
        """All the items; those past the grammar's bound (the schema's maxItems, which
        the embedded model cannot pass) are counted."""
        cap = allowed.caps.get(name)
        if cap is not None and len(items) > cap and not self._counted(f"cap:{name}"):
            self.count.capped += len(items) - cap
        return items

    def _counted(self, what: str) -> bool:
        """Whether this call's finding was counted already (re-asks answer again)."""
        seen: set[str] = getattr(self, "_seen", set())
        self._seen = seen | {what}
        return what in seen

    def _name(self, allowed: _Allowed, gold_name: str | None) -> str | None:
        if not gold_name:
            return None
        return allowed.actors.get(gold_key(gold_name))

    def _ids(self, allowed: _Allowed, ids: list[int]) -> list[int]:
        return [i for i in ids if i in allowed.ids]

    def _events(self, allowed: _Allowed, call: CallInfo) -> list[dict[str, Any]]:
        out = []
        for event in self.gold.events:
            ids = self._ids(allowed, sentences_with(self.article, event.text))[:1]
            if not ids:
                continue
            source, target = self._name(allowed, event.source), self._name(allowed, event.target)
            also = {gold_key(a) for a in event.also}
            if self.mode == "lie" and self.lie == "swapped":
                if not (source and target) or gold_key(event.target or "") in also:
                    continue  # (a mutual act turned round is still true)
                source, target = target, source
                self._lie("swapped", (event, gold_key(event.target or "")), call)
            elif self.mode == "lie" and self.lie == "bystander":
                bystander = self._bystander(allowed, ids[0], {event.source, event.target, *also})
                if bystander is None or not event.source:
                    continue
                source = bystander
                self._lie("bystander", (event, actor_key(resolve_actor(bystander))), call)
            out.append(
                {
                    "description": _claim(event.text),
                    "action": (event.action or "consult").lower(),
                    "source": source,
                    "target": target,
                    "when": None,
                    "sentence_ids": ids,
                }
            )
        return out

    def _stated(self, allowed: _Allowed) -> dict[str, list[int]]:
        """Gold actor key → ids of the sentences holding its [stated] fragments."""
        out: dict[str, list[int]] = {}
        for name, fragments in self.gold.stated.items():
            ids: list[int] = []
            for fragment in fragments:
                ids += [i for i in sentences_with(self.article, fragment) if i not in ids]
            out[gold_key(name)] = self._ids(allowed, sorted(ids))
        return out

    def _positions(self, allowed: _Allowed, call: CallInfo) -> list[dict[str, Any]]:
        stated = self._stated(allowed)
        out = []
        if self.mode == "lie":
            if self.lie != "positions":
                return []
            for ids in stated.values():
                for i in ids:
                    holders = {k for k, v in stated.items() if i in v}
                    liar = self._bystander(allowed, i, holders)
                    if liar is None:
                        continue
                    self._lie("positions", (i, actor_key(resolve_actor(liar))), call)
                    out.append({"actor": liar, "position": _claim(self._text(i)),
                                "sentence_ids": [i], "speaker": None})  # fmt: skip
            return out
        for key, ids in stated.items():
            name = allowed.actors.get(key)
            if name is None or not ids:
                continue
            for start in range(0, len(ids), 3):  # three sentences an item, as the schema says
                chunk = ids[start : start + 3]
                out.append({"actor": name, "position": _claim(self._text(chunk[0])),
                            "sentence_ids": chunk, "speaker": None})  # fmt: skip
        return out

    def _proposals(self, allowed: _Allowed, call: CallInfo) -> list[dict[str, Any]]:
        stated = self._stated(allowed)
        out = []
        for proposal in self.gold.proposals:
            ids = self._ids(allowed, sentences_with(self.article, proposal.text or ""))[:1]
            proposer = self._name(allowed, proposal.proposer)
            if not ids or proposer is None:
                continue
            stances = []
            for actor, value in proposal.stances.items():
                name = self._name(allowed, actor)
                own = stated.get(gold_key(actor)) or ids
                if name is not None:
                    stances.append({"actor": name, "stance": value, "sentence_ids": own[:3],
                                    "conditions": None})  # fmt: skip
            if self.mode == "lie":
                if self.lie != "proposals":
                    continue
                reactors = [str(s["actor"]) for s in stances if s["actor"] != proposer]
                if not reactors:
                    continue
                proposer = reactors[0]
                self._lie("proposals", actor_key(resolve_actor(proposer)), call)
            out.append({"proposer": proposer, "summary": _claim(proposal.text or "A plan"),
                        "sentence_ids": ids, "when": None, "stances": stances})  # fmt: skip
        return out

    def _bystander(self, allowed: _Allowed, sentence_id: int, not_these: set[Any]) -> str | None:
        """An actor the sentence names who is none of ``not_these`` (gold names or keys)."""
        keys = {gold_key(n) for n in not_these if n}
        sentence = self.article.sentence(sentence_id)
        if sentence is None:
            return None
        for key, name in allowed.actors.items():
            if key in keys:
                continue
            if names_any(self.article, [resolve_actor(name)], sentence.text):
                return name
        return None

    def _text(self, sentence_id: int) -> str:
        sentence = self.article.sentence(sentence_id)
        return sentence.text if sentence else "A claim"

    def _lie(self, kind: str, what: Any, call: CallInfo) -> None:
        if not self._counted(f"{kind}:{what!r}"):
            self.offered_lies.append((kind, what))

    # -- the counts ---------------------------------------------------------------------
    def score(self, name: str, summary: ArticleSummary) -> OracleCount:
        count = self.count
        count.name = name
        if self.mode == "gold":
            self._score_truth(summary, count)
        else:
            self._score_lies(summary, count)
        return count

    def _score_truth(self, summary: ArticleSummary, count: OracleCount) -> None:
        positions = {actor_key(p.actor): p for p in summary.positions}
        stated = self._stated(_Allowed(self._all_actors(), frozenset(self._all_ids()), {}))
        wanted = {gold_key(n) for n in self.gold.positions}
        count.positioned = len(wanted)
        count.positioned_kept = len(wanted & set(positions))
        for key, ids in stated.items():
            kept = {e.sentence_id for e in positions[key].evidence if not e.context} if (
                key in positions) else set()  # fmt: skip
            for i in ids:
                count.stated += 1
                if i in kept:
                    count.stated_kept += 1
                elif not any(str(i) in w and _mentions_key(w, key) for w in summary.warnings):
                    count.silent_drops += 1
        for event in self.gold.events:
            count.events += 1
            matches = [e for e in summary.events if _matches(event, e)]
            if not matches:
                continue
            count.events_kept += 1
            if event.action:
                count.category += 1
                count.category_kept += any(e.action.upper() == event.action for e in matches)
            if event.source:
                count.source += 1
                count.source_kept += any(
                    e.source is not None and actor_key(e.source) == gold_key(event.source)
                    for e in matches
                )
            if event.target:
                count.target += 1
                count.target_kept += any(
                    e.target is not None and actor_key(e.target) == gold_key(event.target)
                    for e in matches
                )
        for proposal in self.gold.proposals:
            count.proposals += 1
            found = [p for p in summary.peace_proposals
                     if actor_key(p.proposer) == gold_key(proposal.proposer)]  # fmt: skip
            count.proposals_kept += bool(found)
            got = {actor_key(st.actor): st.stance for p in found for st in p.stances}
            for actor, value in proposal.stances.items():
                count.stances += 1
                count.stances_kept += got.get(gold_key(actor)) == value
        count.unoffered = len({gold_key(n) for n in self.gold.positions} - set(self._all_actors()))

    def _score_lies(self, summary: ArticleSummary, count: OracleCount) -> None:
        for kind, what in self.offered_lies:
            count.lies[kind][0] += 1
            count.lies[kind][1] += self._accepted(kind, what, summary)

    def _accepted(self, kind: str, what: Any, summary: ArticleSummary) -> bool:
        if kind == "positions":
            sentence_id, key = what
            return any(
                actor_key(p.actor) == key
                and any(e.sentence_id == sentence_id and not e.context for e in p.evidence)
                for p in summary.positions
            )
        if kind in ("swapped", "bystander"):
            event, key = what
            return any(
                _matches(event, e)
                and e.source is not None
                and actor_key(e.source) == key
                and not self._true_other(event, e)
                for e in summary.events
            )
        return any(actor_key(p.proposer) == what for p in summary.peace_proposals)

    def _true_other(self, lied: GoldEvent, predicted: Any) -> bool:
        """Whether a predicted event is another gold event, told true (its category and
        source): a sentence may hold two ("Israel has characterized Sinwar as the mastermind
        behind the Oct. 7 attacks" is Israel's DISAPPROVE and Hamas's ASSAULT)."""
        return any(
            other is not lied
            and _matches(other, predicted)
            and other.action == predicted.action.upper()
            and predicted.source is not None
            and gold_key(other.source or "") == actor_key(predicted.source)
            for other in self.gold.events
        )

    def _all_actors(self) -> dict[str, str]:
        from summarizer.extraction.schemas import article_actors

        return {actor_key(a.actor): a.actor.name for a in article_actors(self.article)}

    def _all_ids(self) -> list[int]:
        return [s.id for s in self.article.sentences]


def _matches(event: GoldEvent, predicted: Any) -> bool:
    needle = event.text.lower()
    return needle in predicted.description.lower() or any(
        needle in x.quote.lower() for x in predicted.evidence if not x.context
    )


def _mentions_key(warning: str, key: str) -> bool:
    from summarizer.nlp.actors import country_name, is_state_key

    name = country_name(key) if is_state_key(key) else key
    return name.lower() in warning.lower()


def run(article: Article, gold: Gold, name: str, mode: Mode) -> OracleCount:
    """One article through the pipeline with the oracle as its model: every lie kind in a
    run of its own (``mode="lie"``), so that one lie cannot mask another."""
    from summarizer import api

    total = OracleCount(name)
    for lie in LIES if mode == "lie" else ("",):
        oracle = Oracle(article, gold, mode, lie)
        summary = api.summarize(article, backend=oracle.backend(), published=gold.published)
        total.add(oracle.score(name, summary))
    return total


def total(counts: list[OracleCount]) -> OracleCount:
    out = OracleCount("TOTAL")
    for c in counts:
        out.add(c)
    return out


def table(counts: list[OracleCount], mode: Mode) -> str:
    """The oracle's counts as a table, one row an article and a total."""
    rows = [*counts, total(counts)]
    if mode == "gold":
        head = (f"{'article':18} {'actors kept':>12} {'stated kept':>12} {'silent':>6} "
                f"{'events kept':>12} {'category':>9} {'source':>9} {'target':>9} "
                f"{'proposals':>9} {'stances':>9} {'>bound':>6}")  # fmt: skip
        lines = [head, "-" * len(head)]
        for c in rows:
            lines.append(
                f"{c.name[:18]:18} {_frac(c.positioned_kept, c.positioned):>12} "
                f"{_frac(c.stated_kept, c.stated):>12} {c.silent_drops:>6} "
                f"{_frac(c.events_kept, c.events):>12} {_frac(c.category_kept, c.category):>9} "
                f"{_frac(c.source_kept, c.source):>9} {_frac(c.target_kept, c.target):>9} "
                f"{_frac(c.proposals_kept, c.proposals):>9} {_frac(c.stances_kept, c.stances):>9} "
                f"{c.capped:>6}"
            )
    else:
        head = f"{'article':18}" + "".join(f" {k + ' accepted':>20}" for k in LIES)
        lines = [head, "-" * len(head)]
        for c in rows:
            lines.append(
                f"{c.name[:18]:18}"
                + "".join(f" {_frac(c.lies[k][1], c.lies[k][0]):>20}" for k in LIES)
            )
    return "\n".join(lines) + "\n"


def _frac(a: int, b: int) -> str:
    return f"{a}/{b} {a / b:.2f}" if b else "-"
