"""Short, friendly, specific feedback in British English: what was covered, what to add."""

from __future__ import annotations

from collections.abc import Sequence

from tutor.banks.verbs import Demand, definition
from tutor.scoring.result import Judgement, PointResult


def join_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _quoted(points: Sequence[PointResult]) -> list[str]:
    return [f"“{p.text}”" for p in points]


def write_feedback(
    judgement: Judgement,
    results: Sequence[PointResult],
    verb: str,
    *,
    asks: Demand,
    reasons_given: bool,
    keyword_list: bool,
    parroted: bool,
    judgement_given: bool = False,
    truncated: bool = False,
) -> str:
    """One to three sentences naming the covered points and what would meet the criterion."""
    covered = [r for r in results if r.matched]
    missed = [r for r in results if not r.matched]
    negated = [r for r in missed if r.negated]
    asking = (definition(verb).name if verb else "mention").lower()
    if asking == "describe" and not verb:
        asking = "mention"
    parts: list[str] = []
    if parroted:
        parts.append(
            "Your answer mostly repeats the question: put it in your own words and say "
            "what you know."
        )
    elif covered:
        parts.append(f"You covered {join_words(_quoted(covered))}.")
    elif not results:
        parts.append("There is nothing to score this answer against yet.")
    else:
        parts.append("Your answer does not make the points this criterion asks for yet.")
    if negated:
        parts.append(
            f"You said not to {join_words(_quoted(negated))}, but that is one of the points."
        )
    if judgement is Judgement.MET:
        if missed:
            parts.append(f"Well done. You could also {asking} {join_words(_quoted(missed[:3]))}.")
        else:
            parts.append("Well done: that meets the criterion.")
    else:
        if missed:
            parts.append(
                f"To meet this criterion, also {asking} {join_words(_quoted(missed[:3]))}."
            )
        if keyword_list and covered and not asks.list_ok:
            parts.append("Write in sentences and say how or why each point matters.")
        elif asks.reasons and not reasons_given and covered:
            parts.append("Give reasons too: say why, or what it leads to (“so that …”).")
        elif asks.judgement and not judgement_given and covered:
            parts.append("Weigh it up too: what works well, what does not, and what you conclude.")
    if truncated:
        parts.append("Only the first part of a very long answer was scored.")
    return " ".join(parts)
