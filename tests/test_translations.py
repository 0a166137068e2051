"""The Chinese translation is complete, current, and in the study note's terms.

lupdate runs over app/ (through tools/i18n.py) and the .ts it would write must be the
committed one, with its .qm compiled from it; then every message of that .ts is read: none
unfinished or empty, none left in English, placeholders and markup kept, the glossary's
terms used (resources/i18n/GLOSSARY.md names the ones checked here).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tools import i18n

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
MNEMONIC = re.compile(r"&([A-Za-z])")

#: The study note's terms (GLOSSARY.md, first table): where the English says the left, the
#: Chinese says the right.
NOTE_TERMS = {
    "event queue": "事件队列",
    "interest list": "兴趣列表",
    "ready queue": "就绪队列",
    "preemptive": "抢占式",
    "cooperative": "协作式",
    "completion port": "完成端口",
    "completion packet": "完成包",
}


@pytest.fixture(scope="module")
def messages() -> list[i18n.Message]:
    return i18n.read_ts(i18n.ts_path("zh_CN"))


def test_the_committed_translation_is_what_lupdate_and_lrelease_make() -> None:
    """A sentence added or changed in app/ without `make translations` fails here."""
    assert i18n.main(["--check"]) == 0


def test_the_ts_has_one_context_the_one_tr_looks_up() -> None:
    text = i18n.ts_path("zh_CN").read_text(encoding="utf-8")
    assert text.count("<context>") == 1
    assert "<name />" in text or "<name></name>" in text


def test_every_message_is_finished_and_not_empty(messages: list[i18n.Message]) -> None:
    assert len(messages) > 500
    unfinished = [m.source for m in messages if not m.finished or not m.translation.strip()]
    assert unfinished == []


def test_no_english_sentence_is_left_untranslated(messages: list[i18n.Message]) -> None:
    """Four or more English words (placeholders and markup aside) and no Chinese in the
    translation: left in English."""
    def words(text: str) -> int:
        return len(WORD.findall(TAG.sub(" ", PLACEHOLDER.sub(" ", text))))

    left = [m.source for m in messages if words(m.source) >= 4 and not CJK.search(m.translation)]
    assert left == []


def test_placeholders_markup_and_mnemonics_are_kept(messages: list[i18n.Message]) -> None:
    wrong = []
    for m in messages:
        if sorted(PLACEHOLDER.findall(m.source)) != sorted(PLACEHOLDER.findall(m.translation)):
            wrong.append(("placeholders", m.source))
        if sorted(TAG.findall(m.source)) != sorted(TAG.findall(m.translation)):
            wrong.append(("markup", m.source))
        if MNEMONIC.search(m.source) and not MNEMONIC.search(m.translation):
            wrong.append(("mnemonic", m.source))
    assert wrong == []


#: Command-line words, which stay as they are: an option and its value (``--mode
#: preemptive``), a choice list (``cooperative|preemptive``).
COMMAND_LINE = re.compile(r"--[\w-]+ [\w|]+|\S*\|\S*")


@pytest.mark.parametrize("english", sorted(NOTE_TERMS))
def test_the_note_terms_are_used(messages: list[i18n.Message], english: str) -> None:
    chinese = NOTE_TERMS[english]
    using = [m for m in messages if english in COMMAND_LINE.sub(" ", m.source).lower()]
    assert using, f"no message says {english!r}: drop it from NOTE_TERMS"
    assert [m.source for m in using if chinese not in m.translation] == []


def _method_tr_calls(path: Path) -> list[str]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("tr", "translate"):
            calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return calls


def test_every_sentence_is_a_bare_tr_call() -> None:
    """`self.tr`, `window.tr` and `QCoreApplication.translate` look up a context of their own,
    which the one-context .ts does not have (docs/ARCHITECTURE.md §14). The one lookup is
    app/qt/language.py's."""
    lookup = ROOT / "app" / "qt" / "language.py"
    calls = [c for p in sorted((ROOT / "app").rglob("*.py")) if p != lookup
             for c in _method_tr_calls(p)]
    assert calls == []
