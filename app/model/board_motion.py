"""The board over time: tokens gliding between slots (kept apart while following a live
loop), wake-up arrows fading, the pacing of events played one by one. Every method takes
``now`` (seconds, the caller's clock).

The view keeps one :class:`TokenGlides`, a list of :class:`WakeArrow` and one
:class:`PlayQueue`, reads its clock once per frame, and draws what these say for that instant.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Protocol, TypeVar

import numpy as np

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
#: Wake-up arrows on the board at once, the newest kept. Six: a live frame adds the last
#: three wake-ups it holds (:func:`app.model.board.recent_wakeups`), so six are the last two
#: frames' (~70 ms at 30 frames a second), about what an eye follows; twelve, as before,
#: fanned out from the same few causes and criss-crossed over the ready queue until a
#: learner could not tell which arrow was new. Each is also a translucent fill per repaint.
MAX_ARROWS = 6
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
        #: Tokens new to the board that are not drawn yet: serial -> when they appear.
        self._hidden: dict[int, float] = {}

    def follow(self, tokens: Mapping[int, Token], now: float, duration: float,
               apart: bool = False, obstacles: Sequence[Rect] = ()) -> None:
        """Head for the slots of ``tokens`` (a board model's), each move taking ``duration``;
        ``apart``: no two tokens (nor a token and one of ``obstacles``) ever overlap on the
        way (see :meth:`keep_apart`)."""
        glides = self._glides
        for serial in [s for s in glides if s not in tokens]:
            del glides[serial]
        self._hidden.clear()  # a token still to appear when the next frame comes appears now
        new: set[int] = set()
        for serial, token in tokens.items():
            target = slot_rect(token.area, token.slot)
            glide = glides.get(serial)
            if glide is None:
                glides[serial] = Animation.still(target, blend_rect)
                new.add(serial)
            else:
                glides[serial] = glide.retarget(target, now, duration)
        if apart:
            self.keep_apart(now, obstacles, new)

    def keep_apart(self, now: float, obstacles: Sequence[Rect] = (),
                   new: AbstractSet[int] = frozenset()) -> set[int]:
        """Let no glide overlap another token (or an obstacle: a chip) at any instant from
        ``now`` on: a token of ``new`` (new to the board, in its slot) that stands in the way
        of one glide appears only when the moves end; any other token whose glide would
        overlap jumps to its slot instead. Return the serials of those that jump.

        Why: following a live loop, a frame moves dozens of tokens at once — the ready queue
        advances, timers fire, tokens appear in slots others are still leaving — and their
        glides crossed and stacked until the board was unreadable. Slots never overlap
        (:mod:`app.model.board_layout`), so tokens at rest never do; a glide is kept only
        when it passes clear of everything shown. A new token in the way of one glide (the
        task joining a queue's tail as the queue advances) waits rather than stopping it: it
        was not on the board, so nothing is seen to jump; a glide through several new tokens
        jumps rather than leave their slots empty.

        Exact, not sampled: every token still moving is first put on one schedule (from where
        it is at ``now``, to its slot, over the longest time any of them has left), so all
        move by the same eased fraction of their way at every instant. Then where token A
        stands relative to token B moves along a straight segment, and they overlap at some
        instant exactly when that segment enters the box of relative places where their
        rectangles share interior points (a slab test, for every pair at once). A token that
        jumps is at rest in its own slot: checked again until no pair overlaps."""
        glides = self._glides
        serials = list(glides)
        moving = [i for i, serial in enumerate(serials) if not glides[serial].done(now)]
        if not moving:
            return set()
        end = max(glides[serials[i]].t0 + glides[serials[i]].duration for i in moving)
        for i in moving:
            glide = glides[serials[i]]
            if glide.t0 != now or glide.t0 + glide.duration != end:
                glides[serials[i]] = Animation(glide.value_at(now), glide.end, now, end - now,
                                               glide.blend, glide.easing)
        rects = [glides[serial].value_at(now) for serial in serials] + list(obstacles)
        ends = [glides[serial].end for serial in serials] + list(obstacles)
        here = np.array(rects, dtype=float)  # x, y, w, h per token then per obstacle
        there = np.array(ends, dtype=float)
        still = np.ones(len(rects), dtype=bool)
        still[moving] = False
        fresh = np.zeros(len(rects), dtype=bool)
        fresh[[i for i, serial in enumerate(serials) if serial in new]] = True
        shown = np.ones(len(rects), dtype=bool)
        jumped: set[int] = set()
        while True:
            clash = _clashes(here, there) & shown[:, None] & shown[None, :]
            clash &= ~(still[:, None] & still[None, :])  # at rest in distinct slots
            if not clash.any():
                break
            # Jump first: a glide into a token that was shown already, or through several
            # new ones (a token rising up a turned-over ready queue would hide it all).
            in_way = clash & (fresh & shown)[None, :]
            jumps = np.flatnonzero(~still & ((clash & (still & ~fresh)[None, :]).any(axis=1)
                                             | (in_way.sum(axis=1) > 1)))
            if not len(jumps):
                hidden = fresh & shown & in_way.T.any(axis=1)
                if hidden.any():  # a new token in one glide's way waits for the moves
                    shown &= ~hidden
                    continue
                jumps = np.flatnonzero(np.triu(clash).any(axis=0) & ~still)  # one per pair
            for i in jumps.tolist():
                here[i] = there[i]
                still[i] = True
                serial = serials[i]
                glides[serial] = Animation.still(glides[serial].end, blend_rect)
                jumped.add(serial)
        waiting = [serials[i] for i in np.flatnonzero(~shown).tolist()]
        if waiting:  # they appear when the last glide kept ends
            last = max((glides[serials[i]].t0 + glides[serials[i]].duration for i in moving
                        if not still[i]), default=now)
            self._hidden = dict.fromkeys(waiting, last)
        return jumped

    def __contains__(self, serial: object) -> bool:
        return serial in self._glides

    def __iter__(self) -> Iterator[int]:
        """The serials, in the order they joined the board (the order they are drawn in)."""
        return iter(self._glides)

    def __len__(self) -> int:
        return len(self._glides)

    def glide(self, serial: int) -> Animation[Rect]:
        return self._glides[serial]

    def shown(self, serial: int, now: float) -> bool:
        """Whether the token is drawn at ``now`` (a token new to the board may wait for the
        moves under way to end, see :meth:`follow`)."""
        return self._hidden.get(serial, now) <= now

    def rect_at(self, serial: int, now: float) -> Rect:
        return self._glides[serial].value_at(now)

    def target(self, serial: int) -> Rect:
        """The slot the token is heading for (where it is once the glide ends)."""
        return self._glides[serial].end

    def targets(self) -> dict[int, Rect]:
        return {serial: glide.end for serial, glide in self._glides.items()}

    def moving(self, now: float) -> bool:
        """Whether a token glides, or is still to appear, at ``now``."""
        return any(not glide.done(now) for glide in self._glides.values()) \
            or any(at > now for at in self._hidden.values())

    def token_at(self, x: float, y: float, now: float) -> int | None:
        """The serial of the token drawn over the point at ``now`` (the first one, as a
        click or a tooltip finds it), or None."""
        for serial, glide in self._glides.items():
            if self.shown(serial, now) and glide.value_at(now).contains(x, y):
                return serial
        return None


def _clashes(here: np.ndarray, there: np.ndarray) -> np.ndarray:
    """Which pairs of rectangles overlap at some instant, each moving from its row of
    ``here`` to its row of ``there`` (x, y, w, h; sizes unchanged) by the same fraction of
    its way at every instant: a (n, n) boolean matrix, symmetric, False on the diagonal.

    Rectangles i and j share interior points when ``r = (x_i - x_j, y_i - y_j)`` lies in the
    open box (-w_i, w_j) × (-h_i, h_j). ``r`` goes along a segment from ``r0`` to ``r1``;
    per axis it is inside for fractions s in an open interval (all of [0, 1] or none when it
    does not move along that axis); they overlap when the intervals of both axes and [0, 1]
    share more than a point."""
    lo_s = np.zeros((len(here), len(here)))
    hi_s = np.ones((len(here), len(here)))
    for axis, size in ((0, 2), (1, 3)):
        r0 = here[:, None, axis] - here[None, :, axis]
        step = (there[:, None, axis] - there[None, :, axis]) - r0
        low = -here[:, None, size] + 0 * r0
        high = here[None, :, size] + 0 * r0
        with np.errstate(divide="ignore", invalid="ignore"):
            a, b = (low - r0) / step, (high - r0) / step
        enter = np.where(step != 0, np.minimum(a, b), np.where((low < r0) & (r0 < high),
                                                                -np.inf, np.inf))
        leave = np.where(step != 0, np.maximum(a, b), np.where((low < r0) & (r0 < high),
                                                                np.inf, -np.inf))
        lo_s = np.maximum(lo_s, enter)
        hi_s = np.minimum(hi_s, leave)
    clash = lo_s < hi_s
    np.fill_diagonal(clash, False)
    return clash


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


def arrow_alphas(arrows: Sequence[WakeArrow], now: float) -> list[float]:
    """The opacity each of ``arrows`` (oldest first) is drawn with at ``now``: its fade with
    age (:attr:`WakeArrow.fade`) times its rank among them, ``k / n`` for the k-th oldest of
    ``n``. Arrows a live frame adds together are born at the same instant; the rank still
    dims the older ones, so the newest wake-up is always the most visible arrow."""
    n = len(arrows)
    return [arrow.opacity(now) * (k / n) for k, arrow in enumerate(arrows, 1)]


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
