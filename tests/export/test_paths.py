"""Exports land where they should, under descriptive names, and never overwrite by surprise."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tutor.export import ExportExists, ExportPathError, export_session
from tutor.export.paths import resolve_target, slug


def test_default_export_goes_to_the_exports_folder_with_a_descriptive_name(sessions) -> None:
    written = export_session(sessions.db, sessions.assessment, "pdf", banks=sessions.banks)
    assert written.parent == Path(os.environ["TUTOR_EXPORTS"])
    assert written.name == "2026-11-02_sam-patel_J-506-2132_session-1_assessment.pdf"
    assert written.read_bytes().startswith(b"%PDF-")


def test_an_existing_export_is_not_overwritten_without_force(sessions) -> None:
    first = export_session(sessions.db, sessions.practice, "md", banks=sessions.banks)
    first.write_text("kept", encoding="utf-8")
    with pytest.raises(ExportExists, match="use --force"):
        export_session(sessions.db, sessions.practice, "md", banks=sessions.banks)
    assert first.read_text(encoding="utf-8") == "kept"
    again = export_session(sessions.db, sessions.practice, "md", force=True, banks=sessions.banks)
    assert again == first and again.read_text(encoding="utf-8").startswith("# Record")


@pytest.mark.parametrize("name", ["../escape.md", "sub/../../escape.md", "bad\x00name.md", " "])
def test_odd_names_that_would_write_outside_the_folder_are_refused(
    sessions, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "chosen"
    with pytest.raises(ExportPathError):
        export_session(sessions.db, sessions.assessment, "md", name, directory=folder)
    assert not (tmp_path / "escape.md").exists()


def test_a_link_inside_the_folder_that_points_outside_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "chosen"
    folder.mkdir()
    (folder / "out").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(ExportPathError, match="through a link"):
        resolve_target(folder, "out/record.md", "default.md")


def test_a_folder_given_as_out_gets_the_descriptive_name_inside(sessions, tmp_path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    written = export_session(sessions.db, sessions.practice, "json", folder, banks=sessions.banks)
    assert written.parent == folder and written.name.endswith("_session-2_practice.json")


def test_names_are_made_safe_for_any_file_system() -> None:
    assert slug("Siân O’Neil-Smith", "learner") == "sian-oneil-smith"
    assert slug("O'Neil", "learner") == "oneil"
    assert slug("../../etc/passwd", "learner") == "etc-passwd"
    assert slug("李雷", "learner") == "learner"


def test_coverage_csv_goes_to_the_exports_folder(sessions) -> None:
    from tutor.export import export_coverage

    written = export_coverage(
        sessions.db,
        "Sam Patel",
        banks=sessions.banks,
        clock=lambda: datetime(2026, 11, 23, tzinfo=UTC),
    )
    assert written.name == "2026-11-23_sam-patel_coverage.csv"
