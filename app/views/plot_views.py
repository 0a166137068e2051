"""The plot views — timeline, activity, metrics — built after the window's first paint.

They are pyqtgraph views: importing pyqtgraph and building the three takes about 0.3 s on a
2-core machine (pyqtgraph about half of it: ``python -X importtime -m app``), and the window's
first paint shows none of them (they are tabs behind the event log). So the window paints
first and builds them right after, one step per turn of its event loop
(:meth:`PlotViews.build_step`: the import, then one view a step), so that it answers the user
meanwhile; at once (:meth:`PlotViews.build`) when one is needed: its dock is shown (a saved
layout with the timeline in front builds them before that paint), or the window or a lesson
asks for one (``window.timeline``). Once built, a view is the same as one built with the
window.

The bridge tells this object what it would tell the views: until a view is made it keeps
nothing, since the view, when made, catches up from the shown store exactly as after a reset
(which is what the bridge tells every listener when the shown store is replaced); from then on
it is told about every new event.
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
        #: None until :meth:`build` (or the last :meth:`build_step`).
        self.plots: Plots | None = None
        #: The views made so far, in the order of :class:`Plots` (shown once all are made).
        self._made: list[ActivityView | TimelineView | MetricsView] = []
        self._imported = False
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
        """The views, built now (those not built yet) and caught up with the shown store."""
        while self.build_step():
            pass
        assert self.plots is not None
        return self.plots

    def build_step(self) -> bool:
        """One step of building the views: importing their modules (pyqtgraph), then one
        view a step, the last step placing them in their docks. The window runs one step per
        turn of its event loop, so that it answers the user between them; True while steps
        remain."""
        if self.plots is not None:
            return False
        # The modules, in the first step (pyqtgraph: the longest one).
        from app.views.activity import ActivityView
        from app.views.metrics import MetricsView
        from app.views.timeline import TimelineView

        if not self._imported:
            self._imported = True
            return True
        kinds = (ActivityView, TimelineView, MetricsView)  # as Plots orders them
        view = kinds[len(self._made)](self._parent, source=self._source)
        held = len(self._source.store)
        view.reset()  # what the bridge tells its listeners after a reset
        if held:
            view.extend(0, held)
        self._made.append(view)  # told about new events from now on
        if len(self._made) < len(kinds):
            return True
        activity, timeline, metrics = self._made
        assert isinstance(activity, ActivityView) and isinstance(timeline, TimelineView) \
            and isinstance(metrics, MetricsView)  # (made in that order, above)
        plots = Plots(activity, timeline, metrics)
        for key, widget in zip(PLOT_DOCKS, plots, strict=True):
            if key in self._docks:
                self._docks[key].setWidget(widget)
        self.plots = plots
        self._wire(plots)
        for callback in self.built_callbacks:
            callback()
        return False

    # -- the bridge's listener, for the three views ----------------------------------------------
    def extend(self, start: int, end: int) -> None:
        for view in self._made:
            view.extend(start, end)

    def trim(self, cut: int) -> None:
        for view in self._made:
            view.trim(cut)

    def reset(self) -> None:
        for view in self._made:
            view.reset()
