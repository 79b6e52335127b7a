"""Timer data moved out of `score` (schema 6) without rewriting a stored turn: a session
written in the old layout still verifies, and reads as if written in the new one."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.store.store_helpers import REF, a_score, new_session
from tutor.export.jsonrecord import record_document, verify_document
from tutor.export.record import build_record
from tutor.store import integrity
from tutor.store.model import TimerMark, TurnKind
from tutor.store.queries import Store
from tutor.store.schema import MIGRATIONS

STARTED = "2026-11-02T09:00:00.000Z"
SCORE = {"score": 0.5, "judgement": "partly_met", "points": [], "missed": ["apologise"]}


def _old_hash(turn: dict[str, Any], prev: str) -> str:
    """A turn's hash as tutor computed it before schema 6, written out independently."""
    names = ("seq", "at", "kind", "actor", "criterion", "question_hash", "text", "score")
    body = {name: turn[name] for name in names} | {"prev_hash": prev}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _schema_5_session(path: Path) -> None:
    """A practice session as a tutor at schema 5 wrote it: a late answer's timer turn keeps
    its key in `score`, and there is no `timing` column."""
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(1, 6):
        MIGRATIONS[version](conn)
    conn.execute("PRAGMA user_version = 5")
    conn.execute("INSERT INTO learners (name, created_at) VALUES ('Ann', ?)", (STARTED,))
    header = {
        "id": 1,
        "learner": "Ann",
        "assessor": None,
        "centre": None,
        "mode": "practice",
        "planned_criteria": [REF],
        "started_at": STARTED,
    }
    turns = [
        ("start", "learner", "practice session started", None, None),
        ("question", "tutor", "Why does it matter?", REF, None),
        ("timer", "tutor", "The session: 1 minute left.", None, {"key": "session:last_minute"}),
        ("timer", "tutor", "Answer given after the time limit.", REF, {"key": "late"}),
        ("answer", "learner", "I listen.", REF, SCORE),
    ]
    prev, rows = integrity.GENESIS, []
    for seq, (kind, actor, text, criterion, score) in enumerate(turns, 1):
        at = f"2026-11-02T09:00:0{seq}.000Z"
        fields = {
            "seq": seq,
            "at": at,
            "kind": kind,
            "actor": actor,
            "criterion": criterion,
            "question_hash": None,
            "text": text,
            "score": score,
        }
        digest = _old_hash(fields, prev)
        rows.append((fields, prev, digest))
        prev = digest
    conn.execute(
        "INSERT INTO sessions (id, learner_id, mode, planned_criteria, question_plan, status, "
        "started_at, digest) VALUES (1, 1, 'practice', ?, '[]', 'ended', ?, ?)",
        (json.dumps([REF]), STARTED, integrity.session_digest(header, prev, len(rows))),
    )
    for fields, before, digest in rows:
        score = fields["score"]
        conn.execute(
            "INSERT INTO turns (session_id, seq, at, kind, actor, criterion, question_hash, "
            "text, score, prev_hash, hash) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *(fields[name] for name in ("seq", "at", "kind", "actor", "criterion")),
                None,
                fields["text"],
                integrity.canonical_json(score) if score is not None else None,
                before,
                digest,
            ),
        )
    conn.close()


def test_a_session_from_before_the_timing_column_still_verifies(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_5_session(path)
    with Store.open(path) as store:  # migrated to the current schema on opening
        assert store.verify(1).ok
        document = record_document(build_record(store, 1))
        stored = store.conn.execute("SELECT score, timing FROM turns WHERE seq = 4").fetchone()
    assert stored == ('{"key":"late"}', None)  # the stored turn is as it was written
    assert verify_document(json.loads(json.dumps(document))).ok


def test_an_old_timer_turn_reads_with_its_data_as_timing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_5_session(path)
    with Store.open(path) as store:
        turns = store.turns(1)
    timers = [t for t in turns if t.kind is TurnKind.TIMER]
    assert [t.timing for t in timers] == [TimerMark("session:last_minute"), TimerMark("late")]
    assert all(t.score is None for t in timers)
    answer = turns[-1]
    assert answer.score is not None and answer.score.missed == ("apologise",)
    assert answer.timing is None


def test_a_new_timer_turn_keeps_its_data_apart_from_the_score_and_chained(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "t.db") as store:
        session_id = new_session(store)
        mark = TimerMark("question:over", -4.5)
        store.append_turn(
            session_id, kind=TurnKind.TIMER, actor="tutor", at=STARTED, text="Time.", timing=mark
        )
        store.append_turn(
            session_id,
            kind=TurnKind.ANSWER,
            actor="learner",
            at=STARTED,
            text="late",
            criterion=REF,
            score=a_score(),
        )
        timer, answer = store.turns(session_id)
        assert (timer.timing, timer.score, timer.stored_score) == (mark, None, None)
        assert answer.score is not None and answer.score.to_dict() == a_score().to_dict()
        assert answer.timing is None
        assert store.verify(session_id).ok
        store.conn.execute('UPDATE turns SET timing = \'{"key":"late"}\' WHERE seq = 1')
        checked = store.verify(session_id)
    assert not checked.ok and checked.first_bad_seq == 1  # the timing is hashed
