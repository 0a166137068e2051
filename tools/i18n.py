"""Regenerate the translations: ``make translations`` (``python -m tools.i18n``).

1. ``pyside6-lupdate`` collects every sentence of ``app/`` (``tr("…")`` and ``QT_TR_NOOP("…")``
   calls) into a fresh .ts.
2. The messages are merged into **one context**, the empty one, which is the context
   ``app.qt.language.tr`` looks up (why: see that module). lupdate's Python parser sometimes
   files a bare ``tr("…")`` under the enclosing class (a ``return tr(…)`` right after a line
   that reads ``self.…``); the merge makes that quirk harmless. Each message keeps the
   translation the committed ``resources/i18n/loopscope_zh_CN.ts`` has for its text and
   disambiguation; a new one is written ``unfinished``; one no longer in the code is dropped.
   Messages are sorted by text and carry no line numbers, so a diff of the .ts shows only
   what changed in the words.
3. ``pyside6-lrelease`` compiles the .ts into the .qm the application loads (shipped, so that
   ``make run`` needs nothing else).

``python -m tools.i18n --check`` changes nothing and exits 1 when the committed .ts or .qm
is not what this would write (the test suite runs the same check).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


@dataclass(frozen=True)
class Message:
    source: str
    comment: str  # the disambiguation ("" for none)
    translation: str
    finished: bool


def ts_path(code: str) -> Path:
    return I18N / f"loopscope_{code}.ts"


def qm_path(code: str) -> Path:
    return I18N / f"loopscope_{code}.qm"


def _tool(name: str) -> str:
    """A PySide6 tool from the interpreter's own environment (the venv's bin/ or Scripts/)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is missing: install PySide6-Essentials (make venv)")
    return found


def sources() -> list[Path]:
    return sorted(p for p in (ROOT / "app").rglob("*.py") if "_resources" not in p.parts)


def read_ts(path: Path) -> list[Message]:
    """Every message of a .ts, whatever its context."""
    if not path.exists():
        return []
    messages = []
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        comment = message.findtext("comment") or ""
        text = "" if translation is None else (translation.text or "")
        finished = translation is not None and translation.get("type") not in (
            "unfinished", "obsolete", "vanished")
        messages.append(Message(message.findtext("source") or "", comment, text, finished))
    return messages


def extract() -> list[Message]:
    """What lupdate finds in app/ now (untranslated)."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "sources.lst"
        listing.write_text("\n".join(str(p) for p in sources()) + "\n", encoding="utf-8")
        fresh = Path(tmp) / "fresh.ts"
        subprocess.run([_tool("pyside6-lupdate"), f"@{listing}", "-locations", "none",
                        "-ts", str(fresh)], check=True, capture_output=True)
        return read_ts(fresh)


def merged(code: str, found: list[Message]) -> list[Message]:
    """``found`` in one context, with the translations the committed .ts already has."""
    known = {(m.source, m.comment): m for m in read_ts(ts_path(code))}
    result: dict[tuple[str, str], Message] = {}
    for m in found:
        key = (m.source, m.comment)
        old = known.get(key)
        result[key] = old if old is not None else Message(m.source, m.comment, "", False)
    return [result[key] for key in sorted(result)]


def render(code: str, messages: list[Message]) -> str:
    """The .ts text: one context (the empty one), messages sorted by text."""
    ts = ET.Element("TS", version="2.1", language=code, sourcelanguage="en")
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = ""
    for m in messages:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = m.source
        if m.comment:
            ET.SubElement(message, "comment").text = m.comment
        translation = ET.SubElement(message, "translation")
        translation.text = m.translation
        if not m.finished:
            translation.set("type", "unfinished")
    ET.indent(ts, space="    ")
    body = ET.tostring(ts, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                   capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when the .ts or .qm is out of date")
    args = parser.parse_args(argv)
    found = extract()
    stale = []
    for code in LANGUAGES:
        text = render(code, merged(code, found))
        ts, qm = ts_path(code), qm_path(code)
        if args.check:
            if not ts.exists() or ts.read_text(encoding="utf-8") != text:
                stale.append(str(ts.relative_to(ROOT)))
            with tempfile.TemporaryDirectory() as tmp:
                fresh = Path(tmp) / qm.name
                compile_qm(ts, fresh)
                if not qm.exists() or qm.read_bytes() != fresh.read_bytes():
                    stale.append(str(qm.relative_to(ROOT)))
            continue
        I18N.mkdir(parents=True, exist_ok=True)
        ts.write_text(text, encoding="utf-8")
        compile_qm(ts, qm)
        unfinished = sum(not m.finished for m in read_ts(ts))
        print(f"{ts.relative_to(ROOT)}: {len(read_ts(ts))} messages, {unfinished} unfinished; "
              f"{qm.relative_to(ROOT)} compiled")
    if stale:
        print("out of date (run `make translations`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
