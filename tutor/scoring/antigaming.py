"""Answers that look like knowledge but are not: the question said back, a bare word list."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tutor.scoring.normalise import STOPWORDS, WORD, Token, tokenise, word_set

# Parroting: at least this many of the prompts' content words said back, with at most one in
# this many of the answer's content words new (and at least one new word allowed).
PARROT_MIN_BORROWED = 2
PARROT_NEW_WORDS_PER = 4
# A keyword list: under this share of function words ("the", "is", "because") …
LIST_MAX_FUNCTION_SHARE = 0.15
# … or at least this many fragments averaging no more than this many words each.
LIST_MIN_FRAGMENTS = 3
LIST_MAX_FRAGMENT_WORDS = 4
# … making up at least this share (2 in 3) of the answer's parts.
LIST_FRAGMENT_SHARE = (2, 3)


def prompt_stems(prompts: Sequence[str]) -> frozenset[str]:
    """The content words (stemmed) of the question and criterion text."""
    return frozenset(t.stem for p in prompts for t in tokenise(p) if t.norm not in STOPWORDS)


def borrowed_indexes(tokens: Sequence[Token], prompt: frozenset[str]) -> frozenset[int]:
    """The answer's words that were taken from the prompts."""
    return frozenset(t.position for t in tokens if t.stem in prompt)


def is_parroted(tokens: Sequence[Token], prompt: frozenset[str]) -> bool:
    """Mostly the prompts' words and little else: "Explain the purpose of customer service"
    answered with "The purpose of customer service is customer service"."""
    content = {t.stem for t in tokens if t.norm not in STOPWORDS}
    if not prompt or not content:
        return False
    borrowed = len(content & prompt)
    new = len(content) - borrowed
    return borrowed >= PARROT_MIN_BORROWED and new <= max(1, len(content) // PARROT_NEW_WORDS_PER)


def is_keyword_list(text: str, tokens: Sequence[Token]) -> bool:
    """Words or short fragments one after another, without sentences joining them: the
    rubric's words run together, or a comma list in which no part says who does what or why
    ("quick response to queries, problems solved quickly, checks satisfaction")."""
    if len(tokens) < 2:
        return bool(tokens)
    parts = _items(text)
    if _enough(sum(1 for p in parts if _item_link(p, colon=True)), len(parts)):
        return False  # notes whose items each say what follows or what they are
    function_words = sum(1 for t in tokens if t.norm in STOPWORDS or t.norm in _SENTENCE_WORDS)
    if function_words / len(tokens) < LIST_MAX_FUNCTION_SHARE:
        return True
    segments = [words for words in (_words(s) for s in _segments(text)) if words]
    if len(segments) < LIST_MIN_FRAGMENTS:
        return False
    sentences = [words for words in segments if _SENTENCE_WORDS & set(words)]
    if not sentences:
        return True
    fragments = [w for w in segments if w not in sentences and len(w) <= LIST_MAX_FRAGMENT_WORDS]
    return len(fragments) * LIST_FRAGMENT_SHARE[1] >= len(segments) * LIST_FRAGMENT_SHARE[0]


# A link inside a note-form item: "faster check-in → happier guests", "guest feels valued -
# more likely to return", "gross pay: what you earn before deductions". It leads to at
# least this many words: "refund - apology" links two keywords, not an idea to its effect.
LINKED_WORDS = 3
# Items that are linked like that, at least this many and this share of the answer's parts.
LINKED_ITEMS = 2
LINKED_SHARE = 0.5
_ARROW = re.compile(r"\s[-\u2013\u2014]\s|->|=>|\u2192")
_COLON = re.compile(r"(?<=\w):\s")


def _item_link(part: str, colon: bool) -> bool:
    """Whether a part of an answer links its first words to at least a short phrase after
    an arrow or a spaced dash (or, with `colon`, a colon)."""
    for pattern in (_ARROW, _COLON) if colon else (_ARROW,):
        match = pattern.search(part)
        if (
            match
            and WORD.search(part[: match.start()])
            and len(WORD.findall(part[match.end() :])) >= LINKED_WORDS
        ):
            return True
    return False


# A note's items: lines, bullets, semicolons, or numbers inline ("1) … 2) …"); commas
# stay inside an item ("→ lower bills, easier budgeting").
_ITEM_BREAK = re.compile(r"[\n;\u2022*|]|\s\d+[.)]\s")


def _items(text: str) -> list[str]:
    return [p for p in _ITEM_BREAK.split(text) if WORD.search(p)]


def _enough(linked: int, parts: int) -> bool:
    return linked >= LINKED_ITEMS and linked >= LINKED_SHARE * parts


def linked_reasons(text: str) -> bool:
    """Note-form reasons: items that lead by an arrow or a dash to what follows from them
    ("1. Guest feels valued - more likely to return"; "price fixed → easier budgeting")."""
    parts = _items(text)
    return _enough(sum(1 for p in parts if _item_link(p, colon=False)), len(parts))


# Words that make a part of an answer a sentence: someone doing something, or a link.
_SENTENCE_WORDS = word_set(
    """i i'm i'd i'll i've we we're we'd we'll you you're you'd you'll they they're they'd
    they'll he she it's there's is are was were will would can could should must do does did
    has have had because so which that if when then means"""
)


def _words(segment: str) -> tuple[str, ...]:
    return tuple(w.casefold().replace("\u2019", "'") for w in WORD.findall(segment))


def _segments(text: str) -> list[str]:
    for mark in ";\n\t•*|/":
        text = text.replace(mark, ",")
    return text.split(",")
