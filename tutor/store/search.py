"""Full-text search over transcripts: a user's query as an index query, and the check that
keeps numbers whole.

The index (`turns_fts`: FTS5, Porter stemmer, see `schema.py`) finds the candidate turns, so
"complaint" finds "complaints". Its tokenizer splits "1.5" into the words 1 and 5 and drops
the "£" of "£5", so a number in a query is also looked for in each candidate's text as a
whole number, after its currency sign if it has one: "5" and "£5" find "£5" and "£5.00" but
not "1.5", "£15" or "5.5". A query with no letter or digit in it has nothing to search for
and matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What the index holds of a word: its letters and digits (unicode61: categories L*, N*).
_SEARCHABLE = re.compile(r"[^\W_]")
_NUMBER = re.compile(r"([£$€¥]?)(\d+(?:[.,]\d+)*)")


@dataclass(frozen=True)
class SearchQuery:
    """A query as the index reads it, and the whole numbers a hit must contain."""

    match: str  # an FTS5 MATCH expression; empty when the query has no searchable word
    numbers: tuple[re.Pattern[str], ...] = ()

    def accepts(self, text: str) -> bool:
        """True when `text` holds every number of the query as a whole number."""
        return all(number.search(text) for number in self.numbers)


def parse_query(query: str) -> SearchQuery:
    """Each word of `query` quoted (never FTS syntax), the words all required; words with
    no letter or digit (an emoji, "£", "—") left out."""
    words = [word for word in query.split() if _SEARCHABLE.search(word)]
    match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    numbers = tuple(
        _whole_number(currency, digits)
        for word in words
        for currency, digits in _NUMBER.findall(word)
    )
    return SearchQuery(match, numbers)


def _whole_number(currency: str, digits: str) -> re.Pattern[str]:
    # Not part of a longer number on either side ("1.5", "15", "5.5", "5,000"); trailing
    # zero decimals are the same amount ("£5.00").
    before = re.escape(currency) + r"\s?" if currency else r"(?<!\d)(?<!\d[.,])"
    return re.compile(before + re.escape(digits) + r"(?:\.0+)?(?!\d)(?![.,]\d)")
