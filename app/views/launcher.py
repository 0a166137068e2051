"""The workload launcher: the registry's samples, a form for their parameters, their source."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.qt.language import tr
from app.runtime.params import Param, ParamError, Workload
from app.workloads import registry


def _editor_for(param: Param) -> QWidget:
    if param.kind is bool:
        box = QCheckBox()
        box.setChecked(bool(param.default))
        return box
    if param.kind is int:
        spin = QSpinBox()
        spin.setRange(int(param.minimum if param.minimum is not None else -2**31),
                      int(param.maximum if param.maximum is not None else 2**31 - 1))
        spin.setValue(int(param.default))
        if param.unit:
            spin.setSuffix(f" {param.unit}")
        return spin
    if param.kind is float:
        dspin = QDoubleSpinBox()
        dspin.setDecimals(2)
        dspin.setRange(param.minimum if param.minimum is not None else -1e12,
                       param.maximum if param.maximum is not None else 1e12)
        dspin.setValue(float(param.default))
        if param.unit:
            dspin.setSuffix(f" {param.unit}")
        return dspin
    line = QLineEdit(str(param.default))
    return line


def _value_of(editor: QWidget) -> bool | int | float | str:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        return editor.value()
    assert isinstance(editor, QLineEdit)
    return editor.text()


class LauncherView(QWidget):
    """Pick a sample, set its parameters, launch it (the window does the launching)."""

    launch_requested = Signal(str, dict)
    launch_refused = Signal(str)  # the parameters are invalid: why

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("workloadList")
        for workload in registry.all_workloads():
            item = QListWidgetItem(f"{workload.title}\n{workload.summary}")
            item.setData(Qt.ItemDataRole.UserRole, workload.name)
            item.setToolTip(workload.look_for)
            self.list.addItem(item)
        self.list.setWordWrap(True)
        self.title = QLabel(self)
        self.title.setObjectName("workloadTitle")
        self.title.setWordWrap(True)
        self.look_for = QLabel(self)
        self.look_for.setWordWrap(True)
        self.look_for.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.error = QLabel(self)
        self.error.setObjectName("frozenWarning")
        self.error.setWordWrap(True)
        self.launch_button = QPushButton(tr("Launch"), self)
        self.launch_button.setObjectName("launchButton")
        self.launch_button.clicked.connect(self._launch)
        self.source = QPlainTextEdit(self)
        self.source.setObjectName("workloadSource")
        self.source.setReadOnly(True)
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editors: dict[str, QWidget] = {}

        about = QWidget(self)
        about_layout = QVBoxLayout(about)
        # The parameters and the Launch button first (a small screen shows them without
        # scrolling), then what to look for.
        about_layout.addWidget(self.title)
        about_layout.addWidget(self.form_host)
        buttons = QHBoxLayout()
        buttons.addWidget(self.launch_button)
        buttons.addStretch(1)
        about_layout.addLayout(buttons)
        about_layout.addWidget(self.error)
        about_layout.addWidget(self.look_for)
        about_layout.addStretch(1)
        scroll = self.scroll_area = QScrollArea(self)
        scroll.setWidget(about)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        tabs = self.tabs = QTabWidget(self)
        tabs.addTab(scroll, tr("Parameters"))
        tabs.addTab(self.source, tr("Source"))
        splitter = self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(tabs)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(splitter)
        self.list.currentItemChanged.connect(self._selected)
        self.list.itemDoubleClicked.connect(lambda _item: self._launch())
        self.list.setCurrentRow(0)

    @property
    def workload(self) -> Workload:
        item = self.list.currentItem()
        return registry.get(item.data(Qt.ItemDataRole.UserRole))

    def select(self, name: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)
                return

    def _selected(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        workload = self.workload
        self.title.setText(f"<b>{workload.title}</b> — {workload.summary}")
        self.look_for.setText(tr("What to look for: ") + workload.look_for)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        for param in workload.params:
            editor = _editor_for(param)
            editor.setToolTip(f"{param.help} ({param.allowed()})")
            self.editors[param.name] = editor
            self.form.addRow(param.name.replace("_", " "), editor)
        source = workload.source()
        self.source.setPlainText(source if source is not None else tr(
            "The source of this sample is not part of this installation (its Python files "
            "were installed as bytecode only)."))
        self.error.clear()

    def values(self) -> dict[str, Any]:
        return {name: _value_of(editor) for name, editor in self.editors.items()}

    def _launch(self) -> None:
        workload = self.workload
        try:
            values = workload.validate(self.values())
        except ParamError as exc:
            self.show_error(str(exc))
            self.launch_refused.emit(str(exc))
            return
        self.error.clear()
        self.launch_requested.emit(workload.name, values)

    def show_source(self, title: str, source: str) -> None:
        """Show a user's script in the Source tab (it is not one of the samples)."""
        self.title.setText(f"<b>{title}</b>")
        self.look_for.setText(tr("Your script, running on the traced loop."))
        self.source.setPlainText(source)
        self.tabs.setCurrentIndex(1)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.tabs.setCurrentIndex(0)
        self.scroll_area.ensureWidgetVisible(self.error)
