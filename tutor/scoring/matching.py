"""Finding a rubric point's phrasings in an answer, word by word, never inside other words.

A phrasing is reduced to its content words (stemmed). Each is looked for among the answer's
words: the same stem, or a typo of it (more edits allowed as words get longer; numbers,
codes and short words only exactly). A phrasing of several words matches when its words
occur close together, in any order. A word under negation ("I would never apologise") does
not count for a phrasing that is not itself negated, and the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from tutor.scoring.normalise import STOPWORDS, Token, is_exact_only, tokenise, word_set

# Words that turn what follows in their clause negative.
_NEGATORS = word_set(
    """not never nor cannot none neither without nobody nothing nowhere dont doesnt didnt
    wont wouldnt shouldnt cant couldnt isnt arent wasnt werent havent hasnt hadnt mustnt
    neednt shant"""
)
# Verbs that negate the one action after them: "forget to apologise", "avoid jargon".
_NEGATING_VERBS = word_set(
    """avoid avoids avoided avoiding forget forgets forgot forgetting forgotten
    fail fails failed failing refuse refuses refused refusing neglect neglects neglected
    stop stops stopped"""
)
# After these a negator does not negate: "not only … but also", "no matter what".
_NOT_NEGATING_NEXT = frozenset({"only", "just", "merely", "simply", "matter", "doubt", "later"})
# These end a negation's reach inside a clause: "I would not argue but apologise".
_SCOPE_BREAKERS = word_set(
    "but instead however although though yet because so then therefore which while whereas"
)
# "instead of arguing", "rather than arguing": what follows is not done either.
_NEGATING_PAIRS = frozenset({("instead", "of"), ("rather", "than")})
_SCOPE_WORDS = 6  # at most this many words after the negation …
_SCOPE_CONTENT = 1  # … reaching only the next content word: "never (ever) apologise"
# Words a negation passes over to reach what it negates.
_NEGATION_PASSES = word_set("ever even really actually necessarily always just bother")
# Spelling similarity (0-100) below which a near miss earns nothing at all.
NEAR_FLOOR = 50.0


def is_negator(token: Token) -> bool:
    """A word like "not", "never", "don't" (the negating verbs are content words)."""
    return token.norm in _NEGATORS or token.norm.endswith("n't")


def _negation_reach(tokens: Sequence[Token], i: int) -> int:
    """How many content words the word at `i` negates after it (0: it negates nothing)."""
    following = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    if is_negator(tokens[i]):
        return 0 if following in _NOT_NEGATING_NEXT else _SCOPE_CONTENT
    if tokens[i].norm in _NEGATING_VERBS:
        return 1
    return int(i > 0 and (tokens[i - 1].norm, tokens[i].norm) in _NEGATING_PAIRS)


def negated_indexes(tokens: Sequence[Token]) -> frozenset[int]:
    """Indexes of the words a negation reaches.

    Negations are counted, so "never forget to apologise" stays positive. A negation reaches
    the next content word ("would not ever apologise"; "never say sorry" negates "say", so
    the phrase is not made), and stops at the end of its clause or at "but", "because" ….
    "No" is left alone: in "no base case" it names a missing thing, not an action avoided.
    """
    flips = [0] * len(tokens)
    for i, token in enumerate(tokens):
        reach = _negation_reach(tokens, i)
        # "never forget to apologise": a negated "forget" negates nothing.
        if not reach or (flips[i] % 2 and token.norm in _NEGATING_VERBS):
            continue
        content = 0
        for j in range(i + 1, min(len(tokens), i + 1 + _SCOPE_WORDS)):
            other = tokens[j]
            if other.clause != token.clause or other.norm in _SCOPE_BREAKERS:
                break
            flips[j] += 1
            if other.norm not in STOPWORDS and other.norm not in _NEGATION_PASSES:
                content += 1
                if content == reach:
                    break
    return frozenset(j for j, count in enumerate(flips) if count % 2)


@dataclass(frozen=True, eq=False)  # compared by identity: a fast key for the hit cache
class Word:
    """A content word of a phrasing, and whether the phrasing says it under negation."""

    norm: str
    stem: str
    negated: bool
    exact_only: bool
    max_edits: int
    number: bool  # a number or code: never left out of a phrase


@dataclass(frozen=True)
class Phrasing:
    text: str
    words: tuple[Word, ...]


def max_edits(stem: str) -> int:
    """How many typing slips a word may carry and still count: more for longer words."""
    if is_exact_only(stem):
        return 0
    if len(stem) <= 7:
        return 1
    if len(stem) <= 11:
        return 2
    return 3


@lru_cache(maxsize=4096)
def compile_phrasing(text: str) -> Phrasing:
    """A phrasing's content words (all its words if it has nothing but function words)."""
    tokens = tokenise(text)
    negated = negated_indexes(tokens)
    content = [
        t for t in tokens if t.norm not in STOPWORDS and not is_negator(t) and t.norm != "of"
    ]
    if not content:
        content = [t for t in tokens if not is_negator(t)] or list(tokens)
    words: dict[str, Word] = {}
    for t in content:
        words.setdefault(
            t.stem,
            Word(
                t.norm,
                t.stem,
                t.index in negated,
                is_exact_only(t.stem),
                max_edits(t.stem),
                any(ch.isdigit() for ch in t.stem),
            ),
        )
    return Phrasing(text, tuple(words.values()))


class Hit(NamedTuple):
    """An answer word found for a phrasing word (a named tuple: built by the thousand)."""

    token: int
    similarity: float
    polarity_ok: bool


class AnswerIndex:
    """An answer's words, prepared once for every phrasing looked for in it."""

    def __init__(self, text: str, tokens: Sequence[Token], excluded: frozenset[int] = frozenset()):
        self.text = text
        self.tokens = tuple(tokens)
        self.negated = negated_indexes(self.tokens)
        self.by_stem: dict[str, list[int]] = {}
        for t in self.tokens:
            if t.index not in excluded:
                self.by_stem.setdefault(t.stem, []).append(t.index)
        self.stems = list(self.by_stem)
        self._hits: dict[Word, tuple[Hit, ...]] = {}
        self._positive: dict[Word, tuple[Hit, ...]] = {}

    def hits(self, word: Word) -> tuple[Hit, ...]:
        """Every answer word that is this word, allowing for typos where the word is long."""
        cached = self._hits.get(word)
        if cached is not None:
            return cached
        found: list[Hit] = []
        for index in self.by_stem.get(word.stem, ()):
            found.append(Hit(index, 100.0, (index in self.negated) == word.negated))
        if word.max_edits:
            for stem, _, _ in process.extract(
                word.stem,
                self.stems,
                scorer=OSA.distance,
                score_cutoff=word.max_edits,
                limit=None,
            ):
                # A slip in the first letter is rare and makes other words ("listen",
                # "glisten"); short answer words are never fuzzed either.
                if stem == word.stem or stem[0] != word.stem[0] or is_exact_only(stem):
                    continue
                similarity = fuzz.ratio(word.stem, stem)
                for index in self.by_stem[stem]:
                    found.append(Hit(index, similarity, (index in self.negated) == word.negated))
        result = tuple(sorted(found, key=lambda h: h.token))
        self._hits[word] = result
        return result

    def hits_as_said(self, word: Word) -> tuple[Hit, ...]:
        """The hits whose polarity agrees with the word's: not negated unless it is."""
        cached = self._positive.get(word)
        if cached is None:
            cached = self._positive[word] = tuple(h for h in self.hits(word) if h.polarity_ok)
        return cached

    def negated_somewhere(self, word: Word) -> bool:
        """Whether the word occurs with the opposite polarity ("never apologise")."""
        return len(self.hits_as_said(word)) < len(self.hits(word))

    def nearness(self, word: Word) -> float:
        """0..1: partial credit for the answer word closest in spelling to a word that was not
        found ("recursion" for "recurrence"); none for numbers, codes and short words."""
        if word.exact_only or not self.stems:
            return 0.0
        best = process.extractOne(word.stem, self.stems, scorer=fuzz.ratio)
        ratio = best[1] if best else 0.0
        return max(0.0, (ratio - NEAR_FLOOR) / (100.0 - NEAR_FLOOR))


@dataclass(frozen=True)
class PhrasingMatch:
    """The best place a phrasing was found: which words, how many of them, how closely."""

    phrasing: str
    found: tuple[Hit, ...]  # one per phrasing word found, in the window
    words: int
    missing: tuple[Word, ...] = ()  # not in the window
    elsewhere: tuple[Hit, ...] = ()  # missing words that are in the answer, but far away
    absent: tuple[Word, ...] = ()  # missing words that are nowhere in the answer

    @property
    def coverage(self) -> float:
        return len(self.found) / self.words if self.words else 0.0

    @property
    def similarity(self) -> float:
        """0-100: the share of words found times how closely they were typed."""
        if not self.found:
            return 0.0
        return self.coverage * sum(h.similarity for h in self.found) / len(self.found)

    @property
    def complete(self) -> bool:
        """All words found; a phrasing of four or more words may lack one, but never a
        number or code ("within 14 days" is not "within 28 days")."""
        needed = self.words if self.words < 4 else self.words - 1
        if any(w.number for w in self.missing):
            return False
        return len(self.found) >= needed


def window_for(words: int) -> int:
    """How far apart (in words) a phrasing's words may be and still read as one phrase."""
    return 2 * words + 2


def find_phrasing(index: AnswerIndex, phrasing: Phrasing, polarity: bool) -> PhrasingMatch:
    """The best window holding the phrasing's words, in any order.

    With `polarity` only words with the phrasing's own polarity count; without it negated
    mentions count too (to tell a learner their point was negated).
    """
    words = phrasing.words
    per_word = [index.hits_as_said(w) if polarity else index.hits(w) for w in words]
    k = len(words)
    if k == 1:
        if not per_word[0]:
            return PhrasingMatch(phrasing.text, (), 1, words, absent=words)
        best = max(per_word[0], key=lambda h: (h.similarity, -h.token))
        return PhrasingMatch(phrasing.text, (best,), 1)
    span = window_for(k)
    best_chosen: list[Hit] = []
    best_key = (0, 0.0)
    for anchor in sorted({h.token for hits in per_word for h in hits}):
        chosen = []
        for hits in per_word:
            inside = [h for h in hits if anchor <= h.token <= anchor + span]
            if inside:
                chosen.append(max(inside, key=lambda h: h.similarity))
        key = (len(chosen), sum(h.similarity for h in chosen))
        if key > best_key:
            best_key, best_chosen = key, chosen
            if len(chosen) == k and key[1] >= 100.0 * k:
                break
    in_window = {h.token for h in best_chosen}
    missing, elsewhere, absent = [], [], []
    for word, hits in zip(words, per_word, strict=True):
        if any(h.token in in_window for h in hits):
            continue
        missing.append(word)
        if hits:
            elsewhere.append(max(hits, key=lambda h: h.similarity))
        else:
            absent.append(word)
    return PhrasingMatch(
        phrasing.text, tuple(best_chosen), k, tuple(missing), tuple(elsewhere), tuple(absent)
    )
