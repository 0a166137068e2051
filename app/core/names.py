"""Task names: how the tasks of two launches in one recording keep apart.

Launches. Running a sample twice gives two tasks called "cpu-hog" and two "ticker-0"; every
view would show both under one name. The engine numbers its launches in a recording (1, 2, ...;
a reset starts again at 1) and sets :data:`LAUNCH` in the context its root task is created in.
A task copies the context of the code that creates it, and so does a callback
(``call_soon``, ``add_reader``): every task of that run — children, and the handlers a server
creates from its accept callback — is created in a context that carries the launch number, and
the traced loop records its name through :func:`numbered`: "cpu-hog" in the first launch,
"cpu-hog (2)" in the second. The number is part of the recorded name, so a saved session, the
event log and an export show it too. (The program itself is not changed: ``get_name()`` still
answers "cpu-hog".) "(2)" and not "#2": ``#`` numbers task serials, handles and timers
elsewhere ("task #7", "timer #3").
"""

from __future__ import annotations

from contextvars import ContextVar

#: The launch whose code is running (0 = none: a loop driven directly, as in the tests).
LAUNCH: ContextVar[int] = ContextVar("loopscope_launch", default=0)


def numbered(name: str, launch: int) -> str:
    """The recorded name of a task called ``name`` in launch ``launch`` (plain in the first)."""
    return f"{name} ({launch})" if launch > 1 else name

