"""The contract a workload meets and the runtime runs: typed parameters and the workload itself.

A workload is a name, a title, a one-line summary, a "what to look for" paragraph, typed
parameters (with defaults, ranges and help) and two entry points that do the same work:

- ``cooperative(**params)``: a coroutine function run as asyncio tasks on whatever loop is
  running (the traced loop, in the app);
- ``preemptive(rt, **params)``: a plain function that does the same work on OS threads,
  through the primitives of ``rt`` (an :class:`app.runtime.preemptive.runtime.ThreadRuntime`),
  run by :func:`app.runtime.preemptive.run.run_preemptive`.

Both return the same result (a dict), so the two runs of a sample can be compared. Parameters
are validated by :meth:`Workload.validate` before anything starts; a failure while running that
the user must understand (a port that cannot be bound, a database that cannot be created) is a
:class:`WorkloadError` whose message says what and why.

A workload's title, summary, "what to look for" and each parameter's help are marked
``QT_TR_NOOP`` where the sample defines them and translated where they are shown. The errors
a user reads carry a :class:`~app.trace.text.Sentence`: ``str(exc)`` is English, and
``app.trace.text.error_text(exc, tr)`` words it in the language of whoever shows it.

The runtime takes a :class:`Workload` object and never looks one up by name: the samples and
their registry (:mod:`app.workloads`) sit above the runtime and import it, not the reverse.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.trace.text import QT_TR_NOOP, Sentence, Translate, identity


class ParamError(ValueError):
    """A parameter value was refused before anything started (names the parameter)."""


class WorkloadError(RuntimeError):
    """A sample could not do its work (its message is for the user: what failed and why)."""


class NoReadinessOnProactor(WorkloadError, NotImplementedError):
    """A readiness call (``add_reader``...) on Windows' proactor loop, which has none.

    Facts: IOCP reports *completed* operations, not ready fds, so ``ProactorEventLoop`` has
    no ``add_reader``/``add_writer`` (the stock one raises a bare NotImplementedError). This
    says so and what to use instead; it stays a NotImplementedError, which libraries that
    probe for readiness support catch to fall back.
    """

    def __init__(self, method: str) -> None:
        super().__init__(Sentence(QT_TR_NOOP(
            "loop.{method}() is not available on Windows' proactor loop (IOCP): it completes "
            "I/O operations instead of reporting ready file descriptors. Use streams "
            "(asyncio.open_connection, asyncio.start_server) or the loop's sock_recv / "
            "sock_sendall / sock_accept calls, or record with --backend select."),
            method=method))


#: A parameter's value, once parsed.
ParamValue = int | float | bool | str
#: What kind of value a parameter takes, in words ("int from 1 to 2000").
KIND_WORDS: dict[type, str] = {int: QT_TR_NOOP("int"), float: QT_TR_NOOP("float")}


def _bound(value: float) -> str:
    """A bound as a user types it: 1048576 (``:g`` would say 1.04858e+06)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Param:
    name: str
    kind: type  # int, float, bool or str
    default: ParamValue
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    unit: str = ""

    def allowed(self) -> Sentence:
        """The values this parameter takes ("int from 1 to 2000 ms"): ``str()`` is English,
        ``.text(tr)`` the same in the language of ``tr`` (the kind of number too: 整数). The
        bounds, the unit and the choices stay as written (they are what a user types)."""
        if self.choices:
            return Sentence(QT_TR_NOOP("one of {choices}"), choices=", ".join(self.choices))
        if self.kind is bool:
            return Sentence(QT_TR_NOOP("true or false"))
        kind = Sentence(KIND_WORDS.get(self.kind, self.kind.__name__))
        low = "" if self.minimum is None else _bound(self.minimum)
        high = "" if self.maximum is None else _bound(self.maximum)
        unit = f" {self.unit}" if self.unit else ""
        if low and high:
            return Sentence(QT_TR_NOOP("{kind} from {low} to {high}{unit}"),
                            kind=kind, low=low, high=high, unit=unit)
        if low:
            return Sentence(QT_TR_NOOP("{kind} ≥ {low}{unit}"), kind=kind, low=low, unit=unit)
        if high:
            return Sentence(QT_TR_NOOP("{kind} ≤ {high}{unit}"), kind=kind, high=high, unit=unit)
        return kind  # the kind alone

    def describe(self, tr: Translate = identity) -> str:
        """The parameter's help and the values it takes, in the language of ``tr`` (the
        launcher's tooltip, the command line's help)."""
        return tr("{help} ({allowed})").format(help=tr(self.help),
                                                allowed=self.allowed().text(tr))

    def parse(self, value: Any) -> ParamValue:
        """Convert ``value`` (possibly text from a form or the command line) or refuse it.

        (``value`` is typed Any: whatever a form, a command line or a caller passes.)
        """
        try:
            if self.kind is bool:
                if isinstance(value, str):
                    lowered = value.strip().lower()
                    if lowered not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                        raise ValueError(value)
                    parsed: ParamValue = lowered in ("true", "1", "yes", "on")
                elif isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
                    parsed = bool(value)
                else:
                    raise ValueError(value)
            elif self.kind is int:
                if isinstance(value, bool) or (isinstance(value, float)
                                               and not value.is_integer()):
                    raise ValueError(value)
                parsed = int(value.strip()) if isinstance(value, str) else int(value)
            elif self.kind is float:
                if isinstance(value, bool):
                    raise ValueError(value)
                parsed = float(value)
                if not math.isfinite(parsed):  # NaN compares false with every bound; inf
                    raise ValueError(value)
            else:
                if not isinstance(value, str):  # str(anything) would accept every value
                    raise ValueError(value)
                parsed = value.strip()
        except (TypeError, ValueError, OverflowError):
            raise ParamError(Sentence(QT_TR_NOOP("{name}: {value} is not valid; expected "
                                                 "{allowed}"),
                                      name=self.name, value=repr(value),
                                      allowed=self.allowed())) from None
        if self.choices and parsed not in self.choices:
            raise ParamError(Sentence(QT_TR_NOOP("{name}: {value} is not valid; expected "
                                                 "{allowed}"),
                                      name=self.name, value=repr(parsed),
                                      allowed=self.allowed()))
        if not isinstance(parsed, str) and (
                (self.minimum is not None and parsed < self.minimum)
                or (self.maximum is not None and parsed > self.maximum)):
            raise ParamError(Sentence(QT_TR_NOOP("{name}: {value} is out of range; expected "
                                                 "{allowed}"),
                                      name=self.name, value=repr(parsed),
                                      allowed=self.allowed()))
        return parsed


Cooperative = Callable[..., Coroutine[Any, Any, Any]]


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    summary: str  # one line, for the launcher list
    look_for: str  # a paragraph: what to watch for while it runs
    params: tuple[Param, ...]
    cooperative: Cooperative
    preemptive: Callable[..., Any] | None = None  # preemptive(rt, **params)
    tags: tuple[str, ...] = field(default=())

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise ParamError(Sentence(QT_TR_NOOP("{workload} has no parameter {name}; its "
                                             "parameters are: {names}"),
                                  workload=self.name, name=repr(name),
                                  names=", ".join(p.name for p in self.params)))

    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def validate(self, values: Mapping[str, object] | None = None) -> dict[str, ParamValue]:
        """Defaults overlaid with ``values``, every value parsed; unknown names refused."""
        result = self.defaults()
        for name, value in (values or {}).items():
            result[name] = self.param(name).parse(value)
        return result

    def source(self) -> str | None:
        """The source of the module that defines the sample; None where the installation
        has no source to show (bytecode only, as in a frozen app)."""
        module = inspect.getmodule(self.cooperative)
        if module is None:
            return None
        try:
            return inspect.getsource(module)
        except (OSError, TypeError):
            return None


#: A parameter every sample has: keep going until cancelled, for live watching.
FOREVER = Param("forever", bool, False,
                QT_TR_NOOP("Keep running until cancelled (for live watching)."))
