"""Finding ``resources/`` from a checkout and from an installed wheel.

In a checkout ``app/_resources`` is a symlink to the top-level ``resources/``; a wheel build
follows the link and ships the files inside the package at the same path, so one lookup
serves both. Where the link did not survive (a checkout on a file system without symlinks),
the top-level folder is used directly.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    inside = _PACKAGE / "_resources"
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / "resources"
    if beside.is_dir():
        return beside
    raise FileNotFoundError("LoopScope's resources/ folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
