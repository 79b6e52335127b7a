"""`tutor transcripts list|search|show`: find and read stored sessions."""

from __future__ import annotations

import json

import click

from tutor.cli.options import COUNT, SESSION_ID, db_option, json_flag, resolve_db
from tutor.errors import StoreError
from tutor.store.queries import Store
from tutor.text import visible


@click.group("transcripts")
def transcripts() -> None:
    """List, search and show stored sessions."""


def _line(text: str) -> str:
    """Stored text on one line, every control and invisible character shown as an escape."""
    return visible(text, one_line=True)


def _open(ctx: click.Context, db: str | None) -> Store | None:
    path = resolve_db(ctx, db)
    if not path.exists():
        return None
    return Store.open(path, readonly=True)


@transcripts.command("list")
@click.option("--learner", help="Only this learner's sessions.")
@db_option
@json_flag
@click.pass_context
def list_command(ctx: click.Context, learner: str | None, db: str | None, as_json: bool) -> None:
    """Sessions, newest first: id, learner, mode, start and end, turns, digest."""
    store = _open(ctx, db)
    rows = []
    if store is not None:
        with store:
            rows = store.list_sessions(learner)
    sessions = [
        {
            "id": row["id"],
            "learner": row["learner"],
            "mode": row["mode"],
            "status": row["status"],
            "assessor": row["assessor"],
            "started_at": row["started_at"],
            "ended_at": row["ended_at"],
            "turns": row["turns"],
            "digest": row["digest"],
        }
        for row in rows
    ]
    if as_json:
        click.echo(json.dumps({"sessions": sessions}, ensure_ascii=False))
        return
    if not sessions:
        click.echo("No sessions yet.")
        return
    for s in sessions:
        click.echo(
            f"{s['id']:>6}  {s['started_at']}  {s['mode']:<10}  {s['status']:<7}  "
            f"{s['turns']:>4} turns  {_line(s['learner'])}"
        )


@transcripts.command("search")
@click.argument("query")
@click.option("--limit", type=COUNT, default=50, show_default=True, help="At most N turns.")
@db_option
@json_flag
@click.pass_context
def search_command(
    ctx: click.Context, query: str, limit: int, db: str | None, as_json: bool
) -> None:
    """Turns holding every word of QUERY, best first, across every session.

    Words also find their other forms ("complaint" finds "complaints"), whatever their case
    or accents; numbers match whole ("5" and "£5" find "£5", never "1.5"). Decisions,
    overrides and declarations are shown in words.

    Exit status, as grep's: 0 when a turn matched, 1 when none did (a query with no letter
    or digit in it, such as an emoji, matches none), 2 for a usage error. The same with
    --json, whose "turns" is then empty.
    """
    store = _open(ctx, db)
    hits = []
    if store is not None:
        with store:
            hits = store.search(query, limit)
    if as_json:
        turns = [hit.to_dict() for hit in hits]
        click.echo(json.dumps({"query": query, "turns": turns}, ensure_ascii=False))
    elif not hits:
        click.echo(f"No matches for “{_line(query)}”.")
    else:
        for hit in hits:
            text = _line(hit.readable)
            text = text if len(text) <= 100 else text[:99] + "…"
            click.echo(
                f"session {hit.session_id} turn {hit.seq} ({hit.kind}, "
                f"{_line(hit.learner)}): {text}"
            )
    if not hits:
        ctx.exit(1)


@transcripts.command("show")
@click.argument("session_id", type=SESSION_ID)
@db_option
@json_flag
@click.pass_context
def show_command(ctx: click.Context, session_id: int, db: str | None, as_json: bool) -> None:
    """Every turn of one session, in order."""
    store = _open(ctx, db)
    if store is None:
        raise StoreError(f"no database at {resolve_db(ctx, db)}; pass --db")
    with store:
        session = store.session(session_id)
        turns = store.turns(session_id)
        decisions = store.decisions(session_id)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "session": session,
                    "turns": [t.to_dict() for t in turns],
                    "decisions": [d.to_dict() for d in decisions],
                },
                ensure_ascii=False,
            )
        )
        return
    click.echo(
        f"Session {session_id}: {session['mode']} for {_line(session['learner'])}, "
        f"{session['started_at']} to {session['ended_at'] or '(not ended)'}"
    )
    for t in turns:
        where = f" [{t.criterion}]" if t.criterion else ""
        click.echo(f"{t.seq:>4} {t.at} {t.kind}{where}: {_line(t.readable)}")
