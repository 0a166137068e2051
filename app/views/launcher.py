"""The workload launcher: the registry's samples, a form for their parameters, their source.

A workload's title, summary, "what to look for" and each parameter's help are marked
``QT_TR_NOOP`` where the sample defines them and pass through ``tr`` here, when shown; a
language switch re-words them (:meth:`LauncherView.retranslate`) without touching the selection
or the values being edited. A refused parameter is a :class:`~app.trace.text.Sentence`, shown
with ``error_text`` and re-worded on a switch too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
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
from app.trace.text import error_text
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


def _no_source() -> str:
    return tr("The source of this sample is not part of this installation (its Python files "
              "were installed as bytecode only).")


class LauncherView(QWidget):
    """Pick a sample, set its parameters, launch it (the window does the launching)."""

    launch_requested = Signal(str, dict)
    launch_refused = Signal(str)  # the parameters are invalid: why

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("workloadList")
        for workload in registry.all_workloads():
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, workload.name)
            self.list.addItem(item)
        self.list.setWordWrap(True)
        self.title = QLabel(self)
        self.title.setObjectName("workloadTitle")
        self.title.setWordWrap(True)
        self.look_for = QLabel(self)
        self.look_for.setObjectName("workloadLookFor")
        self.look_for.setWordWrap(True)
        self.look_for.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.error = QLabel(self)
        self.error.setObjectName("frozenWarning")
        self.error.setWordWrap(True)
        self.launch_button = QPushButton(self)
        self.launch_button.setObjectName("launchButton")
        self.launch_button.clicked.connect(self._launch)
        self.source = QPlainTextEdit(self)
        self.source.setObjectName("workloadSource")
        self.source.setReadOnly(True)
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editors: dict[str, QWidget] = {}
        # What the about area shows besides the selected sample: a user's script (its title),
        # and the error beside the Launch button (kept to re-word it on a language switch).
        self._script_title: str | None = None
        #: What the error line says, worded again at each change of language (None: nothing).
        self._error_words: Callable[[], str] | None = None

        about = QWidget(self)
        about_layout = QVBoxLayout(about)
        # What to look for right under the title, where it is read before anything is
        # launched (issue 17), then the parameters, the Launch button and its error.
        about_layout.addWidget(self.title)
        about_layout.addWidget(self.look_for)
        about_layout.addWidget(self.form_host)
        buttons = QHBoxLayout()
        buttons.addWidget(self.launch_button)
        buttons.addStretch(1)
        about_layout.addLayout(buttons)
        about_layout.addWidget(self.error)
        about_layout.addStretch(1)
        scroll = self.scroll_area = QScrollArea(self)
        scroll.setWidget(about)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        tabs = self.tabs = QTabWidget(self)
        tabs.addTab(scroll, "")
        tabs.addTab(self.source, "")
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
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the launcher in the current language: the list, the selected sample's
        texts, the parameters' tooltips, the tabs, the button and a refusal. The selection, the
        values being edited and the source shown are kept."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            workload = registry.get(item.data(Qt.ItemDataRole.UserRole))
            item.setText(f"{tr(workload.title)}\n{tr(workload.summary)}")
            item.setToolTip(tr(workload.look_for))
        self.tabs.setTabText(0, tr("Parameters"))
        self.tabs.setTabText(1, tr("Source"))
        self.launch_button.setText(tr("Launch"))
        if self.list.currentItem() is not None:
            workload = self.workload
            for param in workload.params:
                editor = self.editors.get(param.name)
                if editor is not None:
                    editor.setToolTip(param.describe(tr))
            if self._script_title is None:
                self._show_texts(workload)
                if workload.source() is None:
                    self.source.setPlainText(_no_source())
        if self._script_title is not None:
            self._show_script_texts(self._script_title)
        if self._error_words is not None:
            self.error.setText(self._error_words())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_texts(self, workload: Workload) -> None:
        self.title.setText(f"<b>{tr(workload.title)}</b> — {tr(workload.summary)}")
        self.look_for.setText(tr("What to look for: {text}").format(text=tr(workload.look_for)))

    def _show_script_texts(self, title: str) -> None:
        self.title.setText(f"<b>{title}</b>")
        self.look_for.setText(tr("Your script, running on the traced loop."))

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
        self._script_title = None
        self._error_words = None
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        for param in workload.params:
            editor = _editor_for(param)
            editor.setToolTip(param.describe(tr))
            self.editors[param.name] = editor
            self.form.addRow(param.name.replace("_", " "), editor)
        source = workload.source()
        self.source.setPlainText(source if source is not None else _no_source())
        self._show_texts(workload)
        self.error.clear()

    def values(self) -> dict[str, Any]:
        return {name: _value_of(editor) for name, editor in self.editors.items()}

    def _launch(self) -> None:
        workload = self.workload
        try:
            values = workload.validate(self.values())
        except ParamError as exc:
            self.show_error(partial(error_text, exc, tr))
            self.launch_refused.emit(error_text(exc, tr))
            return
        self._error_words = None
        self.error.clear()
        self.launch_requested.emit(workload.name, values)

    def show_source(self, title: str, source: str) -> None:
        """Show a user's script in the Source tab (it is not one of the samples)."""
        self._script_title = title
        self._show_script_texts(title)
        self.source.setPlainText(source)
        self.tabs.setCurrentIndex(1)

    def show_error(self, words: Callable[[], str]) -> None:
        """Show what ``words()`` says beside the Launch button (called again, in the new
        language, when the language changes)."""
        self._error_words = words
        self.error.setText(words())
        self.tabs.setCurrentIndex(0)
        self.scroll_area.ensureWidgetVisible(self.error)
