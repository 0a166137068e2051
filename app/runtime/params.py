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

The runtime takes a :class:`Workload` object and never looks one up by name: the samples and
their registry (:mod:`app.workloads`) sit above the runtime and import it, not the reverse.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any


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
        super().__init__(
            f"loop.{method}() is not available on Windows' proactor loop (IOCP): it completes "
            "I/O operations instead of reporting ready file descriptors. Use streams "
            "(asyncio.open_connection, asyncio.start_server) or the loop's sock_recv / "
            "sock_sendall / sock_accept calls, or record with --backend select.")


#: A parameter's value, once parsed.
ParamValue = int | float | bool | str


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

    def allowed(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.kind is bool:
            return "true or false"
        low = "" if self.minimum is None else f"{self.minimum:g}"
        high = "" if self.maximum is None else f"{self.maximum:g}"
        unit = f" {self.unit}" if self.unit else ""
        if low and high:
            return f"{self.kind.__name__} from {low} to {high}{unit}"
        if low:
            return f"{self.kind.__name__} ≥ {low}{unit}"
        return f"{self.kind.__name__} ≤ {high}{unit}" if high else self.kind.__name__

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
            raise ParamError(f"{self.name}: {value!r} is not valid; expected "
                             f"{self.allowed()}") from None
        if self.choices and parsed not in self.choices:
            raise ParamError(f"{self.name}: {parsed!r} is not valid; expected {self.allowed()}")
        if not isinstance(parsed, str) and (
                (self.minimum is not None and parsed < self.minimum)
                or (self.maximum is not None and parsed > self.maximum)):
            raise ParamError(f"{self.name}: {parsed!r} is out of range; expected "
                             f"{self.allowed()}")
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
        raise ParamError(f"{self.name} has no parameter {name!r}; its parameters are: "
                         f"{', '.join(p.name for p in self.params)}")

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
FOREVER = Param("forever", bool, False, "Keep running until cancelled (for live watching).")
