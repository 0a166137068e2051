"""The compare explanations are sentences of the one vocabulary: each goes through the
translation function it is given, and reads the same untranslated."""

from __future__ import annotations

import numpy as np

from app.model.compare import Measures, explain


def _measures(longest: int, lateness_ms: list[float], switches: int) -> Measures:
    return Measures(makespan_ns=400_000_000, lateness_ns=np.array(lateness_ms) * 1e6,
                    switches=switches, longest_run_ns=longest, longest_run_task="cpu-hog",
                    typical_turn_ns=longest, cpu_share={"cpu-hog": 0.8, "ticker": 0.1},
                    task_slices={"cpu-hog": 5_000_000, "ticker": 10_000},
                    task_longest={"cpu-hog": longest, "ticker": 10_000})


def test_every_explanation_goes_through_the_translation_function() -> None:
    cooperative = _measures(200_000_000, [0.2, 150.0, 190.0], 40)
    preemptive = _measures(6_000_000, [0.5, 3.0], 900)
    plain = explain(cooperative, preemptive)
    assert plain == [
        "cpu-hog held the loop for 200 ms in one step; 2 of 3 timer wake-ups ran more than "
        "1 ms late, up to 190 ms.",
        "With threads, no thread ran longer than 6.0 ms at a time (the busiest, cpu-hog, ran in "
        "slices of 5.0 ms at the median); timers were at most 3.0 ms late, at the cost of 900 "
        "switches (the loop made 40 task steps).",
        "The whole run took 400 ms cooperatively and 400 ms with threads (1.00×).",
    ]
    seen: list[str] = []

    def tr(text: str) -> str:
        seen.append(text)
        return f"⟦{text}⟧"

    translated = explain(cooperative, preemptive, tr)
    assert len(seen) == 3 and all("{" in text for text in seen)  # templates, not results
    # Take the brackets out: the same sentences (nothing was built outside a template).
    assert [t.replace("⟦", "").replace("⟧", "") for t in translated] == plain
    # One template per sentence: a translation may reorder its clauses.
    assert all(t.startswith("⟦") and t.endswith("⟧") and t.count("⟦") == 1 for t in translated)
