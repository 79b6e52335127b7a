"""Looking things up in an importer's output, for the importer tests."""

from __future__ import annotations

from tutor.banks.importers import SpecDocument
from tutor.banks.model import Unit


def unit(doc: SpecDocument, ref: str) -> Unit:
    """The unit the document holds under `ref`."""
    return next(u for u in doc.units if u.ref == ref)


def text_of(doc: SpecDocument, ref: str, criterion: str) -> str:
    """The text of criterion `criterion` ("1.1") of unit `ref`."""
    found = unit(doc, ref).criterion(criterion)
    assert found is not None, f"{ref} {criterion} missing"
    return found.text
