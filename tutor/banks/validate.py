"""Validation of a loaded bank: structure, references, rubrics, and (strict) completeness.

Every check returns `Problem`s naming the file and the unit/outcome/criterion path, and where
in the file's YAML tree (`at`) so that loading can give the line; nothing stops at the first
problem. The scorer-based self-tests live in `tutor.scoring.selftest`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tutor.banks.model import Bank, Criterion, Qualification, Question, Unit
from tutor.banks.problems import Problem, YamlPath
from tutor.banks.refs import BadReference, expected_letter, normalise_unit_ref, unit_file_name
from tutor.banks.verbs import COMMAND_VERBS

_CRITERION_ID = re.compile(r"\d+\.\d+[a-z]?")


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def unit_file(bank: Bank, ref: str) -> str:
    """The file a unit of the bank was read from, as problems name it."""
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


def check_question(q: Question, where: str, file: str, at: YamlPath = ()) -> Iterator[Problem]:
    if not q.text:
        yield Problem(file, where, "question text is empty", at=(*at, "text"))
    points = q.rubric.points
    if not points:
        return
    seen: dict[str, int] = {}
    for i, point in enumerate(points, 1):
        point_at = (*at, "rubric", "points", i - 1)
        if not point.text:
            yield Problem(file, f"{where} point {i}", "point text is empty", at=point_at)
        key = _key(point.text)
        if key and key in seen:
            yield Problem(file, f"{where} point {i}", f"same as point {seen[key]}", at=point_at)
        seen.setdefault(key, i)
        alternatives = Counter(_key(a) for a in point.phrasings)
        for alt, n in alternatives.items():
            if not alt:
                yield Problem(
                    file, f"{where} point {i}", "an alternative has no words", at=point_at
                )
            elif n > 1:
                yield Problem(
                    file,
                    f"{where} point {i}",
                    f"alternative {alt!r} is listed twice",
                    at=point_at,
                )
    needed = q.rubric.needed
    if needed is not None and not 1 <= needed <= len(points):
        yield Problem(
            file,
            f"{where} rubric",
            f"needed is {needed} but the rubric has {len(points)} points",
            at=(*at, "rubric", "needed"),
        )


def check_unit(unit: Unit, file: str) -> Iterator[Problem]:
    """Reference, ids, verbs and rubrics of one unit. A repeated id is reported where it is
    repeated."""
    where = f"unit {unit.ref}"
    if msg := check_reference(unit.ref):
        yield Problem(file, where, msg, at=("ref",))
    for i, alias in enumerate(unit.aliases):
        if msg := check_reference(alias):
            yield Problem(file, f"{where} alias {alias}", msg, at=("aliases", i))
    if not unit.outcomes:
        yield Problem(file, where, "has no learning outcomes", at=("outcomes",))
    outcomes_seen: set[str] = set()
    criteria_seen: set[str] = set()
    for i, outcome in enumerate(unit.outcomes):
        outcome_at: YamlPath = ("outcomes", i)
        if outcome.id in outcomes_seen:
            yield Problem(file, where, f"duplicate outcome {outcome.id}", at=(*outcome_at, "id"))
        outcomes_seen.add(outcome.id)
        if not outcome.criteria:
            yield Problem(
                file, f"{where} outcome {outcome.id}", "has no assessment criteria", at=outcome_at
            )
        for j, criterion in enumerate(outcome.criteria):
            criterion_at = (*outcome_at, "criteria", j)
            if criterion.id in criteria_seen:
                yield Problem(
                    file, where, f"duplicate criterion {criterion.id}", at=(*criterion_at, "id")
                )
            criteria_seen.add(criterion.id)
    ids = frozenset(criteria_seen)
    for i, outcome in enumerate(unit.outcomes):
        for j, criterion in enumerate(outcome.criteria):
            yield from _check_criterion(
                criterion,
                f"{where} criterion {criterion.id}",
                file,
                ids,
                ("outcomes", i, "criteria", j),
            )


def _check_criterion(
    criterion: Criterion, where: str, file: str, unit_criteria: frozenset[str], at: YamlPath
) -> Iterator[Problem]:
    if not _CRITERION_ID.fullmatch(criterion.id):
        yield Problem(
            file, where, f"criterion id {criterion.id!r} should look like 1.2", at=(*at, "id")
        )
    if criterion.verb and criterion.verb not in COMMAND_VERBS:
        yield Problem(file, where, f"unknown command verb {criterion.verb!r}", at=(*at, "verb"))
    question_ids: set[str] = set()
    for k, q in enumerate(criterion.questions):
        question_at = (*at, "questions", k)
        if q.id in question_ids:
            yield Problem(file, where, f"duplicate question {q.id}", at=(*question_at, "id"))
        question_ids.add(q.id)
        yield from check_question(q, f"{where} question {q.id}", file, question_at)
        for other in q.overlaps:
            if other == criterion.id or other not in unit_criteria:
                yield Problem(
                    file,
                    f"{where} question {q.id}",
                    f"overlaps names {other!r}, which is not another criterion of this unit",
                    at=(*question_at, "overlaps"),
                )


def check_qualification(
    q: Qualification, bank: Bank, file: str, skip: frozenset[str] = frozenset()
) -> Iterator[Problem]:
    """Every unit a qualification lists is in the bank (`skip`: units already reported as
    unreadable, so their absence is not reported twice)."""
    for i, group in enumerate(q.groups):
        for j, ref in enumerate(group.units):
            if ref not in skip and bank.unit(ref) is None:
                yield Problem(
                    file,
                    f"qualification {q.key} group {group.name}",
                    f"unit {ref} is not in the bank; import it or remove it",
                    at=("groups", i, "units", j),
                )


def check_bank(bank: Bank) -> list[Problem]:
    """Structural problems: references, ids, rubrics, and qualification groups."""
    problems: list[Problem] = []
    for ref, unit in sorted(bank.units.items()):
        problems += check_unit(unit, unit_file(bank, ref))
    for q in bank.qualifications:
        problems += check_qualification(q, bank, bank.files.get(q.key, "qualifications/"))
    return problems


def check_completeness(bank: Bank) -> list[Problem]:
    """Strict: every target criterion has a question with rubric, model answer, hint, follow-ups."""
    problems: list[Problem] = []
    for ref, unit in sorted(bank.units.items()):
        file = unit_file(bank, ref)
        for i, outcome in enumerate(unit.outcomes):
            for j, criterion in enumerate(outcome.criteria):
                if criterion.target:
                    problems += _check_complete(
                        criterion, f"unit {ref} criterion {criterion.id}", file, i, j
                    )
    return problems


def _check_complete(criterion: Criterion, where: str, file: str, i: int, j: int) -> list[Problem]:
    at: YamlPath = ("outcomes", i, "criteria", j)
    if not criterion.questions:
        return [Problem(file, where, "target criterion has no question", at=at)]
    problems = []
    for k, q in enumerate(criterion.questions):
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
                Problem(
                    file,
                    f"{where} question {q.id}",
                    f"missing {', '.join(missing)}",
                    at=(*at, "questions", k),
                )
            )
    return problems
