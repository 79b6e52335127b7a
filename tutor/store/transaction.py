"""One write on one session: chained turns and the rows that belong with them, together.

A `Transaction` is opened by `Store.transaction(session_id)` inside one `BEGIN IMMEDIATE …
COMMIT`: every turn it appends is chained to the one before and moves the session digest
on, and the rows written beside a turn (a decision, a review and its card) commit with it or
not at all. The layer above reads what it needs inside the same lock (the card a review
updates) and computes in its own code; the store only offers typed reads and writes, and
table names never come from above. A new kind of chained event is one more method here: a
turn through `_chain` and, where it has one, its row.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from typing import Any

from tutor.errors import StoreError
from tutor.scoring.result import Score
from tutor.store import integrity
from tutor.store.model import (
    DecisionRecord,
    DeclarationRecord,
    OverrideRecord,
    StoredCard,
    StoredReview,
    TimerMark,
    Turn,
    TurnKind,
)
from tutor.store.schema import legacy_timer
from tutor.text import storable

SESSION_SELECT = """
SELECT s.*, l.name AS learner,
       CASE WHEN s.seal >= 2 THEN s.registration_number ELSE l.registration_number END
           AS registration_number,
       a.name AS assessor, c.name AS centre
FROM sessions s
JOIN learners l ON l.id = s.learner_id
LEFT JOIN assessors a ON a.id = s.assessor_id
LEFT JOIN centres c ON c.id = s.centre_id
"""

# The columns of each record table that its turn's JSON text vouches for, and the kind of
# that turn: the one home of these table names.
RECORD_TABLES: dict[TurnKind, tuple[str, tuple[str, ...]]] = {
    TurnKind.DECISION: (
        "decisions",
        ("criterion", "decision", "reason", "overrides_machine", "decided_by", "decided_at"),
    ),
    TurnKind.OVERRIDE: (
        "score_overrides",
        ("answer_seq", "criterion", "judgement", "reason", "decided_by", "decided_at"),
    ),
    TurnKind.DECLARATION: ("declarations", ("kind", "name", "statement", "at")),
}

_REVIEW_COLUMNS = "criterion, session_id, turn_seq, at, rating, score, seconds"
_STATUS_OF = {TurnKind.PAUSE: "paused", TurnKind.RESUME: "active", TurnKind.END: "ended"}


class RecordClosed(StoreError):
    """A write refused because the session's record is closed (ended or countersigned)."""


def session_row(conn: sqlite3.Connection, session_id: int) -> dict[str, Any] | None:
    """The session's row with its people's names, or None."""
    cur = conn.execute(SESSION_SELECT + " WHERE s.id = ?", (session_id,))
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def digest_header(session: dict[str, Any]) -> dict[str, Any]:
    """The session row as `integrity.session_digest` reads it."""
    header = dict(session)
    for name in ("planned_criteria", "question_plan", "names"):
        if isinstance(header.get(name), str):
            header[name] = json.loads(header[name])
    return header


def record_fields(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """The part of a record row that is copied into its turn's text (and so chained)."""
    fields = {name: record[name] for name in RECORD_TABLES[TurnKind(kind)][1]}
    if "overrides_machine" in fields:
        fields["overrides_machine"] = bool(fields["overrides_machine"])
    return fields


def feedback_text(feedback: str, next_steps: str) -> str:
    """The text of the turn that records the assessor's feedback and next steps."""
    return f"Feedback: {feedback}\nNext steps: {next_steps}"


def score_json(score: Score | None, overall: Score | None) -> dict[str, Any] | None:
    """An answer's score as stored: its own, with the criterion's result under "overall"."""
    if score is None:
        return None
    stored = score.to_dict()
    if overall is not None:
        stored["overall"] = overall.to_dict()
    return stored


def turn_from_row(row: dict[str, Any]) -> Turn:
    """A stored turn, typed; its stored score and timing kept as hashed."""
    stored_score = json.loads(row["score"]) if row["score"] else None
    stored_timing = json.loads(row["timing"]) if row.get("timing") else None
    score, timing = legacy_timer(row["kind"], stored_score, stored_timing)
    return Turn(
        session_id=row["session_id"],
        seq=row["seq"],
        at=row["at"],
        kind=TurnKind(row["kind"]),
        actor=row["actor"],
        criterion=row["criterion"],
        question_hash=row["question_hash"],
        text=row["text"],
        score=Score.from_dict(score) if score else None,
        prev_hash=row["prev_hash"],
        hash=row["hash"],
        overall=Score.from_dict(score["overall"]) if score and score.get("overall") else None,
        timing=TimerMark.from_dict(timing) if timing else None,
        stored_score=stored_score,
        stored_timing=stored_timing,
    )


class Transaction:
    """Typed reads and writes on one session inside one write lock (see the module)."""

    def __init__(self, conn: sqlite3.Connection, session: dict[str, Any]) -> None:
        self._conn = conn
        self._session = session
        self.session_id: int = session["id"]
        self.learner_id: int = session["learner_id"]
        last = conn.execute(
            "SELECT seq, hash FROM turns WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
            (self.session_id,),
        ).fetchone()
        self._seq: int = last[0] if last else 0
        self._prev: str = last[1] if last else integrity.GENESIS
        closing = [
            {"seq": seq, "kind": kind, "text": text}
            for seq, kind, text in conn.execute(
                "SELECT seq, kind, text FROM turns WHERE session_id = ? "
                "AND kind IN ('end', 'declaration') ORDER BY seq",
                (self.session_id,),
            )
        ]
        self._ended = any(t["kind"] == "end" for t in closing)
        self._countersigned = integrity.countersigned_at(closing) is not None

    # --- turns --------------------------------------------------------------------------

    def append_turn(
        self,
        *,
        kind: TurnKind,
        actor: str,
        at: str,
        text: str,
        criterion: str | None = None,
        question_hash: str | None = None,
        score: Score | None = None,
        overall: Score | None = None,
        timing: TimerMark | None = None,
    ) -> Turn:
        """Append one turn, chained to the last, and move the session digest on."""
        return self._chain(
            kind,
            actor,
            at,
            text,
            criterion=criterion,
            question_hash=question_hash,
            score=score_json(score, overall),
            timing=timing.to_dict() if timing else None,
        )

    def _chain(
        self,
        kind: TurnKind,
        actor: str,
        at: str,
        text: str,
        *,
        criterion: str | None = None,
        question_hash: str | None = None,
        score: dict[str, Any] | None = None,
        timing: dict[str, Any] | None = None,
    ) -> Turn:
        self._refuse_if_closed(kind)
        text = storable(text)
        if score is not None:
            score = json.loads(storable(integrity.canonical_json(score)))
        seq = self._seq + 1
        fields = {
            "seq": seq,
            "at": at,
            "kind": str(kind),
            "actor": actor,
            "criterion": criterion,
            "question_hash": question_hash,
            "text": text,
            "score": score,
            "timing": timing,
        }
        digest = integrity.turn_hash(fields, self._prev)
        self._conn.execute(
            "INSERT INTO turns (session_id, seq, at, kind, actor, criterion, question_hash, "
            "text, score, timing, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.session_id,
                seq,
                at,
                str(kind),
                actor,
                criterion,
                question_hash,
                text,
                integrity.canonical_json(score) if score is not None else None,
                integrity.canonical_json(timing) if timing is not None else None,
                self._prev,
                digest,
            ),
        )
        turn = turn_from_row(
            {
                **fields,
                "session_id": self.session_id,
                "score": integrity.canonical_json(score) if score is not None else None,
                "timing": integrity.canonical_json(timing) if timing is not None else None,
                "prev_hash": self._prev,
                "hash": digest,
            }
        )
        self._seq, self._prev = seq, digest
        self._conn.execute(
            "UPDATE sessions SET digest = ? WHERE id = ?",
            (
                integrity.session_digest(digest_header(self._session), digest, seq),
                self.session_id,
            ),
        )
        if kind in _STATUS_OF:
            # The status column is a copy of what the chain says, written with its turn.
            self._conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                (_STATUS_OF[kind], at if kind == TurnKind.END else None, self.session_id),
            )
            self._ended = self._ended or kind == TurnKind.END
        if kind == TurnKind.DECLARATION and integrity.countersigned_at([fields]):
            self._countersigned = True
        return turn

    def _refuse_if_closed(self, kind: TurnKind) -> None:
        """A closed record is never rewritten or added to (see `integrity.AFTER_END`)."""
        if self._countersigned and kind not in integrity.AFTER_SIGNING:
            raise RecordClosed(
                f"session {self.session_id} is countersigned: its record is closed and "
                "nothing more can be added"
            )
        if self._ended and kind not in integrity.AFTER_END:
            raise RecordClosed(
                f"session {self.session_id} has ended: only the assessor's record can be "
                "added to it"
            )

    # --- the assessor's record ----------------------------------------------------------

    def record_decision(
        self, record: DecisionRecord, *, machine: Score | None, at: str, actor: str = "assessor"
    ) -> Turn:
        """A decision on a criterion, with the machine's result kept beside it."""
        return self._record(
            TurnKind.DECISION,
            asdict(record),
            actor=actor,
            at=at,
            criterion=record.criterion,
            machine=integrity.canonical_json(machine.to_dict()) if machine else None,
            chain_machine=True,
        )

    def record_override(self, record: OverrideRecord, *, at: str, actor: str = "assessor") -> Turn:
        """An override of one answer's judgement, with that answer's machine score (as
        stored with it) kept beside it."""
        row = self._conn.execute(
            "SELECT score FROM turns WHERE session_id = ? AND seq = ?",
            (self.session_id, record.answer_seq),
        ).fetchone()
        machine = integrity.canonical_json(json.loads(row[0])) if row and row[0] else None
        return self._record(
            TurnKind.OVERRIDE,
            asdict(record),
            actor=actor,
            at=at,
            criterion=record.criterion,
            machine=machine,
        )

    def record_declaration(self, record: DeclarationRecord, *, actor: str, at: str) -> Turn:
        """A signed declaration, in the turn of whoever made it."""
        return self._record(TurnKind.DECLARATION, asdict(record), actor=actor, at=at)

    def record_feedback(self, feedback: str, next_steps: str, *, at: str) -> Turn:
        """The assessor's feedback and next steps: on the session row and as a turn."""
        turn = self._chain(TurnKind.FEEDBACK, "assessor", at, feedback_text(feedback, next_steps))
        self._conn.execute(
            "UPDATE sessions SET feedback = ?, next_steps = ? WHERE id = ?",
            (feedback, next_steps, self.session_id),
        )
        return turn

    def record_signature(self, signature: dict[str, Any], *, at: str) -> Turn:
        """A signature over the session digest as it stands (the signer's block as JSON)."""
        return self._chain(TurnKind.SIGNATURE, "assessor", at, integrity.canonical_json(signature))

    def _record(
        self,
        kind: TurnKind,
        record: dict[str, Any],
        *,
        actor: str,
        at: str,
        criterion: str | None = None,
        machine: str | None = None,
        chain_machine: bool = False,
    ) -> Turn:
        """A record's row and the turn that vouches for it (its fields as JSON; with
        `chain_machine`, the machine score kept beside it as the turn's score too)."""
        table, _ = RECORD_TABLES[kind]
        # Enum members as their plain values, as JSON and SQLite keep them.
        plain = {k: str(v) if isinstance(v, str) else v for k, v in record.items()}
        fields = record_fields(kind, plain)
        columns = {k: storable(v) if isinstance(v, str) else v for k, v in fields.items()}
        if kind != TurnKind.DECLARATION:
            columns["machine_score"] = machine
        turn = self._chain(
            kind,
            actor,
            at,
            integrity.canonical_json(fields),
            criterion=criterion,
            score=json.loads(machine) if chain_machine and machine else None,
        )
        names = [*columns, "session_id", "turn_seq"]
        # Table and column names come from RECORD_TABLES, never from input.
        self._conn.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [*columns.values(), self.session_id, turn.seq],
        )
        return turn

    # --- the learner's revision schedule ------------------------------------------------

    def card(self, criterion: str) -> StoredCard | None:
        """The session's learner's stored card for `criterion`."""
        row = self._conn.execute(
            "SELECT card, due, reviews FROM criterion_schedule "
            "WHERE learner_id = ? AND criterion = ?",
            (self.learner_id, criterion),
        ).fetchone()
        return StoredCard(criterion, json.loads(row[0]), row[1], row[2]) if row else None

    def reviews(self, criterion: str) -> list[StoredReview]:
        """The session's learner's reviews of `criterion`, oldest first (to rebuild a card)."""
        rows = self._conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM criterion_reviews "
            "WHERE learner_id = ? AND criterion = ? ORDER BY at, id",
            (self.learner_id, criterion),
        ).fetchall()
        return [StoredReview(*row) for row in rows]

    def add_review(self, review: StoredReview, card: StoredCard) -> None:
        """Log a review and store the card it produced (`card.reviews` counts it)."""
        self._conn.execute(
            "INSERT INTO criterion_reviews (learner_id, criterion, session_id, turn_seq, at, "
            "rating, score, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.learner_id,
                review.criterion,
                review.session_id,
                review.turn_seq,
                review.at,
                review.rating,
                review.score,
                review.seconds,
            ),
        )
        self._conn.execute(
            "INSERT INTO criterion_schedule (learner_id, criterion, card, due, reviews, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (learner_id, criterion) DO "
            "UPDATE SET card = excluded.card, due = excluded.due, reviews = excluded.reviews, "
            "updated_at = excluded.updated_at",
            (
                self.learner_id,
                card.criterion,
                json.dumps(card.card, sort_keys=True),
                card.due,
                card.reviews,
                review.at,
            ),
        )
