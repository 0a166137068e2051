"""The language LoopScope speaks: one translation context, a cached ``tr``, the live switch.

Facts about Qt's translations (checked with PySide6 6.11's lupdate and QTranslator) → what
this means for us:

- lupdate's Python parser names a message's context from the *text* of the call: ``tr("…")``
  gets the empty context wherever it is written, ``self.tr("…")`` the enclosing class,
  ``window.tr("…")`` the variable name "window". At run time PySide's ``self.tr`` uses the
  object's class, and a :data:`~app.trace.text.Translate` handed down to the Qt-free layers
  would translate in whichever context its caller had. The two drift apart silently, and a
  drifted message shows in English. → LoopScope has **one context, the empty one**: every
  sentence, in every layer, is written as a bare ``tr("…")`` (the Qt-free layers receive
  :func:`tr` as their ``tr`` argument; texts defined before a language is known are marked
  :func:`~app.trace.text.QT_TR_NOOP`). One English sentence then has one translation
  everywhere, which is what a glossary asks for; a sentence that must be worded differently
  in two places passes a disambiguation (``tr("Open", "menu")``).
- ``QTranslator.translate`` needs no ``QCoreApplication``. → ``loopscope log --lang zh_CN``
  and ``--help`` use the same translator as the window.
- Installing or removing a translator on the application sends ``QEvent.LanguageChange`` to
  every widget. → :func:`apply` is the live switch; each widget re-reads its texts in its
  ``changeEvent``. Qt's own ``qt_zh_CN.qm`` (standard buttons and dialogs) goes in with ours.
- A lookup in a QTranslator hashes the context and text and searches the .qm; PySide adds a
  Python→C++ call. → :func:`tr` keeps every answer in a dict (cleared by a switch), so a
  sentence is translated once, not once per log row per paint.

The .ts source and the shipped .qm live in ``resources/i18n`` (``make translations``);
``resources/i18n/GLOSSARY.md`` holds the terms.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, Qt, QTranslator

from app.resources import resource_path

#: What the user may choose: follow the system's language, or one of the translations.
SYSTEM = "system"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (SYSTEM, ENGLISH, CHINESE)
#: The QSettings key that keeps the choice.
SETTING = "language"

_translators: list[QTranslator] = []
_cache: dict[tuple[str, str | None], str] = {}
_current = ENGLISH


def qm_path(code: str) -> Path:
    """LoopScope's compiled translation for ``code`` (``zh_CN``)."""
    return resource_path("i18n", f"loopscope_{code}.qm")


def resolve(choice: str | None) -> str:
    """The language a choice means: ``system`` (or nothing) follows the system locale, which
    is Chinese for any Chinese locale and English otherwise."""
    if choice in (ENGLISH, CHINESE):
        return choice
    if choice not in (None, "", SYSTEM):
        raise ValueError(f"unknown language {choice!r}; choose one of: {', '.join(LANGUAGES)}")
    return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


def chosen(given: str | None, kept: object = None) -> str:
    """The choice to start with: ``given`` (``--lang``: this run only), else ``kept`` (the
    one View → Language saved), else the system's language. An unknown value is passed on:
    :func:`start` follows the system for it."""
    if given:
        return str(given)
    return str(kept) if kept else SYSTEM


def current() -> str:
    """The language being spoken now (``en`` or ``zh_CN``)."""
    return _current


def locale() -> QLocale:
    """The locale numbers, durations and dates are written in: Chinese (China), or in English
    the system's own English locale (en_GB writes 07/12/2026) and else English (US)."""
    if _current == CHINESE:
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    system = QLocale.system()
    if system.language() == QLocale.Language.English:
        return system
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def date_text(iso: str) -> str:
    """An instant saved as ISO 8601 ("2026-12-07T09:41:05+00:00") as the current locale
    writes a date, with the time of day, in local time: 2026/12/7 09:41:05 in Chinese,
    12/7/26 09:41:05 in US English (see :func:`locale`). Text that is not such an instant is
    returned as it is."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    local = moment.toLocalTime()
    date = locale().toString(local.date(), QLocale.FormatType.ShortFormat)
    return f"{date} {local.time().toString('HH:mm:ss')}"


def _load(code: str) -> list[QTranslator]:
    if code == ENGLISH:
        return []
    ours = QTranslator()
    if not ours.load(str(qm_path(code))):
        raise FileNotFoundError(f"the translation {qm_path(code)} is missing; "
                                "run `make translations`")
    loaded = [ours]
    qt_own = QTranslator()
    if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        loaded.append(qt_own)
    return loaded


def apply(choice: str | None) -> str:
    """Speak ``choice`` (see :func:`resolve`) from now on and return the language it meant.
    With an application running, its widgets get ``QEvent.LanguageChange`` and re-read their
    texts (the live switch); without one (the command line) only :func:`tr` changes."""
    global _current
    code = resolve(choice)
    translators = _load(code)
    app = QCoreApplication.instance()
    if app is not None:
        for old in _translators:
            QCoreApplication.removeTranslator(old)
    _translators[:] = translators
    _cache.clear()
    _current = code
    if app is not None:
        for translator in translators:
            QCoreApplication.installTranslator(translator)
    return code


def start(choice: str | None) -> str:
    """:func:`apply` at start-up, which must not fail: an unknown choice (a hand-edited
    setting) follows the system, and a missing translation falls back to English with a
    warning on stderr. Returns the language spoken."""
    try:
        resolve(choice)
    except ValueError as exc:
        print(f"LoopScope: {exc}; following the system's language", file=sys.stderr)
        choice = SYSTEM
    try:
        return apply(choice)
    except FileNotFoundError as exc:
        print(f"LoopScope: {exc}; speaking English", file=sys.stderr)
        return apply(ENGLISH)


def tr(text: str, disambiguation: str | None = None) -> str:
    """``text`` in the current language (itself in English, or where no translation exists).
    The one context is the empty one (see the module's facts); the answer is cached."""
    key = (text, disambiguation)
    try:
        return _cache[key]
    except KeyError:
        pass
    translated = _translators[0].translate("", text, disambiguation) if _translators else None
    _cache[key] = translated or text
    return _cache[key]
