"""`tutor import`: read awarding-body specifications, report what they hold, write bank files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tutor.banks.importers import SourcedWarning, qualifications_of
from tutor.banks.importers.merge import ImportResult, import_specs
from tutor.banks.importers.report import spec_json
from tutor.cli.options import resolve_banks
from tutor.errors import TutorError
from tutor.export.paths import ExportPathError, write_bytes


@click.command("import")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write bank files (units/, qualifications/) here, keeping every question already "
    "in it. Without it, only report.",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Write the parsed specifications as JSON to FILE ('-' for stdout).",
)
@click.pass_context
def import_command(
    ctx: click.Context, specs: tuple[Path, ...], out_dir: Path | None, json_file: str | None
) -> None:
    """Import specifications (SPEC...) saved as text.

    Prints, per file, its qualification, how many units, outcomes and criteria it holds, and
    each problem found in it as `file: unit: message`. Problems in a specification are
    warnings; a file that cannot be read at all makes the exit status 1, after the other
    files have been imported.

    The source decisions (errata.yaml) of the bank written to, else of the banks in use
    (--banks), correct what a specification gets wrong (text the extraction damaged or lost,
    a check letter, a level, a title): the report names each decision applied, or why one
    was not, and the JSON marks corrected text "reconstructed", with the erratum's reason.

    \b
    Examples:
      tutor import ../shared/seeds/*.txt
      tutor import ../shared/seeds/*.txt --out question_banks
      tutor import spec.txt --json - | jq '.[].units | length'
    """
    # With the JSON on stdout, the report goes to stderr so stdout stays one document.
    to_stderr = json_file == "-"
    try:
        result = import_specs(specs, out_dir, resolve_banks(ctx, None))
    except TutorError as exc:
        _fail(f"tutor: {exc}")
        return
    _report(result, out_dir, to_stderr)
    if json_file is not None:
        document = json.dumps(
            spec_json(result.documents, result.warnings, result.bank, result.corrections),
            indent=2,
            ensure_ascii=False,
        )
        if json_file == "-":
            click.echo(document)
        else:
            try:
                # Whole or not at all, and only ever a regular file, as exports are written.
                write_bytes(Path(json_file), (document + "\n").encode("utf-8"), force=True)
            except ExportPathError as exc:
                _fail(f"tutor: {str(exc).replace('--out', '--json')}")
    for error in result.errors:
        click.echo(f"tutor: {error}", err=True)
    if result.errors:
        raise SystemExit(1)


def _report(result: ImportResult, out_dir: Path | None, to_stderr: bool) -> None:
    def say(line: str) -> None:
        click.echo(line, err=to_stderr)

    by_file: dict[str, list[SourcedWarning]] = {}
    for warning in result.warnings:
        by_file.setdefault(warning.source, []).append(warning)
    for document in result.documents:
        named = qualifications_of(document)
        name = (
            "; ".join(f"{q.title} ({q.number})" for q in named)
            or f"{document.awarding_body} units, no qualification"
        )
        outcomes = sum(len(u.outcomes) for u in document.units)
        criteria = sum(len(u.criteria()) for u in document.units)
        say(
            f"{document.source}: {name}: {len(document.units)} units, {outcomes} outcomes, "
            f"{criteria} criteria"
        )
        for warning in by_file.pop(document.source, []):
            say(f"{document.source}: {warning}")
    for warning in (w for ws in by_file.values() for w in ws):
        say(f"{warning.source or 'merge'}: {warning}")
    if result.documents:
        imported = {u.ref for d in result.documents for u in d.units}
        held = {unit.ref for ref in imported if (unit := result.bank.unit(ref))}
        targets = sum(
            1
            for ref in held
            for _, criterion in result.bank.units[ref].criteria()
            if criterion.target
        )
        say(
            f"merged: {len(held)} units, {targets} target criteria, {len(result.warnings)} warnings"
        )
    if out_dir is not None and result.written:
        say(f"wrote {len(result.written)} files to {out_dir}")
    for path in result.removed:
        say(f"removed {path}: its unit is now held under a 506-series reference")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)
