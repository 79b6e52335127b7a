"""The app on a damaged bank: it says why, in full, and starts no session on it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.banks.bank_fixtures import DAMAGED_FILE, DAMAGED_UNIT, copy_shipped_banks, cut_short
from tutor.errors import TutorError
from tutor.ui.app import create_app


async def _refusal_shown(banks: Path, db: Path) -> tuple[str, str]:
    """Start the app; the notification it shows and what starting a session says."""
    app = create_app(db, banks, offer_resume=False)
    async with app.run_test() as pilot:
        async with asyncio.timeout(60):
            while not app.bank_error:
                await pilot.pause(0.01)
        assert app.bank is None
        with pytest.raises(TutorError) as refused:
            app.new_engine()
        return "\n".join(n.message for n in app._notifications), str(refused.value)


async def test_the_app_shows_why_it_will_not_use_a_damaged_bank(tmp_path: Path) -> None:
    banks = copy_shipped_banks(tmp_path)
    cut_short(banks / "units" / DAMAGED_FILE.name)
    expected = (
        f"unit {DAMAGED_UNIT}: the specification part does not match its digest (23 criteria "
        "expected, 1 found) — restore the file or re-run tutor import"
    )
    for _ in range(2):  # read from the files, then from the cached copy
        shown, refused = await _refusal_shown(banks, tmp_path / "tutor.db")
        assert expected in shown and str(DAMAGED_FILE) in shown
        assert expected in refused
