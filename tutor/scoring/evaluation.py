"""How far the scorer's judgements agree with an assessor's, on answers written blind.

An evaluation set is a YAML list of questions of a bank (unit, criterion, question id), each
with learners' answers written from the criterion, its guidance and the question only, and
the label an assessor gave on a second reading: met, partly_met or not_met. Beside it the
altered families (`families`) of the same questions show what the scorer does with denied,
listed, parroted, padded, misspelt and American-spelt answers. `tutor calibrate` measures
the score against numeric marks; this measures the judgement a learner is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.banks.model import Bank, Criterion, Question
from tutor.banks.verbs import demand
from tutor.errors import TutorError
from tutor.scoring import families, score_answer
from tutor.scoring.calibrate import quadratic_weighted_kappa
from tutor.scoring.result import Judgement
from tutor.scoring.specificity import Vocabulary, bank_vocabulary

LABELS = ("met", "partly_met", "not_met")
_ORDER = {label: rank for rank, label in enumerate(reversed(LABELS))}  # not 0, partly 1, met 2


class EvaluationError(TutorError):
    """An evaluation set that cannot be read or does not fit the bank."""


@dataclass(frozen=True)
class LabelledAnswer:
    unit: str
    criterion: str
    question: str
    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Outcome:
    """What an assessor said and what the scorer judged, for one answer."""

    answer: LabelledAnswer
    judged: str


@dataclass
class Evaluation:
    outcomes: list[Outcome] = field(default_factory=list)
    families: dict[str, Counter[str]] = field(default_factory=dict)
    # For the families made from a sound answer: how often the judgement stayed the same.
    kept: dict[str, Counter[bool]] = field(default_factory=dict)

    def kept_rate(self, family: str) -> float:
        counts = self.kept.get(family, Counter())
        total = sum(counts.values())
        return counts[True] / total if total else 0.0

    @property
    def exact(self) -> float:
        """The share of answers judged as the assessor labelled them."""
        hits = sum(1 for o in self.outcomes if o.judged == o.answer.label)
        return hits / len(self.outcomes) if self.outcomes else 0.0

    @property
    def kappa(self) -> float:
        """Quadratic weighted kappa between the labels and the judgements (0, 1, 2)."""
        labels = [_ORDER[o.answer.label] for o in self.outcomes]
        judged = [_ORDER[o.judged] for o in self.outcomes]
        return quadratic_weighted_kappa(labels, judged, 0, 2)

    def rates(self, label: str, only: Iterable[str] | None = None) -> dict[str, float]:
        """Of the answers with this label (and these answer ids), the share judged each way."""
        wanted = set(only) if only is not None else None
        chosen = [
            o.judged
            for o in self.outcomes
            if o.answer.label == label and (wanted is None or o.answer.id in wanted)
        ]
        counts = Counter(chosen)
        return {j: counts[j] / len(chosen) if chosen else 0.0 for j in LABELS}

    def family_rates(self, family: str) -> dict[str, float]:
        counts = self.families.get(family, Counter())
        total = sum(counts.values())
        return {j: counts[j] / total if total else 0.0 for j in LABELS}


def read_set(path: Path) -> list[LabelledAnswer]:
    """The labelled answers of an evaluation set file."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc})") from exc
    answers = []
    for entry in data or ():
        for answer in entry.get("answers", ()):
            if answer.get("label") not in LABELS:
                raise EvaluationError(
                    f"{path}: {entry.get('unit')} {entry.get('criterion')} {answer.get('id')}: "
                    f"label must be one of {', '.join(LABELS)}"
                )
            answers.append(
                LabelledAnswer(
                    str(entry["unit"]),
                    str(entry["criterion"]),
                    str(entry["question"]),
                    str(answer["id"]),
                    str(answer["label"]),
                    str(answer["text"]),
                )
            )
    return answers


def _judged(judgement: Judgement) -> str:
    return "not_met" if judgement is Judgement.NOT_YET_MET else judgement.value


def _question(bank: Bank, answer: LabelledAnswer) -> tuple[Criterion, Question]:
    unit = bank.unit(answer.unit)
    criterion = unit.criterion(answer.criterion) if unit else None
    question = (
        next((q for q in criterion.questions if q.id == answer.question), None)
        if (criterion)
        else None
    )
    if criterion is None or question is None:
        raise EvaluationError(
            f"{answer.unit} {answer.criterion} {answer.question}: no such question in the bank"
        )
    return criterion, question


def evaluate(bank: Bank, answers: Iterable[LabelledAnswer]) -> Evaluation:
    """Score every labelled answer, and every family of altered answers of the same
    questions (the sound answers padded, misspelt and respelt are the ones labelled met)."""
    vocabulary = bank_vocabulary(bank)
    result = Evaluation()
    by_question: dict[tuple[str, str, str], list[LabelledAnswer]] = {}
    for answer in answers:
        by_question.setdefault((answer.unit, answer.criterion, answer.question), []).append(answer)
    for group in by_question.values():
        criterion, question = _question(bank, group[0])
        _evaluate_question(result, criterion, question, group, vocabulary)
    return result


def _evaluate_question(
    result: Evaluation,
    criterion: Criterion,
    question: Question,
    group: list[LabelledAnswer],
    vocabulary: Vocabulary,
) -> None:
    prompts = (question.text, criterion.text)

    def judge(text: str) -> str:
        scored = score_answer(text, question.rubric, criterion.verb, prompts, vocabulary)
        return _judged(scored.judgement)

    judged = {}
    for answer in group:
        judged[answer.id] = judge(answer.text)
        result.outcomes.append(Outcome(answer, judged[answer.id]))
    sound = [a for a in group if a.label == "met"]
    list_verb = demand(criterion.verb).list_ok
    for seed, base in enumerate(sound or [None]):
        made = families.altered(
            question.rubric, question.model_answer, criterion.text, base.text if base else "", seed
        )
        for altered in made:
            if seed and altered.family not in _PER_SOUND_ANSWER:
                continue  # the question's own families once, the sound answer's each time
            name = family_name(altered.family, list_verb)
            verdict = judge(altered.text)
            result.families.setdefault(name, Counter())[verdict] += 1
            if base is not None and altered.family in _PER_SOUND_ANSWER:
                result.kept.setdefault(name, Counter())[verdict == judged[base.id]] += 1


# Families made from each sound answer; the rest are made once per question.
_PER_SOUND_ANSWER = frozenset({families.PADDED, families.MISSPELT, families.AMERICAN})


def family_name(family: str, list_verb: bool) -> str:
    """Lists are reported apart for the verbs a list may meet."""
    if family in (families.SALAD, families.COMMA_LIST):
        return f"{family} ({'list verbs' if list_verb else 'other verbs'})"
    return family


def summary(evaluation: Evaluation) -> Mapping[str, Any]:
    """The figures, JSON-ready."""
    return {
        "answers": len(evaluation.outcomes),
        "exact_agreement": round(evaluation.exact, 4),
        "quadratic_weighted_kappa": round(evaluation.kappa, 4),
        "by_label": {label: evaluation.rates(label) for label in LABELS},
        "families": {name: evaluation.family_rates(name) for name in sorted(evaluation.families)},
        "judgement_kept": {name: round(evaluation.kept_rate(name), 4) for name in evaluation.kept},
    }
