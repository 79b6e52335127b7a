"""Altered answers that must not fool the scorer, made from a question and a sound answer.

Each family takes what a learner could get wrong on purpose or by accident: the points said
negatively, the rubric's words without sentences, the criterion said back, a sound answer
padded, misspelt or in American spelling. The bank's self-test and the scoring evaluation
both use them; they are deterministic (a seeded generator), so a figure can be reproduced.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tutor.banks.model import Rubric
from tutor.scoring.normalise import STOPWORDS, tokenise, word_set

# The families, and what a sound scorer does with each.
NEGATED = "negated"  # the points denied: never met
SALAD = "keyword salad"  # the rubric's words, no sentences: met only for list verbs
COMMA_LIST = "comma list"  # the same words, a comma after each point: met only for lists
PARROTED = "parroted criterion"  # the criterion said back: never met
PADDED = "padded"  # a sound answer inside 400 words of chat: as the answer alone
MISSPELT = "misspelt"  # a sound answer with a fifth of its words mistyped: as the answer
AMERICAN = "US spelling"  # a sound answer in American spelling: as the answer alone

PADDED_WORDS = 400
MISSPELT_SHARE = 0.2

# Chat with nothing to say about any criterion, to pad an answer with.
_FILLER = (
    "I have worked here for about two years now and I mostly do early shifts.",
    "The weather has been awful this week and the bus was late again this morning.",
    "My team leader is called Sam and she has been here longer than anyone.",
    "We had a new coffee machine put in the staff room last month.",
    "On Fridays it gets really busy after four o'clock.",
    "I am hoping to go on holiday to Spain in the summer with my sister.",
    "The car park is being resurfaced so everyone parks on the street for now.",
    "I like the people I work with and the canteen does a decent lunch.",
)

# British spellings and the American ones a learner might type instead. Written apart from
# the scorer's own table (normalise.british) on purpose: the family tests that table.
_TO_AMERICAN = {
    "behaviour": "behavior",
    "colour": "color",
    "favour": "favor",
    "honour": "honor",
    "labour": "labor",
    "neighbour": "neighbor",
    "centre": "center",
    "theatre": "theater",
    "licence": "license",
    "defence": "defense",
    "offence": "offense",
    "cancelled": "canceled",
    "travelled": "traveled",
    "labelled": "labeled",
    "judgement": "judgment",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "programme": "program",
    "enquiry": "inquiry",
    "enquiries": "inquiries",
    "cheque": "check",
    "tyre": "tire",
    "fulfil": "fulfill",
    "enrol": "enroll",
    "ageing": "aging",
    "practise": "practice",
}
_ISE = re.compile(r"\b(\w{3,}?)is(e|es|ed|ing|ation|ations|ational|er|ers)\b")
_ISE_KEEP = word_set(
    """
    advise advertise compromise comprise demise despise devise exercise expertise franchise
    improvise merchandise premise promise revise supervise surprise televise wise rise
    raise praise noise poise cruise otherwise likewise precise concise
    """
)


@dataclass(frozen=True)
class Altered:
    family: str
    text: str


def negated(rubric: Rubric, model_answer: str) -> Iterator[str]:
    """The points denied, in the ways learners deny things."""
    points = [p.text for p in rubric.points]
    if not points:
        return
    yield " ".join(f"It is not {p}." for p in points)
    yield " ".join(f"You would never {p}." for p in points)
    # Short points also as one list under one negation: "never apologise, listen or help".
    short = [p for p in points if len(p.split()) <= 3]
    if len(short) >= 2:
        yield f"I would never {', '.join(short[:-1])} or {short[-1]}."
    yield " ".join(f"{p.capitalize()} doesn't matter." for p in points)
    yield " ".join(f"It has nothing to do with {p}." for p in points)
    if model_answer:
        yield " ".join(_deny(s) for s in _sentences(model_answer))


_AUXILIARY = re.compile(
    r"\b(is|are|was|were|can|will|would|should|must|could|do|does|did|has|have|had)\b", re.I
)


def _deny(sentence: str) -> str:
    """A sentence said negatively, as a learner who disagrees would: each clause with "not"
    after its first auxiliary, or else "it isn't true that" before it."""
    clauses = re.split(r"(,\s*|;\s*|\s+(?:but|because|so|which|and)\s+)", sentence)
    for k in range(0, len(clauses), 2):
        clause = clauses[k]
        if not clause.strip():
            continue
        match = _AUXILIARY.search(clause)
        if match:
            clauses[k] = f"{clause[: match.end()]} not{clause[match.end() :]}"
        else:
            clauses[k] = f"it isn't true that {clause[0].lower()}{clause[1:]}"
    denied = "".join(clauses)
    return denied[0].upper() + denied[1:]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def salad(rubric: Rubric) -> str:
    """The points' content words, one after another."""
    return " ".join(
        t.text for p in rubric.points for t in tokenise(p.text) if t.norm not in STOPWORDS
    )


def comma_list(rubric: Rubric) -> str:
    """Each point's content words, the points separated by commas."""
    return ", ".join(
        " ".join(t.text for t in tokenise(p.text) if t.norm not in STOPWORDS) for p in rubric.points
    )


def padded(answer: str, seed: int = 0) -> str:
    """The answer with chat before and after it, to `PADDED_WORDS` words in all."""
    rng = random.Random(seed)
    before: list[str] = []
    after: list[str] = []
    words = len(answer.split())
    while words < PADDED_WORDS:
        sentence = rng.choice(_FILLER)
        (before if rng.random() < 0.5 else after).append(sentence)
        words += len(sentence.split())
    return " ".join([*before, answer, *after])


def misspelt(answer: str, seed: int = 0) -> str:
    """A fifth of the answer's words of five letters or more with two letters swapped."""
    rng = random.Random(seed)
    words = list(re.finditer(r"[A-Za-z]{5,}", answer))
    chosen = sorted(rng.sample(words, round(len(words) * MISSPELT_SHARE)), key=lambda m: m.start())
    out, last = [], 0
    for match in chosen:
        word = match.group()
        at = rng.randrange(2, len(word) - 1)
        out += [
            answer[last : match.start()],
            word[: at - 1],
            word[at],
            word[at - 1],
            word[at + 1 :],
        ]
        last = match.end()
    return "".join([*out, answer[last:]])


def american(answer: str) -> str:
    """The answer in American spelling: -ize, -or, -er, -og, -ense and the rest."""

    def one(match: re.Match[str]) -> str:
        word = match.group()
        lower = word.lower()
        if lower in _TO_AMERICAN:
            new = _TO_AMERICAN[lower]
        elif lower not in _ISE_KEEP and (found := _ISE.fullmatch(lower)):
            new = f"{found.group(1)}iz{found.group(2)}"
        else:
            return word
        return new.capitalize() if word[0].isupper() else new

    return re.sub(r"[A-Za-z]+", one, answer)


def altered(
    rubric: Rubric, model_answer: str, criterion_text: str, sound: str = "", seed: int = 0
) -> list[Altered]:
    """Every family for one question; the sound answer (else the model answer) is the one
    padded, misspelt and respelt."""
    base = sound or model_answer
    out = [Altered(NEGATED, text) for text in negated(rubric, model_answer)]
    out += [
        Altered(SALAD, salad(rubric)),
        Altered(COMMA_LIST, comma_list(rubric)),
        Altered(PARROTED, criterion_text),
    ]
    if base:
        out += [
            Altered(PADDED, padded(base, seed)),
            Altered(MISSPELT, misspelt(base, seed)),
            Altered(AMERICAN, american(base)),
        ]
    return out
