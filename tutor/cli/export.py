"""`tutor export SESSION --format md|html|pdf|json|csv` and `tutor export --coverage
--learner NAME`: evidence records for a learner's portfolio."""

from __future__ import annotations

from pathlib import Path

import click

from tutor.cli.options import SESSION_ID, banks_option, db_option, resolve_banks, resolve_db
from tutor.export import FORMATS, export_coverage, export_session
from tutor.export.paths import EXTENSIONS
from tutor.settings import default_exports_dir


@click.command("export")
@click.argument("session", type=SESSION_ID, required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="md, html, pdf, json (verifiable with tutor verify) or csv (criteria coverage); "
    "default: from --out's extension.",
)
@click.option(
    "--out",
    type=click.Path(),
    help="File to write (a folder gets a descriptive name inside it). Default: a "
    "descriptive name in the exports folder (TUTOR_EXPORTS).",
)
@click.option("--force", is_flag=True, help="Overwrite a file that already exists.")
@click.option("--coverage", is_flag=True, help="Criteria coverage CSV across a learner's sessions.")
@click.option("--learner", help="The learner, with --coverage.")
@db_option
@banks_option
@click.pass_context
def export(
    ctx: click.Context,
    session: int | None,
    fmt: str | None,
    out: str | None,
    force: bool,
    coverage: bool,
    learner: str | None,
    db: str | None,
    banks: str | None,
) -> None:
    """Write the record of SESSION (see `tutor transcripts list`) for a portfolio.

    Assessment sessions give a record of professional discussion, practice sessions a record
    of oral questioning (revision log). A relative --out is taken from the current folder
    and may not climb out of it (`..`); nothing is overwritten without --force.
    """
    db_path = resolve_db(ctx, db)
    banks_dir = resolve_banks(ctx, banks)
    directory = Path.cwd() if out else default_exports_dir(db_path)
    if coverage:
        if not learner:
            raise click.UsageError("--coverage needs --learner NAME")
        if session is not None:
            raise click.UsageError("give either SESSION or --coverage --learner NAME, not both")
        written = export_coverage(
            db_path, learner, out, force, banks=banks_dir, directory=directory
        )
        click.echo(f"Wrote {written}")
        return
    if session is None:
        raise click.UsageError("give a SESSION id (tutor transcripts list), or --coverage")
    fmt = fmt or _format_from(out)
    written = export_session(
        db_path, session, fmt, out, force, banks=banks_dir, directory=directory
    )
    click.echo(f"Wrote {written}")


def _format_from(out: str | None) -> str:
    suffix = Path(out).suffix.lower() if out else ""
    for fmt, extension in EXTENSIONS.items():
        if suffix == extension or (fmt == "md" and suffix == ".markdown"):
            return fmt
    raise click.UsageError(f"give --format ({'|'.join(FORMATS)})")
