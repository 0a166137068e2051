"""app.qt.language: the choice resolved, the one cached context, dates in the locale."""

from __future__ import annotations

import re

import pytest

from app.qt import language
from tests.support.i18n import is_pseudo


def test_a_choice_means_a_language() -> None:
    assert language.resolve("en") == "en" and language.resolve("zh_CN") == "zh_CN"
    assert language.resolve("system") in ("en", "zh_CN")
    assert language.resolve(None) == language.resolve("system")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        language.resolve("fr")


def test_the_start_choice_is_the_command_line_s_then_the_kept_one() -> None:
    assert language.chosen("en", "zh_CN") == "en"  # --lang, for this run
    assert language.chosen(None, "zh_CN") == "zh_CN"  # View → Language, saved
    assert language.chosen(None, None) == language.chosen("", "") == "system"


def test_tr_answers_from_the_language_of_the_moment(pseudo_language: None) -> None:
    """One cached answer per sentence, dropped by a switch: the same call reads Chinese
    (here the pseudo-translation), then English again."""
    assert language.tr("Event log") == "Event log"
    language.apply(language.CHINESE)
    assert language.current() == "zh_CN" and is_pseudo(language.tr("Event log"))
    assert language.tr("no such sentence in LoopScope") == "no such sentence in LoopScope"
    language.apply(language.ENGLISH)
    assert language.current() == "en" and language.tr("Event log") == "Event log"


def test_a_saved_instant_is_written_as_the_locale_writes_dates(english_after: None) -> None:
    saved = "2026-12-07T09:41:05+00:00"
    language.apply(language.CHINESE)
    assert re.fullmatch(r"2026/12/[678] \d\d:\d\d:05", language.date_text(saved))
    language.apply(language.ENGLISH)
    english = language.date_text(saved)
    assert re.fullmatch(r"\S+ \d\d:\d\d:05", english) and "2026" not in english[:4]
    assert language.date_text("not a date") == "not a date"
