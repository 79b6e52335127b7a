"""The chat screen on the shipped banks: the keys on the footer are the keys that work now,
Quit and Help never fall off it at 80 columns, the end of a session and of its time say what
comes next, the countdown counts down, and the resume question wraps at any width."""

from __future__ import annotations

import random

import pytest
from textual.geometry import Region
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tests.conftest import SHIPPED_BANKS
from tests.ui.pilot_steps import answer, footer_text, ready, screen_text, start_session
from tutor.banks.cache import load_bank_cached
from tutor.sessions.engine import SessionEngine
from tutor.settings import cache_dir
from tutor.store.queries import Store
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.screens.declaration import DeclarationScreen
from tutor.ui.screens.dialogs import ConfirmScreen
from tutor.ui.screens.start import StartScreen
from tutor.ui.widgets.chat_bubble import ChatBubble

# Half an answer to A/506/1821 1.1 (benchmarks): feedback, with points missed to follow up.
PARTIAL = "A benchmark is a standard to measure the team's performance against"


def assert_footer(app, shows: tuple[str, ...] = (), hides: tuple[str, ...] = ()) -> None:
    """Quit and Help are on the footer with `shows`, none of `hides`, and no key is cut off."""
    footer = footer_text(app)
    for key in ("^q Quit", "f1 Help", *shows):
        assert key in footer, f"{key!r} is not on the footer: {footer!r}"
    for key in hides:
        assert key not in footer, f"{key!r} is on the footer: {footer!r}"
    cut = [k.description for k in app.screen.query(FooterKey) if k.region.right > app.size.width]
    assert not cut, f"cut off at {app.size.width} columns: {cut}"


async def test_practice_footer_shows_what_works_now_within_80_columns(make_shipped_app):
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Sam Patel")
        assert_footer(
            app,
            shows=("f2 Hint", "f3 Model answer", "f8 Skip", "f10 End"),
            hides=("Retry", "Follow-up", "Next", "Pause"),  # no answer yet; no clock
        )
        await answer(pilot, PARTIAL)
        assert_footer(
            app,
            shows=("f3 Model answer", "f4 Retry", "f5 Follow-up", "^n Next", "f10 End"),
            hides=("Hint", "Skip"),
        )


async def test_assessment_footer_keeps_quit_and_help_at_80_columns(make_shipped_app):
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Sam Patel", assessor="Mary Cole", minutes="20")
        assert_footer(app, shows=("f6 Ask", "f7 Note", "f8 Skip", "f9 Pause", "f10 End"))
        await answer(pilot, PARTIAL)
        assert_footer(app, shows=("f6 Ask", "^n Next", "f10 End"), hides=("Hint", "Skip"))
        await pilot.press("f9")  # paused: what waits for the clock is greyed, still shown
        await pilot.pause()
        assert_footer(app, shows=("f9 Pause", "f7 Note"))


async def test_an_ended_practice_offers_only_the_way_back(make_shipped_app):
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Sam Patel")
        await answer(pilot, PARTIAL)
        await pilot.press("f10", "y")
        await pilot.pause()
        chat = app.screen
        assert isinstance(chat, ChatScreen) and chat.engine.ended
        assert_footer(
            app, shows=("esc Back",), hides=("Hint", "Retry", "Follow-up", "Next", "Skip", "End")
        )
        shown = screen_text(app)
        assert "Session complete" in shown
        assert "The session has ended · Escape goes back to the start" in shown
        assert "Type another try" not in shown

        bubbles = len(chat.query(ChatBubble))
        await pilot.press("f2", "f4", "ctrl+n")  # keys no longer shown do nothing
        await pilot.pause()
        assert len(chat.query(ChatBubble)) == bubbles
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_time_up_says_what_comes_next_and_every_clock_counts_down(make_shipped_app, clock):
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Sam Patel", assessor="Mary Cole", minutes="5")
        chat = app.screen
        assert isinstance(chat, ChatScreen)
        await answer(pilot, PARTIAL)

        clock.advance(5 * 60 + 10)  # past the limit, 10 s into its 30 s leeway
        chat.tick()
        await pilot.pause()
        shown = screen_text(app)
        assert "Time up · leeway 0:20 left" in shown
        assert "Time is up: Enter closes the session, then the declaration and decisions" in shown
        assert "Press Enter for the next question" not in shown
        assert_footer(app, shows=("f10 End",), hides=("Next",))

        clock.advance(5)
        chat.tick()
        await pilot.pause()
        assert "leeway 0:15 left" in screen_text(app)  # counts down, as the time left did

        clock.advance(30)
        chat.tick()
        await pilot.pause()
        assert "Over time by 0:45" in screen_text(app)

        await pilot.press("enter")  # the box is empty: the session closes
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DeclarationScreen)  # the learner's, then the decisions


def unfinished_practice(db_path, clock) -> int:
    bank, _ = load_bank_cached(SHIPPED_BANKS, cache_dir())
    with Store.open(db_path) as store:
        engine = SessionEngine(bank, store, clock, random.Random(1))
        session_id = engine.start_practice("Sam Patel", ["A/506/1821 1.1", "A/506/1821 1.2"])
        engine.next_question()
    return session_id


@pytest.mark.parametrize("width", [80, 140, 200])
async def test_the_resume_question_wraps_at_any_width(make_shipped_app, shipped_db, clock, width):
    unfinished_practice(shipped_db, clock)
    app = make_shipped_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await ready(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        question = dialog.query_one(".question", Static)
        lines = [
            strip.text.strip()
            for strip in question.render_lines(Region(0, 0, *question.size))
            if strip.text.strip()
        ]
        assert len(lines) > 1
        assert " ".join(lines) == dialog.question
        assert dialog.question.endswith("was not finished. Resume it now?")
        assert question.region.right <= width
        assert "Resume it now?" in screen_text(app)
