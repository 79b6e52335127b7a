"""Criteria coverage as CSV, across one or many sessions: which criterion was asked when,
what was decided, and where in which record the evidence is."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from tutor.banks.model import Bank
from tutor.export import sections as s
from tutor.export.record import Record, build_record
from tutor.store.queries import Store

COLUMNS = (
    "learner",
    "registration_number",
    "qualification",
    "unit",
    "unit_title",
    "criterion",
    "criterion_text",
    "decision",
    "reason",
    "decided_by",
    "machine_judgement",
    "machine_score",
    "date",
    "session",
    "mode",
    "evidence_reference",
    "session_digest",
)
# A cell a spreadsheet would run as a formula is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def learner_records(store: Store, learner: str, bank: Bank | None = None) -> list[Record]:
    """The records of every session of `learner`, oldest first."""
    sessions = store.list_sessions(learner)
    return [build_record(store, row["id"], bank) for row in reversed(sessions)]


def evidence_reference(record: Record, numbers: Sequence[int], answer_seqs: Sequence[int]) -> str:
    """'session 12, question 1, answers at turns 4 and 7'."""
    text = f"session {record.session_id}"
    if numbers:
        text += f", question {' and '.join(str(n) for n in numbers)}"
    if answer_seqs:
        text += f", {s.turns_phrase(tuple(answer_seqs))}"
    return text


def rows(records: Sequence[Record]) -> list[dict[str, str]]:
    """One row per criterion per session, ordered by unit, criterion and date."""
    out = []
    for record in records:
        titles = {u.ref: u.title for u in record.units}
        qualification = " ".join(
            p for p in (record.qualification_title, record.qualification_number) if p
        )
        for c in record.criteria:
            decision = c.decision
            out.append(
                {
                    "learner": record.learner,
                    "registration_number": record.registration_number or "",
                    "qualification": qualification,
                    "unit": c.unit_ref,
                    "unit_title": titles.get(c.unit_ref, ""),
                    "criterion": c.ref,
                    "criterion_text": c.text,
                    "decision": decision.decision if decision else "",
                    "reason": decision.reason if decision else "",
                    "decided_by": (decision.decided_by or "") if decision else "",
                    "machine_judgement": c.machine.judgement if c.machine else "",
                    "machine_score": f"{c.machine.score:.2f}" if c.machine else "",
                    "date": record.date,
                    "session": str(record.session_id),
                    "mode": record.mode,
                    "evidence_reference": evidence_reference(
                        record, c.question_numbers, c.answer_seqs
                    ),
                    "session_digest": record.session_digest,
                }
            )
    return sorted(out, key=lambda r: (r["unit"], _criterion_key(r["criterion"]), r["date"]))


def _criterion_key(ref: str) -> tuple[int, ...]:
    """'J/506/2132 1.10' sorts after '… 1.9'."""
    number = ref.rsplit(" ", 1)[-1]
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def render(records: Sequence[Record]) -> str:
    """The coverage of `records` as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(records):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()
