"""Import contract: only backends/ imports openai or llama_cpp, only the call layer
(structured_call.py) imports instructor, nothing below cli/ imports typer or click, prints
or exits, and product code never imports the developer tooling."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "summarizer"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_only_backends_import_providers() -> None:
    offenders = [
        str(p.relative_to(PACKAGE)) for p in _modules()
        if {"openai", "llama_cpp"} & _imports(p) and "backends" not in p.parts
    ]  # fmt: skip
    assert offenders == []


def test_only_the_call_layer_imports_instructor() -> None:
    importers = [str(p.relative_to(PACKAGE)) for p in _modules() if "instructor" in _imports(p)]
    assert importers == ["structured_call.py"]


def test_nothing_below_cli_imports_typer_or_click() -> None:
    offenders = [
        str(p.relative_to(PACKAGE)) for p in _modules()
        if {"typer", "click"} & _imports(p) and "cli" not in p.parts
    ]  # fmt: skip
    assert offenders == []


def test_product_code_does_not_import_devtools() -> None:
    """Developer tooling (cases, evaluation, schema export) sits apart: only the CLI's
    developer commands reach it."""
    offenders = [
        str(p.relative_to(PACKAGE)) for p in _modules()
        if "devtools" not in p.parts and "cli" not in p.parts
        and any(n.startswith("summarizer.devtools") for n in _full_imports(p))
    ]  # fmt: skip
    assert offenders == []


def _full_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_nothing_below_cli_prints_or_exits() -> None:
    offenders = []
    for path in _modules():
        if "cli" in path.parts or path.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("print", "exit", "quit")
            ):
                offenders.append(f"{path.name}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "exit"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "sys"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
