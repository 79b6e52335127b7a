"""Edits made to the database with plain sqlite3, each of which `tutor verify` must name.

One row per edit: what it does (SQL, or a short function where SQL alone cannot say it), the
sessions whose verification must fail, and words of which verify's message must say one.
Ids in SQL are written {E} (the earlier assessment), {A} (the countersigned resit) and {P}
(the practice session). Edits verify cannot be expected to see are in HARMLESS and must
leave every session intact and every record the same.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.export.export_fixtures import ASSESSOR, LEARNER
from tests.sessions.session_fixtures import EXPECTATIONS
from tests.tamper.tamper_fixtures import (
    Built,
    Outcome,
    reseal_session,
    rows,
    tutor,
    verify_all,
    verify_session,
)

Change = Callable[[sqlite3.Connection, Built], None]

A, E, P = "assessment", "earlier", "practice"
# Words a message about each kind of fact may use.
DECISION = ("decision",)
DELETED = ("deleted", "removed", "missing", "register")
OVERRIDE = ("override",)
DECLARATION = ("declaration", "countersign")
QUESTION = ("question", "rubric")
DETAILS = ("session's details", "details", "header")


def sql(*statements: str) -> Change:
    """An edit made of SQL statements, with {A}, {E} and {P} standing for the session ids."""

    def change(conn: sqlite3.Connection, built: Built) -> None:
        ids = {"A": built.assessment, "E": built.earlier, "P": built.practice}
        for statement in statements:
            conn.execute(statement.format(**ids))

    return change


def then_reseal(change: Change, *sessions: str) -> Change:
    """`change`, then the sessions' chains and digests rebuilt as an attacker would."""

    def rebuilt(conn: sqlite3.Connection, built: Built) -> None:
        change(conn, built)
        for name in sessions:
            reseal_session(conn, getattr(built, name))

    return rebuilt


@dataclass(frozen=True)
class Edit:
    name: str
    change: Change
    names: tuple[str, ...]  # verify's message must say one of these
    sessions: tuple[str, ...] = (A,)  # whose verification must fail


def _json_edit(table: str, column: str, where: str, edit: Callable[[dict], None]) -> Change:
    """Load a JSON column of one row, change it in Python, write it back."""

    def change(conn: sqlite3.Connection, built: Built) -> None:
        ids = {"A": built.assessment, "E": built.earlier, "P": built.practice}
        condition = where.format(**ids)
        (row,) = rows(conn, f"SELECT rowid, {column} FROM {table} WHERE {condition}")
        value = json.loads(row[column])
        edit(value)
        conn.execute(
            f"UPDATE {table} SET {column} = ? WHERE rowid = ?",
            [json.dumps(value, ensure_ascii=False), row["rowid"]],
        )

    return change


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict], None]:
    def edit(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _delete_session(session: str) -> Change:
    return sql(
        *(
            f"DELETE FROM {table} WHERE session_id = {{{session}}}"
            for table in ("turns", "decisions", "score_overrides", "declarations",
                          "criterion_reviews")
        ),
        f"DELETE FROM sessions WHERE id = {{{session}}}",
    )  # fmt: skip


def _swap_turns(conn: sqlite3.Connection, built: Built) -> None:
    """The earlier assessment's turns and the resit's traded wholesale (through an unused
    id, as (session_id, seq) is unique)."""
    for old, new in (
        (built.earlier, -1),
        (built.assessment, built.earlier),
        (-1, built.assessment),
    ):
        conn.execute("UPDATE turns SET session_id = ? WHERE session_id = ?", [new, old])


def _swap_seq(conn: sqlite3.Connection, built: Built) -> None:
    """Turns 6 and 7 of the resit change places (the question after its answer)."""
    moves = [(6, -6), (7, 6), (-6, 7)]
    for old, new in moves:
        conn.execute(
            "UPDATE turns SET seq = ? WHERE session_id = ? AND seq = ?",
            [new, built.assessment, old],
        )


def _forged_turn(conn: sqlite3.Connection, built: Built) -> None:
    """A turn written after the countersignature, with a made-up hash."""
    (last,) = rows(
        conn,
        "SELECT * FROM turns WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
        [built.assessment],
    )
    conn.execute(
        "INSERT INTO turns (session_id, seq, at, kind, actor, text, prev_hash, hash) "
        "VALUES (?, ?, ?, 'note', 'assessor', 'Learner later admitted help.', ?, ?)",
        [built.assessment, last["seq"] + 1, last["at"], last["hash"], "f" * 64],
    )


def _turn_after_countersignature(conn: sqlite3.Connection, built: Built) -> None:
    """A note appended after the countersignature (chain and digest rebuilt afterwards)."""
    (last,) = rows(
        conn,
        "SELECT * FROM turns WHERE session_id = ? ORDER BY seq DESC LIMIT 1",
        [built.assessment],
    )
    conn.execute(
        "INSERT INTO turns (session_id, seq, at, kind, actor, text, prev_hash, hash) "
        "VALUES (?, ?, ?, 'note', 'assessor', 'Learner later admitted help.', '', '')",
        [built.assessment, last["seq"] + 1, "2026-11-09T09:30:00.000Z"],
    )


def _moved_turn(conn: sqlite3.Connection, built: Built) -> None:
    """The resit's note moved to the end of the practice session."""
    (count,) = conn.execute(
        "SELECT count(*) FROM turns WHERE session_id = ?", [built.practice]
    ).fetchone()
    conn.execute(
        "UPDATE turns SET session_id = ?, seq = ? WHERE session_id = ? AND seq = 4",
        [built.practice, count + 1, built.assessment],
    )


def _other_learner(conn: sqlite3.Connection, built: Built) -> None:
    """The resit handed to another learner (a new learners row)."""
    conn.execute(
        "INSERT INTO learners (name, registration_number, created_at) "
        "VALUES ('Sam Patil', 'PAT-0099-Z', '2026-11-01T09:00:00.000Z')"
    )
    conn.execute(
        "UPDATE sessions SET learner_id = (SELECT id FROM learners WHERE name = 'Sam Patil') "
        "WHERE id = ?",
        [built.assessment],
    )


def _other_assessor(conn: sqlite3.Connection, built: Built) -> None:
    """The resit credited to another assessor (a new assessors row)."""
    conn.execute(
        "INSERT INTO assessors (name, created_at) VALUES ('Jo Khan', '2026-11-01T09:00:00.000Z')"
    )
    conn.execute(
        "UPDATE sessions SET assessor_id = (SELECT id FROM assessors WHERE name = 'Jo Khan') "
        "WHERE id = ?",
        [built.assessment],
    )


def _digest_of_another_session(conn: sqlite3.Connection, built: Built) -> None:
    conn.execute(
        "UPDATE sessions SET digest = (SELECT digest FROM sessions WHERE id = ?) WHERE id = ?",
        [built.earlier, built.assessment],
    )


EDITS: tuple[Edit, ...] = (
    # --- the session's details ------------------------------------------------------------
    Edit(
        "sessions.ended_at",
        sql("UPDATE sessions SET ended_at = '2026-11-09T10:30:00.000Z' WHERE id = {A}"),
        ("end",),
    ),
    Edit(
        "sessions.ended_at cleared",
        sql("UPDATE sessions SET ended_at = NULL WHERE id = {A}"),
        ("end",),
    ),
    Edit(
        "sessions.status active",
        sql("UPDATE sessions SET status = 'active' WHERE id = {A}"),
        ("status", "ended"),
    ),
    Edit(
        "sessions.status paused",
        sql("UPDATE sessions SET status = 'paused' WHERE id = {E}"),
        ("status", "ended"),
        (E,),
    ),
    Edit(
        "sessions.qualification",
        sql("UPDATE sessions SET qualification = '603/1234/5' WHERE id = {A}"),
        ("qualification",),
    ),
    Edit(
        "sessions.feedback",
        sql("UPDATE sessions SET feedback = 'Outstanding throughout.' WHERE id = {A}"),
        ("feedback",),
    ),
    Edit(
        "sessions.next_steps",
        sql("UPDATE sessions SET next_steps = 'None needed.' WHERE id = {A}"),
        ("next steps", "next_steps", "feedback"),
    ),
    Edit(
        "sessions.time_limit_seconds",
        sql("UPDATE sessions SET time_limit_seconds = 7200 WHERE id = {A}"),
        ("limit",),
    ),
    Edit(
        "sessions.question_time_limit_seconds",
        sql("UPDATE sessions SET question_time_limit_seconds = NULL WHERE id = {A}"),
        ("limit",),
    ),
    Edit(
        "sessions.question_limit",
        sql("UPDATE sessions SET question_limit = 5 WHERE id = {A}"),
        ("limit",),
    ),
    Edit(
        "sessions.resit_of cleared",
        sql("UPDATE sessions SET resit_of = NULL WHERE id = {A}"),
        (*DETAILS, "resit", "re-sit"),
    ),
    Edit(
        "sessions.resit_of pointed elsewhere",
        sql("UPDATE sessions SET resit_of = {P} WHERE id = {A}"),
        (*DETAILS, "resit", "re-sit"),
    ),
    Edit(
        "sessions.question_plan",
        sql(
            "UPDATE sessions SET question_plan = json_array(json_array("
            "json_extract(question_plan, '$[0][0]'), json_extract(question_plan, '$[0][1]'))) "
            "WHERE id = {A}"
        ),
        (*DETAILS, "plan", "question"),
    ),
    Edit(
        "sessions.planned_criteria",
        sql(
            "UPDATE sessions SET planned_criteria = json_insert(planned_criteria, '$[#]', "
            f"'{EXPECTATIONS}') WHERE id = {{A}}"
        ),
        (*DETAILS, "criteria"),
    ),
    Edit(
        "sessions.mode",
        sql("UPDATE sessions SET mode = 'practice' WHERE id = {A}"),
        (*DETAILS, "mode"),
    ),
    Edit(
        "sessions.started_at",
        sql("UPDATE sessions SET started_at = '2026-11-09T08:01:00.000Z' WHERE id = {A}"),
        (*DETAILS, "start"),
    ),
    Edit(
        "sessions.delivery",
        sql("UPDATE sessions SET delivery = 'face to face' WHERE id = {A}"),
        (*DETAILS, "delivery"),
    ),
    Edit(
        "sessions.digest copied from another session",
        _digest_of_another_session,
        (*DETAILS, "digest"),
    ),
    Edit(
        "sessions.digest made up",
        sql(f"UPDATE sessions SET digest = '{'0' * 64}' WHERE id = {{A}}"),
        (*DETAILS, "digest"),
    ),
    Edit(
        "session renumbered",
        sql(
            "UPDATE turns SET session_id = 99 WHERE session_id = {P}",
            "UPDATE criterion_reviews SET session_id = 99 WHERE session_id = {P}",
            "UPDATE sessions SET id = 99 WHERE id = {P}",
        ),
        DELETED,
        (P,),
    ),
    # --- people ---------------------------------------------------------------------------
    Edit(
        "learners.name (used by three sessions)",
        sql(f"UPDATE learners SET name = 'Sam Patil' WHERE name = '{LEARNER}'"),
        (*DETAILS, "learner"),
        (E, A, P),
    ),
    Edit("session handed to another learner", _other_learner, (*DETAILS, "learner")),
    Edit(
        "assessors.name",
        sql(f"UPDATE assessors SET name = 'Jo Khan' WHERE name = '{ASSESSOR}'"),
        (*DETAILS, "assessor"),
        (E, A),
    ),
    Edit("session credited to another assessor", _other_assessor, (*DETAILS, "assessor")),
    Edit(
        "centres.name",
        sql("UPDATE centres SET name = 'Southgate College'"),
        (*DETAILS, "centre"),
        (E, A),
    ),
    # --- turns ----------------------------------------------------------------------------
    Edit(
        "turn text (an answer)",
        sql(
            "UPDATE turns SET text = 'I would apologise and fix the problem.' "
            "WHERE session_id = {A} AND seq = 3"
        ),
        ("turn 3",),
    ),
    Edit(
        "turn score (machine score of an answer)",
        sql(
            "UPDATE turns SET score = json_set(score, '$.score', 0.99, '$.judgement', 'met') "
            "WHERE session_id = {A} AND seq = 3"
        ),
        ("turn 3",),
    ),
    Edit(
        "turn time",
        sql("UPDATE turns SET at = '2026-11-09T09:02:00.000Z' WHERE session_id = {A} AND seq = 3"),
        ("turn 3",),
    ),
    Edit(
        "turn kind",
        sql("UPDATE turns SET kind = 'assessor_question' WHERE session_id = {A} AND seq = 4"),
        ("turn 4",),
    ),
    Edit(
        "turn actor",
        sql("UPDATE turns SET actor = 'assessor' WHERE session_id = {A} AND seq = 9"),
        ("turn 9",),
    ),
    Edit(
        "turn question hash",
        sql(
            "UPDATE turns SET question_hash = (SELECT question_hash FROM turns "
            "WHERE session_id = {E} AND kind = 'question') WHERE session_id = {A} AND seq = 6"
        ),
        ("turn 6",),
    ),
    Edit(
        "turn deleted (a note)",
        sql("DELETE FROM turns WHERE session_id = {A} AND seq = 4"),
        ("turn 4",),
    ),
    Edit(
        "last turn deleted (the countersignature's)",
        sql("DELETE FROM turns WHERE session_id = {A} AND seq = 17"),
        (*DETAILS, "turn 17", *DECLARATION),
    ),
    Edit("turns reordered", _swap_seq, ("turn 6", "turn 7")),
    Edit("forged turn after the countersignature", _forged_turn, ("turn 19",)),
    Edit("turn moved to another session", _moved_turn, ("turn 4", "turn 11"), (A, P)),
    Edit("two sessions' turns swapped", _swap_turns, (*DETAILS, "turn"), (E, A)),
    Edit(
        "practice answer text",
        sql(
            "UPDATE turns SET text = 'Surveys.' WHERE session_id = {P} AND kind = 'answer' "
            "AND seq = (SELECT min(seq) FROM turns WHERE session_id = {P} AND kind = 'answer')"
        ),
        ("turn",),
        (P,),
    ),
    # --- decisions ------------------------------------------------------------------------
    Edit(
        "decisions.decision",
        sql("UPDATE decisions SET decision = 'met' WHERE session_id = {A} AND turn_seq = 15"),
        DECISION,
    ),
    Edit(
        "decisions.reason",
        sql(
            "UPDATE decisions SET reason = 'Fully covered.' "
            "WHERE session_id = {A} AND turn_seq = 15"
        ),
        DECISION,
    ),
    Edit(
        "decisions.decided_by",
        sql(
            "UPDATE decisions SET decided_by = 'Dev Shah' WHERE session_id = {A} AND turn_seq = 14"
        ),
        DECISION,
    ),
    Edit(
        "decisions.overrides_machine",
        sql("UPDATE decisions SET overrides_machine = 0 WHERE session_id = {A} AND turn_seq = 14"),
        DECISION,
    ),
    Edit(
        "decisions.machine_score",
        sql(
            "UPDATE decisions SET machine_score = json_set(machine_score, '$.score', 0.95, "
            "'$.judgement', 'met') WHERE session_id = {A} AND turn_seq = 14"
        ),
        (*DECISION, "machine"),
    ),
    Edit(
        "decision inserted",
        sql(
            "INSERT INTO decisions (session_id, criterion, decision, reason, overrides_machine, "
            "decided_by, decided_at, turn_seq) SELECT session_id, criterion, 'met', 'On review.', "
            "1, decided_by, decided_at, 17 FROM decisions WHERE session_id = {A} AND turn_seq = 15"
        ),
        DECISION,
    ),
    Edit(
        "decision row deleted (the standing one)",
        sql("DELETE FROM decisions WHERE session_id = {A} AND turn_seq = 14"),
        DECISION,
    ),
    Edit(
        "decision row deleted (the only one)",
        sql("DELETE FROM decisions WHERE session_id = {A} AND turn_seq = 15"),
        DECISION,
    ),
    Edit(
        "decision row moved to another session",
        sql("UPDATE decisions SET session_id = {E} WHERE session_id = {A} AND turn_seq = 15"),
        DECISION,
        (E, A),
    ),
    # --- overrides ------------------------------------------------------------------------
    Edit(
        "score_overrides.judgement",
        sql("UPDATE score_overrides SET judgement = 'not_yet_met' WHERE session_id = {A}"),
        OVERRIDE,
    ),
    Edit(
        "score_overrides.reason",
        sql("UPDATE score_overrides SET reason = 'No reason.' WHERE session_id = {A}"),
        OVERRIDE,
    ),
    Edit(
        "score_overrides.machine_score",
        sql(
            "UPDATE score_overrides SET machine_score = json_set(machine_score, '$.score', 0.1, "
            "'$.judgement', 'not_yet_met') WHERE session_id = {A}"
        ),
        (*OVERRIDE, "machine"),
    ),
    Edit(
        "score_overrides row deleted",
        sql("DELETE FROM score_overrides WHERE session_id = {A}"),
        OVERRIDE,
    ),
    # --- declarations ---------------------------------------------------------------------
    Edit(
        "declarations.name (countersignature)",
        sql(
            f"UPDATE declarations SET name = '{ASSESSOR}' WHERE session_id = {{A}} "
            "AND kind = 'countersign'"
        ),
        DECLARATION,
    ),
    Edit(
        "declarations.statement",
        sql(
            "UPDATE declarations SET statement = 'I was helped.' WHERE session_id = {A} "
            "AND kind = 'authenticity'"
        ),
        DECLARATION,
    ),
    Edit(
        "countersignature row deleted",
        sql("DELETE FROM declarations WHERE session_id = {A} AND kind = 'countersign'"),
        DECLARATION,
    ),
    Edit(
        "learner's declaration row deleted",
        sql("DELETE FROM declarations WHERE session_id = {A} AND kind = 'authenticity'"),
        (*DECLARATION, "authenticity"),
    ),
    # --- the questions asked --------------------------------------------------------------
    Edit(
        "questions.text",
        sql(
            "UPDATE questions SET text = 'Name one thing you do with a complaint.', "
            "question_json = json_set(question_json, '$.text', "
            "'Name one thing you do with a complaint.') WHERE hash = (SELECT question_hash "
            "FROM turns WHERE session_id = {A} AND seq = 2)"
        ),
        QUESTION,
    ),
    Edit(
        "questions rubric JSON",
        _json_edit(
            "questions",
            "question_json",
            "hash = (SELECT question_hash FROM turns WHERE session_id = {A} AND seq = 6)",
            _set(("rubric", "needed"), 1),
        ),
        QUESTION,
    ),
    Edit(
        "questions row deleted",
        sql(
            "DELETE FROM questions WHERE hash = (SELECT question_hash FROM turns "
            "WHERE session_id = {A} AND seq = 6)"
        ),
        QUESTION,
    ),
    # --- whole sessions -------------------------------------------------------------------
    Edit("whole practice session deleted", _delete_session("P"), DELETED, (P,)),
    Edit(
        "whole earlier assessment deleted (the resit's original)",
        _delete_session("E"),
        (*DELETED, "resit", "re-sit"),
        (E, A),
    ),
    # --- rebuilds: the chain and digest recomputed with tutor.store.integrity -------------
    Edit(
        "rebuild: turn added after the countersignature",
        then_reseal(_turn_after_countersignature, A),
        ("turn 19", "countersign", "signature", "signed"),
    ),
    Edit(
        "rebuild: answer text changed",
        then_reseal(
            sql(
                "UPDATE turns SET text = 'I would apologise and fix the problem.' "
                "WHERE session_id = {A} AND seq = 3"
            ),
            A,
        ),
        ("turn 3", "signature", "signed"),
    ),
    Edit(
        "rebuild: learner renamed",
        then_reseal(
            sql(f"UPDATE learners SET name = 'Sam Patil' WHERE name = '{LEARNER}'"), E, A, P
        ),
        (*DETAILS, "learner", "signature", "signed"),
        (E, A),
    ),
    Edit(
        "rebuild: countersignature turn and row deleted",
        then_reseal(
            sql(
                "DELETE FROM turns WHERE session_id = {A} AND seq = 17",
                "DELETE FROM declarations WHERE session_id = {A} AND kind = 'countersign'",
            ),
            A,
        ),
        (*DECLARATION, "signature", "signed", "missing"),
    ),
)


@dataclass(frozen=True)
class Harmless:
    """An edit that changes nothing a record shows, and a word whose search it does change."""

    name: str
    change: Change
    probe: str
    why: str

    @property
    def edit(self) -> Edit:
        """As an edit that no verification may fail."""
        return Edit(self.name, self.change, (), (E, A, P))


# Verify must keep passing and every record stay the same: say so, rather than leave it out.
HARMLESS: tuple[Harmless, ...] = (
    Harmless(
        "turns_fts: a word injected into the search index",
        sql(
            "INSERT INTO turns_fts (rowid, text) SELECT id, 'plagiarised' FROM turns "
            "WHERE session_id = {A} AND seq = 3"
        ),
        "plagiarised",
        "the search index is derived from the turns; it is not evidence",
    ),
    Harmless(
        "turns_fts: index emptied",
        sql("INSERT INTO turns_fts (turns_fts) VALUES ('delete-all')"),
        "complaint",
        "search finds nothing until the index is rebuilt; no record changes",
    ),
)


def _apply(built: Built, change: Change) -> None:
    conn = sqlite3.connect(built.db)
    try:
        with conn:
            change(conn, built)
    finally:
        conn.close()


def _ids(built: Built, names: tuple[str, ...]) -> list[int]:
    return [getattr(built, name) for name in names]


def _unnamed(outcome: Outcome, words: tuple[str, ...]) -> bool:
    return not (outcome.detected and outcome.names(words))


def test_the_untouched_database_verifies(built: Built) -> None:
    for session in built.sessions:
        outcome = verify_session(built, session)
        assert outcome.code == 0, outcome.output
    everything = verify_all(built)
    assert everything is None or everything.code == 0, everything.output


def test_there_are_forty_distinct_database_edits() -> None:
    assert len({e.name for e in EDITS}) == len(EDITS) >= 40


def _records(built: Built, folder: Path) -> dict[int, object]:
    """Each session's exported JSON record without the moment of export (or, where it
    cannot be exported, what the export said or how it crashed)."""
    out: dict[int, object] = {}
    for session in built.sessions:
        path = folder / f"{session}.json"
        try:
            made = tutor(
                "--db", str(built.db), "export", str(session), "--format", "json",
                "--out", str(path), "--banks", str(built.banks), "--force",
            )  # fmt: skip
        except Exception as exc:  # an export that crashes on a tampered database: changed
            out[session] = f"export crashed: {exc!r}"
            continue
        if made.code != 0:
            out[session] = made.output
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["record"].pop("exported_at", None)
        doc.pop("integrity", None)
        out[session] = doc
    return out


@dataclass(frozen=True)
class Attempt:
    """What each verification said after an edit, and whether any record changed."""

    outcomes: dict[str, Outcome]
    records_changed: bool

    def verdict(self, edit: Edit) -> str:
        """Named when every verification fails naming the edit; harmless when every one
        passes and no exported record changed (only search-index edits may be: the others
        must be named, as a column a record does not show still matters elsewhere, such as
        when a session is resumed); else missed."""
        if not missed(edit, self):
            return "named"
        if not self.records_changed and all(o.code == 0 for o in self.outcomes.values()):
            return "harmless"
        return "missed"


def attempt(built: Built, edit: Edit, folder: Path) -> Attempt:
    """Make the edit on `built`'s database; what each verification it must fail said."""
    before = _records(built, folder / "before")
    _apply(built, edit.change)
    outcomes = {f"verify {s}": verify_session(built, s) for s in _ids(built, edit.sessions)}
    everything = verify_all(built)
    if everything is not None:
        outcomes["verify --all"] = everything
    return Attempt(outcomes, _records(built, folder / "after") != before)


def missed(edit: Edit, tried: Attempt) -> dict[str, str]:
    """The verifications that passed, or failed without naming the edit."""
    return {what: o.line() for what, o in tried.outcomes.items() if _unnamed(o, edit.names)}


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.name)
def test_database_edit_is_named_by_verify(built: Built, edit: Edit, tmp_path: Path) -> None:
    tried = attempt(built, edit, tmp_path)
    shown = "records show it" if tried.records_changed else "no record shows it"
    assert tried.verdict(edit) == "named", (
        f"{edit.name} not named (expected one of {edit.names}; {shown}): {missed(edit, tried)}"
    )


@pytest.mark.parametrize("edit", HARMLESS, ids=lambda e: e.name)
def test_search_index_edits_are_harmless(built: Built, edit: Harmless, tmp_path: Path) -> None:
    def search() -> str:
        return tutor("--db", str(built.db), "transcripts", "search", edit.probe).output

    found_before = search()
    tried = attempt(built, edit.edit, tmp_path)
    assert search() != found_before, "the edit did not reach the search index"
    assert tried.verdict(edit.edit) == "harmless", (
        f"{edit.name}: {[o.line() for o in tried.outcomes.values()]}, "
        f"records changed: {tried.records_changed}"
    )


@pytest.mark.parametrize("value", ["'PAT-9999-Z'", "NULL"])
def test_a_learners_registration_edited_later_leaves_every_record_as_made(
    built: Built, value: str, tmp_path: Path
) -> None:
    """The learners table holds the current registration; each session keeps the one it was
    made with, sealed in its digest, so editing the table rewrites no record."""
    edit = Edit(
        f"learners.registration_number = {value}",
        sql(f"UPDATE learners SET registration_number = {value}"),
        (),
        (E, A, P),
    )
    tried = attempt(built, edit, tmp_path)
    assert tried.verdict(edit) == "harmless", [o.line() for o in tried.outcomes.values()]
