"""Numbers as a person reads them in the status bar."""

from __future__ import annotations

from app.core.describe import fmt_ns, fmt_result


def test_a_result_reads_as_words_and_rounded_numbers() -> None:
    result = {"echoed": 15, "sent": 12_960, "max_lateness_ms": 1052.9028750024736,
              "min_lateness_ms": 0.0, "ok": True, "kind": "sleep"}
    assert fmt_result(result) == ("echoed 15, sent 12,960, max_lateness_ms 1,052.9, "
                                  "min_lateness_ms 0, ok True, kind sleep")
    assert fmt_result(3) == "3"
    assert fmt_result(None) == "None"


def test_durations_take_the_unit_a_person_reads_best() -> None:
    assert [fmt_ns(n) for n in (-1, 0, 1_500, 2_500_000, 312_000_000, 27_300_000_000)] == \
        ["∞", "0", "1.5 µs", "2.50 ms", "312 ms", "27.3 s"]
