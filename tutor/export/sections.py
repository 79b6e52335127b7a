"""The words of a record, shared by every format: labels, rows and sentences as plain text.

Each renderer (Markdown, HTML, PDF) lays these out and escapes them its own way, so the
three formats say the same things in the same order. Text typed by a learner or assessor is
passed through `shown` or `one_line`, which make every control and invisible character
(a right-to-left override, a zero-width space …) visible as an escape, as the chat does.
"""

from __future__ import annotations

from datetime import datetime

from tutor.export.record import (
    VERIFY_INSTRUCTIONS,
    CriterionResult,
    Decision,
    Entry,
    Override,
    Record,
)
from tutor.scoring.result import Score, label
from tutor.sessions.timing import format_seconds
from tutor.text import one_line, visible

NOT_RECORDED = "not recorded"


def shown(text: str) -> str:
    """Typed text for a record: line breaks and tabs kept, other control and invisible
    characters escaped."""
    return visible(text.replace("\r\n", "\n"))


def when(at: str | None) -> str:
    """'2 Nov 2026 09:00:30 UTC'."""
    if not at:
        return NOT_RECORDED
    moment = datetime.fromisoformat(at)
    return f"{moment.day} {moment:%b %Y %H:%M:%S} UTC"


def clock(at: str | None) -> str:
    """'09:00:30'."""
    return datetime.fromisoformat(at).strftime("%H:%M:%S") if at else NOT_RECORDED


def long_date(at: str) -> str:
    moment = datetime.fromisoformat(at)
    return f"{moment.day} {moment:%B %Y}"


def judgement(value: str) -> str:
    """A judgement or decision in running text: 'partly met'."""
    return label(value).lower()


def turns_phrase(seqs: tuple[int, ...]) -> str:
    """'answer at turn 5', 'answers at turns 5 and 8'."""
    if len(seqs) == 1:
        return f"answer at turn {seqs[0]}"
    return f"answers at turns {', '.join(str(n) for n in seqs[:-1])} and {seqs[-1]}"


def units_line(record: Record) -> str:
    return "; ".join(f"{u.ref} {u.title}".strip() for u in record.units) or NOT_RECORDED


def unit_refs(record: Record) -> str:
    return ", ".join(u.ref for u in record.units)


def qualification_line(record: Record) -> str:
    parts = [record.qualification_title or "", f"({record.qualification_number})"]
    if not record.qualification_number:
        parts[1] = ""
    text = " ".join(p for p in parts if p)
    if record.awarding_body:
        text += f", {record.awarding_body}"
    return one_line(text) or NOT_RECORDED


def mode_line(record: Record) -> str:
    kind = (
        "Assessment (professional discussion, assessor present)"
        if record.is_assessment
        else "Practice (learner alone; revision, not assessment evidence)"
    )
    delivery = record.delivery or NOT_RECORDED
    return f"{kind}; delivery (face to face / remote): {delivery}"


def duration_line(record: Record) -> str:
    text = f"{format_seconds(record.running_seconds)} running time"
    if round(record.elapsed_seconds) != round(record.running_seconds):
        text += f" ({format_seconds(record.elapsed_seconds)} start to end, pauses excluded)"
    return text


def details(record: Record) -> list[tuple[str, str]]:
    """The record's header: who, what, when."""
    status = record.status if record.status == "ended" else f"{record.status} (not ended)"
    rows = [
        ("Learner", one_line(record.learner)),
        ("Registration number", one_line(record.registration_number or NOT_RECORDED)),
        ("Centre", one_line(record.centre or NOT_RECORDED)),
        (
            "Assessor",
            one_line(
                record.assessor or ("none (practice)" if not record.is_assessment else NOT_RECORDED)
            ),
        ),
        ("Countersigning assessor", one_line(record.countersigned_by or NOT_RECORDED)),
        ("Qualification", qualification_line(record)),
        ("Units", one_line(units_line(record))),
        ("Criteria planned", ", ".join(record.planned_criteria) or NOT_RECORDED),
        ("Date", long_date(record.started_at)),
        ("Start", when(record.started_at)),
        ("End", when(record.ended_at)),
        ("Duration", duration_line(record)),
        ("Mode", mode_line(record)),
        ("Status", status),
        ("Session", str(record.session_id)),
    ]
    for amendment in record.amendments:
        rows.append(
            (
                "Amended later",
                one_line(
                    f"{str(amendment.get('field')).replace('_', ' ')} changed from "
                    f"{amendment.get('old_value') or 'none'} to {amendment.get('new_value')}, "
                    f"{when(str(amendment.get('at')))}"
                ),
            )
        )
    for signature in record.signatures:
        rows.append(
            (
                "Signed",
                one_line(
                    f"{signature.get('signer')}, key {signature.get('fingerprint')}, "
                    f"{when(str(signature.get('signed_at')))}"
                ),
            )
        )
    if record.resit_of:
        rows.append(("Re-sit of session", str(record.resit_of)))
    if record.exported_at:
        rows.append(("Exported", when(record.exported_at)))
    return rows


def coverage_header(record: Record) -> tuple[str, ...]:
    last = "Decision" if record.is_assessment else "Machine judgement (practice)"
    return ("Criterion", "What it asks", "Questions", last)


def coverage_rows(record: Record) -> list[tuple[str, str, str, str]]:
    """Each criterion asked (or decided): what it asks, how many questions were asked on
    it, and the outcome. The criteria not asked are one line (`not_covered_line`)."""
    rows = []
    for c in record.asked_criteria:
        if record.is_assessment:
            outcome = _no_decision(record, c) if c.decision is None else c.decision.words
            outcome += " (overrides machine)" if _overrides(c) else ""
        else:
            outcome = reading(c.machine) if c.machine else "no scored answer"
        rows.append(
            (
                c.ref,
                one_line(c.text) or "(wording not in the current bank)",
                str(len(c.question_numbers)),
                outcome,
            )
        )
    return rows


def not_covered_line(record: Record) -> str | None:
    """'Not covered in this session: J/506/2132 1.3, 1.4.' (None when every planned
    criterion was asked)."""
    refs = [c.ref for c in record.not_asked]
    if not refs:
        return None
    return f"Not covered in this session: {', '.join(refs)}."


def _no_decision(record: Record, c: CriterionResult) -> str:
    if not record.is_assessment:
        return "no decision (practice)"
    return "no decision recorded" if c.question_numbers else "not asked, no decision"


def _overrides(c: CriterionResult) -> bool:
    return c.decision is not None and c.decision.overrides_machine


def question_heading(number: int, criterion: str, at: str) -> str:
    return f"Question {number} — {criterion} — asked {clock(at)}"


def entry_heading(entry: Entry) -> str:
    """'Answer (learner, 09:02:05, turn 3)'."""
    return f"{entry.label} ({entry.actor}, {clock(entry.at)}, turn {entry.seq})"


def reading(machine: Score) -> str:
    """The machine's reading in running text: 'partly met · 2 of 3 points'."""
    return f"{judgement(machine.judgement)} · {machine.tally}"


def evidence_line(machine: Score, *, by_turn: bool = False) -> str:
    """Points matched with the words that matched them (and, `by_turn`, the answer that
    said them), and points missed."""
    matched = []
    for p in machine.points:
        if not p.matched:
            continue
        words = [one_line(e.text) for e in p.evidence]
        text = f"{p.text} ← “{', '.join(words)}”" if words else p.text
        if by_turn and p.answer is not None:
            text += f" (turn {p.answer})"
        matched.append(text)
    text = f"Points matched: {'; '.join(matched) if matched else 'none'}."
    if machine.missed:
        text += f" Missed: {'; '.join(machine.missed)}."
    if machine.parroted:
        text += " The answer mostly repeated the question."
    return text


def machine_line(machine: Score | None) -> str:
    """The machine's reading of one answer alone."""
    if machine is None:
        return "Machine, this answer: not scored (the answer could not be scored)."
    return f"Machine, this answer: {reading(machine)}. {evidence_line(machine)}"


def override_line(override: Override, machine: Score | None) -> str:
    before = judgement(machine.judgement) if machine else "unscored"
    return (
        f"OVERRIDDEN by {one_line(override.decided_by or '')} at {when(override.decided_at)} "
        f"(turn {override.seq}): judged {judgement(override.judgement)} in place of the "
        f"machine's {before}. Reason: {one_line(override.reason)}"
    )


def decision_line(decision: Decision) -> str:
    text = f"{decision.words}"
    if decision.overrides_machine:
        text += " — OVERRIDES the machine's judgement"
    return text


def decided_line(decision: Decision) -> str:
    return (
        f"{one_line(decision.decided_by or '')}, {when(decision.decided_at)}, turn {decision.seq}"
    )


def judgement_rows(record: Record, c: CriterionResult) -> list[tuple[str, str, str]]:
    """(aspect, machine, assessor): the machine's reading beside the assessor's decision."""
    machine = c.machine
    decision = c.decision
    no_decision = _no_decision(record, c)
    several = len(c.answer_seqs) > 1
    return [
        (
            "Judgement",
            reading(machine) if machine else "no scored answer",
            decision_line(decision) if decision else no_decision,
        ),
        (
            "Evidence and reason",
            evidence_line(machine, by_turn=several) if machine else "—",
            one_line(decision.reason) if decision else "—",
        ),
        (
            "Source",
            f"{'all ' if several else 'the '}{turns_phrase(c.answer_seqs)}"
            if c.answer_seqs
            else "—",
            decided_line(decision) if decision else "—",
        ),
    ]


def criterion_title(c: CriterionResult) -> str:
    return f"{c.ref} — {one_line(c.text)}" if c.text else c.ref


def earlier_lines(c: CriterionResult) -> list[str]:
    return [
        f"Superseded: {d.words} — {one_line(d.reason)} ({decided_line(d)})"
        for d in c.earlier_decisions
    ]


def answer_override_lines(c: CriterionResult) -> list[str]:
    return [
        f"Answer at turn {o.answer_seq} judged {judgement(o.judgement)} by "
        f"{one_line(o.decided_by or '')} ({when(o.decided_at)}): {one_line(o.reason)}"
        for o in c.overrides
    ]


DECLARATION_HEADER = ("Declaration", "Statement", "Made by", "When")


def declaration_rows(record: Record) -> list[tuple[str, str, str, str]]:
    """(declaration, statement, who made it, when), with the missing ones said so."""
    rows = []
    for kind, title in (
        ("authenticity", "Learner's authenticity declaration"),
        ("countersign", "Assessor's countersignature"),
    ):
        found = record.declaration(kind)
        if found:
            who = f"{one_line(found.name)} ({found.actor or 'name typed'})"
            rows.append((title, found.statement, who, when(found.at)))
        else:
            rows.append((title, "not signed", "—", "—"))
    return rows


def timeline_line(seq: int, at: str, kind: str, actor: str, text: str) -> str:
    return f"{clock(at)} {kind} ({actor}, turn {seq}): {one_line(text)}"


def verification_line(record: Record) -> str:
    v = record.verification
    if v.ok:
        return (
            f"Transcript checked at export: intact ({v.turns} turns, hash chain and digest hold)."
        )
    return f"Transcript checked at export: ALTERED — {v.problem}."


def verify_parts(record: Record) -> list[tuple[str, bool]]:
    """How to check the record offline: (text, is a command) in order, for formats that set
    commands apart."""
    return [(text.format(session=record.session_id), code) for text, code in VERIFY_INSTRUCTIONS]


def verify_instructions(record: Record) -> str:
    """The same as plain text."""
    return "".join(text for text, _ in verify_parts(record))


def header_line(record: Record) -> str:
    """The running header of a printed page: learner, units, date."""
    units = unit_refs(record) or "no unit"
    return f"{one_line(record.learner)} · {units} · {long_date(record.started_at)}"
