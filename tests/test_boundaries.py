"""Shape of the code: which part of ``app`` may import which, checked statically and at run time.

- The import contracts in ``pyproject.toml`` (``[tool.importlinter]``) hold: the layers, and
  no Qt below ``app.qt`` (docs/ARCHITECTURE.md §6); every part of ``app`` but
  ``app.resources`` is one of the layers.
- The static import graph has no cycle between the parts of ``app``, lazy imports (inside
  functions) and ``TYPE_CHECKING`` imports included. The layers contract implies it for the
  parts it lists; this check covers every part (``app.resources`` too) and names each cycle
  whole, with the import lines that close it.
- Inside each part, the modules' import graph has no cycle either (same imports counted): a
  helper of a window takes what it needs, not the window's module.
- Importing trace, model, runtime or the workloads loads no Qt, even indirectly.
- The traced loop's copy of CPython's ``_run_once`` still matches this CPython, and every
  available backend runs a loop.
- docs/ARCHITECTURE.md §2 names every Python file under ``app/`` in its own package's table,
  and names no file that does not exist.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections import deque
from collections.abc import Iterable, Mapping
from itertools import pairwise
from pathlib import Path

import grimp
import pytest

from app.runtime import backends
from app.runtime.factory import new_loop
from app.runtime.loop import check_stock_sources

ROOT = Path(__file__).resolve().parents[1]

# The top-level parts of ``app``: every module belongs to exactly one of them, except the
# package itself and ``python -m app``, which are entry points above every part.
PARTS = ("app.trace", "app.model", "app.runtime", "app.workloads", "app.qt", "app.views",
         "app.main", "app.cli", "app.resources")
ENTRY_MODULES = frozenset({"app", "app.__main__"})

Graph = Mapping[str, Iterable[str]]


def part_of(module: str) -> str | None:
    """The part of ``app`` a module belongs to, or None for the entry modules."""
    for part in PARTS:
        if module == part or module.startswith(part + "."):
            return part
    assert module in ENTRY_MODULES, (
        f"{module} belongs to no part of app: add it to PARTS here and to the layers in "
        "pyproject.toml, and say what it holds in docs/ARCHITECTURE.md")
    return None


def strongly_connected_components(graph: Graph) -> list[list[str]]:
    """Tarjan's algorithm: the strongly connected components of ``graph``.

    ``graph`` maps a node to the nodes it has an edge to; a node that appears only as a
    target is a node too. Each component is sorted; the components come in reverse
    topological order (a component never has an edge to one listed after it).
    """
    nodes = sorted(set(graph) | {n for targets in graph.values() for n in targets})
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = lowlink[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                lowlink[node] = min(lowlink[node], lowlink[target])
            elif target in on_stack:
                lowlink[node] = min(lowlink[node], index[target])
        if lowlink[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in nodes:
        if node not in index:
            visit(node)
    return components


def shortest_cycle_through(graph: Graph, start: str, members: set[str]) -> list[str] | None:
    """The shortest cycle ``[start, ..., start]`` inside ``members``, or None."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:  # breadth first from start, back to start
        node = queue.popleft()
        if start in graph.get(node, ()):
            way_back: list[str] = []
            while node != start:
                way_back.append(node)
                node = came_from[node]
            return [start, *reversed(way_back), start]
        for target in sorted(graph.get(node, ())):
            if target in members and target != start and target not in came_from:
                came_from[target] = node
                queue.append(target)
    return None


def cycles(graph: Graph) -> list[list[str]]:
    """Every node's shortest cycle, each cycle once, as ``[a, b, ..., a]`` from its least node.

    Shortest first. Every edge inside a strongly connected component lies on some cycle; the
    shortest cycle through each node is enough to name each part that must change.
    """
    found: set[tuple[str, ...]] = set()
    for component in strongly_connected_components(graph):
        members = set(component)
        for node in component:
            cycle = shortest_cycle_through(graph, node, members)
            if cycle is None:
                continue
            ring = cycle[:-1]
            first = ring.index(min(ring))
            rotated = ring[first:] + ring[:first]
            found.add((*rotated, rotated[0]))
    return [list(cycle) for cycle in sorted(found, key=lambda cycle: (len(cycle), cycle))]


def part_graph(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Which part of ``app`` imports which, from grimp's module-level graph."""
    parts: dict[str, set[str]] = {part: set() for part in PARTS}
    for importer in graph.modules:
        importer_part = part_of(importer)
        if importer_part is None:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            imported_part = part_of(imported)
            if imported_part is not None and imported_part != importer_part:
                parts[importer_part].add(imported_part)
    return parts


def describe_cycle(graph: grimp.ImportGraph, cycle: list[str]) -> str:
    """The cycle as a chain of parts, each link shown by the imports that make it."""
    lines = [" -> ".join(cycle)]
    for importer_part, imported_part in pairwise(cycle):
        lines.append(f"  {importer_part} -> {imported_part}:")
        for importer in sorted(graph.modules):
            if part_of(importer) != importer_part:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                if part_of(imported) != imported_part:
                    continue
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    lazy = " (inside a function)" if detail.get("is_lazy") else ""
                    lines.append(f"    {importer}:{detail['line_number']}: "
                                 f"{detail['line_contents']}{lazy}")
    return "\n".join(lines)


def test_strongly_connected_components_of_a_small_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": set(), "f": {"a"}}
    assert sorted(strongly_connected_components(graph)) == [
        ["a", "b", "c"], ["d"], ["e"], ["f"]]
    assert cycles(graph) == [["a", "b", "c", "a"]]
    # Through a and c the shortest way back is a -> c -> a; through b, b -> c -> a -> b.
    assert cycles({"a": {"b", "c"}, "b": {"c"}, "c": {"a"}}) == [
        ["a", "c", "a"], ["a", "b", "c", "a"]]
    assert cycles({"x": {"x"}, "y": {"x"}}) == [["x", "x"]]
    # Two separate cycles are each reported; a layered graph has none.
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}) == [
        ["a", "b", "a"], ["c", "d", "c"]]
    assert cycles({"main": {"cli", "views"}, "cli": {"runtime"}, "views": {"qt"},
                   "qt": {"runtime", "model"}, "runtime": {"trace"}, "model": {"trace"}}) == []


def test_no_import_cycle_between_the_parts_of_app() -> None:
    graph = grimp.build_graph("app", include_external_packages=False, cache_dir=None)
    assert {part_of(m) for m in graph.modules} >= {"app.trace", "app.runtime", "app.qt"}
    found = cycles(part_graph(graph))
    assert not found, "import cycles between the parts of app:\n" + "\n".join(
        describe_cycle(graph, cycle) for cycle in found)


def module_graph(graph: grimp.ImportGraph, part: str) -> dict[str, set[str]]:
    """Which module of ``part`` imports which other module of ``part``."""
    modules = {m for m in graph.modules if part_of(m) == part}
    return {m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules}
            for m in modules}


def describe_module_cycle(graph: grimp.ImportGraph, cycle: list[str]) -> str:
    """The cycle as a chain of modules, each link shown by its import lines."""
    lines = [" -> ".join(cycle)]
    for importer, imported in pairwise(cycle):
        for detail in graph.get_import_details(importer=importer, imported=imported):
            lazy = " (inside a function)" if detail.get("is_lazy") else ""
            lines.append(f"    {importer}:{detail['line_number']}: "
                         f"{detail['line_contents']}{lazy}")
    return "\n".join(lines)


@pytest.mark.parametrize("part", PARTS)
def test_no_import_cycle_between_the_modules_of_one_part(part: str) -> None:
    # grimp counts imports inside functions and under `if TYPE_CHECKING:` as imports: a cycle
    # hidden behind either still fails here.
    graph = grimp.build_graph("app", include_external_packages=False, cache_dir=None)
    found = cycles(module_graph(graph, part))
    assert not found, f"import cycles between the modules of {part}:\n" + "\n".join(
        describe_module_cycle(graph, cycle) for cycle in found)


def test_a_cycle_behind_type_checking_is_found(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The shape the main window's helpers had: a module-level import one way, the way back
    # under TYPE_CHECKING.
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "window.py").write_text("from cyclic import helper\n")
    (package / "helper.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cyclic.window import W\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("cyclic", include_external_packages=False, cache_dir=None)
    modules = set(graph.modules)
    found = cycles({m: set(graph.find_modules_directly_imported_by(m)) & modules
                    for m in modules})
    assert found == [["cyclic.helper", "cyclic.window", "cyclic.helper"]]


def test_the_layers_contract_names_every_part_but_resources() -> None:
    # A new part of app must be placed in the layers, or it escapes every rule but the cycle
    # check. app.resources only finds files and imports nothing of app: any layer may use it.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    named = {part.strip() for layer in layers for part in layer.split("|")}
    assert named | {"app.resources"} == set(PARTS)


def test_the_import_contracts_hold() -> None:
    # lint-imports itself, as `make lint` runs it, on this checkout's pyproject.toml.
    proc = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command as main; main()",
         "--no-cache", "--no-logo"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "KEPT" in proc.stdout, proc.stdout + proc.stderr


def test_trace_model_runtime_and_workloads_load_no_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for package in ("app/trace", "app/model", "app/runtime", "app/workloads")
        for p in (ROOT / package).rglob("*.py")
        if p.name != "iocp.py"  # Windows only; imports _overlapped
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'qasync', 'pyqtgraph'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "app.runtime.loop" in modules


def test_the_copied_run_once_still_matches_this_cpython() -> None:
    assert check_stock_sources() == ([], []), (
        "CPython's _run_once/_process_events changed: port the change into app/runtime/loop.py "
        "and add the new digest to STOCK_SOURCE_DIGESTS")


def test_unknown_or_unavailable_backend_names_the_available_ones() -> None:
    with pytest.raises(ValueError, match="unknown backend 'bogus'.*" +
                       ", ".join(backends.available())):
        new_loop("bogus")
    missing = "iocp" if sys.platform != "win32" else "epoll"
    with pytest.raises(ValueError, match=f"'{missing}' is not available"):
        new_loop(missing)


@pytest.mark.parametrize("backend", backends.available())
def test_every_available_backend_runs_a_loop(backend: str) -> None:
    import asyncio

    loop = new_loop(backend)
    try:
        assert loop.backend_name == backend
        assert loop.run_until_complete(asyncio.sleep(0, result=backend)) == backend
    finally:
        loop.close()


def documented_files(text: str) -> dict[str, set[str]]:
    """The files ARCHITECTURE.md's tables name, by section: ``"trace"`` for the table under
    ``### `app/trace/` ``, with names relative to that folder (``backends/epoll.py``), and
    ``""`` for every other section, with names as written (``app/main.py``).

    A name is a backticked word in a table row's first cell.
    """
    named: dict[str, set[str]] = {}
    section: str | None = None
    for line in text.splitlines():
        if line.startswith("#"):
            package = re.fullmatch(r"### `app/(\w+)/`.*", line)
            section = package.group(1) if package else ""
        elif line.startswith("|") and section is not None:
            first_cell = line.split("|")[1]
            named.setdefault(section, set()).update(re.findall(r"`([^`]+)`", first_cell))
    return named


def test_the_architecture_names_every_file_of_app() -> None:
    named = documented_files((ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    app = ROOT / "app"
    missing: list[str] = []
    existing: set[tuple[str, str]] = set()
    for path in sorted(app.rglob("*.py")):
        parts = path.relative_to(app).parts
        if len(parts) == 1:
            section, name = "", f"app/{parts[0]}"
        else:
            section, name = parts[0], "/".join(parts[1:])
        existing.add((section, name))
        if path.name == "__init__.py" and not path.read_text(encoding="utf-8").strip():
            continue  # an empty package marker holds nothing to describe
        if name not in named.get(section, set()):
            missing.append(f"{name} (under ### `app/{section}/`)" if section else name)
    assert not missing, (
        "docs/ARCHITECTURE.md §2 does not name these files of app/ in their package's "
        "table: " + ", ".join(missing))
    stale = sorted(
        f"{name} (under ### `app/{section}/`)" if section else name
        for section, names in named.items() for name in names
        if name.endswith(".py") and (section or name.startswith("app/"))
        and (section, name) not in existing)
    assert not stale, "docs/ARCHITECTURE.md §2 names files that do not exist: " + ", ".join(
        stale)
