"""Which layout a specification file is in, and its parse.

Every parser module exposes `looks_like(text)` and `parse(text, source)`; they are tried in
the order of `PARSERS`, and when several claim a file the one that reads most units wins.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tutor.banks.importers import SpecDocument, gqa, ncfe, pearson_l3, pearson_principles, proqual
from tutor.errors import SpecificationError, TutorError

PARSERS: tuple[ModuleType, ...] = (gqa, ncfe, proqual, pearson_l3, pearson_principles)


def read_text(path: Path) -> str:
    """The file's text, or a SpecificationError saying why it is not a text file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecificationError(
            f"{path}: cannot be read ({exc.strerror or exc}); check the path"
        ) from None
    if not data.strip():
        raise SpecificationError(
            f"{path}: the file is empty; give a specification saved as plain text"
        )
    if b"\x00" in data:
        raise SpecificationError(
            f"{path}: a binary file, not text; save the specification as plain text (.txt)"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpecificationError(
        f"{path}: not readable as text; save the specification as UTF-8 plain text"
    )


def parse_text(text: str, source: str) -> SpecDocument:
    """Parse a specification's text with the importer whose layout it matches."""
    matching = [module for module in PARSERS if _claims(module, text)]
    if not matching:
        raise SpecificationError(
            f"{source}: not a specification the tutor can read; give an NCFE, ProQual, "
            "Pearson or GQA specification saved as text"
        )
    documents = [_parse_with(module, text, source) for module in matching]
    document = max(documents, key=lambda d: len(d.units))
    if not document.units:
        raise SpecificationError(
            f"{source}: no units found in this {document.awarding_body} specification; "
            "check the file holds the full specification text"
        )
    document.text = text
    return document


def parse_file(path: Path) -> SpecDocument:
    """Read one specification file; SpecificationError if it is not one we can read."""
    path = Path(path)
    return parse_text(read_text(path), path.name)


def _claims(module: ModuleType, text: str) -> bool:
    try:
        return bool(module.looks_like(text))
    except Exception:  # a layout test that trips over odd text simply does not claim it
        return False


def _parse_with(module: ModuleType, text: str, source: str) -> SpecDocument:
    name = module.__name__.rsplit(".", 1)[-1]
    try:
        return module.parse(text, source)
    except TutorError as exc:
        raise SpecificationError(f"{source}: {exc}") from None
    except Exception as exc:
        # The command line never shows a traceback; the message still names the importer.
        raise SpecificationError(
            f"{source}: the {name} importer could not read it ({type(exc).__name__}: {exc}); "
            "check the file is a complete specification"
        ) from None
