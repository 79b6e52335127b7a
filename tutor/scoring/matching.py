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
from itertools import pairwise
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

# Words that turn the rest of their clause negative. Not "nothing", "none", "nobody": "it
# costs nothing", "nothing else matters" name a thing, they do not deny an action.
_NEGATORS = word_set(
    """not never nor cannot neither without hardly barely scarcely dont doesnt didnt
    wont wouldnt shouldnt cant couldnt isnt arent wasnt werent havent hasnt hadnt mustnt
    neednt shant"""
)
# "No" negates only before these ("no longer …", "no need to …", "no point in …"): in "no
# base case" it names a missing thing, not an action avoided.
_NO_NEGATES_BEFORE = frozenset({"longer", "need", "point", "reason", "way", "use"})
# "nothing to do with X", "has nothing on X": what follows is denied.
_NOTHING_PHRASES = (("nothing", "to", "do", "with"),)
# Verbs that negate the action after them: "forget to apologise", "avoid jargon". Not
# after "be": "the right to be forgotten", "a call that was stopped" are passives.
_NEGATING_VERBS = word_set(
    """avoid avoids avoided avoiding forget forgets forgot forgetting forgotten
    fail fails failed failing refuse refuses refused refusing neglect neglects neglected
    stop stops stopped"""
)
_FAIL = word_set("fail fails failed failing")
_PASSIVE_BE = word_set("be is are was were been being am get got gets")
# After these a negator does not negate: "not only … but also", "not later than".
_NOT_NEGATING_NEXT = frozenset({"only", "just", "merely", "simply", "doubt", "later"})
# These end a negation's clause: "I would not argue but apologise", "… because …".
_SCOPE_BREAKERS = word_set(
    """but instead however although though yet because so then therefore which while
    whereas unless until if when whilst otherwise since"""
)
# "not true that …", "don't think …", "don't agree that …": the whole claim is denied.
_DENIED_CLAIMS = word_set("true case think believe agree reckon feel")
_CLAIM_BREAKERS = word_set("but however although though because whereas instead")
# A new clause's subject: after a comma, "and" or "or" it ends the negation before it
# ("I would not argue, I would apologise"; "don't shout and you'll calm them").
_SUBJECTS = word_set(
    """i we you they he she it there this that i'd i'll i'm i've we'd we'll we're we've you'd
    you'll you're they'd they'll they're it's it'll there's that's"""
)
# A modal after the negated words starts a new verb: "customers who aren't happy will
# complain".
_MODALS = word_set("will would can could should may might must shall")
# A negator after its subject denies the subject too: "training doesn't matter", "refunds
# aren't given". It reaches back to the clause's start or one of these.
_SUBJECT_STARTS = word_set(
    "and or but if when that who which because so as while whereas although though since"
)
# Across a comma a negation goes on only into a short item of a list: "I would never
# apologise, listen or help" — not into "…, make sure you listen to them".
_LIST_ITEM_WORDS = 10
_NEGATED_VERBS = word_set("dont doesnt didnt wont isnt arent wasnt werent cant")
# "X doesn't matter / isn't important / won't help": the subject itself is dismissed.
_DISMISSALS = word_set(
    """matter matters important needed necessary relevant worth help helps helpful work works
    useful required essential apply applies count counts point"""
)
_DISMISSAL_WORDS = 3  # a dismissal follows its negation within this many words
_SUBJECT_WORDS = 8  # a subject a negation after it denies is at most this long
_VERB_NEGATORS = frozenset({"not"})  # "not" after an auxiliary denies its subject too
_AUXILIARIES = word_set("is are was were do does did will would can could should has have had")
# Typing slips a word may carry: one up to this many letters, two up to the next, then three.
ONE_SLIP_MAX_LETTERS = 7
TWO_SLIPS_MAX_LETTERS = 11
# Words that say something is missing or not good enough: a point that is itself about a
# lack ("lack of training", "poor systems") is made by any of them, or by a negation ("not
# enough training", "staff haven't been trained").
_DEFICIENCY = word_set(
    """lack lacks lacking lacked poor poorly insufficient inadequate inadequately shortage
    shortages short few little limited missing weak low bad badly slow unclear untrained
    unskilled understaffed outdated rubbish terrible awful enough"""
)
# The words that make a phrasing one about a lack.
_DEFICIENCY_MARKS = word_set(
    """lack lacks lacking lacked poor poorly insufficient inadequate inadequately shortage
    shortages missing untrained understaffed"""
)
# Spelling similarity (0-100) below which a near miss earns nothing at all.
NEAR_FLOOR = 40.0
# The nearness of a related form of the word ("productivity" for "product").
RELATED_FORM = 1.0


def is_negator(token: Token) -> bool:
    """A word like "not", "never", "don't" (the negating verbs are content words)."""
    return token.norm in _NEGATORS or token.norm.endswith("n't")


def _starts_negation(tokens: Sequence[Token], i: int) -> bool:
    """Whether the word at `i` negates what follows it in its clause."""
    following = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    if is_negator(tokens[i]):
        return following not in _NOT_NEGATING_NEXT
    if tokens[i].norm == "no":
        return following in _NO_NEGATES_BEFORE
    if tokens[i].norm in _NEGATING_VERBS:
        # "fail to apologise" denies; "if that fails, …" does not.
        if tokens[i].norm in _FAIL and following != "to":
            return False
        return not (i > 0 and tokens[i - 1].norm in _PASSIVE_BE)
    if i > 0 and (tokens[i - 1].norm, tokens[i].norm) in _NEGATING_PAIRS:
        return True
    for phrase in _NOTHING_PHRASES:
        start = i - len(phrase) + 1
        if start >= 0 and tuple(t.norm for t in tokens[start : i + 1]) == phrase:
            return True
    return False


# "instead of arguing", "rather than arguing": what follows is not done either.
_NEGATING_PAIRS = frozenset({("instead", "of"), ("rather", "than")})


# Every word `_starts_negation` can say yes to (a quick test before the full one).
_MAY_NEGATE = (
    _NEGATORS
    | _NEGATING_VERBS
    | {"no"}
    | {second for _, second in _NEGATING_PAIRS}
    | {phrase[-1] for phrase in _NOTHING_PHRASES}
)


def _forward_scope(tokens: Sequence[Token], i: int, starts: Sequence[bool]) -> range:
    """The words a negation at `i` covers: the rest of its clause."""
    token = tokens[i]
    if i + 1 < len(tokens) and tokens[i + 1].norm in _DENIED_CLAIMS:
        return _claim_scope(tokens, i, starts)
    before = [t.norm for t in tokens[:i] if t.sentence == token.sentence]
    in_clause = [t.norm for t in tokens[:i] if t.clause == token.clause]
    conditional = any(n in ("if", "when", "unless") for n in in_clause)
    subordinate = any(n in ("who", "that", "which", "if", "when") for n in before)
    relative = any(n in ("who", "that", "which") for n in before[-2:])
    content = 0
    end = i + 1
    n = len(tokens)
    while end < n:
        other = tokens[end]
        if other.sentence != token.sentence or other.norm in _SCOPE_BREAKERS:
            break
        if _next_negation(tokens, end, starts):
            break
        if other.norm in _MODALS and content and subordinate:
            break
        # "customers who aren't happy want …": a relative clause's predicate is short.
        if relative and content and other.norm not in STOPWORDS:
            break
        previous = tokens[end - 1]
        # A comma: a conditional clause ends here; otherwise only a list goes on.
        if other.clause != previous.clause and (conditional or not _list_item(tokens, end)):
            break
        if previous.norm in ("and", "or") and other.norm in _SUBJECTS:
            break
        # "If I haven't used it before I check the guide": the main clause's subject.
        if conditional and content and other.norm in _SUBJECTS:
            break
        if other.norm not in STOPWORDS:
            content += 1
        end += 1
    return range(i + 1, end)


def _next_negation(tokens: Sequence[Token], j: int, starts: Sequence[bool]) -> bool:
    """Whether a second negation starts at `j`: it takes over from the one before ("it isn't
    true that A and it isn't true that B" denies both). A negating verb does not: "never
    forget to apologise" is a double negation."""
    return starts[j] and tokens[j].norm not in _NEGATING_VERBS


def _claim_scope(tokens: Sequence[Token], i: int, starts: Sequence[bool]) -> range:
    """A denied claim ("it isn't true that …", "I don't think …") covers the whole claim, to
    the end of its sentence or a "but"/"because"."""
    end = i + 1
    while end < len(tokens):
        other = tokens[end]
        if other.sentence != tokens[i].sentence or other.norm in _CLAIM_BREAKERS:
            break
        if _next_negation(tokens, end, starts) or (
            tokens[end - 1].norm in ("and", "or") and other.norm in _SUBJECTS
        ):
            break
        end += 1
    return range(i + 1, end)


def _list_item(tokens: Sequence[Token], start: int) -> bool:
    """Whether the words after a comma read as one more item of a list the negation covers
    ("never apologise, listen or help"; "not provide gloves, a first aid kit and a plan"),
    not a new clause ("…, make sure you listen to them")."""
    clause = tokens[start].clause
    item: list[str] = []
    for t in tokens[start:]:
        if t.clause != clause or (item and t.norm in ("and", "or", "nor")):
            break
        item.append(t.norm)
    if not item or len(item) > _LIST_ITEM_WORDS or any(w in _SUBJECTS for w in item):
        return False
    rest = [t.norm for t in tokens[start:] if t.sentence == tokens[start].sentence]
    return any(w in ("and", "or", "nor") for w in rest)


def _subject_scope(tokens: Sequence[Token], i: int) -> range:
    """The subject a negation after it dismisses: "training doesn't matter", "refunds aren't
    needed". Not in a description: "a linked list does not have a fixed size" still says
    something of a linked list."""
    token = tokens[i]
    verb_form = token.norm.endswith("n't") or token.norm in _NEGATED_VERBS
    if token.norm in _VERB_NEGATORS and i > 0 and tokens[i - 1].norm in _AUXILIARIES:
        verb_form = True
    following = {t.norm for t in tokens[i + 1 : i + 1 + _DISMISSAL_WORDS]}
    if not verb_form or not following & _DISMISSALS:
        return range(0)
    return _subject_before(tokens, i)


# Said of a subject, these dismiss it as a negation would: "benchmarks are pointless",
# "surveys are a waste of paper", "open questions waste time".
_DISMISSIVE = word_set(
    """pointless irrelevant useless unnecessary overkill waste wastes optional rubbish fake
    nonsense gimmick gimmicks"""
)
_WASTED = word_set("time money paper effort")
_COPULAS = word_set("is are was were be been seem seems just really all totally a complete")


def _dismissed_scope(tokens: Sequence[Token], i: int) -> range:
    """The subject a dismissive word at `i` denies: the words before its copula ("surveys
    are a waste"), or before it as a verb ("open questions waste time")."""
    j = i
    while j > 0 and i - j < _DISMISSAL_WORDS and tokens[j - 1].norm in _COPULAS:
        j -= 1
    following = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    # "a pointless exercise" names a thing, "reduce waste" is a good aim: neither dismisses.
    if j == i and not (tokens[i].norm in ("waste", "wastes") and following in _WASTED):
        return range(0)
    return _subject_before(tokens, j)


def _subject_before(tokens: Sequence[Token], i: int) -> range:
    """The subject that ends just before `i`: back to its clause's start, a linking word
    or a pronoun (which is the whole subject)."""
    token = tokens[i]
    start = i
    while start > 0 and i - start < _SUBJECT_WORDS:
        before = tokens[start - 1]
        # A pronoun is the whole subject ("it isn't …"); a negation before is its own.
        if before.norm in _SUBJECTS or is_negator(before):
            break
        # "listen and don't interrupt": the subject is left out, not "listen"; but in
        # "queries and complaints don't matter" both are the subject.
        if (before.clause != token.clause or before.norm in _SUBJECT_STARTS) and (
            before.norm not in ("and", "or") or start == i
        ):
            break
        start -= 1
    return range(start, i)


def negated_indexes(tokens: Sequence[Token]) -> frozenset[int]:
    """Indexes of the words a negation reaches.

    A negation covers the rest of its clause: up to "but", "because", "however", a semicolon
    or full stop, a new clause's subject ("I would not argue, I would apologise"), and across
    commas only through a short list ("never apologise, listen or help"). Said after its
    subject it denies that too ("training doesn't matter"). Negations are counted, so "never
    forget to apologise" stays positive; "not only … but also" is not a negation.
    """
    flips = [0] * len(tokens)
    starts = [
        (t.norm in _MAY_NEGATE or t.norm.endswith("n't")) and _starts_negation(tokens, i)
        for i, t in enumerate(tokens)
    ]
    for i in range(len(tokens)):
        if not starts[i]:
            continue
        for j in _forward_scope(tokens, i, starts):
            flips[j] += 1
        for j in _subject_scope(tokens, i):
            if tokens[j].norm not in _SUBJECTS:
                flips[j] += 1
    denied = {j for j, count in enumerate(flips) if count % 2}
    for i, t in enumerate(tokens):
        if t.norm in _DISMISSIVE:
            denied.update(j for j in _dismissed_scope(tokens, i) if tokens[j].norm not in _SUBJECTS)
    return frozenset(denied)


def is_deficiency_word(token: Token) -> bool:
    return token.norm in _DEFICIENCY


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
    # About a lack ("lack of training"): made by its other words said with any word of lack
    # or under a negation ("poor training", "not enough training"), never "said not to".
    deficient: bool = False


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
        # Two letters, or a common word ("IT", "ID", "HR", "US"): only in capitals.
        capitals = norm in STOPWORDS or len(norm) <= 2
        return _interned(Word(norm, norm, negated, True, 0, False, True, capitals))
    # Judged on the word as written, not its stem: "iteration" (stem "iter") is long enough
    # for "itteration" to be a slip.
    light = light_stem(token.norm)
    exact = exact or is_exact_only(light) or any(ch.isdigit() for ch in token.stem)
    return _interned(
        Word(
            token.norm,
            token.stem,
            negated,
            exact,
            0 if exact else max_edits(light),
            any(ch.isdigit() for ch in token.stem),
        )
    )


_WORDS: dict[tuple[object, ...], Word] = {}


def _interned(word: Word) -> Word:
    """One object for each distinct word, so an answer looks each up once however many
    phrasings of a rubric share it (the answer's cache is keyed by identity)."""
    key = (
        word.norm,
        word.stem,
        word.negated,
        word.exact_only,
        word.max_edits,
        word.number,
        word.acronym,
        word.capitals,
    )
    return _WORDS.setdefault(key, word)


# Every phrasing of the shipped banks fits (a bank check scores them all).
@lru_cache(maxsize=65536)
def compile_phrasing(text: str) -> Phrasing:
    """A phrasing's content words (all its words if it has nothing but function words)."""
    tokens = tokenise(text)
    norms = [t.norm for t in tokens]
    if any(n in _DEFICIENCY_MARKS for n in norms) or any(
        is_negator(a) and b.norm == "enough" for a, b in pairwise(tokens)
    ):
        kept = [
            t
            for t in tokens
            if is_content(t)
            and not is_negator(t)
            and t.norm not in _DEFICIENCY_MARKS
            and t.norm != "enough"
        ]
        if kept:
            lacking: dict[str, Word] = {}
            for t in kept:
                lacking.setdefault(t.stem, _word(t, False))
            return Phrasing(text, tuple(lacking.values()), deficient=True)
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
        # Typo candidates share a word's first two letters (see `hits`): bucketed by them.
        self.by_prefix: dict[str, list[str]] = {}
        for light in self.by_light:
            self.by_prefix.setdefault(light[:2], []).append(light)
        # Per word: every hit, and the hits whose polarity agrees with the word's.
        self._found: dict[Word, tuple[tuple[Hit, ...], tuple[Hit, ...]]] = {}
        self._related: dict[Word, bool] = {}
        self._related_tokens: set[int] = set()
        self._near: dict[str, float] = {}  # by stem: many phrasings share their words
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
        found_ = self._found.get(word) or self._find(word)
        return found_[0]

    def _find(self, word: Word) -> tuple[tuple[Hit, ...], tuple[Hit, ...]]:
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
            budget = word.max_edits
            # A slip in the first letters is rare and makes other words ("listen",
            # "glisten"; "skills", "still"): candidates share the first two letters.
            for other in self.by_prefix.get(light[:2], ()):
                # Short answer words are never fuzzed either.
                if (
                    other == light
                    or abs(len(other) - len(light)) > budget
                    or is_exact_only(other)
                    or OSA.distance(light, other, score_cutoff=budget) > budget
                ):
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
        pair = self._found[word] = (result, tuple(h for h in result if h.polarity_ok))
        self._related[word] = related and not result
        return pair

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
        used = {h.token for hits, _ in self._found.values() for h in hits}
        used.update(self._related_tokens)
        return sum(1 for i in content if i in used) / len(content)

    def hits_as_said(self, word: Word) -> tuple[Hit, ...]:
        """The hits whose polarity agrees with the word's: not negated unless it is."""
        return (self._found.get(word) or self._find(word))[1]

    def says_lack(self, found: Sequence[Hit]) -> bool:
        """Whether the sentence of these words says something is missing or not good enough:
        a word of lack that is not itself denied ("poor", "not enough"), or, without one, the
        words said under a negation ("staff haven't been trained")."""
        if not found:
            return False
        sentences = {self.tokens[h.token].sentence for h in found}
        marks = [t for t in self.tokens if t.sentence in sentences and t.norm in _DEFICIENCY]
        if marks:
            # "not enough" says a lack; "enough" alone does not, nor a denied "poor".
            return any((t.norm == "enough") == (t.position in self.negated) for t in marks)
        return any(h.token in self.negated for h in found)

    def any_of(self, phrasing: Phrasing) -> bool:
        """Whether any word of the phrasing is in the answer as the phrasing says it (a
        phrasing about a lack: in any way, see `find_phrasing`)."""
        said = 0 if phrasing.deficient else 1
        found = self._found
        return any((found.get(word) or self._find(word))[said] for word in phrasing.words)

    def negated_somewhere(self, word: Word) -> bool:
        """Whether the word occurs with the opposite polarity ("never apologise")."""
        every, said = self._found.get(word) or self._find(word)
        return len(said) < len(every)

    def nearness(self, word: Word) -> float:
        """0..1: partial credit for a word that was not found: 1 for a related form
        ("productivity" for "product"), else by the closest spelling ("recursion" for
        "recurrence"); none for numbers, codes and short words."""
        if word.exact_only or not self.content_stems:
            return 0.0
        self.hits(word)
        if self._related.get(word):
            return RELATED_FORM
        near = self._near.get(word.stem)
        if near is None:
            best = process.extractOne(word.stem, self.content_stems, scorer=fuzz.ratio)
            ratio = best[1] if best else 0.0
            near = self._near[word.stem] = max(0.0, (ratio - NEAR_FLOOR) / (100.0 - NEAR_FLOOR))
        return near


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
    if phrasing.deficient:
        match = _in_window(phrasing, [index.hits(w) for w in words])
        if polarity and not index.says_lack(match.found):
            return PhrasingMatch(phrasing.text, (), len(words), words, absent=words)
        return match
    per_word = [index.hits_as_said(w) if polarity else index.hits(w) for w in words]
    if phrasing.ordered:
        return _in_order(phrasing, per_word)
    return _in_window(phrasing, per_word)


def _in_window(phrasing: Phrasing, per_word: Sequence[Sequence[Hit]]) -> PhrasingMatch:
    """The best window holding the phrasing's words, in any order."""
    words = phrasing.words
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
