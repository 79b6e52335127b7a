"""Reading and writing a learner's revision schedule: the review log, the cards, settings.

`criterion_reviews` is the truth: one row per scored practice answer that trained the
schedule, with the rating decided when the answer was given. `criterion_schedule` holds each
criterion's FSRS card (its `to_dict()` JSON), always written in the same transaction as the
review that produced it (`Transaction.add_review`), so a schedule is never ahead of the
answers. Cards are plain dicts here: the store knows nothing of the scheduler.
"""

from __future__ import annotations

import json

from tutor.scoring.result import Decision
from tutor.store.model import StoredCard, StoredReview
from tutor.store.queries import Store

_REVIEW_COLUMNS = ("criterion", "session_id", "turn_seq", "at", "rating", "score", "seconds")


def learner_reviews(store: Store, learner: str) -> list[StoredReview]:
    """Every review of the learner's, oldest first."""
    columns = ", ".join(f"r.{c}" for c in _REVIEW_COLUMNS)
    sql = (
        f"SELECT {columns} FROM criterion_reviews r JOIN learners l ON l.id = r.learner_id "
        "WHERE l.name = ? ORDER BY r.at, r.id"
    )
    # Plain tuples: a long log is read on every progress view, and dicts cost more.
    return [StoredReview(*row) for row in store._tuples(sql, [learner])]


def learner_cards(store: Store, learner: str) -> dict[str, StoredCard]:
    """criterion -> the learner's stored card."""
    rows = store._rows(
        "SELECT s.criterion, s.card, s.due, s.reviews FROM criterion_schedule s "
        "JOIN learners l ON l.id = s.learner_id WHERE l.name = ?",
        [learner],
    )
    return {
        row["criterion"]: StoredCard(
            row["criterion"], json.loads(row["card"]), row["due"], row["reviews"]
        )
        for row in rows
    }


def latest_decisions(store: Store, learner: str) -> dict[str, Decision]:
    """criterion -> the assessor's decision that stands (the latest; 'pending' included)."""
    rows = store._rows(
        "SELECT d.criterion, d.decision FROM decisions d "
        "JOIN sessions s ON s.id = d.session_id JOIN learners l ON l.id = s.learner_id "
        "WHERE l.name = ? ORDER BY d.decided_at, d.session_id, d.turn_seq",
        [learner],
    )
    return {row["criterion"]: Decision(row["decision"]) for row in rows}


def setting(store: Store, learner: str, key: str) -> str | None:
    """A learner's setting (e.g. 'streak'), or None when never set."""
    rows = store._rows(
        "SELECT st.value FROM learner_settings st JOIN learners l ON l.id = st.learner_id "
        "WHERE l.name = ? AND st.key = ?",
        [learner, key],
    )
    return rows[0]["value"] if rows else None


def set_setting(store: Store, learner: str, key: str, value: str, at: str) -> None:
    """Store a learner's setting (the learner is added if new)."""
    with store._write() as conn:
        learner_id = store._named(conn, "learners", learner, at)
        conn.execute(
            "INSERT INTO learner_settings (learner_id, key, value, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (learner_id, key) DO UPDATE SET "
            "value = excluded.value, updated_at = excluded.updated_at",
            (learner_id, key, value, at),
        )


def planned_units(store: Store, learner: str) -> list[str]:
    """Unit refs of the criteria the learner's sessions covered, first chosen first."""
    rows = store._rows(
        "SELECT s.planned_criteria FROM sessions s JOIN learners l ON l.id = s.learner_id "
        "WHERE l.name = ? ORDER BY s.started_at, s.id",
        [learner],
    )
    refs = (c.split(" ", 1)[0] for row in rows for c in json.loads(row["planned_criteria"]))
    return list(dict.fromkeys(refs))


def known_learner(store: Store, learner: str) -> bool:
    return bool(store._rows("SELECT 1 FROM learners WHERE name = ?", [learner]))
