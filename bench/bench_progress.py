"""Progress for a learner with 5,000 reviews over 200 criteria: the query and the figures.

The database holds the learner's review log and FSRS cards (as practice would have written
them: cards are the log replayed) among 50 other learners' with 1,000 reviews each, and is
generated once into the temporary folder, keyed by schema version. The bank is built in
memory: 10 units of 20 criteria.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import bench_db_path, building_db, report, timings
from tutor.banks.model import Bank, Criterion, Outcome, OutcomeKind, Question, Unit
from tutor.sessions.revision import Review, replay
from tutor.sessions.schedule import load_progress
from tutor.store.queries import Store
from tutor.timestamps import iso

LEARNER = "learner 000"
REVIEWS = 5_000
OTHER_LEARNERS = 50
OTHER_REVIEWS = 1_000
UNITS = [f"J/506/{2100 + i}" for i in range(10)]
CRITERIA = [f"{u} {lo}.{ac}" for u in UNITS for lo in range(1, 5) for ac in range(1, 6)]
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
NOW = START + timedelta(days=300)
TARGET_MS = 100.0


def bank() -> Bank:
    question = Question("q1", "Why?")
    units = {
        ref: Unit(
            ref=ref,
            title=f"Unit {ref}",
            outcomes=tuple(
                Outcome(
                    str(lo),
                    f"Understand part {lo}",
                    OutcomeKind.KNOWLEDGE,
                    tuple(
                        Criterion(f"{lo}.{ac}", "Explain it", "Explain", True, (question,))
                        for ac in range(1, 6)
                    ),
                )
                for lo in range(1, 5)
            ),
        )
        for ref in UNITS
    }
    return Bank(units=units)


def _learner_rows(
    rng: random.Random, learner_id: int, session_id: int, count: int
) -> tuple[list[tuple], list[tuple]]:
    """(review rows, schedule rows) for one learner: `count` reviews over 300 days."""
    reviews: list[tuple] = []
    history: dict[str, list[Review]] = {}
    step = timedelta(days=300) / count
    for i in range(count):
        criterion = CRITERIA[i % len(CRITERIA)] if i < len(CRITERIA) else rng.choice(CRITERIA)
        at = START + step * i
        score = round(rng.random(), 4)
        rating = 1 if score < 0.3 else 2 if score < 0.6 else 3 if score < 0.9 else 4
        history.setdefault(criterion, []).append(Review(at, rating, score))
        reviews.append((learner_id, criterion, session_id, i + 1, iso(at), rating, score, 40.0))
    schedule = []
    for criterion, log in history.items():
        card = replay(log)
        assert card is not None
        dumped = json.dumps(card.to_dict(), sort_keys=True)
        schedule.append((learner_id, criterion, dumped, iso(card.due), len(log), iso(log[-1].at)))
    return reviews, schedule


def build(path: Path) -> None:
    """Generate the database: every learner's practice session, review log and cards."""
    with building_db(path) as conn:
        _fill(conn)


def _fill(conn: sqlite3.Connection) -> None:
    rng = random.Random(2026)
    stamp = iso(START)
    conn.execute("BEGIN")
    for learner_id in range(1, OTHER_LEARNERS + 2):
        name = f"learner {learner_id - 1:03d}"
        conn.execute(
            "INSERT INTO learners (id, name, created_at) VALUES (?, ?, ?)",
            (learner_id, name, stamp),
        )
        conn.execute(
            "INSERT INTO sessions (id, learner_id, mode, planned_criteria, question_plan, "
            "status, started_at, digest) VALUES (?, ?, 'practice', ?, '[]', 'ended', ?, '')",
            (learner_id, learner_id, json.dumps(CRITERIA), stamp),
        )
        count = REVIEWS if learner_id == 1 else OTHER_REVIEWS
        reviews, schedule = _learner_rows(rng, learner_id, learner_id, count)
        conn.executemany(
            "INSERT INTO criterion_reviews (learner_id, criterion, session_id, turn_seq, at, "
            "rating, score, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            reviews,
        )
        conn.executemany(
            "INSERT INTO criterion_schedule (learner_id, criterion, card, due, reviews, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            schedule,
        )
    conn.execute("COMMIT")


def main() -> None:
    path = bench_db_path("progress")
    if not path.exists():
        build(path)
    the_bank = bank()
    with Store.open(path) as store:
        result = load_progress(store, the_bank, LEARNER, NOW)
        reviewed = sum(c.reviews for u in result.units for c in u.criteria)
        print(
            f"   {LEARNER}: {reviewed:,} reviews, {len(CRITERIA)} criteria in "
            f"{len(result.units)} units, {result.due_today} due today"
        )
        samples = timings(lambda: load_progress(store, the_bank, LEARNER, NOW), runs=30)
    report("progress (query + figures)", samples, TARGET_MS)


if __name__ == "__main__":
    main()
