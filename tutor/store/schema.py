"""The database schema, its version and its forward migrations: the one place they live.

The version is SQLite's `PRAGMA user_version`. Each migration takes the database from the
version before it to its own number; `migrate` applies the missing ones in order, each in
its own transaction. A database newer than `SCHEMA_VERSION` is refused, not guessed at.
Table and column documentation for people browsing the file: docs/database.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from tutor.errors import StoreError
from tutor.store import integrity

_V1 = """
CREATE TABLE learners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    registration_number TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE assessors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE centres (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE questions (
    hash TEXT PRIMARY KEY,
    unit_ref TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    text TEXT NOT NULL,
    question_json TEXT NOT NULL,
    first_used_at TEXT NOT NULL
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id),
    assessor_id INTEGER REFERENCES assessors(id),
    centre_id INTEGER REFERENCES centres(id),
    qualification TEXT,
    mode TEXT NOT NULL CHECK (mode IN ('practice', 'assessment')),
    planned_criteria TEXT NOT NULL,
    question_plan TEXT NOT NULL,
    question_limit INTEGER,
    time_limit_seconds REAL,
    question_time_limit_seconds REAL,
    resit_of INTEGER REFERENCES sessions(id),
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    feedback TEXT,
    next_steps TEXT,
    digest TEXT NOT NULL
);
CREATE INDEX sessions_by_learner ON sessions (learner_id, started_at);
CREATE INDEX sessions_by_started_at ON sessions (started_at);
CREATE TABLE turns (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    criterion TEXT,
    question_hash TEXT REFERENCES questions(hash),
    text TEXT NOT NULL,
    score TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (session_id, seq)
);
CREATE INDEX turns_by_session_criterion ON turns (session_id, criterion);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    criterion TEXT NOT NULL,
    decision TEXT NOT NULL
        CHECK (decision IN ('met', 'not_yet_met', 'insufficient_evidence', 'pending')),
    reason TEXT NOT NULL,
    machine_score TEXT,
    overrides_machine INTEGER NOT NULL DEFAULT 0,
    decided_by TEXT,
    decided_at TEXT NOT NULL,
    turn_seq INTEGER NOT NULL
);
CREATE INDEX decisions_by_session ON decisions (session_id, criterion);
CREATE TABLE score_overrides (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    answer_seq INTEGER NOT NULL,
    criterion TEXT,
    machine_score TEXT,
    judgement TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT NOT NULL,
    turn_seq INTEGER NOT NULL
);
CREATE TABLE declarations (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL CHECK (kind IN ('authenticity', 'countersign')),
    name TEXT NOT NULL,
    statement TEXT NOT NULL,
    at TEXT NOT NULL,
    turn_seq INTEGER NOT NULL
);
"""


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        for statement in sql.split(";\n"):
            if statement.strip():
                conn.execute(statement)

    return apply


def _add_full_text_search(conn: sqlite3.Connection) -> None:
    """An external-content FTS5 index on turns.text kept in step by triggers (the shape
    sqlite-utils' `enable_fts(create_triggers=True)` makes)."""
    # Trigger bodies contain ';', so split on the statement boundaries by hand.
    statements = [
        "CREATE VIRTUAL TABLE turns_fts USING fts5 (text, content=[turns], content_rowid=[id])",
        """CREATE TRIGGER turns_ai AFTER INSERT ON turns BEGIN
  INSERT INTO turns_fts (rowid, text) VALUES (new.id, new.text);
END""",
        """CREATE TRIGGER turns_ad AFTER DELETE ON turns BEGIN
  INSERT INTO turns_fts (turns_fts, rowid, text) VALUES('delete', old.id, old.text);
END""",
        """CREATE TRIGGER turns_au AFTER UPDATE ON turns BEGIN
  INSERT INTO turns_fts (turns_fts, rowid, text) VALUES('delete', old.id, old.text);
  INSERT INTO turns_fts (rowid, text) VALUES (new.id, new.text);
END""",
        "INSERT INTO turns_fts (turns_fts) VALUES ('rebuild')",
    ]
    for statement in statements:
        conn.execute(statement)


# Spaced repetition per criterion: the review log (the truth) and each criterion's FSRS card
# (derivable from the log by replaying it; kept so reading a schedule stays fast). Practice
# answers given before version 3 become reviews by the engine's rule (first scored answer
# to each question; rated by judgement, hint and model answer, never Easy since the rubric's
# size is not at hand); their cards are rebuilt from the log when first needed.
_V3 = """
CREATE TABLE criterion_reviews (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id),
    criterion TEXT NOT NULL,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    turn_seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    score REAL,
    seconds REAL,
    UNIQUE (session_id, turn_seq)
);
CREATE INDEX criterion_reviews_by_learner ON criterion_reviews (learner_id, criterion, at);
CREATE INDEX criterion_reviews_by_day ON criterion_reviews (learner_id, at);
CREATE TABLE criterion_schedule (
    learner_id INTEGER NOT NULL REFERENCES learners(id),
    criterion TEXT NOT NULL,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    reviews INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (learner_id, criterion)
);
CREATE INDEX criterion_schedule_by_due ON criterion_schedule (learner_id, due);
CREATE TABLE learner_settings (
    learner_id INTEGER NOT NULL REFERENCES learners(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (learner_id, key)
);
INSERT INTO criterion_reviews
    (learner_id, criterion, session_id, turn_seq, at, rating, score, seconds)
SELECT s.learner_id, a.criterion, a.session_id, a.seq, a.at,
    CASE
        WHEN EXISTS (SELECT 1 FROM turns m WHERE m.session_id = a.session_id
                     AND m.kind = 'model_answer' AND m.seq > q.seq AND m.seq < a.seq) THEN 1
        WHEN json_extract(a.score, '$.judgement') = 'not_yet_met' THEN 1
        WHEN json_extract(a.score, '$.judgement') = 'partly_met' THEN 2
        WHEN EXISTS (SELECT 1 FROM turns h WHERE h.session_id = a.session_id
                     AND h.kind = 'hint' AND h.seq > q.seq AND h.seq < a.seq) THEN 2
        ELSE 3
    END,
    json_extract(a.score, '$.score'),
    (julianday(a.at) - julianday(q.at)) * 86400.0
FROM turns a
JOIN sessions s ON s.id = a.session_id AND s.mode = 'practice'
JOIN turns q ON q.session_id = a.session_id AND q.kind = 'question' AND q.seq = (
    SELECT max(seq) FROM turns WHERE session_id = a.session_id AND kind = 'question'
    AND seq < a.seq)
WHERE a.kind = 'answer' AND a.score IS NOT NULL AND a.criterion IS NOT NULL
AND NOT EXISTS (SELECT 1 FROM turns e WHERE e.session_id = a.session_id AND e.kind = 'answer'
                AND e.seq > q.seq AND e.seq < a.seq)
"""

# Version 4: how an assessment was held (face to face or remote), which a record of
# professional discussion must state. Sessions from before it say "not recorded".
_V4 = """
ALTER TABLE sessions ADD COLUMN delivery TEXT
    CHECK (delivery IS NULL OR delivery IN ('face to face', 'remote'));
"""


def _searchable(row: str) -> str:
    """SQL for the words of turn `row` that search looks at: its text; for a decision,
    override or declaration (stored as JSON) the words of its fields, never the keys."""
    fields = ("criterion", "decision", "judgement", "reason", "decided_by", "kind", "name")
    words = " || ' ' || ".join(
        f"coalesce(json_extract({row}.text, '$.{name}'), '')" for name in (*fields, "statement")
    )
    return (
        f"CASE WHEN {row}.kind IN ('decision', 'override', 'declaration') "
        f"AND json_valid({row}.text) THEN {row}.kind || ' ' || {words} ELSE {row}.text END"
    )


def _search_with_stemming(conn: sqlite3.Connection) -> None:
    """Version 5: search that works like a user expects. The Porter stemmer ("complaint"
    finds "complaints"), accents folded ("cafe" finds "café"), and records indexed by their
    words rather than their JSON (a search for "reason" no longer finds every decision).
    The index reads its text from the view `turns_searchable`; the triggers write the same
    expression, so 'rebuild' and the triggers agree."""
    statements = [
        "DROP TRIGGER turns_ai",
        "DROP TRIGGER turns_ad",
        "DROP TRIGGER turns_au",
        "DROP TABLE turns_fts",
        f"CREATE VIEW turns_searchable (id, text) AS SELECT id, {_searchable('turns')} FROM turns",
        "CREATE VIRTUAL TABLE turns_fts USING fts5 (text, content=[turns_searchable], "
        "content_rowid=[id], tokenize='porter unicode61 remove_diacritics 2')",
        f"""CREATE TRIGGER turns_ai AFTER INSERT ON turns BEGIN
  INSERT INTO turns_fts (rowid, text) VALUES (new.id, {_searchable("new")});
END""",
        f"""CREATE TRIGGER turns_ad AFTER DELETE ON turns BEGIN
  INSERT INTO turns_fts (turns_fts, rowid, text) VALUES('delete', old.id, {_searchable("old")});
END""",
        f"""CREATE TRIGGER turns_au AFTER UPDATE ON turns BEGIN
  INSERT INTO turns_fts (turns_fts, rowid, text) VALUES('delete', old.id, {_searchable("old")});
  INSERT INTO turns_fts (rowid, text) VALUES (new.id, {_searchable("new")});
END""",
        "INSERT INTO turns_fts (turns_fts) VALUES ('rebuild')",
    ]
    for statement in statements:
        conn.execute(statement)


# Version 6: a timer turn's data (which warning, the seconds left) in its own column,
# `timing`, instead of in `score`, which is for machine scores. Older timer turns keep
# theirs in `score`: stored turns are hash-chained evidence and are never rewritten, so the
# move happens when they are read (`legacy_timer`).
_V6 = """
ALTER TABLE turns ADD COLUMN timing TEXT;
"""


def legacy_timer(
    kind: str, score: dict[str, Any] | None, timing: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(score, timing) of a stored turn: a timer turn from before version 6 has its timing
    in `score`, and is read as if it were in `timing`."""
    if kind == "timer" and timing is None and score is not None and "key" in score:
        return None, score
    return score, timing


# Version 7: every detail of a session sealed (issue 13). New sessions carry `seal = 2`: their
# digest covers all their details, and they keep the learner's registration number as it was
# when they started (`sessions.registration_number`), so a later change to the learner is
# an amendment and never rewrites a signed record. Sessions from before keep `seal = 1` and
# verify as they always did. `session_register` chains every session's creation, so a
# session deleted whole is noticed; existing sessions are registered here, in id order.
def _seal_everything(conn: sqlite3.Connection) -> None:
    for statement in (
        "ALTER TABLE sessions ADD COLUMN seal INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE sessions ADD COLUMN registration_number TEXT",
        """CREATE TABLE session_register (
    session_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
)""",
        """CREATE TABLE amendments (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    at TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
)""",
    ):
        conn.execute(statement)
    prev = integrity.GENESIS
    sessions = conn.execute("SELECT id, started_at FROM sessions ORDER BY id").fetchall()
    for session_id, started_at in sessions:
        entry = integrity.register_hash(session_id, started_at, prev)
        conn.execute(
            "INSERT INTO session_register (session_id, started_at, prev_hash, hash) "
            "VALUES (?, ?, ?, ?)",
            (session_id, started_at, prev, entry),
        )
        prev = entry


# Version 8: the names a record shows from the bank (unit titles, criterion wording, the
# qualification), taken when the session starts and sealed in its digest, so a record can
# be rebuilt, and verified, without the bank.
_V8 = """
ALTER TABLE sessions ADD COLUMN names TEXT;
"""


# version -> migration that brings the database to that version
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _script(_V1),
    2: _add_full_text_search,
    3: _script(_V3),
    4: _script(_V4),
    5: _search_with_stemming,
    6: _script(_V6),
    7: _seal_everything,
    8: _script(_V8),
}
SCHEMA_VERSION = max(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: str = "the database") -> int:
    """Bring the schema up to `SCHEMA_VERSION`; returns the version found before."""
    found = schema_version(conn)
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer tutor (schema {found}, this one knows "
            f"{SCHEMA_VERSION}); upgrade tutor to open it"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if schema_version(conn) >= version:
                conn.execute("COMMIT")
                continue
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return found
