"""The `tutor` command line: a thin click layer over the core.

Commands live in small modules here and are imported only when run, so `tutor score` and
`tutor export` start fast and never load Textual. Core errors (`TutorError`) become one line
on stderr and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from tutor.errors import TutorError
from tutor.text import visible

# command name -> (module in tutor.cli, attribute, one-line help shown without importing it)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "import": ("spec_import", "import_command", "Import specifications into bank files."),
    "bank": ("bank", "bank", "Check question banks and count their coverage."),
    "chat": ("chat", "chat", "Run a practice or assessment session as a plain-text chat."),
    "transcripts": ("transcripts", "transcripts", "List, search and show stored sessions."),
    "verify": ("verify", "verify", "Check a session's transcript has not been altered."),
    "export": ("export", "export", "Export a session's record (md, html, pdf, json, csv)."),
    "score": ("score", "score", "Score an answer against a criterion's rubric."),
    "rubric": ("score", "rubric", "Draft rubric points from a model answer."),
    "calibrate": ("score", "calibrate", "Compare machine scores with human marks in a CSV."),
    "progress": ("progress", "progress_command", "Show a learner's progress per criterion."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported when first used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module_name, attribute, _ = COMMANDS[cmd_name]
            module = importlib.import_module(f"tutor.cli.{module_name}")
            return getattr(module, attribute)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in sorted(COMMANDS)]
        rows += [
            (name, cmd.get_short_help_str())
            for name, cmd in sorted(self.commands.items())
            if name not in COMMANDS
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(sorted(rows))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TutorError as exc:
            click.echo(f"tutor: {visible(str(exc), one_line=True)}", err=True)
            ctx.exit(1)


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option(
    "--db",
    envvar="TUTOR_DB",
    type=click.Path(dir_okay=False),
    help="Database file (default: transcripts/tutor.db in a checkout, else the user data dir).",
)
@click.option(
    "--banks",
    envvar="TUTOR_BANKS",
    type=click.Path(),
    help="Question banks folder (default: the shipped banks).",
)
@click.version_option(package_name="tutor")
@click.pass_context
def main(ctx: click.Context, db: str | None, banks: str | None) -> None:
    """A chat-style knowledge-check and professional-discussion tutor.

    Run with no command to open the app.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["banks"] = banks
    if ctx.invoked_subcommand is None:
        open_app(ctx)


def open_app(ctx: click.Context) -> None:
    """Open the Textual app; until it exists, say what the command line offers."""
    try:
        app_module = importlib.import_module("tutor.ui.app")
    except ModuleNotFoundError:
        click.echo(ctx.get_help())
        return
    app_module.run(db=ctx.obj.get("db"), banks=ctx.obj.get("banks"))


def run() -> None:
    """Entry point that never shows a traceback for a broken pipe."""
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()
