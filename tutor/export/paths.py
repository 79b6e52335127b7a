"""Where an export is written: safe, descriptive file names, no silent overwrites, and no
writing outside the chosen folder however odd the name given."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from tutor.errors import TutorError
from tutor.export.record import Record

EXTENSIONS = {"md": ".md", "html": ".html", "pdf": ".pdf", "json": ".json", "csv": ".csv"}
_UNSAFE = re.compile(r"[^a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_SLUG = 40


class ExportPathError(TutorError):
    """A name for an export that would write somewhere it should not."""


class ExportExists(ExportPathError):
    """The export's file is already there and --force was not given."""


def slug(text: str, fallback: str) -> str:
    """'Siân O’Neil' -> 'sian-oneil': lower-case ASCII letters, digits and hyphens."""
    text = text.replace("'", "").replace("\u2019", "")  # O'Neil is one word
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE.sub("-", ascii_text.lower()).strip("-")
    return cleaned[:_MAX_SLUG].rstrip("-") or fallback


def _unit_part(refs: list[str]) -> str:
    parts = [re.sub(r"[^A-Za-z0-9]+", "-", ref).strip("-") for ref in refs]
    if not parts:
        return "no-unit"
    if len(parts) > 2:
        return f"{parts[0]}+{len(parts) - 1}-more"
    return "+".join(parts)


def default_file_name(record: Record, fmt: str) -> str:
    """'2026-11-23_sam-patel_J-506-2132_session-12_assessment.pdf'."""
    return (
        f"{record.date}_{slug(record.learner, 'learner')}_"
        f"{_unit_part([u.ref for u in record.units])}_session-{record.session_id}_"
        f"{slug(record.mode, 'session')}{EXTENSIONS[fmt]}"
    )


def coverage_file_name(learner: str, date: str) -> str:
    """'2026-11-23_sam-patel_coverage.csv' (date: the day of export)."""
    return f"{date}_{slug(learner, 'learner')}_coverage.csv"


def resolve_target(directory: Path, name: str | Path | None, default_name: str) -> Path:
    """The file to write. `name` (None: `default_name`) is taken inside `directory` unless it
    is absolute; a name that climbs out (`..`), holds control characters, or reaches outside
    through a symbolic link is refused. An existing folder gets the default name inside."""
    given = str(name) if name is not None else default_name
    if not given.strip() or _CONTROL.search(given):
        raise ExportPathError(f"{given!r} is not a usable file name; choose a plain name")
    path = Path(given)
    if ".." in path.parts:
        raise ExportPathError(
            f"{given!r} points outside the export folder; give a plain file name or a full path"
        )
    base = path.parent if path.is_absolute() else directory
    target = path if path.is_absolute() else directory / path
    if target.is_dir():
        base, target = target, target / default_name
    if not target.resolve().is_relative_to(base.resolve()):
        raise ExportPathError(f"{given!r} leads outside {base} through a link; refused")
    return target


def write_bytes(target: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `target`; an existing file is only replaced with `force` (and then
    whole, through a temporary file, so a reader never sees half of one)."""
    if (target.exists() or target.is_symlink()) and not force:
        raise ExportExists(f"{target} already exists; use --force to overwrite it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not force:
            # "x": fails if the name appeared meanwhile, so nothing is overwritten by accident.
            with target.open("xb") as out:
                out.write(data)
            return target
        handle, temporary = tempfile.mkstemp(prefix=".export-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except FileExistsError:
        raise ExportExists(f"{target} already exists; use --force to overwrite it") from None
    except OSError as exc:
        raise ExportPathError(
            f"cannot write {target} ({exc.strerror}); choose another --out"
        ) from exc
    return target
