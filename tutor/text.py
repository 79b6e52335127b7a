"""Typographic normalisation shared by the importer and the scorer: one home for it."""

from __future__ import annotations

import re
import unicodedata

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u2026": "...",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
    }
)
_SPACES = re.compile(r"[ \t]+")


def normalise_typography(text: str) -> str:
    """NFKC, straight quotes and plain hyphens, no soft hyphens or zero-width characters."""
    if text.isascii():  # nothing to normalise, and most text is ASCII
        return text
    return unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)


def clean_line(text: str) -> str:
    """Typography normalised and runs of spaces collapsed, ends stripped."""
    return _SPACES.sub(" ", normalise_typography(text)).strip()


def storable(text: str) -> str:
    """Text SQLite can hold: lone surrogates (undecodable input bytes) become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        handler = "surrogateescape" if _only_escapes(text) else "surrogatepass"
        return text.encode("utf-8", handler).decode("utf-8", "replace")
    return text


def _only_escapes(text: str) -> bool:
    # Python decodes undecodable bytes to U+DC80..U+DCFF ("surrogateescape").
    return all(not 0xD800 <= ord(ch) <= 0xDFFF or 0xDC80 <= ord(ch) <= 0xDCFF for ch in text)
