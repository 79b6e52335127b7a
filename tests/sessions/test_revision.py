from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Rating

from tutor.sessions.revision import (
    CriterionHistory,
    CriterionStatus,
    Review,
    practice_order,
    rating_for,
    replay,
    review,
    status,
)

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_rubric_results_map_to_fsrs_ratings() -> None:
    assert rating_for("not_yet_met", False, 30, 3) is Rating.Again
    assert rating_for("met", True, 30, 3, model_answer_seen=True) is Rating.Again
    assert rating_for("partly_met", False, 30, 3) is Rating.Hard
    assert rating_for("met", True, 30, 3, hint_used=True) is Rating.Hard
    assert rating_for("met", False, 30, 3) is Rating.Good
    assert rating_for("met", True, 30, 3) is Rating.Easy
    assert rating_for("met", True, 600, 3) is Rating.Good


def test_a_criterion_answered_well_comes_back_later_each_time() -> None:
    now, card, gaps = MONDAY, None, []
    for _ in range(5):
        card = review(card, Rating.Good, now)
        gaps.append(card.due - now)
        now = card.due
    assert gaps == sorted(gaps)
    assert gaps[-1] > timedelta(days=14)
    assert status(card) is CriterionStatus.SECURE


def test_a_failed_criterion_is_due_again_the_same_day() -> None:
    card = review(None, Rating.Again, MONDAY)
    assert card.due - MONDAY < timedelta(hours=1)
    assert status(card) is CriterionStatus.PRACTISING


def test_replaying_the_stored_reviews_gives_the_same_schedule() -> None:
    reviews = [
        Review(MONDAY, Rating.Good),
        Review(MONDAY + timedelta(days=1), Rating.Hard),
        Review(MONDAY + timedelta(days=4), Rating.Good),
    ]
    step_by_step = None
    for r in reviews:
        step_by_step = review(step_by_step, Rating(r.rating), r.at)
    assert replay(reversed(reviews)).due == step_by_step.due
    assert replay([]) is None


def test_due_criteria_come_first_then_weak_then_new() -> None:
    now = MONDAY + timedelta(days=10)
    due = CriterionHistory("J/506/2132 1.3", review(None, Rating.Good, MONDAY), (0.9,))
    weak = CriterionHistory(
        "J/506/2132 1.2", review(None, Rating.Easy, now - timedelta(hours=1)), (0.2,)
    )
    strong = CriterionHistory(
        "J/506/2132 1.4", review(None, Rating.Easy, now - timedelta(hours=1)), (1.0,)
    )
    new = CriterionHistory("J/506/2132 1.1")
    order = practice_order([new, strong, weak, due], now)
    assert [h.criterion for h in order] == [
        "J/506/2132 1.3",
        "J/506/2132 1.2",
        "J/506/2132 1.1",
        "J/506/2132 1.4",
    ]
