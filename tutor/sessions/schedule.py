"""A learner's revision schedule in the store: recording reviews and reading them back.

The bridge between the pure FSRS core (`revision`) and the store (`tutor.store.reviews`).
A review is written inside the answer's own transaction, so after a crash either both the
answer and its review are on disk or neither is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from tutor.banks.model import Bank
from tutor.scoring.result import Score
from tutor.sessions import revision
from tutor.sessions.progress import Progress, progress
from tutor.store import reviews as stored
from tutor.store.queries import Store, Transaction
from tutor.timestamps import iso

# How many of the latest scores make a criterion's "recent scores".
RECENT = 3


def add_review(
    tx: Transaction,
    seq: int,
    criterion: str,
    at: datetime,
    rating: revision.Rating,
    score: float | None,
    seconds: float | None,
) -> None:
    """Log the review of the answer turn `seq` and store the criterion's next card, inside
    the answer's own transaction (the card read is the one that review updates)."""
    card = tx.card(criterion)
    history = (
        []
        if card
        else [
            revision.Review(datetime.fromisoformat(r.at), r.rating, r.score)
            for r in tx.reviews(criterion)
        ]
    )
    updated = revision.next_card(card.card if card else None, history, rating, at)
    count = (card.reviews if card else len(history)) + 1
    tx.add_review(
        stored.StoredReview(criterion, tx.session_id, seq, iso(at), int(rating), score, seconds),
        stored.StoredCard(criterion, dict(updated.to_dict()), iso(updated.due), count),
    )


def learner_cards(
    store: Store, learner: str, reviews: Sequence[stored.StoredReview] | None = None
) -> dict[str, revision.Card]:
    """criterion -> the learner's FSRS card; cards never kept (reviews from before the
    schedule was stored) are rebuilt from the review log."""
    cards = {
        c: revision.card_from_dict(s.card) for c, s in stored.learner_cards(store, learner).items()
    }
    log = stored.learner_reviews(store, learner) if reviews is None else reviews
    missing: dict[str, list[revision.Review]] = {}
    for r in log:
        if r.criterion not in cards:
            missing.setdefault(r.criterion, []).append(
                revision.Review(datetime.fromisoformat(r.at), r.rating, r.score)
            )
    for criterion, history in missing.items():
        card = revision.replay(history)
        if card is not None:
            cards[criterion] = card
    return cards


def histories(
    store: Store, learner: str, criteria: Sequence[str]
) -> list[revision.CriterionHistory]:
    """What the scheduler knows of each of `criteria` for the learner, in the given order."""
    log = stored.learner_reviews(store, learner)
    cards = learner_cards(store, learner, log)
    scores: dict[str, list[float]] = {}
    for r in log:
        if r.score is not None:
            scores.setdefault(r.criterion, []).append(r.score)
    return [
        revision.CriterionHistory(c, cards.get(c), tuple(scores.get(c, ())[-RECENT:]))
        for c in criteria
    ]


def practice_rank(
    store: Store, learner: str, criteria: Sequence[str], now: datetime
) -> Mapping[str, float]:
    """criterion -> its place in the practice order (due, weakest, new in the given order,
    then the strong ones): the `first_key` for `choice.choose`."""
    order = revision.practice_order(histories(store, learner, criteria), now)
    return {h.criterion: float(i) for i, h in enumerate(order)}


def answer_review(
    score: Score | None,
    points: int,
    seconds: float | None,
    kinds_since_question: Sequence[str],
) -> revision.Rating | None:
    """The rating of an answer given after these turns of its question, or None when the
    answer is no review (unscored, or not the first answer to the question)."""
    if "answer" in kinds_since_question:
        return None
    return revision.rating_for_score(
        score,
        points,
        seconds,
        hint_used="hint" in kinds_since_question,
        model_answer_seen="model_answer" in kinds_since_question,
    )


STREAK = "streak"  # the learner's opt-in setting: "on" or "off" (the default)


def streak_enabled(store: Store, learner: str) -> bool:
    return stored.setting(store, learner, STREAK) == "on"


def set_streak(store: Store, learner: str, enabled: bool, now: datetime) -> None:
    """Opt in to (or out of) the practice streak."""
    stored.set_setting(store, learner, STREAK, "on" if enabled else "off", iso(now))


def load_progress(
    store: Store, bank: Bank, learner: str, now: datetime, units: Sequence[str] = ()
) -> Progress:
    """The learner's progress from the store: every unit they chose for a session or have
    history in, plus `units`."""
    log = stored.learner_reviews(store, learner)
    return progress(
        bank,
        learner,
        log,
        learner_cards(store, learner, log),
        stored.latest_decisions(store, learner),
        now,
        units=[*units, *stored.planned_units(store, learner)],
        with_streak=streak_enabled(store, learner),
    )
