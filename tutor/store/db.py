"""Opening the database: WAL, foreign keys, a busy timeout, and one-line errors.

A locked, read-only, damaged, foreign or newer-schema file is reported as a `StoreError`
naming the file and what to do, never as a traceback; a file another program kept locked
for longer than the busy limit as a `StoreBusy`, so a face can keep what it was writing
and offer it again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tutor.errors import StoreError
from tutor.store.schema import SCHEMA_VERSION, migrate, schema_version

# How long a write waits for another program's write to finish before giving up. Long
# enough for a slow backup, a migration or an assessor's export in another window.
BUSY_LIMIT_SECONDS = 30.0


class StoreBusy(StoreError):
    """Another program held the database's write lock for longer than the busy limit;
    nothing was written, and the same write may simply be tried again."""


def is_busy(exc: sqlite3.Error) -> bool:
    """True for SQLite's "database is locked" (SQLITE_BUSY) and its kin."""
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def explain(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """A one-line, actionable error for a low-level SQLite failure on `path`."""
    message = str(exc).lower()
    if is_busy(exc):
        return StoreBusy(
            f"{path} is busy: another program is writing to it; try again in a moment, "
            "or close that program"
        )
    if "readonly" in message or "read-only" in message:
        return StoreError(f"{path} is read-only; check the file's permissions or pass --db")
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return StoreError(
            f"{path} is not a tutor database or is damaged; restore it from a backup "
            "or pass --db for another file"
        )
    if "unable to open" in message:
        return StoreError(f"{path} cannot be opened; check the folder exists and is writable")
    if "disk" in message and "full" in message:
        return StoreError(f"{path}: the disk is full; free some space and try again")
    return StoreError(f"{path}: database error: {exc}")


def connect(
    path: Path | str, *, readonly: bool = False, busy_limit: float = BUSY_LIMIT_SECONDS
) -> sqlite3.Connection:
    """An autocommit connection (transactions are explicit) with the schema up to date.

    `readonly` opens an existing file without writing to it (listing, verifying).
    `busy_limit` is how many seconds a statement waits for another program's lock.
    """
    path = Path(path)
    if readonly and not path.exists():
        raise StoreError(f"{path}: no database here yet; run a session first or pass --db")
    try:
        if readonly:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro",
                uri=True,
                timeout=busy_limit,
                isolation_level=None,
            )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=busy_limit, isolation_level=None)
    except OSError as exc:
        raise StoreError(f"{path} cannot be created ({exc.strerror}); pass --db") from exc
    except sqlite3.Error as exc:
        raise explain(exc, path) from exc
    try:
        _prepare(conn, path, readonly, busy_limit)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise explain(exc, path) from exc
    return conn


def _prepare(conn: sqlite3.Connection, path: Path, readonly: bool, busy_limit: float) -> None:
    conn.execute(f"PRAGMA busy_timeout = {round(busy_limit * 1000):d}")
    conn.execute("PRAGMA foreign_keys = ON")
    version = schema_version(conn)  # reads the header: a damaged file fails here
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if version == 0 and tables:
        raise StoreError(
            f"{path} is an SQLite database but not a tutor one; pass --db for another file"
        )
    if readonly:
        if version > SCHEMA_VERSION:
            migrate(conn, str(path))  # raises the newer-schema error
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{path} uses an older schema ({version}); open it once with a writable "
                "session to upgrade it"
            )
        return
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # WAL with synchronous=FULL: a committed answer survives a crash or power loss.
    conn.execute("PRAGMA synchronous = FULL")
    migrate(conn, str(path))
