"""Exporting a session from the transcripts screens: choose a format, the file is written."""

from __future__ import annotations

import random
from pathlib import Path

from tests.sessions.session_fixtures import PURPOSE, tiny_bank
from tests.ui.pilot_steps import ready
from tutor.export import verify_record_file
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store
from tutor.ui.screens.export import ExportScreen
from tutor.ui.screens.transcript import TranscriptScreen
from tutor.ui.screens.transcripts import TranscriptsScreen

# The dialog's order: PDF first (the usual choice), the verifiable JSON record fourth.
PDF_DOWNS = 0
JSON_DOWNS = 3


def ended_session(db_path: Path, banks_dir: Path, clock) -> int:
    with Store.open(db_path) as store:
        engine = SessionEngine(tiny_bank(banks_dir), store, clock, random.Random(1))
        session_id = engine.start_practice("Siân O’Neil", [PURPOSE])
        engine.next_question()
        engine.submit_answer("Customers come back and recommend us")
        engine.end()
    return session_id


def notifications(app) -> list[str]:
    """Every notification the app has shown, expired ones too: the "Exporting…" one lasts
    3 s, which a slow export on a loaded machine outlives."""
    return getattr(app, "shown_notifications", [])


def recording_notifications(app):
    """`app`, keeping each notification's message in `app.shown_notifications`."""
    app.shown_notifications = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        app.shown_notifications.append(message)
        return notify(message, *args, **kwargs)

    app.notify = recording
    return app


async def export(pilot, downs: int, *, overwrite: bool = False) -> None:
    """E, the format, (O), Enter; then wait for the worker."""
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    await pilot.press(*(["down"] * downs), *(["o"] if overwrite else []), "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_session_exported_as_pdf_and_verifiable_json(
    make_app, db_path, banks_dir, clock, tmp_path
):
    session_id = ended_session(db_path, banks_dir.parent / "bank2", clock)
    app = recording_notifications(make_app())
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, TranscriptsScreen)

        await export(pilot, PDF_DOWNS)
        assert isinstance(app.screen, TranscriptsScreen)  # the dialog closed
        pdfs = list((tmp_path / "exports").glob("*.pdf"))
        assert len(pdfs) == 1 and f"session-{session_id}" in pdfs[0].name
        assert pdfs[0].read_bytes().startswith(b"%PDF")
        assert any("Exporting" in m for m in notifications(app))
        assert f"written to {pdfs[0]}" in notifications(app)[-1]

        await export(pilot, JSON_DOWNS)
        (record,) = (tmp_path / "exports").glob("*.json")
        assert verify_record_file(record).ok


async def test_existing_file_is_kept_unless_overwrite_is_ticked(
    make_app, db_path, banks_dir, clock, tmp_path
):
    ended_session(db_path, banks_dir.parent / "bank2", clock)
    app = recording_notifications(make_app())
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("enter")  # the read-only transcript has the same key
        await pilot.pause()
        assert isinstance(app.screen, TranscriptScreen)
        await export(pilot, JSON_DOWNS)
        (record,) = (tmp_path / "exports").glob("*.json")
        record.write_text("kept", encoding="utf-8")

        await export(pilot, JSON_DOWNS)
        refused = notifications(app)[-1]
        assert "already exists" in refused and "Overwrite" in refused
        assert record.read_text(encoding="utf-8") == "kept"

        await export(pilot, JSON_DOWNS, overwrite=True)
        assert "written to" in notifications(app)[-1]
        assert verify_record_file(record).ok


async def test_export_is_offered_in_the_command_palette(make_app, db_path, banks_dir, clock):
    ended_session(db_path, banks_dir.parent / "bank2", clock)
    app = recording_notifications(make_app())
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Export…" in commands
        commands["Export…"].callback()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TranscriptsScreen)
