"""The judgements of a bank's marked responses, kept from one `tutor bank check` to the next.

Scoring every response of a full bank (some five thousand) takes half a minute; after an
edit, only the responses of the questions that changed need scoring again. The judgements
are kept in the user's cache directory (`tutor.settings.cache_dir`), one file per bank
folder, by `responses.judgement_key`, under a header naming the scorer: a digest of the
tutor's scoring and bank code and of the versions of the libraries it matches words with,
so a new scorer scores everything again.

Like the bank cache, the file is data: read back with every type checked, and anything
else found under its name is ignored. Losing it costs time, never a wrong judgement.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from tutor.banks.cache import write_atomically
from tutor.banks.model import Bank
from tutor.scoring.responses import ResponseCheck, mark_responses

FORMAT = "tutor marked responses"
VERSION = 1

# The tutor's code a judgement depends on (relative to the package), and the libraries.
_SOURCES = ("scoring", "banks", "text.py", "limits.py", "digest.py")
_LIBRARIES = ("rapidfuzz", "snowballstemmer", "pyspellchecker")


def check_responses(bank: Bank, root: Path, cache_dir: Path | None) -> ResponseCheck:
    """`mark_responses(bank)`, reusing the judgements the last check of the bank at `root`
    kept in `cache_dir` (none: score them all), with every response's line."""
    if cache_dir is None:
        return mark_responses(bank).placed(root)
    path = judgements_file(root, cache_dir)
    # A judgement's key is everything it depends on, so another bank's judgements serve a
    # bank checked for the first time (a copy made to edit, say) for what they share.
    known = read_judgements(path) or _other_banks_judgements(cache_dir)
    check = mark_responses(bank, known)
    if check.judgements != known:
        with contextlib.suppress(OSError):  # kept for next time, if it can be
            write_judgements(path, check.judgements)
    return check.placed(root)


def _other_banks_judgements(cache_dir: Path) -> dict[str, str]:
    known: dict[str, str] = {}
    for path in sorted(Path(cache_dir).glob("responses-*.json")):
        known.update(read_judgements(path))
    return known


def judgements_file(root: Path, cache_dir: Path) -> Path:
    """Where the judgements of the bank at `root` are kept: one file per bank folder."""
    folder = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:12]
    return Path(cache_dir) / f"responses-{folder}.json"


def read_judgements(path: Path) -> dict[str, str]:
    """The judgements kept at `path` by this scorer; empty when there are none, or when
    they were made by another scorer or the file is not one this tutor wrote."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if type(data) is not dict or data.get("header") != _header():
        return {}
    judgements = data.get("judgements")
    if type(judgements) is not dict or not all(type(v) is str for v in judgements.values()):
        return {}
    return judgements


def write_judgements(path: Path, judgements: Mapping[str, str]) -> None:
    """Keep `judgements` at `path`, atomically: a reader never sees half a file."""
    data = json.dumps({"header": _header(), "judgements": dict(judgements)}).encode("utf-8")
    write_atomically(path, data, "responses")


def _header() -> dict[str, object]:
    return {"format": FORMAT, "version": VERSION, "scorer": scorer_version()}


@cache
def scorer_version() -> str:
    """A digest of the code that judges an answer and of the libraries it relies on."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in _SOURCES:
        found = package / name
        for module in sorted(found.rglob("*.py")) if found.is_dir() else [found]:
            digest.update(f"{module.relative_to(package)}\n".encode())
            digest.update(module.read_bytes())
    for library in _LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library} {version}\n".encode())
    return digest.hexdigest()
