"""A database of real sessions for the tamper suite, the attacker's tools, and `tutor verify`.

The database is written by the session engine (decisions, overrides, declarations through
`engine.record`), never by hand: a countersigned assessment that re-sits an earlier one, and
a practice session. The attacker's tools recompute hashes with the product's own hashing
(`tutor.store.integrity`, `tutor.export.jsonrecord`), as someone holding the files but no
signing key could. `verify_*` run the real command line with click's CliRunner.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.export.export_fixtures import (
    ASSESSOR,
    CENTRE,
    COMPLAINT_ANSWER,
    COUNTERSIGNER,
    DECISION_REASON,
    FEEDBACK,
    LEARNER,
    NEXT_STEPS,
    NOTE,
    OVERRIDE_REASON,
    PURPOSE_ANSWER,
    QUALIFICATION,
    REGISTRATION,
    qualified_bank,
)
from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, PURPOSE, FakeClock
from tutor.cli import main
from tutor.export import jsonrecord
from tutor.export.record import digest_header
from tutor.sessions.engine import SessionEngine
from tutor.signing.keys import active_key
from tutor.store import integrity
from tutor.store.queries import Store
from tutor.store.transaction import digest_header as stored_header
from tutor.store.transaction import session_row

TIME_LIMIT = 1800.0
QUESTION_TIME_LIMIT = 600.0
QUESTION_LIMIT = 2
EARLIER_REASON = "Only one point made; no example."
PURPOSE_REASON = "Needs a second example."


@dataclass(frozen=True)
class Built:
    """Where the built database lives, and its sessions' ids."""

    folder: Path
    db: Path
    banks: Path
    keys: Path
    earlier: int  # Sam's first assessment, countersigned; the resit's `resit_of`
    assessment: int  # the resit: limits, an override, two decisions, feedback, signatures
    practice: int

    @property
    def sessions(self) -> tuple[int, int, int]:
        return (self.earlier, self.assessment, self.practice)


def build(folder: Path) -> Built:
    """Write the bank, the assessor's signing key and the sessions into `folder`.
    TUTOR_KEYS must name `folder / "keys"` while this runs (the engine may sign)."""
    banks = folder / "banks"
    bank = qualified_bank(banks)
    keys = folder / "keys"
    made = CliRunner().invoke(main, ["keys", "init", "--name", ASSESSOR, "--dir", str(keys)])
    assert made.exit_code == 0, made.output
    key = active_key(keys)  # the assessor's: the engine signs each assessment with it
    db = folder / "tutor.db"
    clock = FakeClock()
    with Store.open(db) as store:
        engine = SessionEngine(bank, store, clock, random.Random(1), signing_key=key)
        earlier = engine.start_assessment(
            LEARNER,
            ASSESSOR,
            [PURPOSE],
            centre=CENTRE,
            registration=REGISTRATION,
            qualification=QUALIFICATION,
            delivery="face to face",
        )
        clock.advance(20)
        engine.next_question()
        clock.advance(40)
        engine.submit_answer("To be nice.")
        engine.end()
        engine.record.declare(LEARNER)
        engine.record.decide(PURPOSE, "not_yet_met", EARLIER_REASON)
        engine.record.give_feedback("Give reasons.", "Practise explaining why.")
        engine.record.countersign(ASSESSOR)

        clock.advance(7 * 86400)
        engine = SessionEngine(bank, store, clock, random.Random(3), signing_key=key)
        assessment = engine.start_assessment(
            LEARNER,
            ASSESSOR,
            [COMPLAINTS, PURPOSE],
            limit=QUESTION_LIMIT,
            time_limit=TIME_LIMIT,
            question_time_limit=QUESTION_TIME_LIMIT,
            centre=CENTRE,
            registration=REGISTRATION,
            qualification=QUALIFICATION,
            delivery="remote",
        )
        clock.advance(30)
        engine.next_question()
        clock.advance(95)
        engine.submit_answer(COMPLAINT_ANSWER)  # partly met by the machine
        clock.advance(10)
        engine.note(NOTE)
        engine.record.override(None, "met", OVERRIDE_REASON)
        clock.advance(20)
        engine.next_question()  # the resit is asked the question Sam has not had
        clock.advance(60)
        engine.submit_answer("To be nice.")
        engine.assessor_question("What do customers expect from you?")
        clock.advance(40)
        engine.submit_answer(PURPOSE_ANSWER)
        clock.advance(15)
        engine.end()
        engine.record.declare(LEARNER)
        clock.advance(5)
        engine.record.decide(COMPLAINTS, "not_yet_met", "first thought: no resolution")
        clock.advance(5)
        engine.record.decide(COMPLAINTS, "met", DECISION_REASON)  # overrides the machine
        engine.record.decide(PURPOSE, "insufficient_evidence", PURPOSE_REASON)
        engine.record.give_feedback(FEEDBACK, NEXT_STEPS)
        clock.advance(30)
        engine.record.countersign(COUNTERSIGNER)

        clock.advance(3600)
        engine = SessionEngine(bank, store, clock, random.Random(5))
        practice = engine.start_practice(LEARNER, [EXPECTATIONS], registration=REGISTRATION)
        engine.next_question()
        clock.advance(20)
        engine.hint()
        clock.advance(40)
        engine.submit_answer("I would ask them questions.")
        engine.model_answer()
        engine.retry()
        clock.advance(30)
        engine.submit_answer("Ask them questions and read surveys and reviews.")
        engine.end()
    return Built(folder, db, banks, keys, earlier, assessment, practice)


# --- running the command line ----------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    code: int
    output: str

    @property
    def detected(self) -> bool:
        return self.code != 0

    def names(self, words: Sequence[str]) -> bool:
        """Whether the output says one of `words` (case-insensitive)."""
        said = self.output.lower()
        return any(word.lower() in said for word in words)

    def line(self) -> str:
        return " ".join(self.output.split())


def tutor(*args: str, input: str | None = None) -> Outcome:
    """Run `tutor ARGS…` in this process; stdout and stderr together."""
    result = CliRunner().invoke(main, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.output)


def verify_has(option: str) -> bool:
    """Whether this tutor's `verify` offers `option` (e.g. --all, --key)."""
    return option in tutor("verify", "--help").output


def verify_session(built: Built, session: int) -> Outcome:
    return tutor("--db", str(built.db), "verify", str(session))


def verify_all(built: Built) -> Outcome | None:
    """`tutor verify --all`, where this tutor has it."""
    if not verify_has("--all"):
        return None
    return tutor("--db", str(built.db), "verify", "--all")


def public_key(built: Built) -> Path:
    """The assessor's public key file, written by `tutor keys export`."""
    out = built.folder / "assessor.pub"
    if not out.exists():
        made = tutor("keys", "export", "--dir", str(built.keys), "--out", str(out))
        assert made.code == 0, made.output
    return out


def verify_file(built: Built, path: Path, *, key: bool = False) -> Outcome:
    """`tutor verify FILE.json`, with `--key` (the assessor's public key) if asked."""
    args = ["verify", str(path)]
    if key:
        args += ["--key", str(public_key(built))]
    return tutor(*args)


def export_json(built: Built, session: int, out: Path) -> Path:
    made = tutor(
        "--db", str(built.db), "export", str(session), "--format", "json",
        "--out", str(out), "--banks", str(built.banks), "--force",
    )  # fmt: skip
    assert made.code == 0, made.output
    return out


# --- the attacker's tools --------------------------------------------------------------


def rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def reseal_session(conn: sqlite3.Connection, session_id: int) -> None:
    """Rebuild a session's chain and digest in place, as an attacker with this checkout and
    no signing key would after editing its turns or details: the product's own header and
    hashing, so only a signature (or a register outside the session) can tell."""
    turns = rows(conn, "SELECT * FROM turns WHERE session_id = ? ORDER BY seq", [session_id])
    prev = integrity.GENESIS
    for turn in turns:
        turn["prev_hash"] = prev
        prev = integrity.turn_hash(turn, prev)
        conn.execute(
            "UPDATE turns SET prev_hash = ?, hash = ? WHERE id = ?",
            [turn["prev_hash"], prev, turn["id"]],
        )
    row = session_row(conn, session_id)
    assert row is not None, f"no session {session_id} to reseal"
    header = stored_header(row)
    digest = integrity.session_digest(header, prev, len(turns))
    conn.execute("UPDATE sessions SET digest = ? WHERE id = ?", [digest, session_id])


def reseal_record(doc: dict[str, Any], *, rebuild_chain: bool = False) -> None:
    """Recompute an exported record's section hashes and record digest (and, if asked, its
    transcript chain and session digest), keeping whatever else the integrity block holds
    (a signature cannot be recomputed without the private key, so it is copied as it is)."""
    if rebuild_chain:
        prev = integrity.GENESIS
        for turn in doc["transcript"]:
            turn["prev_hash"] = prev
            prev = integrity.turn_hash(turn, prev)
            turn["hash"] = prev
        record = doc["record"]
        record["session_digest"] = integrity.session_digest(
            digest_header(record), prev, len(doc["transcript"])
        )
        doc["integrity"]["session_digest"] = record["session_digest"]
    old = doc.get("integrity") or {}
    sealed = jsonrecord._seal(doc, doc["record"]["session_digest"])
    doc["integrity"] = {**old, **sealed}
