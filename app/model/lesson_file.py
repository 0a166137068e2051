"""Lesson files: what a lesson is, read from one TOML file in ``resources/lessons/``.

A lesson is data, so that a teacher can write one without Python: the scene it starts (a
sample or scenario paused before its first unit, a comparison, or a saved session), then its
steps, each with a narration in English and in Chinese, the views it points at, what ends it
and, optionally, a question for the learner. The README's "Lessons" section documents the
format; :mod:`app.model.lessons` runs a lesson against the recording.

Facts about the format → what this means for us:

- ``tomllib`` (the standard library since 3.11) reads TOML and nothing else is needed.
  → No dependency, and a syntax error comes with its line and column, which the message keeps.
- A lesson's narration is data, not code, so Qt's lupdate never sees it.
  → Each text carries both languages itself (``{ en = "…", zh = "…" }``), and the loader
  refuses a lesson that lacks either: no learner meets an untranslated step.
- One bad file must not take the other lessons with it.
  → :func:`load_lessons` returns the good lessons and, separately, one :class:`LessonError`
  per bad file, each naming the file and the field (``02-readiness.toml: step 3: until.event:
  "FD_REGISTERED" is not an event kind``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.model.state import TaskStateCode
from app.trace.events import Cause, Ev, Wait
from app.trace.text import QT_TR_NOOP, Sentence

#: The languages every text of a lesson has: English, and Simplified Chinese.
LANGUAGES = ("en", "zh")

#: The docks a lesson may show (the main window's keys for them).
DOCKS = frozenset({"board", "lists", "launcher", "timeline", "activity", "log", "metrics",
                   "inspector", "source", "lessons"})

#: What a step may point at: an area of the board, the newest log row, a timeline lane, the
#: source pane, the ready queue of the state lists, the compare window's table or timelines.
SPOTLIGHTS = frozenset({
    "board:kernel", "board:io", "board:timer", "board:waiting", "board:thread",
    "board:ready", "board:running", "board:done", "board:caption",
    "log:last", "timeline:loop", "timeline:task", "source", "state:ready",
    "compare:table", "compare:timelines",
})

#: Next's pause between units unless a lesson says otherwise (ms).
PACE_MS = 150.0

#: The questions a step may ask (app.model.lessons decides and settles each).
QUESTIONS = frozenset({"next_task", "timeout_from", "poll_fds", "first_handler"})

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_STATES = {s.name.lower(): int(s) for s in TaskStateCode}


class LessonError(Exception):
    """A lesson file that cannot be used, with the file and the field that say why.

    ``str()`` is English; a view words it with ``error_text(exc, tr)``."""

    def __init__(self, message: Sentence, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True)
class Text:
    """One text in both languages."""

    en: str
    zh: str

    def pick(self, language: str) -> str:
        """The text in ``language`` ("zh_CN", "zh", "en", "en_US"...): Chinese for any
        ``zh``, English otherwise."""
        return self.zh if language.lower().startswith("zh") else self.en


@dataclass(frozen=True, slots=True)
class Condition:
    """What ends a step. ``form`` is "event", "state", "queue" (the ready queue is empty:
    every task waits for something), "compare" or "next"."""

    form: str
    event: int = 0  # Ev (form "event")
    task: str = ""  # fnmatch pattern over the task's name or coroutine ("" = any)
    cause: int = 0  # Cause of a READY event (0 = any)
    wait: int = -1  # Wait of a STEP_END (-1 = any)
    count: int = 1  # the N-th matching event ends the step
    blocking: bool = False  # POLL_BEGIN / POLL_END: only a wait whose timeout is not 0
    state: int = -1  # TaskStateCode (form "state")


@dataclass(frozen=True, slots=True)
class Step:
    say: Text
    show: tuple[str, ...] = ()
    until: Condition = Condition("next")
    ask: str = ""  # a QUESTIONS kind, "" for none


@dataclass(frozen=True, slots=True)
class Start:
    """The scene a lesson opens on. Exactly one of ``workload``, ``compare``, ``session``."""

    workload: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    backend: str = ""
    docks: tuple[str, ...] = ()
    hide_own: bool = True
    compare: str = ""
    session: str = ""  # absolute path of a saved session (resolved against resources/)
    versus: str = ""  # a second saved session, compared with ``session``
    #: The pause between two units when Next runs the loop to a step's end, so that each
    #: move animates and can be followed (0: as fast as the window can show them).
    pace_ms: float = PACE_MS


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    order: int
    title: Text
    summary: Text
    start: Start
    steps: tuple[Step, ...]
    path: Path


class _Reader:
    """Reads one lesson file's table, raising a :class:`LessonError` that names the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: Sentence) -> LessonError:
        return LessonError(Sentence(QT_TR_NOOP("{file}: {field}: {problem}"),
                                    file=self.path.name, field=where, problem=problem),
                           self.path)

    def table(self, data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, Mapping):
            raise self.fail(where, Sentence(QT_TR_NOOP("a table is required")))
        return value

    def string(self, data: Mapping[str, Any], key: str, where: str, default: str | None = None,
               ) -> str:
        value = data.get(key, default)
        if value is None:
            raise self.fail(where, Sentence(QT_TR_NOOP("this field is required")))
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(where, Sentence(QT_TR_NOOP("a non-empty text is required")))
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str) -> Text:
        table = self.table(data, key, where)
        texts = [self.string(table, lang, f"{where}.{lang}") for lang in LANGUAGES]
        return Text(*texts)

    def names(self, data: Mapping[str, Any], key: str, where: str, allowed: frozenset[str],
              ) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, Sentence(QT_TR_NOOP("a list of names is required")))
        for name in value:
            if name not in allowed:
                raise self.fail(where, Sentence(
                    QT_TR_NOOP("{name!r} is not one of {allowed}"), name=name,
                    allowed=", ".join(sorted(allowed))))
        return tuple(value)

    def enum_name(self, value: object, where: str, names: Mapping[str, int], what: Sentence,
                  ) -> int:
        if not isinstance(value, str) or value.upper() not in names:
            raise self.fail(where, Sentence(QT_TR_NOOP("{value!r} is not {what}"),
                                            value=value, what=what))
        return names[value.upper()]

    def condition(self, data: Mapping[str, Any], where: str) -> Condition:
        forms = [f for f in ("event", "state", "queue", "compare", "next") if f in data]
        if len(forms) != 1:
            raise self.fail(where, Sentence(QT_TR_NOOP(
                "exactly one of event, state, queue, compare or next is required")))
        form = forms[0]
        known = {"event": {"event", "task", "cause", "wait", "count", "blocking"},
                 "state": {"state", "task"}, "queue": {"queue"}, "compare": {"compare"},
                 "next": {"next"}}[form]
        for key in data:
            if key not in known:
                raise self.fail(f"{where}.{key}", Sentence(QT_TR_NOOP(
                    "not a field of this condition (fields: {fields})"),
                    fields=", ".join(sorted(known))))
        task = self.string(data, "task", f"{where}.task", "")
        if form == "next":
            if data["next"] is not True:
                raise self.fail(f"{where}.next", Sentence(QT_TR_NOOP("must be true")))
            return Condition("next")
        if form == "queue":
            if data["queue"] != "empty":
                raise self.fail(f"{where}.queue", Sentence(QT_TR_NOOP('must be "empty"')))
            return Condition("queue")
        if form == "compare":
            if data["compare"] != "done":
                raise self.fail(f"{where}.compare", Sentence(QT_TR_NOOP('must be "done"')))
            return Condition("compare")
        if form == "state":
            state = self.enum_name(data["state"], f"{where}.state",
                                   {k.upper(): v for k, v in _STATES.items()},
                                   Sentence(QT_TR_NOOP("a task state")))
            return Condition("state", task=task, state=state)
        kinds = {e.name: int(e) for e in Ev}
        event = self.enum_name(data["event"], f"{where}.event", kinds,
                               Sentence(QT_TR_NOOP("an event kind")))
        cause = 0
        if "cause" in data:
            cause = self.enum_name(data["cause"], f"{where}.cause",
                                   {c.name: int(c) for c in Cause},
                                   Sentence(QT_TR_NOOP("a cause")))
        wait = -1
        if "wait" in data:
            wait = self.enum_name(data["wait"], f"{where}.wait", {w.name: int(w) for w in Wait},
                                  Sentence(QT_TR_NOOP("a wait")))
        count = data.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise self.fail(f"{where}.count", Sentence(QT_TR_NOOP(
                "a whole number of at least 1 is required")))
        blocking = data.get("blocking", False)
        if not isinstance(blocking, bool) or (blocking and event not in (Ev.POLL_BEGIN,
                                                                         Ev.POLL_END)):
            raise self.fail(f"{where}.blocking", Sentence(QT_TR_NOOP(
                "true or false, and only for POLL_BEGIN or POLL_END")))
        return Condition("event", event=event, task=task, cause=cause, wait=wait, count=count,
                         blocking=blocking)

    def step(self, data: object, where: str) -> Step:
        if not isinstance(data, Mapping):
            raise self.fail(where, Sentence(QT_TR_NOOP("a table is required")))
        for key in data:
            if key not in ("say", "show", "until", "ask"):
                raise self.fail(f"{where}.{key}", Sentence(QT_TR_NOOP(
                    "not a field of a step (fields: say, show, until, ask)")))
        until = Condition("next")
        if "until" in data:
            until = self.condition(self.table(data, "until", f"{where}.until"),
                                   f"{where}.until")
        ask = self.string(data, "ask", f"{where}.ask", "")
        if ask and ask not in QUESTIONS:
            raise self.fail(f"{where}.ask", Sentence(
                QT_TR_NOOP("{name!r} is not one of {allowed}"), name=ask,
                allowed=", ".join(sorted(QUESTIONS))))
        return Step(self.text(data, "say", f"{where}.say"),
                    self.names(data, "show", f"{where}.show", SPOTLIGHTS), until, ask)

    def start(self, data: Mapping[str, Any]) -> Start:
        start = self.table(data, "start", "start")
        fields = {"workload", "params", "backend", "docks", "hide_own", "compare", "session",
                  "versus", "pace_ms"}
        for key in start:
            if key not in fields:
                raise self.fail(f"start.{key}", Sentence(QT_TR_NOOP(
                    "not a field of start (fields: {fields})"), fields=", ".join(sorted(fields))))
        scenes = [k for k in ("workload", "compare", "session") if k in start]
        if len(scenes) != 1:
            raise self.fail("start", Sentence(QT_TR_NOOP(
                "exactly one of workload, compare or session is required")))
        params = start.get("params", {})
        if not isinstance(params, Mapping):
            raise self.fail("start.params", Sentence(QT_TR_NOOP("a table is required")))
        hide_own = start.get("hide_own", True)
        if not isinstance(hide_own, bool):
            raise self.fail("start.hide_own", Sentence(QT_TR_NOOP("true or false is required")))
        pace = start.get("pace_ms", PACE_MS)
        if isinstance(pace, bool) or not isinstance(pace, (int, float)) or not 0 <= pace <= 5000:
            raise self.fail("start.pace_ms", Sentence(QT_TR_NOOP(
                "a number of milliseconds from 0 to 5000 is required")))
        session = self.session(start, "session")
        versus = self.session(start, "versus")
        if versus and not session:
            raise self.fail("start.versus", Sentence(QT_TR_NOOP("needs start.session")))
        return Start(self.string(start, "workload", "start.workload", ""), dict(params),
                     self.string(start, "backend", "start.backend", ""),
                     self.names(start, "docks", "start.docks", DOCKS), hide_own,
                     self.string(start, "compare", "start.compare", ""), session, versus,
                     float(pace))

    def session(self, start: Mapping[str, Any], key: str) -> str:
        """A saved session's path, resolved against the resources folder (the lesson's
        parent), and required to exist."""
        name = self.string(start, key, f"start.{key}", "")
        if not name:
            return ""
        path = (self.path.parent.parent / name).resolve()
        if not path.is_file():
            raise self.fail(f"start.{key}", Sentence(QT_TR_NOOP("no such file: {path}"),
                                                     path=str(path)))
        return str(path)


def load_lesson(path: Path) -> Lesson:
    """The lesson in ``path``; :class:`LessonError` naming the file and field if it is not
    one."""
    reader = _Reader(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise reader.fail("TOML", Sentence(QT_TR_NOOP("not valid TOML: {error}"),
                                           error=str(exc))) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise reader.fail("file", Sentence(QT_TR_NOOP("cannot be read: {error}"),
                                           error=str(exc))) from exc
    for key in data:
        if key not in ("id", "order", "title", "summary", "start", "step"):
            raise reader.fail(key, Sentence(QT_TR_NOOP(
                "not a field of a lesson (fields: id, order, title, summary, start, step)")))
    lesson_id = reader.string(data, "id", "id")
    if not _ID.fullmatch(lesson_id):
        raise reader.fail("id", Sentence(QT_TR_NOOP(
            "{value!r} is not an id: lower-case letters, digits and dashes"), value=lesson_id))
    order = data.get("order")
    if not isinstance(order, int) or isinstance(order, bool):
        raise reader.fail("order", Sentence(QT_TR_NOOP("a whole number is required")))
    steps = data.get("step")
    if not isinstance(steps, list) or not steps:
        raise reader.fail("step", Sentence(QT_TR_NOOP(
            "at least one [[step]] table is required")))
    return Lesson(lesson_id, order, reader.text(data, "title", "title"),
                  reader.text(data, "summary", "summary"), reader.start(data),
                  tuple(reader.step(s, f"step {n}") for n, s in enumerate(steps, 1)), path)


def load_lessons(folder: Path) -> tuple[list[Lesson], list[LessonError]]:
    """Every ``*.toml`` lesson in ``folder``, in their order, and one error per file that is
    not a lesson (a second file with an id already taken is one too)."""
    lessons: list[Lesson] = []
    errors: list[LessonError] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            errors.append(exc)
            continue
        if lesson.id in seen:
            errors.append(_Reader(path).fail("id", Sentence(QT_TR_NOOP(
                "{value!r} is already the id of {other}"), value=lesson.id,
                other=seen[lesson.id].name)))
            continue
        seen[lesson.id] = path
        lessons.append(lesson)
    lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    return lessons, errors
