"""The timeline's words for what its bars show, and its legend (a colour chip per style)."""

from __future__ import annotations

import html
from collections.abc import Callable

from app.model.lanes import Style
from app.trace.text import QT_TR_NOOP
from app.views.timeline_palette import COLOURS

#: Words for each style (hover text and legend), marked for lupdate; the view's ``tr``
#: translates them where they are shown.
STYLE_TEXT: dict[Style, str] = {
    Style.LOOP_IDLE: QT_TR_NOOP("idle (between units)"),
    Style.POLL_TIMEOUT: QT_TR_NOOP("timeout asked for"),
    Style.POLL_FOREVER: QT_TR_NOOP("no timeout"),
    Style.NEW: QT_TR_NOOP("new"),
    Style.WAIT_UNKNOWN: QT_TR_NOOP("waiting (reason lost)"),
    Style.WAIT_FD_READ: QT_TR_NOOP("waiting: fd readable"),
    Style.WAIT_FD_WRITE: QT_TR_NOOP("waiting: fd writable"),
    Style.WAIT_TIMER: QT_TR_NOOP("waiting: timer"),
    Style.WAIT_TASK: QT_TR_NOOP("waiting: another task"),
    Style.WAIT_FUTURE: QT_TR_NOOP("waiting: a future"),
    Style.WAIT_THREAD: QT_TR_NOOP("waiting: a thread / blocking call"),
    Style.READY: QT_TR_NOOP("ready"),
    Style.POLL_BLOCKED: QT_TR_NOOP("blocked in poll"),
    Style.LOOP_CALLBACK: QT_TR_NOOP("running a callback"),
    Style.RUNNING: QT_TR_NOOP("running (a task step)"),
    Style.MARK_FD_READ: QT_TR_NOOP("fd returned readable"),
    Style.MARK_FD_WRITE: QT_TR_NOOP("fd returned writable"),
    Style.MARK_SELF_PIPE: QT_TR_NOOP("self-pipe: a thread woke the loop"),
    Style.MARK_THREAD_WAKE: QT_TR_NOOP("call_soon_threadsafe"),
    Style.MARK_PEER_IO: QT_TR_NOOP("a peer connected / sent / closed: the fd became ready in "
                                   "the kernel (②)"),
}
#: The words that differ on a completion queue (IOCP): a task waits for an overlapped
#: operation to complete, and the wait returns completion packets, not ready fds.
COMPLETION_TEXT: dict[Style, str] = {
    Style.WAIT_FD_READ: QT_TR_NOOP("waiting: a receive / accept to complete"),
    Style.WAIT_FD_WRITE: QT_TR_NOOP("waiting: a send / connect to complete"),
    Style.POLL_BLOCKED: QT_TR_NOOP("blocked on the completion port"),
    Style.MARK_FD_READ: QT_TR_NOOP("completion dequeued: receive / accept"),
    Style.MARK_FD_WRITE: QT_TR_NOOP("completion dequeued: send / connect"),
    Style.MARK_SELF_PIPE: QT_TR_NOOP("self-pipe receive completed: a thread woke "
                                      "the loop"),
}


def style_text(style: Style, completion: bool = False) -> str:
    """The (untranslated) words for ``style``; ``completion``: of an IOCP recording."""
    return COMPLETION_TEXT.get(style, STYLE_TEXT[style]) if completion else STYLE_TEXT[style]


#: Legend: (group title, styles); the loop lane's "task step" is the task colour "running".
LEGEND: tuple[tuple[str, tuple[Style, ...]], ...] = (
    (QT_TR_NOOP("Tasks:"), (
        Style.RUNNING, Style.READY, Style.WAIT_FD_READ, Style.WAIT_FD_WRITE, Style.WAIT_TIMER,
        Style.WAIT_TASK, Style.WAIT_FUTURE, Style.WAIT_THREAD, Style.NEW)),
    (QT_TR_NOOP("Loop:"), (
        Style.POLL_BLOCKED, Style.LOOP_CALLBACK, Style.LOOP_IDLE)),
    (QT_TR_NOOP("Poll:"), (
        Style.POLL_TIMEOUT, Style.POLL_FOREVER, Style.MARK_FD_READ, Style.MARK_FD_WRITE,
        Style.MARK_SELF_PIPE, Style.MARK_PEER_IO)),
)


def unbreakable(text: str) -> str:
    """``text`` that no line break may split: no-break spaces, and a word joiner (U+2060)
    between characters, since Chinese may otherwise break between any two of them (Qt's rich
    text honours neither ``<nobr>`` nor ``white-space: nowrap`` there)."""
    return "\u2060".join(text.replace(" ", "\u00a0"))


def legend_html(tr: Callable[[str], str], completion: bool = False) -> str:
    """The legend as rich text: per group, its title and a colour chip with words per style.
    ``tr`` translates; ``completion``: the words of an IOCP recording. Lines wrap between
    chips only."""
    parts = []
    for title, styles in LEGEND:
        chips = " &nbsp;".join(
            f'<span style="background-color:{COLOURS[s]}">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
            f"&nbsp;{html.escape(unbreakable(tr(style_text(s, completion))))}"
            for s in styles)
        parts.append(f"<b>{html.escape(unbreakable(tr(title)))}</b>&nbsp;{chips}")
    return " &nbsp;&nbsp;&nbsp; ".join(parts)
