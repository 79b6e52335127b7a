"""A broken install fails loudly: `tutor` without Textual names it and exits 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tutor.cli import missing_dependency_line

ROOT = Path(__file__).resolve().parents[2]

# Runs the entry point with Textual made unimportable, as if it were never installed.
WITHOUT_TEXTUAL = """
import sys
sys.modules["textual"] = None
from tutor.cli import run
sys.argv = ["tutor"]
run()
"""


def test_app_without_textual_says_which_package_and_exits_1(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_TEXTUAL],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TUTOR_DB": str(tmp_path / "t.db")},
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "textual" in lines[0]
    assert "pip install" in lines[0]
    assert "Usage" not in result.stderr


def test_missing_declared_dependency_names_its_pinned_requirement() -> None:
    line = missing_dependency_line("textual.app")
    assert line.startswith("tutor: the app needs textual")
    assert "pip install 'textual==" in line


def test_missing_undeclared_module_asks_for_a_reinstall() -> None:
    assert "reinstall tutor" in missing_dependency_line("tutor.ui.app")
