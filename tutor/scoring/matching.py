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

from tutor.scoring.normalise import (
    STOPWORDS,
    Token,
    extension,
    is_acronym,
    is_derivation,
    is_exact_only,
    is_known_word,
    light_stem,
    tokenise,
    word_set,
)

# Words that turn what follows in their clause negative. Not "nothing", "none", "nobody":
# "it costs nothing", "nothing else matters" name a thing, they do not deny an action.
_NEGATORS = word_set(
    """not never nor cannot neither without hardly barely scarcely dont doesnt didnt
    wont wouldnt shouldnt cant couldnt isnt arent wasnt werent havent hasnt hadnt mustnt
    neednt shant"""
)
# "No" negates only as "no longer …" and "no need to …": in "no base case" it names a
# missing thing, not an action avoided.
_NO_NEGATES_BEFORE = frozenset({"longer", "need"})
# Verbs that negate the one action after them: "forget to apologise", "avoid jargon". Not
# after "be": "the right to be forgotten", "a call that was stopped" are passives.
_NEGATING_VERBS = word_set(
    """avoid avoids avoided avoiding forget forgets forgot forgetting forgotten
    fail fails failed failing refuse refuses refused refusing neglect neglects neglected
    stop stops stopped"""
)
_PASSIVE_BE = word_set("be is are was were been being am get got gets")
# After these a negator does not negate: "not only … but also", "no matter what".
_NOT_NEGATING_NEXT = frozenset({"only", "just", "merely", "simply", "matter", "doubt", "later"})
# These end a negation's reach inside a clause: "I would not argue but apologise".
_SCOPE_BREAKERS = word_set(
    "but instead however although though yet because so then therefore which while whereas"
)
# "instead of arguing", "rather than arguing": what follows is not done either.
_NEGATING_PAIRS = frozenset({("instead", "of"), ("rather", "than")})
# Typing slips a word may carry: one up to this many letters, two up to the next, then three.
ONE_SLIP_MAX_LETTERS = 7
TWO_SLIPS_MAX_LETTERS = 11
_SCOPE_WORDS = 6  # at most this many words after the negation …
_SCOPE_CONTENT = 1  # … reaching only the next content word: "never (ever) apologise"
# Words a negation passes over to reach what it negates.
_NEGATION_PASSES = word_set(
    "ever even really actually necessarily always just bother longer need needs"
)
# Spelling similarity (0-100) below which a near miss earns nothing at all.
NEAR_FLOOR = 40.0
# The nearness of a related form of the word ("productivity" for "product").
RELATED_FORM = 1.0


def is_negator(token: Token) -> bool:
    """A word like "not", "never", "don't" (the negating verbs are content words)."""
    return token.norm in _NEGATORS or token.norm.endswith("n't")


def _negation_reach(tokens: Sequence[Token], i: int) -> int:
    """How many content words the word at `i` negates after it (0: it negates nothing)."""
    following = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    if is_negator(tokens[i]):
        return 0 if following in _NOT_NEGATING_NEXT else _SCOPE_CONTENT
    if tokens[i].norm == "no":
        return 1 if following in _NO_NEGATES_BEFORE else 0
    if tokens[i].norm in _NEGATING_VERBS:
        return 0 if i > 0 and tokens[i - 1].norm in _PASSIVE_BE else 1
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
    acronym: bool = False  # written in capitals ("SMART", "IT"): only that word, exactly
    capitals: bool = False  # an acronym that is also a function word ("IT"): capitals only

    @property
    def light(self) -> str:
        return light_stem(self.norm)


@dataclass(frozen=True)
class Phrasing:
    text: str
    words: tuple[Word, ...]
    # Its words in this order, next to each other: a short phrase whose only content word
    # is a common one ("live up to", "stay with us", "one-to-one") is nothing without them.
    ordered: bool = False


def max_edits(word: str) -> int:
    """How many typing slips a word may carry and still count: more for longer words."""
    if is_exact_only(word):
        return 0
    if len(word) <= ONE_SLIP_MAX_LETTERS:
        return 1
    if len(word) <= TWO_SLIPS_MAX_LETTERS:
        return 2
    return 3


# A phrase whose one content word is this short keeps its function words as context.
_CONTEXT_WORD_LENGTH = 6
# Function words that add no context even then: "be polite" is "polite", "log it" is "log".
_NO_CONTEXT = word_set(
    """a an the be am is are was were been being do does did will would i me my we us our
    you your it its they them their he him his she her this that these those"""
)


def is_content(token: Token) -> bool:
    """Whether a word can carry a point: not a function word, unless written as an acronym
    ("IT" is the subject, "it" a pronoun)."""
    return (token.norm not in STOPWORDS and token.norm != "of") or is_acronym(token.text)


def _word(token: Token, negated: bool, *, exact: bool = False) -> Word:
    acronym = is_acronym(token.text) and token.norm.isalpha()
    if acronym:
        norm = token.norm[:-1] if token.text[-1] == "s" and len(token.text) > 2 else token.norm
        return Word(norm, norm, negated, True, 0, False, True, norm in STOPWORDS)
    # Judged on the word as written, not its stem: "iteration" (stem "iter") is long enough
    # for "itteration" to be a slip.
    light = light_stem(token.norm)
    exact = exact or is_exact_only(light) or any(ch.isdigit() for ch in token.stem)
    return Word(
        token.norm,
        token.stem,
        negated,
        exact,
        0 if exact else max_edits(light),
        any(ch.isdigit() for ch in token.stem),
    )


@lru_cache(maxsize=4096)
def compile_phrasing(text: str) -> Phrasing:
    """A phrasing's content words (all its words if it has nothing but function words)."""
    tokens = tokenise(text)
    negated = negated_indexes(tokens)
    content = [t for t in tokens if is_content(t) and not is_negator(t)]
    in_order = [t for t in tokens if t.norm not in _NO_CONTEXT and not is_negator(t)]
    if (
        len(content) <= 1
        and len(in_order) > 1
        and not negated
        and not any(is_negator(t) for t in tokens)
        and all(len(t.norm) <= _CONTEXT_WORD_LENGTH and not is_acronym(t.text) for t in content)
    ):
        words = tuple(_word(t, False, exact=t not in content) for t in in_order)
        return Phrasing(text, words, ordered=True)
    if not content:
        content = [t for t in tokens if not is_negator(t)] or list(tokens)
    unique: dict[str, Word] = {}
    for t in content:
        word = _word(t, t.position in negated)
        unique.setdefault(word.stem, word)
    return Phrasing(text, tuple(unique.values()))


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
        self.by_norm: dict[str, list[int]] = {}
        self.by_light: dict[str, list[int]] = {}
        for t in self.tokens:
            if t.position not in excluded:
                self.by_stem.setdefault(t.stem, []).append(t.position)
                self.by_norm.setdefault(t.norm, []).append(t.position)
                self.by_light.setdefault(light_stem(t.norm), []).append(t.position)
        self.stems = list(self.by_stem)
        # Near misses are looked for among content words: "an" is nobody's near "and".
        self.content_stems = [
            stem
            for stem, found in self.by_stem.items()
            if self.tokens[found[0]].norm not in STOPWORDS
        ]
        self.lights = list(self.by_light)
        self._hits: dict[Word, tuple[Hit, ...]] = {}
        self._positive: dict[Word, tuple[Hit, ...]] = {}
        self._related: dict[Word, bool] = {}
        self._related_tokens: set[int] = set()
        self._content: list[int] | None = None

    def _hit(self, index: int, similarity: float, word: Word) -> Hit:
        return Hit(index, similarity, (index in self.negated) == word.negated)

    def hits(self, word: Word) -> tuple[Hit, ...]:
        """Every answer word that is this word, allowing for typos where the word is long.

        The same stem counts unless one form only adds a derivation ("product" is not
        "productivity"). A typo must look like one: the same first two letters, within the
        word's budget of edits once inflections are set aside, and not itself another
        English word ("contact" is not a slip for "contract").
        """
        cached = self._hits.get(word)
        if cached is not None:
            return cached
        found: list[Hit] = []
        related = False
        if word.acronym:
            for norm in (word.norm, word.norm + "s"):
                for index in self.by_norm.get(norm, ()):
                    if not word.capitals or self.tokens[index].text.isupper():
                        found.append(self._hit(index, 100.0, word))
        else:
            for index in self.by_stem.get(word.stem, ()):
                if is_derivation(word.norm, self.tokens[index].norm):
                    related = True
                    self._related_tokens.add(index)
                else:
                    found.append(self._hit(index, 100.0, word))
        if word.max_edits:
            light = word.light
            for other, _, _ in process.extract(
                light, self.lights, scorer=OSA.distance, score_cutoff=word.max_edits, limit=None
            ):
                # A slip in the first letters is rare and makes other words ("listen",
                # "glisten"; "skills", "still"); short answer words are never fuzzed either.
                if other == light or other[:2] != light[:2] or is_exact_only(other):
                    continue
                for index in self.by_light[other]:
                    token = self.tokens[index]
                    if token.stem == word.stem:
                        continue  # judged above
                    if extension(light, other) or extension(word.norm, token.norm):
                        related = True  # "complain" / "complaint": a relative, not a slip
                        self._related_tokens.add(index)
                    elif not is_known_word(token.norm):
                        found.append(self._hit(index, fuzz.ratio(light, other), word))
            for index in self.by_light.get(light, ()):
                if self.tokens[index].stem != word.stem:  # "needs"/"need" the stemmer split
                    found.append(self._hit(index, 100.0, word))
        result = tuple(sorted(found, key=lambda h: h.token))
        self._hits[word] = result
        self._related[word] = related and not result
        return result

    def content_indexes(self) -> list[int]:
        """The answer's content words (not function words, not words set aside)."""
        if self._content is None:
            self._content = [t.position for t in self.tokens if t.norm not in STOPWORDS]
            self._content = [i for i in self._content if self.tokens[i].stem in self.by_stem]
        return self._content

    def on_topic(self) -> float:
        """0..1: the share of the answer's content words that were found for some word of the
        phrasings looked for so far (the rubric's subject), typed or related forms alike."""
        content = self.content_indexes()
        if not content:
            return 0.0
        used = {h.token for hits in self._hits.values() for h in hits}
        used.update(self._related_tokens)
        return sum(1 for i in content if i in used) / len(content)

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
        """0..1: partial credit for a word that was not found: 1 for a related form
        ("productivity" for "product"), else by the closest spelling ("recursion" for
        "recurrence"); none for numbers, codes and short words."""
        if word.exact_only or not self.content_stems:
            return 0.0
        self.hits(word)
        if self._related.get(word):
            return RELATED_FORM
        best = process.extractOne(word.stem, self.content_stems, scorer=fuzz.ratio)
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
    ordered: bool = False  # a short phrase found only word for word

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
        needed = self.words if self.words < 4 or self.ordered else self.words - 1
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
    if phrasing.ordered:
        return _in_order(phrasing, per_word)
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


# In a phrase matched word for word, at most this many other words between two of its own:
# "how the customer feels", "stay on with us".
_ORDER_GAP = 2


def _in_order(phrasing: Phrasing, per_word: Sequence[Sequence[Hit]]) -> PhrasingMatch:
    """The longest run of the phrasing's words in its own order, next to each other."""
    best: list[Hit] = []
    for first in per_word[0]:
        chain = [first]
        for hits in per_word[1:]:
            after = chain[-1].token
            following = [h for h in hits if after < h.token <= after + 1 + _ORDER_GAP]
            if not following:
                break
            chain.append(following[0])
        if len(chain) > len(best):
            best = chain
            if len(best) == len(per_word):
                break
    words = phrasing.words
    missing = words[len(best) :]
    elsewhere = tuple(max(h, key=lambda x: x.similarity) for h in per_word[len(best) :] if h)
    absent = tuple(w for w, h in zip(missing, per_word[len(best) :], strict=True) if not h)
    return PhrasingMatch(
        phrasing.text, tuple(best), len(words), missing, elsewhere, absent, ordered=True
    )
