"""The timeline's words for what its bars show, and its legend (a colour chip per style)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.model.lanes import Style
from app.views.timeline_palette import COLOURS

#: Words for each style (hover text and legend), marked for lupdate in the TimelineView
#: context; the view's ``tr`` translates them where they are shown. (``str()``: the stubs
#: type QT_TRANSLATE_NOOP as object; it returns its text.)
STYLE_TEXT: dict[Style, str] = {
    Style.LOOP_IDLE: str(QT_TRANSLATE_NOOP("TimelineView", "idle (between units)")),
    Style.POLL_TIMEOUT: str(QT_TRANSLATE_NOOP("TimelineView", "timeout asked for")),
    Style.POLL_FOREVER: str(QT_TRANSLATE_NOOP("TimelineView", "no timeout")),
    Style.NEW: str(QT_TRANSLATE_NOOP("TimelineView", "new")),
    Style.WAIT_UNKNOWN: str(QT_TRANSLATE_NOOP("TimelineView", "waiting (reason lost)")),
    Style.WAIT_FD_READ: str(QT_TRANSLATE_NOOP("TimelineView", "waiting: fd readable")),
    Style.WAIT_FD_WRITE: str(QT_TRANSLATE_NOOP("TimelineView", "waiting: fd writable")),
    Style.WAIT_TIMER: str(QT_TRANSLATE_NOOP("TimelineView", "waiting: timer")),
    Style.WAIT_TASK: str(QT_TRANSLATE_NOOP("TimelineView", "waiting: another task")),
    Style.WAIT_FUTURE: str(QT_TRANSLATE_NOOP("TimelineView", "waiting: a future")),
    Style.WAIT_THREAD: str(QT_TRANSLATE_NOOP("TimelineView", "waiting: a thread / blocking call")),
    Style.READY: str(QT_TRANSLATE_NOOP("TimelineView", "ready")),
    Style.POLL_BLOCKED: str(QT_TRANSLATE_NOOP("TimelineView", "blocked in poll")),
    Style.LOOP_CALLBACK: str(QT_TRANSLATE_NOOP("TimelineView", "running a callback")),
    Style.RUNNING: str(QT_TRANSLATE_NOOP("TimelineView", "running (a task step)")),
    Style.MARK_FD_READ: str(QT_TRANSLATE_NOOP("TimelineView", "fd returned readable")),
    Style.MARK_FD_WRITE: str(QT_TRANSLATE_NOOP("TimelineView", "fd returned writable")),
    Style.MARK_SELF_PIPE: str(QT_TRANSLATE_NOOP("TimelineView",
                                                "self-pipe: a thread woke the loop")),
    Style.MARK_THREAD_WAKE: str(QT_TRANSLATE_NOOP("TimelineView", "call_soon_threadsafe")),
}
#: The words that differ on a completion queue (IOCP): a task waits for an overlapped
#: operation to complete, and the wait returns completion packets, not ready fds.
COMPLETION_TEXT: dict[Style, str] = {
    Style.WAIT_FD_READ: str(QT_TRANSLATE_NOOP("TimelineView",
                                              "waiting: a receive / accept to complete")),
    Style.WAIT_FD_WRITE: str(QT_TRANSLATE_NOOP("TimelineView",
                                               "waiting: a send / connect to complete")),
    Style.POLL_BLOCKED: str(QT_TRANSLATE_NOOP("TimelineView",
                                              "blocked on the completion port")),
    Style.MARK_FD_READ: str(QT_TRANSLATE_NOOP("TimelineView",
                                              "completion dequeued: receive / accept")),
    Style.MARK_FD_WRITE: str(QT_TRANSLATE_NOOP("TimelineView",
                                               "completion dequeued: send / connect")),
    Style.MARK_SELF_PIPE: str(QT_TRANSLATE_NOOP("TimelineView",
                                                "self-pipe receive completed: a thread woke "
                                                "the loop")),
}


def style_text(style: Style, completion: bool = False) -> str:
    """The (untranslated) words for ``style``; ``completion``: of an IOCP recording."""
    return COMPLETION_TEXT.get(style, STYLE_TEXT[style]) if completion else STYLE_TEXT[style]


#: Legend: (group title, styles); the loop lane's "task step" is the task colour "running".
LEGEND: tuple[tuple[str, tuple[Style, ...]], ...] = (
    (str(QT_TRANSLATE_NOOP("TimelineView", "Tasks")), (
        Style.RUNNING, Style.READY, Style.WAIT_FD_READ, Style.WAIT_FD_WRITE, Style.WAIT_TIMER,
        Style.WAIT_TASK, Style.WAIT_FUTURE, Style.WAIT_THREAD, Style.NEW)),
    (str(QT_TRANSLATE_NOOP("TimelineView", "Loop")), (
        Style.POLL_BLOCKED, Style.LOOP_CALLBACK, Style.LOOP_IDLE)),
    (str(QT_TRANSLATE_NOOP("TimelineView", "Poll")), (
        Style.POLL_TIMEOUT, Style.POLL_FOREVER, Style.MARK_FD_READ, Style.MARK_FD_WRITE,
        Style.MARK_SELF_PIPE)),
)


def legend_html(tr: Callable[[str], str], completion: bool = False) -> str:
    """The legend as rich text: per group, its title and a colour chip with words per style.
    ``tr`` translates in the TimelineView context (the view's own ``tr``); ``completion``:
    the words of an IOCP recording."""
    parts = []
    for title, styles in LEGEND:
        # Non-breaking inside a chip: lines wrap between chips only.
        chips = " &nbsp;".join(
            f'<span style="background-color:{COLOURS[s]}">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
            "&nbsp;" + html.escape(tr(style_text(s, completion))).replace(" ", "&nbsp;")
            for s in styles)
        parts.append(f"<b>{html.escape(tr(title))}:</b>&nbsp;{chips}")
    return " &nbsp;&nbsp;&nbsp; ".join(parts)
