"""``python -m bench`` (``make bench``, ``make bench ARGS=--quick``): see :mod:`bench.main`."""

from __future__ import annotations

import sys

from .main import main

sys.exit(main())
