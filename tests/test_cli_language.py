"""The command line speaks the chosen language: ``--lang`` on every command, ``--help`` and
argparse's own words, ``loopscope log``'s rows and the commands' errors.

Most tests speak the pseudo-translation (tests/support/i18n.py: every message of app/ wrapped
in ``⟦…⟧``), so they check that each text goes through the translation whatever the Chinese
translation holds yet. :func:`test_log_real_chinese` checks the real one."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest

import app.qt
from app import cli
from app import main as entry
from app.cli import i18n, parsers
from app.cli.common import EXIT_OK, EXIT_USAGE, display_width, pad, wrap_columns
from app.cli.gui_args import build_gui_parser, parse_gui_args
from app.cli.parsers import SUBCOMMANDS, argparse_error_text, build_parser
from app.qt import language
from app.trace import tracefile
from app.trace.log import log_rows, recorded_backend
from app.trace.store import EventStore
from app.trace.text import Describer
from tests.support.i18n import PSEUDO_CLOSE, PSEUDO_OPEN, is_pseudo
from tests.support.recordings import record_sample_run
from tests.support.workloads import SMALL, run_threads

#: What may stand outside the translated texts of a --help: the command's and the options'
#: names, metavars, choices, exit-code numbers and the punctuation argparse puts around them.
PUNCTUATION = re.compile(r"[\[\](){}|,.=:…\d-]*")
CJK = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A cooperative (tcp-echo and timers on the traced loop) and a preemptive (cpu-hog on OS
    threads) recording, saved."""
    folder = tmp_path_factory.mktemp("sessions")
    cooperative = record_sample_run(clients=2, messages=4)
    _, events, rec = run_threads("cpu-hog", SMALL["cpu-hog"])
    preemptive = EventStore(list(rec.strings), dict(rec.tasks))
    preemptive.append([(e.seq, e.ts, int(e.kind), e.task, e.a, e.b, e.c) for e in events])
    paths = {"cooperative": folder / "cooperative.loopscope",
             "preemptive": folder / "preemptive.loopscope"}
    tracefile.save(paths["cooperative"], tracefile.Session(
        cooperative, tracefile.SessionInfo(workload="tcp-echo+timers", backend="epoll")))
    tracefile.save(paths["preemptive"], tracefile.Session(
        preemptive, tracefile.SessionInfo(workload="cpu-hog", mode="preemptive",
                                          backend="threads")))
    return paths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``loopscope ARGV`` as app.main runs it: the exit code, stdout and stderr."""
    try:
        code = entry.main(list(argv))
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def allowed_words(parser: object) -> set[str]:
    """The names, metavars and choices a parser's --help may show untranslated."""
    words = {"loopscope", *SUBCOMMANDS, "[options]"}
    for action in getattr(parser, "_actions"):  # noqa: B009 - argparse keeps them there
        words.update(action.option_strings)
        metavar = action.metavar if action.metavar is not None else action.dest.upper()
        words.update(metavar if isinstance(metavar, tuple) else [metavar])
        if action.choices:
            words.update(str(choice) for choice in action.choices)
    return words


def untranslated(help_text: str, allowed: set[str]) -> list[str]:
    """The words of ``help_text`` outside its ``⟦…⟧`` spans that are not ``allowed``."""
    outside = re.sub(f"{PSEUDO_OPEN}.*?{PSEUDO_CLOSE}", " ", help_text, flags=re.DOTALL)
    wrong = []
    for word in outside.split():
        bare = word.strip("[](){}|,.")
        if PUNCTUATION.fullmatch(word) or word in allowed or bare in allowed or \
                all(part in allowed for part in re.split(r"[{},|\[\]]+", word) if part):
            continue
        wrong.append(word)
    return wrong


@pytest.mark.usefixtures("pseudo_language")
def test_the_gui_commands_help_speaks_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--help", "--lang", "zh_CN")
    assert code == 0 and not err
    assert out.startswith(f"{PSEUDO_OPEN}usage: {PSEUDO_CLOSE}")
    for title in (f"options{PSEUDO_CLOSE}:", "show this help message and exit",
                  "exit codes:", "subcommands (each has its own --help)"):
        assert f"{PSEUDO_OPEN}{title}" in out, title
    assert untranslated(out, allowed_words(build_gui_parser())) == []


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_each_subcommands_help_speaks_the_language(
        capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, err = run(capsys, command, "--help", "--lang=zh_CN")
    assert code == 0 and not err
    parser = build_parser()
    sub = next(a for a in parser._actions if a.choices and command in a.choices)
    subparser = sub.choices[command]  # type: ignore[index]
    assert f"{PSEUDO_OPEN}positional arguments{PSEUDO_CLOSE}" in out
    assert f"{PSEUDO_OPEN}options{PSEUDO_CLOSE}" in out
    assert untranslated(out, allowed_words(subparser)) == []


@pytest.mark.usefixtures("pseudo_language")
def test_the_subcommand_list_speaks_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help", "--lang", "zh_CN"])
    out = capsys.readouterr().out
    assert untranslated(out, allowed_words(build_parser())) == []


def _log_lines(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> list[str]:
    code, out, err = run(capsys, "log", str(path), *extra)
    assert code == EXIT_OK and not err
    return out.splitlines()


def _rows(path: Path) -> list[str]:
    """The sentence of every event of ``path``, in the language spoken now."""
    store = tracefile.load(path).store
    describer = Describer(store.strings, store.task_name, recorded_backend(store),
                          tr=language.tr)
    return [row.text for _, row in log_rows(store, describer)]


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.parametrize("recording", ["cooperative", "preemptive"])
def test_log_speaks_every_events_sentence_in_the_language(
        sessions: dict[str, Path], capsys: pytest.CaptureFixture[str], recording: str) -> None:
    lines = _log_lines(capsys, sessions[recording], "--lang", "zh_CN")
    sentences = _rows(sessions[recording])  # in the pseudo-language: --lang zh_CN applied it
    assert language.current() == language.CHINESE
    assert len(lines) == len(sentences) == len(tracefile.load(sessions[recording]).store)
    english = [s for s in sentences if not is_pseudo(s)]
    assert english == []
    for line, sentence in zip(lines, sentences, strict=True):
        assert line.startswith(PSEUDO_OPEN) and sentence in line  # the row's template too


@pytest.mark.usefixtures("pseudo_language")
def test_lang_before_the_subcommand_counts_too(
        sessions: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "zh_CN", "log", str(sessions["preemptive"]),
                         "--kind", "threads_info")
    assert code == EXIT_OK and not err
    assert out and all(is_pseudo(line) for line in out.splitlines())


@pytest.mark.usefixtures("pseudo_language")
def test_the_commands_errors_speak_the_language(
        sessions: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = str(sessions["cooperative"])
    for argv in (["log", path, "--task", "no-such-task"],  # the command's own words
                 ["log", path, "--kind", "stepbegin"],  # through parser.error
                 ["log"],  # argparse's: a required argument
                 ["record", "--mode", "sideways", "timers", "-o", str(tmp_path / "x")],
                 ["info", path, "--bogus"]):
        code, out, err = run(capsys, *argv, "--lang", "zh_CN")
        assert code == EXIT_USAGE and not out, argv
        # parser.error's line, its template around the message; or a command's own line
        said = re.fullmatch(f"{PSEUDO_OPEN}loopscope[ \\w]*: error: (?P<message>.+){PSEUDO_CLOSE}"
                            f"|{PSEUDO_OPEN}loopscope: (?P<own>.+){PSEUDO_CLOSE}",
                            err.strip().splitlines()[-1])
        assert said is not None and is_pseudo(said["message"] or said["own"]), (argv, err)


@pytest.mark.usefixtures("pseudo_language")
def test_a_damaged_file_is_reported_in_the_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = tmp_path / "notes.loopscope"
    damaged.write_text("not a session\n", encoding="utf-8")
    code, out, err = run(capsys, "log", str(damaged), "--lang", "zh_CN")
    assert code == EXIT_USAGE and not out
    assert is_pseudo(err)


@pytest.mark.usefixtures("pseudo_language")
def test_english_is_todays_english(sessions: dict[str, Path],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """``--lang en`` (and no --lang, on this C locale) print exactly the untranslated text."""
    for recording in ("cooperative", "preemptive"):
        path = sessions[recording]
        store = tracefile.load(path).store
        describer = Describer(store.strings, store.task_name, recorded_backend(store))
        width = min(24, max((len(store.task_name(s)) for s in store.tasks), default=1))
        expected = [f"{row.time:>11} ms  unit {row.unit:<6} {row.kind:<16} "
                    f"{row.task or '-':<{width}}  {row.text}"
                    for _, row in log_rows(store, describer, np.arange(len(store)))]
        assert _log_lines(capsys, path, "--lang", "en") == expected
        assert _log_lines(capsys, path) == expected
    _, plain, _ = run(capsys, "log", "--help")
    _, english, _ = run(capsys, "log", "--help", "--lang", "en")
    assert english == plain and not is_pseudo(english)
    assert english.startswith("usage: loopscope log") and "\noptions:\n" in english
    code, out, err = run(capsys, "log", "--lang", "en")
    assert code == EXIT_USAGE and not out
    assert err.endswith("loopscope log: error: the following arguments are required: FILE\n")


def test_log_real_chinese(sessions: dict[str, Path], capsys: pytest.CaptureFixture[str],
                          english_after: None) -> None:
    """The shipped translation: every event of a cooperative and a preemptive recording is
    told in Chinese (a sentence with at least one CJK character)."""
    for recording in ("cooperative", "preemptive"):
        lines = _log_lines(capsys, sessions[recording], "--lang", "zh_CN")
        sentences = _rows(sessions[recording])
        english = sorted({s for s in sentences if not CJK.search(s)})
        assert english == [], f"{len(english)} sentences of {recording} still in English"
        assert all(s in line for s, line in zip(sentences, lines, strict=True))


def test_the_gui_gets_the_language_given() -> None:
    assert parse_gui_args(["--lang", "zh_CN"]).lang == "zh_CN"
    assert parse_gui_args(["--lang=en"]).lang == "en"
    assert parse_gui_args([]).lang is None  # then the window speaks the saved choice


def test_the_languages_are_those_of_the_window() -> None:
    assert i18n.LANGUAGES == language.LANGUAGES


@pytest.mark.parametrize(("argv", "given"), [
    (["log", "f", "--lang", "zh_CN"], "zh_CN"),
    (["--lang=en", "log", "f"], "en"),
    (["--lang", "en", "--lang", "zh_CN"], "zh_CN"),  # the last one, as argparse takes it
    (["--lang", "klingon"], None),  # the parser says what is wrong, in the system's language
    (["--lang"], None),
    (["record", "--", "--lang", "zh_CN"], None),
])
def test_lang_is_read_before_parsing(argv: list[str], given: str | None) -> None:
    assert i18n.given_language(argv) == given


def test_without_qt_the_command_line_speaks_english(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        english_after: None) -> None:
    """make test-windows runs the CLI on a CPython without PySide6 (tools/windows.py)."""
    monkeypatch.setitem(sys.modules, "app.qt.language", None)  # its import now fails
    monkeypatch.delattr(app.qt, "language")
    assert i18n.choose(None) == "en" and i18n.choose("en") == "en"
    assert i18n.tr("options") == "options"
    with pytest.raises(i18n.LanguageUnavailable, match="needs PySide6"):
        i18n.choose("zh_CN")
    code, out, err = run(capsys, "log", "whatever.loopscope", "--lang", "zh_CN")
    assert code == EXIT_USAGE and not out and "--lang zh_CN needs PySide6" in err


def test_argparse_errors_are_recognised_on_this_python(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's own wording (3.11 to 3.13) is matched, each part by a template of ours, so
    it can be re-worded; in English the result is argparse's message unchanged."""
    seen: list[tuple[str, str, list[str]]] = []

    def reword(message: str) -> str:
        templates: list[str] = []

        def keep(text: str, disambiguation: str | None = None) -> str:
            templates.append(text)
            return text

        original = i18n._qt_tr
        i18n._qt_tr = keep
        try:
            said = argparse_error_text(message)
        finally:
            i18n._qt_tr = original
        seen.append((message, said, templates))
        return said

    monkeypatch.setattr(parsers, "argparse_error_text", reword)
    cases = {("log",): "the following arguments are required: FILE",
             ("log", "f", "--kind"): "argument --kind: expected one argument",
             ("record", "--mode", "x"): "argument --mode: invalid choice: 'x' (choose from "
                                        "'cooperative', 'preemptive')",
             ("info", "f", "--x"): "unrecognized arguments: --x",
             ("record", "--capacity", "many"): "argument --capacity: invalid int value: "
                                               "'many'"}
    for argv, english in cases.items():
        seen.clear()
        with pytest.raises(SystemExit):
            cli.main([*argv, "--lang", "en"])
        capsys.readouterr()
        assert seen and seen[-1][:2] == (english, english), seen  # the last: the whole
        assert all(templates for *_, templates in seen), f"not all matched: {seen}"


# -- Chinese on a terminal: columns, not characters --------------------------------------------
def test_a_chinese_character_takes_two_columns() -> None:
    assert display_width("fd 7") == 4
    assert display_width("事件队列") == 8
    assert display_width("等待：fd 可读") == 13
    assert pad("模式", 6) == "模式  " and pad("python", 6) == "python"


def test_chinese_wraps_between_characters_within_the_width() -> None:
    text = "操作系统的事件队列：auto 或 epoll, poll, select 之一（默认：上次所用，否则 auto）"
    lines = wrap_columns(text, 20)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= 20 for line in lines)
    assert not any(line[0] in "，。：；）" for line in lines)  # closing marks never lead
    assert not any(line[-1] in "（“" for line in lines)  # opening marks never end a line
    assert "epoll," in " ".join(lines).split()  # a Latin word stays whole


def test_chinese_help_is_laid_out_by_columns(capsys: pytest.CaptureFixture[str],
                                             english_after: None) -> None:
    """The real translation: section titles end in a full-width colon, help lines keep
    within the terminal's columns, and a wrapped usage stays aligned behind 用法：."""
    for argv in (["--help"], *([name, "--help"] for name in SUBCOMMANDS)):
        _, out, _ = run(capsys, *argv, "--lang", "zh_CN")
        headings = [line for line in out.splitlines() if line and not line[0].isspace()
                    and line.endswith((":", "："))]
        assert headings and all(h.endswith("：") for h in headings), (argv, headings)
        usage = out.split("\n\n")[0].splitlines()
        assert usage[0].startswith("用法： loopscope")
        body = [line for line in out.splitlines() if line.startswith("  -")
                or line.startswith(" " * 24)]
        assert all(display_width(line) <= 100 for line in body), argv
        for line in usage[1:]:  # continuation lines start under the program's name
            indent = len(line) - len(line.lstrip())
            assert indent == display_width("用法： ") or indent >= display_width("用法： loopscope")
