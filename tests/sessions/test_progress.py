"""Weeks of practice through the real engine with a controlled clock: the schedule follows
FSRS, practice goes due → weak → new, and progress matches the stored history."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from tests.sessions.practice_fixtures import ALL, BAD, GOOD, planned_order, practise
from tests.sessions.session_fixtures import (
    COMPLAINTS,
    EXPECTATIONS,
    NO_QUESTIONS,
    PURPOSE,
    UNIT_A,
    UNIT_B,
    FakeClock,
    tiny_bank,
)
from tutor.banks.model import Bank
from tutor.sessions.engine import SessionEngine
from tutor.sessions.progress import progress, streak
from tutor.sessions.revision import CriterionStatus
from tutor.sessions.schedule import learner_cards, load_progress, set_streak
from tutor.store import reviews as stored
from tutor.store.queries import Store


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    return tiny_bank(tmp_path / "banks")


@pytest.fixture
def engine(bank: Bank, store: Store, clock: FakeClock) -> SessionEngine:
    return SessionEngine(bank, store, clock, random.Random(7))


def _due(store: Store, criterion: str) -> datetime:
    return learner_cards(store, "Ann")[criterion].due


def _next_morning(clock: FakeClock) -> None:
    clock.now = (clock.now + timedelta(days=1)).replace(hour=9, minute=0, second=0)


def test_each_criterion_falls_due_exactly_when_fsrs_says(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    fsrs = Scheduler(enable_fuzzing=False)
    expected = {c: Card(card_id=1, due=clock.now) for c in ALL}
    for _day in range(56):  # eight weeks, practising whatever is due each morning
        due = [c for c in ALL if expected[c].due <= clock.now]
        if due:
            asked = practise(engine, clock, due, seconds=120)  # met, not quick: Good
            for review in stored.learner_reviews(store, "Ann")[-len(asked) :]:
                at = datetime.fromisoformat(review.at)
                expected[review.criterion], _ = fsrs.review_card(
                    expected[review.criterion], Rating(review.rating), at
                )
        for criterion in ALL:
            assert _due(store, criterion) == expected[criterion].due
        _next_morning(clock)
    seen = [
        datetime.fromisoformat(r.at)
        for r in stored.learner_reviews(store, "Ann")
        if r.criterion == COMPLAINTS
    ]
    days = [later - earlier for earlier, later in pairwise(seen)]
    assert len(days) >= 3
    assert days == sorted(days) and days[-1] > timedelta(days=14)
    assert load_progress(store, engine.bank, "Ann", clock.now).counts()["secure"] == 3


def test_a_criterion_is_not_due_the_day_before_and_is_due_on_the_day(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    practise(engine, clock, [COMPLAINTS])
    due = _due(store, COMPLAINTS)
    before = load_progress(store, engine.bank, "Ann", due - timedelta(days=1))
    on_the_day = load_progress(store, engine.bank, "Ann", due)
    assert before.due_today == 0
    assert on_the_day.due_today == 1
    clock.now = due - timedelta(seconds=1)
    assert planned_order(engine, [EXPECTATIONS, COMPLAINTS])[0] == EXPECTATIONS
    clock.now = due
    assert planned_order(engine, [EXPECTATIONS, COMPLAINTS])[0] == COMPLAINTS


def test_due_criteria_come_first_then_weak_then_new(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    practise(engine, clock, [COMPLAINTS])  # answered well: due again in days
    clock.now = _due(store, COMPLAINTS) + timedelta(hours=1)
    practise(engine, clock, [PURPOSE], {PURPOSE: BAD})  # failed: weak, due in minutes
    clock.advance(5)
    assert planned_order(engine, ALL) == [COMPLAINTS, PURPOSE, EXPECTATIONS]


def test_a_new_learner_meets_new_criteria_in_the_banks_order(
    bank: Bank, store: Store, clock: FakeClock
) -> None:
    for seed in range(5):
        engine = SessionEngine(bank, store, clock, random.Random(seed))
        assert planned_order(engine, ALL, learner=f"New {seed}") == ALL


def test_a_failed_criterion_comes_back_before_one_answered_well(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    practise(engine, clock, [PURPOSE, COMPLAINTS], {PURPOSE: BAD, COMPLAINTS: GOOD[COMPLAINTS]})
    clock.advance(3600)
    assert planned_order(engine, [COMPLAINTS, PURPOSE]) == [PURPOSE, COMPLAINTS]


def test_only_the_first_answer_to_a_question_is_a_review(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer(BAD)
    engine.retry()
    engine.submit_answer(BAD)
    assert engine.follow_up() is not None
    engine.submit_answer(GOOD[COMPLAINTS])
    [review] = stored.learner_reviews(store, "Ann")
    assert review.rating == Rating.Again and review.score == pytest.approx(0.0, abs=0.1)


@pytest.mark.parametrize(
    ("help_first", "rating"), [("hint", Rating.Hard), ("model_answer", Rating.Again)]
)
def test_help_before_answering_lowers_the_rating(
    engine: SessionEngine, store: Store, clock: FakeClock, help_first: str, rating: Rating
) -> None:
    engine.start_practice("Ann", [COMPLAINTS])
    engine.next_question()
    getattr(engine, help_first)()
    engine.submit_answer(GOOD[COMPLAINTS])
    assert [r.rating for r in stored.learner_reviews(store, "Ann")] == [rating]


def test_a_quick_complete_answer_is_easy_and_a_slow_one_good(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    practise(engine, clock, [COMPLAINTS], seconds=20)
    practise(engine, clock, [COMPLAINTS], seconds=600)
    assert [r.rating for r in stored.learner_reviews(store, "Ann")] == [Rating.Easy, Rating.Good]


def test_assessment_answers_do_not_train_the_schedule(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    engine.start_assessment("Ann", "Sam", [COMPLAINTS])
    engine.next_question()
    engine.submit_answer(GOOD[COMPLAINTS])
    engine.end()
    engine.record.decide(COMPLAINTS, "met", "clear and complete")
    assert stored.learner_reviews(store, "Ann") == []
    unit = load_progress(store, engine.bank, "Ann", clock.now).units[0]
    row = next(c for c in unit.criteria if c.ref == COMPLAINTS)
    assert (row.status, row.decision) == (CriterionStatus.NOT_STARTED, "met")


def test_editing_a_question_or_overriding_a_score_leaves_the_schedule_alone(
    tmp_path: Path, engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    practise(engine, clock, ALL, {PURPOSE: BAD})
    before = {c: card.to_dict() for c, card in learner_cards(store, "Ann").items()}
    # Re-score: the answer turns now carry a different machine score (as a recalibrated
    # scorer would give); an assessor overrides one in an assessment.
    store.conn.execute("UPDATE turns SET score = json_set(score, '$.score', 0.99)")
    engine.start_assessment("Ann", "Sam", [PURPOSE])
    engine.next_question()
    engine.submit_answer(BAD)
    engine.record.override(None, "met", "said it in other words")
    engine.end()
    # Edit the bank: the question's rubric changes.
    edited = tiny_bank(tmp_path / "edited")
    SessionEngine(edited, store, clock, random.Random(1)).start_practice("Ann", ALL)
    after = {c: card.to_dict() for c, card in learner_cards(store, "Ann").items()}
    assert after == before
    # And the cards are the review log replayed: dropping them loses nothing.
    store.conn.execute("DELETE FROM criterion_schedule")
    assert {c: card.to_dict() for c, card in learner_cards(store, "Ann").items()} == before


def test_progress_figures_match_the_stored_history(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    for day in range(21):
        answers = {PURPOSE: BAD} if day % 3 == 0 else GOOD
        practise(engine, clock, ALL if day % 2 == 0 else [PURPOSE, COMPLAINTS], answers)
        _next_morning(clock)
    result = load_progress(store, engine.bank, "Ann", clock.now)
    answers = store.conn.execute(
        "SELECT t.criterion, t.at, t.score FROM turns t JOIN sessions s ON s.id = t.session_id "
        "WHERE t.kind = 'answer' AND s.mode = 'practice' ORDER BY t.at"
    ).fetchall()
    cards = learner_cards(store, "Ann")
    rows = {c.ref: c for u in result.units for c in u.criteria}
    for criterion in ALL:
        mine = [(at, json.loads(score)["score"]) for c, at, score in answers if c == criterion]
        assert rows[criterion].last_seen == datetime.fromisoformat(mine[-1][0])
        assert list(rows[criterion].recent_scores) == [s for _, s in mine[-3:]]
        assert rows[criterion].reviews == len(mine)
        assert rows[criterion].due == cards[criterion].due
    end_of_day = clock.now.replace(hour=23, minute=59, second=59)
    assert result.due_today == sum(card.due <= end_of_day for card in cards.values())
    assert rows[NO_QUESTIONS].status is CriterionStatus.NOT_STARTED
    assert [u.ref for u in result.units] == [UNIT_A, UNIT_B]
    assert sum(day.answers for day in result.activity) == len(answers)


def test_the_streak_counts_only_days_with_practice_and_only_when_chosen(
    engine: SessionEngine, store: Store, clock: FakeClock
) -> None:
    for day in range(6):
        if day != 2:  # a day off breaks the streak
            practise(engine, clock, [COMPLAINTS])
        else:
            engine.start_practice("Ann", [COMPLAINTS])  # opened, nothing answered
            engine.end()
        _next_morning(clock)
    assert load_progress(store, engine.bank, "Ann", clock.now).streak is None
    set_streak(store, "Ann", True, clock.now)
    assert load_progress(store, engine.bank, "Ann", clock.now).streak == 3
    log = stored.learner_reviews(store, "Ann")
    assert streak(log, clock.now + timedelta(days=1)) == 0  # a whole day missed


def test_progress_of_a_learner_with_no_history_lists_the_units_asked_for(bank: Bank) -> None:
    now = datetime.fromisoformat("2026-11-02T09:00:00+00:00")
    result = progress(bank, "Ann", [], {}, {}, now, units=[UNIT_B])
    assert [u.ref for u in result.units] == [UNIT_B]
    assert result.due_today == 0
    assert result.to_dict()["units"][0]["criteria"][0] == {
        "id": "1.1",
        "criterion": EXPECTATIONS,
        "text": "Describe ways to find out customer expectations",
        "status": "not started",
        "decision": None,
        "last_seen": None,
        "due": None,
        "due_today": False,
        "reviews": 0,
        "recent_scores": [],
    }
