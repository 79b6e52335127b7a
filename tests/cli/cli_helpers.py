"""Running `tutor` in-process, as the CLI tests do."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tutor.cli import main


def run(*args: str, input: str = "") -> Result:
    """`tutor ARGS…` with `input` on stdin."""
    return CliRunner().invoke(main, list(args), input=input)


def chat_plain(db: Path, banks: Path, *args: str, input: str = "") -> Result:
    """`tutor chat --plain ARGS…` on this database and bank folder."""
    return run("--db", str(db), "--banks", str(banks), "chat", "--plain", *args, input=input)
