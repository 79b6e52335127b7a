"""Options shared by several commands, and the one place they are resolved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tutor.banks.model import Bank
from tutor.settings import default_banks_dir, default_db_path

F = TypeVar("F", bound=Callable[..., Any])


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


def load_banks(ctx: click.Context, banks: str | None, db: str | None = None) -> Bank:
    """The bank to question and score from, through the cache (a bank file edited since is
    read afresh); `BrokenBank`, one line per problem, if a bank file has errors.
    `tutor bank check` reads the files itself. (`db` no longer matters: the cache moved from
    beside the database to the user's cache directory.)"""
    from tutor.banks.cache import open_bank
    from tutor.settings import cache_dir

    return open_bank(resolve_banks(ctx, banks), cache_dir())
