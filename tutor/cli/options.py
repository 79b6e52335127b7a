"""Options shared by several commands, the types that check their values, and the one place
they are resolved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tutor.banks.model import Bank
from tutor.sessions.timing import InvalidTimeLimit, check_limit
from tutor.settings import default_banks_dir, default_db_path

F = TypeVar("F", bound=Callable[..., Any])

# SQLite's largest integer: no session id is above it.
MAX_SESSION_ID = 2**63 - 1
# A count of questions or search hits: far beyond any bank, far within SQLite.
MAX_COUNT = 10_000


def parse_session_id(text: str) -> int:
    """A session id from the command line; ValueError (its message for the user) if it is
    not one or no session could have it."""
    try:
        number = int(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a session id; give the number tutor transcripts list shows"
        ) from None
    if not 1 <= number <= MAX_SESSION_ID:
        raise ValueError(f"no session {number} can exist: tutor transcripts list shows the ids")
    return number


class SessionId(click.ParamType):
    """A session id: a whole number a session could have (1 to SQLite's largest)."""

    name = "session"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            return parse_session_id(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class Seconds(click.ParamType):
    """A time limit in seconds: a finite number from a second to a day."""

    name = "seconds"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        try:
            check_limit(seconds)
        except InvalidTimeLimit as exc:
            self.fail(str(exc), param, ctx)
        return seconds


COUNT = click.IntRange(1, MAX_COUNT)
SESSION_ID = SessionId()
SECONDS = Seconds()


def db_option(f: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default=None,
        help="Database file (also TUTOR_DB).",
    )(f)


def banks_option(f: F) -> F:
    return click.option(
        "--banks",
        "banks",
        type=click.Path(),
        default=None,
        help="Question banks folder (also TUTOR_BANKS; default: the shipped banks).",
    )(f)


def json_flag(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")(f)


def resolve_db(ctx: click.Context, db: str | None) -> Path:
    """The command's --db, else the group's --db/TUTOR_DB, else the default."""
    chosen = db or (ctx.find_root().obj or {}).get("db")
    return Path(chosen) if chosen else default_db_path()


def resolve_banks(ctx: click.Context, banks: str | None) -> Path:
    chosen = banks or (ctx.find_root().obj or {}).get("banks")
    return Path(chosen) if chosen else default_banks_dir()


def load_banks(ctx: click.Context, banks: str | None) -> Bank:
    """The bank to question and score from, through the cache (a bank file edited since is
    read afresh); `BrokenBank`, one line per problem, if a bank file has errors.
    `tutor bank check` reads the files itself."""
    from tutor.banks.cache import open_bank
    from tutor.settings import cache_dir

    return open_bank(resolve_banks(ctx, banks), cache_dir())
