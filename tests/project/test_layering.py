"""Import contract: the rooms of ``summarizer/`` are layers, and every import goes down
(or stays in its room) — no circles, no private names of another module; only
llm/ imports openai or llama_cpp, only the call layer (llm/structured_call.py)
imports instructor, nothing below cli/ imports typer or click, prints or exits, and
product code never imports the developer tooling."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "summarizer"


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
    """The model plumbing (llm/) alone knows the providers: llama_cpp and the openai
    client only in llm/backends/; llm/client.py reads answers as openai's ChatCompletion
    type (what instructor parses)."""
    offenders = [
        str(p.relative_to(PACKAGE)) for p in _modules()
        if ({"openai", "llama_cpp"} & _imports(p) and "llm" not in p.parts)
        or ("llama_cpp" in _imports(p) and "backends" not in p.parts)
        or ("openai" in _imports(p) and "backends" not in p.parts
            and p.name != "client.py")
    ]  # fmt: skip
    assert offenders == []


def test_only_the_call_layer_imports_instructor() -> None:
    importers = [str(p.relative_to(PACKAGE)) for p in _modules() if "instructor" in _imports(p)]
    assert importers == ["llm/structured_call.py"]


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


# The layers, lowest first: a module may import its own room and the rooms below it.
LAYERS: list[tuple[str, ...]] = [
    ("version", "errors", "fileio", "config"),  # the ground floor: no summarizer imports
    ("models",),  # the public output models
    ("llm",),  # backends, the call layer, recordings, the ledger, redaction
    ("document",),  # inputs: cleaning, articles, saved summaries
    ("nlp",),  # the reading layer: parse, actors, dates, events
    ("grounding",),  # evidence and the support checks
    ("extraction",),  # prompts, schemas, the passes, windows
    ("briefing",),  # several summaries → a briefing
    ("pipeline",),  # one article: options, the run, assembly
    ("runs",),  # many articles: batch, the store, the OpenAI Batch route
    ("renderers",),  # outputs: JSON, Markdown, HTML, CSV, SQLite
    ("api", "testing"),  # the library's front door
    ("devtools",),  # eval, recorded cases, schema export
    ("cli",),  # the command line
    ("__init__", "__main__"),
]
TOP_LEVEL_LIMIT = 8
MODULE_LINES_LIMIT = 500


def _room(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _rank(room: str) -> int:
    for rank, rooms in enumerate(LAYERS):
        if room in rooms:
            return rank
    raise AssertionError(f"summarizer/{room} is in no layer: add it to LAYERS")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    """Module → the summarizer modules it imports (anywhere in it, TYPE_CHECKING and
    function-level imports included), and the private names imported across modules."""
    paths = {_module_name(p): p for p in _modules()}
    edges: dict[str, set[str]] = {}
    private: list[str] = []
    for name, path in paths.items():
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[tuple[str, str | None]] = []
            if isinstance(node, ast.Import):
                targets = [(a.name, None) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [(node.module, a.name) for a in node.names]
            for module, member in targets:
                if not module.startswith("summarizer"):
                    continue
                if member and f"{module}.{member}" in paths:
                    module = f"{module}.{member}"
                elif member and member.startswith("_") and not member.endswith("__"):
                    private.append(f"{name} imports {module}.{member}")
                while module not in paths:
                    module = module.rsplit(".", 1)[0]
                if module != name:
                    out.add(module)
        edges[name] = out
    return edges, private


def _room_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_import_goes_down_the_layers() -> None:
    edges, _ = _graph()
    ranks = {name: _rank(_room_of(name)) for name in edges}
    upward = sorted(
        f"{a} ({_room_of(a)}) imports {b} ({_room_of(b)})"
        for a, targets in edges.items() for b in targets
        if a != "summarizer.__main__" and ranks[b] > ranks[a]
    )  # fmt: skip
    assert upward == []


def test_no_circles() -> None:
    edges, _ = _graph()
    seen: dict[str, int] = {}  # 1: on the path, 2: done
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(edges[node]):
            if seen.get(nxt) == 1:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for node in sorted(edges):
        if node not in seen:
            visit(node, [node])
    assert circles == []


def test_no_private_names_across_modules() -> None:
    _, private = _graph()
    attribute_uses = []
    for path in _modules():  # module._name on an imported summarizer module
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {
            (a.asname or a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
            and (n.module or "").startswith("summarizer") for a in n.names
        } | {
            (a.asname or a.name).split(".")[0] for n in ast.walk(tree)
            if isinstance(n, ast.Import) for a in n.names if a.name.startswith("summarizer")
        }  # fmt: skip
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.endswith("__")
                and node.value.id[:1].islower()  # a module, not a class
            ):
                attribute_uses.append(f"{_module_name(path)} uses {node.value.id}.{node.attr}")
    assert private + attribute_uses == []


def test_the_top_level_is_small_and_modules_are_short() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= TOP_LEVEL_LIMIT, top
    long = {
        str(p.relative_to(PACKAGE)): n for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES_LIMIT
    }  # fmt: skip
    assert long == {}


def test_every_room_is_in_a_layer() -> None:
    rooms = {_room(p) for p in _modules()}
    assert sorted(r for r in rooms if not any(r in layer for layer in LAYERS)) == []


# Calls that come back up on purpose, as callbacks handed down as arguments: the run's
# ledger listener (api → llm.client) and the validators instructor runs on each answer
# (extraction/schemas.py's support check, inside llm/structured_call.py's call).
CALLBACKS = {
    ("summarizer.llm.client", "summarizer.api", "listen"),
    ("summarizer.llm.structured_call", "summarizer.extraction.schemas", "_check_support"),
}


def test_one_article_goes_down_the_layers() -> None:
    """Follow one recorded article from summarize() to its JSON: every call from one
    summarizer module into another goes down the layers (third-party frames between
    them are looked through), except the two callbacks above."""
    import sys

    import summarizer
    from summarizer.document.article import load_article
    from summarizer.nlp.reading import annotate

    ranks = {room: i for i, rooms in enumerate(LAYERS) for room in rooms}
    root = PACKAGE.parent / "fixtures"
    article = load_article(str(root / "articles" / "putin-beijing.txt"))
    annotate(article)  # the parser's first load is not the article's path
    stack: list[str] = []
    climbs: set[tuple[str, str, str]] = set()
    modules: set[str] = set()

    def profile(frame: object, event: str, _arg: object) -> None:
        code = frame.f_code  # type: ignore[attr-defined]
        module = frame.f_globals.get("__name__", "")  # type: ignore[attr-defined]
        if event not in ("call", "return") or not module.startswith("summarizer"):
            return
        if code.co_name == "<module>":  # annotations evaluated in a module's namespace
            return
        if event == "return":
            if stack:
                stack.pop()
            return
        modules.add(module)
        if stack and stack[-1] != module and ranks[_room_of(module)] > ranks[_room_of(stack[-1])]:
            climbs.add((stack[-1], module, code.co_name))
        stack.append(module)

    sys.setprofile(profile)
    try:
        summary = summarizer.summarize(
            article, recordings=root / "recordings" / "putin-beijing", record_mode="replay"
        )
        text = summarizer.render(summary, "json")
    finally:
        sys.setprofile(None)
    assert '"positions"' in text and summary.positions
    assert len(modules) >= 20  # the whole path was seen: cleaning aside, model to JSON
    assert climbs - CALLBACKS == set()


def test_tests_follow_the_layout() -> None:
    """Each test file sits in the folder of the room it tests (``core`` for the ground
    floor, ``browser`` for the browser stage, ``project`` for what spans the whole)."""
    tests = PACKAGE.parent / "tests"
    rooms = {r for layer in LAYERS for r in layer} | {"core", "browser", "project"}
    misplaced = sorted(
        str(p.relative_to(tests)) for p in tests.rglob("test_*.py")
        if len(p.relative_to(tests).parts) != 2 or p.parent.name not in rooms
    )  # fmt: skip
    assert misplaced == []
