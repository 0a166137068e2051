"""``python -m app`` is the ``loopscope`` command."""

import sys

from app.main import main

sys.exit(main())
