"""The plain chat's slash commands: one table, so /help and `tutor chat --help` agree."""

from __future__ import annotations

from pathlib import Path

from tests.cli.cli_helpers import chat_plain, run
from tests.sessions.session_fixtures import PURPOSE, write_tiny_bank
from tutor.cli.chat import COMMANDS, commands_help


def test_help_in_the_chat_and_on_the_command_line_list_the_same_commands(
    tmp_path: Path,
) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    in_chat = chat_plain(
        tmp_path / "t.db", banks, "--learner", "Ann", "--criteria", PURPOSE, input="/help\n"
    )
    on_line = run("chat", "--help")
    assert in_chat.exit_code == 0 and on_line.exit_code == 0
    for line in commands_help():
        assert line in in_chat.output
        assert line.strip() in on_line.output
    assert {c.name for c in COMMANDS} >= {"/hint", "/skip", "/ask", "/override", "/end"}


def test_an_unknown_command_says_so_and_the_session_goes_on(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    result = chat_plain(
        tmp_path / "t.db",
        banks,
        "--learner",
        "Ann",
        "--criteria",
        PURPOSE,
        input="/bogus\nkeeps customers coming back\n\n",
    )
    assert "Unknown command /bogus; type /help." in result.output
    assert "Session 1 saved" in result.output
