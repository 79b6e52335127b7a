"""What the learner answered and how the machine judged it: pure functions over turns.

A criterion is judged on all the learner's answers to its question (main answer, follow-ups,
retries, answers to the assessor's questions): each answer turn stores its own machine score
and the criterion's result on every answer so far (`scoring.judgement.combine`), which the
feedback, the follow-up suggested, the review, the decision and the record use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tutor.banks.model import Rubric
from tutor.scoring.judgement import combine
from tutor.scoring.result import Score
from tutor.sessions.state import ASKING
from tutor.store.model import Turn


@dataclass(frozen=True)
class GivenAnswer:
    """One answer to a criterion's question, with what it answered: the question itself, a
    follow-up, the question asked again (retry) or the assessor's own question."""

    turn: Turn
    asked_kind: str
    asked_text: str

    @property
    def seq(self) -> int:
        return self.turn.seq

    @property
    def score(self) -> Score | None:
        """The machine's reading of this answer alone."""
        return self.turn.score


def covered_and_missed(
    overall: Score | None,
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The points covered (with the words that earned each) and missed in a criterion's
    result (`Turn.result`: over every answer to the question up to that one)."""
    if overall is None:
        return (), ()
    covered = tuple(
        (p.text, ", ".join(e.text for e in p.evidence)) for p in overall.points if p.matched
    )
    return covered, overall.missed


def made_earlier(overall: Score | None, seq: int) -> tuple[str, ...]:
    """The points an earlier answer than turn `seq` covered."""
    if overall is None:
        return ()
    return tuple(
        p.text for p in overall.points if p.matched and p.answer is not None and p.answer != seq
    )


def given_answers(turns: Sequence[Turn], criterion: str) -> list[GivenAnswer]:
    """The answers to the latest question asked on `criterion`, in order, each with the
    turn that asked for it (the question, a follow-up, a retry, the assessor's question)."""
    start = max(
        (i for i, t in enumerate(turns) if t.kind == "question" and t.criterion == criterion),
        default=None,
    )
    if start is None:
        return []
    out: list[GivenAnswer] = []
    asking = turns[start]
    for turn in turns[start + 1 :]:
        if turn.kind == "question":
            break
        if turn.kind in ASKING:
            asking = turn
        elif turn.kind == "answer" and turn.criterion == criterion:
            out.append(GivenAnswer(turn, asking.kind, asking.text))
    return out


def criterion_result(answers: Sequence[Turn], rubric: Rubric | None, verb: str) -> Score | None:
    """The machine's result for a criterion on these answer turns to its question: the one
    stored with the latest scored answer, which covers the answers before it. Answers
    stored before results were combined are combined now (with `rubric`, when known)."""
    scored = [(t.seq, t.score) for t in answers if t.score]
    if not scored:
        return None
    latest = next(t for t in reversed(answers) if t.score)
    if latest.overall is not None or rubric is None:
        return latest.result
    return combine(rubric, verb, dict(scored))
