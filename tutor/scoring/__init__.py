"""Scoring: normalising answers, fuzzy matching rubric points, verb-aware judgement.

The contract for callers is `score_answer(answer, rubric, verb="", prompts=())` returning a
`Score`. Answers longer than `MAX_ANSWER_CHARS` are scored on their first part, never
refused, and the feedback says so.
"""

from tutor.scoring.result import Evidence, Judgement, PointResult, Score
from tutor.scoring.scorer import MAX_ANSWER_CHARS, score_answer

__all__ = ["MAX_ANSWER_CHARS", "Evidence", "Judgement", "PointResult", "Score", "score_answer"]
