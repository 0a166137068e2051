"""Help → Guide to the views and Help → Keyboard map.

The guide is the README's own section "What each view shows", so it is written once: read
from README.md beside the package in a checkout, or from the installed distribution's
metadata (a wheel carries the README as its long description). The keyboard map is built from
the window's actions themselves (their translated names, tips and shortcuts), so it can never
disagree with what the keys do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.qt import language
from app.qt.language import tr

GUIDE_HEADING = "## What each view shows"
#: The Chinese guide (README.zh-CN.md, in a checkout): the views, then the concept guide that
#: ties each of them to the study note.
GUIDE_HEADINGS_ZH = ("## 各个视图", "## 概念指南")
#: The QAction property that names an action in the keyboard map, where its text varies.
KEYMAP_NAME = "keyboardMapName"
_README = Path(__file__).resolve().parents[2] / "README.md"
_README_ZH = _README.with_name("README.zh-CN.md")


def readme_text() -> str:
    """README.md of a checkout, else the installed distribution's long description (the
    body of its METADATA, after the headers)."""
    if _README.is_file():
        return _README.read_text(encoding="utf-8")
    from importlib import metadata  # (an installed copy only: 30 ms at start-up otherwise)

    try:
        text = metadata.distribution("loopscope").read_text("METADATA") or ""
    except metadata.PackageNotFoundError:
        return ""
    _headers, _blank, body = text.partition("\n\n")
    return body


def guide_markdown(readme: str, heading: str = GUIDE_HEADING) -> str:
    """The README's section that starts with ``heading`` (up to the next ``## `` heading),
    without its pictures (screenshots sized for a page, not for a help window; a table of
    pictures goes whole)."""
    start = readme.find(heading)
    if start < 0:
        return ""
    rest = readme[start:].partition("\n")[2]
    end = re.search(r"^## ", rest, flags=re.MULTILINE)
    section = rest[:end.start()] if end else rest
    kept: list[str] = []
    table: list[str] = []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table and not any("![" in row for row in table):
            kept.extend(table)
        table = []
        if not line.lstrip().startswith("!["):  # (a picture inside a list item is indented)
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() + "\n"


def _dialog(parent: QWidget, title: str, body: QWidget, size: tuple[int, int]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout.addWidget(buttons)
    dialog.resize(*size)
    return dialog


def guide_dialog(parent: QWidget) -> QDialog:
    browser = QTextBrowser()
    browser.setObjectName("guide")
    browser.setOpenExternalLinks(True)
    markdown = guide_markdown(readme_text())
    if language.current() == language.CHINESE and _README_ZH.is_file():
        chinese = _README_ZH.read_text(encoding="utf-8")
        markdown = "\n".join(f"{heading}\n\n{guide_markdown(chinese, heading)}"
                             for heading in GUIDE_HEADINGS_ZH) or markdown
    if markdown:
        browser.setMarkdown(markdown)
    else:
        browser.setPlainText(tr(
            "The guide is part of LoopScope's README, which this installation does not "
            "carry."))
    dialog = _dialog(parent, tr("LoopScope — guide to the views"), browser, (760, 640))
    dialog.setObjectName("guideDialog")
    return dialog


def keyboard_map_dialog(parent: QWidget, actions: Iterable[QAction]) -> QDialog:
    # An action whose text changes with the state (Run ↔ Pause) names both in KEYMAP_NAME.
    rows = [(action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
             str(action.property(KEYMAP_NAME) or action.text()).replace("&", ""),
             action.statusTip())
            for action in actions if not action.shortcut().isEmpty()]
    table = QTableWidget(len(rows), 3)
    table.setObjectName("keyboardMap")
    table.setHorizontalHeaderLabels([tr("Key"), tr("Command"),
                                     tr("What it does")])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    table.resizeRowsToContents()
    dialog = _dialog(parent, tr("LoopScope — keyboard map"), table, (820, 520))
    dialog.setObjectName("keyboardMapDialog")
    return dialog
