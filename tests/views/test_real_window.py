"""A real window under Xvfb: the installed ``loopscope`` command draws a non-blank screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

XVFB = shutil.which("xvfb-run")
COMMAND = Path(sys.executable).with_name("loopscope")


@pytest.mark.skipif(XVFB is None, reason="Xvfb (xvfb-run) is not installed")
@pytest.mark.skipif(not COMMAND.exists(), reason="the loopscope command is not installed")
def test_installed_command_shows_a_real_window(tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    env["HOME"] = str(tmp_path)  # fresh settings
    proc = subprocess.run(
        [str(XVFB), "-a", "-s", "-screen 0 1600x1000x24", str(COMMAND), "--no-settings",
         "--workload", "tcp-echo", "--screenshot", str(shot), "--quit-after", "2.5"],
        capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert shot.is_file()
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() >= 800 and image.height() >= 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20, "the screenshot is blank"
