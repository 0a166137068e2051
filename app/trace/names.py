"""Task names: how the tasks of two launches in one recording keep apart, and how a task that
kept asyncio's default name is shown.

Launches. Running a sample twice gives two tasks called "cpu-hog" and two "ticker-0"; every
view would show both under one name. The engine numbers its launches in a recording (1, 2, ...;
a reset starts again at 1) and sets :data:`app.runtime.launch.LAUNCH` in the context its root
task is created in.
A task copies the context of the code that creates it, and so does a callback
(``call_soon``, ``add_reader``): every task of that run — children, and the handlers a server
creates from its accept callback — is created in a context that carries the launch number, and
the traced loop records its name through :func:`numbered`: "cpu-hog" in the first launch,
"cpu-hog (2)" in the second. The number is part of the recorded name, so a saved session, the
event log and an export show it too. (The program itself is not changed: ``get_name()`` still
answers "cpu-hog".) "(2)" and not "#2": ``#`` numbers task serials, handles and timers
elsewhere ("task #7", "timer #3").

Default names. A task created without a name is "Task-8": a process-wide counter that says
nothing about the task. :func:`shown` puts its coroutine function's name first:
"handle_echo · Task-8" (the inspector gives the full qualname).
"""

from __future__ import annotations

import re

#: asyncio's default task name, as :func:`numbered` may have recorded it.
_DEFAULT_NAME = re.compile(r"Task-\d+(?: \(\d+\))?")


def numbered(name: str, launch: int) -> str:
    """The recorded name of a task called ``name`` in launch ``launch`` (plain in the first)."""
    return f"{name} ({launch})" if launch > 1 else name


def shown(name: str, coro: str) -> str:
    """How a task is shown: its name, and before it, if the name is asyncio's default, the
    coroutine function's own name: the last part of ``coro``, its qualname ("serve" of
    "main.<locals>.serve", "_accept_connection2" of "BaseSelectorEventLoop._accept_connection2":
    the whole would not fit a timeline lane or a board card).
    """
    if not coro or not _DEFAULT_NAME.fullmatch(name):
        return name
    return f"{coro.rpartition('.')[2]} · {name}"
