"""Edits of an exported JSON record, each resealed as an attacker would, that
`tutor verify FILE.json` must name.

The attacker recomputes the section hashes and the record digest with the product's own
functions (`reseal_record`) and, where the edit reaches the transcript, rebuilds its hash
chain and session digest too; a signature, which needs the private key, is copied as it was.
Where this tutor's verify takes `--key`, each record is also checked against the assessor's
public key. One row per edit: what it changes and words of which verify's message must say
one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.export.export_fixtures import ASSESSOR
from tests.sessions.session_fixtures import COMPLAINTS, PURPOSE
from tests.tamper.tamper_fixtures import (
    Built,
    Outcome,
    export_json,
    reseal_record,
    verify_file,
    verify_has,
)

Doc = dict[str, Any]
A, P = "assessment", "practice"
DECISION = ("decision",)
DECLARATION = ("declaration", "countersign")
SIGNED = ("signature", "signed", "signing key")


@dataclass(frozen=True)
class RecordEdit:
    name: str
    change: Callable[[Doc], None]
    names: tuple[str, ...]  # verify's message must say one of these
    rebuild_chain: bool = False  # the transcript was edited: rebuild its chain and digest
    session: str = A
    before_export: str = ""  # SQL run on the database before the record is exported
    unsigned_here: bool = False  # a no-op where records carry no signature (as on main)
    # Undetectable without the signer's key by design (a consistent unsigned rebuild, see
    # docs/record-schema.md): only `verify --key` must name it.
    key_only: bool = False


def record(key: str, value: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        assert key in doc["record"], f"the record has no {key}"
        doc["record"][key] = value

    return change


def criterion(ref: str, doc: Doc) -> dict[str, Any]:
    return next(c for c in doc["record"]["criteria"] if c["ref"] == ref)


def turn(doc: Doc, seq: int) -> dict[str, Any]:
    return next(t for t in doc["transcript"] if t["seq"] == seq)


def _drop_decision(doc: Doc) -> None:
    criterion(COMPLAINTS, doc)["decision"] = None


def _drop_earlier_decision(doc: Doc) -> None:
    criterion(COMPLAINTS, doc)["earlier_decisions"] = []


def _decision_everywhere(doc: Doc) -> None:
    """The standing decision on 1.1 turned to met, in the record and in its turn."""
    decision = criterion(PURPOSE, doc)["decision"]
    decision.update(decision="met", reason="Two clear points.")
    vouched = json.loads(turn(doc, decision["seq"])["text"])
    vouched.update(decision="met", reason="Two clear points.")
    turn(doc, decision["seq"])["text"] = json.dumps(vouched, separators=(",", ":"))


def _drop_declaration(kind: str) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        doc["record"]["declarations"] = [
            d for d in doc["record"]["declarations"] if d["kind"] != kind
        ]

    return change


def _drop_question(doc: Doc) -> None:
    """Question 2 (its answers and the assessor's question with it) taken out of the record."""
    doc["record"]["questions"] = doc["record"]["questions"][:1]
    criterion(PURPOSE, doc)["question_numbers"] = []


def _criterion_machine(doc: Doc) -> None:
    machine = criterion(COMPLAINTS, doc)["machine"]
    machine.update(score=0.95, judgement="met", points_covered=3, tally="3 of 2 points")


def _decision_machine(doc: Doc) -> None:
    machine = criterion(COMPLAINTS, doc)["decision"]["machine"]
    machine.update(score=0.95, judgement="met")


def _criterion_text(doc: Doc) -> None:
    criterion(COMPLAINTS, doc)["text"] = "Name a way to handle complaints"


def _unit_title(doc: Doc) -> None:
    doc["record"]["units"][0]["title"] = "Advanced customer service"


def _drop_override(doc: Doc) -> None:
    doc["record"]["questions"][0]["entries"][0]["override"] = None
    criterion(COMPLAINTS, doc)["overrides"] = []


def _drop_note(doc: Doc) -> None:
    doc["record"]["notes"] = []


def _question_text(doc: Doc) -> None:
    """The question's text changed in the record and in its turn, chain rebuilt."""
    text = "Name one thing you do with a complaint."
    doc["record"]["questions"][0]["text"] = text
    turn(doc, doc["record"]["questions"][0]["seq"])["text"] = text


def _answer_text(doc: Doc) -> None:
    """The learner's first answer improved, in the record and in its turn."""
    text = "I would listen, apologise and put it right."
    entry = doc["record"]["questions"][0]["entries"][0]
    entry["text"] = text
    turn(doc, entry["seq"])["text"] = text


def _verification_ok(doc: Doc) -> None:
    doc["record"]["verification"] = {"ok": True, "turns": len(doc["transcript"]), "problem": ""}


def _turn_after_countersignature(doc: Doc) -> None:
    last = doc["transcript"][-1]
    doc["transcript"].append(
        {**last, "seq": last["seq"] + 1, "kind": "note", "actor": "assessor",
         "text": "Learner later admitted help.", "criterion": None, "question_hash": None,
         "score": None}
    )  # fmt: skip
    doc["record"]["notes"].append(
        {"seq": last["seq"] + 1, "at": last["at"], "actor": "assessor",
         "text": "Learner later admitted help.", "question_number": None, "criterion": None}
    )  # fmt: skip


def _drop_timeline_end(doc: Doc) -> None:
    doc["record"]["timeline"] = [e for e in doc["record"]["timeline"] if e["kind"] != "end"]


def _entry(doc: Doc) -> dict[str, Any]:
    """The record's copy of the learner's first answer."""
    return doc["record"]["questions"][0]["entries"][0]


def _answer_in_record(doc: Doc) -> None:
    _entry(doc)["text"] = "I would listen, apologise and put it right."


def _answer_machine(doc: Doc) -> None:
    _entry(doc)["machine"]["score"] = 0.99


def _override_judgement(doc: Doc) -> None:
    _entry(doc)["override"]["judgement"] = "not_yet_met"


def _decision_reason(doc: Doc) -> None:
    criterion(COMPLAINTS, doc)["decision"]["reason"] = "Fully covered."


def _declaration_name(doc: Doc) -> None:
    doc["record"]["declarations"][-1]["name"] = ASSESSOR


def _note_text(doc: Doc) -> None:
    doc["record"]["notes"][0]["text"] = "Learner read from notes."


def _transcript_text(doc: Doc) -> None:
    turn(doc, 3)["text"] = "I would listen, apologise and put it right."


def _transcript_turn_removed(doc: Doc) -> None:
    doc["transcript"] = [t for t in doc["transcript"] if t["seq"] != 4]


def _session_digest(doc: Doc) -> None:
    doc["record"]["session_digest"] = doc["integrity"]["session_digest"] = "0" * 64


def _strip_signature(doc: Doc) -> None:
    """The signature turns taken out of the transcript and the record (the chain is then
    rebuilt): a signed record passed off as one that was never signed."""
    doc["transcript"] = [t for t in doc["transcript"] if t["kind"] != "signature"]
    for number, turn in enumerate(doc["transcript"], 1):
        turn["seq"] = number
    doc["record"]["signatures"] = []


EDITS: tuple[RecordEdit, ...] = (
    RecordEdit("feedback", record("feedback", "Outstanding throughout."), ("feedback",)),
    RecordEdit(
        "next_steps", record("next_steps", "None needed."), ("next_steps", "next steps", "feedback")
    ),
    RecordEdit("feedback_at", record("feedback_at", "2026-11-09T09:00:00.000Z"), ("feedback",)),
    RecordEdit(
        "registration_number", record("registration_number", "PAT-9999-Z"), ("registration",)
    ),
    RecordEdit(
        "practice record's registration_number",
        record("registration_number", "PAT-9999-Z"),
        ("registration",),
        session=P,
    ),
    RecordEdit(
        "verification faked ok (record of an altered database, chain rebuilt)",
        _verification_ok,
        ("verification", "turn 3", *SIGNED),
        rebuild_chain=True,
        before_export="UPDATE turns SET text = 'I would apologise and fix the problem.' "
        "WHERE session_id = {A} AND seq = 3",
    ),
    RecordEdit(
        "verification turn count",
        record("verification", {"ok": True, "turns": 12, "problem": ""}),
        ("verification",),
    ),
    RecordEdit("running_seconds", record("running_seconds", 1500.0), ("running", "time")),
    RecordEdit("elapsed_seconds", record("elapsed_seconds", 60.0), ("elapsed", "time")),
    RecordEdit("status", record("status", "active"), ("status",)),
    RecordEdit("ended_at", record("ended_at", "2026-11-09T10:30:00.000Z"), ("ended_at", "end")),
    RecordEdit("resit_of", record("resit_of", None), ("resit", "re-sit", "session's details")),
    RecordEdit(
        "qualification_number", record("qualification_number", "603/1234/5"), ("qualification",)
    ),
    RecordEdit(
        "qualification_title", record("qualification_title", "Level 3 Diploma"), ("qualification",)
    ),
    RecordEdit("awarding_body", record("awarding_body", "Pearson"), ("awarding",)),
    RecordEdit("countersigned_by", record("countersigned_by", ASSESSOR), ("countersign",)),
    RecordEdit("title", record("title", "Record of oral questioning"), ("title", "mode")),
    RecordEdit("is_assessment", record("is_assessment", False), ("assessment", "mode")),
    RecordEdit("standing decision dropped", _drop_decision, DECISION),
    RecordEdit("earlier decision dropped", _drop_earlier_decision, DECISION),
    RecordEdit(
        "decision changed in record and transcript (chain rebuilt)",
        _decision_everywhere,
        (*DECISION, *SIGNED),
        rebuild_chain=True,
    ),
    RecordEdit(
        "countersignature declaration dropped", _drop_declaration("countersign"), DECLARATION
    ),
    RecordEdit(
        "learner's declaration dropped",
        _drop_declaration("authenticity"),
        (*DECLARATION, "authenticity"),
    ),
    RecordEdit("note dropped", _drop_note, ("note",)),
    RecordEdit("override dropped", _drop_override, ("override",)),
    RecordEdit("whole question dropped", _drop_question, ("question",)),
    RecordEdit("criteria[].machine", _criterion_machine, ("machine",)),
    RecordEdit("criteria[].decision.machine", _decision_machine, ("machine", *DECISION)),
    RecordEdit("criterion text", _criterion_text, ("criterion", "text")),
    RecordEdit("unit title", _unit_title, ("unit", "title")),
    RecordEdit("timeline end event dropped", _drop_timeline_end, ("timeline", "end")),
    RecordEdit(
        "question text in record and transcript (chain rebuilt)",
        _question_text,
        ("question", "turn 2", *SIGNED),
        rebuild_chain=True,
    ),
    RecordEdit(
        "answer text in record and transcript (chain rebuilt)",
        _answer_text,
        ("answer", "turn 3", *SIGNED),
        rebuild_chain=True,
    ),
    RecordEdit(
        "turn added after the countersignature (chain rebuilt)",
        _turn_after_countersignature,
        ("turn 17", "countersign", *SIGNED),
        rebuild_chain=True,
    ),
    # --- caught by the checks against the transcript and the session digest -------------
    RecordEdit("learner", record("learner", "Sam Patil"), ("learner", "session's details")),
    RecordEdit("assessor", record("assessor", "Jo Khan"), ("assessor", "session's details")),
    RecordEdit("delivery", record("delivery", "face to face"), ("delivery", "session's details")),
    RecordEdit("answer text in the record only", _answer_in_record, ("answer", "turn 3")),
    RecordEdit("answer's machine score in the record", _answer_machine, ("machine", "turn 3")),
    RecordEdit("override judgement in the record", _override_judgement, ("override",)),
    RecordEdit("decision reason in the record", _decision_reason, DECISION),
    RecordEdit("countersignature name in the record", _declaration_name, DECLARATION),
    RecordEdit("note text in the record", _note_text, ("note",)),
    RecordEdit("answer text in the transcript only", _transcript_text, ("turn 3",)),
    RecordEdit("turn removed from the transcript", _transcript_turn_removed, ("turn 4",)),
    RecordEdit("session digest made up", _session_digest, ("digest", "session's details")),
    RecordEdit(
        "signature stripped",
        _strip_signature,
        (*SIGNED, "not signed"),
        rebuild_chain=True,
        key_only=True,
    ),
)


def attempt(built: Built, edit: RecordEdit, folder: Path) -> dict[str, Outcome]:
    """Export, edit and reseal the record; what each verification of it said."""
    if edit.before_export:
        conn = sqlite3.connect(built.db)
        with conn:
            conn.execute(edit.before_export.format(A=built.assessment))
        conn.close()
    path = export_json(built, getattr(built, edit.session), folder / "record.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    before = json.dumps(doc, sort_keys=True)
    edit.change(doc)
    assert edit.unsigned_here or json.dumps(doc, sort_keys=True) != before, "it did nothing"
    reseal_record(doc, rebuild_chain=edit.rebuild_chain)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    outcomes = {"verify FILE": verify_file(built, path)}
    if verify_has("--key"):
        outcomes["verify FILE --key"] = verify_file(built, path, key=True)
    return outcomes


def missed(edit: RecordEdit, outcomes: dict[str, Outcome]) -> dict[str, str]:
    """The verifications that passed, or failed without naming the edit."""
    return {
        what: o.line() or "intact"
        for what, o in outcomes.items()
        if not (o.detected and o.names(edit.names)) and not (edit.key_only and "--key" not in what)
    }


def test_the_untouched_record_verifies(built: Built, tmp_path: Path) -> None:
    for session in (built.assessment, built.practice):
        path = export_json(built, session, tmp_path / f"{session}.json")
        doc = json.loads(path.read_text(encoding="utf-8"))
        reseal_record(doc)  # resealing an unchanged record changes nothing
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        assert verify_file(built, path).code == 0
        if verify_has("--key"):
            # The assessment is signed with the assessor's key; practice is never signed,
            # so no key can vouch for it.
            keyed = verify_file(built, path, key=True)
            assert (keyed.code == 0) == (session == built.assessment), keyed.line()


def test_there_are_twenty_five_distinct_record_edits() -> None:
    assert len({e.name for e in EDITS}) == len(EDITS) >= 25


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.name)
def test_record_edit_is_named_by_verify(built: Built, edit: RecordEdit, tmp_path: Path) -> None:
    unnamed = missed(edit, attempt(built, edit, tmp_path))
    assert not unnamed, f"{edit.name} not named (expected one of {edit.names}): {unnamed}"


def test_when_the_file_was_written_is_not_evidence(built: Built, tmp_path: Path) -> None:
    """`exported_at` says when this copy was written, not anything of the session: it is
    outside the seal (docs/record-schema.md), so changing it changes no evidence."""
    path = export_json(built, built.assessment, tmp_path / "record.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["record"]["exported_at"] = "2025-01-01T00:00:00.000Z"
    reseal_record(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert verify_file(built, path).code == 0
    assert verify_file(built, path, key=True).code == 0
