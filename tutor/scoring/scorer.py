"""`score_answer`: one answer against one rubric, explained point by point."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from tutor.banks.model import Rubric, RubricPoint
from tutor.banks.verbs import definition, demand
from tutor.limits import SCORED_ANSWER_CHARS
from tutor.scoring.antigaming import (
    borrowed_indexes,
    is_keyword_list,
    is_parroted,
    linked_reasons,
    prompt_stems,
)
from tutor.scoring.feedback import write_feedback
from tutor.scoring.judgement import (
    NEAR_MISS_SHARE,
    gives_judgement,
    gives_reasons,
    judge,
    needed_points,
)
from tutor.scoring.matching import (
    AnswerIndex,
    Phrasing,
    PhrasingMatch,
    compile_phrasing,
    find_phrasing,
)
from tutor.scoring.normalise import STOPWORDS, tokenise
from tutor.scoring.result import Evidence, PointResult, Score
from tutor.scoring.specificity import Vocabulary, is_generic

# A phrase's words found in the answer but far apart earn this share of themselves.
SCATTERED_SHARE = 0.75
# Letter-level likeness of wording (0-100) up to this is what any two texts share by chance.
WORDING_FLOOR = 20.0
# A point the question already states counts this much of its weight.
PROMPT_WORD_WEIGHT = 0.25


# A hyphenated compound: "one-to-one", "follow-up", "after-sales".
_COMPOUND = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def _written_forms(phrasing: str) -> tuple[str, ...]:
    """A phrasing, and with its hyphenated compounds written solid ("follow-up",
    "followup"); spaced ("follow up") matches the hyphenated form already."""
    solid = _COMPOUND.sub("", phrasing)
    return (phrasing,) if solid == phrasing else (phrasing, solid)


@lru_cache(maxsize=4096)
def compile_rubric(rubric: Rubric) -> tuple[tuple[Phrasing, ...], ...]:
    """Each point's phrasings, reduced to content words once per rubric."""
    return tuple(
        tuple(
            p
            for p in (compile_phrasing(f) for t in point.phrasings for f in _written_forms(t))
            if p.words
        )
        for point in rubric.points
    )


@lru_cache(maxsize=1024)
def rubric_wording(rubric: Rubric) -> str:
    """The points' content words as written, in order: what a model answer would say."""
    return " ".join(
        t.norm for point in rubric.points for t in tokenise(point.text) if t.norm not in STOPWORDS
    )


def wording_likeness(rubric: Rubric, index: AnswerIndex) -> float:
    """0..1: how closely the answer's content words, as a set, follow the points' wording
    (letter by letter, so "resizeable" is nearer "size" than "grow" is)."""
    wording = rubric_wording(rubric)
    if not wording:
        return 0.0
    answer = " ".join(index.tokens[i].norm for i in index.content_indexes())
    likeness = fuzz.token_set_ratio(wording, answer)
    return max(0.0, (likeness - WORDING_FLOOR) / (100.0 - WORDING_FLOOR))


@lru_cache(maxsize=4096)
def _prompt_stems(prompts: tuple[str, ...]) -> frozenset[str]:
    return prompt_stems(prompts)


def _evidence(index: AnswerIndex, match: PhrasingMatch) -> tuple[Evidence, ...]:
    """The matched words as spans of the original answer, neighbouring words joined."""
    spans: list[Evidence] = []
    for hit in sorted(match.found, key=lambda h: h.token):
        token = index.tokens[hit.token]
        previous = spans[-1] if spans else None
        if (
            previous
            and index.tokens[hit.token - 1].end == previous.end
            and (index.text[previous.end : token.start].strip() == "")
        ):
            merged = min(previous.similarity, hit.similarity)
            spans[-1] = Evidence(
                previous.start, token.end, index.text[previous.start : token.end], merged
            )
        else:
            spans.append(Evidence(token.start, token.end, token.text, hit.similarity))
    return tuple(spans)


def _match_point(
    index: AnswerIndex,
    point: RubricPoint,
    phrasings: Sequence[Phrasing],
    prompt: frozenset[str],
    vocabulary: Vocabulary | None,
) -> PointResult:
    # Most phrasings have none of their words in an answer: they are weighed only by how
    # near the answer's spellings come, and only if no phrasing is found whole.
    unseen: list[Phrasing] = []
    matches: list[PhrasingMatch] = []
    for p in phrasings:
        if index.any_of(p):
            matches.append(find_phrasing(index, p, polarity=True))
        else:
            unseen.append(p)
    complete = [m for m in matches if m.complete]
    if complete:
        best = max(complete, key=lambda m: (m.similarity, len(m.found)))
        alternative = None if best.phrasing in _written_forms(point.text) else best.phrasing
        return PointResult(
            point.text,
            True,
            alternative,
            best.similarity,
            _evidence(index, best),
            False,
            required=point.required,
            specific=any(_specific(m, prompt, vocabulary) for m in complete),
        )
    if any(
        find_phrasing(index, p, polarity=False).complete
        for p in phrasings
        if not p.deficient and any(index.negated_somewhere(w) for w in p.words)
    ):
        return PointResult(point.text, False, None, 0.0, (), True, required=point.required)
    similarity = max(
        max((_partial(index, m) for m in matches), default=0.0),
        max((_near_only(index, p) for p in unseen), default=0.0),
    )
    return PointResult(
        point.text, False, None, 100.0 * similarity, (), False, required=point.required
    )


def _specific(match: PhrasingMatch, prompt: frozenset[str], vocabulary: Vocabulary | None) -> bool:
    """Made on a phrase of two words or more, or on one word that is neither common nor the
    question's own."""
    words = [w for w in compile_phrasing(match.phrasing).words if w.stem not in prompt]
    if len(match.found) >= 2 and words:
        return True
    return any(not is_generic(w.norm, vocabulary) for w in words)


def _partial(index: AnswerIndex, match: PhrasingMatch) -> float:
    """0..1: how near an incomplete phrasing came: the share of its words found, and a
    little for words only nearly spelt right."""
    found = sum(h.similarity / 100.0 for h in match.found)
    scattered = SCATTERED_SHARE * sum(h.similarity / 100.0 for h in match.elsewhere)
    near = NEAR_MISS_SHARE * sum(index.nearness(w) for w in match.absent)
    return (found + scattered + near) / match.words if match.words else 0.0


def _near_only(index: AnswerIndex, phrasing: Phrasing) -> float:
    """`_partial` of a phrasing none of whose words the answer has: near spellings only."""
    near = NEAR_MISS_SHARE * sum(index.nearness(w) for w in phrasing.words)
    return near / len(phrasing.words)


def score_answer(
    answer: str,
    rubric: Rubric,
    verb: str = "",
    prompts: Sequence[str] = (),
    vocabulary: Vocabulary | None = None,
) -> Score:
    """Score `answer` against `rubric` for a criterion with command verb `verb`.

    `prompts` (the question and criterion text, the criterion last) are used to spot an
    answer that only repeats them, and the criterion's wording says whether it asks for a
    process. `vocabulary` (the bank's, `specificity.bank_vocabulary`) tells which single
    words are too common in the bank to show knowledge alone. Never raises; deterministic.
    """
    truncated = len(answer) > SCORED_ANSWER_CHARS
    text = answer[:SCORED_ANSWER_CHARS] if truncated else answer
    tokens = tokenise(text)
    prompt = _prompt_stems(tuple(prompts))
    parroted = is_parroted(tokens, prompt)
    # A parroted answer earns nothing for the words it took from the question.
    excluded = borrowed_indexes(tokens, prompt) if parroted else frozenset()
    index = AnswerIndex(text, tokens, excluded)
    results = tuple(
        _match_point(index, point, phrasings, prompt, vocabulary)
        for point, phrasings in zip(rubric.points, compile_rubric(rubric), strict=True)
    )
    reasons = gives_reasons(tokens) or linked_reasons(text)
    weighed = gives_judgement(tokens)
    keyword_list = is_keyword_list(text, tokens)
    # By convention the criterion's wording comes last among the prompts.
    asks = demand(verb, prompts[-1] if prompts else "")
    judgement, score = judge(
        rubric,
        results,
        verb,
        reasons_given=reasons,
        keyword_list=keyword_list,
        parroted=parroted,
        judgement_given=weighed,
        asks=asks,
        on_topic=index.on_topic(),
        wording=wording_likeness(rubric, index),
    )
    feedback = write_feedback(
        judgement,
        results,
        verb,
        asks=asks,
        reasons_given=reasons,
        judgement_given=weighed,
        keyword_list=keyword_list,
        parroted=parroted,
        truncated=truncated,
    )
    return Score(
        score=max(0.0, min(1.0, score)),
        judgement=judgement,
        points=results,
        missed=tuple(r.text for r in results if not r.matched),
        feedback=feedback,
        reasons_given=reasons,
        parroted=parroted,
        needed=needed_points(rubric, definition(verb)),
        keyword_list=keyword_list,
        reasons_needed=asks.reasons,
        truncated=truncated,
        judgement_needed=asks.judgement,
        judgement_given=weighed,
        list_allowed=asks.list_ok,
    )
