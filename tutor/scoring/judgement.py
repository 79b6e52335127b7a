"""From matched points to a judgement: how many points, which are required, and — for the
verbs that ask "why" — whether reasons were given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tutor.banks.model import Rubric
from tutor.banks.verbs import CommandVerb, Demand, definition, demand
from tutor.scoring.feedback import write_feedback
from tutor.scoring.result import Judgement, PointResult, Score

if TYPE_CHECKING:
    # Only a type here: combining stored results needs no tokeniser.
    from tutor.scoring.normalise import Token


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Word sequences that link a point to a reason, a purpose or a consequence.
_REASON_MARKER_TEXT = """
    because | cos | coz | cause they | since | as a result | therefore | thus | hence | otherwise
    | or else | due to | in order to | so as to | so that | so | which means | this means
    | that means | it means | means | meaning | the reason | the reasons | why | this way
    | this shows | that shows | leads to | lead to | leading to | led to | results in
    | result in | resulting in | could lead | can lead | more likely | less likely
    | likely to | in case | if | unless | then they | then we | then the | for example if
"""


def _markers(text: str) -> dict[str, list[tuple[str, ...]]]:
    """Word sequences written "a b | c | …", indexed by their first word."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for marker in text.replace("\n", "|").split("|"):
        if marker.strip():
            words = tuple(marker.split())
            by_first.setdefault(words[0], []).append(words)
    return by_first


def _marker_at(norms: Sequence[str], i: int, markers: dict[str, list[tuple[str, ...]]]) -> bool:
    """Whether one of the markers starts at word `i`."""
    return any(tuple(norms[i : i + len(m)]) == m for m in markers.get(norms[i], ()))


_REASON_MARKERS = _markers(_REASON_MARKER_TEXT)
# "so" gives a consequence ("so they feel heard"), except in "so much", "so far", "so on" ….
_SO_NOT_A_REASON = frozenset({"much", "many", "far", "on", "called", "long", "forth"})
# Verbs of consequence: after "which", "this", "it", "will" … they say what follows ("which
# reduces stress", "it stops mistakes", "this helps"); after "to" they give a purpose ("to
# keep them safe"), unless the "to" only belongs to "have to", "need to" ….
_CONSEQUENCES = _words(
    """help helps helped helping stop stops prevent prevents avoid avoids reduce reduces
    improve improves increase increases save saves protect protects ensure ensures keep keeps
    make makes build builds show shows give gives let lets allow allows mean means cause
    causes create creates encourage encourages lose loses gain gains affect affects damage
    damages boost boosts win wins stay stays feel feels calm calms meet meets comply
    complies get gets find understand know check sort solve resolve attract retain"""
)
_CONSEQUENCE_SUBJECTS = _words(
    """which this that it they will would can could may might should helps this'll it'll
    that'll they'll"""
)
_NOT_PURPOSE = _words(
    "have has had need needs needed want wants wanted going got ought able used like try"
)
# Below a whole point, near misses and keeping to the subject earn at most this much of one.
FRACTION_OF_A_POINT = 0.9
# How much of a word a near miss in spelling (beyond typo tolerance) earns at most.
NEAR_MISS_SHARE = 0.5
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
    """Whether the answer says why, what for or what follows, not only what: a linking word
    ("because", "so that", "which means", "if …", "more likely to"), a consequence ("which
    reduces stress", "this helps") or a purpose ("to keep them safe")."""
    norms = [t.norm for t in tokens]
    for i, norm in enumerate(norms):
        following = norms[i + 1] if i + 1 < len(norms) else ""
        if norm == "so" and (not following or following in _SO_NOT_A_REASON):
            continue
        if _marker_at(norms, i, _REASON_MARKERS):
            return True
        if norm in _CONSEQUENCES and i > 0:
            before = norms[i - 1]
            if before in _CONSEQUENCE_SUBJECTS:
                return True
            if before == "to" and i > 1 and norms[i - 2] not in _NOT_PURPOSE:
                return True
    return False


# Words that weigh things up or conclude: what Evaluate, Assess and Analyse ask for.
_JUDGEMENT_MARKER_TEXT = """
    however | but | although | though | whereas | on the other hand | overall | in my opinion
    | i think | i'd say | i would say | i feel | i believe | in conclusion | to conclude
    | best | better | worse | worst | most important | more important | most effective
    | more effective | less effective | the main | the biggest | the key | strength | strengths
    | weakness | weaknesses | advantage | advantages | disadvantage | disadvantages | pros
    | cons | downside | downsides | drawback | drawbacks | limitation | limitations
    | outweigh | outweighs | balance | depends | it depends | works well | worked well
    | effective | ineffective | worth it | not worth | too expensive | too costly | risk
    | the problem is | the only problem | useful | not as | rather than | compared
    | more than | less than | instead
"""
_JUDGEMENT_MARKERS = _markers(_JUDGEMENT_MARKER_TEXT)


def gives_judgement(tokens: Sequence[Token]) -> bool:
    """Whether the answer weighs things up or reaches a view: a contrast, a comparison, a
    strength against a limitation, a conclusion."""
    norms = [t.norm for t in tokens]
    return any(_marker_at(norms, i, _JUDGEMENT_MARKERS) for i in range(len(norms)))


def needed_points(rubric: Rubric, verb: CommandVerb) -> int:
    """How many points meet the criterion: the rubric's own count, else the verb's."""
    needed = rubric.needed if rubric.needed is not None else verb.min_points
    return max(1, min(needed, len(rubric.points)))


def overall_score(
    results: Sequence[PointResult],
    needed: int,
    on_topic: float | None = None,
    wording: float | None = None,
) -> float:
    """0..1: the share of the needed points covered; 1 only when all of them are.

    Below a whole point, the nearest misses (part of a phrase, a related form) and — for an
    answer that earned something — how much of it keeps to the rubric's subject and follows
    its wording add up to `FRACTION_OF_A_POINT` of one more point: the score orders answers
    between whole points and never passes the next one.
    """
    if not results:
        return 0.0
    covered = min(needed, sum(1 for r in results if r.matched))
    missing = needed - covered
    if not missing:
        return 1.0
    nearest = sorted((r.similarity / 100.0 for r in results if not r.matched), reverse=True)
    fraction = sum(nearest[:missing]) / missing
    if (
        on_topic is not None
        and wording is not None
        and (covered or fraction >= EARNED_BEFORE_BLEND)
    ):
        blended = (
            (1.0 - ON_TOPIC_SHARE - WORDING_SHARE) * fraction
            + ON_TOPIC_SHARE * on_topic
            + WORDING_SHARE * wording
        )
        fraction = max(fraction, blended)
    return (covered + FRACTION_OF_A_POINT * min(1.0, fraction)) / needed


def judge(
    rubric: Rubric,
    results: Sequence[PointResult],
    verb: str,
    *,
    reasons_given: bool,
    keyword_list: bool,
    parroted: bool,
    judgement_given: bool = False,
    asks: Demand | None = None,
    on_topic: float | None = None,
    wording: float | None = None,
) -> tuple[Judgement, float]:
    """The judgement and score for per-point results under the criterion's command verb.

    Met: the needed points, every required one, and the shape the criterion asks for
    (sentences rather than a bare list, reasons, a judgement). Partly met: some of that, with
    a required point or one made on a specific phrase — a lone common word is not enough.
    The score agrees: 1 only when met, below one point's worth when not yet met.
    """
    asks = asks or demand(verb)
    needed = needed_points(rubric, definition(verb))
    score = overall_score(results, needed, on_topic, wording)
    made = [r for r in results if r.matched]
    required_ok = all(r.matched for p, r in zip(rubric.points, results, strict=True) if p.required)
    shaped = asks.list_ok or not keyword_list
    explained = not asks.reasons or (reasons_given and not keyword_list)
    weighed = not asks.judgement or (judgement_given and not keyword_list)
    evidence = any(r.required or r.specific for r in made)
    if parroted or not evidence:
        judgement = Judgement.NOT_YET_MET
    elif len(made) >= needed and required_ok and shaped and explained and weighed:
        return Judgement.MET, 1.0
    else:
        judgement = Judgement.PARTLY_MET
    return judgement, min(score, _ceiling(judgement, needed))


def _ceiling(judgement: Judgement, needed: int) -> float:
    """The highest score short of met: below one point's worth when not yet met, below the
    last point when partly met."""
    whole = 0 if judgement is Judgement.NOT_YET_MET else needed - 1
    return (whole + FRACTION_OF_A_POINT) / needed


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
    needed = needed_points(rubric, definition(verb))
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
    weighed = any(a.judgement_given and not a.keyword_list for a in counted.values())
    judgement_given = weighed or any(a.judgement_given for a in counted.values())
    # A bare list only if every answer is one: an answer in sentences shapes the whole.
    keyword_list = all(a.keyword_list for a in counted.values())
    # What the criterion asks, as the answers were scored for it.
    asks = Demand(
        reasons=any(a.reasons_needed for a in answers.values()),
        judgement=any(a.judgement_needed for a in answers.values()),
        list_ok=all(a.list_allowed for a in answers.values()),
    )
    judgement, union_score = judge(
        rubric,
        points,
        verb,
        reasons_given=reasons_given,
        keyword_list=keyword_list,
        parroted=parroted,
        judgement_given=judgement_given,
        asks=asks,
    )
    best = max(union_score, *(a.score for a in answers.values()))
    score = 1.0 if judgement is Judgement.MET else min(best, _ceiling(judgement, needed))
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
            asks=asks,
            reasons_given=reasons_given,
            judgement_given=judgement_given,
            keyword_list=keyword_list,
            parroted=parroted,
            truncated=truncated,
        ),
        reasons_given=reasons_given,
        parroted=parroted,
        needed=needed,
        keyword_list=keyword_list,
        reasons_needed=asks.reasons,
        truncated=truncated,
        judgement_needed=asks.judgement,
        judgement_given=judgement_given,
        list_allowed=asks.list_ok,
    )
