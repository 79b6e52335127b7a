"""Writing a merged bank into a folder without losing what is already there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from tutor.banks.errata import ERRATA_FILE
from tutor.banks.files import (
    QUALIFICATIONS_DIR,
    UNITS_DIR,
    Problem,
    default_banks_dir,
    load_bank,
    unit_file_name,
    write_qualification,
    write_unit,
)
from tutor.banks.importers import SpecDocument, qualifications_of
from tutor.banks.model import Bank
from tutor.banks.problems import REIMPORT
from tutor.errors import SpecificationError, TutorError


def write_bank(
    documents: Sequence[SpecDocument],
    bank: Bank,
    existing: Bank | None,
    problems: list[Problem],
    out_dir: Path,
) -> tuple[list[Path], list[Path]]:
    """Write the units and qualifications the documents hold; remove unit files of units
    now held under another reference. Returns the files written and those removed."""
    touched = _touched_refs(documents, bank)
    _refuse_to_overwrite(problems, touched)
    written = [write_unit(bank.units[ref], out_dir) for ref in touched]
    written += [
        write_qualification(q, out_dir)
        for q in bank.qualifications
        if q.key in {m.key for d in documents for m in qualifications_of(d)}
    ]
    removed: list[Path] = []
    if existing is not None:
        # Units the merge moved under a 506-series reference: their content is written
        # under that reference now, so the old file would hold the unit twice.
        for ref in sorted(set(existing.units) - set(bank.units)):
            stale = out_dir / UNITS_DIR / unit_file_name(ref)
            if stale.is_file():
                stale.unlink()
                removed.append(stale)
    return written, removed


def errata_file(out_dir: Path | None, banks: Path | None = None) -> Path:
    """The errata an import applies: those of the bank it writes to, else those of `banks`
    (default: the banks in use), so a new bank starts with the known corrections."""
    if out_dir is not None and (out_dir / ERRATA_FILE).is_file():
        return out_dir / ERRATA_FILE
    return (banks if banks is not None else default_banks_dir()) / ERRATA_FILE


def existing_bank(out_dir: Path) -> tuple[Bank | None, list[Problem]]:
    """The bank already in `out_dir` (None if there is none) and the problems reading it."""
    if not any((out_dir / sub).is_dir() for sub in (UNITS_DIR, QUALIFICATIONS_DIR)):
        return None, []
    try:
        return load_bank(out_dir)
    except TutorError:
        return None, []


def _refuse_to_overwrite(problems: list[Problem], refs: Iterable[str]) -> None:
    """Stop before writing over a unit file the bank could not read in full: whatever was
    not read (a question under a misspelt key, a file with a YAML error) would be lost. A
    specification part that lost content is what the import writes afresh: no reason to stop.
    """
    names = {unit_file_name(ref) for ref in refs}
    blocking = [
        p
        for p in problems
        if p.severity == "error" and p.remedy != REIMPORT and Path(p.file).name in names
    ]
    if blocking:
        raise SpecificationError(
            f"{blocking[0]}; re-importing would overwrite this file and lose what could not "
            "be read: fix it (see `tutor bank check`) and import again"
        )


def _touched_refs(documents: Sequence[SpecDocument], bank: Bank) -> list[str]:
    """The merged references of every unit the documents hold."""
    refs: dict[str, None] = {}
    for document in documents:
        for unit in document.units:
            held = bank.unit(unit.ref)
            if held is not None:
                refs.setdefault(held.ref, None)
    return list(refs)
