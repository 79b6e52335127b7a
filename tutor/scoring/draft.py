"""Drafting rubric points from a model answer, for an author to edit.

Content words are kept (function words dropped); neighbouring content words in one clause
become one phrase point ("desired software product"), with its single words as
alternatives so an answer that paraphrases still earns the point. A small built-in synonym
map adds alternatives where the field has common ones ("apologise" / "say sorry").
"""

from __future__ import annotations

import itertools
import math

from tutor.banks.model import Rubric, RubricPoint
from tutor.scoring.matching import is_negator, negated_indexes
from tutor.scoring.normalise import (
    STOPWORDS,
    Token,
    is_acronym,
    normalise_word,
    stem,
    tokenise,
)

# Everyday synonyms, in British spelling, both ways where they are both ways.
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("apologise", "say sorry"),
    ("customer", "client"),
    ("listen", "hear"),
    ("help", "assist", "support"),
    ("quick", "fast", "prompt"),
    ("problem", "issue"),
    ("complaint", "grievance"),
    ("manager", "supervisor"),
    ("polite", "courteous"),
    ("refund", "money back"),
    ("information", "details", "info"),
    ("check", "verify", "confirm"),
    ("buy", "purchase"),
    ("start", "begin"),
    ("end", "finish"),
    ("large", "big"),
    ("small", "little"),
    ("show", "display"),
    ("error", "mistake", "fault"),
    ("find", "locate"),
    ("store", "save", "keep"),
    ("delete", "remove"),
    ("create", "build"),
    ("change", "modify", "alter"),
    ("need", "requirement"),
    ("expectation", "what they expect"),
    ("feedback", "comments"),
    ("colleague", "co-worker", "team member"),
    ("organisation", "company", "business"),
    ("empathy", "understanding"),
    ("angry", "upset", "annoyed"),
    ("loyalty", "repeat business"),
    ("reputation", "image"),
    ("many", "multiple", "several"),
    ("give", "provide", "supply"),
    ("allow", "enable", "let"),
    ("require", "need"),
    ("same", "identical"),
    ("different", "distinct"),
    ("whole", "entire"),
    ("correct", "right", "accurate"),
    ("wrong", "incorrect"),
    ("call", "phone", "ring"),
    ("tell", "inform", "let them know"),
    ("ask", "enquire", "question"),
    ("explain", "describe"),
    ("rule", "policy", "procedure"),
    ("law", "legislation"),
    ("safe", "secure"),
    ("important", "essential", "vital"),
)
# Keyed by stem, so "customers" finds the synonyms of "customer".
SYNONYMS: dict[str, tuple[str, ...]] = {
    stem(normalise_word(word)): tuple(w for w in group if w != word)
    for group in _SYNONYM_GROUPS
    for word in group
}
# Phrase points longer than this are split: a learner rarely repeats five words together.
_MAX_PHRASE_WORDS = 3
# At most this many synonym-swapped alternatives for a phrase point.
_MAX_SWAPS = 2


def content_runs(text: str) -> list[list[Token]]:
    """Runs of neighbouring content words within a clause, in order of first mention.

    Acronyms ("IT", "SMART") are content whatever they spell, and a hyphenated compound
    ("one-to-one", "follow-up") keeps all its words.
    """
    tokens = tokenise(text)
    compound = {
        i
        for a, b in itertools.pairwise(tokens)
        if text[a.end : b.start] == "-"
        for i in (a.position, b.position)
    }
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        content = (
            token.position in compound or is_acronym(token.text) or token.norm not in STOPWORDS
        )
        if not content or is_negator(token) or (len(token.norm) < 2 and not is_acronym(token.text)):
            if current:
                runs.append(current)
            current = []
        elif current and current[-1].clause != token.clause:
            runs.append(current)
            current = [token]
        else:
            current.append(token)
    if current:
        runs.append(current)
    return runs


def _chunks(run: list[Token], text: str) -> list[list[Token]]:
    """A long run cut into near-equal phrases of at most three words ("replacement within",
    "14 days"), since a learner rarely repeats more words together. A hyphenated compound
    counts as one word and is never cut ("hold one-to-one", "reviews")."""
    units: list[list[Token]] = []
    for token in run:
        if units and text[units[-1][-1].end : token.start] == "-":
            units[-1].append(token)
        else:
            units.append([token])
    count = math.ceil(len(units) / _MAX_PHRASE_WORDS)
    size, extra = divmod(len(units), count)
    chunks, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        chunks.append([t for unit in units[start:end] for t in unit])
        start = end
    return chunks


def _alternatives(words: list[Token]) -> tuple[str, ...]:
    """Synonyms of a single word; for a phrase, the phrase with one word swapped for its
    first synonym ("offer refund" -> "offer money back")."""
    if len(words) == 1:
        return SYNONYMS.get(words[0].stem, ())
    swapped = []
    as_written = [w.text if is_acronym(w.text) else w.norm for w in words]
    for i, word in enumerate(words):
        synonyms = SYNONYMS.get(word.stem)
        if synonyms:
            swapped.append(" ".join([*as_written[:i], synonyms[0], *as_written[i + 1 :]]))
    return tuple(swapped[:_MAX_SWAPS])


def _negation_before(tokens: tuple[Token, ...], index: int) -> Token:
    """The nearest negating word before `index` in its clause."""
    for i in range(index - 1, -1, -1):
        if tokens[i].clause != tokens[index].clause:
            break
        if is_negator(tokens[i]) or tokens[i].norm in ("of", "than"):
            return tokens[i - 1] if tokens[i].norm in ("of", "than") and i else tokens[i]
    return tokens[index]


def draft_rubric(model_answer: str, *, phrases: bool = True, needed_share: float = 1 / 3) -> Rubric:
    """Rubric points drafted from a model answer.

    With `phrases`, neighbouring content words make one point weighted by its word count;
    without, every content word is a point of its own (the finest draft, which calibration
    uses). A third of the points (`needed_share`) meet the criterion.
    """
    seen: set[str] = set()
    points: list[RubricPoint] = []
    tokens = tokenise(model_answer)
    negated = negated_indexes(tokens)
    for run in content_runs(model_answer):
        groups = _chunks(run, model_answer) if phrases else [[t] for t in run]
        for words in groups:
            key = " ".join(t.stem for t in words)
            if key in seen:
                continue
            seen.add(key)
            start = words[0].start
            if words[0].position in negated:
                # Keep the negation: "without interrupting" is the point, not "interrupting".
                start = _negation_before(tokens, words[0].position).start
            text = model_answer[start : words[-1].end]
            # "Abstraction" at the start of a sentence is the point "abstraction".
            text = text.lower() if text[1:].islower() else text
            points.append(RubricPoint(text, _alternatives(words), float(len(words))))
    needed = max(1, math.ceil(len(points) * needed_share)) if points else None
    return Rubric(tuple(points), needed=needed)
