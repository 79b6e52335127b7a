"""The transcript store: every read and write of sessions, turns and decisions.

Queries take parameters only. Each write is one short `BEGIN IMMEDIATE` transaction, so two
processes on one file queue instead of losing writes, and a turn is on disk (WAL,
synchronous=FULL) before the method that wrote it returns. A write waits up to the store's
busy limit (30 s) for another program's write to finish; after that it raises `StoreBusy`
having written nothing, and the caller may try the same write again.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from tutor.errors import StoreError
from tutor.scoring.result import Score
from tutor.store import integrity
from tutor.store.db import BUSY_LIMIT_SECONDS, StoreBusy, connect, explain, is_busy
from tutor.store.model import (
    DecisionRecord,
    DeclarationRecord,
    OverrideRecord,
    StoredDecision,
    StoredDeclaration,
    StoredOverride,
    TimerMark,
    Turn,
    TurnKind,
    readable_text,
)
from tutor.store.search import parse_query
from tutor.store.transaction import (
    RECORD_TABLES,
    SESSION_SELECT,
    Transaction,
    digest_header,
    feedback_text,
    record_fields,
    session_row,
    turn_from_row,
)
from tutor.text import storable

__all__ = ["AskedQuestion", "SearchHit", "Store", "Transaction", "Turn", "TurnKind"]


class UnknownSession(StoreError):
    """A session id the database does not hold."""


class AskedQuestion(Protocol):
    """What the store keeps of a question asked (a bank's Question is one): the store knows
    nothing of banks, only of the version it is given."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def content_hash(self) -> str: ...

    def content(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SearchHit:
    """A turn that matched a search, with the session's learner."""

    session_id: int
    seq: int
    at: str
    kind: str
    criterion: str | None
    text: str  # as stored
    learner: str

    @property
    def readable(self) -> str:
        return readable_text(self.kind, self.text)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "readable": self.readable}


@dataclass(frozen=True)
class Verification:
    """The outcome of re-computing a session's chain and digest."""

    session_id: int
    turns: int
    ok: bool
    first_bad_seq: int | None = None
    problem: str = ""


@dataclass(frozen=True)
class Transcript:
    """Everything stored of one session, read at one moment: its details, turns, the
    records its turns vouch for, the questions asked (hash -> stored JSON), and whether it
    all still verifies."""

    session: dict[str, Any]
    turns: tuple[Turn, ...]
    decisions: tuple[StoredDecision, ...]
    overrides: tuple[StoredOverride, ...]
    declarations: tuple[StoredDeclaration, ...]
    questions: dict[str, dict[str, Any]]
    verification: Verification
    # Later changes to the learner's details (after the session started), newest last.
    amendments: tuple[dict[str, Any], ...] = ()


# A write refused as busy without SQLite's own wait is tried again after this pause, doubled
# each time up to the longest: quick when the other write is short, calm when it is long.
FIRST_BUSY_PAUSE_SECONDS = 0.01
LONGEST_BUSY_PAUSE_SECONDS = 0.5
# A search with numbers in it reads index hits in pages this many times the hits asked for
# (at least the minimum): the number check afterwards drops some of them.
NUMBER_SEARCH_PAGE_FACTOR = 4
NUMBER_SEARCH_MIN_PAGE = 200


class Store:
    """A tutor database. Open with `Store.open(path)`; use as a context manager.

    `busy_limit`: seconds a write waits for another program's write before `StoreBusy`.
    """

    def __init__(
        self, conn: sqlite3.Connection, path: Path, busy_limit: float = BUSY_LIMIT_SECONDS
    ) -> None:
        self.conn = conn
        self.path = path
        self.busy_limit = busy_limit
        self.db = sqlite_utils.Database(conn, execute_plugins=False)

    @classmethod
    def open(
        cls, path: Path | str, *, readonly: bool = False, busy_limit: float = BUSY_LIMIT_SECONDS
    ) -> Store:
        conn = connect(path, readonly=readonly, busy_limit=busy_limit)
        return cls(conn, Path(path), busy_limit)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taken with the write lock up front."""
        self._begin()
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise explain(exc, self.path) from exc
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _begin(self) -> None:
        """Take the write lock, waiting up to `busy_limit` seconds for it. SQLite's busy
        handler does the waiting; the loop covers a busy reply given without waiting (SQLite
        gives one where it judges waiting could deadlock), so the limit holds either way."""
        deadline = time.monotonic() + self.busy_limit
        pause = FIRST_BUSY_PAUSE_SECONDS
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as exc:
                if not is_busy(exc):
                    raise explain(exc, self.path) from exc
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreBusy(
                        f"{self.path} is busy: another program has been writing to it for "
                        f"{self.busy_limit:g} s; nothing was saved, try again"
                    ) from exc
                time.sleep(min(pause, left))
                pause = min(pause * 2, LONGEST_BUSY_PAUSE_SECONDS)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, list(params)))
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from exc

    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, list(params)).fetchall()
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from exc

    @staticmethod
    def _named(conn: sqlite3.Connection, table: str, name: str, at: str) -> int:
        # Table names come from this module only, never from input.
        name = storable(name)
        row = conn.execute(f"SELECT id FROM {table} WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        cur = conn.execute(f"INSERT INTO {table} (name, created_at) VALUES (?, ?)", (name, at))
        return int(cur.lastrowid or 0)

    # --- people and questions -----------------------------------------------------------

    @staticmethod
    def _save_question(conn: sqlite3.Connection, ref: str, question: AskedQuestion, at: str) -> str:
        """Store a question version by its content hash (once); returns the hash."""
        unit_ref, criterion_id = ref.split(" ", 1)
        digest = question.content_hash
        conn.execute(
            "INSERT OR IGNORE INTO questions (hash, unit_ref, criterion_id, question_id, text, "
            "question_json, first_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                digest,
                unit_ref,
                criterion_id,
                question.id,
                question.text,
                integrity.canonical_json(question.content()),
                at,
            ),
        )
        return digest

    def question_json(self, digest: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT question_json FROM questions WHERE hash = ?", [digest])
        return json.loads(rows[0]["question_json"]) if rows else None

    # --- sessions -----------------------------------------------------------------------

    def create_session(
        self,
        *,
        learner: str,
        mode: str,
        planned_criteria: Sequence[str],
        question_plan: Sequence[tuple[str, AskedQuestion]],
        started_at: str,
        registration_number: str | None = None,
        assessor: str | None = None,
        centre: str | None = None,
        qualification: str | None = None,
        question_limit: int | None = None,
        time_limit_seconds: float | None = None,
        question_time_limit_seconds: float | None = None,
        resit_of: int | None = None,
        delivery: str | None = None,
        names: dict[str, Any] | None = None,
    ) -> int:
        """Create a session with its planned questions stored by hash; returns its id."""
        with self._write() as conn:
            learner_id = self._named(conn, "learners", learner, started_at)
            if registration_number:
                self._amend(
                    conn, learner_id, "registration_number", registration_number, at=started_at
                )
            assessor_id = self._named(conn, "assessors", assessor, started_at) if assessor else None
            centre_id = self._named(conn, "centres", centre, started_at) if centre else None
            plan = [
                [ref, self._save_question(conn, ref, question, started_at)]
                for ref, question in question_plan
            ]
            registration = conn.execute(
                "SELECT registration_number FROM learners WHERE id = ?", (learner_id,)
            ).fetchone()[0]
            cur = conn.execute(
                "INSERT INTO sessions (learner_id, assessor_id, centre_id, qualification, mode, "
                "planned_criteria, question_plan, question_limit, time_limit_seconds, "
                "question_time_limit_seconds, resit_of, status, started_at, digest, delivery, "
                "seal, registration_number, names) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, '', ?, ?, ?, ?)",
                (
                    learner_id,
                    assessor_id,
                    centre_id,
                    qualification,
                    mode,
                    json.dumps(list(planned_criteria)),
                    json.dumps(plan),
                    question_limit,
                    time_limit_seconds,
                    question_time_limit_seconds,
                    resit_of,
                    started_at,
                    delivery,
                    integrity.SEAL,
                    registration,
                    integrity.canonical_json(names) if names is not None else None,
                ),
            )
            session_id = int(cur.lastrowid or 0)
            header = self._session_in(conn, session_id)
            digest = integrity.session_digest(digest_header(header), integrity.GENESIS, 0)
            conn.execute("UPDATE sessions SET digest = ? WHERE id = ?", (digest, session_id))
            self._register(conn, session_id, started_at)
        return session_id

    @staticmethod
    def _register(conn: sqlite3.Connection, session_id: int, started_at: str) -> None:
        """Chain the new session into the register, so deleting it whole is noticed."""
        last = conn.execute(
            "SELECT hash FROM session_register ORDER BY session_id DESC LIMIT 1"
        ).fetchone()
        prev = last[0] if last else integrity.GENESIS
        conn.execute(
            "INSERT INTO session_register (session_id, started_at, prev_hash, hash) "
            "VALUES (?, ?, ?, ?)",
            (session_id, started_at, prev, integrity.register_hash(session_id, started_at, prev)),
        )

    @staticmethod
    def _amend(
        conn: sqlite3.Connection, learner_id: int, field: str, value: str, *, at: str
    ) -> None:
        """Change a learner's detail for sessions from now on, as a dated, chained amendment:
        records already made keep the value they were made with."""
        # `field` is a learners column named in this module, never input.
        old = conn.execute(f"SELECT {field} FROM learners WHERE id = ?", (learner_id,)).fetchone()[
            0
        ]
        if old == value:
            return
        last = conn.execute("SELECT hash FROM amendments ORDER BY id DESC LIMIT 1").fetchone()
        prev = last[0] if last else integrity.GENESIS
        body = {"learner_id": learner_id, "field": field, "old": old, "new": value, "at": at}
        conn.execute(
            "INSERT INTO amendments (learner_id, field, old_value, new_value, at, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (learner_id, field, old, value, at, prev, integrity.amendment_hash(body, prev)),
        )
        conn.execute(f"UPDATE learners SET {field} = ? WHERE id = ?", (value, learner_id))

    @staticmethod
    def _session_in(conn: sqlite3.Connection, session_id: int) -> dict[str, Any]:
        row = session_row(conn, session_id)
        if row is None:
            raise UnknownSession(
                f"no session {session_id} in this database; see tutor transcripts list"
            )
        return row

    def session(self, session_id: int) -> dict[str, Any]:
        """The session's row with learner, assessor and centre names; plan fields decoded."""
        rows = self._rows(SESSION_SELECT + " WHERE s.id = ?", [session_id])
        if not rows:
            raise UnknownSession(
                f"no session {session_id} in {self.path}; see tutor transcripts list"
            )
        row = rows[0]
        row["planned_criteria"] = json.loads(row["planned_criteria"])
        row["question_plan"] = json.loads(row["question_plan"])
        row["names"] = json.loads(row["names"]) if row.get("names") else None
        return row

    # --- turns and the assessor's record -------------------------------------------------

    @contextmanager
    def transaction(self, session_id: int) -> Iterator[Transaction]:
        """One write on `session_id`: the turns and rows written through the transaction are
        committed together when the block ends, or none of them if it raises."""
        with self._write() as conn:
            yield Transaction(conn, self._session_in(conn, session_id))

    def append_turn(
        self,
        session_id: int,
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
        """Append one turn, chained to the last, and update the session digest; committed
        before it returns."""
        with self.transaction(session_id) as tx:
            return tx.append_turn(
                kind=kind,
                actor=actor,
                at=at,
                text=text,
                criterion=criterion,
                question_hash=question_hash,
                score=score,
                overall=overall,
                timing=timing,
            )

    def turns(self, session_id: int) -> list[Turn]:
        rows = self._rows("SELECT * FROM turns WHERE session_id = ? ORDER BY seq", [session_id])
        return [turn_from_row(row) for row in rows]

    def record_decision(
        self, session_id: int, record: DecisionRecord, *, machine: Score | None, at: str
    ) -> Turn:
        """An assessor's decision and the turn that vouches for it, written together."""
        with self.transaction(session_id) as tx:
            return tx.record_decision(record, machine=machine, at=at)

    def record_override(self, session_id: int, record: OverrideRecord, *, at: str) -> Turn:
        """An override of one answer's judgement and its turn, written together."""
        with self.transaction(session_id) as tx:
            return tx.record_override(record, at=at)

    def record_declaration(
        self, session_id: int, record: DeclarationRecord, *, actor: str, at: str
    ) -> Turn:
        """A signed declaration and its turn, written together."""
        with self.transaction(session_id) as tx:
            return tx.record_declaration(record, actor=actor, at=at)

    def record_signature(self, session_id: int, signature: dict[str, Any], *, at: str) -> Turn:
        """Sign the session as it stands: the signature block (see `tutor.signing`)."""
        with self.transaction(session_id) as tx:
            return tx.record_signature(signature, at=at)

    def record_feedback(self, session_id: int, feedback: str, next_steps: str, at: str) -> Turn:
        """The assessor's feedback and next steps: on the session row and as a turn."""
        with self.transaction(session_id) as tx:
            return tx.record_feedback(feedback, next_steps, at=at)

    def decisions(self, session_id: int) -> list[StoredDecision]:
        """Every decision recorded, oldest first; the latest per criterion is the one that
        stands."""
        return _decisions(self._record_rows("decisions", session_id))

    def score_overrides(self, session_id: int) -> list[StoredOverride]:
        """Every override of the machine's judgement of an answer, oldest first."""
        return _overrides(self._record_rows("score_overrides", session_id))

    def declarations(self, session_id: int) -> list[StoredDeclaration]:
        """The learner's declaration and the countersignature, as made, oldest first."""
        return _declarations(self._record_rows("declarations", session_id))

    def _record_rows(self, table: str, session_id: int) -> list[dict[str, Any]]:
        # `table` is one of the record tables, never user input.
        return self._rows(
            f"SELECT * FROM {table} WHERE session_id = ? ORDER BY turn_seq", [session_id]
        )

    def transcript(self, session_id: int) -> Transcript:
        """Everything stored of one session, read at one moment, and verified."""
        with self._snapshot():
            session = self.session(session_id)
            rows = self._rows("SELECT * FROM turns WHERE session_id = ? ORDER BY seq", [session_id])
            records = {
                kind: self._record_rows(table, session_id)
                for kind, (table, _) in RECORD_TABLES.items()
            }
            hashes = sorted(
                {r["question_hash"] for r in rows if r["question_hash"]}
                | {digest for _, digest in session["question_plan"]}
            )
            questions = {
                row["hash"]: json.loads(row["question_json"])
                for row in self._rows(
                    "SELECT hash, question_json FROM questions WHERE hash IN "
                    f"({', '.join('?' * len(hashes))})",
                    hashes,
                )
            }
            amendments = self._rows(
                "SELECT field, old_value, new_value, at FROM amendments "
                "WHERE learner_id = ? AND at > ? ORDER BY id",
                [session["learner_id"], session["started_at"]],
            )
            registered = self._rows(
                "SELECT started_at FROM session_register WHERE session_id = ?", [session_id]
            )
            resit_of = session.get("resit_of")
            resat = bool(resit_of) and bool(
                self._rows("SELECT 1 FROM sessions WHERE id = ?", [resit_of])
            )
        broken = (
            integrity.verify_transcript(dict(session), rows, session["digest"])
            or _check_records(rows, records)
            or _check_details(session, rows, questions, hashes)
            or _check_registered(session, registered)
            or (
                integrity.Break(None, f"the session it re-sits ({resit_of}) was deleted")
                if resit_of and not resat
                else None
            )
            or integrity.signatures_hold(digest_header(session), rows)
        )
        count = len(rows)
        return Transcript(
            session=session,
            turns=tuple(turn_from_row(row) for row in rows),
            decisions=tuple(_decisions(records[TurnKind.DECISION])),
            overrides=tuple(_overrides(records[TurnKind.OVERRIDE])),
            declarations=tuple(_declarations(records[TurnKind.DECLARATION])),
            questions=questions,
            amendments=tuple(amendments),
            verification=(
                Verification(session_id, count, True)
                if broken is None
                else Verification(session_id, count, False, broken.seq, broken.problem)
            ),
        )

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Reads that see one state of the database, however other programs write."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    # --- listing and history ------------------------------------------------------------

    def list_sessions(
        self, learner: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Sessions newest first, with their number of turns and digest."""
        where = "WHERE l.name = ?" if learner else ""
        params: list[Any] = [learner] if learner else []
        sql = (
            "SELECT s.id, l.name AS learner, s.mode, s.status, s.started_at, s.ended_at, "
            "(SELECT count(*) FROM turns t WHERE t.session_id = s.id) AS turns, s.digest, "
            "a.name AS assessor FROM sessions s JOIN learners l ON l.id = s.learner_id "
            f"LEFT JOIN assessors a ON a.id = s.assessor_id {where} "
            "ORDER BY s.started_at DESC, s.id DESC"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return self._rows(sql, params)

    def unfinished_sessions(self, learner: str) -> list[dict[str, Any]]:
        """The learner's sessions that were never ended (interrupted or paused), newest first."""
        return [s for s in self.list_sessions(learner) if s["status"] != "ended"]

    def criterion_history(self, learner: str) -> dict[str, list[tuple[str, float]]]:
        """criterion -> [(at, machine score 0..1)] of every scored answer, oldest first: the
        criterion's score on all the answers to its question up to that one, where stored."""
        rows = self._rows(
            "SELECT t.criterion, t.at, coalesce(json_extract(t.score, '$.overall.score'), "
            "json_extract(t.score, '$.score')) AS score "
            "FROM sessions s JOIN learners l ON l.id = s.learner_id "
            "JOIN turns t ON t.session_id = s.id AND t.kind = 'answer' "
            "WHERE l.name = ? AND t.score IS NOT NULL ORDER BY t.at",
            [learner],
        )
        history: dict[str, list[tuple[str, float]]] = {}
        for row in rows:
            if row["score"] is not None:
                history.setdefault(row["criterion"], []).append((row["at"], float(row["score"])))
        return history

    def asked_questions(self, learner: str, mode: str = "assessment") -> set[tuple[str, str]]:
        """(criterion, question id) pairs already asked of this learner in this mode."""
        rows = self._rows(
            "SELECT DISTINCT t.criterion, q.question_id FROM sessions s "
            "JOIN learners l ON l.id = s.learner_id "
            "JOIN turns t ON t.session_id = s.id AND t.kind = 'question' "
            "JOIN questions q ON q.hash = t.question_hash WHERE l.name = ? AND s.mode = ?",
            [learner, mode],
        )
        return {(row["criterion"], row["question_id"]) for row in rows}

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Turns holding every word of `query` (stemmed: "complaint" finds "complaints"),
        best first; numbers match whole ("5" never finds "1.5"). See `tutor.store.search`."""
        parsed = parse_query(query)
        if not parsed.match:
            return []
        # Numbers are checked after the index, so read on until enough hits pass.
        page = limit
        if parsed.numbers:
            page = max(limit * NUMBER_SEARCH_PAGE_FACTOR, NUMBER_SEARCH_MIN_PAGE)
        hits: list[SearchHit] = []
        offset = 0
        while len(hits) < limit:
            rows = self._rows(
                "SELECT t.session_id, t.seq, t.at, t.kind, t.criterion, t.text, "
                "l.name AS learner, turns_fts.text AS searched "
                "FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid "
                "JOIN sessions s ON s.id = t.session_id JOIN learners l ON l.id = s.learner_id "
                "WHERE turns_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                [parsed.match, page, offset],
            )
            hits += [
                SearchHit(**{k: v for k, v in row.items() if k != "searched"})
                for row in rows
                if parsed.accepts(row["searched"])
            ]
            if len(rows) < page:
                break
            offset += page
        return hits[:limit]

    # --- verification -------------------------------------------------------------------

    def verify_all(self) -> list[Verification]:
        """Every session verified, and the register of sessions and the learners'
        amendments walked: a session deleted whole, or a register or amendment entry
        altered, is reported as a failed verification (`session_id` 0 for the database's
        own chains)."""
        results: list[Verification] = []
        with self._snapshot():
            register = self._rows("SELECT * FROM session_register ORDER BY session_id")
            amendments = self._rows("SELECT * FROM amendments ORDER BY id")
            present = {row["id"] for row in self._rows("SELECT id FROM sessions")}
        prev = integrity.GENESIS
        for entry in register:
            expected = integrity.register_hash(entry["session_id"], entry["started_at"], prev)
            if entry["prev_hash"] != prev or entry["hash"] != expected:
                results.append(
                    Verification(
                        0,
                        0,
                        False,
                        None,
                        f"the register entry of session "
                        f"{entry['session_id']} was altered or one before it removed",
                    )
                )
            if entry["session_id"] not in present:
                results.append(
                    Verification(entry["session_id"], 0, False, None, "the session was deleted")
                )
            prev = entry["hash"]
        prev = integrity.GENESIS
        for row in amendments:
            body = {
                "learner_id": row["learner_id"],
                "field": row["field"],
                "old": row["old_value"],
                "new": row["new_value"],
                "at": row["at"],
            }
            if row["prev_hash"] != prev or row["hash"] != integrity.amendment_hash(body, prev):
                results.append(
                    Verification(0, 0, False, None, f"amendment {row['id']} was altered")
                )
            prev = row["hash"]
        results += [self.verify(session_id) for session_id in sorted(present)]
        return results

    def verify(self, session_id: int, public_key: bytes | None = None) -> Verification:
        """Recompute the session's chain, digest and the records its turns vouch for; with
        `public_key`, the session must also be signed by that key and unchanged since. A
        session the register records but the database no longer holds was deleted."""
        try:
            transcript = self.transcript(session_id)
        except UnknownSession:
            if not self._registered(session_id):
                raise
            return Verification(session_id, 0, False, None, "the session was deleted")
        checked = transcript.verification
        if public_key is None or not checked.ok:
            return checked
        turns = [t.to_dict() for t in transcript.turns]
        if not integrity.signers(turns):
            return Verification(
                session_id,
                checked.turns,
                False,
                None,
                "it is not signed, so no key can vouch for it",
            )
        broken = integrity.signatures_hold(digest_header(transcript.session), turns, public_key)
        if broken is not None:
            return Verification(session_id, checked.turns, False, broken.seq, broken.problem)
        return checked

    def _registered(self, session_id: int) -> bool:
        rows = self._rows("SELECT 1 FROM session_register WHERE session_id = ?", [session_id])
        return bool(rows)

    def signers(self, session_id: int) -> list[dict[str, Any]]:
        """Who signed the session's record: each signature block, with its turn."""
        return integrity.signers([t.to_dict() for t in self.turns(session_id)])


def _check_records(
    turns: Sequence[dict[str, Any]], records: dict[TurnKind, list[dict[str, Any]]]
) -> integrity.Break | None:
    """Decision, override and declaration rows must match the turns that recorded them, one
    row per turn: a row deleted, added or edited is named, and so is a machine score kept
    beside a decision or override that is not the one its turns hold."""
    by_seq = {turn["seq"]: turn for turn in turns}
    for kind, rows in records.items():
        for record in rows:
            turn = by_seq.get(record["turn_seq"])
            if turn is None or turn["kind"] != kind:
                seq = record["turn_seq"]
                return integrity.Break(seq, f"a {kind} record has no matching turn")
            if record_fields(kind, record) != json.loads(turn["text"]):
                return integrity.Break(
                    record["turn_seq"], f"the {kind} recorded at turn {turn['seq']} was altered"
                )
            machine = _kept_machine(kind, turn, by_seq, record)
            if machine is not None and _json(record.get("machine_score")) != machine:
                return integrity.Break(
                    turn["seq"],
                    f"the machine score kept with the {kind} at turn {turn['seq']} was altered",
                )
        kept = {record["turn_seq"] for record in rows}
        for turn in turns:
            if turn["kind"] == kind and turn["seq"] not in kept:
                return integrity.Break(
                    turn["seq"], f"the {kind} recorded at turn {turn['seq']} was deleted"
                )
    return None


def _kept_machine(
    kind: TurnKind,
    turn: dict[str, Any],
    by_seq: dict[int, dict[str, Any]],
    record: dict[str, Any],
) -> Any:
    """The machine score the chain holds for a decision (in its own turn, sealed sessions)
    or an override (the score of the answer it overrides); None where it holds none."""
    if kind == TurnKind.DECISION:
        return _json(turn.get("score"))
    if kind == TurnKind.OVERRIDE:
        answer = by_seq.get(record["answer_seq"])
        return _json(answer.get("score")) if answer else None
    return None


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _check_details(
    session: dict[str, Any],
    turns: Sequence[dict[str, Any]],
    questions: dict[str, dict[str, Any]],
    hashes: Sequence[str],
) -> integrity.Break | None:
    """The feedback shown must be the feedback turn's, and each question asked or planned
    must be stored with the content its hash was made from."""
    given = [t for t in turns if t["kind"] == "feedback" and t["actor"] == "assessor"]
    shown = (session.get("feedback"), session.get("next_steps"))
    if given:
        expected = given[-1]["text"]
        if shown == (None, None) or feedback_text(*[v or "" for v in shown]) != expected:
            return integrity.Break(given[-1]["seq"], "the feedback or next steps were altered")
    elif shown != (None, None):
        return integrity.Break(None, "feedback was added that no turn records")
    for digest in hashes:
        question = questions.get(digest)
        if question is None:
            return integrity.Break(None, f"the question {digest[:12]}… asked was deleted")
        if not integrity.question_matches(digest, question):
            return integrity.Break(
                None, f"the question {digest[:12]}… (its text or rubric) was altered"
            )
    return None


def _check_registered(
    session: dict[str, Any], registered: list[dict[str, Any]]
) -> integrity.Break | None:
    """A sealed session must be in the register as it started."""
    if (session.get("seal") or 1) < integrity.SEAL:
        return None
    if not registered or registered[0]["started_at"] != session["started_at"]:
        return integrity.Break(None, "the session is not in the register as it was created")
    return None


def _decisions(rows: Sequence[dict[str, Any]]) -> list[StoredDecision]:
    return [
        StoredDecision.of(row, turn_seq=row["turn_seq"], machine=_machine(row["machine_score"]))
        for row in rows
    ]


def _overrides(rows: Sequence[dict[str, Any]]) -> list[StoredOverride]:
    return [
        StoredOverride.of(row, turn_seq=row["turn_seq"], machine=_machine(row["machine_score"]))
        for row in rows
    ]


def _declarations(rows: Sequence[dict[str, Any]]) -> list[StoredDeclaration]:
    return [StoredDeclaration.of(row, turn_seq=row["turn_seq"]) for row in rows]


def _machine(stored: str | None) -> Score | None:
    """The machine score kept beside a decision or override (`Score.to_dict()` as JSON)."""
    data = json.loads(stored) if stored else None
    return Score.from_dict(data) if data and "score" in data else None
