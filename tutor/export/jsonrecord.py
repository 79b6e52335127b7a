"""A record as JSON for e-portfolio import, and its offline verification.

The document (schema "tutor-record/1", see docs/record-schema.md) holds the structured
record, the transcript with every turn's hash, and an integrity block: the session digest
and a record digest over everything else. `verify_record_file` needs only the file and
`tutor.store.integrity`, the one home of the hashing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from tutor.export.record import HEADER_SOURCE, Record, digest_header, machine_json
from tutor.scoring.result import Score
from tutor.store import integrity
from tutor.store.model import (
    StoredDecision,
    StoredDeclaration,
    StoredOverride,
    Turn,
    TurnKind,
)

SCHEMA = "tutor-record/1"
ALGORITHM = "sha256"
CANONICAL = "JSON, keys sorted, no spaces, UTF-8 (tutor.store.integrity.canonical_json)"
_NOT_A_RECORD = f"is not a tutor record (expected schema {SCHEMA!r})"


@dataclass(frozen=True)
class RecordCheck:
    """The outcome of verifying an exported record. `is_record` is False when the file could
    not be read as a tutor record at all (unreadable, not JSON, another kind of document)."""

    ok: bool
    problem: str = ""
    first_bad_turn: int | None = None
    is_record: bool = True
    signers: tuple[dict[str, Any], ...] = ()  # who signed it (checked), when it holds


def record_document(record: Record) -> dict[str, Any]:
    """The JSON document of a record, integrity block included."""
    body = _plain(record)
    transcript = body.pop("turns")
    questions = body.pop("sources")
    body["is_assessment"] = record.is_assessment
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "record": body,
        "transcript": transcript,
        "questions": questions,
    }
    doc["integrity"] = _seal(doc, record.session_digest)
    return doc


def _plain(value: Any) -> Any:
    """A record's dataclasses as JSON-ready dicts and lists; a machine score in the shape
    the schema documents (`machine_json`)."""
    if isinstance(value, Score):
        return machine_json(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _seal(doc: dict[str, Any], session_digest: str) -> dict[str, Any]:
    """The integrity block of a document (any `integrity` already in it is ignored)."""
    return {
        "algorithm": ALGORITHM,
        "canonical_json": CANONICAL,
        "session_digest": session_digest,
        "record_digest": _digest({k: v for k, v in doc.items() if k != "integrity"}),
        "sections": _sections(doc),
    }


def render(record: Record) -> str:
    """The record as JSON text."""
    return json.dumps(record_document(record), ensure_ascii=False, indent=2) + "\n"


def _digest(value: Any) -> str:
    return integrity.sha256_text(integrity.canonical_json(value))


def _sections(doc: dict[str, Any]) -> dict[str, str]:
    """A digest per part, so a failed check can say which part was altered."""
    out = {"schema": _digest(doc["schema"]), "transcript": _digest(doc["transcript"])}
    out.update({f"record.{k}": _digest(v) for k, v in doc["record"].items()})
    return out


# --- verification -----------------------------------------------------------------------


def verify_record_file(path: Path | str, public_key: bytes | None = None) -> RecordCheck:
    """Check an exported JSON record offline: every turn's hash, the session digest, the
    structured record against the transcript, and the record digest."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return RecordCheck(False, f"cannot be read ({exc.strerror or exc})", is_record=False)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return RecordCheck(False, f"is not valid JSON ({exc}), so it was altered or damaged")
    except RecursionError:
        # A record nests a few levels deep; this would exhaust Python's stack to read.
        return RecordCheck(
            False, "is not a tutor record: its JSON nests far too deep", is_record=False
        )
    return verify_document(doc, public_key)


def verify_document(doc: Any, public_key: bytes | None = None) -> RecordCheck:
    """`verify_record_file` on an already-parsed document. With `public_key`, the record
    must also be signed by that key (and not changed since)."""
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        return RecordCheck(False, _NOT_A_RECORD, is_record=False)
    try:
        return _verify(doc, public_key)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return RecordCheck(False, f"its structure was altered ({type(exc).__name__}: {exc})")
    except RecursionError:
        return RecordCheck(False, "its structure was altered (it nests far too deep)")


def _verify(doc: dict[str, Any], public_key: bytes | None = None) -> RecordCheck:
    record, turns, seal = doc["record"], doc["transcript"], doc.get("integrity")
    if not isinstance(seal, dict):
        return RecordCheck(False, "it has no integrity block")
    digest = seal.get("session_digest")
    if digest != record["session_digest"]:
        return RecordCheck(False, "its session digest was altered")
    header = digest_header(record)
    broken = integrity.verify_transcript(header, turns, digest) or integrity.signatures_hold(
        header, turns, public_key
    )
    if broken is not None:
        return RecordCheck(False, broken.problem, broken.seq)
    signers = integrity.signers(turns)
    if [dict(s) for s in record.get("signatures") or ()] != signers:
        return RecordCheck(False, "the record's list of signatures does not match its turns")
    if public_key is not None and not signers:
        return RecordCheck(False, "it is not signed, so no key can vouch for it")
    mismatch = _against_transcript(record, {t["seq"]: t for t in turns})
    if mismatch:
        return RecordCheck(False, mismatch[1], mismatch[0])
    if "questions" in doc:  # records exported before this carry no sources to rebuild from
        differs = _against_rebuilt(doc)
        if differs:
            return RecordCheck(False, differs)
    sealed = _seal(doc, digest)
    if sealed["record_digest"] != seal.get("record_digest"):
        sections = seal.get("sections") or {}
        altered = [k for k, v in sealed["sections"].items() if sections.get(k) != v]
        if altered and len(altered) < len(sealed["sections"]):
            return RecordCheck(False, f"the record's {', '.join(altered)} was altered")
        return RecordCheck(False, "the record's digest does not match its content")
    altered = [k for k, v in sealed.items() if seal.get(k) != v]
    if altered or len(seal) != len(sealed):
        names = ", ".join(altered) or "its keys"
        return RecordCheck(False, f"the integrity block ({names}) was altered")
    return RecordCheck(True, signers=tuple(signers))


def _against_transcript(
    record: dict[str, Any], turns: dict[int, dict[str, Any]]
) -> tuple[int, str] | None:
    """The first item of the structured record that differs from the turn it came from."""

    def text_of(seq: int, kind: str, text: str, what: str) -> tuple[int, str] | None:
        turn = turns.get(seq)
        if turn is None or turn["kind"] != kind or turn["text"] != text:
            return seq, f"{what} (turn {seq}) does not match the transcript: it was altered"
        return None

    def fields_of(seq: int, kind: str, item: dict[str, Any], what: str) -> tuple[int, str] | None:
        turn = turns.get(seq)
        if turn is None or turn["kind"] != kind:
            return seq, f"{what} (turn {seq}) has no matching turn: it was altered"
        vouched = json.loads(turn["text"])
        if any(item.get(name) != value for name, value in vouched.items()):
            return seq, f"{what} (turn {seq}) does not match the transcript: it was altered"
        return None

    checks: list[tuple[int, str] | None] = []
    for block in record["questions"]:
        n = block["number"]
        checks.append(text_of(block["seq"], "question", block["text"], f"question {n}"))
        for entry in block["entries"]:
            what = f"the {entry['kind'].replace('_', ' ')} in question {n}"
            checks.append(text_of(entry["seq"], entry["kind"], entry["text"], what))
            score = turns.get(entry["seq"], {}).get("score")
            if entry["machine"] and (not score or score["score"] != entry["machine"]["score"]):
                checks.append((entry["seq"], f"the machine score of {what} was altered"))
            if entry["override"]:
                override = entry["override"]
                checks.append(fields_of(override["seq"], "override", override, "an override"))
    for note in record["notes"]:
        checks.append(text_of(note["seq"], "note", note["text"], "a note"))
    for criterion in record["criteria"]:
        decisions = [criterion["decision"], *criterion["earlier_decisions"]]
        for decision in filter(None, decisions):
            what = f"the decision on {criterion['ref']}"
            checks.append(fields_of(decision["seq"], "decision", decision, what))
    for declaration in record["declarations"]:
        checks.append(fields_of(declaration["seq"], "declaration", declaration, "a declaration"))
    return next((c for c in checks if c), None)


# Parts of a record that come from the question bank at export time, not from the session:
# the rebuilt record takes them from the record itself, so they are not evidence.
_FROM_BANK = ("units", "qualification_number", "qualification_title", "awarding_body")


def _against_rebuilt(doc: dict[str, Any]) -> str | None:
    """Rebuild the record from the transcript, the session's sealed details and the
    questions asked, and name the first field of the exported record that differs."""
    from tutor.export.record import assemble
    from tutor.store.queries import Transcript, Verification
    from tutor.store.transaction import feedback_text, turn_from_row

    record, turns = doc["record"], doc["transcript"]
    questions = doc["questions"]
    for digest, content in questions.items():
        if not integrity.question_matches(digest, content):
            return f"the question {digest[:12]}… (its text or rubric) was altered"
    session = {name: record.get(source) for name, source in HEADER_SOURCE.items()}
    session.update(
        id=record["session_id"],
        question_plan=[list(item) for item in record.get("question_plan") or ()],
        planned_criteria=list(record.get("planned_criteria") or ()),
        feedback=record.get("feedback"),
        next_steps=record.get("next_steps"),
        digest=record["session_digest"],
        names=record.get("names"),
    )
    rows = [
        {
            **turn,
            "session_id": record["session_id"],
            "score": integrity.canonical_json(turn["score"]) if turn.get("score") else None,
            "timing": integrity.canonical_json(turn["timing"]) if turn.get("timing") else None,
        }
        for turn in turns
    ]
    typed = tuple(turn_from_row(row) for row in rows)
    transcript = Transcript(
        session=session,
        turns=typed,
        decisions=tuple(_decisions_from(typed)),
        overrides=tuple(_overrides_from(typed)),
        declarations=tuple(_declarations_from(typed)),
        questions=questions,
        verification=Verification(record["session_id"], len(turns), True),
    )
    words = (
        {c["ref"]: (c["text"], c["verb"]) for c in record.get("criteria") or ()}
        if record.get("names") is None
        else None
    )
    rebuilt = record_document(
        assemble(transcript, None, exported_at=record.get("exported_at"), words=words)
    )["record"]
    if record.get("names") is None:  # sealed before names were: as the bank gave them
        for name in _FROM_BANK:
            rebuilt[name] = record.get(name)
    _legacy_machines(rebuilt, record, typed)
    # Amendments came after the session, outside its seal (see `tutor verify --all`).
    rebuilt["amendments"] = record.get("amendments", [])
    where = _first_difference(record, rebuilt, "")
    if where is not None:
        return f"the record's {where} does not match its transcript: it was altered"
    if record.get("feedback") is not None or record.get("next_steps") is not None:
        given = [t for t in turns if t.get("kind") == "feedback" and t.get("actor") == "assessor"]
        expected = given[-1]["text"] if given else None
        text = feedback_text(record.get("feedback") or "", record.get("next_steps") or "")
        if text != expected:
            return "the record's feedback does not match its transcript: it was altered"
    return None


def _decisions_from(turns: Sequence[Turn]) -> list[StoredDecision]:
    """The decisions as their turns record them, each with the machine score its turn keeps
    (sealed sessions; None for older ones, see `_legacy_machines`)."""
    return [
        StoredDecision.of(json.loads(t.text), turn_seq=t.seq, machine=t.score)
        for t in turns
        if t.kind == TurnKind.DECISION
    ]


def _legacy_machines(
    rebuilt: dict[str, Any], record: dict[str, Any], turns: Sequence[Turn]
) -> None:
    """Decisions made before sealing keep their machine score beside the turn, not in it:
    the rebuilt record takes those from the record (they are not evidence)."""
    legacy = {t.seq for t in turns if t.kind == TurnKind.DECISION and t.score is None}
    if not legacy:
        return

    def decisions(doc: dict[str, Any]) -> dict[int, dict[str, Any]]:
        return {
            d["seq"]: d
            for c in doc.get("criteria") or ()
            for d in [c.get("decision"), *(c.get("earlier_decisions") or ())]
            if d
        }

    shown = decisions(record)
    for seq, decision in decisions(rebuilt).items():
        if seq in legacy and seq in shown:
            decision["machine"] = shown[seq].get("machine")


def _overrides_from(turns: Sequence[Turn]) -> list[StoredOverride]:
    """The overrides as their turns record them, each with the overridden answer's score."""
    answers = {t.seq: t for t in turns if t.kind == TurnKind.ANSWER}
    out = []
    for turn in turns:
        if turn.kind == TurnKind.OVERRIDE:
            fields = json.loads(turn.text)
            answer = answers.get(fields["answer_seq"])
            machine = answer.score if answer else None
            out.append(StoredOverride.of(fields, turn_seq=turn.seq, machine=machine))
    return out


def _declarations_from(turns: Sequence[Turn]) -> list[StoredDeclaration]:
    return [
        StoredDeclaration.of(json.loads(t.text), turn_seq=t.seq)
        for t in turns
        if t.kind == TurnKind.DECLARATION
    ]


def _first_difference(shown: Any, rebuilt: Any, path: str) -> str | None:
    """Where a record first differs from the record rebuilt from its transcript, as a path
    a reader can follow ("criteria[1].decision.machine"); None when they agree."""
    if isinstance(shown, dict) and isinstance(rebuilt, dict):
        for key in sorted(set(shown) | set(rebuilt)):
            found = _first_difference(shown.get(key), rebuilt.get(key), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(shown, list) and isinstance(rebuilt, list) and len(shown) == len(rebuilt):
        for index, (a, b) in enumerate(zip(shown, rebuilt, strict=True)):
            found = _first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    return path.lstrip(".") if shown != rebuilt else None
