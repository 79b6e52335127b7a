"""A core error is one line on stderr, with what the user typed shown safely."""

from __future__ import annotations

from pathlib import Path

from tests.cli.cli_helpers import run
from tests.sessions.session_fixtures import write_tiny_bank


def test_an_error_line_shows_typed_invisible_characters_escaped(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    result = run("--banks", str(banks), "score", "J/506/2132 1.9\u202e", "--answer", "x")
    assert result.exit_code == 1
    assert "\u202e" not in result.output and "1.9\\u202e" in result.output
