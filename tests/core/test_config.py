from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import Settings, config_path, env_names, load_settings, settings_table
from summarizer.errors import ConfigError


def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(path))
    return path


def test_defaults_without_file_or_env() -> None:
    s = load_settings()
    assert (s.backend, s.model, s.base_url, s.model_path) == ("local", None, None, None)
    assert (s.schema_style, s.recordings, s.record_mode) == (None, None, None)
    assert (s.max_retries, s.transport_attempts, s.timeout) == (1, 4, 120.0)


def test_config_path_is_resolved_at_load_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _config(tmp_path, monkeypatch, 'model = "one"\n')
    assert config_path() == first and load_settings().model == "one"
    other = tmp_path / "other.toml"
    other.write_text('model = "two"\n')
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(other))
    assert load_settings().model == "two"


def test_precedence_flags_over_env_over_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(
        tmp_path,
        monkeypatch,
        'backend = "openai"\nmodel = "file"\ntimeout = 5\nmax_retries = 3\n'
        'transport_attempts = 2\nrecordings = "rec-file"\n',
    )
    monkeypatch.setenv("SUMMARIZER_MODEL", "env")
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "7.5")
    monkeypatch.setenv("SUMMARIZER_MAX_RETRIES", "0")
    monkeypatch.setenv("SUMMARIZER_RECORD_MODE", "")  # empty: as if unset
    s = load_settings(model=None, timeout=9.0, recordings=Path("rec-flag"), record_mode=None)
    assert s.backend == "openai"  # file only
    assert s.model == "env"  # env beats file; a None flag does not override
    assert s.timeout == 9.0  # flag beats env and file
    assert s.max_retries == 0  # env beats file
    assert s.transport_attempts == 2
    assert s.recordings == Path("rec-flag")
    assert s.record_mode is None


def test_env_values_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_MODEL_PATH", "/models/x.gguf")
    monkeypatch.setenv("SUMMARIZER_TRANSPORT_ATTEMPTS", "1")
    monkeypatch.setenv("SUMMARIZER_SCHEMA_STYLE", "llama")
    s = load_settings()
    assert s.model_path == Path("/models/x.gguf")
    assert s.transport_attempts == 1 and s.schema_style == "llama"


def test_base_url_fallback_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://openai-env/v1")
    assert load_settings().base_url == "http://openai-env/v1"
    _config(tmp_path, monkeypatch, 'base_url = "http://file/v1"\n')
    assert load_settings().base_url == "http://file/v1"
    monkeypatch.setenv("SUMMARIZER_BASE_URL", "http://summarizer-env/v1")
    assert load_settings().base_url == "http://summarizer-env/v1"
    assert load_settings(base_url="http://flag/v1").base_url == "http://flag/v1"


def test_openai_base_url_loses_to_flag_without_summarizer_env(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://openai-env/v1")
    assert load_settings(base_url="http://flag/v1").base_url == "http://flag/v1"


def test_api_key_is_not_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    monkeypatch.setenv("SUMMARIZER_API_KEY", "sk-secret")
    dumped = load_settings().model_dump()
    assert "api_key" not in dumped and "sk-secret" not in repr(dumped)
    assert "OPENAI_API_KEY" not in env_names().values()


@pytest.mark.parametrize(
    ("setup", "message", "origin"),
    [
        ({"flags": {"backend": "gpt"}}, "invalid setting 'backend'", "a command-line flag"),
        (
            {"env": {"SUMMARIZER_TRANSPORT_ATTEMPTS": "0"}},
            "invalid setting 'transport_attempts'",
            "$SUMMARIZER_TRANSPORT_ATTEMPTS",
        ),
        ({"env": {"SUMMARIZER_MAX_RETRIES": "-1"}}, "invalid setting 'max_retries'", None),
        ({"env": {"SUMMARIZER_TIMEOUT": "0"}}, "invalid setting 'timeout'", None),
        ({"env": {"SUMMARIZER_TIMEOUT": "soon"}}, "invalid setting 'timeout'", None),
        ({"file": 'backend = "gpt"\n'}, "invalid setting 'backend'", "config.toml"),
        ({"file": 'colour = "blue"\n'}, "invalid setting 'colour'", "config.toml"),
        ({"file": "[openai]\nkey = 1\n"}, "invalid setting 'openai'", "config.toml"),
        ({"file": 'record_mode = "sometimes"\n'}, "invalid setting 'record_mode'", None),
    ],
)
def test_invalid_values_name_the_setting(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setup: dict,
    message: str,
    origin: str | None,
) -> None:
    if "file" in setup:
        _config(tmp_path, monkeypatch, setup["file"])
    for name, value in setup.get("env", {}).items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings(**setup.get("flags", {}))
    assert info.value.message.startswith(message + ": ")
    assert info.value.hint
    if origin:
        assert origin in info.value.hint


def test_malformed_toml_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _config(tmp_path, monkeypatch, 'backend = "openai\n')
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert info.value.message.startswith(f"config file {path} is not valid TOML")


def test_missing_config_file_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(tmp_path / "absent.toml"))
    assert load_settings().backend == "local"


def test_env_names_cover_every_field() -> None:
    names = env_names()
    assert set(names) == set(Settings.model_fields)
    assert names["timeout"] == "SUMMARIZER_TIMEOUT"
    assert names["base_url"] == "SUMMARIZER_BASE_URL"
    assert all(v == "SUMMARIZER_" + k.upper() for k, v in names.items())


def test_every_field_is_described() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_settings_table_lists_every_field() -> None:
    table = settings_table()
    lines = table.strip().splitlines()
    assert lines[0] == "| setting | environment | config key | default | description |"
    rows = {line.split("|")[1].strip().strip("`"): line for line in lines[2:]}
    assert set(rows) == set(Settings.model_fields)
    for name, env in env_names().items():
        assert f"`{env}`" in rows[name]
    assert "`120.0`" in rows["timeout"] and "Seconds to wait" in rows["timeout"]
    assert "`OPENAI_BASE_URL`" in rows["base_url"]
    assert "`local`, `openai`" in rows["backend"]
    assert all(line.count("|") - line.count("\\|") == 6 for line in lines)
