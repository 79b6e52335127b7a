"""Scoring: normalising answers, fuzzy matching rubric points, verb-aware judgement.

The contract for callers is `score_answer(answer, rubric, verb="", prompts=())` returning a
`Score`. Answers longer than `tutor.limits.SCORED_ANSWER_CHARS` are scored on their first
part, never refused, and the feedback says so.

The scorer (and the matching it needs) is imported when first used, so what only reads
stored results (`Score`, `judgement.combine`) starts without it.
"""

from typing import TYPE_CHECKING, Any

from tutor.scoring.result import Evidence, Judgement, PointResult, Score

if TYPE_CHECKING:
    from tutor.scoring.scorer import score_answer

__all__ = ["Evidence", "Judgement", "PointResult", "Score", "score_answer"]


def __getattr__(name: str) -> Any:
    if name == "score_answer":
        from tutor.scoring import scorer

        return getattr(scorer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
