"""Bank self-tests that use the scorer: each question's rubric must tell good from bad.

- its model answer scores *met*;
- the criterion's wording and the question's wording, parroted back, score *not yet met*;
- the model answer written for a different criterion of the same unit does not score *met*;
- the points given as bare keywords or a comma list, where the verb asks for more than a
  list, do not score *met* (`tutor.scoring.families`).
"""

from __future__ import annotations

from collections.abc import Iterator

from tutor.banks.files import Problem, unit_file_name
from tutor.banks.model import Bank, Criterion, Question, Unit
from tutor.banks.verbs import demand
from tutor.scoring import Judgement, families, score_answer
from tutor.scoring.specificity import Vocabulary, bank_vocabulary

# Altered answers no rubric may judge met; the lists only where the verb asks for more.
# (Denied answers are pinned over the whole bank by the scoring evaluation: a rule-made
# denial of a long model answer can leave a clause standing.)
_NEVER_MET = frozenset({families.PARROTED})
_LISTS = frozenset({families.SALAD, families.COMMA_LIST})
_SAID = {
    families.NEGATED: "denied",
    families.PARROTED: "left out (the criterion said back)",
    families.SALAD: "as bare keywords",
    families.COMMA_LIST: "as a comma list",
}


def _score(
    answer: str, question: Question, criterion: Criterion, vocabulary: Vocabulary | None = None
) -> Judgement:
    result = score_answer(
        answer, question.rubric, criterion.verb, (question.text, criterion.text), vocabulary
    )
    return result.judgement


def check_question(
    unit: Unit, criterion: Criterion, question: Question, vocabulary: Vocabulary | None = None
) -> Iterator[str]:
    """What is wrong with how this question's rubric scores, as messages."""
    if not question.rubric.points:
        return
    if question.model_answer:
        judgement = _score(question.model_answer, question, criterion, vocabulary)
        if judgement is not Judgement.MET:
            yield f"its model answer scores {judgement.value}, not met"
    for label, wording in (("criterion", criterion.text), ("question", question.text)):
        judgement = _score(wording, question, criterion, vocabulary)
        if judgement is not Judgement.NOT_YET_MET:
            yield f"the {label}'s own wording parroted back scores {judgement.value}"
    for _, other in unit.criteria():
        if other.id == criterion.id or other.id in question.overlaps:
            continue
        for other_question in other.questions:
            if not other_question.model_answer:
                continue
            met = _score(other_question.model_answer, question, criterion, vocabulary)
            if met is Judgement.MET:
                yield (
                    f"the model answer for criterion {other.id} ({other_question.id}) "
                    "also scores met here: make the rubric specific to this criterion"
                )
    for altered in families.altered(question.rubric, question.model_answer, criterion.text):
        if altered.family not in _NEVER_MET and not (
            # As the scorer judges: a criterion with no command verb has no shape to ask for.
            altered.family in _LISTS and not demand(criterion.verb).list_ok
        ):
            continue
        if _score(altered.text, question, criterion, vocabulary) is Judgement.MET:
            yield f"its points {_SAID[altered.family]} score met: {altered.text[:60]}…"


def self_test(bank: Bank) -> list[Problem]:
    """Every self-test failure in the bank, as problems naming file and question."""
    return [problem for ref in sorted(bank.units) for problem in self_test_unit(bank, ref)]


def self_test_unit(bank: Bank, ref: str) -> list[Problem]:
    """The self-test failures of one unit (unit by unit, the checks can run side by side)."""
    vocabulary = bank_vocabulary(bank)
    unit = bank.units[ref]
    file = bank.files.get(ref, f"units/{unit_file_name(ref)}")
    problems = []
    for _, criterion in unit.criteria():
        for question in criterion.questions:
            where = f"unit {ref} criterion {criterion.id} question {question.id}"
            problems += [
                Problem(file, where, m)
                for m in check_question(unit, criterion, question, vocabulary)
            ]
    return problems
