"""The launcher re-words itself live: list, selected sample, tooltips, tabs and a refusal.

Built in English, switched to the pseudo-translation (every message of app/ wrapped in ⟦…⟧)
and back: every text it shows is pseudo, then exactly the English of before, while the
selection and the values being edited stay as they were.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from app.qt import language
from app.views.launcher import LauncherView
from tests.support.i18n import is_pseudo


def texts(launcher: LauncherView) -> dict[str, str]:
    """Every text the launcher shows, by where it is."""
    shown = {
        "title": launcher.title.text(),
        "look_for": launcher.look_for.text(),
        "error": launcher.error.text(),
        "button": launcher.launch_button.text(),
        "tab 0": launcher.tabs.tabText(0),
        "tab 1": launcher.tabs.tabText(1),
    }
    for row in range(launcher.list.count()):
        item = launcher.list.item(row)
        shown[f"item {row}"] = item.text()
        shown[f"item {row} tip"] = item.toolTip()
    for name, editor in launcher.editors.items():
        shown[f"{name} tip"] = editor.toolTip()
    return shown


def switch(code: str) -> None:
    language.apply(code)
    QCoreApplication.processEvents()


def test_the_launcher_rewords_itself_and_keeps_the_selection_and_values(
        qtbot: QtBot, pseudo_language: None) -> None:
    launcher = LauncherView()
    qtbot.addWidget(launcher)
    launcher.select("executor")
    jobs = launcher.editors["jobs"]
    assert isinstance(jobs, QSpinBox)
    jobs.setValue(17)
    kind = launcher.editors["kind"]
    assert isinstance(kind, QLineEdit)
    kind.setText("gpu")  # refused: the error beside the Launch button
    launcher._launch()
    english = texts(launcher)
    assert english["error"].startswith("kind: 'gpu' is not valid")
    assert english["look_for"].startswith("What to look for: Each job task awaits")
    assert english["jobs tip"] == "Blocking jobs to offload. (int from 1 to 10000)"
    assert not any(is_pseudo(text) for text in english.values())

    switch(language.CHINESE)
    pseudo = texts(launcher)
    assert pseudo.keys() == english.keys()
    assert [where for where, text in pseudo.items() if not is_pseudo(text)] == []
    assert "⟦Blocking jobs to offload.⟧" in pseudo["jobs tip"]
    assert "⟦Executor⟧" in pseudo["title"]
    assert launcher.workload.name == "executor"
    assert launcher.values()["jobs"] == 17
    assert launcher.values()["kind"] == "gpu"

    switch(language.ENGLISH)
    assert texts(launcher) == english
    assert launcher.workload.name == "executor"
    assert launcher.values()["jobs"] == 17


def test_a_users_script_stays_shown_across_a_switch(qtbot: QtBot,
                                                     pseudo_language: None) -> None:
    launcher = LauncherView()
    qtbot.addWidget(launcher)
    launcher.show_source("mine.py", "print('hello')\n")
    english = launcher.look_for.text()
    switch(language.CHINESE)
    assert launcher.title.text() == "<b>mine.py</b>"
    assert is_pseudo(launcher.look_for.text())
    assert launcher.source.toPlainText() == "print('hello')\n"
    switch(language.ENGLISH)
    assert launcher.look_for.text() == english
    assert launcher.source.toPlainText() == "print('hello')\n"


def test_an_error_shown_for_the_window_rewords_too(qtbot: QtBot, pseudo_language: None) -> None:
    """What the window puts beside the Launch button (a refused launch, a failed run) is
    worded again in the new language, as the launcher's own refusals are."""
    launcher = LauncherView()
    qtbot.addWidget(launcher)
    launcher.show_error(lambda: language.tr("{name} was cancelled").format(name="timers"))
    assert launcher.error.text() == "timers was cancelled"
    switch("zh_CN")
    assert is_pseudo(launcher.error.text()) and "timers" in launcher.error.text()
    switch("en")
    assert launcher.error.text() == "timers was cancelled"
