"""From matched points to a judgement: how many points, which are required, and — for the
verbs that ask "why" — whether reasons were given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tutor.banks.model import Rubric
from tutor.banks.verbs import CommandVerb, definition
from tutor.scoring.feedback import write_feedback
from tutor.scoring.result import Judgement, PointResult, Score

if TYPE_CHECKING:
    # Only a type here: combining stored results needs no tokeniser.
    from tutor.scoring.normalise import Token

# Word sequences that give a reason or a consequence.
_REASON_MARKER_TEXT = """
    because | since | as a result | therefore | thus | hence | otherwise | due to | in order to
    so that | so | which means | this means | that means | means that | meaning
    this helps | that helps | which helps | it helps | helps to | helps them | help them
    to ensure | to make sure | to avoid | to prevent | to keep | to protect | to show | to build
    in case | the reason | the reasons | why | as this | as it | this way | this shows
    this will | which will | which makes | which allows | leads to | lead to | leading to
    results in | result in | could lead | can lead | allows | ensures | prevents | builds
"""
# Word sequences that give a reason or a consequence.
REASON_MARKERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(m.split()) for m in _REASON_MARKER_TEXT.replace("\n", "|").split("|") if m.strip()
)
# "so" gives a consequence ("so they feel heard"), except in "so much", "so far", "so on" ….
_SO_NOT_A_REASON = frozenset({"much", "many", "far", "on", "called", "long", "forth"})
_MARKERS_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _marker in REASON_MARKERS:
    _MARKERS_BY_FIRST_WORD.setdefault(_marker[0], []).append(_marker)
# How much of the score survives when a verb asks for reasons and none were given.
NO_REASONS_FACTOR = 0.8
# How much of a word a near miss in spelling (beyond typo tolerance) earns at most.
NEAR_MISS_SHARE = 0.5
# How fast the score rises with the first points (1: a straight line).
CURVE = 2
# How much of the score's progress may be the share of the answer that is on the rubric's
# subject (its content words found among the points' words): of two answers making the same
# points, the one that stays on the subject shows more.
ON_TOPIC_SHARE = 0.1
# How much of it is how closely the answer's wording, as a whole, follows the points' own
# wording (a soft, letter-level likeness that also credits near forms no rule above sees).
WORDING_SHARE = 0.2
# An answer that earns less than this share from the points themselves (a letter or two in
# common with one of them, as "sure" has with "sorry") gains nothing from either.
EARNED_BEFORE_BLEND = 0.01


def gives_reasons(tokens: Sequence[Token]) -> bool:
    """Whether the answer says why or what follows, not only what."""
    norms = [t.norm for t in tokens]
    for i, norm in enumerate(norms):
        if norm == "so" and (i + 1 == len(norms) or norms[i + 1] in _SO_NOT_A_REASON):
            continue
        for marker in _MARKERS_BY_FIRST_WORD.get(norm, ()):
            if tuple(norms[i : i + len(marker)]) == marker:
                return True
    return False


def needed_points(rubric: Rubric, verb: CommandVerb) -> int:
    """How many points meet the criterion: the rubric's own count, else the verb's."""
    needed = rubric.needed if rubric.needed is not None else verb.min_points
    return max(1, min(needed, len(rubric.points)))


def point_credit(result: PointResult) -> float:
    """1 for a matched point; for a missed one, how near it came (part of a phrase)."""
    return 1.0 if result.matched else result.similarity / 100.0


def overall_score(
    rubric: Rubric,
    results: Sequence[PointResult],
    needed: int,
    weights: Sequence[float],
    on_topic: float | None = None,
    wording: float | None = None,
) -> float:
    """0..1, with diminishing returns: the first points an answer makes show the most.

    An open list counts its best `needed` points; otherwise every point counts by weight.
    The share covered, p, becomes 1 - (1 - p)²: half the points score 0.75. Given how much
    of the answer is on the subject (`on_topic`) and how closely its wording follows the
    points' (`wording`), p may be raised towards them, never lowered.
    """
    if not results:
        return 0.0
    credits = [point_credit(r) for r in results]
    if rubric.open_list:
        progress = sum(sorted(credits, reverse=True)[:needed]) / needed
    else:
        total = sum(weights)
        if total <= 0:
            weights, total = [1.0] * len(credits), float(len(credits))
        progress = sum(w * c for w, c in zip(weights, credits, strict=True)) / total
    progress = min(1.0, progress)
    if (
        on_topic is not None
        and wording is not None
        and (on_topic or progress >= EARNED_BEFORE_BLEND)
    ):
        # These only ever raise the score, and only of an answer that earned something from
        # the points: every point made is still 1, nothing at all is still 0.
        blended = (
            (1.0 - ON_TOPIC_SHARE - WORDING_SHARE) * progress
            + ON_TOPIC_SHARE * on_topic
            + WORDING_SHARE * wording
        )
        progress = max(progress, blended)
    return 1.0 - (1.0 - progress) ** CURVE


def judge(
    rubric: Rubric,
    results: Sequence[PointResult],
    verb: str,
    *,
    reasons_given: bool,
    keyword_list: bool,
    parroted: bool,
    weights: Sequence[float] | None = None,
    on_topic: float | None = None,
    wording: float | None = None,
) -> tuple[Judgement, float]:
    """The judgement and score for per-point results under the criterion's command verb."""
    command = definition(verb)
    needed = needed_points(rubric, command)
    if weights is None:
        weights = [max(p.weight, 0.0) for p in rubric.points]
    score = overall_score(rubric, results, needed, weights, on_topic, wording)
    matched = sum(1 for r in results if r.matched)
    required_ok = all(r.matched for p, r in zip(rubric.points, results, strict=True) if p.required)
    explained = not command.needs_reasons or (reasons_given and not keyword_list)
    if command.needs_reasons and not explained:
        score *= NO_REASONS_FACTOR
    if parroted or matched == 0:
        return Judgement.NOT_YET_MET, score
    if matched >= needed and required_ok and explained:
        return Judgement.MET, score
    return Judgement.PARTLY_MET, score


def _best_for_point(index: int, answers: Mapping[int, Score]) -> PointResult:
    """One point over several answers: made by the first answer that made it (with that
    answer's own evidence), else its nearest miss; said under a negation if any said so."""
    results = [(key, score.points[index]) for key, score in answers.items()]
    made = [(key, r) for key, r in results if r.matched]
    if made:
        key, first = made[0]
        return replace(first, answer=key)
    nearest = max((r for _, r in results), key=lambda r: r.similarity)
    return replace(nearest, negated=any(r.negated for _, r in results), evidence=(), answer=None)


def combine(rubric: Rubric, verb: str, answers: Mapping[int, Score]) -> Score:
    """The criterion's result on all the learner's answers to its question (the main answer,
    follow-ups, retries), in the order given, keyed by anything that names an answer (a
    turn's number): a point is made if any answer made it, reasons are given if any answer
    gave them in sentences, and the union is judged by `judge`'s rules. Each point keeps the
    evidence of the answer that made it, and says which (`PointResult.answer`).

    One answer's result is its own. An answer that only repeats the question earns nothing
    here either; if every answer did, the result is not yet met. The score is the best of
    the answers' own scores and the union's share of the points: never lower than any one
    answer.
    """
    if not answers:
        raise ValueError("combine needs at least one answer")
    count = len(rubric.points)
    if any(len(a.points) != count for a in answers.values()):
        raise ValueError("every answer must be scored against the same rubric")
    command = definition(verb)
    needed = needed_points(rubric, command)
    if len(answers) == 1:
        # One answer: its own result, each point it made marked as made by it.
        ((key, only),) = answers.items()
        return replace(
            only,
            points=tuple(replace(p, answer=key if p.matched else None) for p in only.points),
            needed=needed,
        )
    own = {key: a for key, a in answers.items() if not a.parroted}
    parroted = not own
    counted = own or answers
    points = tuple(_best_for_point(i, counted) for i in range(count))
    explained = any(a.reasons_given and not a.keyword_list for a in counted.values())
    reasons_given = explained or any(a.reasons_given for a in counted.values())
    keyword_list = not explained and any(a.keyword_list for a in counted.values())
    judgement, union_score = judge(
        rubric,
        points,
        verb,
        reasons_given=reasons_given,
        keyword_list=keyword_list,
        parroted=parroted,
    )
    score = max(union_score, *(a.score for a in answers.values()))
    truncated = any(a.truncated for a in answers.values())
    return Score(
        score=max(0.0, min(1.0, score)),
        judgement=judgement,
        points=points,
        missed=tuple(p.text for p in points if not p.matched),
        feedback=write_feedback(
            judgement,
            points,
            verb,
            reasons_needed=command.needs_reasons,
            reasons_given=reasons_given,
            keyword_list=keyword_list,
            parroted=parroted,
            truncated=truncated,
        ),
        reasons_given=reasons_given,
        parroted=parroted,
        needed=needed,
        keyword_list=keyword_list,
        reasons_needed=command.needs_reasons,
        truncated=truncated,
    )
