"""Validation of a loaded bank: structure, references, rubrics, and (strict) completeness.

Every check returns `Problem`s naming the file and the unit/outcome/criterion path; nothing
stops at the first problem. The scorer-based self-tests live in `tutor.scoring.selftest`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tutor.banks.files import Problem, unit_file_name
from tutor.banks.model import Bank, Criterion, Question, Unit
from tutor.banks.refs import BadReference, expected_letter, normalise_unit_ref
from tutor.banks.verbs import COMMAND_VERBS

_CRITERION_ID = re.compile(r"\d+\.\d+[a-z]?")


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _unit_file(bank: Bank, ref: str) -> str:
    return bank.files.get(ref, f"units/{unit_file_name(ref)}")


def check_reference(ref: str) -> str | None:
    """What is wrong with a unit reference, or None if it is well formed and checks."""
    try:
        normal = normalise_unit_ref(ref)
    except BadReference as exc:
        return str(exc)
    letter = expected_letter(normal)
    if normal[0] != letter:
        return f"check letter {normal[0]} is wrong for {normal[2:]}: expected {letter}"
    return None


def check_question(q: Question, where: str, file: str) -> Iterator[Problem]:
    if not q.text:
        yield Problem(file, where, "question text is empty")
    points = q.rubric.points
    if not points:
        return
    seen: dict[str, int] = {}
    for i, point in enumerate(points, 1):
        if not point.text:
            yield Problem(file, f"{where} point {i}", "point text is empty")
        key = _key(point.text)
        if key and key in seen:
            yield Problem(file, f"{where} point {i}", f"same as point {seen[key]}")
        seen.setdefault(key, i)
        alternatives = Counter(_key(a) for a in point.phrasings)
        for alt, n in alternatives.items():
            if not alt:
                yield Problem(file, f"{where} point {i}", "an alternative has no words")
            elif n > 1:
                yield Problem(file, f"{where} point {i}", f"alternative {alt!r} is listed twice")
    needed = q.rubric.needed
    if needed is not None and not 1 <= needed <= len(points):
        yield Problem(
            file, f"{where} rubric", f"needed is {needed} but the rubric has {len(points)} points"
        )


def check_unit(unit: Unit, file: str) -> Iterator[Problem]:
    where = f"unit {unit.ref}"
    if msg := check_reference(unit.ref):
        yield Problem(file, where, msg)
    for alias in unit.aliases:
        if msg := check_reference(alias):
            yield Problem(file, f"{where} alias {alias}", msg)
    if not unit.outcomes:
        yield Problem(file, where, "has no learning outcomes")
    outcome_ids = Counter(o.id for o in unit.outcomes)
    criterion_ids = Counter(c.id for o in unit.outcomes for c in o.criteria)
    for oid, n in outcome_ids.items():
        if n > 1:
            yield Problem(file, f"{where} outcome {oid}", f"outcome id used {n} times")
    for cid, n in criterion_ids.items():
        if n > 1:
            yield Problem(file, f"{where} criterion {cid}", f"criterion id used {n} times")
    ids = frozenset(criterion_ids)
    for outcome in unit.outcomes:
        if not outcome.criteria:
            yield Problem(file, f"{where} outcome {outcome.id}", "has no assessment criteria")
        for criterion in outcome.criteria:
            yield from _check_criterion(criterion, f"{where} criterion {criterion.id}", file, ids)


def _check_criterion(
    criterion: Criterion, where: str, file: str, unit_criteria: frozenset[str]
) -> Iterator[Problem]:
    if not _CRITERION_ID.fullmatch(criterion.id):
        yield Problem(file, where, f"criterion id {criterion.id!r} should look like 1.2")
    if criterion.verb and criterion.verb not in COMMAND_VERBS:
        yield Problem(file, where, f"unknown command verb {criterion.verb!r}")
    ids = Counter(q.id for q in criterion.questions)
    for qid, n in ids.items():
        if n > 1:
            yield Problem(file, f"{where} question {qid}", f"question id used {n} times")
    for q in criterion.questions:
        yield from check_question(q, f"{where} question {q.id}", file)
        for other in q.overlaps:
            if other == criterion.id or other not in unit_criteria:
                yield Problem(
                    file,
                    f"{where} question {q.id}",
                    f"overlaps names {other!r}, which is not another criterion of this unit",
                )


def check_bank(bank: Bank) -> list[Problem]:
    """Structural problems: references, ids, rubrics, and qualification groups."""
    problems: list[Problem] = []
    for ref, unit in sorted(bank.units.items()):
        problems += check_unit(unit, _unit_file(bank, ref))
    for q in bank.qualifications:
        file = bank.files.get(q.number, "qualifications/")
        for group in q.groups:
            for ref in group.units:
                if bank.unit(ref) is None:
                    problems.append(
                        Problem(
                            file,
                            f"qualification {q.number} group {group.name}",
                            f"unit {ref} is not in the bank; import it or remove it",
                        )
                    )
    return problems


def check_completeness(bank: Bank) -> list[Problem]:
    """Strict: every target criterion has a question with rubric, model answer, hint, follow-ups."""
    problems: list[Problem] = []
    for ref, unit in sorted(bank.units.items()):
        file = _unit_file(bank, ref)
        for _, criterion in unit.criteria():
            if not criterion.target:
                continue
            where = f"unit {ref} criterion {criterion.id}"
            if not criterion.questions:
                problems.append(Problem(file, where, "target criterion has no question"))
                continue
            for q in criterion.questions:
                missing = [
                    name
                    for name, present in (
                        ("a rubric of 3+ points", len(q.rubric.points) >= 3),
                        ("model answer", bool(q.model_answer)),
                        ("hint", bool(q.hint)),
                        ("follow-ups", bool(q.follow_ups)),
                    )
                    if not present
                ]
                if missing:
                    problems.append(
                        Problem(file, f"{where} question {q.id}", f"missing {', '.join(missing)}")
                    )
    return problems
