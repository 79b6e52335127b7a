"""The scoring guide for users stays true to the code."""

from __future__ import annotations

from pathlib import Path

from tutor.banks.verbs import COMMAND_VERBS
from tutor.limits import SCORED_ANSWER_CHARS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"


def test_guide_lists_every_command_verb_with_its_points() -> None:
    doc = GUIDE.read_text("utf-8")
    for verb in COMMAND_VERBS.values():
        reasons = "yes" if verb.needs_reasons else "no"
        assert f"| {verb.name} | {verb.definition} | {verb.min_points} | {reasons} |" in doc


def test_guide_states_the_answer_length_cap() -> None:
    assert f"{SCORED_ANSWER_CHARS:,}" in GUIDE.read_text("utf-8")
