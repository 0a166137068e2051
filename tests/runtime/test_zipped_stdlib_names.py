"""asyncio's code compiled with relative file names (a stdlib shipped as bytecode in a zip,
as Windows' embeddable CPython ships it) is still recognised as asyncio's."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from tests.support.traces import record, serial_of, task_sequence


def _line_of(marker: str) -> int:
    with open(__file__, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.rstrip().endswith(f"# {marker}"):
                return number
    raise AssertionError(marker)


def test_code_named_asyncio_relative_is_skipped_for_sites_and_named_without_lines() -> None:
    # Measured on the embeddable CPython 3.13.2: Event.wait's co_filename is
    # "asyncio\\locks.py". Code compiled under such a name stands for it here.
    source = ("async def wait_here(future):\n"
              "    await future\n"
              "\n"
              "def spawn(loop, coro):\n"
              "    return loop.create_task(coro, name='zipped')\n")
    namespace: dict[str, Any] = {}
    exec(compile(source, os.path.join("asyncio", "zipped.py"), "exec"), namespace)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        task = namespace["spawn"](loop, namespace["wait_here"](future))  # the user's call
        await asyncio.sleep(0)
        future.set_result(None)
        await task

    _, events, rec = record(main)
    serial = serial_of(rec, "zipped")
    # Named like asyncio's own waits (no line), and created where the user's code called.
    assert "registered(future wait_here)" in task_sequence(rec, events, serial)
    line = _line_of("the user's call")
    assert rec.tasks[serial].site == f"{__file__}:{line}"
