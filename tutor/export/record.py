"""The evidence record of one session: a pure model assembled from the store (and the bank).

`build_record` gathers everything a quality assurer asks of a record of professional
discussion or oral questioning: who, what, when, each question with its criterion, time and
the learner's answer in full, follow-ups, notes, the machine score beside the assessor's
decision per criterion, feedback, declarations, coverage and the session digest. The bank
only names things (unit titles, criterion wording, qualification title); everything that was
asked and said comes from the database, so a record stays complete after the bank changes.

The machine's reading of a criterion is the one stored with the latest answer to its question,
which judged every answer to it together (see `tutor.sessions.engine`); each answer also
keeps the machine's reading of it alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tutor.banks.model import Bank
from tutor.banks.names import criterion_words, qualification_named, record_names
from tutor.scoring.result import Score, label
from tutor.sessions import timing
from tutor.sessions.answers import criterion_result, given_answers
from tutor.sessions.engine import question_from_dict
from tutor.store import integrity
from tutor.store.model import StoredDecision, StoredOverride
from tutor.store.queries import Store, Transcript, Turn

ASSESSMENT_TITLE = "Record of professional discussion"
PRACTICE_TITLE = "Record of oral questioning (revision log)"
# How to check a record offline, as plain text and commands ({session}: the session's id);
# each format sets the commands its own way (code in Markdown and HTML).
VERIFY_INSTRUCTIONS: tuple[tuple[str, bool], ...] = (
    ("Anyone can check this record offline: run ", False),
    ("tutor verify FILE.json", True),
    (
        " on the JSON export (it recomputes every turn hash, the session digest and the record "
        "digest and names the first altered turn), or ",
        False,
    ),
    ("tutor verify {session}", True),
    (
        " against the tutor database it came from. The session digest printed here must match "
        "the one the database reports.",
        False,
    ),
)
# Turns that belong to the question they follow; the rest of the session's events are
# placed elsewhere in the record (notes, decisions, declarations, timeline).
_QUESTION_KINDS = frozenset(
    {
        "question",
        "answer",
        "feedback",
        "hint",
        "model_answer",
        "retry",
        "follow_up",
        "assessor_question",
        "skip",
        "timer",
    }
)
_OWN_SECTION = frozenset({"decision", "override", "declaration"})
ENTRY_LABELS = {
    "question": "Question",
    "answer": "Answer",
    "feedback": "Feedback shown",
    "hint": "Hint shown",
    "model_answer": "Model answer shown",
    "retry": "Asked again",
    "follow_up": "Follow-up question",
    "assessor_question": "Assessor's question",
    "skip": "Skipped",
    "timer": "Timer",
}


@dataclass(frozen=True)
class Override:
    """An assessor's judgement of one answer in place of the machine's."""

    seq: int
    answer_seq: int
    criterion: str
    judgement: str
    reason: str
    decided_by: str | None
    decided_at: str


@dataclass(frozen=True)
class Entry:
    """One turn inside a question: the answer, a follow-up, a hint shown …"""

    seq: int
    at: str
    kind: str
    actor: str
    text: str
    machine: Score | None = None
    override: Override | None = None

    @property
    def label(self) -> str:
        return ENTRY_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class QuestionBlock:
    """A planned question as asked, with every turn up to the next question."""

    number: int
    seq: int
    at: str
    criterion: str
    question_id: str
    question_hash: str
    text: str
    entries: tuple[Entry, ...] = ()

    @property
    def answers(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind == "answer")


@dataclass(frozen=True)
class Note:
    seq: int
    at: str
    actor: str
    text: str
    question_number: int | None
    criterion: str | None


@dataclass(frozen=True)
class Decision:
    """An assessor's decision on a criterion. `superseded` when a later one replaced it."""

    seq: int
    criterion: str
    decision: str
    reason: str
    overrides_machine: bool
    decided_by: str | None
    decided_at: str
    machine: Score | None
    superseded: bool = False

    @property
    def words(self) -> str:
        if self.decision == "pending":
            return f"{label(self.decision)} (no decision recorded)"
        return label(self.decision)


@dataclass(frozen=True)
class CriterionResult:
    """One criterion covered: what it says, where it was asked, the machine's reading of all
    the answers to its question and the assessor's decision that stands (None in practice)."""

    ref: str
    unit_ref: str
    criterion_id: str
    text: str
    verb: str
    question_numbers: tuple[int, ...]
    machine: Score | None
    answer_seqs: tuple[int, ...]  # the answer turns the machine's reading covers
    decision: Decision | None
    earlier_decisions: tuple[Decision, ...] = ()
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class Declaration:
    seq: int
    kind: str  # authenticity | countersign
    name: str
    statement: str
    at: str
    actor: str = ""  # who made it: the learner (authenticity) or the assessor

    @property
    def title(self) -> str:
        return {
            "authenticity": "Learner's authenticity declaration",
            "countersign": "Assessor's countersignature",
        }.get(self.kind, self.kind)


@dataclass(frozen=True)
class UnitInfo:
    ref: str
    title: str


@dataclass(frozen=True)
class Event:
    seq: int
    at: str
    kind: str
    actor: str
    text: str


@dataclass(frozen=True)
class Verification:
    """The transcript's own check at the moment of export."""

    ok: bool
    turns: int
    problem: str = ""


# The session details the digest covers (`integrity.HEADER_FIELDS` and `delivery`), and
# the record field each is kept in: one map, so a record and its JSON verify alike.
HEADER_SOURCE = {
    "id": "session_id",
    "learner": "learner",
    "assessor": "assessor",
    "centre": "centre",
    "mode": "mode",
    "planned_criteria": "planned_criteria",
    "started_at": "started_at",
    "delivery": "delivery",
    # Sealed sessions' digest covers these too (`integrity.SEALED_FIELDS`).
    "registration_number": "registration_number",
    "qualification": "qualification",
    "question_plan": "question_plan",
    "question_limit": "question_limit",
    "time_limit_seconds": "time_limit_seconds",
    "question_time_limit_seconds": "question_time_limit_seconds",
    "resit_of": "resit_of",
    "seal": "seal",
    "names": "names",
    # Not digested, but checked against the chain (`integrity.closed_record_holds`).
    "status": "status",
    "ended_at": "ended_at",
}


def digest_header(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The header `integrity.session_digest` takes, from a record's fields (or its JSON)."""
    header = {name: fields.get(source) for name, source in HEADER_SOURCE.items()}
    header["planned_criteria"] = list(header["planned_criteria"] or ())
    header["question_plan"] = [list(item) for item in header["question_plan"] or ()]
    return header


@dataclass(frozen=True)
class Record:
    """Everything a record of one session holds. Build it with `build_record`."""

    session_id: int
    title: str
    mode: str
    status: str
    learner: str
    registration_number: str | None
    centre: str | None
    assessor: str | None
    countersigned_by: str | None
    qualification_number: str | None
    qualification_title: str | None
    awarding_body: str | None
    units: tuple[UnitInfo, ...]
    planned_criteria: tuple[str, ...]
    started_at: str
    ended_at: str | None
    running_seconds: float
    elapsed_seconds: float
    delivery: str | None
    resit_of: int | None
    questions: tuple[QuestionBlock, ...]
    notes: tuple[Note, ...]
    criteria: tuple[CriterionResult, ...]
    feedback: str | None
    next_steps: str | None
    feedback_at: str | None
    declarations: tuple[Declaration, ...]
    timeline: tuple[Event, ...]
    session_digest: str
    verification: Verification
    turns: tuple[dict[str, Any], ...] = field(repr=False, default=())
    exported_at: str | None = None
    # The session's details as recorded (the digest covers them in a sealed session).
    qualification: str | None = None
    question_plan: tuple[tuple[str, str], ...] = ()
    question_limit: int | None = None
    time_limit_seconds: float | None = None
    question_time_limit_seconds: float | None = None
    seal: int = 1
    # Who signed the record with a key (`tutor keys`): each signature block, with its turn.
    signatures: tuple[dict[str, Any], ...] = ()
    # The stored content of each question asked or planned, by hash (exported beside the
    # transcript, so a record can be rebuilt from it to verify it).
    sources: dict[str, dict[str, Any]] = field(repr=False, default_factory=dict)
    # The unit titles, criterion wording and qualification sealed when the session started
    # (None for sessions from before they were).
    names: dict[str, Any] | None = None
    # Changes to the learner's details made after the session (amendments, never rewrites).
    amendments: tuple[dict[str, Any], ...] = ()

    @property
    def is_assessment(self) -> bool:
        return self.mode == "assessment"

    @property
    def asked_criteria(self) -> tuple[CriterionResult, ...]:
        """The criteria a question was asked on, or a decision recorded for."""
        return tuple(c for c in self.criteria if c.question_numbers or c.decision)

    @property
    def not_asked(self) -> tuple[CriterionResult, ...]:
        """Planned criteria this session never came to."""
        return tuple(c for c in self.criteria if not (c.question_numbers or c.decision))

    @property
    def date(self) -> str:
        return self.started_at[:10]

    @property
    def header(self) -> dict[str, Any]:
        """The session's details its digest covers (see `integrity.HEADER_FIELDS`)."""
        return digest_header({name: getattr(self, name) for name in HEADER_SOURCE.values()})

    def declaration(self, kind: str) -> Declaration | None:
        """The latest declaration of this kind."""
        found = [d for d in self.declarations if d.kind == kind]
        return found[-1] if found else None


def machine_json(score: Score) -> dict[str, Any]:
    """The machine's reading as a record's JSON holds it (docs/record-schema.md): the
    judgement, the points covered of the points needed, and each point with the words that
    matched it; `score` orders answers and is kept for calibration."""
    return {
        "score": score.score,
        "judgement": score.judgement.value,
        "points_covered": score.points_covered,
        "points_needed": score.points_needed,
        "tally": score.tally,
        "points": [
            {
                "point": p.text,
                "matched": p.matched,
                "words": [e.text for e in p.evidence],
                "similarity": p.similarity,
                "negated": p.negated,
                "answer_seq": p.answer,
            }
            for p in score.points
        ],
        "missed": list(score.missed),
        "parroted": score.parroted,
    }


def _seconds(start: str, end: str) -> float:
    return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds())


def build_record(
    store: Store, session_id: int, bank: Bank | None = None, *, exported_at: str | None = None
) -> Record:
    """Assemble the record of `session_id` from the store; `bank` names units and criteria."""
    return assemble(store.transcript(session_id), bank, exported_at=exported_at)


def assemble(
    transcript: Transcript,
    bank: Bank | None = None,
    *,
    exported_at: str | None = None,
    words: Mapping[str, tuple[str, str]] | None = None,
) -> Record:
    """The record of a session from everything stored of it, read at one moment. `words`
    names criteria (ref -> text, verb) where there is no bank: an exported record rebuilt
    to verify it names them as it did."""

    session = transcript.session
    # The names sealed when the session started; for older sessions, the bank's now.
    names = session.get("names") or (
        record_names(bank, session["planned_criteria"], session["qualification"])
        if bank is not None
        else {
            "units": {},
            "criteria": {},
            "qualification": qualification_named(session["qualification"], None),
        }
    )

    def named(ref: str) -> tuple[str, str]:
        if words is not None:
            return words.get(ref, ("", ""))
        found = names["criteria"].get(ref)
        return (found[0], found[1]) if found else criterion_words(ref, bank)

    session, turns = transcript.session, transcript.turns
    session_id = session["id"]
    overrides = [_override(stored) for stored in transcript.overrides]
    checked = transcript.verification
    question_ids = {
        digest: transcript.questions.get(digest, {}).get("id", "")
        for digest in {t.question_hash for t in turns if t.kind == "question" and t.question_hash}
    }
    questions, notes, timeline = _arrange(turns, overrides, question_ids)
    decisions = _decisions(transcript.decisions)
    actors = {t.seq: t.actor for t in turns}
    declarations = tuple(
        Declaration(d.turn_seq, d.kind, d.name, d.statement, d.at, actors.get(d.turn_seq, ""))
        for d in transcript.declarations
    )
    readings = {
        q.criterion: _criterion_reading(transcript, q.criterion, named(q.criterion)[1])
        for q in questions
    }
    criteria = _criteria(
        session["planned_criteria"], questions, decisions, overrides, readings, named
    )
    # The chain says whether and when the session ended, never a column.
    chain = [t.to_dict() for t in turns]
    status, ended_at = integrity.chain_status(chain)
    ended = ended_at or (turns[-1].at if turns else session["started_at"])
    events = [(t.kind, datetime.fromisoformat(t.at)) for t in turns]
    feedback_turns = [t for t in turns if t.kind == "feedback" and t.actor == "assessor"]
    qualification = tuple(names["qualification"])
    countersign = [d for d in declarations if d.kind == "countersign"]
    return Record(
        session_id=session_id,
        title=ASSESSMENT_TITLE if session["mode"] == "assessment" else PRACTICE_TITLE,
        mode=session["mode"],
        status=status,
        learner=session["learner"],
        registration_number=session["registration_number"],
        centre=session["centre"],
        assessor=session["assessor"],
        countersigned_by=countersign[-1].name if countersign else None,
        qualification_number=qualification[0],
        qualification_title=qualification[1],
        awarding_body=qualification[2],
        units=tuple(
            UnitInfo(ref, names["units"].get(ref, ""))
            for ref in dict.fromkeys(c.split(" ", 1)[0] for c in session["planned_criteria"])
        ),
        planned_criteria=tuple(session["planned_criteria"]),
        started_at=session["started_at"],
        ended_at=ended_at,
        running_seconds=timing.active_seconds(
            events,
            datetime.fromisoformat(ended),
            interruptions_count=session["mode"] == "assessment",
        ),
        elapsed_seconds=_seconds(session["started_at"], ended),
        # Face to face or remote: the engine does not record it yet, so the record says so.
        delivery=session.get("delivery"),
        resit_of=session["resit_of"],
        questions=questions,
        notes=notes,
        criteria=criteria,
        feedback=session["feedback"],
        next_steps=session["next_steps"],
        feedback_at=feedback_turns[-1].at if feedback_turns else None,
        declarations=declarations,
        timeline=timeline,
        session_digest=session["digest"],
        verification=Verification(checked.ok, checked.turns, checked.problem),
        turns=tuple(_stored_turn(t) for t in turns),
        exported_at=exported_at,
        qualification=session["qualification"],
        question_plan=tuple((c, h) for c, h in session["question_plan"]),
        question_limit=session["question_limit"],
        time_limit_seconds=session["time_limit_seconds"],
        question_time_limit_seconds=session["question_time_limit_seconds"],
        seal=session.get("seal") or 1,
        signatures=tuple(integrity.signers(chain)),
        sources=dict(transcript.questions),
        names=names if session.get("names") else None,
        amendments=transcript.amendments,
    )


def _stored_turn(turn: Turn) -> dict[str, Any]:
    """A turn as the chain hashed it (every field `integrity.turn_hash` covers, and the
    hashes)."""
    out = turn.to_dict()
    out.pop("session_id")
    return out


def _override(stored: StoredOverride) -> Override:
    return Override(
        seq=stored.turn_seq,
        answer_seq=stored.answer_seq,
        criterion=stored.criterion or "",
        judgement=stored.judgement,
        reason=stored.reason,
        decided_by=stored.decided_by,
        decided_at=stored.decided_at,
    )


def _arrange(
    turns: Sequence[Turn], overrides: Sequence[Override], question_ids: dict[str, str]
) -> tuple[tuple[QuestionBlock, ...], tuple[Note, ...], tuple[Event, ...]]:
    """Group turns under the question they follow; notes and session events apart."""
    by_answer = {o.answer_seq: o for o in overrides}  # the latest override of an answer stands
    blocks: list[QuestionBlock] = []
    entries: list[Entry] = []
    notes: list[Note] = []
    timeline: list[Event] = []

    def close() -> None:
        if blocks:
            blocks[-1] = _with_entries(blocks[-1], entries)
        entries.clear()

    for turn in turns:
        if turn.kind == "question":
            close()
            blocks.append(
                QuestionBlock(
                    number=len(blocks) + 1,
                    seq=turn.seq,
                    at=turn.at,
                    criterion=turn.criterion or "",
                    question_id=question_ids.get(turn.question_hash or "", ""),
                    question_hash=turn.question_hash or "",
                    text=turn.text,
                )
            )
        elif turn.kind == "note":
            number = blocks[-1].number if blocks else None
            notes.append(Note(turn.seq, turn.at, turn.actor, turn.text, number, turn.criterion))
        elif turn.kind in _OWN_SECTION or (turn.kind == "feedback" and turn.actor == "assessor"):
            continue  # decisions, overrides, declarations and closing feedback have sections
        elif turn.kind in _QUESTION_KINDS and blocks:
            entries.append(
                Entry(
                    seq=turn.seq,
                    at=turn.at,
                    kind=turn.kind,
                    actor=turn.actor,
                    text=turn.text,
                    machine=turn.score if turn.kind == "answer" else None,
                    override=by_answer.get(turn.seq),
                )
            )
        else:
            timeline.append(Event(turn.seq, turn.at, turn.kind, turn.actor, turn.text))
    close()
    return tuple(blocks), tuple(notes), tuple(timeline)


def _with_entries(block: QuestionBlock, entries: list[Entry]) -> QuestionBlock:
    return QuestionBlock(
        block.number,
        block.seq,
        block.at,
        block.criterion,
        block.question_id,
        block.question_hash,
        block.text,
        tuple(entries),
    )


def _decisions(stored: Sequence[StoredDecision]) -> list[Decision]:
    latest = {d.criterion: d.turn_seq for d in stored}
    return [
        Decision(
            seq=d.turn_seq,
            criterion=d.criterion,
            decision=d.decision,
            reason=d.reason,
            overrides_machine=d.overrides_machine,
            decided_by=d.decided_by,
            decided_at=d.decided_at,
            machine=d.machine,
            superseded=latest[d.criterion] != d.turn_seq,
        )
        for d in stored
    ]


def _criterion_reading(
    transcript: Transcript, ref: str, verb: str
) -> tuple[Score | None, tuple[int, ...]]:
    """The machine's reading of all the answers to the question last asked on `ref`, and
    the answer turns it covers."""
    answers = [a.turn for a in given_answers(transcript.turns, ref)]
    digest = answers[-1].question_hash if answers else None
    stored = transcript.questions.get(digest) if digest else None
    rubric = question_from_dict(stored).rubric if stored else None
    result = criterion_result(answers, rubric, verb)
    seqs = tuple(a.seq for a in answers if a.score)
    return result, seqs


def _criteria(
    planned: Sequence[str],
    questions: Sequence[QuestionBlock],
    decisions: Sequence[Decision],
    overrides: Sequence[Override],
    readings: Mapping[str, tuple[Score | None, tuple[int, ...]]],
    named: Callable[[str], tuple[str, str]],
) -> tuple[CriterionResult, ...]:
    """Every planned criterion, then any other asked or decided, in that order."""
    order = list(
        dict.fromkeys(
            [*planned, *(q.criterion for q in questions), *(d.criterion for d in decisions)]
        )
    )
    out = []
    for ref in order:
        if not ref:
            continue
        asked = [q for q in questions if q.criterion == ref]
        machine, answer_seqs = readings.get(ref, (None, ()))
        own = [d for d in decisions if d.criterion == ref]
        standing = [d for d in own if not d.superseded]
        unit_ref, criterion_id = ref.split(" ", 1) if " " in ref else (ref, "")
        text, verb = named(ref)
        out.append(
            CriterionResult(
                ref=ref,
                unit_ref=unit_ref,
                criterion_id=criterion_id,
                text=text,
                verb=verb,
                question_numbers=tuple(q.number for q in asked),
                machine=machine,
                answer_seqs=answer_seqs,
                decision=standing[-1] if standing else None,
                earlier_decisions=tuple(d for d in own if d.superseded),
                overrides=tuple(o for o in overrides if o.criterion == ref),
            )
        )
    return tuple(out)
