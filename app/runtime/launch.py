"""Which launch the running code belongs to: a context variable the engine sets.

The engine numbers its launches in a recording (1, 2, ...; a reset starts again at 1) and sets
:data:`LAUNCH` in the context its root task is created in. A task copies the context of the
code that creates it, and so does a callback (``call_soon``, ``add_reader``): every task of
that run is created in a context that carries the launch number, and the traced loop reads it
to record the task's name through :func:`app.trace.names.numbered` ("cpu-hog (2)").
"""

from __future__ import annotations

from contextvars import ContextVar

#: The launch whose code is running (0 = none: a loop driven directly, as in the tests).
LAUNCH: ContextVar[int] = ContextVar("loopscope_launch", default=0)
