"""The language the command line speaks: ``--lang``, chosen before any parser is built.

Facts → what this means here:

- ``--help`` is printed while the arguments are parsed, so its texts must already be in the
  chosen language when the parser is built. → :func:`apply_from_argv` reads ``--lang X`` /
  ``--lang=X`` from the raw arguments first; the parsers are built after it.
- :mod:`app.qt.language` imports PySide6, and ``make test-windows`` runs the command line on a
  Windows CPython without Qt (Qt's Windows wheel cannot start under Wine 8; see
  tools/windows.py). → Qt is imported only here, only when a language is chosen, and a
  missing PySide6 means English (the untranslated text); only ``--lang zh_CN`` then fails,
  with the reason.
- ``QTranslator.translate`` needs no ``QCoreApplication`` (see :mod:`app.qt.language`). →
  the command line uses the window's translator and sentences.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

#: What ``--lang`` accepts: :data:`app.qt.language.LANGUAGES`, repeated here because that
#: module cannot be imported without Qt (tests/test_cli_language.py checks they agree).
LANGUAGES = ("system", "en", "zh_CN")
OPTION = "--lang"

_qt_tr: Callable[[str, str | None], str] | None = None
_qt_date: Callable[[str], str] | None = None


class LanguageUnavailable(Exception):
    """The chosen language cannot be spoken here (no PySide6, or its translation is missing)."""


def tr(text: str, disambiguation: str | None = None) -> str:
    """``text`` in the language chosen by :func:`choose` (itself in English, or without Qt).
    Called as a bare ``tr("…")`` with a literal, so that lupdate collects the sentence into
    the one (empty) context that :func:`app.qt.language.tr` looks up."""
    return text if _qt_tr is None else _qt_tr(text, disambiguation)


def date_text(iso: str) -> str:
    """A saved ISO 8601 instant as the chosen language's locale writes it
    (:func:`app.qt.language.date_text`); as saved where Qt is not here."""
    return iso if _qt_date is None else _qt_date(iso)


def choose(choice: str | None) -> str:
    """Speak ``choice`` (``None`` or ``system``: the system's language) and return the
    language it meant (``en`` or ``zh_CN``)."""
    global _qt_tr, _qt_date
    try:
        from app.qt import language
    except ImportError as exc:  # no PySide6 (the Windows CPython of make test-windows)
        if choice == "zh_CN":
            raise LanguageUnavailable(
                f"--lang zh_CN needs PySide6, which cannot be imported here ({exc})") from None
        _qt_tr = _qt_date = None
        return "en"
    try:
        code = language.apply(choice)
    except FileNotFoundError as exc:
        raise LanguageUnavailable(str(exc)) from None
    _qt_tr, _qt_date = language.tr, language.date_text
    return code


def given_language(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` or ``--lang=X`` before a ``--`` (as argparse would
    take it), or None. A value that is not a language is ignored here: the parser, built in
    the system's language, then reports it."""
    value: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == OPTION and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(OPTION + "="):
            value = arg.split("=", 1)[1]
    return value if value in LANGUAGES else None


def apply_from_argv(argv: Sequence[str]) -> str:
    """Speak the language ``argv`` asks for (else the system's) before any parser is built;
    exit 2 with the reason if it cannot be spoken here."""
    try:
        return choose(given_language(argv))
    except LanguageUnavailable as exc:
        print(f"loopscope: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
