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
        listed = "yes" if verb.list_ok else "no"
        judged = "yes" if verb.needs_judgement else "no"
        cells = [verb.name, verb.definition, str(verb.min_points), reasons, listed, judged]
        assert f"| {' | '.join(cells)} |" in doc


def test_guide_states_the_answer_length_cap() -> None:
    assert f"{SCORED_ANSWER_CHARS:,}" in GUIDE.read_text("utf-8")
