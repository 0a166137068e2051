"""``python -m app`` is the ``loopscope`` command."""

import sys

from .main import main

sys.exit(main())
