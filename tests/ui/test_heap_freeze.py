"""`tutor` freezes its start-up heap once, when the banks are in; other apps never do."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tutor.ui.app import create_app


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch) -> list[None]:
    calls: list[None] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(None))
    return calls


async def test_app_run_by_tutor_freezes_heap_once_banks_are_in(
    db_path: Path, banks_dir: Path, freezes: list[None]
) -> None:
    app = create_app(db_path, banks_dir, freeze_heap=True)
    async with app.run_test() as pilot:
        while app.bank is None:
            await pilot.pause(0.01)
        app.post_message(app.BankReady(app.bank))  # a second load does not freeze again
        await pilot.pause()
    assert len(freezes) == 1


async def test_app_built_for_tests_never_freezes_heap(
    db_path: Path, banks_dir: Path, freezes: list[None]
) -> None:
    app = create_app(db_path, banks_dir)
    async with app.run_test() as pilot:
        while app.bank is None:
            await pilot.pause(0.01)
    assert freezes == []
