"""`tutor verify (SESSION | FILE)`: recompute a transcript's hash chain and digest."""

from __future__ import annotations

from pathlib import Path

import click

from tutor.cli.options import db_option, json_flag, parse_session_id, resolve_db
from tutor.errors import TutorError
from tutor.store.queries import Store


@click.command("verify")
@click.argument("target", required=False)
@click.option(
    "--all", "every", is_flag=True, help="Every session, the register of sessions and amendments."
)
@db_option
@json_flag
@click.pass_context
def verify(
    ctx: click.Context, target: str | None, every: bool, db: str | None, as_json: bool
) -> None:
    """Check that a session's transcript has not been altered since it was written.

    TARGET is a session id (see `tutor transcripts list`) or an exported .json record;
    --all checks every session in the database, the register that notices a session
    deleted whole, and the chain of amendments to learners' details. Exit status 0 when
    intact, 1 when anything was altered (the first altered turn or detail is named).
    """
    if every:
        _verify_all(ctx, db, as_json)
        return
    if target is None:
        raise click.UsageError("give a session id or an exported .json record, or --all")
    path = Path(target)
    if target.lower().endswith(".json"):
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "does not exist"
            raise click.UsageError(f"{target} {what}; give an exported .json record's file")
        _verify_file(ctx, path)
        return
    if not target.strip().lstrip("+-").isdigit():
        raise click.UsageError(f"{target!r} is neither a session id nor an exported .json record")
    try:
        session_id = parse_session_id(target)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'TARGET'") from None
    with Store.open(resolve_db(ctx, db), readonly=True) as store:
        result = store.verify(session_id)
    if as_json:
        import json

        click.echo(
            json.dumps(
                {
                    "session": result.session_id,
                    "ok": result.ok,
                    "turns": result.turns,
                    "first_bad_turn": result.first_bad_seq,
                    "problem": result.problem,
                }
            )
        )
    elif result.ok:
        click.echo(f"Session {session_id}: intact ({result.turns} turns).")
    else:
        click.echo(f"Session {session_id}: ALTERED: {result.problem}.")
    if not result.ok:
        ctx.exit(1)


def _verify_file(ctx: click.Context, path: Path) -> None:
    from tutor.export import verify_record_file

    result = verify_record_file(path)
    if not result.is_record:
        raise TutorError(
            f"{path} {result.problem}; give a record written by tutor export --format json"
        )
    click.echo(f"{path}: intact." if result.ok else f"{path}: ALTERED: {result.problem}.")
    if not result.ok:
        ctx.exit(1)


def _verify_all(ctx: click.Context, db: str | None, as_json: bool) -> None:
    with Store.open(resolve_db(ctx, db), readonly=True) as store:
        results = store.verify_all()
    failed = [r for r in results if not r.ok]
    if as_json:
        import json

        click.echo(
            json.dumps(
                {
                    "ok": not failed,
                    "sessions": sum(1 for r in results if r.session_id and r.turns),
                    "problems": [
                        {"session": r.session_id or None, "problem": r.problem} for r in failed
                    ],
                }
            )
        )
    else:
        for result in failed:
            where = f"Session {result.session_id}" if result.session_id else "Database"
            click.echo(f"{where}: ALTERED: {result.problem}.")
        if not failed:
            click.echo(
                f"All {len(results)} sessions intact; the register of sessions and the "
                "amendments hold."
            )
    if failed:
        ctx.exit(1)
