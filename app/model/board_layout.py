"""The board's geometry: where every area, slot, row, note and arrow end sits in the scene.

Pure arithmetic on scene coordinates (no Qt, no trace): the view only turns these rectangles
into painter calls. An area holds task tokens in a grid filled row by row; an area with more
tasks than slots shows the first ones and a counted chip in its last slot (:func:`arrange`).
"""

from __future__ import annotations

from typing import NamedTuple

TOKEN_W, TOKEN_H, GAP = 196.0, 22.0, 4.0
SCENE_W, SCENE_H = 1112.0, 640.0


class Point(NamedTuple):
    x: float
    y: float


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float

    def contains(self, x: float, y: float) -> bool:
        """Whether the point lies inside or on the edge (edges count: a click on a token's
        border selects it)."""
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h

    def overlaps(self, other: Rect) -> bool:
        """Whether the two share interior points (touching edges do not overlap)."""
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.y + other.h and other.y < self.y + self.h)

    def inset(self, dx: float, dy: float) -> Rect:
        """The rectangle shrunk by ``dx`` on the left and right, ``dy`` on top and bottom."""
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)


def blend_rect(a: Rect, b: Rect, factor: float) -> Rect:
    """The rectangle ``factor`` of the way from ``a`` to ``b`` (0 → a, 1 → b)."""
    return Rect(a.x + (b.x - a.x) * factor, a.y + (b.y - a.y) * factor,
                a.w + (b.w - a.w) * factor, a.h + (b.h - a.h) * factor)


#: The board's areas, in scene coordinates (left to right: the kernel, what waits, what is
#: ready, what runs). Titles are translated by the view.
AREAS: dict[str, Rect] = {
    "kernel": Rect(8, 8, 260, 548),
    "io": Rect(276, 8, 404, 128),
    "timer": Rect(276, 142, 404, 154),
    "waiting": Rect(276, 302, 404, 154),
    "thread": Rect(276, 462, 404, 94),
    "ready": Rect(688, 8, 204, 548),
    "running": Rect(900, 8, 204, 128),
    "done": Rect(900, 142, 204, 414),
}
#: The areas that hold task tokens (the kernel holds fd rows).
TOKEN_AREAS = ("io", "timer", "waiting", "thread", "ready", "running", "done")
HEADER_H = 24.0  # area title
KERNEL_WAIT_H = 64.0  # the "blocked in epoll_wait" box at the top of the kernel area
FD_ROW_H = 20.0
CAPTION_RECT = Rect(8, 564, 1096, 70)
NOTE_H = 24.0  # a one-line note at the foot of an area
DONE_NOTE_H = 40.0  # the done area's note wraps to two lines
TEXT_PAD_X, TEXT_PAD_Y = 8.0, 4.0  # a text block's margin inside its rectangle


def grid(area: str) -> tuple[int, int]:
    """(columns, rows) of token slots in an area."""
    r = AREAS[area]
    # The ready queue keeps its foot for its note (plain callbacks queued): a full queue's
    # last slot, its chip, would otherwise sit under the note's words.
    usable_h = r.h - HEADER_H - (KERNEL_WAIT_H if area == "kernel" else 0) \
        - (NOTE_H if area == "ready" else 0)
    cols = max(1, int((r.w - GAP) // (TOKEN_W + GAP)))
    rows = max(1, int((usable_h - GAP) // (TOKEN_H + GAP)))
    return cols, rows


def capacity(area: str) -> int:
    cols, rows = grid(area)
    return cols * rows


def arrange(area: str, count: int) -> tuple[int, int]:
    """(tokens given a slot, tasks the chip counts) for ``count`` tasks in ``area``.

    Up to the area's capacity every task has a slot and there is no chip (0). Past it, the
    first ``capacity - 1`` have slots and the chip in the last slot counts the rest: the
    chip is drawn where one more token would be, so the area never overflows its rectangle.
    """
    cap = capacity(area)
    if count <= cap:
        return count, 0
    return cap - 1, count - (cap - 1)


def slot_rect(area: str, slot: int) -> Rect:
    """Scene rectangle of token ``slot`` in ``area`` (filled row by row)."""
    r = AREAS[area]
    cols, _rows = grid(area)
    col, row = slot % cols, slot // cols
    return Rect(r.x + GAP + col * (TOKEN_W + GAP), r.y + HEADER_H + row * (TOKEN_H + GAP),
                TOKEN_W, TOKEN_H)


def chip_rect(area: str, slot: int) -> Rect:
    """The counted chip standing in for the tasks ``area`` has no slot for."""
    return slot_rect(area, slot).inset(1, 1)


# -- inside a token ------------------------------------------------------------------------------
class TokenParts(NamedTuple):
    body: Rect  # the rounded box (1 px inside the slot, so neighbours never touch)
    icon: Rect  # the square where-it-is icon at its left
    label: Rect  # the task's name, right of the icon


def token_parts(rect: Rect) -> TokenParts:
    """The pieces of a token drawn at ``rect``."""
    body = rect.inset(1, 1)
    side = body.h - 8
    return TokenParts(body, Rect(body.x + 6, body.y + 4, side, side),
                      Rect(body.x + body.h + 2, body.y, body.w - body.h - 6, body.h))


# -- the kernel area -----------------------------------------------------------------------------
def kernel_wait_rect() -> Rect:
    """The box saying whether the loop thread is blocked in the kernel, and for how long."""
    area = AREAS["kernel"]
    return Rect(area.x + 6, area.y + HEADER_H, area.w - 12, KERNEL_WAIT_H - 8)


def kernel_wait_text_rect() -> Rect:
    return kernel_wait_rect().inset(6, 4)


def fd_row_rect(row: int) -> Rect:
    """Row ``row`` of the interest list (one registered fd), under the wait box."""
    r = AREAS["kernel"]
    return Rect(r.x + GAP, r.y + HEADER_H + KERNEL_WAIT_H + row * FD_ROW_H, r.w - 2 * GAP,
                FD_ROW_H - 2)


def fd_row_text_rect(row: int) -> Rect:
    return fd_row_rect(row).inset(4, 0)


def fd_row_capacity() -> int:
    """Interest-list rows the kernel area has room for."""
    area = AREAS["kernel"]
    return int((area.h - HEADER_H - KERNEL_WAIT_H) // FD_ROW_H)


def arrange_fd_rows(count: int) -> tuple[int, int]:
    """(rows drawn, rows summed up as "… n more fds" in the row after them).

    As with tokens, the summary takes the last row, so it stays inside the kernel area
    (a row past the capacity would run under the caption)."""
    cap = fd_row_capacity()
    return (count, 0) if count <= cap else (cap - 1, count - (cap - 1))


# -- notes: text the board paints beside the tokens ----------------------------------------------
def running_note_rect() -> Rect:
    """Under the running slot: the running callback, or what ran during the last frame."""
    r = AREAS["running"]
    return Rect(r.x, r.y + HEADER_H + NOTE_H, r.w, r.h - HEADER_H - NOTE_H)


def ready_note_rect() -> Rect:
    """At the foot of the ready queue: plain callbacks queued (they are not tokens)."""
    r = AREAS["ready"]
    return Rect(r.x, r.y + r.h - NOTE_H, r.w, NOTE_H)


def done_note_rect() -> Rect:
    """At the foot of the done area: tasks that finished before the events held."""
    r = AREAS["done"]
    return Rect(r.x, r.y + r.h - DONE_NOTE_H, r.w, DONE_NOTE_H)


def text_rect(rect: Rect) -> Rect:
    """Where a block of text goes inside ``rect`` (its margins taken off)."""
    return Rect(rect.x + TEXT_PAD_X, rect.y + TEXT_PAD_Y, rect.w - 2 * TEXT_PAD_X,
                rect.h - 2 * TEXT_PAD_Y)


def title_rect(area: str) -> Rect:
    """An area's title (left) and count (right) line."""
    r = AREAS[area]
    return Rect(r.x + TEXT_PAD_X, r.y + 3, r.w - 2 * TEXT_PAD_X, r.h - 3)


# -- wake-up arrows ------------------------------------------------------------------------------
ARROW_TIP_DX = 6.0  # the arrow ends inside the token, on its icon
ARROW_RISE = 30.0  # the curve's control point sits this far above the higher end


def right_middle(rect: Rect) -> Point:
    """Where an arrow leaves a row or a token: the middle of its right edge."""
    return Point(rect.x + rect.w, rect.y + rect.h / 2)


def arrow_tip(target: Rect) -> Point:
    """Where an arrow to the token at ``target`` ends."""
    return Point(target.x + ARROW_TIP_DX, target.y + target.h / 2)


def kernel_anchor() -> Point:
    """An arrow's start for an fd not (or no longer) in the interest list."""
    area = AREAS["kernel"]
    return Point(area.x + area.w, area.y + 40)


def area_anchor(area: str) -> Point:
    """An arrow's start for a cause with no row or token of its own (a timer, a thread)."""
    r = AREAS[area]
    return Point(r.x + r.w, r.y + HEADER_H)


def arrow_control(source: Point, tip: Point) -> Point:
    """The quadratic curve's control point: midway across, above both ends (the arrow arcs
    over the tokens between its ends)."""
    return Point((source.x + tip.x) / 2, min(source.y, tip.y) - ARROW_RISE)
