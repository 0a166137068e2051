"""Cancelling a sample mid-flight (or stopping the engine under it) leaves nothing behind:
no thread, no open fd, no temporary file — in both versions. And a failure is a clear
message while the rest carries on."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.runtime.engine import Engine
from app.runtime.factory import new_loop
from app.runtime.params import WorkloadError
from app.runtime.preemptive.cancelled import Cancelled
from app.runtime.preemptive.run import PreemptiveRun, run_preemptive
from app.runtime.preemptive.runtime import ThreadRuntime
from app.runtime.recorder import Recorder
from app.workloads import registry
from app.workloads.samples import tcp_echo
from tests.support.workloads import NAMES, SMALL, open_fds, run_cooperative, settled, thread_count

pytestmark = pytest.mark.skipif(open_fds() < 0, reason="needs /proc/self/fd")


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temporary files of the samples go here, so that leftovers are easy to see."""
    path = tmp_path / "tmp"
    path.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    yield path


#: Known upstream behaviour, cooperative db-user-lookup only: a query or connect() cancelled
#: half-way makes aiosqlite (0.22) / SQLAlchemy drop that connection instead of closing it.
#: Once unreferenced, its finalizers close it (no fd, no thread is left: checked below), but
#: they warn (the sqlite3 warning is new in Python 3.13).
AIOSQLITE_DROPPED = ("unclosed database in <sqlite3.Connection",
                     "<aiosqlite.core.Connection object")


@contextlib.contextmanager
def nothing_left_behind(temp_dir: Path,
                        tolerate: tuple[str, ...] = ()) -> Iterator[None]:
    gc.collect()
    threads, fds = thread_count(), open_fds()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        yield
        gc.collect()  # an unclosed socket or database would warn here
    assert settled(threads, thread_count) == threads, \
        f"a thread was left running: {[t.name for t in threading.enumerate()]}"
    assert settled(fds, open_fds) == fds, "an fd was left open"
    assert list(temp_dir.iterdir()) == [], "a temporary file was left"
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)
             and not str(w.message).startswith(tolerate)]
    assert leaks == []


def tolerated(name: str) -> tuple[str, ...]:
    return AIOSQLITE_DROPPED if name == "db-user-lookup" else ()


def forever(name: str) -> dict[str, Any]:
    return {**SMALL[name], "forever": True}


@pytest.mark.parametrize("name", NAMES)
def test_cancelling_the_cooperative_version_mid_flight_leaves_nothing(
        name: str, temp_dir: Path) -> None:
    workload = registry.get(name)
    with nothing_left_behind(temp_dir, tolerated(name)):
        loop = new_loop()
        try:
            task = loop.create_task(workload.cooperative(**workload.validate(forever(name))))
            loop.run_until_complete(asyncio.sleep(0.15))
            assert not task.done(), task
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                loop.run_until_complete(task)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()


@pytest.mark.parametrize("name", NAMES)
def test_cancelling_the_preemptive_version_mid_flight_leaves_nothing(
        name: str, temp_dir: Path) -> None:
    with nothing_left_behind(temp_dir):
        run = PreemptiveRun(registry.get(name), forever(name), Recorder()).start()
        time.sleep(0.15)
        assert not run.done()
        run.cancel()
        with pytest.raises(Cancelled):
            run.result(timeout=5)
        assert run.join(timeout=5)
        assert run.leftovers == []  # the sample closed everything itself
        threads = run.runtime.threads
        assert threads and all(t.done.is_set() for t in threads)


def launch_cancel_stop(name: str, cancel_first: bool) -> None:
    """Launch twice on an engine; cancel the first (if asked); close the app."""
    engine = Engine()
    try:
        first = engine.launch(registry.get(name), forever(name))
        second = engine.launch(registry.get(name), forever(name))
        time.sleep(0.2)
        if cancel_first:
            engine.cancel(first.id).result(timeout=5)
            with pytest.raises(Exception) as info:
                first.result.result(timeout=5)
            assert info.type.__name__ == "CancelledError"
            assert not second.result.done()
    finally:
        assert engine.stop(timeout=5)  # closing the app with a sample still running
    assert first.result.cancelled() and second.result.cancelled()
    # (returning drops the engine, and its record of the cancelled tasks with it)


@pytest.mark.parametrize("name", ["db-user-lookup", "stream-fanout"])
def test_cancelling_through_the_engine_cleans_up(name: str, temp_dir: Path) -> None:
    with nothing_left_behind(temp_dir, tolerated(name)):
        launch_cancel_stop(name, cancel_first=True)


# Closing the app cancels every task of the engine's loop at once, including the tasks a
# sample's clean-up waits for (Engine._shutdown). db-user-lookup is left out here: a database
# query cancelled half-way may leave its pooled aiosqlite connection behind.
@pytest.mark.parametrize("name", ["tcp-echo", "stream-fanout", "executor",
                                  "server-under-load"])
def test_closing_the_app_with_a_sample_running_cleans_up(name: str, temp_dir: Path) -> None:
    with nothing_left_behind(temp_dir):
        launch_cancel_stop(name, cancel_first=False)


def test_stop_set_from_outside_cancels_run_preemptive(temp_dir: Path) -> None:
    stop = threading.Event()
    with nothing_left_behind(temp_dir):
        timer = threading.Timer(0.1, stop.set)
        timer.start()
        with pytest.raises(Cancelled):
            run_preemptive(registry.get("db-user-lookup"), forever("db-user-lookup"), Recorder(),
                           stop=stop)
        timer.join()


# -- failures: a clear message, and the rest carries on --------------------------------------------
@pytest.mark.parametrize("name,kind", [("tcp-echo", socket.SOCK_STREAM),
                                       ("udp-ping", socket.SOCK_DGRAM),
                                       ("server-under-load", socket.SOCK_STREAM)])
@pytest.mark.parametrize("mode", ["cooperative", "preemptive"])
def test_a_port_that_cannot_be_bound_is_a_clear_message(
        name: str, kind: int, mode: str, temp_dir: Path) -> None:
    with socket.socket(socket.AF_INET, kind) as taken:
        taken.bind(("127.0.0.1", 0))
        if kind == socket.SOCK_STREAM:
            taken.listen()
        port = taken.getsockname()[1]
        params = {**SMALL[name], "port": port}
        with nothing_left_behind(temp_dir), pytest.raises(WorkloadError) as info:
            if mode == "cooperative":
                run_cooperative(name, params)
            else:
                run_preemptive(registry.get(name), params, Recorder())
    message = str(info.value)
    assert name in message and f"127.0.0.1:{port}" in message
    assert "Address already in use" in message or "in use" in message.lower()


@pytest.mark.parametrize("mode", ["cooperative", "preemptive"])
def test_a_database_that_cannot_be_created_is_a_clear_message(
        mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "no such folder"
    monkeypatch.setattr(tempfile, "tempdir", str(missing))
    threads, fds = thread_count(), open_fds()
    with pytest.raises(WorkloadError) as info:
        if mode == "cooperative":
            run_cooperative("db-user-lookup", SMALL["db-user-lookup"])
        else:
            run_preemptive(registry.get("db-user-lookup"), SMALL["db-user-lookup"], Recorder())
    assert "cannot create the temporary database" in str(info.value)
    assert str(missing) in str(info.value)
    assert settled(threads, thread_count) == threads
    assert settled(fds, open_fds) == fds


def test_a_client_that_raises_is_reported_and_the_others_carry_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_client = tcp_echo.echo_client
    real_thread = tcp_echo.echo_client_thread

    async def flaky_client(i: int, *args: Any) -> Any:
        if i == 1:
            raise RuntimeError("client 1 broke")
        return await real_client(i, *args)

    def flaky_thread(rt: ThreadRuntime, i: int, *args: Any) -> Any:
        if i == 1:
            raise RuntimeError("client 1 broke")
        return real_thread(rt, i, *args)

    monkeypatch.setattr(tcp_echo, "echo_client", flaky_client)
    monkeypatch.setattr(tcp_echo, "echo_client_thread", flaky_thread)
    params = {**SMALL["tcp-echo"], "clients": 3}
    coop, _, _ = run_cooperative("tcp-echo", params)
    threads = run_preemptive(registry.get("tcp-echo"), params, Recorder())
    for result in (coop, threads):
        assert result["errors"] == ["client-1: RuntimeError: client 1 broke"]
        assert result["sent"] == result["echoed"] == 2 * 3 * 32  # the two others finished


def test_a_thread_that_raises_ends_alone_with_its_error_recorded() -> None:
    from app.trace.events import Ev, Event, Outcome

    rec = Recorder()
    rt = ThreadRuntime(rec)

    def ok(n: int) -> int:
        rt.sleep(0.01)
        return n

    def broken() -> None:
        raise ValueError("bad input")

    try:
        threads = [rt.spawn(ok, 1, name="ok-1"), rt.spawn(broken, name="broken"),
                   rt.spawn(ok, 2, name="ok-2")]
        results = rt.gather(threads)
    finally:
        assert rt.shutdown() == []
    assert results[0] == 1 and results[2] == 2
    assert isinstance(results[1], ValueError)
    exited = {e.task: (e.a, rec.strings[e.b]) for e in map(Event.of, rec.drain())
              if e.kind == Ev.TASK_EXITED}
    assert exited[threads[1].serial] == (Outcome.ERROR, "ValueError: bad input")
    assert exited[threads[0].serial][0] == exited[threads[2].serial][0] == Outcome.OK
