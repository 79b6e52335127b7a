"""The `tutor` command line: a thin click layer over the core.

Commands live in small modules here and are imported only when run, so `tutor score` and
`tutor export` start fast and never load Textual. Core errors (`TutorError`) become one line
on stderr and exit status 1; usage errors one line and exit status 2.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from tutor.errors import TutorError
from tutor.text import one_line, visible

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
    "keys": ("keys", "keys", "Make, show, export and rotate your signing key."),
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
            # One line per problem: a broken bank lists each of its problems on its own line.
            lines = [visible(line, one_line=True) for line in str(exc).splitlines() if line.strip()]
            click.echo("tutor: " + "\n".join(lines or [type(exc).__name__]), err=True)
            ctx.exit(1)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """As click's, but a usage error is one line naming the item and the help to read,
        not click's usage block."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            _fail(usage_line(exc), exc.exit_code)
        except click.Abort:
            _fail("tutor: aborted", 1)
        sys.exit(code if isinstance(code, int) else 0)


def usage_line(exc: click.ClickException) -> str:
    """A click error as one line: `tutor chat: missing option '--learner'; see tutor chat
    --help`."""
    message = one_line(exc.format_message()).rstrip(".")
    if message[:1].isupper() and message[1:2].islower():  # click's "Invalid value …"
        message = message[0].lower() + message[1:]
    ctx = exc.ctx if isinstance(exc, click.UsageError) else None
    if ctx is None:
        return f"tutor: {message}"
    if isinstance(exc, click.BadParameter) and not isinstance(exc, click.MissingParameter):
        # The message says what a good value is.
        return f"{ctx.command_path}: {message}"
    return f"{ctx.command_path}: {message}; see {ctx.command_path} --help"


def _fail(line: str, status: int) -> NoReturn:
    click.echo(visible(line, one_line=True), err=True)
    sys.exit(status)


@click.group("tutor", cls=LazyGroup, invoke_without_command=True)
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
    """Open the Textual app. A dependency missing from the install is one line naming it and
    how to install it (exit 1): the help and exit 0 would hide a broken install."""
    try:
        app_module = importlib.import_module("tutor.ui.app")
    except ModuleNotFoundError as exc:
        _fail(missing_dependency_line(exc.name or ""), 1)
    app_module.run(db=ctx.obj.get("db"), banks=ctx.obj.get("banks"))


def missing_dependency_line(module: str) -> str:
    """One line naming the missing package and the command that installs it (with the pin
    tutor declares, into the Python running tutor)."""
    top = module.split(".")[0]
    pip = f"{Path(sys.executable).name} -m pip install"
    for requirement in _requirements():
        name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
        if name.lower().replace("-", "_") == top.lower():
            spec = requirement.split(";")[0].replace(" ", "")
            return (
                f"tutor: the app needs {name}, which is not installed; "
                f"install it with: {pip} '{spec}'"
            )
    what = f"the module {top}" if top and top != "tutor" else "part of tutor"
    return f"tutor: the app cannot start: {what} is missing; reinstall tutor with: {pip} tutor"


def _requirements() -> list[str]:
    try:
        return importlib.metadata.requires("tutor") or []
    except importlib.metadata.PackageNotFoundError:
        return []


def run() -> None:
    """Entry point: never a traceback. A broken pipe ends quietly; an error nothing else
    caught is one line (TUTOR_DEBUG=1 shows the traceback instead)."""
    try:
        main(prog_name="tutor")
    except BrokenPipeError:
        sys.stderr.close()
    except Exception as exc:
        if os.environ.get("TUTOR_DEBUG"):
            raise
        detail = one_line(f"{type(exc).__name__}: {exc}")
        detail = detail if len(detail) <= 300 else detail[:299] + "…"
        _fail(f"tutor: internal error: {detail} (run with TUTOR_DEBUG=1 for details)", 1)
