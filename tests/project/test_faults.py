"""Fault injection: every failure class against loopback fake servers speaking the real
protocols. Each test states the exit code, the message, the attempt count, a bound on
the wall time, and that no output file or recording was lost or half-written."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from tests import fault_servers as fs
from tests.conftest import FIXTURES, SEED

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_RETRY_WAIT", "0.01")  # exponential backoff starts here


def _summarize(url: str, out: Path, *extra: str, inputs: tuple[str, ...] = (str(SEED),)):
    started = time.monotonic()
    result = runner.invoke(
        app, ["summarize", *inputs, "--backend", "openai", "--base-url", url, "-o", str(out),
              *extra],
    )  # fmt: skip
    return result, time.monotonic() - started


@pytest.mark.parametrize(
    ("mode", "code", "message", "requests"),
    [
        (fs.RATE_LIMIT, 5, "returned HTTP 429: Rate limit reached after 4 attempts", 4),
        (fs.SERVER_ERROR, 5, "returned HTTP 503: overloaded after 4 attempts", 4),
        (fs.RESET, 5, "closed the connection without an answer after 4 attempts", 4),
        (fs.TRUNCATED, 5, "after 4 attempts", 4),
        (fs.NOT_JSON, 5, "answered with something that is not a chat completion", 1),
        (fs.EMPTY_CHOICES, 5, "answered with no choices", 1),
    ],
)
def test_transport_and_protocol_faults(
    tmp_path: Path, mode: str, code: int, message: str, requests: int
) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous result\n")
    with fs.openai_server(default=mode) as srv:
        result, took = _summarize(srv.url, out)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert len(srv.requests) == requests
    assert took < 15
    assert out.read_text() == "previous result\n"  # the old output is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temp file left


def test_retry_waits_are_announced_and_retry_after_is_honoured(tmp_path: Path) -> None:
    with fs.openai_server([fs.RATE_LIMIT, fs.RATE_LIMIT]) as srv:
        result, took = _summarize(srv.url, tmp_path / "out.json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("HTTP 429, retrying in 1.0 s (attempt 2 of 4)") == 1
    assert "(attempt 3 of 4)" in result.stderr
    assert 2.0 <= took < 15  # two Retry-After: 1 waits
    assert srv.modes[:3] == [fs.RATE_LIMIT, fs.RATE_LIMIT, fs.OK]


def test_a_hung_endpoint_times_out_as_configured(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with fs.openai_server(default=fs.HANG) as srv:
        result, took = _summarize(srv.url, out, "--timeout", "0.5",
                                  )  # fmt: skip
    assert result.exit_code == 5, result.stderr
    assert "timed out after 0.5 s" in result.stderr and "after 4 attempts" in result.stderr
    assert len(srv.requests) == 4
    assert took < 10
    assert not out.exists()


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        (fs.SCHEMA_INVALID, "the model never gave a valid answer"),
        (fs.PROSE, "not valid JSON"),
        (fs.REFUSAL, "the model refused: I can't help with that request."),
        (fs.LENGTH, "cut off at 2048 tokens"),
    ],
)
def test_no_valid_answer_is_a_failure_not_an_empty_summary(
    tmp_path: Path, mode: str, message: str
) -> None:
    out = tmp_path / "out.json"
    with fs.openai_server(default=mode) as srv:
        result, took = _summarize(srv.url, out)
    assert result.exit_code == 6, result.stderr
    assert message in result.stderr
    assert "Invalid JSON: expected ident" not in result.stderr
    # three passes; a failed validation is re-asked once, a cut-off answer or a refusal
    # is not (at temperature 0 it would only repeat)
    assert len(srv.requests) == (3 if mode in (fs.LENGTH, fs.REFUSAL) else 6)
    assert took < 15
    assert not out.exists()


def test_what_succeeded_is_written_when_another_article_fails(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    other = tmp_path / "other.txt"
    other.write_text("Russia said it wants talks.\n\nUkraine rejected the plan.\n")
    with fs.openai_server([fs.OK] * 3, default=fs.SCHEMA_INVALID) as srv:
        result, _ = _summarize(srv.url, out, inputs=(str(SEED), str(other)))
    assert result.exit_code == 6, result.stderr
    assert f"1 of 2 inputs failed: {other}" in result.stderr
    data = json.loads(out.read_text())
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["source"]["input"] == str(SEED)


def test_credentials_in_the_base_url_never_reach_messages(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["summarize", str(SEED), "--backend", "openai", "--timeout", "0.5",
              "--base-url", "http://user:PASSWORD123@127.0.0.1:9/v1", "-q"],
    )  # fmt: skip
    assert result.exit_code == 5
    assert "PASSWORD123" not in result.stderr + result.stdout
    assert "http://user:***@127.0.0.1:9/v1" in result.stderr
    assert "connection refused" in result.stderr


def test_article_url_secrets_stay_out_of_output_recordings_and_messages(tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    with fs.web_server() as web, fs.openai_server() as srv:
        url = web.url.replace("http://", "http://reader:HUNTER2@") + "/ok?access_token=TOKEN99"
        result = runner.invoke(
            app, ["summarize", url, "--backend", "openai", "--base-url", srv.url,
                  "--record", str(rec)],
        )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert web.paths == ["/ok?access_token=TOKEN99"]  # the real URL was fetched
    everything = result.stdout + result.stderr
    everything += "".join(p.read_text() for p in rec.glob("*.json"))
    assert "HUNTER2" not in everything and "TOKEN99" not in everything
    assert json.loads(result.stdout)["source"]["input"].endswith("/ok?access_token=REDACTED")


def _seed_case(tmp_path: Path) -> Path:
    """A fixtures folder with one case, the seed article."""
    fixtures = tmp_path / "fixtures"
    (fixtures / "articles").mkdir(parents=True)
    (fixtures / "articles" / "seed.txt").write_text(SEED.read_text())
    (fixtures / "cases.toml").write_text('[[case]]\nname = "seed"\ninput = "articles/seed.txt"\n')
    return fixtures


def test_fixtures_record_keeps_good_recordings_when_the_backend_fails(tmp_path: Path) -> None:
    fixtures = _seed_case(tmp_path)
    good = fixtures / "recordings" / "seed"
    good.mkdir(parents=True)
    (good / "keep.json").write_text("{}")
    with fs.openai_server(default=fs.REFUSAL) as srv:
        result = runner.invoke(
            app, ["fixtures", "record", "seed", "--fixtures", str(fixtures), "--backend",
                  "openai", "--base-url", srv.url],
        )  # fmt: skip
    assert result.exit_code != 0
    assert "recorded seed" not in result.stdout
    assert "the model refused" in result.stderr
    assert [p.name for p in good.iterdir()] == ["keep.json"]  # the old recordings stay
    assert [p.name for p in (fixtures / "recordings").iterdir()] == ["seed"]  # no staging left


def test_keep_current_asks_the_backend_only_for_what_changed(tmp_path: Path) -> None:
    fixtures = _seed_case(tmp_path)
    folder = fixtures / "recordings" / "seed"
    args = ["fixtures", "record", "seed", "--fixtures", str(fixtures), "--backend", "openai"]
    with fs.openai_server() as srv:
        first = runner.invoke(app, [*args, "--base-url", srv.url])
    assert first.exit_code == 0, first.stderr
    recorded = sorted(p.name for p in folder.iterdir())
    assert len(srv.requests) == len(recorded) >= 3

    # one exchange lost, one made under another prompt version, one file no request uses:
    # the first two are asked again, the unused one is dropped, the others kept as they were
    lost = folder / recorded[1]
    lost.unlink()
    outdated = folder / recorded[2]
    data = json.loads(outdated.read_text())
    data["metadata"]["prompt_version"] = "extract-v0"
    outdated.write_text(json.dumps(data))
    kept = folder / recorded[0]
    kept_text = kept.read_text()
    (folder / "0000-old-prompt.json").write_text(kept_text)
    with fs.openai_server() as srv:
        again = runner.invoke(app, [*args, "--base-url", srv.url, "--keep-current"])
    assert again.exit_code == 0, again.stderr
    assert len(srv.requests) == 2
    total = len(recorded)
    assert f"recorded seed: 2 of {total} exchanges from the backend ({total - 2} kept)" in (
        again.stdout
    )
    assert sorted(p.name for p in folder.iterdir()) == recorded
    assert kept.read_text() == kept_text
    assert json.loads(outdated.read_text())["metadata"]["prompt_version"] != "extract-v0"


def test_recorded_folders_follow_the_umask(tmp_path: Path) -> None:
    fixtures = _seed_case(tmp_path)
    with fs.openai_server() as srv:
        result = runner.invoke(
            app, ["fixtures", "record", "seed", "--fixtures", str(fixtures), "--backend",
                  "openai", "--base-url", srv.url],
        )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    folder = fixtures / "recordings" / "seed"
    assert folder.stat().st_mode & 0o777 == 0o777 & ~_umask()


def _umask() -> int:
    import os

    old = os.umask(0o022)
    os.umask(old)
    return old


# --- the web side ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/404", "the server answered HTTP 404"),
        ("/loop", "more than 5 redirects"),
        ("/big", "over the 5,242,880-byte limit"),
        ("/bomb", "over the 5,242,880-byte limit"),
        ("/pdf", "content type 'application/pdf' is not an article page"),
        ("/login", "looks like a sign-in page, not an article"),
    ],
)
def test_web_faults_are_clear_input_errors(path: str, message: str) -> None:
    with fs.web_server() as web:
        started = time.monotonic()
        result = runner.invoke(app, ["clean", web.url + path])
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert time.monotonic() - started < 10


def test_a_trickling_server_hits_the_overall_deadline() -> None:
    from summarizer.document.cleaning.fetch import fetch
    from summarizer.errors import InputError

    with fs.web_server() as web:
        started = time.monotonic()
        with pytest.raises(InputError, match="did not finish within 1 s"):
            fetch(web.url + "/trickle", max_seconds=1.0)
        assert time.monotonic() - started < 5


def test_charset_given_only_in_the_http_header_is_used() -> None:
    with fs.web_server() as web:
        result = runner.invoke(app, ["clean", web.url + "/latin1"])
    assert result.exit_code == 0, result.stderr
    assert "Genève" in result.stdout


# --- local input --------------------------------------------------------------------


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    src = tmp_path / "utf16.txt"
    src.write_bytes(SEED.read_text().encode("utf-16"))
    result = runner.invoke(app, ["clean", str(src)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Putin visits Beijing")


def test_a_huge_input_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = runner.invoke(app, ["clean", "/dev/zero"])
    assert result.exit_code == 2, result.stderr
    assert "over the 20,971,520-byte limit" in result.stderr
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200 * 1024  # never reads far past the limit


def test_a_long_single_line_is_split_fast() -> None:
    from summarizer.document.article import split_sentences

    line = " ".join(
        f"Minister number {i} said the talks in Geneva will go on." for i in range(5000)
    )
    started = time.monotonic()
    sentences = split_sentences(line)  # ~290 KB on one line
    took = time.monotonic() - started
    assert len(sentences) == 5000
    assert all(line[s.start : s.end] == s.text for s in sentences)
    assert took < 5  # was 24 s: pysbd is quadratic in line length


@pytest.mark.parametrize("bad", [b"\xff\xfe\x00\x00binary\x00\x00", b"caf\xe9", None])
def test_eval_and_fixtures_given_bad_files_say_so(tmp_path: Path, bad: bytes | None) -> None:
    path = tmp_path / "gold.toml"
    if bad is None:
        path.mkdir()
    else:
        path.write_bytes(bad)
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 2, result.stderr
    assert str(path) in result.stderr and "internal error" not in result.stderr
    fixtures = tmp_path / "fx"
    fixtures.mkdir()
    (fixtures / "cases.toml").write_bytes(b"caf\xe9" if bad is None else bad)
    result = runner.invoke(app, ["fixtures", "list", "--fixtures", str(fixtures)])
    assert result.exit_code in (2, 3), result.stderr
    assert "internal error" not in result.stderr


def test_scrub_leaves_normal_words_alone() -> None:
    from summarizer.llm.recording import scrub

    text = "the Minsk-brokered ceasefire and risk-management rules; key sk-proj-abcdefghijklmnop12"
    assert scrub(text) == ("the Minsk-brokered ceasefire and risk-management rules; key [REDACTED]")


def test_replay_miss_outside_a_case_suggests_record_not_a_case(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summarize", str(SEED), "--replay", str(tmp_path), "-q"])
    assert result.exit_code == 7
    assert "fixtures record" not in result.stderr
    assert f"--record {tmp_path}" in result.stderr


def test_a_malformed_recording_is_named(tmp_path: Path) -> None:
    src = FIXTURES / "recordings" / "putin-beijing"
    for p in src.glob("*.json"):
        data = json.loads(p.read_text())
        data["response"] = {"unexpected": "shape"}
        (tmp_path / p.name).write_text(json.dumps(data))
    result = runner.invoke(app, ["summarize", str(SEED), "--replay", str(tmp_path), "-q"])
    assert result.exit_code == 7, result.stderr
    assert "is not a chat completion" in result.stderr and "recording" in result.stderr
    assert "no visible difference" not in result.stderr


# --- briefings keep what succeeded ---------------------------------------------------


def test_brief_keeps_the_note_when_one_article_fails(tmp_path: Path) -> None:
    out = tmp_path / "note.md"
    other = tmp_path / "other.txt"
    other.write_text("Russia said it wants talks.\n\nUkraine rejected the plan.\n")
    # the seed's three passes answer; the other article's never validate
    with fs.openai_server([fs.OK] * 3, default=fs.SCHEMA_INVALID) as srv:
        result = runner.invoke(
            app, ["brief", str(SEED), str(other), "--no-llm", "-o", str(out), "--backend",
                  "openai", "--base-url", srv.url],
        )  # fmt: skip
    assert result.exit_code == 6, result.stderr
    assert f"1 of 2 inputs failed and were left out of {out}: {other}" in result.stderr
    note = out.read_text()
    assert "putin-beijing.txt" in note
    assert f"{other} was left out: {other}: the model never gave a valid answer" in note


def test_brief_falls_back_to_rules_when_the_executive_summary_never_validates(
    tmp_path: Path,
) -> None:
    saved = tmp_path / "s.json"
    replay = runner.invoke(app, ["summarize", str(SEED), "--replay",
                                 str(FIXTURES / "recordings/putin-beijing"), "-q", "-o",
                                 str(saved)])  # fmt: skip
    assert replay.exit_code == 0, replay.stderr
    out = tmp_path / "note.json"
    with fs.openai_server(default=fs.SCHEMA_INVALID) as srv:
        result = runner.invoke(
            app, ["brief", str(saved), "-o", str(out), "--backend", "openai", "--base-url",
                  srv.url],
        )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    note = json.loads(out.read_text())
    assert note["executive_summary_by"] == "rules" and note["executive_summary"]
    assert note["warnings"][0].startswith("executive summary: executive summary failed")
    assert "written by rules instead" in note["warnings"][0]
    assert len(srv.requests) == 2  # the answer and one re-ask


# --- input the model cannot use ------------------------------------------------------

FRENCH = (
    "La Russie et la Chine ont réaffirmé jeudi leur partenariat sans limites lors d'un "
    "sommet à Pékin, où le président russe Vladimir Poutine a remercié le dirigeant chinois "
    "Xi Jinping pour ses efforts en vue de résoudre la guerre en Ukraine.\n\nLes deux "
    "dirigeants ont signé une déclaration commune sur l'approfondissement du partenariat "
    "stratégique global. La visite d'État de deux jours de Poutine intervient alors que les "
    "forces de son pays lancent une offensive dans la région de Kharkiv.\n"
)


def test_a_non_english_article_is_refused_before_any_model_call(tmp_path: Path) -> None:
    src = tmp_path / "fr.txt"
    src.write_text(FRENCH)
    with fs.openai_server() as srv:
        result, _ = _summarize(srv.url, tmp_path / "out.json", inputs=(str(src),))
        assert result.exit_code == 2, result.stderr
        assert "does not look like English" in result.stderr and "--any-language" in result.stderr
        assert srv.requests == []
        anyway, _ = _summarize(srv.url, tmp_path / "out.json", "--any-language",
                               inputs=(str(src),))  # fmt: skip
    assert anyway.exit_code == 0, anyway.stderr


def test_an_article_past_the_context_is_refused_before_sending_with_no_chunk(
    tmp_path: Path,
) -> None:
    src = tmp_path / "long.txt"
    paragraph = " ".join(f"Minister {i} said the talks in Geneva would go on." for i in range(100))
    src.write_text("\n\n".join([paragraph] * 100))  # ~100,000 words
    with fs.openai_server() as srv:
        result, took = _summarize(srv.url, tmp_path / "out.json", "--no-chunk",
                                  inputs=(str(src),))  # fmt: skip
        assert srv.requests == []
    assert result.exit_code == 2, result.stderr
    assert "needs about" in result.stderr and "the model's context holds 128,000" in result.stderr
    assert took < 60


def test_a_short_article_with_a_login_form_in_its_header_is_still_an_article(
    tmp_path: Path,
) -> None:
    words = " ".join(["Officials in Geneva said the talks would go on next week."] * 10)
    page = tmp_path / "brief.html"
    page.write_text(
        "<html><head><title>Talks go on</title></head><body><header><form>"
        "<input type='password' name='p'><button>Log in</button></form></header>"
        f"<article><p>{words}</p></article></body></html>"
    )
    result = runner.invoke(app, ["clean", str(page)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Officials in Geneva")
