"""The plot views — timeline, activity, metrics — built after the window's first paint.

They are pyqtgraph views: importing pyqtgraph and building the three costs about a quarter of
a second (measured with ``python -X importtime -m app --quit-after 0`` and ``make bench``,
section 7), and the window's first paint shows none of them (they are tabs behind the event
log). So the window paints first and builds them right after (:meth:`PlotViews.build`,
posted from its first paint); earlier when one is needed: its dock is shown (a saved layout
with the timeline in front builds them before that paint), or the window or a lesson asks for
one (``window.timeline``). Once built, a view is the same as one built with the window.

Until then the bridge tells this object what it would tell the views: it keeps nothing,
since each view, when built, catches up from the shown store exactly as after a reset (which
is what the bridge tells every listener when the shown store is replaced).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtWidgets import QDockWidget, QWidget

from app.qt.bridge import ShownTrace

if TYPE_CHECKING:  # the modules themselves are imported when the views are built
    from app.views.activity import ActivityView
    from app.views.metrics import MetricsView
    from app.views.timeline import TimelineView


class Plots(NamedTuple):
    """The three views, in the order the bridge tells them about events."""

    activity: ActivityView
    timeline: TimelineView
    metrics: MetricsView


#: The docks that hold them (``window.docks`` keys), as :class:`Plots` orders them.
PLOT_DOCKS = Plots._fields


class PlotViews:
    """Builds the plot views once, and stands in their place among the bridge's listeners."""

    def __init__(self, parent: QWidget, source: ShownTrace,
                 wire: Callable[[Plots], None]) -> None:
        """``parent`` owns the views, ``source`` feeds them (the bridge), ``wire`` connects
        a just-built set to the window (its signals, the replay cursor)."""
        self._parent = parent
        self._source = source
        self._wire = wire
        self._docks: dict[str, QDockWidget] = {}
        #: None until :meth:`build`.
        self.plots: Plots | None = None
        #: Called once the views are built (the composition root freezes the heap again).
        self.built_callbacks: list[Callable[[], None]] = []

    def place(self, docks: dict[str, QDockWidget]) -> None:
        """The docks the views go in: each view is built when its dock is first shown."""
        self._docks = {key: docks[key] for key in PLOT_DOCKS}
        for box in self._docks.values():
            box.visibilityChanged.connect(self._dock_shown)

    def _dock_shown(self, visible: bool) -> None:
        if visible:  # (emitted before the dock is painted: it paints the built view)
            self.build()

    def build(self) -> Plots:
        """The views, built and caught up with the shown store on the first call."""
        if self.plots is not None:
            return self.plots
        from app.views.activity import ActivityView
        from app.views.metrics import MetricsView
        from app.views.timeline import TimelineView

        source = self._source
        plots = Plots(ActivityView(self._parent, source=source),
                      TimelineView(self._parent, source=source),
                      MetricsView(self._parent, source=source))
        held = len(source.store)
        for view in plots:  # what the bridge tells its listeners after a reset
            view.reset()
            if held:
                view.extend(0, held)
        for key, widget in zip(PLOT_DOCKS, plots, strict=True):
            if key in self._docks:
                self._docks[key].setWidget(widget)
        self.plots = plots
        self._wire(plots)
        for callback in self.built_callbacks:
            callback()
        return plots

    # -- the bridge's listener, for the three views ----------------------------------------------
    def extend(self, start: int, end: int) -> None:
        for view in self.plots or ():
            view.extend(start, end)

    def trim(self, cut: int) -> None:
        for view in self.plots or ():
            view.trim(cut)

    def reset(self) -> None:
        for view in self.plots or ():
            view.reset()
