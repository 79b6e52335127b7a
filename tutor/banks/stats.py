"""Coverage counts per qualification: how much of it the bank can question a learner on."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from tutor.banks.model import Bank, Criterion, OutcomeKind, Unit


@dataclass(frozen=True)
class Coverage:
    number: str
    title: str
    units: int = 0
    missing_units: int = 0
    outcomes: int = 0
    criteria: int = 0
    knowledge_criteria: int = 0
    target_criteria: int = 0
    with_question: int = 0
    with_rubric: int = 0
    complete: int = 0
    # Question security: target criteria with a question kept for assessments (never
    # practised) beside one to practise on, and how many such questions there are.
    with_assessment_only: int = 0
    assessment_only_questions: int = 0

    @property
    def percent_complete(self) -> float:
        return 100.0 * self.complete / self.target_criteria if self.target_criteria else 100.0

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "percent_complete": round(self.percent_complete, 1)}


def is_complete(criterion: Criterion) -> bool:
    """A question with a rubric of 3+ points, a model answer, follow-ups and a hint."""
    return any(
        len(q.rubric.points) >= 3 and q.model_answer and q.follow_ups and q.hint
        for q in criterion.questions
    )


def _count(number: str, title: str, units: list[Unit], missing: int) -> Coverage:
    counts = dict.fromkeys(
        (
            "outcomes",
            "criteria",
            "knowledge_criteria",
            "target_criteria",
            "with_question",
            "with_rubric",
            "complete",
            "with_assessment_only",
            "assessment_only_questions",
        ),
        0,
    )
    for unit in units:
        counts["outcomes"] += len(unit.outcomes)
        for outcome, criterion in unit.criteria():
            counts["criteria"] += 1
            counts["knowledge_criteria"] += outcome.kind is OutcomeKind.KNOWLEDGE
            if not criterion.target:
                continue
            counts["target_criteria"] += 1
            counts["with_question"] += bool(criterion.questions)
            counts["with_rubric"] += any(q.rubric.points for q in criterion.questions)
            counts["complete"] += is_complete(criterion)
            kept = sum(q.assessment_only for q in criterion.questions)
            counts["assessment_only_questions"] += kept
            counts["with_assessment_only"] += 0 < kept < len(criterion.questions)
    return Coverage(number, title, units=len(units), missing_units=missing, **counts)


def coverage(bank: Bank) -> tuple[list[Coverage], Coverage]:
    """Coverage per qualification, and for the whole bank (each unit counted once)."""
    per_qualification = []
    for q in bank.qualifications:
        found: dict[str, Unit] = {}
        missing = 0
        for ref in q.unit_refs:
            unit = bank.unit(ref)
            if unit is None:
                missing += 1
            else:
                found.setdefault(unit.ref, unit)
        per_qualification.append(_count(q.number, q.title, list(found.values()), missing))
    total = _count("all", "Every unit in the bank", list(bank.units.values()), 0)
    return per_qualification, total
