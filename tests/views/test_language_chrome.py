"""The main window's own texts follow the language live, and the user chooses the language.

Chinese is the pseudo-translation (tests/support/i18n.py): every translated text is marked
⟦…⟧, so "re-read in the new language" is checked for every sentence, whether or not the real
translation has it yet. Switching back must give exactly the English texts again.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QTableWidget, QTextBrowser
from pytestqt.qtbot import QtBot

from app.qt import language
from app.views.app import start_language
from app.views.main_window import MainWindow
from app.views.window_controls import LANGUAGE_NAMES
from tests.support.gui import wait_done
from tests.support.i18n import is_pseudo
from tests.support.qt_fixtures import open_window


def settle() -> None:
    """Let the posted LanguageChange events reach every widget."""
    for _ in range(3):
        QApplication.processEvents()


def menu_texts(actions: list[QAction], path: str = "") -> dict[str, str]:
    """Every menu title and menu entry, by its place in the menus (separators and the
    languages' own names left out: those are never translated)."""
    texts: dict[str, str] = {}
    for index, act in enumerate(actions):
        if act.isSeparator() or act.text() in LANGUAGE_NAMES.values():
            continue
        key = f"{path}/{index}"
        texts[f"menu{key}"] = act.text()
        menu = act.menu()
        if isinstance(menu, QMenu):
            texts.update(menu_texts(menu.actions(), key))
    return texts


def chrome_texts(win: MainWindow) -> dict[str, str]:
    """What the window itself says: docks, menus, toolbars and their boxes, status bar,
    replay bar, title."""
    texts = {f"dock {key}": dock.windowTitle() for key, dock in win.docks.items()}
    texts.update(menu_texts(win.menuBar().actions()))
    texts.update({f"speed {i}": win.speed.itemText(i) for i in range(win.speed.count())})
    texts.update({f"host {i}": win.host_box.itemText(i) for i in range(win.host_box.count())})
    texts.update({f"recording {i}": win.source_box.itemText(i)
                  for i in range(win.source_box.count())})
    for name in ("speed_label", "backend_label", "host_label", "recording_label",
                 "status_where", "status_state", "status_rate", "status_dropped",
                 "status_lag", "status_message"):
        texts[name] = getattr(win, name).text()
    texts["recording tip"] = win.source_box.toolTip()
    texts["run tip"] = win.act_run.toolTip()
    texts["step tip"] = win.act_step.toolTip()
    texts["controls bar"] = win.controls_bar.windowTitle()
    texts["replay title"] = win.replay.title.text()
    texts["replay end"] = win.replay.live_button.text()
    texts["replay position"] = win.replay.label.text()
    texts["window title"] = win.windowTitle()
    return texts


@pytest.fixture
def paused_window(qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop,
                  no_leaks: None) -> Iterator[MainWindow]:
    """A paused window whose displays are stopped once it has settled: what it shows then
    changes only with the language."""
    with open_window(qtbot, settings=None, paused=True) as win:
        qtbot.waitUntil(lambda: len(win.bridge.store) > 0)
        win.bridge.drain()
        win.pause_display(True)
        win.refresh()
        yield win
        win.pause_display(False)


def test_every_text_of_the_window_follows_the_language_and_comes_back(
        qtbot: QtBot, paused_window: MainWindow, pseudo_language: None) -> None:
    win = paused_window
    wait_done(qtbot, win.cancel_workloads())  # a transient message: "Nothing to cancel…"
    keys = win.show_keyboard_map()
    english = chrome_texts(win)
    assert english["status_message"] == "Nothing to cancel: no workload is running."
    assert english["dock board"] == "Board — where every task is now"
    assert english["run tip"].startswith("Run — ")
    assert not any(is_pseudo(text) for text in english.values())

    language.apply(language.CHINESE)
    settle()
    chinese = chrome_texts(win)
    assert chinese.keys() == english.keys()
    untranslated = {key: text for key, text in chinese.items() if not is_pseudo(text)}
    assert untranslated == {}
    # The keyboard map was made again, in Chinese, and is still open.
    shown = [d for d in win.findChildren(QDialog, "keyboardMapDialog") if d.isVisible()]
    assert len(shown) == 1 and shown[0] is not keys
    table = shown[0].findChild(QTableWidget, "keyboardMap")
    assert table is not None
    header = table.horizontalHeaderItem(2)
    assert header is not None and is_pseudo(header.text())
    commands = [table.item(r, 1) for r in range(table.rowCount())]
    assert commands and all(item is not None and is_pseudo(item.text()) for item in commands)

    language.apply(language.ENGLISH)
    settle()
    assert chrome_texts(win) == english


def test_the_run_command_keeps_saying_what_it_would_do(
        qtbot: QtBot, paused_window: MainWindow, pseudo_language: None) -> None:
    """Run / Pause and the Step tooltip are worded from the state, not from the build."""
    win = paused_window
    assert win.act_run.text() == "Run"
    language.apply(language.CHINESE)
    settle()
    assert win.act_run.text() == "⟦Run⟧"
    wait_done(qtbot, win.toggle_run())
    assert win.act_run.text() == "⟦Pause⟧"
    language.apply(language.ENGLISH)
    settle()
    assert win.act_run.text() == "Pause"


def test_choosing_a_language_in_the_menu_switches_and_keeps_it(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        pseudo_language: None, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "loopscope.ini"), QSettings.Format.IniFormat)
    with open_window(qtbot, settings=settings) as win:
        assert language.current() == language.ENGLISH
        assert win.language_actions[language.SYSTEM].isChecked()
        win.language_actions[language.CHINESE].trigger()
        settle()
        assert language.current() == language.CHINESE
        assert win.language_actions[language.CHINESE].isChecked()
        assert not win.language_actions[language.SYSTEM].isChecked()
        assert settings.value(language.SETTING) == language.CHINESE
        assert is_pseudo(win.docks["log"].windowTitle())
        assert win.language_actions[language.CHINESE].text() == "简体中文"
        win.language_actions[language.ENGLISH].trigger()
        settle()
        assert win.docks["log"].windowTitle() == "Event log"
        assert settings.value(language.SETTING) == language.ENGLISH


def test_without_settings_the_choice_applies_but_is_not_kept(
        qtbot: QtBot, paused_window: MainWindow, pseudo_language: None) -> None:
    paused_window.language_actions[language.CHINESE].trigger()
    settle()
    assert language.current() == language.CHINESE
    assert paused_window.language_choice == language.CHINESE
    assert is_pseudo(paused_window.windowTitle())


def test_a_window_starts_in_the_kept_language(
        qtbot: QtBot, gui_loop: asyncio.AbstractEventLoop, no_leaks: None,
        pseudo_language: None, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "loopscope.ini"), QSettings.Format.IniFormat)
    settings.setValue(language.SETTING, language.CHINESE)
    with open_window(qtbot, settings=settings) as win:
        assert language.current() == language.CHINESE
        assert win.language_actions[language.CHINESE].isChecked()
        assert all(is_pseudo(dock.windowTitle()) for dock in win.docks.values())
        assert is_pseudo(win.act_step.toolTip())


def test_the_command_line_language_wins_and_is_not_kept(
        pseudo_language: None, tmp_path: Path, qapp: Any) -> None:
    settings = QSettings(str(tmp_path / "loopscope.ini"), QSettings.Format.IniFormat)
    settings.setValue(language.SETTING, language.CHINESE)
    assert start_language(argparse.Namespace(lang="en"), settings) == language.ENGLISH
    assert language.current() == language.ENGLISH
    assert settings.value(language.SETTING) == language.CHINESE
    assert start_language(argparse.Namespace(lang=None), settings) == language.CHINESE
    assert language.current() == language.CHINESE
    # No setting (or --no-settings) and no --lang: the system's language; a setting that
    # names no language (edited by hand) too.
    assert start_language(argparse.Namespace(), None) == language.SYSTEM
    settings.setValue(language.SETTING, "klingon")
    assert start_language(argparse.Namespace(lang=None), settings) == language.SYSTEM


def test_a_missing_translation_starts_in_english_with_a_warning(
        english_after: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], qapp: Any) -> None:
    monkeypatch.setattr(language, "qm_path", lambda code: tmp_path / "absent.qm")
    assert start_language(argparse.Namespace(lang="zh_CN"), None) == language.CHINESE
    assert language.current() == language.ENGLISH
    assert "missing" in capsys.readouterr().err


def test_the_guide_in_chinese_is_the_chinese_readme_s(
        qtbot: QtBot, paused_window: MainWindow, english_after: None) -> None:
    """Help → Guide follows the language: in Chinese, README.zh-CN.md's views and its concept
    guide (the study note's terms), without pictures; English again after a switch back."""
    language.apply(language.CHINESE)
    settle()
    browser = paused_window.show_guide().findChild(QTextBrowser, "guide")
    plain = browser.toPlainText()
    assert "调度看板" in plain and "事件日志" in plain  # the views
    assert "① 注册事件" in plain and "兴趣列表" in plain  # the concept guide
    assert "![" not in browser.toMarkdown()
    language.apply(language.ENGLISH)
    settle()
    browser = paused_window.show_guide().findChild(QTextBrowser, "guide")
    assert "Board — where every task is now" in browser.toPlainText()


def test_the_file_dialog_is_worded_in_the_language(qtbot: QtBot, english_after: None) -> None:
    """Qt's own file dialog: its title and filter are ours; the two labels Qt 6's Chinese
    catalogue lacks are said by app.views.files too."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QFileDialog, QWidget

    from app.views.files import ask_file

    language.apply(language.CHINESE)
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, str] = {}

    def answer() -> None:
        dialog = parent.findChild(QFileDialog)
        seen["look in"] = dialog.labelText(QFileDialog.DialogLabel.LookIn)
        seen["type"] = dialog.labelText(QFileDialog.DialogLabel.FileType)
        seen["title"] = dialog.windowTitle()
        dialog.reject()

    QTimer.singleShot(0, answer)
    path = ask_file(parent, False, language.tr("Open session"), "/", language.tr(
        "LoopScope sessions (*.loopscope)"))
    assert path == ""  # cancelled
    assert seen == {"look in": "查找范围：", "type": "文件类型：", "title": "打开会话"}


def test_the_chinese_readme_names_menus_that_exist(
        qtbot: QtBot, paused_window: MainWindow, english_after: None) -> None:
    """Every "菜单 → 命令" path README.zh-CN.md gives is a command of that menu, as the
    Chinese window words it."""
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.zh-CN.md").read_text(
        encoding="utf-8")
    language.apply(language.CHINESE)
    settle()

    def bare(text: str) -> str:
        return re.sub(r"\(&\w\)|&", "", text)

    menus = {bare(act.text()): [bare(a.text()) for a in act.menu().actions()]
             for act in paused_window.menuBar().actions()}
    paths = re.findall(r"(\w+) → ([^\s|：，；*]+)", readme)
    assert paths
    for menu, command in paths:
        if menu in menus:
            assert command in menus[menu], (menu, command, menus[menu])
    assert {menu for menu, _ in paths} <= set(menus), paths
