"""The board over time: tokens gliding between slots, wake-up arrows fading, the pacing of
events played one by one. Every method takes ``now`` (seconds, the caller's clock).

The view keeps one :class:`TokenGlides`, a list of :class:`WakeArrow` and one
:class:`PlayQueue`, reads its clock once per frame, and draws what these say for that instant.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from app.model.animation import Animation, fade_out
from app.model.board import Arrow, FdRow, Token
from app.model.board_layout import (
    Point,
    Rect,
    area_anchor,
    arrow_control,
    arrow_tip,
    blend_rect,
    fd_row_rect,
    kernel_anchor,
    right_middle,
    slot_rect,
)

MOVE_MS = 260  # one token move at normal speed
LIVE_MOVE_MS = 120  # a move at most, following a live loop (a frame comes every 33 ms)
ARROW_MS = 900  # a wake-up arrow fades out over this
FLASH_MS = 700  # the running slot's "ran during the last frame" note fades out over this
MAX_ARROWS = 12  # arrows on the board at once (each costs a stroked, translucent path)
#: Events stepped through / played at most this far behind the newest one: older ones are
#: skipped (the board shows the state after each event, so skipping loses a caption and an
#: arrow, never a move; the log keeps them all). Without a bound a busy run paused, or slow
#: motion faster than the animations, left the board tens of seconds behind the status bar.
#: The events kept share the time of one move (see :class:`PlayQueue`).
MAX_BEHIND = 12


def move_seconds(speed: float, animated: bool = True) -> float:
    """How long one token move takes (``speed`` > 1 is slow motion; not animated: 0, a jump)."""
    return MOVE_MS * speed / 1000 if animated else 0.0


# -- tokens --------------------------------------------------------------------------------------
class TokenGlides:
    """Where each task's token is drawn at any instant, and where it is going.

    A token the board gains appears in its slot at once; one whose slot changes glides there
    from wherever it is (mid-flight included); one whose slot does not change keeps its
    animation untouched, so an unrelated change never restarts or shifts it.
    """

    def __init__(self) -> None:
        self._glides: dict[int, Animation[Rect]] = {}

    def follow(self, tokens: Mapping[int, Token], now: float, duration: float) -> None:
        """Head for the slots of ``tokens`` (a board model's), each move taking ``duration``."""
        glides = self._glides
        for serial in [s for s in glides if s not in tokens]:
            del glides[serial]
        for serial, token in tokens.items():
            target = slot_rect(token.area, token.slot)
            glide = glides.get(serial)
            glides[serial] = Animation.still(target, blend_rect) if glide is None \
                else glide.retarget(target, now, duration)

    def __contains__(self, serial: object) -> bool:
        return serial in self._glides

    def __iter__(self) -> Iterator[int]:
        """The serials, in the order they joined the board (the order they are drawn in)."""
        return iter(self._glides)

    def __len__(self) -> int:
        return len(self._glides)

    def glide(self, serial: int) -> Animation[Rect]:
        return self._glides[serial]

    def rect_at(self, serial: int, now: float) -> Rect:
        return self._glides[serial].value_at(now)

    def target(self, serial: int) -> Rect:
        """The slot the token is heading for (where it is once the glide ends)."""
        return self._glides[serial].end

    def targets(self) -> dict[int, Rect]:
        return {serial: glide.end for serial, glide in self._glides.items()}

    def moving(self, now: float) -> bool:
        return any(not glide.done(now) for glide in self._glides.values())

    def token_at(self, x: float, y: float, now: float) -> int | None:
        """The serial of the token drawn over the point at ``now`` (the first one, as a
        click or a tooltip finds it), or None."""
        for serial, glide in self._glides.items():
            if glide.value_at(now).contains(x, y):
                return serial
        return None


# -- wake-up arrows ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WakeArrow:
    """A curve from a wake-up's cause to the task it made ready, fading out."""

    target: int  # the task made ready
    source: Point
    control: Point  # the quadratic curve's control point
    tip: Point
    fade: Animation[float]

    @property
    def key(self) -> tuple[Point, Point]:
        """Arrows with the same ends are the same wake-up again."""
        return self.source, self.tip

    def opacity(self, now: float) -> float:
        return self.fade.value_at(now)

    def alive(self, now: float) -> bool:
        return not self.fade.done(now)


def arrow_source(arrow: Arrow, fd_rows: Sequence[FdRow], targets: Mapping[int, Rect]) -> Point:
    """Where an arrow for the wake-up ``arrow`` starts: the fd's row in the interest list (on
    IOCP the row of the completion packet dequeued for that handle, listed first), the
    waking task's token, or the area of the cause (a timer, a thread, a future)."""
    if arrow.source == "fd":
        for row, fd_row in enumerate(fd_rows):
            if fd_row.fd == arrow.detail and not fd_row.header:
                return right_middle(fd_row_rect(row))
        return kernel_anchor()
    if arrow.source == "task" and arrow.detail in targets:
        return right_middle(targets[arrow.detail])
    return area_anchor({"timer": "timer", "thread": "thread"}.get(arrow.source, "waiting"))


def wake_arrow_shape(arrow: Arrow, fd_rows: Sequence[FdRow], targets: Mapping[int, Rect],
                     now: float) -> WakeArrow | None:
    """The arrow for ``arrow`` drawn from ``now`` on, ending at its task's slot (None: the
    task has no token on the board)."""
    target = targets.get(arrow.target)
    if target is None:
        return None
    source = arrow_source(arrow, fd_rows, targets)
    tip = arrow_tip(target)
    return WakeArrow(arrow.target, source, arrow_control(source, tip), tip,
                     fade_out(now, ARROW_MS / 1000))


class Keyed(Protocol):
    @property
    def key(self) -> Hashable: ...


K = TypeVar("K", bound=Keyed)


def with_arrow(arrows: Iterable[K], new: K, limit: int = MAX_ARROWS) -> list[K]:
    """``arrows`` with ``new`` added last: the same wake-up again (a live loop repeats its
    pattern) replaces its older arrow instead of stacking a copy, and past ``limit`` the
    oldest go at once."""
    kept = [arrow for arrow in arrows if arrow.key != new.key]
    return [*kept[-(limit - 1):], new] if limit > 1 else [new]


# -- playing events one by one -------------------------------------------------------------------
class PlayQueue:
    """Event indices still to show one by one, and the time they share.

    Whatever is handed over, the last event is shown one move after it was handed over: the
    log and the status bar show a stepped unit at once, and a move per event would keep the
    board a second behind them (a tcp-echo unit records four events; pausing a busy run hands
    over twelve). Each event shown takes an equal share of the time left, so a timer that
    fires late leaves the rest less, never more.
    """

    def __init__(self, max_behind: int = MAX_BEHIND) -> None:
        self.max_behind = max_behind
        self._indices: deque[int] = deque()
        self.due = 0.0  # by when the newest event handed over is shown

    def add(self, indices: Sequence[int], now: float, move: float) -> None:
        self._indices.extend(indices)
        while len(self._indices) > self.max_behind:
            self._indices.popleft()
        if indices:
            self.due = now + move

    def pop(self, now: float) -> tuple[int, float]:
        """The next event to show and how long its move takes (also the wait before the
        one after it)."""
        pace = max(0.0, self.due - now) / len(self._indices)
        return self._indices.popleft(), pace

    def trim(self, cut: int) -> None:
        """The first ``cut`` events were let go: renumber, forgetting those let go."""
        self._indices = deque(i - cut for i in self._indices if i >= cut)

    def clear(self) -> None:
        self._indices.clear()

    def __len__(self) -> int:
        return len(self._indices)

    def __iter__(self) -> Iterator[int]:
        return iter(self._indices)


def fade_note(now: float) -> Animation[float]:
    """The opacity of the running slot's "ran during the last frame" note, from ``now``."""
    return fade_out(now, FLASH_MS / 1000)
