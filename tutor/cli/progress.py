"""`tutor progress --learner NAME [--json]`: where a learner stands, per unit and criterion."""

from __future__ import annotations

import json
from datetime import datetime

import click

from tutor.banks.refs import normalise_unit_ref
from tutor.cli.options import banks_option, db_option, json_flag, load_banks, resolve_db
from tutor.errors import StoreError, UnknownCriterion
from tutor.sessions.plain import printable
from tutor.sessions.progress import SYMBOLS, CriterionProgress, Progress
from tutor.sessions.schedule import load_progress
from tutor.store.queries import Store
from tutor.store.reviews import known_learner


class UnknownLearner(StoreError):
    """A learner name the database has never seen."""


@click.command("progress")
@click.option("--learner", required=True, help="The learner's name, as in their sessions.")
@click.option(
    "--unit",
    "units",
    multiple=True,
    help="Also show this unit (repeatable), even before the learner has practised it.",
)
@db_option
@banks_option
@json_flag
@click.pass_context
def progress_command(
    ctx: click.Context,
    learner: str,
    units: tuple[str, ...],
    db: str | None,
    banks: str | None,
    as_json: bool,
) -> None:
    """Each criterion's status (✓ secure, ~ practising, · not started), the assessor's
    decision, last practice, next due date and recent scores; how many are due today."""
    bank = load_banks(ctx, banks)
    refs = [normalise_unit_ref(u) for u in units]
    for ref in refs:
        if bank.unit(ref) is None:
            raise UnknownCriterion(f"unit {ref} is not in the question bank; check --unit")
    path = resolve_db(ctx, db)
    if not path.exists():
        raise UnknownLearner(f"{path}: no database here yet; run a session first or pass --db")
    # The local time zone: "due today" and the streak follow the learner's calendar day.
    now = datetime.now().astimezone()
    with Store.open(path) as store:
        if not known_learner(store, learner):
            raise UnknownLearner(
                f"no learner {learner!r} in {path}; check the name (tutor transcripts list)"
            )
        result = load_progress(store, bank, learner, now, units=refs)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    click.echo(render(result))


def _day(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(now.tzinfo).date().isoformat()


def _due(c: CriterionProgress, now: datetime) -> str:
    if c.due is None:
        return "—"
    if c.due <= now:
        return "now"
    return "today" if c.due_today else _day(c.due, now)


def render(p: Progress) -> str:
    """The human table: one block per unit, one line per criterion."""
    counts = p.counts()
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    head = f"Progress for {printable(p.learner)}: {p.due_today} due today ({summary})"
    if p.streak is not None:
        head += f"; streak {p.streak} day{'s' if p.streak != 1 else ''}"
    lines = [head, "  ".join(f"{symbol} {status}" for status, symbol in SYMBOLS.items())]
    if not p.units:
        lines.append("No units practised yet: start a practice session (tutor chat --plain).")
    for unit in p.units:
        lines.append("")
        lines.append(f"{unit.ref}  {unit.title}")
        for c in unit.criteria:
            scores = " ".join(f"{s:.2f}" for s in c.recent_scores) or "—"
            decision = c.decision_label
            lines.append(
                f"  {c.symbol} {c.id:<5} {c.status!s:<11}  last {_day(c.last_seen, p.now):<10}  "
                f"due {_due(c, p.now):<10}  scores {scores:<14}  {decision}".rstrip()
            )
    return "\n".join(lines)
