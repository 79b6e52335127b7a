"""The start screen on the shipped banks: an assessment's registration number, centre and
delivery reach the record; a learner's details and name are remembered from the store."""

from __future__ import annotations

import random
from pathlib import Path

from textual.widgets import Input

from tests.conftest import SHIPPED_BANKS
from tests.sessions.session_fixtures import FakeClock
from tests.ui.pilot_steps import ready, screen_text, start_session, type_text
from tutor.banks.cache import load_bank_cached
from tutor.export.markdown import render
from tutor.export.record import build_record
from tutor.sessions.engine import SessionEngine
from tutor.settings import cache_dir
from tutor.store.queries import Store
from tutor.ui.screens.chat import ChatScreen

CRITERION = "A/506/1821 1.1"  # Manage team performance: the first unit the start screen lists


def earlier_assessment(db_path: Path, clock: FakeClock) -> None:
    """An ended assessment of Sam Patel's, with registration number and centre."""
    bank, _ = load_bank_cached(SHIPPED_BANKS, cache_dir())
    with Store.open(db_path) as store:
        engine = SessionEngine(bank, store, clock, random.Random(1))
        engine.start_assessment(
            "Sam Patel", "Mary Cole", [CRITERION], registration="NC-0042", centre="Northgate"
        )
        engine.end()
    clock.advance(3600)


async def choose_assessment(pilot) -> None:
    """From the learner's name: Tab to the mode and choose Assessment."""
    await pilot.press("tab", "enter", "down", "enter")
    await pilot.pause()


async def test_assessment_details_typed_at_the_start_are_in_the_record(
    make_shipped_app, shipped_db
):
    app = make_shipped_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert "Registration number" not in screen_text(app)  # practice: not asked
        await start_session(
            pilot,
            "Sam Patel",
            assessor="Mary Cole",
            minutes="20",
            registration="NC-0042",
            centre="Northgate College",
            remote=True,
        )
        assert isinstance(app.screen, ChatScreen)
    with Store.open(shipped_db) as store:
        session = store.session(1)
        record = render(build_record(store, 1))
    assert session["registration_number"] == "NC-0042"
    assert session["centre"] == "Northgate College"
    assert session["delivery"] == "remote"
    assert session["time_limit_seconds"] == 20 * 60
    assert "not recorded" not in record.split("Countersigning assessor")[0]
    assert "delivery (face to face / remote): remote" in record


async def test_a_known_learners_registration_and_centre_are_filled_in(
    make_shipped_app, shipped_db, clock
):
    earlier_assessment(shipped_db, clock)
    app = make_shipped_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await type_text(pilot, "Sam Patel")
        await choose_assessment(pilot)
        shown = screen_text(app)
        assert "NC-0042" in shown and "Northgate" in shown
        assert "Delivery: face to face" in shown  # a choice, face to face unless changed

        # Another learner's details are not carried over to a new one.
        await pilot.click("#learner")
        await pilot.press("end", *["backspace"] * len("Sam Patel"))
        await type_text(pilot, "Ann Other")
        assert app.screen.query_one("#registration", Input).value == ""
        assert app.screen.query_one("#centre", Input).value == ""


async def test_a_value_typed_is_kept_when_the_name_is_known(make_shipped_app, shipped_db, clock):
    earlier_assessment(shipped_db, clock)
    app = make_shipped_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        app.screen.query_one("#centre", Input).value = "Southgate"
        await type_text(pilot, "Sam Patel")
        assert app.screen.query_one("#centre", Input).value == "Southgate"
        assert app.screen.query_one("#registration", Input).value == "NC-0042"


async def test_names_are_suggested_on_a_fresh_start(make_shipped_app, shipped_db, clock):
    earlier_assessment(shipped_db, clock)
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "Sa")
        await pilot.pause()
        assert "Sam Patel" in screen_text(app)  # the suggestion, greyed after the cursor
        await pilot.press("right")  # accepts it
        assert app.screen.query_one("#learner", Input).value == "Sam Patel"


async def test_the_time_limit_says_it_is_in_minutes_at_80_columns(make_shipped_app):
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "Sam Patel")
        await choose_assessment(pilot)
        shown = screen_text(app)
        assert "minutes, e.g. 20" in shown
        assert "Assessor's name" in shown
