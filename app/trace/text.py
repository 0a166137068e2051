"""Every sentence LoopScope says about a recording: the one vocabulary.

The event log (the window's and ``loopscope log``'s, through :mod:`app.trace.log`), the board's
captions, the inspector, the state view, the status bar and the Perfetto export's names
(:class:`TraceNames`) take their words from here; the compare explanations
(``app.model.compare.explain``), which word measures rather than events, take the same
:data:`Translate`. Pure functions (no Qt): each sentence goes through a :data:`Translate`
function, :func:`identity` by default; the Qt layer passes its own ``tr``.

Two recordings speak the same vocabulary (:mod:`app.trace.events`): the traced asyncio loop
(*cooperative*) and OS threads (*preemptive*, :data:`PREEMPTIVE`). :class:`Describer` words every
event kind, wait, cause, outcome and command for both. Its methods dispatch with ``match`` over
the enum and end in ``assert_never``: a member added to the vocabulary without its sentence is
a type error, and ``tests/trace/test_vocabulary.py`` fails on it too. A value this version does
not know (a newer recording) reads "..., unknown to this version": never an exception.

A recording on IOCP (Windows) uses the FD kinds for *overlapped operations*
(:mod:`app.trace.events`): the Describer of such a recording (``completion`` is true) words
them as operations started, completion packets dequeued and futures set, never as fds that
"became readable", which is the readiness model of the other backends.

Every description says what was *recorded*. What the recording infers (a thread that lost the GIL
in the middle of its work: ``Cause.PREEMPTED``) says "inferred".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from enum import IntEnum
from typing import assert_never

from app.trace.events import (
    PREEMPTIVE,
    READ,
    WAIT_UNKNOWN,
    WRITE,
    Cause,
    Control,
    Ev,
    Outcome,
    PeerAction,
    TaskName,
    Wait,
    mask_text,
    string_at,
)

Translate = Callable[[str], str]


def identity(text: str) -> str:
    """The translation of a sentence when no language is chosen: itself (English)."""
    return text


def QT_TR_NOOP(text: str) -> str:
    """Marks ``text`` for translation where it is defined (a workload's title, a legend's
    words) and returns it unchanged: lupdate collects it, and the code that shows it passes it
    through ``tr`` then, in the language of that moment."""
    return text


class Sentence:
    """A sentence made in a layer that knows no language (an error raised by the runtime, a
    session file's complaint): its English template, marked with :func:`QT_TR_NOOP`, and the
    fields that fill it. ``str()`` is the English sentence (logs, tracebacks, tests);
    :meth:`text` the sentence in the language of the one who shows it. A field that is itself
    a Sentence is translated too."""

    __slots__ = ("fields", "template")

    def __init__(self, template: str, **fields: object) -> None:
        self.template = template
        self.fields = fields

    def text(self, tr: Translate = identity) -> str:
        return tr(self.template).format(**{
            k: v.text(tr) if isinstance(v, Sentence) else v for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Sentence({self.text()!r})"


def error_text(error: BaseException, tr: Translate = identity) -> str:
    """What an exception says, in the language of ``tr``: translated where it was raised with
    a :class:`Sentence`, as it is otherwise (a message from Python or the OS)."""
    if error.args and isinstance(error.args[0], Sentence):
        return error.args[0].text(tr)
    return str(error)


#: A mask in words, by mask (none, READ, WRITE, both): for a sentence, and one short word for a
#: narrow row (``mask_text`` is the code exported traces use, "read+write").
MASK_WORDS = (QT_TR_NOOP("nothing"), QT_TR_NOOP("readable"), QT_TR_NOOP("writable"),
              QT_TR_NOOP("readable+writable"))
MASK_SHORT = (QT_TR_NOOP("none"), QT_TR_NOOP("read"), QT_TR_NOOP("write"),
              QT_TR_NOOP("read+write"))


def mask_words(mask: int, tr: Translate = identity, short: bool = False) -> str:
    """An interest or readiness mask in words: "readable", "writable", "readable+writable";
    ``short``: "read", "write", "read+write"."""
    return tr((MASK_SHORT if short else MASK_WORDS)[mask & (READ | WRITE)])


#: Full-width marks that end a Chinese sentence or clause: what follows needs no space.
_FULL_WIDTH_ENDS = tuple("。！？；：，）」』")


def sentence_gap(previous: str) -> str:
    """What goes between ``previous`` and the next sentence: a space after English, nothing
    after Chinese (it ends in a full-width mark; 。 followed by a space reads as a typo)."""
    return "" if previous.endswith(_FULL_WIDTH_ENDS) else " "


def join_sentences(*sentences: str) -> str:
    """Sentences one after another, as prose of their language (see :func:`sentence_gap`)."""
    text = ""
    for sentence in sentences:
        text = f"{text}{sentence_gap(text) if text else ''}{sentence}"
    return text


#: How a recorded run ended, as ``loopscope record`` saves it in the session (English, the
#: words of its outcome note): the two bare words, marked here.
OUTCOME_WORDS = (QT_TR_NOOP("ok"), QT_TR_NOOP("failed"))


def outcome_words(outcome: str, tr: Translate = identity) -> str:
    """A saved session's outcome in the language of ``tr``: a fixed note ("ok", "interrupted
    (Ctrl+C)") is translated, one with a number in it ("stopped after 5 s") stays as saved."""
    return tr(outcome) if outcome else "?"


def fmt_result(result: object) -> str:
    """A workload's result for a status line: ``{'max_rtt_ms': 1.234567}`` reads
    "max_rtt_ms 1.23"; numbers get thousands separators and at most two decimals."""
    def value(v: object) -> str:
        if isinstance(v, bool) or not isinstance(v, int | float):
            return str(v)
        if isinstance(v, int):
            return f"{v:,}"
        return f"{v:,.2f}".rstrip("0").rstrip(".")

    if isinstance(result, dict):
        return ", ".join(f"{k} {value(v)}" for k, v in result.items())
    return value(result)


def fmt_ns(ns: int) -> str:
    """A duration in the unit a person reads best."""
    if ns < 0:
        return "∞"
    if ns == 0:
        return "0"
    if ns < 10_000:
        return f"{ns / 1000:.1f} µs"
    if ns < 10_000_000:
        return f"{ns / 1e6:.2f} ms"
    if ns < 10_000_000_000:
        return f"{ns / 1e6:.0f} ms"
    return f"{ns / 1e9:.1f} s"


def fmt_elapsed(ns: int) -> str:
    """How long something has lasted ("for 0 ms" at the instant it began, never "for 0")."""
    return fmt_ns(ns) if ns else "0 ms"


#: The system call in which each backend's loop blocks.
WAIT_CALLS = {"epoll": "epoll_wait", "kqueue": "kevent", "poll": "poll", "select": "select",
              "iocp": "GetQueuedCompletionStatus"}
#: The call that adds an fd to a kernel-side interest list (poll and select keep theirs in
#: user space and pass it on every wait).
REGISTER_CALLS = {"epoll": "epoll_ctl", "kqueue": "kevent"}
#: Backends whose queue reports *completed operations* rather than ready fds.
COMPLETION_BACKENDS = frozenset({"iocp"})
#: The Win32 call behind each ``IocpProactor`` method that starts an overlapped operation (the
#: string an IOCP recording's FD_REGISTER names; "(pipe)" marks a pipe handle, not a socket:
#: ``app/runtime/backends/iocp.py``). A name not listed is shown as recorded.
OVERLAPPED_CALLS = {
    "recv": "WSARecv", "recv_into": "WSARecv", "recvfrom": "WSARecvFrom",
    "recvfrom_into": "WSARecvFrom", "send": "WSASend", "sendto": "WSASendTo",
    "accept": "AcceptEx", "connect": "ConnectEx", "sendfile": "TransmitFile",
    "accept_pipe": "ConnectNamedPipe", "recv (pipe)": "ReadFile",
    "recv_into (pipe)": "ReadFile", "send (pipe)": "WriteFile",
}


def overlapped_call(op: str) -> str:
    """The Win32 call that started the overlapped operation ``op`` ("recv" → "WSARecv")."""
    return OVERLAPPED_CALLS.get(op, op)


#: What an older recording wrote before the launched name in a LAUNCH command's string
#: ("launch cpu-hog (2)"); it now holds the name alone. No launched label begins with it:
#: sample names are one hyphenated word, scripts are "script:FILE".
_OLD_LAUNCH_PREFIX = "launch "

#: The conditions of a preemptive run as older recordings wrote them in THREADS_INFO's string,
#: as an English sentence: "cpython 3.11.7 · GIL on · 2 CPUs · switch interval 5 ms · gap
#: threshold 50 µs". Parsed into the facts it holds, so it is worded like a new recording.
_OLD_CONDITIONS = re.compile(
    r"(?P<python>.+?) · GIL (?:on|off \(free-threaded\)) · (?P<cpus>\d+|\?) CPUs · "
    r"switch interval [\d.e+-]+ ms · gap threshold (?P<gap_us>[\d.e+-]+) µs")


def conditions_facts(text: str) -> dict[str, object] | None:
    """The facts a THREADS_INFO string holds (``python``, ``cpus``, ``gap_ns``: see
    :mod:`app.trace.events`): a JSON object, or an older recording's sentence parsed.
    None for a string that is neither (it is then shown as it is)."""
    if text.startswith("{"):
        try:
            facts = json.loads(text)
        except ValueError:
            return None
        return facts if isinstance(facts, dict) else None
    old = _OLD_CONDITIONS.fullmatch(text)
    if old is None:
        return None
    cpus = old["cpus"]
    return {"python": old["python"], "cpus": int(cpus) if cpus.isdigit() else 0,
            "gap_ns": round(float(old["gap_us"]) * 1000)}


def _short_number(value: float) -> str:
    """5.0 → "5", 0.5 → "0.5": a setting as the user typed it."""
    return f"{value:g}"


class Describer:
    """Turns (kind, task, a, b, c) into words, given the names a recording knows.

    ``backend`` is that of the recording described — the loop's ("epoll", "poll", …) or
    :data:`PREEMPTIVE` — or a function returning it, for a recording still being made (its
    first event says which). Sentences about a poll name the backend their event carries.
    """

    def __init__(self, strings: list[str], task_name: TaskName,
                 backend: str | Callable[[], str] = "", tr: Translate = identity) -> None:
        self.strings = strings
        self.task_name = task_name
        self._backend = backend
        self.tr = tr

    @property
    def backend(self) -> str:
        backend = self._backend
        return backend if isinstance(backend, str) else backend()

    @property
    def preemptive(self) -> bool:
        """A recording of OS threads (app.runtime.preemptive): each "task" is a thread."""
        return self.backend == PREEMPTIVE

    @property
    def completion(self) -> bool:
        """A completion-based queue (IOCP): its FD events are overlapped operations."""
        return self.backend in COMPLETION_BACKENDS

    def operation(self, sid: int) -> str:
        """The Win32 call of the overlapped operation named by string ``sid`` ("WSARecv"), or
        "(call not recorded)", which the sentences around it read as the call's name."""
        tr = self.tr
        if sid > 0:
            return overlapped_call(self.s(sid))
        return tr("(call not recorded)")

    def s(self, sid: int) -> str:
        """String ``sid`` of the recording (see :func:`string_at`)."""
        return string_at(self.strings, sid)

    def wait_call(self, backend_sid: int = 0) -> str:
        """The call the loop blocks in: that of the backend an event names (POLL_BEGIN and
        POLL_END carry its string id), else that of the recording."""
        tr = self.tr
        backend = self.s(backend_sid) if backend_sid > 0 else self.backend
        return WAIT_CALLS.get(backend) or tr("the kernel wait")

    def register_text(self) -> str:
        """How the recording's loop has an fd watched (the first step of the readiness flow)."""
        tr = self.tr
        backend = self.backend
        if backend in REGISTER_CALLS:
            return tr("the loop tells the kernel ({call}) to watch an fd").format(
                call=REGISTER_CALLS[backend])
        if backend == "iocp":
            return tr("the loop starts an overlapped operation that the kernel completes")
        return tr("the loop adds the fd to the set it hands to {call} at every wait").format(
            call=self.wait_call())

    def control(self, control: int) -> str:
        """A LoopScope command, in a word or two ("pause", "slow motion")."""
        tr = self.tr
        if control not in Control._value2member_map_:
            return tr("command {n}, unknown to this version").format(n=control)
        member = Control(control)
        match member:
            case Control.PAUSE:
                return tr("pause")
            case Control.RESUME:
                return tr("resume")
            case Control.STEP:
                return tr("step")
            case Control.LAUNCH:
                return tr("launch")
            case Control.CANCEL:
                return tr("cancel")
            case Control.STOP:
                return tr("stop")
            case Control.SLOW_MOTION:
                return tr("slow motion")
            case _:
                assert_never(member)

    def launched(self, sid: int) -> str:
        """The name a LAUNCH command started: the string ``b`` of its CONTROL event."""
        name = self.s(sid)
        return name.removeprefix(_OLD_LAUNCH_PREFIX)

    def conditions(self, interval_ns: int, gil: int, sid: int) -> str:
        """A preemptive run's conditions: THREADS_INFO's switch interval (``a``), GIL (``b``)
        and the facts of its string (``c``): "cpython 3.11.7 · GIL on · 2 CPUs · switch
        interval 5 ms · gap threshold 50 µs"."""
        tr = self.tr
        if not sid:
            return tr("switch interval {t}, GIL {gil}").format(
                t=fmt_ns(interval_ns), gil=tr("on") if gil else tr("off"))
        text = self.s(sid)
        facts = conditions_facts(text)
        if facts is None:  # neither facts nor an older recording's sentence: as it is
            return text
        cpus = facts.get("cpus")
        gap_ns = facts.get("gap_ns")
        python = facts.get("python")
        parts = [] if python is None else [str(python)]
        parts += [tr("GIL on") if gil else tr("GIL off (free-threaded)"),
                 tr("{n} CPUs").format(n=cpus) if isinstance(cpus, int) and cpus > 0
                 else tr("? CPUs"),
                 tr("switch interval {ms} ms").format(ms=_short_number(interval_ns / 1e6))]
        if isinstance(gap_ns, int | float):
            parts.append(tr("gap threshold {us} µs").format(us=_short_number(gap_ns / 1000)))
        return " · ".join(parts)

    def peer_io(self, fd: int, action: int, sent: int) -> str:
        """A peer's socket I/O (PEER_IO): what it did, and the loop fd the kernel marks
        ready because of it (the ② fire of the readiness flow)."""
        tr = self.tr
        where = f"fd {fd}" if fd >= 0 else tr("a socket of the loop")
        if action == PeerAction.CONNECT:
            return tr("a peer outside the loop connects: the kernel queues the connection on "
                      "the listening {where} and marks it readable").format(where=where)
        if action == PeerAction.SEND:
            return tr("a peer outside the loop sends {n} bytes: the kernel queues them on "
                      "{where} and marks it readable").format(n=sent, where=where)
        if action == PeerAction.CLOSE:
            return tr("a peer outside the loop closes its socket: the kernel marks {where} "
                      "readable (the end of the stream)").format(where=where)
        return tr("a peer outside the loop did I/O {action}, unknown to this version, on "
                  "{where}").format(action=action, where=where)

    def cause(self, cause: int, detail: int, mask: int, subject: int = 0) -> str:
        """Why a task (or callback, or thread) became ready; ``subject``: the task that did
        (a task whose own step scheduled its wake-up is not "woken by task X" for itself)."""
        tr = self.tr
        threads = self.preemptive
        if cause == 0:  # the replay's "not known": the event that said it was lost
            return tr("not known (its events were lost)")
        if cause not in Cause._value2member_map_:
            return tr("cause {n}, unknown to this version").format(n=cause)
        member = Cause(cause)
        match member:
            case Cause.SPAWN:
                return tr("it was just started") if threads else tr("it was just created")
            case Cause.FD:
                if self.completion:  # IOCP: the completion of an operation, not readiness
                    # (the mask says the direction: READ is a receive or an accept, WRITE a
                    # send or a connect; the cause does not carry the operation itself)
                    if mask == WRITE:
                        return tr("an overlapped send/connect on handle {h} completed").format(
                            h=detail)
                    if mask == READ:
                        return tr("an overlapped receive/accept on handle {h} completed").format(
                            h=detail)
                    return tr("an overlapped operation on handle {h} completed").format(
                        h=detail)
                if mask == READ:
                    return tr("fd {fd} became readable").format(fd=detail)
                if mask == WRITE:
                    return tr("fd {fd} became writable").format(fd=detail)
                return tr("fd {fd} became ready").format(fd=detail)  # a callback's: no mask
            case Cause.TIMER:
                if threads:  # a sleep's deadline, or a join or socket wait that timed out
                    return tr("its deadline passed")
                return tr("timer #{n} fired").format(n=detail)
            case Cause.TASK:
                if threads:
                    if not detail:  # a queue hand-off from a thread that is not traced
                        return tr("an untraced thread ran")
                    return tr("thread {name} ran").format(name=self.task_name(detail))
                if not detail:
                    return tr("a task ran")
                if detail == subject:
                    return tr("its own step scheduled the wake-up")
                return tr("task {name} ran").format(name=self.task_name(detail))
            case Cause.THREAD:
                return tr("thread {name} called call_soon_threadsafe").format(
                    name=self.s(detail))
            case Cause.YIELD:
                if threads:
                    return tr("it gave the GIL away (sleep(0))")
                return tr("it yielded to the loop")
            case Cause.CALLBACK:
                return tr("a callback ran")
            case Cause.OUTSIDE:
                if threads:
                    return tr("set up outside any thread")
                return tr("set up outside any step")
            case Cause.CONTROL:
                return tr("a LoopScope command ({what})").format(what=self.control(detail))
            case Cause.PREEMPTED:
                return tr("it had lost the GIL or its CPU (inferred from a gap in its work)")
            case Cause.RETURNED:
                return tr("its blocking call returned")
            case _:
                assert_never(member)

    def wait(self, wait: int, detail: int, c: int) -> str:
        """What a task (or thread) is registered for / blocked on."""
        tr = self.tr
        threads = self.preemptive
        if wait == WAIT_UNKNOWN:
            return tr("something not known (its events were lost)")
        if wait not in Wait._value2member_map_:
            return tr("wait {n}, unknown to this version").format(n=wait)
        member = Wait(wait)
        match member:
            case Wait.READY:
                if threads:
                    return tr("nothing (still runnable)")
                return tr("nothing (back in the ready queue)")
            case Wait.FD_READ if self.completion and self.s(c) in OVERLAPPED_CALLS:
                return tr("its overlapped {call} on handle {h} to complete (incoming)").format(
                    call=self.operation(c), h=detail)
            case Wait.FD_WRITE if self.completion and self.s(c) in OVERLAPPED_CALLS:
                return tr("its overlapped {call} on handle {h} to complete (outgoing)").format(
                    call=self.operation(c), h=detail)
            case Wait.FD_READ if self.completion:  # a stream's reader: its transport reads
                return tr("data from handle {h}, which its transport's overlapped receive "
                          "delivers ({name})").format(h=detail, name=self.s(c))
            case Wait.FD_WRITE if self.completion:  # a stream's drain(): its transport writes
                return tr("its transport's overlapped sends on handle {h} to drain "
                          "({name})").format(h=detail, name=self.s(c))
            case Wait.FD_READ:
                return tr("fd {fd} readable").format(fd=detail)
            case Wait.FD_WRITE:
                return tr("fd {fd} writable").format(fd=detail)
            case Wait.TIMER:
                if threads or not c:  # a thread's sleep has a deadline, no timer handle
                    return tr("the end of its sleep")
                return tr("timer #{n}").format(n=c)
            case Wait.TASK:
                if threads:
                    return tr("thread {name} to end").format(name=self.task_name(detail))
                return tr("task {name}").format(name=self.task_name(detail))
            case Wait.FUTURE:
                if threads:
                    return tr("another thread ({name})").format(name=self.s(c))
                return tr("a future: {name}").format(name=self.s(c))
            case Wait.THREAD:
                return tr("a thread ({name})").format(name=self.s(c))
            case Wait.DONE:
                return tr("nothing (finished)")
            case Wait.CALL:
                return tr("a blocking call to return ({name})").format(name=self.s(c))
            case _:
                assert_never(member)

    def outcome(self, outcome: int, sid: int) -> str:
        """How a task (or thread) ended, in a word or two: "finished", "cancelled",
        "error: ValueError: bad token"."""
        tr = self.tr
        if outcome not in Outcome._value2member_map_:
            return tr("outcome {n}, unknown to this version").format(n=outcome)
        member = Outcome(outcome)
        match member:
            case Outcome.OK:
                return tr("finished")
            case Outcome.ERROR:
                return tr("error: {e}").format(e=self.s(sid))
            case Outcome.CANCELLED:
                return tr("cancelled")
            case _:
                assert_never(member)

    def event(self, kind: int, task: int, a: int, b: int, c: int) -> str:
        """One line for the event log."""
        tr = self.tr
        if kind not in Ev._value2member_map_:
            return tr("event {kind}, unknown to this version: {task} {a} {b} {c}").format(
                kind=kind, task=task, a=a, b=b, c=c)
        threads = self.preemptive
        name = self.task_name(task) if task else ""
        member = Ev(kind)
        match member:
            case Ev.TASK_SPAWNED:
                if threads:
                    if not a:
                        return tr("{name} started outside any traced thread").format(
                            name=name)
                    return tr("{name} started by {parent}").format(
                        name=name, parent=self.task_name(a))
                if not a and b:
                    return tr("{name} created outside any task (eager: its first step runs "
                              "inside create_task)").format(name=name)
                if not a:
                    return tr("{name} created outside any task").format(name=name)
                if b:
                    return tr("{name} created by {parent} (eager: its first step runs inside "
                              "create_task)").format(name=name, parent=self.task_name(a))
                return tr("{name} created by {parent}").format(name=name,
                                                               parent=self.task_name(a))
            case Ev.TASK_READY:
                if threads:
                    return tr("{name} → ready to run: {cause}").format(
                        name=name, cause=self.cause(a, b, c))
                return tr("{name} → ready queue: {cause}").format(name=name,
                                                                  cause=self.cause(a, b, c))
            case Ev.STEP_BEGIN:
                if threads:
                    return tr("{name} runs").format(name=name)
                return tr("{name} runs (step)").format(name=name)
            case Ev.STEP_END:
                if threads:
                    if a in (Wait.READY, Wait.DONE):
                        return tr("{name} stops running").format(name=name)
                    return tr("{name} stops running, now waits for {what}").format(
                        name=name, what=self.wait(a, b, c))
                if a in (Wait.READY, Wait.DONE):
                    return tr("{name} step ends").format(name=name)
                return tr("{name} step ends, now waits for {what}").format(
                    name=name, what=self.wait(a, b, c))
            case Ev.TASK_EXITED:
                if a == Outcome.ERROR:
                    return tr("{name} finished with an error: {err}").format(name=name,
                                                                           err=self.s(b))
                if a == Outcome.CANCELLED:
                    return tr("{name} was cancelled").format(name=name)
                if a == Outcome.OK:
                    return tr("{name} finished").format(name=name)
                return tr("{name} ended: {outcome}").format(name=name,
                                                           outcome=self.outcome(a, b))
            case Ev.TASK_RENAMED:
                return tr("task #{n} is named {name}").format(n=task, name=self.s(a))
            case Ev.CALLBACK_READY:
                return tr("callback #{n} → ready queue: {cause}").format(
                    n=a, cause=self.cause(b, c, 0))
            case Ev.CALLBACK_BEGIN:
                return tr("callback #{n} runs: {fn}").format(n=a, fn=self.s(b))
            case Ev.CALLBACK_END:
                return tr("callback #{n} returns").format(n=a)
            case Ev.HANDLE_SKIPPED:
                return tr("cancelled handle #{n} leaves the ready queue").format(n=a)
            case Ev.FD_REGISTER if self.completion:
                return tr("start overlapped {call} on handle {h}; the kernel performs it").format(
                    call=self.operation(c), h=a)
            case Ev.FD_UNREGISTER if self.completion:
                if c == 1:
                    return tr("the operation on handle {h} completed at once, inside the call "
                              "that started it: nothing to wait for").format(h=a)
                if c == 2:
                    return tr("the operation on handle {h} was cancelled (CancelIoEx); its "
                              "aborted packet is dropped when dequeued").format(h=a)
                return tr("handle {h}: the operation is no longer outstanding").format(h=a)
            case Ev.FD_EVENT if self.completion:
                return tr("{call} dequeued the completion packet of {op} on handle {h}").format(
                    call=self.wait_call(), op=self.operation(c), h=a)
            case Ev.POLL_END if self.completion:
                return tr("{call} returned {n} completion(s) after {t}").format(
                    call=self.wait_call(c), n=a, t=fmt_elapsed(b))
            case Ev.LOOP_INFO if self.completion:
                return tr("loop created on {backend}; self-pipe socket {fd}, read by an "
                          "overlapped receive").format(backend=self.s(b), fd=a)
            case Ev.FD_REGISTER:
                return tr("register fd {fd} for {mask} ({owner})").format(
                    fd=a, mask=mask_words(b, tr), owner=self.s(c))
            case Ev.FD_MODIFY:
                return tr("change fd {fd} interest to {mask}").format(fd=a, mask=mask_words(b, tr))
            case Ev.FD_UNREGISTER:
                return tr("unregister fd {fd}").format(fd=a)
            case Ev.POLL_BEGIN:
                timeout = tr("forever") if a < 0 else fmt_ns(a)
                return tr("{call}(timeout = {timeout})").format(call=self.wait_call(c),
                                                               timeout=timeout)
            case Ev.POLL_END:
                return tr("{call} returned {n} event(s) after {t}").format(
                    call=self.wait_call(c), n=a, t=fmt_elapsed(b))
            case Ev.FD_EVENT:
                # Recorded after POLL_END, as the loop goes through what the wait returned:
                # the kernel marked the fd ready earlier (② fire), this is ③ harvest.
                return tr("{call} returned fd {fd}: {mask}").format(
                    call=self.wait_call(), fd=a, mask=mask_words(b, tr))
            case Ev.TIMER_ADDED:
                return tr("timer #{n} armed: {fn}").format(n=a, fn=self.s(c))
            case Ev.TIMER_FIRED:
                return tr("timer #{n} is due ({late} late) → ready queue").format(
                    n=a, late=fmt_elapsed(b))
            case Ev.TIMER_CANCELLED:
                return tr("timer #{n} cancelled").format(n=a)
            case Ev.THREAD_WAKE:
                return tr("thread {name} wakes the loop (self-pipe)").format(name=self.s(b))
            case Ev.INSTRUMENT_ERROR:  # the recorder's message names the instrument and why
                return self.s(a)
            case Ev.CONTROL:
                if a == Control.LAUNCH and b > 0:  # b: the launched name's string id
                    return tr("LoopScope command: launch {name}").format(
                        name=self.launched(b))
                return tr("LoopScope command: {what}").format(what=self.control(a))
            case Ev.LOOP_INFO:
                return tr("loop created on {backend}; self-pipe fd {fd}").format(
                    backend=self.s(b), fd=a)
            case Ev.THREADS_INFO:
                return tr("the work runs on OS threads, scheduled by the OS and the GIL: "
                          "{conditions}").format(conditions=self.conditions(a, b, c))
            case Ev.MARK:  # free text, recorded as a sentence ("asyncio reported: ...")
                return self.s(a)
            case Ev.PEER_IO:
                return self.peer_io(a, b, c)
            case Ev.SLOW_STEP:
                who = name or tr("a callback")
                return tr("slow step: {who} held the loop for {t} (threshold {th}); it ended "
                          "at {site}").format(who=who, t=fmt_ns(a), th=fmt_ns(c),
                                              site=self.s(b))
            case _:
                assert_never(member)


def kind_name(kind: int) -> str:
    """An event kind as the event log's "Event" column and ``loopscope log`` name it: the
    vocabulary's own identifier ("STEP_BEGIN"), what ``--kind`` and grep match."""
    return Ev(kind).name if kind in Ev._value2member_map_ else str(kind)


# -- short codes (history, Perfetto labels) -------------------------------------------------
def enum_name(enum: type[IntEnum], value: int) -> str:
    """Lower-case member name, or the number for a value this version does not know (the
    vocabulary grows: a view must never crash on a newer recording)."""
    try:
        return enum(value).name.lower()
    except ValueError:
        return f"{enum.__name__.lower()} {value}"


def _task_label(serial: int, task_name: TaskName | None) -> str:
    return task_name(serial) if task_name is not None else str(serial)


#: Waits whose ``c`` is a string id naming the thing waited on (Wait.CALL: OS threads).
_NAMED_WAITS = frozenset(int(w) for w in Wait if w.name in ("FUTURE", "THREAD", "CALL"))


def wait_text(wait: int, detail: int, c: int, strings: list[str],
              task_name: TaskName | None = None, completion: bool = False) -> str:
    """``fd-read 7``, ``timer``, ``task 3``, ``future Queue.get``, ``thread aiosqlite …``;
    on a completion queue (IOCP) an I/O wait is its operation: ``WSARecv handle 412``."""
    if completion and wait in (Wait.FD_READ, Wait.FD_WRITE):
        op = string_at(strings, c)
        if op in OVERLAPPED_CALLS:
            return f"{overlapped_call(op)} handle {detail}"
        return f"{'stream-read' if wait == Wait.FD_READ else 'stream-drain'} handle {detail}"
    if wait == Wait.FD_READ:
        return f"fd-read {detail}"
    if wait == Wait.FD_WRITE:
        return f"fd-write {detail}"
    if wait == Wait.TIMER:
        return "timer"
    if wait == Wait.TASK:
        return f"task {_task_label(detail, task_name)}"
    if wait == WAIT_UNKNOWN:
        return "unknown (events lost)"
    if wait in _NAMED_WAITS:  # c names what it waits on
        return f"{enum_name(Wait, wait)} {string_at(strings, c)}"
    return enum_name(Wait, wait)


def cause_text(cause: int, detail: int, mask: int, strings: list[str],
               task_name: TaskName | None = None, completion: bool = False) -> str:
    """``spawn``, ``fd 7 readable``, ``timer 3``, ``task 2``, ``thread T``, ``yield`` …; on a
    completion queue (IOCP) an I/O cause is ``handle 412 completed``."""
    if cause == Cause.FD and completion:
        return f"handle {detail} completed"
    if cause == Cause.FD:  # (a callback's mask is not recorded: 0)
        return f"fd {detail} " + ("readable" if mask == 1 else "writable" if mask == 2
                                   else "ready" if mask == 0 else mask_text(mask))
    if cause == Cause.TIMER:
        return f"timer {detail}"
    if cause == Cause.TASK:
        return f"task {_task_label(detail, task_name)}"
    if cause == Cause.THREAD:
        return f"thread {string_at(strings, detail)}"
    if cause == Cause.CALLBACK:
        return f"callback {detail}"
    if cause == Cause.PREEMPTED:  # a gap in the thread's work: not observed
        return "preempted (inferred)"
    if cause == 0:
        return "unknown"
    return enum_name(Cause, cause)


def outcome_text(outcome: int, sid: int, strings: list[str]) -> str:
    if outcome == Outcome.ERROR:
        return f"error: {string_at(strings, sid)}"
    if outcome == 0:
        return "unknown"
    return enum_name(Outcome, outcome)


# -- names in an exported trace (app.trace.perfetto) --------------------------------------------
class TraceNames:
    """What an exported trace calls its tracks, slices and instants: short labels, built from
    the short codes above, for a viewer's lanes (Perfetto, chrome://tracing show them as is)."""

    def __init__(self, strings: list[str], tr: Translate = identity) -> None:
        self.strings = strings
        self.tr = tr

    def process(self, workload: str, backend: str, mode: str) -> str:
        tr = self.tr
        title = tr("LoopScope: {workload}").format(workload=workload) if workload \
            else "LoopScope"
        return f"{title} ({backend}, {mode})"

    def loop_track(self, backend: str) -> str:
        tr = self.tr
        return tr("event loop ({backend})").format(backend=backend)

    def commands_track(self) -> str:
        tr = self.tr
        return tr("commands (LoopScope)")

    def thread_track(self, thread: str | None) -> str:
        """The track of another thread's ``call_soon_threadsafe`` (None: several share it)."""
        tr = self.tr
        return tr("thread {name}").format(
            name=thread if thread is not None else tr("(several)"))

    def task_track(self, name: str, serial: int) -> str:
        return f"{name} #{serial}"

    def unnamed_task(self, serial: int) -> str:
        tr = self.tr
        return tr("task {serial}").format(serial=serial)

    def poll(self, backend: str) -> str:
        """A poll slice: the system call the loop blocks in."""
        tr = self.tr
        return WAIT_CALLS.get(backend) or tr("{backend} wait").format(
            backend=backend or "poll")

    def harvest(self) -> str:
        tr = self.tr
        return tr("harvest")

    def thread_call(self) -> str:
        return "call_soon_threadsafe"

    def ready(self, cause: int) -> str:
        """A task's slice in the ready queue; a thread that lost the GIL waits for it, which
        the recording infers."""
        tr = self.tr
        if cause == Cause.PREEMPTED:
            return tr("ready (waiting for the GIL, inferred)")
        return tr("ready")

    def waiting(self, wait_code: str) -> str:
        tr = self.tr
        return tr("waiting: {what}").format(what=wait_code)

    def exited(self, outcome: int, sid: int) -> str:
        tr = self.tr
        return tr("exited: {outcome}").format(
            outcome=outcome_text(outcome, sid, self.strings))

    def command(self, control: int) -> str:
        tr = self.tr
        return tr("command: {what}").format(what=enum_name(Control, control))

    def completion(self, operation: str, handle: int) -> str:
        """A completion packet dequeued (IOCP): "completion WSARecv handle 412"."""
        tr = self.tr
        return tr("completion {op} handle {h}").format(op=operation, h=handle)

    def fd_event(self, fd: int, mask: int) -> str:
        what = "readable" if mask == READ else "writable" if mask == WRITE else mask_text(mask)
        return f"fd {fd} {what}"

    def peer_io(self, fd: int, action: int, sent: int) -> str:
        """A peer's socket I/O (PEER_IO) as an instant's label: "peer send 6 B → fd 7"."""
        what = enum_name(PeerAction, action)
        size = f" {sent} B" if action == PeerAction.SEND else ""
        return f"peer {what}{size} → fd {fd}" if fd >= 0 else f"peer {what}{size}"

    def timer_fired(self, callback: str) -> str:
        tr = self.tr
        return tr("timer fired: {name}").format(name=callback or tr("timer"))

    def timer_cause(self, handle: int, late_ns: int) -> str:
        tr = self.tr
        return tr("timer {n} (late {ms:.3f} ms)").format(n=handle, ms=late_ns / 1e6)

    def slow_step(self, ns: int) -> str:
        tr = self.tr
        return tr("slow step: {ms:.1f} ms").format(ms=ns / 1e6)

    def instrument_error(self, message: str) -> str:
        tr = self.tr
        return tr("instrument error: {message}").format(message=message)

    def ready_queue(self) -> str:
        tr = self.tr
        return tr("ready queue")
