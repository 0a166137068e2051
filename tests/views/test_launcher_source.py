"""The launcher's Source tab: the sample's module, or why there is none to show."""

from __future__ import annotations

import inspect

import pytest
from pytestqt.qtbot import QtBot

from app.views.launcher import LauncherView


def test_the_source_tab_shows_the_sample_or_says_it_was_not_installed(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    launcher = LauncherView()
    qtbot.addWidget(launcher)
    launcher.select("timers")
    assert launcher.source.toPlainText().startswith('"""')

    def no_source(obj: object) -> str:
        raise OSError("could not get source code")

    monkeypatch.setattr(inspect, "getsource", no_source)  # a bytecode-only installation
    launcher.select("tcp-echo")
    assert launcher.source.toPlainText().startswith("The source of this sample is not part of")
