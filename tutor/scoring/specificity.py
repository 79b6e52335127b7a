"""How much a single word says about which criterion an answer meets.

"Manager", "email" or "customer" turn up in a wrong answer as easily as in a right one: a
word that many of the bank's rubrics use, or that is among the commonest words of English,
is generic. A point matched on such a word alone is still a point, but it does not by itself
show enough for "partly met". A phrase of two words or more is specific.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from threading import Lock

from tutor.banks.model import Bank, Rubric

# A word used by more than this share of the rubrics is generic …
GENERIC_SPREAD = 0.04
# … (in a bank of at least this many rubrics: in a handful, every word is widespread) …
SPREAD_MIN_RUBRICS = 100
# … and so is one this common in English (Zipf: log10 of uses per thousand million words,
# from pyspellchecker's spoken-English counts; "help", "time", "good" are above it,
# "listen", "trust", "refund" below).
GENERIC_ZIPF = 5.5


@dataclass(frozen=True)
class Vocabulary:
    """How many of a bank's rubrics use each word (without its inflection: "customers" is
    "customer")."""

    rubrics: int = 0
    spread: dict[str, int] = field(default_factory=dict)

    def share(self, stem: str) -> float:
        """The share of the rubrics using the word; 0 in a bank too small to tell."""
        if self.rubrics < SPREAD_MIN_RUBRICS:
            return 0.0
        return self.spread.get(stem, 0) / self.rubrics

    def is_widespread(self, stem: str) -> bool:
        """Whether the bank's rubrics use the word too widely for it to say much alone."""
        return self.share(stem) > GENERIC_SPREAD

    def widespread(self) -> frozenset[str]:
        """Every widespread word: all a judgement takes from the vocabulary, so judgements
        made under one vocabulary hold under another with the same widespread words."""
        return frozenset(stem for stem in self.spread if self.is_widespread(stem))


def vocabulary(rubrics: Iterable[Rubric]) -> Vocabulary:
    """The spread of every phrasing word over these rubrics."""
    from tutor.scoring.normalise import WORD, light_stem, normalise_word

    spread: dict[str, int] = {}
    count = 0
    for rubric in rubrics:
        count += 1
        words = {
            w for point in rubric.points for text in point.phrasings for w in WORD.findall(text)
        }
        stems = {light_stem(normalise_word(w)) for w in words}
        for stem_ in stems:
            spread[stem_] = spread.get(stem_, 0) + 1
    return Vocabulary(count, spread)


_BANKS: dict[int, tuple[Bank, Vocabulary]] = {}
_LOCK = Lock()


def bank_vocabulary(bank: Bank) -> Vocabulary:
    """The vocabulary of a loaded bank, worked out once per bank object."""
    with _LOCK:
        known = _BANKS.get(id(bank))
        if known is not None and known[0] is bank:
            return known[1]
    rubrics = (
        q.rubric
        for unit in bank.units.values()
        for _, criterion in unit.criteria()
        for q in criterion.questions
        if q.rubric.points
    )
    found = vocabulary(rubrics)
    with _LOCK:
        _BANKS[id(bank)] = (bank, found)
    return found


def zipf(word: str) -> float:
    """How common a word is in English (0 when the word list does not know it)."""
    from tutor.scoring.normalise import word_frequencies

    counts, total = word_frequencies()
    count = counts.get(word, 0)
    return math.log10(count / total * 1e9) if count and total else 0.0


def is_generic(word: str, vocabulary: Vocabulary | None) -> bool:
    """Whether one (normalised) word alone says too little to show knowledge of a criterion."""
    from tutor.scoring.normalise import light_stem

    if vocabulary is not None and vocabulary.is_widespread(light_stem(word)):
        return True
    return zipf(word) >= GENERIC_ZIPF
