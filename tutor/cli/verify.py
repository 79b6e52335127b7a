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
@click.option(
    "--key",
    "key_text",
    metavar="PUBLIC_KEY",
    help="The signer's public key (a file from `tutor keys export`, or the key itself): "
    "the record must be signed by it.",
)
@db_option
@json_flag
@click.pass_context
def verify(
    ctx: click.Context,
    target: str | None,
    every: bool,
    key_text: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Check that a session's transcript has not been altered since it was written.

    TARGET is a session id (see `tutor transcripts list`) or an exported .json record;
    --all checks every session in the database, the register that notices a session
    deleted whole, and the chain of amendments to learners' details. Exit status 0 when
    intact, 1 when anything was altered (the first altered turn or detail is named).

    \b
    What it proves. Without --key: that the transcript, every detail of the session and the
    assessor's record (decisions, overrides, declarations, feedback, signatures) agree with
    the hash chain and digest written as the session ran, and that signatures in it are good
    for the keys they name. It cannot tell a record rebuilt consistently by someone with
    write access to the database (or the file) from the original: only a key can.
    With --key PUBLIC_KEY: also that the record was signed by that key and has not changed
    since; rebuilding it needs that key's private half. What it does not prove: that the
    signer is who they say (check the fingerprint with them), or that anything before
    signing was truthful; the holder of a private key can sign a record they rebuilt.
    """
    public_key = _public_key(key_text) if key_text else None
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
        _verify_file(ctx, path, public_key)
        return
    if not target.strip().lstrip("+-").isdigit():
        raise click.UsageError(f"{target!r} is neither a session id nor an exported .json record")
    try:
        session_id = parse_session_id(target)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'TARGET'") from None
    with Store.open(resolve_db(ctx, db), readonly=True) as store:
        result = store.verify(session_id, public_key)
        signers = store.signers(session_id) if result.ok else []
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
                    "signed_by": [_signer(s) for s in signers],
                }
            )
        )
    elif result.ok:
        click.echo(f"Session {session_id}: intact ({result.turns} turns).")
        _say_signers(signers, public_key is not None)
    else:
        click.echo(f"Session {session_id}: ALTERED: {result.problem}.")
    if not result.ok:
        ctx.exit(1)


def _public_key(given: str) -> bytes:
    from tutor.signing.public import load_public_key

    return load_public_key(given)


def _signer(block: dict[str, object]) -> dict[str, object]:
    return {k: block.get(k) for k in ("signer", "fingerprint", "signed_at", "seq")}


def _say_signers(signers: list[dict[str, object]], by_key: bool) -> None:
    for block in signers:
        click.echo(
            f"Signed by {block.get('signer')} (key {block.get('fingerprint')}) at "
            f"{block.get('signed_at')}."
        )
    if signers and not by_key:
        click.echo(
            "The signatures show the record has not changed since those keys signed it; "
            "pass --key with the signer's public key to check whose key it is."
        )


def _verify_file(ctx: click.Context, path: Path, public_key: bytes | None = None) -> None:
    from tutor.export import verify_record_file

    result = verify_record_file(path, public_key)
    if not result.is_record:
        raise TutorError(
            f"{path} {result.problem}; give a record written by tutor export --format json"
        )
    click.echo(f"{path}: intact." if result.ok else f"{path}: ALTERED: {result.problem}.")
    if result.ok:
        _say_signers(list(result.signers), public_key is not None)
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
