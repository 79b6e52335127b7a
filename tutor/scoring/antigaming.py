"""Answers that look like knowledge but are not: the question said back, a bare word list."""

from __future__ import annotations

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
