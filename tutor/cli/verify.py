"""`tutor verify (SESSION | FILE)`: recompute a transcript's hash chain and digest."""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from tutor.cli.options import db_option, json_flag, resolve_db
from tutor.store.queries import Store


@click.command("verify")
@click.argument("target")
@db_option
@json_flag
@click.pass_context
def verify(ctx: click.Context, target: str, db: str | None, as_json: bool) -> None:
    """Check that a session's transcript has not been altered since it was written.

    TARGET is a session id (see `tutor transcripts list`) or an exported .json record.
    Exit status 0 when intact, 1 when a turn or the session's details were altered (the
    first altered turn is named).
    """
    path = Path(target)
    if target.lower().endswith(".json") and path.is_file():
        _verify_file(ctx, path)
        return
    try:
        session_id = int(target)
    except ValueError:
        raise click.UsageError(
            f"{target!r} is neither a session id nor an exported .json record"
        ) from None
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
    export = importlib.import_module("tutor.export")
    verify_record_file = getattr(export, "verify_record_file", None)
    if verify_record_file is None:
        click.echo(f"tutor: verifying exported files ({path}) is not available yet", err=True)
        ctx.exit(1)
    result = verify_record_file(path)
    # The exporter may return a bool or a result with `.ok` and `.problem`.
    ok = bool(getattr(result, "ok", result))
    problem = getattr(result, "problem", "") or "a turn or the record's details were altered"
    click.echo(f"{path}: intact." if ok else f"{path}: ALTERED: {problem}.")
    if not ok:
        ctx.exit(1)
