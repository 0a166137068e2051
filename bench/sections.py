"""The registry of benchmark sections, and the contract a section module fulfils.

A section is a module under ``bench/`` with:

``TITLE: str``
    the heading printed above its table;
``jobs(quick: bool) -> list[Job]``
    the measurements of *one round*, in the order they run inside the round (the variants of
    one case next to each other, so machine noise hits them alike);
``measure(case: str, variant: str, quick: bool) -> dict``
    runs in a fresh child process (``python -m bench.run_one``) and returns what it measured
    as JSON-able data (``"value"`` is the headline number where there is one);
``summarise(results: Results, quick: bool) -> Report``
    turns every round's data (of this and earlier sections) into the printed table.

Every registered section is reported: one whose module does not exist yet says
"not built yet", one that fails to import says so with the error. Nothing is skipped silently.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import defaultdict
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    module: str
    #: What the section will measure (printed while it is not built yet).
    plan: str
    #: A standalone script that already measures part of it (named while not built).
    see: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("throughput", "1. Loop throughput", "bench.throughput",
            "callback / task-step / queue / TCP echo rates on every loop variant"),
    Section("recording", "2. Recording cost", "bench.recording",
            "µs per recorded event, bytes per stored event, drops"),
    Section("timers", "3. Timer accuracy", "bench.timers",
            "lateness of asyncio.sleep(0.0015) on every loop variant"),
    Section("gui_fps", "4. GUI frame rate under load", "bench.gui_fps",
            "frames/s and worst frame gap of the main window while the engine storms",
            see="python -m bench.soak (make soak); python -m bench.timeline_bench"),
    Section("qt_host", "5. Qt host vs qasync", "bench.qt_host",
            "the SteppableLoop driven by Qt's dispatcher vs qasync: echo RTT, timer error"),
    Section("store_ops", "6. Trace store: jump / save / load", "bench.store_ops",
            "seek to an event, save and load a trace of 10^6 events",
            see="python -m bench.reducer_bench; python -m bench.tracefile_bench"),
    Section("startup", "7. Start-up time", "bench.startup",
            "process start to first painted frame"),
    Section("gui_gap", "8. GUI responsiveness during a 2 s CPU step", "bench.gui_gap",
            "worst gap of a 10 ms GUI timer while one task holds the observed loop for 2 s"),
)


@dataclass(frozen=True)
class Job:
    """One measurement of one round: a fresh child process runs ``measure(case, variant)``."""

    section: str
    case: str
    variant: str
    #: Set when the job cannot run here (e.g. uvloop "not installed"): it is reported, not run.
    skip: str | None = None


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""


@dataclass
class Report:
    """What a section prints, and the same as data for the JSON file."""

    title: str
    status: str = "ok"  # "ok", "not built yet", "import error: ...", "failed: ..."
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


#: Clocks a throughput can be computed from (see ``python -m bench --help``).
CLOCKS = ("cpu", "wall")


class Results:
    """Every round's output, by (section, case, variant); errors and skips kept apart."""

    def __init__(self, clock: str = "cpu") -> None:
        if clock not in CLOCKS:
            raise ValueError(f"clock must be one of {CLOCKS}")
        #: Which clock rates and times are computed from: "cpu" (process CPU time) or "wall".
        self.clock = clock
        self.runs: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        self.errors: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.skipped: dict[tuple[str, str, str], str] = {}

    def add(self, job: Job, data: dict[str, Any]) -> None:
        self.runs[(job.section, job.case, job.variant)].append(data)

    def value(self, run: dict[str, Any]) -> float:
        """A run's headline rate on the chosen clock."""
        return float(run["value_cpu"] if self.clock == "cpu" else run["value"])

    def seconds(self, run: dict[str, Any]) -> list[float]:
        """A run's measured seconds on the chosen clock."""
        return list(run["cpu_seconds"] if self.clock == "cpu" else run["seconds"])

    def get(self, section: str, case: str, variant: str) -> list[dict[str, Any]]:
        return self.runs.get((section, case, variant), [])

    def status(self, section: str, case: str, variant: str) -> str | None:
        """Why there is no data for this cell (``None`` when there is some)."""
        key = (section, case, variant)
        if key in self.skipped:
            return self.skipped[key]
        if self.runs.get(key):
            return None
        if self.errors.get(key):
            return "error"
        return "not run"


def load(section: Section) -> tuple[ModuleType | None, str]:
    """The section's module and its status: "ok", "not built yet" or "import error: ..."."""
    try:
        spec = importlib.util.find_spec(section.module)
    except (ImportError, ValueError) as exc:  # pragma: no cover - broken package
        return None, f"import error: {exc}"
    if spec is None:
        return None, "not built yet"
    try:
        return importlib.import_module(section.module), "ok"
    except Exception as exc:
        return None, f"import error: {type(exc).__name__}: {exc}"


def by_key(key: str) -> Section:
    for section in SECTIONS:
        if section.key == key:
            return section
    raise KeyError(f"no section {key!r}; sections: {', '.join(s.key for s in SECTIONS)}")
