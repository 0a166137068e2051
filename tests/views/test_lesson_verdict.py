"""The verdict's words: right or wrong, what the loop did, and why in a paragraph of its
own (run on after the choice, the explanation read as part of it)."""

from __future__ import annotations

from app.model.lessons import Verdict
from app.views.lessons import verdict_html

CHOICES = ("the asyncio.sleep of sleeper-1: due in 1335 ms", "no timer: it blocks")


def test_the_explanation_is_a_paragraph_of_its_own() -> None:
    wrong = Verdict(correct=False, answer=1, right=0, recorded=0,
                    why="With nothing ready, the loop waits for the earliest timer.")
    text = verdict_html(wrong, CHOICES)
    assert text == ('<p><b style="color:#b00020">Not this time.</b> The loop did: the '
                    'asyncio.sleep of sleeper-1: due in 1335 ms</p>'
                    '<p>With nothing ready, the loop waits for the earliest timer.</p>')
    right = Verdict(correct=True, answer=0, right=0, recorded=0, why="Because <heap>.")
    assert verdict_html(right, CHOICES) == (
        '<p><b style="color:#1b5e20">Right.</b></p><p>Because &lt;heap&gt;.</p>')
    assert verdict_html(Verdict(True, 0, 0, 0, ""), CHOICES).count("<p>") == 1
