"""What the store remembers about learners for the next session: their names, their
registration number and the centre of their latest assessment, and an answer left unsent.

A draft (the text left in the answer box when the app quit mid-session) is no evidence: it is
not a turn, takes no part in the hash chain and is deleted once an answer is sent or the
session ends. It is kept in `learner_settings` under the key `draft:session:<id>`, so it
needs no table of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.store.queries import Store
from tutor.text import storable

_DRAFT_KEY = "draft:session:{}"


@dataclass(frozen=True)
class LearnerDetails:
    """A learner's details as last recorded (None where never given)."""

    registration_number: str | None = None
    centre: str | None = None


def learner_names(store: Store) -> list[str]:
    """Every learner the store knows, by name."""
    return [row["name"] for row in store._rows("SELECT name FROM learners ORDER BY name")]


def learner_details(store: Store, learner: str) -> LearnerDetails:
    """The learner's registration number and the centre of their latest session that named
    one; empty details for a learner the store does not know."""
    rows = store._rows(
        "SELECT l.registration_number, (SELECT c.name FROM sessions s "
        "JOIN centres c ON c.id = s.centre_id WHERE s.learner_id = l.id "
        "ORDER BY s.started_at DESC, s.id DESC LIMIT 1) AS centre "
        "FROM learners l WHERE l.name = ?",
        [learner],
    )
    if not rows:
        return LearnerDetails()
    return LearnerDetails(rows[0]["registration_number"], rows[0]["centre"])


def draft(store: Store, session_id: int) -> str:
    """The answer left unsent in the session ('' when there is none)."""
    rows = store._rows(
        "SELECT st.value FROM learner_settings st JOIN sessions s "
        "ON s.learner_id = st.learner_id WHERE s.id = ? AND st.key = ?",
        [session_id, _DRAFT_KEY.format(session_id)],
    )
    return str(rows[0]["value"]) if rows else ""


def save_draft(store: Store, session_id: int, text: str, at: str) -> None:
    """Keep `text` as the session's unsent answer (blank text deletes the draft)."""
    key = _DRAFT_KEY.format(session_id)
    with store._write() as conn:
        if not text.strip():
            conn.execute(
                "DELETE FROM learner_settings WHERE key = ? AND learner_id = "
                "(SELECT learner_id FROM sessions WHERE id = ?)",
                (key, session_id),
            )
            return
        conn.execute(
            "INSERT INTO learner_settings (learner_id, key, value, updated_at) "
            "SELECT learner_id, ?, ?, ? FROM sessions WHERE id = ? "
            "ON CONFLICT (learner_id, key) DO UPDATE SET "
            "value = excluded.value, updated_at = excluded.updated_at",
            (key, storable(text), at, session_id),
        )
