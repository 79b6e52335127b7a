"""Where an export is written: safe, descriptive file names, no silent overwrites, and no
writing outside the chosen folder however odd the name given."""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

from tutor.errors import TutorError
from tutor.export.record import Record

EXTENSIONS = {"md": ".md", "html": ".html", "pdf": ".pdf", "json": ".json", "csv": ".csv"}
_UNSAFE = re.compile(r"[^a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_SLUG = 40
_MAX_NAME_BYTES = 255  # a file or folder name, on every common file system
_NOT_FILES: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)
_NO_HARD_LINKS = {
    errno.EPERM,
    errno.EOPNOTSUPP,
    errno.ENOTSUP,
    errno.EMLINK,
    errno.ENOSYS,
    errno.EXDEV,
}


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
    is absolute; a name that climbs out (`..`), holds control characters, reaches outside
    through a symbolic link, is too long, or names something other than a regular file (a
    device, a pipe) is refused. An existing folder gets the default name inside."""
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
    found = _status(target)
    if found is not None and stat.S_ISDIR(found.st_mode):
        base, target = target, target / default_name
        found = _status(target)
    _check_writable(target, found)
    if not target.resolve().is_relative_to(base.resolve()):
        raise ExportPathError(f"{given!r} leads outside {base} through a link; refused")
    return target


def write_bytes(target: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `target`, whole or not at all: through a temporary file in the same
    folder, moved into place once written, so a failure leaves nothing behind and a reader
    never sees half a file. An existing file is only replaced with `force`; anything other
    than a regular file never is."""
    found = _status(target)
    _check_writable(target, found)
    if (found is not None or target.is_symlink()) and not force:
        raise ExportExists(f"{target} already exists; use --force to overwrite it")
    try:
        _make_folder(target.parent)
        temporary = _write_temporary(target.parent, data)
        try:
            _publish(temporary, target, force)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as exc:
        raise ExportPathError(
            f"cannot write {target} ({exc.strerror or exc}); choose another --out"
        ) from exc
    return target


def _shown(path: Path) -> str:
    """A path short enough for a one-line message (only an absurdly long one is cut)."""
    text = str(path)
    return text if len(text) <= 200 else f"{text[:120]}…{text[-40:]}"


def _status(path: Path) -> os.stat_result | None:
    """What is at `path` (links followed), None if nothing; a name no file system could
    hold, or a file where a folder should be, is refused."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise ExportPathError(
            f"{_shown(path)}: a folder on its path is a file; choose another --out"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _too_long(path) from None
        raise ExportPathError(
            f"cannot use {_shown(path)} ({exc.strerror or exc}); choose another --out"
        ) from exc


def _too_long(path: Path) -> ExportPathError:
    if any(len(os.fsencode(part)) > _MAX_NAME_BYTES for part in path.parts):
        why = f"a name in it is over {_MAX_NAME_BYTES} bytes"
    else:
        why = "the path is longer than the file system allows"
    return ExportPathError(f"{_shown(path)}: {why}; choose a shorter --out")


def _check_writable(target: Path, found: os.stat_result | None) -> None:
    """Only a regular file, or nothing yet, may be written: never a folder, a device such as
    /dev/null, a named pipe or a socket (replacing one would break the system using it)."""
    if any(len(os.fsencode(part)) > _MAX_NAME_BYTES for part in target.parts):
        raise _too_long(target)
    if found is None or stat.S_ISREG(found.st_mode):
        return
    kind = next((name for test, name in _NOT_FILES if test(found.st_mode)), "not a regular file")
    raise ExportPathError(
        f"{_shown(target)} is {kind}; exports are only written to regular files: "
        "give a file name for --out"
    )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file stands where a folder is needed
        raise ExportPathError(f"{_shown(folder)} is not a folder; choose another --out") from None


def _write_temporary(folder: Path, data: bytes) -> Path:
    """`data` in a new hidden file in `folder`, flushed to disk."""
    temporary = folder / f".tutor-export-{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(temporary, flags, 0o666)  # the umask applies, as for any new file
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _publish(temporary: Path, target: Path, force: bool) -> None:
    """Move the written temporary file to `target`; without `force`, never over a file."""
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # atomic, and fails rather than overwrite
        return
    except FileExistsError:
        raise ExportExists(f"{target} already exists; use --force to overwrite it") from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    # A file system without hard links (FAT on a memory stick, some network shares).
    if target.exists() or target.is_symlink():
        raise ExportExists(f"{target} already exists; use --force to overwrite it")
    os.replace(temporary, target)
