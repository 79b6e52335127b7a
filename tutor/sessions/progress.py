"""Where a learner stands: per unit, each criterion's status, last practice, next due date
and recent scores; how many criteria are due today; practice per day and an opt-in streak.

Pure: built from the bank, the learner's review log, their FSRS cards, the assessors'
decisions and the time now, all passed in (`schedule.load_progress` reads them from the
store). The JSON shape (`Progress.to_dict`) is documented in docs/progress.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fsrs import Card

from tutor import timestamps
from tutor.banks.model import Bank, Criterion, Unit
from tutor.scoring.result import Decision, label
from tutor.sessions.revision import CriterionStatus, due_by_end_of_day, status
from tutor.store.reviews import StoredReview

RECENT_SCORES = 3
ACTIVITY_DAYS = 28  # practice-over-time covers the last four weeks

# One symbol per status, so colour is never the only signal (terminal and app alike).
SYMBOLS = {
    CriterionStatus.SECURE: "✓",
    CriterionStatus.PRACTISING: "~",
    CriterionStatus.NOT_STARTED: "·",
}


def iso(moment: datetime | None) -> str | None:
    """A time-stamp as the store writes it, or None."""
    return None if moment is None else timestamps.iso(moment)


@dataclass(frozen=True)
class CriterionProgress:
    """One criterion's standing for the learner."""

    ref: str  # "J/506/2132 1.1"
    id: str  # "1.1"
    text: str
    status: CriterionStatus
    decision: Decision | None
    last_seen: datetime | None
    due: datetime | None
    recent_scores: tuple[float, ...]
    reviews: int
    due_today: bool

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def decision_label(self) -> str:
        """The assessor's latest decision in words ('not yet met'), or ''."""
        return label(self.decision).lower()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "criterion": self.ref,
            "text": self.text,
            "status": str(self.status),
            "decision": self.decision,
            "last_seen": iso(self.last_seen),
            "due": iso(self.due),
            "due_today": self.due_today,
            "reviews": self.reviews,
            "recent_scores": list(self.recent_scores),
        }


@dataclass(frozen=True)
class UnitProgress:
    ref: str
    title: str
    qualifications: tuple[str, ...]  # their numbers (titles where a source prints none)
    criteria: tuple[CriterionProgress, ...]

    def counts(self) -> dict[str, int]:
        """Criteria per status (every status present, zero or not)."""
        found = Counter(str(c.status) for c in self.criteria)
        return {str(s): found.get(str(s), 0) for s in CriterionStatus}

    @property
    def mean_score(self) -> float | None:
        """The mean of the recent scores of the unit's practised criteria."""
        means = [
            sum(c.recent_scores) / len(c.recent_scores) for c in self.criteria if c.recent_scores
        ]
        return sum(means) / len(means) if means else None

    def to_dict(self) -> dict[str, Any]:
        mean = self.mean_score
        return {
            "ref": self.ref,
            "title": self.title,
            "qualifications": list(self.qualifications),
            "counts": self.counts(),
            "mean_score": round(mean, 4) if mean is not None else None,
            "criteria": [c.to_dict() for c in self.criteria],
        }


@dataclass(frozen=True)
class DayActivity:
    """Practice on one day (in the learner's time zone)."""

    day: date
    answers: int
    mean_score: float | None


@dataclass(frozen=True)
class Progress:
    learner: str
    now: datetime
    units: tuple[UnitProgress, ...]
    activity: tuple[DayActivity, ...] = ()  # the last ACTIVITY_DAYS days, oldest first
    streak: int | None = None  # None unless the learner opted in
    qualifications: tuple[tuple[str, str], ...] = field(default=())  # (number, title)

    @property
    def due_today(self) -> int:
        return sum(c.due_today for u in self.units for c in u.criteria)

    def counts(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for unit in self.units:
            total.update(unit.counts())
        return {str(s): total.get(str(s), 0) for s in CriterionStatus}

    def to_dict(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "generated_at": iso(self.now),
            "due_today": self.due_today,
            "counts": self.counts(),
            "streak": self.streak,
            "qualifications": [{"number": n, "title": t} for n, t in self.qualifications],
            "units": [u.to_dict() for u in self.units],
            "activity": [
                {
                    "day": a.day.isoformat(),
                    "answers": a.answers,
                    "mean_score": round(a.mean_score, 4) if a.mean_score is not None else None,
                }
                for a in self.activity
            ],
        }


def _local_day(moment: datetime, now: datetime) -> date:
    """The day `moment` falls on where the learner is (the time zone of `now`)."""
    return moment.astimezone(now.tzinfo or UTC).date()


def _shown(criterion: Criterion, ref: str, seen: set[str]) -> bool:
    # Competence criteria with no question are for the workplace, not this tutor, unless
    # the learner has history on them.
    return criterion.target or bool(criterion.questions) or ref in seen


def _parse(at: str) -> datetime:
    return datetime.fromisoformat(at)


def activity(reviews: Iterable[StoredReview], now: datetime) -> tuple[DayActivity, ...]:
    """Scored practice answers per day over the last ACTIVITY_DAYS days, oldest first."""
    today = _local_day(now, now)
    first = today - timedelta(days=ACTIVITY_DAYS - 1)
    # Stored times are ISO-8601 UTC, so they compare as text: only the window is parsed.
    since = iso(now - timedelta(days=ACTIVITY_DAYS + 1)) or ""
    scores: dict[date, list[float]] = {}
    answers: Counter[date] = Counter()
    for r in reviews:
        if r.at < since:
            continue
        day = _local_day(_parse(r.at), now)
        if first <= day <= today:
            answers[day] += 1
            if r.score is not None:
                scores.setdefault(day, []).append(r.score)
    days = (first + timedelta(days=i) for i in range(ACTIVITY_DAYS))
    return tuple(
        DayActivity(d, answers[d], sum(scores[d]) / len(scores[d]) if d in scores else None)
        for d in days
    )


def streak(reviews: Iterable[StoredReview], now: datetime) -> int:
    """Consecutive days with at least one scored practice answer, ending today (or
    yesterday: a streak is not lost before the day is over)."""
    days = {_local_day(_parse(r.at), now) for r in reviews if r.score is not None}
    day = _local_day(now, now)
    if day not in days:
        day -= timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def progress(
    bank: Bank,
    learner: str,
    reviews: Sequence[StoredReview],
    cards: Mapping[str, Card],
    decisions: Mapping[str, Decision],
    now: datetime,
    *,
    units: Sequence[str] = (),
    with_streak: bool = False,
) -> Progress:
    """The learner's progress over `units` (refs, in order) and every unit they have a
    review or a decision in; `reviews` oldest first."""
    last: dict[str, str] = {}
    scores: dict[str, list[float]] = {}
    count: Counter[str] = Counter()
    for r in reviews:
        count[r.criterion] += 1
        last[r.criterion] = r.at
        if r.score is not None:
            scores.setdefault(r.criterion, []).append(r.score)
    seen = set(count) | set(decisions) | set(cards)
    wanted = list(dict.fromkeys([*units, *sorted({c.split(" ", 1)[0] for c in seen})]))
    chosen: list[Unit] = [u for ref in wanted if (u := bank.unit(ref)) is not None]
    in_qualifications: dict[str, list[str]] = {}
    for q in bank.qualifications:
        for ref in q.unit_refs:
            in_qualifications.setdefault(ref, []).append(q.key)
    unit_progress = []
    for unit in chosen:
        rows = []
        for _, criterion in unit.criteria():
            ref = f"{unit.ref} {criterion.id}"
            if not _shown(criterion, ref, seen):
                continue
            card = cards.get(ref)
            rows.append(
                CriterionProgress(
                    ref=ref,
                    id=criterion.id,
                    text=criterion.text,
                    status=status(card),
                    decision=decisions.get(ref),
                    last_seen=_parse(last[ref]) if ref in last else None,
                    due=card.due if card else None,
                    recent_scores=tuple(scores.get(ref, ())[-RECENT_SCORES:]),
                    reviews=count[ref],
                    due_today=due_by_end_of_day(card, now),
                )
            )
        unit_progress.append(
            UnitProgress(
                unit.ref, unit.title, tuple(in_qualifications.get(unit.ref, ())), tuple(rows)
            )
        )
    keys = {k for u in unit_progress for k in u.qualifications}
    return Progress(
        learner=learner,
        now=now,
        units=tuple(unit_progress),
        activity=activity(reviews, now),
        streak=streak(reviews, now) if with_streak else None,
        qualifications=tuple((q.number, q.title) for q in bank.qualifications if q.key in keys),
    )
