"""Run the user's own asyncio script on the traced engine loop.

Two kinds of script are accepted (told apart by reading the file, before anything runs):

- a module that defines ``async def main()`` at top level: it is imported under a unique
  module name (so its ``if __name__ == "__main__":`` block does not run) and ``main()`` runs
  as a task named ``main`` on the engine's traced loop;
- any other script that calls ``asyncio.run(coro)`` (or uses ``asyncio.Runner``): it runs as
  ``__main__``, and each ``asyncio.run`` it makes runs ``coro`` as a task on the engine's loop
  instead of on a loop of its own.

Either way the script's *top-level* code runs on a driver thread of its own (``loopscope-
script``), outside the loop, exactly as plain code outside ``asyncio.run`` would; only the
coroutines run on the traced loop, so pause / step / Stop and the recording work as for the
sample workloads. ``asyncio.run`` and ``asyncio.Runner`` are redirected only for calls made
on that driver thread (every other thread gets the originals), and only while a script runs.

What is not supported, with a clear error: a script that creates its own loop
(``asyncio.new_event_loop()`` + ``run_until_complete``) — LoopScope could not observe it.

Failures are reported, never raised into the caller: :func:`check` raises :class:`ScriptError`
for a missing file or a syntax error (message ``file:line: SyntaxError: …`` with the line and
a caret); an exception while running becomes :attr:`ScriptRun.outcome` with the traceback of
the user's frames. A script that never yields (an infinite CPU loop in a coroutine) is stopped
by :meth:`ScriptRun.stop`: :meth:`Engine.stop` interrupts the running step, and top-level
code stuck on the driver thread gets :class:`ScriptInterrupt` raised inside it.
"""

from __future__ import annotations

import ast
import asyncio
import asyncio.runners
import concurrent.futures
import contextlib
import ctypes
import inspect
import itertools
import os
import sys
import threading
import traceback
import types
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.runtime.engine import Engine
from app.runtime.params import WorkloadError
from app.trace.text import QT_TR_NOOP, Sentence

STOP_TIMEOUT = 2.0
_APP_DIR = str(Path(__file__).resolve().parents[1])  # frames of LoopScope itself
_CF_DIR = str(Path(concurrent.futures.__file__).resolve().parent)
_module_ids = itertools.count(1)


class ScriptError(Exception):
    """The script cannot run at all (missing, unreadable, syntax error, wrong shape).

    Its message is a :class:`~app.trace.text.Sentence` where LoopScope words it (``str()`` is
    English, ``error_text(exc, tr)`` translated); a syntax error is Python's own text."""

    def __init__(self, message: str | Sentence, filename: str | None = None,
                 lineno: int | None = None) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = lineno


class ScriptInterrupt(BaseException):
    """Raised inside the script's top-level code when it would not stop."""


class ScriptStopped(Exception):
    """The run was stopped (by :meth:`ScriptRun.stop` or the engine stopping)."""


@dataclass
class ScriptOutcome:
    """How a script run ended."""

    status: str  # "running", "ok", "error", "stopped"
    error: str = ""  # traceback (user frames) or message, for "error"
    result: Any = None  # what main() / the last asyncio.run returned, for "ok"

    @property
    def failed(self) -> bool:
        return self.status == "error"


def check(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read and compile a script; returns (source, kind) with kind ``"main"`` or ``"script"``.

    Raises :class:`ScriptError` naming ``file:line`` for a syntax error, or the problem for a
    file that cannot be read. Nothing is executed.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScriptError(Sentence(QT_TR_NOOP("{path}: no such file"), path=p),
                          str(p)) from None
    except IsADirectoryError:
        raise ScriptError(_folder(p), str(p)) from None
    except OSError as exc:
        if p.is_dir():  # Windows refuses to open a folder with "Permission denied" (EACCES)
            raise ScriptError(_folder(p), str(p)) from None
        raise ScriptError(Sentence(QT_TR_NOOP("{path}: cannot read it ({reason})"), path=p,
                                   reason=exc.strerror or exc), str(p)) from None
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScriptError(Sentence(QT_TR_NOOP("{path}: not a Python source file (not UTF-8 "
                                              "text: {reason} at byte {offset})"),
                                   path=p, reason=exc.reason, offset=exc.start),
                          str(p)) from None
    try:
        tree = compile(source, str(p), "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        assert isinstance(tree, ast.Module)  # (what "exec" mode parses to)
        compile(tree, str(p), "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise ScriptError(_syntax_message(exc, p), str(p), exc.lineno) from None
    except ValueError as exc:  # e.g. a null byte in the source
        raise ScriptError(Sentence(QT_TR_NOOP("{path}: cannot compile it ({reason})"), path=p,
                                   reason=exc), str(p)) from None
    kind = "main" if any(isinstance(node, ast.AsyncFunctionDef) and node.name == "main"
                         for node in tree.body) else "script"
    return source, kind


def _folder(path: Path) -> Sentence:
    return Sentence(QT_TR_NOOP("{path}: is a folder, not a Python file"), path=path)


def _syntax_message(exc: SyntaxError, path: Path) -> str:
    where = f"{exc.filename or path}:{exc.lineno}" if exc.lineno else str(path)
    text = f"{where}: {type(exc).__name__}: {exc.msg}"
    if exc.text:
        line = exc.text.rstrip("\n")
        text += f"\n    {line.strip()}"
        if exc.offset:
            indent = len(line) - len(line.lstrip())
            text += "\n    " + " " * max(0, exc.offset - 1 - indent) + "^"
    return text


def format_error(exc: BaseException) -> str:
    """The traceback as the user should see it: their frames, not LoopScope's plumbing.

    A :class:`~app.runtime.params.WorkloadError` (a fact about what cannot work, such as
    ``add_reader`` on Windows' proactor loop) is its message and the user's line that met
    it, not a traceback."""
    te = traceback.TracebackException.from_exception(exc)

    def trim(t: traceback.TracebackException) -> None:
        t.stack = traceback.StackSummary.from_list(
            [f for f in t.stack if not (f.filename.startswith(_APP_DIR)
                                        or f.filename.startswith(_CF_DIR))])
        for nested in (t.__cause__, t.__context__):
            if nested is not None:
                trim(nested)

    trim(te)
    if isinstance(exc, WorkloadError):
        where = f"{te.stack[-1].filename}, line {te.stack[-1].lineno}: " if te.stack else ""
        return f"{where}{exc}"
    return "".join(te.format()).rstrip()


# -- redirecting asyncio.run / asyncio.Runner for the driver thread only ---------------------------
_active: dict[int, ScriptRun] = {}
_patch_lock = threading.Lock()
_originals: dict[str, Any] = {}


def _current() -> ScriptRun | None:
    return _active.get(threading.get_ident())


def _run(main: Any, *, debug: bool | None = None, loop_factory: Any = None) -> Any:
    script = _current()
    if script is None:
        kwargs: dict[str, Any] = {"debug": debug}
        if loop_factory is not None:
            kwargs["loop_factory"] = loop_factory
        return _originals["run"](main, **kwargs)
    if not inspect.iscoroutine(main):
        raise ValueError(f"a coroutine was expected, got {main!r}")
    return script.run_coroutine(main)


def _new_event_loop() -> asyncio.AbstractEventLoop:
    if _current() is not None:
        raise RuntimeError(
            "this script creates an event loop of its own (asyncio.new_event_loop); "
            "LoopScope runs a script's coroutines on its traced loop: use asyncio.run(main()) "
            "or define async def main() instead")
    loop: asyncio.AbstractEventLoop = _originals["new_event_loop"]()
    return loop


# (typeshed marks Runner final; a running script's Runner must still go to the engine)
class _Runner(asyncio.runners.Runner):  # type: ignore[misc]
    """``asyncio.Runner`` whose ``run`` goes to the engine when used by a running script."""

    def __init__(self, *, debug: bool | None = None, loop_factory: Any = None) -> None:
        super().__init__(debug=debug, loop_factory=loop_factory)
        self._ls_script = _current()

    def __enter__(self) -> _Runner:
        if self._ls_script is None:
            super().__enter__()
        return self

    def run(self, coro: Coroutine[Any, Any, Any], *, context: Any = None) -> Any:
        if self._ls_script is None:
            return super().run(coro, context=context)
        if not inspect.iscoroutine(coro):
            raise ValueError(f"a coroutine was expected, got {coro!r}")
        return self._ls_script.run_coroutine(coro)

    def get_loop(self) -> asyncio.AbstractEventLoop:
        if self._ls_script is None:
            return super().get_loop()
        loop = self._ls_script.engine.loop
        if loop is None:
            raise RuntimeError("the engine running this script has stopped")
        return loop

    def close(self) -> None:
        if self._ls_script is None:
            super().close()


def _install(script: ScriptRun, ident: int) -> None:
    with _patch_lock:
        if not _active:
            _originals.update(run=asyncio.runners.run, Runner=asyncio.runners.Runner,
                              new_event_loop=asyncio.events.new_event_loop)
            asyncio.run = asyncio.runners.run = _run
            # (assigning to a class name: how a script's asyncio.Runner is replaced)
            asyncio.Runner = asyncio.runners.Runner = _Runner  # type: ignore[misc]
            asyncio.new_event_loop = asyncio.events.new_event_loop = _new_event_loop
        _active[ident] = script


def _uninstall(ident: int) -> None:
    with _patch_lock:
        _active.pop(ident, None)
        if not _active and _originals:
            asyncio.run = asyncio.runners.run = _originals["run"]
            # (assigning to a class name: the original asyncio.Runner comes back)
            asyncio.Runner = asyncio.runners.Runner = _originals["Runner"]  # type: ignore[misc]
            asyncio.new_event_loop = asyncio.events.new_event_loop = \
                _originals["new_event_loop"]
            _originals.clear()


# -- the run ---------------------------------------------------------------------------------------
class ScriptRun:
    """One run of a user's script on ``engine`` (started if it is not running).

    ``start()`` checks the file first and raises :class:`ScriptError` if it cannot run;
    after that every failure is reported in :attr:`outcome`, never raised.
    """

    def __init__(self, path: str | os.PathLike[str], engine: Engine) -> None:
        self.path = Path(path).resolve()
        self.engine = engine
        self.source = ""
        self.kind = ""
        self.label = f"script:{self.path.name}"
        self.outcome = ScriptOutcome("running")
        self.launches: list[int] = []
        self._runs = 0
        self._stopping = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    # -- control -------------------------------------------------------------------------------
    def start(self) -> ScriptRun:
        if self._thread is not None:
            raise RuntimeError("this script run was started already")
        self.source, self.kind = check(self.path)
        if not self.engine.running:
            self.engine.start()
        self._thread = threading.Thread(target=self._drive, name="loopscope-script",
                                        daemon=True)
        self._thread.start()
        return self

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the script has ended (True) or ``timeout`` seconds passed (False)."""
        return self._done.wait(timeout)

    def stop(self, timeout: float = STOP_TIMEOUT) -> bool:
        """Stop the script and the engine; True if everything ended within ``timeout``.

        The engine's stop cancels the script's tasks and interrupts a step that never
        yields; top-level code still running on the driver thread (a CPU loop outside any
        coroutine) gets :class:`ScriptInterrupt` raised inside it.
        """
        self._stopping.set()
        clean = self.engine.stop(timeout / 2)
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout / 4)
            if thread.is_alive() and thread.ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(thread.ident), ctypes.py_object(ScriptInterrupt))
                thread.join(timeout / 4)
            clean = clean and not thread.is_alive()
        return clean

    # -- on the driver thread ------------------------------------------------------------------
    def _drive(self) -> None:
        ident = threading.get_ident()
        _install(self, ident)
        added_path = str(self.path.parent)
        sys.path.insert(0, added_path)  # the script's sibling modules import as with python
        try:
            result = self._execute()
            self.outcome = ScriptOutcome("ok", result=result)
        except (ScriptStopped, ScriptInterrupt):
            self.outcome = ScriptOutcome("stopped", "the script was stopped")
        except (asyncio.CancelledError, concurrent.futures.CancelledError):
            if self._stopping.is_set() or not self.engine.running:
                self.outcome = ScriptOutcome("stopped", "the script was stopped")
            else:
                self.outcome = ScriptOutcome("error", "the script's main task was cancelled")
        except SystemExit as exc:
            code = exc.code
            if code is None or code == 0:
                self.outcome = ScriptOutcome("ok")
            else:
                self.outcome = ScriptOutcome("error",
                                             f"the script exited with sys.exit({code!r})")
        except BaseException as exc:
            self.outcome = ScriptOutcome("error", format_error(exc))
        finally:
            _uninstall(ident)
            with contextlib.suppress(ValueError):
                sys.path.remove(added_path)
            self._done.set()

    def _execute(self) -> Any:
        code = compile(self.source, str(self.path), "exec", dont_inherit=True)
        if self.kind == "script":
            module = types.ModuleType("__main__")
            module.__file__ = str(self.path)
            exec(code, module.__dict__)  # the user's own script, which they asked to run
            return None
        # A module with async def main(): import it under a unique name (its __main__ guard
        # stays false), registered so that dataclasses, pickle and typing can find it.
        name = f"loopscope_script_{next(_module_ids)}"
        module = types.ModuleType(name)
        module.__file__ = str(self.path)
        sys.modules[name] = module
        try:
            exec(code, module.__dict__)
            if self._runs:  # its top level already ran main() through asyncio.run
                return None
            main = getattr(module, "main", None)
            if not inspect.iscoroutinefunction(main):
                raise ScriptError(Sentence(QT_TR_NOOP("{file}: main is not an async function"),
                                           file=self.path.name))
            return self.run_coroutine(main(), name="main")
        finally:
            sys.modules.pop(name, None)

    def run_coroutine(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> Any:
        """Run ``coro`` as a task on the engine's loop and wait for its result (driver thread).

        What ``asyncio.run`` becomes inside the script.
        """
        self._runs += 1
        engine = self.engine
        if self._stopping.is_set() or not engine.running:
            coro.close()
            raise ScriptStopped("the engine is not running")
        task_name = name or getattr(coro, "__qualname__", None) or "main"
        try:
            launch = engine.launch_coroutine(self.label, lambda: coro, task_name=task_name)
        except BaseException:
            coro.close()  # never started: do not leave an un-awaited coroutine behind
            raise
        self.launches.append(launch.id)
        while True:
            try:
                return launch.result.result(timeout=0.1)
            except concurrent.futures.TimeoutError:
                if self._stopping.is_set() or not engine.running:
                    raise ScriptStopped("the engine stopped") from None
