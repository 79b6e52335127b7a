"""Spaced repetition per assessment criterion, with the FSRS scheduler (as used by Anki).

A learner has one FSRS card per criterion ("J/506/2132 1.1"), not per question, so a
re-worded or re-sat question keeps the criterion's schedule. Each scored practice answer is a
review whose rating comes from the rubric result (`rating_for`), decided once, when the answer
is given, and stored: re-scoring or editing a question later never rewrites a learner's
schedule, and `replay` rebuilds a card from the stored reviews alone.

Rating mapping (documented, with what counts as a review, in docs/progress.md):

| rubric result                                           | FSRS rating |
|---------------------------------------------------------|-------------|
| not yet met, or the model answer was shown before it    | Again       |
| partly met, or met after a hint                         | Hard        |
| met                                                     | Good        |
| met with every rubric point, quickly, without a hint    | Easy        |

Only the first scored answer to each question asked is a review: a retry or a follow-up
answer comes after the feedback, so it shows what the learner just read, not what they
remembered. A skipped question is no review; a due criterion stays due.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from fsrs import Card, Rating, Scheduler, State
from fsrs.card import CardDict

from tutor.scoring.result import Score

# Quick enough for Easy: a confident answer needs about this long per rubric point.
QUICK_SECONDS_PER_POINT = 20.0
# A criterion is secure once FSRS expects it to be remembered this long.
SECURE_STABILITY_DAYS = 21.0
# A criterion seen but not due whose recent mean score is below this is weak: it is offered
# before new criteria. The halfway mark of the 0-1 score scale.
WEAK_MEAN_SCORE = 0.5


class CriterionStatus(StrEnum):
    NOT_STARTED = "not started"
    PRACTISING = "practising"
    SECURE = "secure"


@dataclass(frozen=True)
class Review:
    """One scored practice answer for a criterion."""

    at: datetime
    rating: int  # fsrs.Rating value, 1 (Again) .. 4 (Easy)
    score: float | None = None


def _scheduler() -> Scheduler:
    # No fuzzing: the same history must always give the same due date (tests, audits).
    return Scheduler(enable_fuzzing=False)


def rating_for(
    judgement: str,
    all_points: bool,
    seconds: float | None,
    points: int,
    hint_used: bool = False,
    model_answer_seen: bool = False,
) -> Rating:
    """The FSRS rating for one answer's rubric result (see the table above)."""
    if judgement == "not_yet_met" or model_answer_seen:
        return Rating.Again
    if judgement == "partly_met" or hint_used:
        return Rating.Hard
    quick = seconds is not None and seconds <= QUICK_SECONDS_PER_POINT * max(points, 1)
    return Rating.Easy if all_points and quick else Rating.Good


def rating_for_score(
    score: Score | None,
    points: int,
    seconds: float | None,
    hint_used: bool = False,
    model_answer_seen: bool = False,
) -> Rating | None:
    """The rating for a machine score; None if unscored."""
    if score is None:
        return None
    all_points = not score.missed and all(p.matched for p in score.points)
    return rating_for(score.judgement, all_points, seconds, points, hint_used, model_answer_seen)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def replay(reviews: Iterable[Review]) -> Card | None:
    """The criterion's card after these reviews, in time order; None if never reviewed."""
    scheduler = _scheduler()
    card: Card | None = None
    for review in sorted(reviews, key=lambda r: _utc(r.at)):
        if card is None:
            card = Card(card_id=1, due=_utc(review.at))
        card, _ = scheduler.review_card(card, Rating(review.rating), _utc(review.at))
    return card


def card_from_dict(stored: Mapping[str, Any]) -> Card:
    """A card from its stored form (`Card.to_dict()`, kept as JSON)."""
    return Card.from_dict(cast(CardDict, dict(stored)))


def review(card: Card | None, rating: Rating, at: datetime) -> Card:
    """The card after one more review (a new card if there was none)."""
    card = card or Card(card_id=1, due=_utc(at))
    updated, _ = _scheduler().review_card(card, rating, _utc(at))
    return updated


def next_card(
    stored: Mapping[str, Any] | None, history: Iterable[Review], rating: Rating, at: datetime
) -> Card:
    """The card after a new review: from the stored card (`Card.to_dict()`), else rebuilt
    from the review history (reviews logged before their card was kept)."""
    card = card_from_dict(stored) if stored else replay(history)
    return review(card, rating, at)


def status(card: Card | None) -> CriterionStatus:
    """Not started (no card), secure (in review, stable for SECURE_STABILITY_DAYS), else
    practising."""
    if card is None:
        return CriterionStatus.NOT_STARTED
    stable = card.stability is not None and card.stability >= SECURE_STABILITY_DAYS
    if card.state == State.Review and stable:
        return CriterionStatus.SECURE
    return CriterionStatus.PRACTISING


def is_due(card: Card | None, now: datetime) -> bool:
    return card is not None and _utc(card.due) <= _utc(now)


def due_by_end_of_day(card: Card | None, now: datetime) -> bool:
    """Due at some time today (what "due today" means to a learner)."""
    if card is None:
        return False
    end_of_day = _utc(now).replace(hour=23, minute=59, second=59, microsecond=0)
    return _utc(card.due) <= end_of_day


@dataclass(frozen=True)
class CriterionHistory:
    """What the chooser knows of one criterion for one learner."""

    criterion: str
    card: Card | None = None
    recent_scores: tuple[float, ...] = ()


def practice_order(histories: Sequence[CriterionHistory], now: datetime) -> list[CriterionHistory]:
    """Due criteria first (most overdue first), then the weakest seen, then new ones.

    Criteria seen but not due come after the new ones, weakest first: revision time goes
    where it helps most. Ties keep the caller's order (the bank's order of criteria).
    """
    now = _utc(now)

    def weakness(h: CriterionHistory) -> float:
        return sum(h.recent_scores) / len(h.recent_scores) if h.recent_scores else 0.0

    def key(indexed: tuple[int, CriterionHistory]) -> tuple[int, float, int]:
        index, h = indexed
        if is_due(h.card, now):
            overdue = (now - _utc(h.card.due)) / timedelta(seconds=1)  # type: ignore[union-attr]
            return (0, -overdue, index)
        if h.card is None:
            return (2, 0.0, index)
        if weakness(h) < WEAK_MEAN_SCORE:
            return (1, weakness(h), index)
        return (3, weakness(h), index)

    return [h for _, h in sorted(enumerate(histories), key=key)]
