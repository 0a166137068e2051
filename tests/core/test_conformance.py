"""CPython's own asyncio conformance tests, run against the traced loop with recording ON.

``TracedSelectorLoop`` claims that every public behaviour is the stock one. This module holds it
to that claim with the test-suites CPython itself uses for its event loops, imported from the
interpreter's ``test`` package (so each interpreter checks the loop against its own asyncio):

- ``test_events``: ``EventLoopTestsMixin`` + ``SubprocessTestsMixin``, once per OS backend
  (the ``EPollEventLoopTests`` / ``PollEventLoopTests`` / ``SelectEventLoopTests`` /
  ``KqueueEventLoopTests`` classes, with ``create_event_loop`` returning our loop);
- ``test_sock_lowlevel``: the ``sock_*`` API, once per OS backend, the same way;
- ``test_tasks``, ``test_streams``, ``test_queues``, and ``test_eager_task_factory`` (3.12+,
  the eager first step our ``create_task`` special-cases): every ``TestCase`` class unittest's
  loader finds, except those listed in :data:`NOT_COLLECTED` (they never run a loop). Their
  loops come from ``asyncio.new_event_loop()`` / ``asyncio.Runner`` / ``IsolatedAsyncioTestCase``:
  a policy whose ``new_event_loop`` is :func:`app.core.factory.new_loop` is installed around
  every test (plus ``IsolatedAsyncioTestCase.loop_factory`` where it exists, 3.13+);
- ``test_base_events``: the classes that run a real selector loop (``NOT_COLLECTED`` says why
  the others are left out). ``BaseEventLoopWithSelectorTests.setUp`` builds
  ``asyncio.SelectorEventLoop()`` itself; that loop is closed at once and replaced by ours.

``test_tasks`` builds most of its loops with ``self.new_test_loop(gen)``, i.e.
``test_utils.TestLoop``, a fake loop with a fake clock. Two cases:

- with a ``gen`` (a generator that drives the fake clock): the test is about timing on a fake
  clock, not about our loop. It is skipped (see :data:`FAKE_CLOCK_REASON`); the ids are
  computed from the test sources into :data:`SKIPS`, and ``new_test_loop(gen)`` also skips at
  run time in case a helper method hides the call.
- without one (``BaseTaskTests.setUp``, ``GatherTestsBase.setUp``, a few test bodies): that
  TestLoop's clock never moves, so such a test cannot depend on time. There the test gets a
  traced loop instead, and the task/future semantics are checked on it.

Every loop these tests get comes from ``new_loop`` and is a ``TracedSelectorLoop`` with
recording on; after each test, :func:`_traced_loops` fails a test that set up without ever
creating one (it would have checked some other loop). The recorders keep their default
capacity (1M events) and are never drained: a test's ring goes away with its loop. (Measured:
~1500 loops and 140k-200k events per run, the largest ring ~9k events, peak RSS ~110 MB.)

Skips: :data:`SKIPS` maps a CPython test id (``module.Class.test``, ``fnmatch`` patterns) to
the reason. Known traced-loop bugs go to :data:`XFAILS` as strict xfails, so the list is
explicit and a fix makes the suite fail until the entry is removed.
"""

from __future__ import annotations

import asyncio
import fnmatch
import functools
import importlib
import inspect
import re
import sys
import unittest
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.core import backends
from app.core.factory import new_loop
from app.core.loop import TracedSelectorLoop

if sys.platform == "win32":  # pragma: no cover - Windows
    pytest.skip("the conformance wiring covers the selector loops of Unix only; the IOCP loop "
                "(TracedProactorLoop) needs CPython's ProactorEventLoopTests wiring",
                allow_module_level=True)

pytest.importorskip(
    "test.test_asyncio.utils",
    reason="this interpreter ships without CPython's test package (test.test_asyncio): "
           "the asyncio conformance suites cannot run here")

pytestmark = pytest.mark.conformance

_PREFIX = {"test_events": "Events", "test_sock_lowlevel": "SockLowlevel", "test_tasks": "Tasks",
           "test_streams": "Streams", "test_queues": "Queues",
           "test_eager_task_factory": "EagerTasks", "test_base_events": "BaseEvents"}
#: Suites that exist only from some version on.
_SINCE = {"test_eager_task_factory": (3, 12)}
_CPY = {name: importlib.import_module(f"test.test_asyncio.{name}") for name in _PREFIX
        if sys.version_info >= _SINCE.get(name, (0,))}

#: CPython's per-backend class name in test_events / test_sock_lowlevel -> our backend name.
_BACKEND_CLASSES = {"epoll": "EPollEventLoopTests", "kqueue": "KqueueEventLoopTests",
                    "poll": "PollEventLoopTests", "select": "SelectEventLoopTests"}

#: TestCase classes of the loader-collected modules that are deliberately not run here.
NOT_COLLECTED = {
    "test_tasks.PyIntrospectionTests": "tests _register_task/_enter_task/... on mock loops; "
                                       "no event loop involved",
    "test_tasks.CIntrospectionTests": "tests _register_task/_enter_task/... on mock loops; "
                                      "no event loop involved",
    "test_tasks.GenericTaskTests": "checks the Task class hierarchy and that _asyncio imports; "
                                   "no event loop involved",
    "test_base_events.BaseEventTests": "tests helper functions (_ipaddr_info, ...); no loop",
    "test_base_events.BaseEventLoopTests": "tests the abstract BaseEventLoop with a mock selector "
                                           "(a selector loop cannot run on a mock selector)",
    "test_base_events.BaseLoopSockSendfileTests": "needs a loop WITHOUT native sendfile "
                                                  "(BaseSelectorEventLoop); ours is a Unix "
                                                  "selector loop, which has os.sendfile",
    "test_base_events.TestSelectorUtils": "tests _set_nodelay on plain sockets; no loop",
}

#: Adopted classes whose CPython setUp builds a stock loop by hand: replaced by ours.
_REPLACE_SETUP_LOOP = {"test_base_events.BaseEventLoopWithSelectorTests"}

FAKE_CLOCK_REASON = ("uses test_utils.TestLoop driven by a fake-clock generator "
                     "(new_test_loop(gen)): about timing on a fake clock, not about our loop")

#: Tests that genuinely do not apply to the traced loop: CPython test id -> reason.
#: (Patterns allowed.) The fake-clock tests of test_tasks are added by _fake_clock_skips().
_MANUAL_SKIPS: dict[str, str] = {}

#: Conformance failures caused by bugs in the traced loop: CPython test id -> reason, run as
#: strict xfails ("traced-loop bug: ..."). Remove an entry when its bug is fixed.
XFAILS: dict[str, str] = {
    # Empty: the two traced-loop bugs this suite found (a mock callback recursing in
    # _callable_name; the dropped debug-mode branch of _run_once) are fixed in app/core/loop.py.
}

_FAKE_CLOCK_CALL = re.compile(r"new_test_loop\(\s*[^)\s]|TestLoop\(")


def _fake_clock_skips() -> dict[str, str]:
    """test_tasks ids whose source builds a fake-clock TestLoop."""
    skips = {}
    for cls in _loader_classes("test_tasks"):
        for method in unittest.TestLoader().getTestCaseNames(cls):
            try:
                source = inspect.getsource(getattr(cls, method))
            except (OSError, TypeError):
                continue
            if _FAKE_CLOCK_CALL.search(source):
                skips[f"test_tasks.{cls.__name__}.{method}"] = FAKE_CLOCK_REASON
    return skips


# -- the traced loops the tests get ------------------------------------------------------------
class _Tracker:
    """Loops created during the current test (their recorders only: holding a loop would keep
    it from the garbage collector, which some tests check)."""

    def __init__(self) -> None:
        self.recorders: list[Any] = []
        self.set_up = False
        #: Totals over the session: loops, events recorded, largest single ring.
        self.loops = 0
        self.events = 0
        self.largest_ring = 0


_TRACKER = _Tracker()


def _traced_loop(backend: str = "auto") -> asyncio.AbstractEventLoop:
    loop = new_loop(backend)
    assert isinstance(loop, TracedSelectorLoop), type(loop)
    assert loop._ls_tracing, "recording must be on for the conformance run"
    _TRACKER.recorders.append(loop.recorder)
    return loop


class TracedLoopPolicy(asyncio.DefaultEventLoopPolicy):  # type: ignore[misc,valid-type]
    """``asyncio.new_event_loop()`` (and ``asyncio.run``/``Runner`` without a factory)."""

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        return _traced_loop()


@pytest.fixture(autouse=True)
def _traced_loops() -> Iterator[None]:
    """Install the traced policy for one test; afterwards, check that the test ran on traced
    loops only (every loop it made came from new_loop, with recording on)."""
    old = asyncio.get_event_loop_policy()
    # A loop another test module left registered as running in this thread (qasync hosts do)
    # would make every run_until_complete here raise "another loop is running": detach it
    # for the test, put it back afterwards.
    leftover = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    asyncio.set_event_loop_policy(TracedLoopPolicy())
    _TRACKER.recorders = []
    _TRACKER.set_up = False
    try:
        yield
    finally:
        asyncio.set_event_loop_policy(old)
        asyncio._set_running_loop(leftover)
        recorders, _TRACKER.recorders = _TRACKER.recorders, []
        for rec in recorders:
            held = rec.pending()
            _TRACKER.loops += 1
            _TRACKER.events += held + rec.dropped + rec.drained
            _TRACKER.largest_ring = max(_TRACKER.largest_ring, held)
        if _TRACKER.set_up and not recorders:
            pytest.fail("the test set up but never created a traced loop: it ran on some "
                        "other loop, so it checked nothing about ours")


class _TracedMixin:
    """Put first in the bases of each adopted CPython TestCase."""

    _ls_backend = "auto"
    #: IsolatedAsyncioTestCase (3.13+) builds its Runner with this factory.
    loop_factory = staticmethod(_traced_loop)

    _ls_replace_setup_loop = False

    def setUp(self) -> None:
        _TRACKER.set_up = True
        super().setUp()  # type: ignore[misc]
        if self._ls_replace_setup_loop:
            stock, self.loop = self.loop, _traced_loop(self._ls_backend)
            stock.close()
            self.set_event_loop(self.loop)  # type: ignore[attr-defined]

    def create_event_loop(self) -> asyncio.AbstractEventLoop:
        """test_events / test_sock_lowlevel: the loop under test."""
        return _traced_loop(self._ls_backend)

    def new_test_loop(self, gen: Any = None) -> asyncio.AbstractEventLoop:
        """test_tasks: a fake-clock TestLoop is not our loop; a frozen-clock one becomes ours."""
        if gen is not None:
            self.skipTest(FAKE_CLOCK_REASON)  # type: ignore[attr-defined]
        loop = _traced_loop(self._ls_backend)
        self.set_event_loop(loop)  # type: ignore[attr-defined]
        return loop


# -- building the TestCase classes pytest collects ---------------------------------------------
def _loader_classes(module_name: str) -> list[type[unittest.TestCase]]:
    """The TestCase classes unittest's loader finds in a CPython module, in order."""
    module = _CPY[module_name]
    found: dict[type[unittest.TestCase], None] = {}

    def walk(suite: unittest.TestSuite) -> None:
        for test in suite:
            if isinstance(test, unittest.TestSuite):
                walk(test)
            elif type(test).__module__ == module.__name__:
                found.setdefault(type(test))

    walk(unittest.TestLoader().loadTestsFromModule(module))
    return [cls for cls in found if f"{module_name}.{cls.__name__}" not in NOT_COLLECTED]


def _reason_for(table: dict[str, str], test_id: str) -> str | None:
    if test_id in table:
        return table[test_id]
    for pattern, reason in table.items():
        if fnmatch.fnmatchcase(test_id, pattern):
            return reason
    return None


def _short_recursion_error(exc: RecursionError) -> RecursionError:
    # pytest looks for the recursion in a traceback by comparing the locals of its ~1000 frames;
    # with mocks among them (every comparison is a recorded mock call) that takes minutes. The
    # test still fails with the same exception type, just without the 1000 frames.
    return RecursionError(f"{exc} (1000-frame traceback dropped by the conformance harness)")


def _xfail(func: Callable[..., Any], reason: str) -> Callable[..., Any]:
    """A fresh wrapper carrying the mark (the CPython function is shared by other classes)."""
    if inspect.iscoroutinefunction(func):
        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return await func(*args, **kwargs)
            except RecursionError as exc:
                raise _short_recursion_error(exc) from None
    else:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except RecursionError as exc:
                raise _short_recursion_error(exc) from None
    wrapper.pytestmark = [pytest.mark.xfail(strict=True, reason=reason)]  # type: ignore[attr-defined]
    return wrapper


def _adopt(module_name: str, cpython_cls: type[unittest.TestCase],
           backend: str = "auto") -> None:
    """Define ``<Prefix>_<CPythonClass>`` here: the CPython class, running on our loop."""
    name = f"{_PREFIX[module_name]}_{cpython_cls.__name__}"
    cls = type(name, (_TracedMixin, cpython_cls), {
        "__module__": __name__, "__qualname__": name, "_ls_backend": backend,
        "_ls_replace_setup_loop": f"{module_name}.{cpython_cls.__name__}" in _REPLACE_SETUP_LOOP,
        "__doc__": f"CPython's {module_name}.{cpython_cls.__name__} on the traced loop "
                   f"({backend} backend)."})
    for method in unittest.TestLoader().getTestCaseNames(cls):
        test_id = f"{module_name}.{cpython_cls.__name__}.{method}"
        func = getattr(cls, method)
        reason = _reason_for(SKIPS, test_id)
        if reason is not None:
            setattr(cls, method, unittest.skip(reason)(func))
            continue
        reason = _reason_for(XFAILS, test_id)
        if reason is not None:
            setattr(cls, method, _xfail(func, reason))
    globals()[name] = cls


SKIPS: dict[str, str] = {**_MANUAL_SKIPS, **_fake_clock_skips()}

for _module_name in ("test_events", "test_sock_lowlevel"):
    for _backend in backends.available():
        _cpython_cls = getattr(_CPY[_module_name], _BACKEND_CLASSES.get(_backend, ""), None)
        if _cpython_cls is not None:
            _adopt(_module_name, _cpython_cls, _backend)

for _module_name in ("test_tasks", "test_streams", "test_queues", "test_eager_task_factory",
                     "test_base_events"):
    if _module_name in _CPY:
        for _cpython_cls in _loader_classes(_module_name):
            _adopt(_module_name, _cpython_cls)

# Leave no CPython class in this namespace: pytest would collect it and run it on the stock loop.
del _module_name, _backend, _cpython_cls
