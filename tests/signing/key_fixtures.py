"""A fixed clock and a key folder for the signing tests."""

from __future__ import annotations

from datetime import UTC, datetime

MADE = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
LATER = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)


def at(moment: datetime):
    """A clock stopped at `moment`."""
    return lambda: moment
