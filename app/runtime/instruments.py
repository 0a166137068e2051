"""Instruments: observers called synchronously, on the loop thread, for every event.

Modelled on trio's ``Instrument``: subclass :class:`Instrument` and override the hooks you
need; only overridden hooks are called. An instrument that raises is removed at once and an
``INSTRUMENT_ERROR`` event records what happened — an observer never stops the loop.

The recorder itself is not an instrument: recording is the built-in fast path, and installing
an instrument switches the recorder to a slower emit that also dispatches here.
"""

from __future__ import annotations

from collections.abc import Callable

from app.trace.events import Ev, Event


class Instrument:
    """Base class; every hook is optional."""

    def event(self, event: Event) -> None:
        """Every event, decoded (called before the specific hook)."""

    def task_spawned(self, task: int, parent: int) -> None: ...
    def task_scheduled(self, task: int, cause: int, detail: int) -> None: ...
    def before_task_step(self, task: int) -> None: ...
    def after_task_step(self, task: int, wait: int, detail: int) -> None: ...
    def task_exited(self, task: int, outcome: int) -> None: ...
    def before_io_wait(self, timeout_ns: int) -> None: ...
    def after_io_wait(self, nevents: int, blocked_ns: int) -> None: ...


_HOOKS: dict[int, tuple[str, Callable[[Event], tuple[int, ...]]]] = {
    Ev.TASK_SPAWNED: ("task_spawned", lambda e: (e.task, e.a)),
    Ev.TASK_READY: ("task_scheduled", lambda e: (e.task, e.a, e.b)),
    Ev.STEP_BEGIN: ("before_task_step", lambda e: (e.task,)),
    Ev.STEP_END: ("after_task_step", lambda e: (e.task, e.a, e.b)),
    Ev.TASK_EXITED: ("task_exited", lambda e: (e.task, e.a)),
    Ev.POLL_BEGIN: ("before_io_wait", lambda e: (e.a,)),
    Ev.POLL_END: ("after_io_wait", lambda e: (e.a, e.b)),
}


class Dispatcher:
    """Feeds events to instruments; removes the ones that raise."""

    def __init__(self, on_error: Callable[[str], None]) -> None:
        self.instruments: list[Instrument] = []
        self._on_error = on_error

    def add(self, instrument: Instrument) -> None:
        self.instruments.append(instrument)

    def remove(self, instrument: Instrument) -> None:
        if instrument in self.instruments:
            self.instruments.remove(instrument)

    def dispatch(self, record: tuple[int, int, int, int, int, int, int]) -> None:
        event = Event.of(record)
        hook = _HOOKS.get(record[2])
        for instrument in list(self.instruments):
            try:
                instrument.event(event)
                if hook is not None:
                    method = getattr(instrument, hook[0])
                    if getattr(method, "__func__", None) is not getattr(Instrument, hook[0]):
                        method(*hook[1](event))
            except Exception as exc:  # an observer must never break the loop
                self.remove(instrument)
                self._on_error(f"instrument {type(instrument).__name__} raised "
                               f"{type(exc).__name__}: {exc}; it was removed")
