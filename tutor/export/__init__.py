"""Evidence records: a session as Markdown, HTML, PDF, JSON or CSV.

`export_session` and `export_coverage` are what the command line and the app's transcripts
screen call; `build_record` and the renderers are there for anything else. Nothing here
opens a file or a database at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tutor.banks.model import Bank
from tutor.errors import TutorError
from tutor.export.jsonrecord import RecordCheck, verify_record_file
from tutor.export.paths import EXTENSIONS, ExportExists, ExportPathError
from tutor.export.record import Record, build_record

FORMATS = tuple(EXTENSIONS)

__all__ = [
    "FORMATS",
    "ExportExists",
    "ExportPathError",
    "Record",
    "RecordCheck",
    "UnknownFormat",
    "build_record",
    "export_coverage",
    "export_session",
    "render",
    "verify_record_file",
]


class UnknownFormat(TutorError):
    """A format the exporter does not write."""


def render(record: Record, fmt: str) -> bytes:
    """`record` in format `fmt` (md, html, pdf, json, csv) as the bytes of a file."""
    if fmt == "md":
        from tutor.export import markdown

        return markdown.render(record).encode("utf-8", errors="backslashreplace")
    if fmt == "html":
        from tutor.export import html

        return html.render(record).encode("utf-8", errors="xmlcharrefreplace")
    if fmt == "pdf":
        from tutor.export import pdf

        return pdf.render(record)
    if fmt == "json":
        from tutor.export import jsonrecord

        return jsonrecord.render(record).encode("utf-8")
    if fmt == "csv":
        from tutor.export import coverage

        return coverage.render([record]).encode("utf-8-sig", errors="replace")
    raise UnknownFormat(f"{fmt!r} is not an export format; choose one of {', '.join(FORMATS)}")


def _now() -> datetime:
    return datetime.now(UTC)


def _bank(banks: Path | None) -> Bank | None:
    """The bank that names units and criteria; a record is complete without it, but is never
    named from a damaged one (`BrokenBank`)."""
    from tutor.banks.cache import open_bank
    from tutor.banks.problems import BrokenBank
    from tutor.settings import cache_dir

    try:
        return open_bank(banks, cache_dir())
    except BrokenBank:
        raise
    except TutorError:
        return None


def export_session(
    db_path: Path | str,
    session_id: int,
    fmt: str,
    out: Path | str | None = None,
    force: bool = False,
    *,
    banks: Path | None = None,
    directory: Path | None = None,
    clock: Callable[[], datetime] = _now,
) -> Path:
    """Write the record of one session and return the file written.

    `out` None: a descriptive name in `directory` (default: the exports folder, see
    `tutor.settings.default_exports_dir`); a relative `out` is taken inside `directory`.
    Raises `ExportExists` rather than overwrite without `force`, `ExportPathError` for a
    name that leads outside the folder, `UnknownSession`, `UnknownFormat`.
    """
    from tutor.export import paths
    from tutor.settings import default_exports_dir
    from tutor.store.queries import Store
    from tutor.timestamps import iso

    if fmt not in FORMATS:
        raise UnknownFormat(f"{fmt!r} is not an export format; choose one of {', '.join(FORMATS)}")
    folder = directory or default_exports_dir(Path(db_path))
    with Store.open(db_path, readonly=True) as store:
        record = build_record(
            store, session_id, _bank(banks), exported_at=iso(clock())
        )
    target = paths.resolve_target(folder, out, paths.default_file_name(record, fmt))
    return paths.write_bytes(target, render(record, fmt), force=force)


def export_coverage(
    db_path: Path | str,
    learner: str,
    out: Path | str | None = None,
    force: bool = False,
    *,
    banks: Path | None = None,
    directory: Path | None = None,
    clock: Callable[[], datetime] = _now,
) -> Path:
    """Write the criteria coverage CSV of every session of `learner`; returns the file."""
    from tutor.export import coverage, paths
    from tutor.settings import default_exports_dir
    from tutor.store.queries import Store, UnknownSession

    folder = directory or default_exports_dir(Path(db_path))
    with Store.open(db_path, readonly=True) as store:
        records = coverage.learner_records(store, learner, _bank(banks))
    if not records:
        raise UnknownSession(
            f"no sessions for learner {learner!r}; see tutor transcripts list for names"
        )
    name = paths.coverage_file_name(learner, clock().date().isoformat())
    target = paths.resolve_target(folder, out, name)
    data = coverage.render(records).encode("utf-8-sig", errors="replace")
    return paths.write_bytes(target, data, force=force)
