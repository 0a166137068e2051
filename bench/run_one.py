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
