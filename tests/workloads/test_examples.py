"""The example scripts in resources/samples/ are what a user opens as "my own code": each
defines ``async def main()`` and runs on its own with ``python file.py``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.py"))


def test_there_are_examples_for_the_main_scenarios() -> None:
    names = {p.name for p in EXAMPLES}
    assert {"echo_client_server.py", "timers.py", "db_lookup.py", "cpu_starvation.py"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_each_example_defines_async_main_and_runs_standalone(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), "an example starts by saying what it shows"
    assert any(isinstance(node, ast.AsyncFunctionDef) and node.name == "main"
               for node in tree.body)
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          timeout=60, cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip(), "an example prints what happened"
    assert "Traceback" not in proc.stderr
