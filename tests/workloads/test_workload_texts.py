"""Workloads' texts and the errors users read are translatable, and stay English by default.

Every title, summary, "what to look for" and parameter help is marked where the sample defines
it (lupdate finds it as one message); ``Param.allowed()`` and the converted errors are
:class:`~app.trace.text.Sentence` objects: ``str()`` is the English of before, and
``error_text(exc, tr)`` passes every template through ``tr``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.runtime import factory, scripts
from app.runtime.params import FOREVER, NoReadinessOnProactor, Param, ParamError, WorkloadError
from app.trace import tracefile
from app.trace.perfetto import ExportError, export
from app.trace.store import EventStore
from app.trace.text import error_text
from app.workloads import registry
from app.workloads.samples.common import cannot_listen
from tools import i18n


def fake_tr(text: str) -> str:
    """A translation that marks every sentence it translates (placeholders kept)."""
    return f"«{text}»"


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    # lupdate comes with PySide6, which the Windows run of these tests (make test-windows)
    # does not have: the messages are checked on Linux.
    pytest.importorskip("PySide6", reason="pyside6-lupdate comes with PySide6")
    return {m.source for m in i18n.extract()}


def test_every_workload_text_and_parameter_help_is_a_message(extracted: set[str]) -> None:
    unmarked = []
    for workload in registry.all_workloads():
        texts = [workload.title, workload.summary, workload.look_for,
                 *(p.help for p in workload.params)]
        unmarked += [f"{workload.name}: {text[:60]!r}" for text in texts if text not in extracted]
    assert unmarked == []
    assert FOREVER.help in extracted


def test_allowed_keeps_its_english_and_words_it_with_a_tr() -> None:
    ranged = Param("tasks", int, 5, "Tasks.", 1, 2000, unit="ms")
    assert str(ranged.allowed()) == "int from 1 to 2000 ms"
    assert f"{ranged.allowed()}" == "int from 1 to 2000 ms"
    assert ranged.allowed().text(fake_tr) == "««int» from 1 to 2000 ms»"  # the kind too
    big = Param("payload", int, 64, "Bytes.", 1, 1_048_576, unit="bytes")
    assert str(big.allowed()) == "int from 1 to 1048576 bytes"  # (not 1.04858e+06)
    assert str(Param("x", float, 1.0, "X.", minimum=0).allowed()) == "float ≥ 0"
    assert str(Param("x", float, 1.0, "X.", maximum=9).allowed()) == "float ≤ 9"
    assert str(Param("x", str, "a", "X.").allowed()) == "str"
    assert str(Param("x", bool, True, "X.").allowed()) == "true or false"
    assert Param("x", bool, True, "X.").allowed().text(fake_tr) == "«true or false»"
    kind = Param("kind", str, "a", "X.", choices=("a", "b"))
    assert str(kind.allowed()) == "one of a, b"
    assert kind.allowed().text(fake_tr) == "«one of a, b»"


def test_describe_is_the_help_and_the_allowed_values_in_the_language_of_tr() -> None:
    param = registry.get("timers").param("tasks")
    assert param.describe() == "Number of sleeping tasks. (int from 1 to 2000)"
    assert param.describe(fake_tr) == "««Number of sleeping tasks.» (««int» from 1 to 2000»)»"


def test_param_errors_are_english_and_translatable() -> None:
    timers = registry.get("timers")
    cases = {
        "tasks: 'many' is not valid; expected int from 1 to 2000": {"tasks": "many"},
        "tasks: 0 is out of range; expected int from 1 to 2000": {"tasks": 0},
        "timers has no parameter 'nope'; its parameters are: tasks, interval_ms, jitter, "
        "rounds, forever": {"nope": 1},
    }
    for english, values in cases.items():
        with pytest.raises(ParamError) as caught:
            timers.validate(values)
        assert str(caught.value) == english
        assert error_text(caught.value) == english
        assert error_text(caught.value, fake_tr).startswith("«")
    with pytest.raises(ParamError) as caught:
        registry.get("executor").validate({"kind": "gpu"})
    assert str(caught.value) == "kind: 'gpu' is not valid; expected one of sleep, hash, python"
    assert "«one of sleep, hash, python»" in error_text(caught.value, fake_tr)


def test_workload_errors_are_english_and_translatable() -> None:
    proactor = NoReadinessOnProactor("add_reader")
    assert str(proactor).startswith("loop.add_reader() is not available on Windows' proactor")
    assert error_text(proactor, fake_tr).startswith("«loop.add_reader() is not available")
    refused = cannot_listen("tcp-echo", "TCP", 80, PermissionError(13, "Permission denied"))
    assert isinstance(refused, WorkloadError)
    assert str(refused) == ("tcp-echo: cannot open a TCP port on 127.0.0.1:80: Permission "
                            "denied. Choose another port, or 0 for any free one.")
    assert error_text(refused, fake_tr).startswith("«tcp-echo: cannot open")


def test_backend_errors_are_english_and_translatable() -> None:
    with pytest.raises(ValueError) as caught:
        factory.resolve_backend("nonesuch")
    assert str(caught.value).startswith("unknown backend 'nonesuch'; on this OS choose one of: ")
    assert error_text(caught.value, fake_tr).startswith("«unknown backend 'nonesuch'")


def test_script_errors_are_english_and_translatable(tmp_path: Path) -> None:
    missing = tmp_path / "missing.py"
    with pytest.raises(scripts.ScriptError) as caught:
        scripts.check(missing)
    assert str(caught.value) == f"{missing}: no such file"
    assert error_text(caught.value, fake_tr) == f"«{missing}: no such file»"
    with pytest.raises(scripts.ScriptError) as caught:
        scripts.check(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a Python file"
    binary = tmp_path / "binary.py"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(scripts.ScriptError) as caught:
        scripts.check(binary)
    assert str(caught.value) == (f"{binary}: not a Python source file (not UTF-8 text: "
                                 "invalid start byte at byte 0)")
    assert error_text(caught.value, fake_tr).startswith("«")


def test_session_file_errors_are_english_and_translatable(tmp_path: Path) -> None:
    missing = tmp_path / "gone.loopscope"
    with pytest.raises(tracefile.TraceFileError) as caught:
        tracefile.load(missing)
    assert str(caught.value) == f"cannot open {missing}: no such file"
    assert error_text(caught.value, fake_tr) == f"«cannot open {missing}: «no such file»»"
    empty = tmp_path / "empty.loopscope"
    empty.write_bytes(b"")
    with pytest.raises(tracefile.TraceFileError) as caught:
        tracefile.load(empty)
    assert str(caught.value) == "cannot open empty.loopscope: the file is empty (0 bytes)"
    assert error_text(caught.value, fake_tr) == (
        "«cannot open empty.loopscope: «the file is empty (0 bytes)»»")
    png = tmp_path / "picture.loopscope"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(tracefile.TraceFileError) as caught:
        tracefile.load(png)
    assert str(caught.value) == ("cannot open picture.loopscope: this is not a LoopScope "
                                 "session: it looks like a PNG image")
    assert "«a PNG image»" in error_text(caught.value, fake_tr)


def test_export_errors_are_english_and_translatable(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "trace.json"
    with pytest.raises(ExportError) as caught:
        export(EventStore(), target)
    assert str(caught.value) == f"cannot write {target}: {os.strerror(errno.ENOENT)}"
    assert error_text(caught.value, fake_tr).startswith(f"«cannot write {target}: ")
