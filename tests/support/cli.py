"""How the CLI tests start ``python -m app`` as a user would."""

from __future__ import annotations

import sys

from app.runtime.loop import check_stock_sources

#: ``python -m app``. On a Python whose stdlib is bytecode only (the Windows embeddable
#: CPython of ``make test-windows``) every start prints the one stock-source warning on
#: stderr, by design (tests/runtime/test_sourceless_stdlib.py checks it); the CLI tests,
#: which check that stderr is otherwise quiet, turn that one warning off.
APP = [sys.executable,
       *(["-W", "ignore::RuntimeWarning:app.runtime.loop"]
         if check_stock_sources().unverified else []),
       "-m", "app"]
