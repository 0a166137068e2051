"""Languages for tests: a pseudo-translation that marks every sentence, and the switch back.

The pseudo-translation wraps each message lupdate finds in app/ in ``⟦…⟧`` (placeholders kept),
compiled with lrelease once per test session. A test that switches to it sees every translated
text marked, so "this widget re-read its texts" is checked whether or not the real Chinese
translation has the sentence yet; the real translation is checked by tests/test_translations.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tools import i18n

PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"


def pseudo(text: str) -> str:
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}"


def is_pseudo(text: str) -> bool:
    """A text that went through the pseudo-translation (somewhere in it)."""
    return PSEUDO_OPEN in text


@pytest.fixture(scope="session")
def pseudo_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pseudo-i18n")
    messages = [i18n.Message(m.source, m.comment, pseudo(m.source), True) for m in i18n.extract()]
    ts = folder / "loopscope_pseudo.ts"
    ts.write_text(i18n.render("zh_CN", messages), encoding="utf-8")
    qm = folder / "loopscope_zh_CN.qm"
    i18n.compile_qm(ts, qm)
    return qm


@pytest.fixture
def pseudo_language(pseudo_qm: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Chinese is the pseudo-translation for this test; English again after it."""
    from app.qt import language

    monkeypatch.setattr(language, "qm_path", lambda code: pseudo_qm)
    yield
    language.apply(language.ENGLISH)


@pytest.fixture
def english_after() -> Iterator[None]:
    """Whatever language the test chose, the next test starts in English."""
    from app.qt import language

    yield
    language.apply(language.ENGLISH)
