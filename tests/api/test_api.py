"""The library front: the README's examples run, FunctionBackend answers go through the
real validation and grounding, and a bug in a pass is an error, never a warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import summarizer
from summarizer.testing import CallInfo, FunctionBackend
from tests.conftest import FIXTURES, ROOT, SEED

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(marker: str) -> str:
    match = re.search(rf"<!-- {marker}[^>]*-->\n```python\n(.*?)```", README, re.S)
    assert match, f"README has no {marker} block"
    return match.group(1)


def test_readme_api_example_runs_offline(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(_block("api-example"), "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    countries = [line.split(" |")[0] for line in out if " | " in line]
    assert countries == ["RUS", "CHN", "UKR"]
    assert any(line.startswith("   sentence 17 at 2942 - 3234") for line in out)
    assert out[-1] == "# Putin in Beijing"


def test_readme_function_backend_example_runs() -> None:
    exec(
        compile(_block("function-backend-example"), "README.md", "exec"), {"summarizer": summarizer}
    )


def _seed_answers(call: CallInfo) -> dict:
    if call.task == "Overview":
        return {"headline": "Putin in Beijing", "summary": "Putin met Xi in Beijing.",
                "events": []}  # fmt: skip
    if call.task == "Positions":
        return {"positions": [
            {"actor": "Ukraine", "speaker": "Volodymyr Zelenskyy", "sentence_ids": [17],
             "position": "Ukraine wants its territory back and Russian troops out."},
        ]}  # fmt: skip
    return {"peace_proposals": []}


def test_summarize_with_a_function_backend_is_grounded() -> None:
    backend = FunctionBackend(_seed_answers)
    summary = summarizer.summarize(SEED, backend=backend)
    # the model's position, and the positions the words show for Russia (Putin thanked,
    # said…) and China (Xi said…), which the model's answer left out, in article order
    assert [p.actor.country_code for p in summary.positions] == ["RUS", "CHN", "UKR"]
    position = summary.positions[2]
    assert position.position == "Ukraine wants its territory back and Russian troops out."
    article = summarizer.clean(SEED)
    [evidence] = position.evidence
    assert evidence.sentence_id == 17
    assert article.text[evidence.start : evidence.end] == evidence.quote
    assert evidence.quote.startswith("Ukrainian President Volodymyr Zelenskyy said")
    assert summary.provenance.backend == "function" and summary.provenance.usage.calls == 3
    assert [c.task for c in backend.calls] == ["Overview", "Positions", "PeaceProposals"]
    assert summary.warnings == []


def test_an_unsupported_answer_is_reasked_with_the_prompt_files_wording() -> None:
    def answer(call: CallInfo) -> dict:
        if call.task != "Positions":
            return _seed_answers(call)
        ids = [17] if call.is_reask else [1]  # sentence 1 does not mention Ukraine
        return {"positions": [{"actor": "Ukraine", "position": "Ukraine wants peace.",
                               "sentence_ids": ids}]}  # fmt: skip

    backend = FunctionBackend(answer)
    summary = summarizer.summarize(SEED, backend=backend)
    reask = next(c for c in backend.calls if c.is_reask)
    assert (
        "Some items are not supported by the sentences they cite" in reask.messages[-1]["content"]
    )
    assert (
        "position of Ukraine: sentence 1 does not mention Ukraine" in reask.messages[-1]["content"]
    )
    [ukraine] = [p for p in summary.positions if p.actor.country_code == "UKR"]
    assert [e.sentence_id for e in ukraine.evidence] == [17]
    assert summary.warnings == ["pass positions: the model's answer was re-asked 1 time(s)"]


def test_strict_fails_when_the_answer_never_validates() -> None:
    def answer(call: CallInfo) -> dict:
        if call.task != "Positions":
            return _seed_answers(call)
        return {"positions": [{"actor": "Ukraine", "position": "x.", "sentence_ids": [1]}]}

    with pytest.raises(summarizer.ExtractionError, match="failed validation after 2 attempts"):
        summarizer.summarize(SEED, backend=FunctionBackend(answer), strict=True)
    lenient = summarizer.summarize(SEED, backend=FunctionBackend(answer))
    assert "dropped position of Ukraine: sentence 1 does not mention Ukraine" in lenient.warnings
    # Ukraine's position is then the one its own words show: the plan "was rejected by
    # Ukraine and the West" (10), "Zelenskyy said any negotiations must…" (17), "warned"
    # (18); its text is the first of them that names Ukraine first
    [ukraine] = [p for p in lenient.positions if p.actor.country_code == "UKR"]
    assert ukraine.position.startswith("Ukrainian President Volodymyr Zelenskyy said")
    assert [e.sentence_id for e in ukraine.evidence] == [10, 17, 18]


def test_a_bug_in_a_pass_propagates_instead_of_becoming_a_warning() -> None:
    """Before: any exception inside instructor's loop became an empty pass with the warning
    "re-asked -1 time(s)" and exit 0."""

    def broken(call: CallInfo) -> dict:
        raise ZeroDivisionError("a bug in the backend")

    with pytest.raises(ZeroDivisionError, match="a bug in the backend"):
        summarizer.summarize(SEED, backend=FunctionBackend(broken))


def test_backend_errors_keep_their_type() -> None:
    def down(call: CallInfo) -> dict:
        raise summarizer.EndpointUnreachable("endpoint down")

    with pytest.raises(summarizer.EndpointUnreachable, match="endpoint down"):
        summarizer.summarize(SEED, backend=FunctionBackend(down))


def test_summarize_text_title_and_render_shapes() -> None:
    s = summarizer.summarize_text(
        "Russia said it wants talks.\n\nUkraine rejected the plan.",
        title="Talks", source="memo", backend=FunctionBackend(_seed_answers),
    )  # fmt: skip
    assert s.source.input == "memo" and s.source.title == "Talks"
    assert summarizer.render(s, "json").lstrip().startswith("{")
    assert summarizer.render([s], "json").lstrip().startswith("[")
    assert len(summarizer.render([s, s], "jsonl").splitlines()) == 2
    with pytest.raises(summarizer.ConfigError, match="unknown format 'yaml'"):
        summarizer.render(s, "yaml")


def test_brief_from_summaries_needs_no_model(tmp_path: Path) -> None:
    s = summarizer.summarize(
        SEED, recordings=FIXTURES / "recordings/putin-beijing", record_mode="replay"
    )
    saved = tmp_path / "s.json"
    saved.write_text(summarizer.render([s, s], "json"))  # an array, as `summarize a b` writes
    # backend="openai" without a key would fail if a backend were built at all
    note = summarizer.brief([saved], use_llm=False, backend="openai")
    assert note.executive_summary_by == "rules"
    assert [src.sha256 for src in note.sources] == [s.source.sha256] * 2
    assert "# Briefing note" in summarizer.render(note, "markdown")


def test_brief_rejects_a_json_file_that_is_not_a_summary(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}')
    with pytest.raises(summarizer.InputError, match="not a valid ArticleSummary"):
        summarizer.brief([bad], use_llm=False)
    bad.write_text('{"schema_version": "2"}')
    with pytest.raises(summarizer.InputError, match="schema_version '2' is not supported"):
        summarizer.brief([bad], use_llm=False)


def test_local_backend_refuses_an_unknown_model_name() -> None:
    with pytest.raises(summarizer.ConfigError, match="runs the embedded model"):
        summarizer.make_backend("local", model="gpt-4o")


def test_public_names_resolve() -> None:
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None, name


def test_published_and_outlet_fill_in_only_what_the_page_does_not_say() -> None:
    page = FIXTURES / "news-html" / "fundus_GlobalNews_2026_05_24" / "raw.html.gz"
    s = summarizer.summarize(page, backend=FunctionBackend(_seed_answers),
                             published="2020-01-01", outlet="My notes")  # fmt: skip
    assert (s.source.published, s.source.outlet) == ("2026-05-24", "Global News")
    assert s.source.authors == ["Samya Kullab", "Vasilisa Stepanenko"]
    text = summarizer.summarize_text(
        "Russia said it wants talks.", backend=FunctionBackend(_seed_answers),
        published="2024-05-16", outlet="Wire",
    )  # fmt: skip
    assert (text.source.published, text.source.outlet) == ("2024-05-16", "Wire")
    with pytest.raises(summarizer.ConfigError, match="not an ISO date"):
        summarizer.summarize_text(
            "Russia said it wants talks.", backend=FunctionBackend(_seed_answers),
            published="May 16",
        )  # fmt: skip


def test_over_long_model_text_is_cut_at_a_word_with_a_warning() -> None:
    """Issue 27, item 13: an answer from an engine without the grammar (an imported batch
    result, another server) stored a 30 MB headline. Text past the limits is cut at a
    word, and the warnings say so."""
    from tests.fault_servers import minimal_instance

    huge = "Russia and Ukraine " * 200_000  # 3.8 MB

    def answer(call: CallInfo) -> dict:
        value = minimal_instance(call.schema or {})
        if "headline" in value:
            value["headline"] = huge
            value["summary"] = huge
        return value

    summary = summarizer.summarize(SEED, backend=FunctionBackend(answer))
    assert len(summary.headline) <= 402 and summary.headline.endswith(" …")
    assert summary.headline.startswith("Russia and Ukraine Russia")
    assert not summary.headline[:-2].endswith(("Rus", "Ukr"))  # never mid-word
    assert len(summary.summary) <= 2002
    assert f"the model's headline was {len(huge):,} characters: cut to 400" in summary.warnings


def test_run_options_are_the_keywords_as_one_object() -> None:
    """options= gives what the same keywords give; both at once is refused, naming them."""
    tasks: list[str] = []

    def answer(call: CallInfo) -> dict[str, object]:
        tasks.append(call.task)
        return _seed_answers(call)

    backend = FunctionBackend(answer)
    by_keywords = summarizer.summarize(SEED, backend=backend, max_retries=0)
    options = summarizer.RunOptions(backend=backend, max_retries=0)
    by_options = summarizer.summarize(SEED, options=options)
    strip = {"provenance"}
    assert by_options.model_dump(exclude=strip) == by_keywords.model_dump(exclude=strip)
    assert by_options.positions and tasks == ["Overview", "Positions", "PeaceProposals"] * 2
    note = summarizer.brief([by_options], use_llm=False, options=options)
    assert [s.sha256 for s in note.sources] == [by_options.source.sha256]
    with pytest.raises(summarizer.ConfigError, match="strict"):
        summarizer.summarize(SEED, options=options, strict=True)
    with pytest.raises(summarizer.ConfigError, match="passes"):
        summarizer.RunOptions(passes="double")  # type: ignore[arg-type]


def test_render_does_every_format_the_cli_writes_and_export_and_track_are_calls(
    tmp_path: Path,
) -> None:
    """`render(summary, "html" | "csv")` raised although the README says everything the
    CLI does is one call away; there was no export in Python (issue 26, item 5)."""
    summary = summarizer.summarize(SEED, backend=FunctionBackend(_seed_answers))
    html = summarizer.render(summary, "html")
    cited = summary.positions[0].evidence[0].sentence_id
    assert html.lower().startswith("<!doctype html>") and f'data-sentence-id="{cited}"' in html
    rows = summarizer.render(summary, "csv").splitlines()
    assert rows[0].startswith('"source","outlet"') and len(rows) > 1
    note = summarizer.brief([summary], use_llm=False)
    assert summarizer.render(note, "csv").startswith('"source"')
    with pytest.raises(summarizer.ConfigError):
        summarizer.render([summary, summary], "html")
    counts = summarizer.export([summary], tmp_path / "notes.db")
    assert counts["articles"] == 1 and counts["positions"] == len(summary.positions)
    tracking = summarizer.track([summary], actor="RUS")
    assert [t.actor.country_code for t in tracking.tracks] == ["RUS"]
    assert "# Positions over time" in summarizer.render(tracking, "markdown")
