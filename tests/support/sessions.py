"""Saved sessions the tests open: the IOCP recordings committed in resources/sessions (made on
Windows CPython under Wine), and an epoll recording of the same sample made on the spot."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cli
from app.runtime import backends

SESSIONS = Path(__file__).resolve().parents[2] / "resources" / "sessions"
IOCP_ECHO = SESSIONS / "tcp-echo-iocp.loopscope"
IOCP_DB = SESSIONS / "db-user-lookup-iocp.loopscope"


def record_epoll_echo(folder: Path) -> Path:
    """tcp-echo recorded now on epoll, with the parameters of the committed IOCP one (a test
    that needs it is skipped where there is no epoll: Windows, macOS)."""
    if "epoll" not in backends.available():
        pytest.skip("compares an epoll recording made here with the IOCP one: no epoll on "
                    "this OS")
    path = folder / "tcp-echo-epoll.loopscope"
    assert cli.main(["record", "tcp-echo", "--backend", "epoll", "--param", "clients=3",
                     "--param", "messages=5", "-q", "-o", str(path)]) == 0
    return path
