"""Text handling with one home each: typographic normalisation (shared by the importer and
the scorer), text SQLite can hold, and text safe to show (`visible`)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

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


# Characters that display as nothing or change how the text around them displays: C0 and C1
# controls and DEL; the soft hyphen; bidirectional controls (U+061C, U+200E/F, U+202A–E,
# U+2066–9), which can make an answer read backwards; zero-width and other invisible format
# characters (U+180E, U+200B–D, U+2060–4, U+206A–F, U+FEFF, U+FFF9–B, tags U+E0001,
# U+E0020–7F); the combining grapheme joiner; the line and paragraph separators.
_INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f"
)
# Letters of scripts that need ZWJ/ZWNJ to shape words (Arabic, Indic, …) and emoji that
# ZWJ joins (👩‍💻), with their variation selector and skin tones.
_JOINABLE = (
    "\u0590-\u1cff\ua800-\uabff\U00010800-\U00011fff"
    "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
)
_SHOWN = re.compile(
    # Kept as they are: a subdivision flag (🏴 + tag letters + cancel tag, the flags of
    # England, Scotland and Wales), and ZWJ/ZWNJ between two joinable characters.
    "(?P<keep>\U0001f3f4[\U000e0020-\U000e007e]{1,30}\U000e007f"
    f"|(?<=[{_JOINABLE}])[\u200c\u200d](?=[{_JOINABLE}]))"
    f"|[{_INVISIBLE}]"
)
_SHOWN_ONE_LINE = re.compile(_SHOWN.pattern + "|[\t\n]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    if match.group("keep"):
        return match.group()
    ch = match.group()
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` safe to show: every control and invisible character (bidi overrides,
    zero-width characters …) written as an escape such as `\\u202e`; line breaks and tabs kept
    unless `one_line`. For display only: stored text keeps the exact characters."""
    return (_SHOWN_ONE_LINE if one_line else _SHOWN).sub(_escape, text)


def one_line(text: str) -> str:
    """`text` shown on one line (names, table cells, error messages): runs of whitespace,
    line breaks included, become one space; invisible characters are escaped."""
    return visible(" ".join(text.split()), one_line=True)


def visible_spans(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """`visible(text)`, and `spans` (start, end offsets in `text`) moved to where the same
    characters fall in it, so highlights stay on the right words."""
    spans = [(min(max(s, 0), len(text)), min(max(e, 0), len(text))) for s, e in spans]
    bounds = sorted({0, len(text), *(i for span in spans for i in span)})
    pieces = [visible(text[start:end]) for start, end in itertools.pairwise(bounds)]
    moved = dict(zip(bounds, itertools.accumulate(map(len, pieces), initial=0), strict=True))
    return "".join(pieces), [(moved[start], moved[end]) for start, end in spans]
