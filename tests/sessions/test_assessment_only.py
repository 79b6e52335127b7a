"""Questions kept for assessments: never practised, drawn first by an assessment, and
counted by `bank stats` (issue 15: a learner cannot rehearse the assessment's question)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from tests.sessions.session_fixtures import COMPLAINTS, PURPOSE, FakeClock, tiny_units
from tutor.banks.cache import load_bank_cached
from tutor.banks.files import load_bank, write_unit
from tutor.banks.model import Bank, Unit
from tutor.banks.stats import coverage
from tutor.sessions.engine import SessionEngine
from tutor.sessions.state import SessionError
from tutor.store.queries import Store


def _kept(units: list[Unit], criterion: str, question: str) -> list[Unit]:
    """The units with one question of a criterion kept for assessments."""
    out = []
    for unit in units:
        outcomes = []
        for outcome in unit.outcomes:
            criteria = []
            for c in outcome.criteria:
                if f"{unit.ref} {c.id}" == criterion:
                    c = replace(
                        c,
                        questions=tuple(
                            replace(q, assessment_only=True) if q.id == question else q
                            for q in c.questions
                        ),
                    )
                criteria.append(c)
            outcomes.append(replace(outcome, criteria=tuple(criteria)))
        out.append(replace(unit, outcomes=tuple(outcomes)))
    return out


def _bank(folder: Path, units: list[Unit]) -> Bank:
    for unit in units:
        write_unit(unit, folder)
    bank, problems = load_bank(folder)
    assert problems == []
    return bank


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    """PURPOSE has two questions; q2 is kept for assessments."""
    return _bank(tmp_path / "banks", _kept(tiny_units(), PURPOSE, "q2"))


def _engine(bank: Bank, store: Store, seed: int) -> SessionEngine:
    return SessionEngine(bank, store, FakeClock(), random.Random(seed))


def test_the_flag_is_read_written_and_cached_but_is_no_part_of_the_content(
    bank: Bank, tmp_path: Path
) -> None:
    unit = bank.unit("J/506/2132")
    assert unit is not None
    criterion = unit.criterion("1.1")
    assert criterion is not None
    q1, q2 = criterion.questions
    assert (q1.assessment_only, q2.assessment_only) == (False, True)
    assert "assessment_only: true" in (tmp_path / "banks" / "units" / "J-506-2132.yaml").read_text()
    # A record cites the question by hash: keeping it for assessments later changes nothing.
    assert q2.content_hash == replace(q2, assessment_only=False).content_hash
    cached, _ = load_bank_cached(tmp_path / "banks", tmp_path / "cache")
    again, _ = load_bank_cached(tmp_path / "banks", tmp_path / "cache")
    assert again == bank == cached


def test_a_flag_that_is_not_true_or_false_is_one_line_naming_it(tmp_path: Path) -> None:
    path = write_unit(tiny_units()[0], tmp_path)
    text = path.read_text().replace("  - id: q2\n", "  - id: q2\n      assessment_only: maybe\n", 1)
    path.write_text(text)
    _, problems = load_bank(tmp_path)
    assert [p.message for p in problems] == [
        "'assessment_only' should be true or false, not 'maybe'"
    ]
    assert "question q2" in problems[0].path and problems[0].line is not None


def test_practice_never_asks_a_question_kept_for_assessments(bank: Bank, store: Store) -> None:
    for seed in range(12):
        engine = _engine(bank, store, seed)
        engine.start_practice(f"learner {seed}", [PURPOSE])
        asked = engine.next_question()
        assert asked is not None and asked.question.id == "q1"
        engine.end()


def test_an_assessment_draws_the_kept_question_and_a_resit_another(
    bank: Bank, store: Store
) -> None:
    for seed in range(6):
        engine = _engine(bank, store, seed)
        learner = f"learner {seed}"
        engine.start_assessment(learner, "Bob", [PURPOSE])
        first = engine.next_question()
        assert first is not None and first.question.id == "q2"
        engine.submit_answer("customers come back")
        engine.end()
        engine.start_assessment(learner, "Bob", [PURPOSE])
        resit = engine.next_question()
        assert resit is not None and resit.question.id == "q1"  # not had in an assessment


def test_practice_on_criteria_whose_questions_are_all_kept_says_so(
    tmp_path: Path, store: Store
) -> None:
    units = _kept(_kept(tiny_units(), PURPOSE, "q1"), PURPOSE, "q2")
    engine = _engine(_bank(tmp_path / "banks", units), store, 1)
    with pytest.raises(SessionError, match="kept for assessments"):
        engine.start_practice("Ann", [PURPOSE])
    engine.start_practice("Ann", [PURPOSE, COMPLAINTS])  # the other criterion is practised
    asked = engine.next_question()
    assert asked is not None and asked.criterion == COMPLAINTS


def test_stats_count_criteria_with_a_kept_question_beside_a_practice_one(bank: Bank) -> None:
    _, total = coverage(bank)
    assert (total.with_assessment_only, total.assessment_only_questions) == (1, 1)
    assert total.to_dict()["with_assessment_only"] == 1
