"""One measurement in a fresh process: ``python -m bench.run_one SECTION CASE VARIANT [--quick]``.

Prints one line ``BENCH-RESULT <json>`` on stdout (the last line); anything else the
measurement prints is ignored by the parent. Exit status 0 on success; on failure the
traceback goes to stderr and the parent reports the cell as an error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from .sections import by_key, load

PREFIX = "BENCH-RESULT "


def _settle_the_allocator() -> None:
    """Free one 1 MiB block, in every job, before anything is measured.

    asyncio's socket transports read with ``recv(256 KiB)``. glibc's malloc serves a request
    that large with ``mmap`` until a freed mmapped block raises its threshold (its "dynamic
    mmap threshold"); until then every read costs an mmap, an mremap and a munmap syscall and
    two page faults (strace: 10,100 of each syscall for 5,000 round trips; 6x the system
    time). Whether the imports happened to free such a block decided it: the echo rate of a
    child process was one of two values, 2x apart, at random (qasync's too). Freeing a 1 MiB
    block puts every variant in the state a long-running process reaches (elsewhere than
    glibc: a harmless allocation).
    """
    block = bytes(1 << 20)
    del block


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_one")
    parser.add_argument("section")
    parser.add_argument("case")
    parser.add_argument("variant")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    module, status = load(by_key(args.section))
    if module is None:
        print(f"section {args.section}: {status}", file=sys.stderr)
        return 2
    _settle_the_allocator()
    t0 = time.perf_counter()
    data = module.measure(args.case, args.variant, args.quick)
    data["process_s"] = round(time.perf_counter() - t0, 4)
    # The loop benchmarks must measure the loop, not a toolkit: say if Qt got imported.
    data["qt_loaded"] = any(name.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")
                            for name in sys.modules)
    data["pid"] = os.getpid()
    sys.stdout.write(PREFIX + json.dumps(data, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
