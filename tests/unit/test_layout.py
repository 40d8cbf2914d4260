"""The layout shows the architecture (README "Architecture"): read from the source with
`ast`, the tree keeps its files and functions small, its packages import each other one
way only, and the domain knows no framework, store or `Any` beyond opaque JSON."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app.py", "chalicelib", "devstack", "infra")
MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 50
FIRST_PARTY = ("app", "chalicelib", "devstack", "infra")


def python_files() -> Iterator[Path]:
    for name in SOURCES:
        path = ROOT / name
        yield from [path] if path.is_file() else sorted(path.rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imported_modules(path: Path) -> Iterator[str]:
    """Every absolute import of the file, lazy ones inside functions included."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "chalicelib":  # `from chalicelib import errors`
                yield from (f"chalicelib.{alias.name}" for alias in node.names)
            else:
                yield node.module


def unit(module: str) -> str:
    """The unit the package graph is drawn between: a package of chalicelib
    (`chalicelib.domain`), a top-level module of it (`chalicelib.config`), or a top-level
    package of the repository (`devstack`, `infra`, `app`)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "chalicelib" and len(parts) > 1 else parts[0]


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in python_files():
        source = unit(module_name(path))
        for module in imported_modules(path):
            if module.split(".")[0] in FIRST_PARTY and unit(module) != source:
                graph.setdefault(source, set()).add(unit(module))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle found by a depth-first walk, as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_file_is_longer_than_the_limit():
    long = {
        str(path.relative_to(ROOT)): n
        for path in python_files()
        if (n := len(path.read_text().splitlines())) > MAX_FILE_LINES
    }
    assert long == {}


def test_no_function_is_longer_than_the_limit():
    long = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = length
    assert long == {}


def test_packages_import_each_other_one_way_only():
    assert cycles(package_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_domain_knows_no_framework_store_or_outer_layer():
    outer = {
        "chalicelib.adapters",
        "chalicelib.api",
        "chalicelib.services",
        "chalicelib.config",
        "chalicelib.privacy",
        "chalicelib.workflow",
        "chalicelib.jobs",
        "devstack",
        "infra",
        "app",
    }
    frameworks = {"boto3", "botocore", "pynamodb", "chalice", "stripe", "openai", "PIL"}
    found = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "chalicelib" / "domain").rglob("*.py")
        for module in imported_modules(path)
        if unit(module) in outer or module.split(".")[0] in frameworks
    }
    assert found == set()


def test_the_domain_names_any_only_for_opaque_json():
    """`Any` is imported by `domain/json_types.py` alone; the rest of the domain says
    `JSONObject`/`JSONValue` where a value is opaque and a real type everywhere else."""
    importers = set()
    for path in (ROOT / "chalicelib" / "domain").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "typing"
                and any(alias.name == "Any" for alias in node.names)
            ):
                importers.add(path.name)
            if isinstance(node, ast.Attribute) and node.attr == "Any":
                importers.add(path.name)
    assert importers == {"json_types.py"}
