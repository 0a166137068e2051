"""CPython's own asyncio conformance tests, run against the traced loop with recording ON.

``TracedSelectorLoop`` (and, on Windows, ``TracedProactorLoop``) claims that every public
behaviour is the stock one. This module holds it
to that claim with the test-suites CPython itself uses for its event loops, imported from the
interpreter's ``test`` package (so each interpreter checks the loop against its own asyncio):

- ``test_events`` and ``test_sock_lowlevel`` hold one class per OS backend
  (``EPollEventLoopTests`` / ``PollEventLoopTests`` / ``SelectEventLoopTests`` /
  ``KqueueEventLoopTests``: ``EventLoopTestsMixin`` + ``SubprocessTestsMixin``, the ``sock_*``
  API): each runs once, on our loop over that backend (``create_event_loop``);
- every other ``TestCase`` class unittest's loader finds in ``test_events``, ``test_tasks``,
  ``test_streams``, ``test_queues``, ``test_locks``, ``test_server``, ``test_timeouts``,
  ``test_taskgroups``, ``test_waitfor``, ``test_futures``, ``test_futures2``,
  ``test_runners``, ``test_context``, ``test_pep492``, ``test_base_events`` and
  ``test_eager_task_factory`` (3.12+, the eager first step our ``create_task``
  special-cases), except those in :data:`NOT_COLLECTED` (they never run a loop). Their loops
  come from ``asyncio.new_event_loop()`` / ``asyncio.run`` / ``asyncio.Runner`` /
  ``IsolatedAsyncioTestCase``: a policy whose ``new_event_loop`` is
  :func:`app.runtime.factory.new_loop` is installed around every test (plus
  ``IsolatedAsyncioTestCase.loop_factory`` where it exists, 3.13+);
- loops built by hand are replaced by ours: ``test_base_events``'s
  ``BaseEventLoopWithSelectorTests.setUp`` and ``test_pep492``'s ``BaseTest.setUp`` build a
  stock loop, closed at once (:data:`_REPLACE_SETUP_LOOP`); ``test_runners`` installs a policy
  whose factory is ``self.new_loop`` (a ``BaseEventLoop`` on a mock selector), and
  ``test_server``'s ``FunctionalTestCaseMixin.new_loop`` is the same name: both return ours.

``test_tasks`` builds most of its loops with ``self.new_test_loop(gen)``, i.e.
``test_utils.TestLoop``, a fake loop with a fake clock (``test_futures`` does too, without a
generator). Two cases:

- with a ``gen`` (a generator that drives the fake clock): the test is about timing on a fake
  clock, not about our loop. It is skipped (see :data:`FAKE_CLOCK_REASON`); the ids are
  computed from the test sources into :data:`SKIPS`, and ``new_test_loop(gen)`` also skips at
  run time in case a helper method hides the call.
- without one (``BaseTaskTests.setUp``, ``GatherTestsBase.setUp``, ``test_futures``, a few
  test bodies): that TestLoop's clock never moves, so such a test cannot depend on time.
  There the test gets a traced loop instead, and the task/future semantics are checked on it.

On Windows (CPython 3.13 under Wine, ``python -m tools.windows``) the same wiring runs
``ProactorEventLoopTests`` of ``test_events`` / ``test_sock_lowlevel`` on the ``iocp`` backend
(``SelectEventLoopTests`` on ``select``), every other class on the default loop there, the
IOCP one, and adds ``test_windows_events``, ``test_windows_utils`` and ``test_proactor_events``
(:data:`_WINDOWS_ONLY`). Their hand-built ``asyncio.ProactorEventLoop()`` loops are replaced
like the ones above; the classes that build nothing but a mock proactor are not collected;
``test_windows_utils`` runs no loop and is run as it is (:data:`RUN_WITHOUT_LOOP`). A few
classes need the select backend there (:data:`_WIN32_BACKEND`, with the reason), and what Wine 8
or the embeddable CPython lacks is skipped by name after the same test was run on the stock
loop and failed the same way (:data:`_WINE_SKIPS`, :data:`_EMBEDDABLE_SKIPS`).

Every loop these tests get comes from ``new_loop`` and is a ``TracingLoopMixin`` loop
(``TracedSelectorLoop``, or ``TracedProactorLoop`` on iocp) with recording on; after each
test, :func:`_traced_loops` fails a test that set up without ever creating one (it would have
checked some other loop). The recorders keep their default
capacity (1M events) and are never drained: a test's ring goes away with its loop. (Measured:
~1500 loops and 140k-200k events per run, the largest ring ~9k events, peak RSS ~110 MB. On
Windows under Wine: ~1,940 loops, ~1.3M events, and one ring full: test_windows_events'
``test_loop_restart`` restarts its loop for 10 s, ~1.1M events, so ~75k are dropped, counted
by the recorder, which is what a full ring does.)

Skips: :data:`SKIPS` maps a CPython test id (``module.Class.test``, ``fnmatch`` patterns) to
the reason; the README lists them (checked here). Known traced-loop bugs go to :data:`XFAILS`
as strict xfails, so the list is explicit and a fix makes the suite fail until the entry is
removed.
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
from pathlib import Path
from typing import Any

import pytest

from app.runtime import backends
from app.runtime.factory import new_loop
from app.runtime.loop import TracingLoopMixin

pytest.importorskip(
    "test.test_asyncio.utils",
    reason="this interpreter ships without CPython's test package (test.test_asyncio): "
           "the asyncio conformance suites cannot run here")

pytestmark = pytest.mark.conformance

#: CPython's test modules run here -> the prefix of the classes adopted from them.
_PREFIX = {"test_events": "Events", "test_sock_lowlevel": "SockLowlevel", "test_tasks": "Tasks",
           "test_streams": "Streams", "test_queues": "Queues", "test_locks": "Locks",
           "test_server": "Server", "test_timeouts": "Timeouts",
           "test_taskgroups": "TaskGroups", "test_waitfor": "WaitFor",
           "test_futures": "Futures", "test_futures2": "Futures2", "test_runners": "Runners",
           "test_context": "Context", "test_pep492": "Pep492",
           "test_eager_task_factory": "EagerTasks", "test_base_events": "BaseEvents",
           "test_windows_events": "WindowsEvents", "test_windows_utils": "WindowsUtils",
           "test_proactor_events": "ProactorEvents"}
#: Suites that exist only from some version on.
_SINCE = {"test_eager_task_factory": (3, 12)}
#: Suites about the proactor loop and its Windows primitives: run on Windows only (the first
#: two raise SkipTest on import elsewhere).
_WINDOWS_ONLY = {"test_windows_events", "test_windows_utils", "test_proactor_events"}
_CPY = {name: importlib.import_module(f"test.test_asyncio.{name}") for name in _PREFIX
        if sys.version_info >= _SINCE.get(name, (0,))
        and (sys.platform == "win32" or name not in _WINDOWS_ONLY)}

#: CPython's per-backend class name in test_events / test_sock_lowlevel -> our backend name.
_BACKEND_CLASSES = {"EPollEventLoopTests": "epoll", "KqueueEventLoopTests": "kqueue",
                    "PollEventLoopTests": "poll", "SelectEventLoopTests": "select",
                    "ProactorEventLoopTests": "iocp"}

#: Classes that run on another of our backends on Windows than the default (iocp): CPython
#: class -> backend. GatherTestsBase drains its loop with ``while loop._ready:
#: run_briefly(loop)``, written for test_utils.TestLoop (a selector loop on a fake selector).
#: A proactor loop never drains that way: each run_forever ends by cancelling its self-pipe
#: read, whose done callback (``_loop_self_reading``) lands in ``_ready`` again, so the test
#: spins for ever on the stock ProactorEventLoop too. Our select loop is the TestLoop's kind.
#: test_base_events' BaseEventLoopWithSelectorTests is about a selector loop by its name (its
#: setUp builds asyncio.SelectorEventLoop, replaced by ours).
_WIN32_BACKEND = {"test_tasks.FutureGatherTests": "select",
                  "test_tasks.CoroutineGatherTests": "select",
                  "test_base_events.BaseEventLoopWithSelectorTests": "select"}

_NO_LOOP = "no event loop involved"
#: TestCase classes (or single tests) of CPython's modules that are deliberately not run
#: here: they never run an event loop, so they cannot tell our loop from any other.
NOT_COLLECTED = {
    "test_tasks.PyIntrospectionTests": f"tests _register_task/_enter_task/... on mock loops; "
                                       f"{_NO_LOOP}",
    "test_tasks.CIntrospectionTests": f"tests _register_task/_enter_task/... on mock loops; "
                                      f"{_NO_LOOP}",
    "test_tasks.GenericTaskTests": f"checks the Task class hierarchy and that _asyncio "
                                   f"imports; {_NO_LOOP}",
    "test_base_events.BaseEventTests": f"tests helper functions (_ipaddr_info, ...); {_NO_LOOP}",
    "test_base_events.BaseEventLoopTests": "tests the abstract BaseEventLoop with a mock selector "
                                           "(a selector loop cannot run on a mock selector)",
    "test_base_events.BaseLoopSockSendfileTests": "needs a loop WITHOUT native sendfile "
                                                  "(BaseSelectorEventLoop); ours is a Unix "
                                                  "selector loop, which has os.sendfile",
    "test_base_events.TestSelectorUtils": f"tests _set_nodelay on plain sockets; {_NO_LOOP}",
    "test_events.TimerTests": f"tests TimerHandle on a mock loop; {_NO_LOOP}",
    "test_events.AbstractEventLoopTests": f"checks that AbstractEventLoop's methods raise "
                                          f"NotImplementedError; {_NO_LOOP}",
    "test_events.TestAbstractServer": f"checks that AbstractServer's methods raise "
                                      f"NotImplementedError; {_NO_LOOP}",
    "test_events.PolicyTests": "tests asyncio's policy classes, with the stock loops they "
                               "build themselves (DefaultEventLoopPolicy().new_event_loop())",
    "test_windows_events.WinPolicyTests": "tests asyncio's Windows policy classes, with the "
                                          "stock loops asyncio.run builds from them",
    # Windows only (test_proactor_events): the proactor's transports and BaseProactorEventLoop
    # driven by hand on a mock proactor (``loop._proactor = mock.Mock()``).
    **{f"test_proactor_events.{name}": "tests the proactor's code on a mock proactor "
                                       "(an IOCP loop cannot run on a mock proactor)"
       for name in ("ProactorSocketTransportTests", "ProactorDatagramTransportTests",
                    "BaseProactorEventLoopTests")},
}

#: Adopted classes that run no event loop and are run as they are (the traced-loop check is off
#: for them): CPython test id pattern -> why they are run at all.
RUN_WITHOUT_LOOP = {
    "test_windows_utils.*": "checks windows_utils.pipe and Popen, the overlapped pipes the "
                            "proactor's subprocess transports are built on, on this Windows",
}

#: Adopted classes whose CPython setUp builds a stock loop by hand: replaced by ours.
#: (``test_pep492.BaseTest`` builds a ``BaseEventLoop`` on a mock selector.)
_REPLACE_SETUP_LOOP = {"test_base_events.BaseEventLoopWithSelectorTests", "test_pep492.*",
                       "test_windows_events.ProactorTests",
                       "test_proactor_events.ProactorEventLoopUnixSockSendfileTests"}

FAKE_CLOCK_REASON = ("uses test_utils.TestLoop driven by a fake-clock generator "
                     "(new_test_loop(gen)): about timing on a fake clock, not about our loop")

#: Tests that genuinely do not apply to the traced loop: CPython test id -> reason.
#: (Patterns allowed.) The fake-clock tests of test_tasks are added by _fake_clock_skips().
_MANUAL_SKIPS: dict[str, str] = {
    **{f"test_events.HandleTests.{name}": f"tests Handle on a mock loop; {_NO_LOOP}"
       for name in ("test_handle", "test_callback_with_exception", "test_handle_weakref",
                    "test_handle_repr", "test_handle_repr_debug")},
    "test_events.HandleTests.test_coroutine_like_object_debug_formatting":
        f"tests how asyncio formats a coroutine-like object; {_NO_LOOP}",
    "test_runners.RunnerTests.test_custom_factory":
        "the Runner is given a mock.Mock() as its loop: no event loop runs",
    "test_runners.RunTests.test_loop_factory_default_event_loop":
        "runs asyncio.run(loop_factory=asyncio.EventLoop): checks the stock loop class itself",
}

_WINE = "Wine 8 gap, the stock ProactorEventLoop does the same under Wine"
#: Windows tests that fail or hang identically on the STOCK loop under Wine 8 (checked by
#: running the same CPython test on asyncio's own loop there): what Wine does not implement,
#: not something the traced loop changes. CPython test id -> reason.
_WINE_SKIPS: dict[str, str] = {
    "test_windows_events.ProactorTests.test_double_bind":
        f"Wine does not refuse a second PipeServer on the same pipe name "
        f"(FILE_FLAG_FIRST_PIPE_INSTANCE): no PermissionError; {_WINE}",
    **{f"test_sock_lowlevel.ProactorEventLoopTests.{name}":
       f"Wine's UDP recvfrom never fails with ConnectionResetError (WSAECONNRESET) after a "
       f"send to a port nobody listens on: the test hangs; {_WINE}"
       for name in ("test_datagram_send_to_non_listening_address_recvfrom",
                    "test_datagram_send_to_non_listening_address_recvfrom_into")},
}

#: Windows tests that check the embeddable CPython run here, not any loop.
_EMBEDDABLE_SKIPS: dict[str, str] = {
    "test_tasks.*GatherTests.test_env_var_debug":
        "the embeddable Windows CPython (it has a ._pth file) ignores environment variables, "
        "so a child given PYTHONASYNCIODEBUG=1 prints False; the stock loop's run fails the "
        "same way (it tests the interpreter's start-up, no loop)",
}

#: Conformance failures caused by bugs in the traced loop: CPython test id -> reason, run as
#: strict xfails ("traced-loop bug: ..."). Remove an entry when its bug is fixed.
XFAILS: dict[str, str] = {
    # Empty: the two traced-loop bugs this suite found (a mock callback recursing in
    # _callable_name; the dropped debug-mode branch of _run_once) are fixed in app/runtime/loop.py.
}

_FAKE_CLOCK_CALL = re.compile(r"new_test_loop\(\s*[^)\s]|TestLoop\(")


def _fake_clock_skips() -> dict[str, str]:
    """The ids of the tests whose source builds a fake-clock TestLoop."""
    skips = {}
    for module_name in _CPY:
        for cls in _loader_classes(module_name):
            for method in unittest.TestLoader().getTestCaseNames(cls):
                try:
                    source = inspect.getsource(getattr(cls, method))
                except (OSError, TypeError):
                    continue
                if _FAKE_CLOCK_CALL.search(source):
                    skips[f"{module_name}.{cls.__name__}.{method}"] = FAKE_CLOCK_REASON
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
    assert isinstance(loop, TracingLoopMixin), type(loop)
    assert loop.recording, "recording must be on for the conformance run"
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
    _ls_runs_a_loop = True

    def setUp(self) -> None:
        _TRACKER.set_up = self._ls_runs_a_loop
        super().setUp()  # type: ignore[misc]
        if self._ls_replace_setup_loop:
            stock, self.loop = self.loop, _traced_loop(self._ls_backend)
            stock.close()
            self.set_event_loop(self.loop)  # type: ignore[attr-defined]

    def create_event_loop(self) -> asyncio.AbstractEventLoop:
        """test_events / test_sock_lowlevel: the loop under test."""
        return _traced_loop(self._ls_backend)

    def new_loop(self) -> asyncio.AbstractEventLoop:
        """test_runners (its policy's factory) and test_server (``FunctionalTestCaseMixin``).

        test_runners builds a ``BaseEventLoop`` on a mock selector whose
        ``shutdown_asyncgens`` only notes that it ran (its tearDown checks the note); ours
        notes it too, then shuts the generators down for real.
        """
        loop = _traced_loop(self._ls_backend)
        loop.shutdown_ag_run = False  # type: ignore[attr-defined]
        shutdown_asyncgens = loop.shutdown_asyncgens

        async def noted_shutdown_asyncgens() -> None:
            loop.shutdown_ag_run = True  # type: ignore[attr-defined]
            await shutdown_asyncgens()

        loop.shutdown_asyncgens = noted_shutdown_asyncgens  # type: ignore[method-assign]
        return loop

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
        "_ls_replace_setup_loop": any(fnmatch.fnmatchcase(f"{module_name}.{cpython_cls.__name__}",
                                                          pattern)
                                      for pattern in _REPLACE_SETUP_LOOP),
        "_ls_runs_a_loop": _reason_for(RUN_WITHOUT_LOOP,
                                       f"{module_name}.{cpython_cls.__name__}") is None,
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


SKIPS: dict[str, str] = {**_MANUAL_SKIPS, **_fake_clock_skips(),
                         **(_WINE_SKIPS | _EMBEDDABLE_SKIPS if sys.platform == "win32" else {})}

for _module_name in _CPY:
    for _cpython_cls in _loader_classes(_module_name):
        # test_events / test_sock_lowlevel hold one class per OS backend: each runs on ours.
        _backend = _BACKEND_CLASSES.get(_cpython_cls.__name__, "auto")
        if sys.platform == "win32":
            _backend = _WIN32_BACKEND.get(f"{_module_name}.{_cpython_cls.__name__}", _backend)
        if _backend == "auto" or _backend in backends.available():
            _adopt(_module_name, _cpython_cls, _backend)

# Leave no CPython class in this namespace: pytest would collect it and run it on the stock loop.
del _module_name, _backend, _cpython_cls


def test_the_readme_names_every_skip_and_every_class_not_collected() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### CPython's asyncio tests on the traced loop", 1)[1]
    section = section.split("\n#", 1)[0]
    missing = [test_id for test_id in SKIPS
               if f"`{test_id.rsplit('.', 1)[1]}`" not in section
               and f"`{test_id}`" not in section]
    missing += [name for name in NOT_COLLECTED if f"`{name}`" not in section]
    assert not missing, f"README.md does not name these conformance skips: {missing}"
