"""Taking up an interrupted session, and reading transcripts back."""

from __future__ import annotations

import random

from tests.sessions.session_fixtures import COMPLAINTS, COMPLAINTS_Q, tiny_bank
from tests.ui.pilot_steps import (
    answer,
    ready,
    rendered_text,
    screen_text,
    start_session,
    type_text,
    until,
)
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.screens.dialogs import ConfirmScreen, TextPromptScreen
from tutor.ui.screens.help import HelpScreen
from tutor.ui.screens.start import StartScreen
from tutor.ui.screens.transcript import TranscriptScreen
from tutor.ui.screens.transcripts import TranscriptsScreen


def interrupted_session(db_path, banks_dir, clock, *, end: bool = False) -> int:
    """A practice session with one answer given and the next question waiting, never ended
    (or, with `end`, ended there)."""
    with Store.open(db_path) as store:
        engine = SessionEngine(tiny_bank(banks_dir), store, clock, random.Random(3))
        session_id = engine.start_practice("Cara", [COMPLAINTS, "Y/506/2135 1.1"])
        engine.next_question()
        engine.submit_answer("I hear them out and put it right")
        engine.next_question()
        if end:
            engine.end()
    return session_id


def notifications(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_resume_after_interruption_keeps_every_answer(make_app, db_path, banks_dir, clock):
    session_id = interrupted_session(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Session {session_id}" in rendered_text(app)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        chat = app.screen
        assert isinstance(chat, ChatScreen)
        shown = rendered_text(app)
        assert "I hear them out and put it right" in shown  # the answer given before
        assert COMPLAINTS_Q.text in shown
        assert chat.engine.awaiting_answer and chat.engine.current().number == 2
        await answer(pilot, "Ask them and read the surveys")
        await pilot.press("enter")
        await pilot.pause()
        assert chat.engine.ended  # both planned questions answered
    with Store.open(db_path) as store:
        kinds = [t.kind for t in store.turns(session_id)]
        assert kinds.count("answer") == 2
        assert "resume" in kinds
        assert store.session(session_id)["status"] == "ended"


def interrupted_assessment(db_path, banks_dir, clock) -> int:
    """An assessment by Jo Khan with its question waiting, never ended."""
    with Store.open(db_path) as store:
        engine = SessionEngine(tiny_bank(banks_dir), store, clock, random.Random(3))
        session_id = engine.start_assessment("Cara", "Jo Khan", [COMPLAINTS])
        engine.next_question()
    return session_id


async def test_an_assessment_is_resumed_once_its_assessor_gives_their_name(
    make_app, db_path, banks_dir, clock
):
    session_id = interrupted_assessment(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("y")
        assert await until(pilot, lambda: isinstance(app.screen, TextPromptScreen))
        assert "its assessor resumes it" in rendered_text(app)
        await type_text(pilot, "Sam Patel")
        await pilot.press("enter")
        # Refused, and asked again: no session opened, nothing written.
        assert await until(pilot, lambda: "not the name" in notifications(app))
        assert await until(pilot, lambda: isinstance(app.screen, TextPromptScreen))
        with Store.open(db_path) as store:
            assert [t.kind for t in store.turns(session_id)] == ["start", "question"]
        await type_text(pilot, "Jo Khan")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ChatScreen))
        assert app.screen.engine.awaiting_answer
    with Store.open(db_path) as store:
        resume = store.turns(session_id)[-1]
        assert (resume.kind, resume.actor, resume.text) == (
            "resume",
            "assessor",
            "session resumed by Jo Khan",
        )
        assert store.verify(session_id).ok


async def test_an_assessment_resume_given_up_at_the_name_opens_nothing(
    make_app, db_path, banks_dir, clock
):
    session_id = interrupted_assessment(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("y")
        assert await until(pilot, lambda: isinstance(app.screen, TextPromptScreen))
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, StartScreen))
    with Store.open(db_path) as store:
        assert [t.kind for t in store.turns(session_id)] == ["start", "question"]


async def test_resume_offer_declined_starts_fresh(make_app, db_path, banks_dir, clock):
    interrupted_session(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_transcripts_list_search_open_and_verify(make_app, db_path, banks_dir, clock):
    session_id = interrupted_session(db_path, banks_dir.parent / "bank2", clock, end=True)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("n")  # not resuming
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, TranscriptsScreen)
        assert "Cara" in screen_text(app)

        await pilot.press("ctrl+f")
        await type_text(pilot, "hear them out")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 turn(s) match" in rendered_text(app)

        await pilot.press("enter")  # open the session of the hit
        await pilot.pause()
        assert isinstance(app.screen, TranscriptScreen)
        assert "I hear them out and put it right" in rendered_text(app)
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"Session {session_id} verified" in notifications(app)


async def test_tampered_transcript_fails_verification(make_app, db_path, banks_dir, clock):
    interrupted_session(db_path, banks_dir.parent / "bank2", clock, end=True)
    with Store.open(db_path) as store:
        store.conn.execute("UPDATE turns SET text = 'edited' WHERE kind = 'answer'")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("n", "ctrl+r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "does not verify" in notifications(app)


async def test_help_lists_the_session_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = rendered_text(app)
        for key, action in (("F2", "Hint"), ("Ctrl+J", "New line"), ("F10", "End")):
            assert key in text and action in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_progress_shows_practised_criteria(make_app, db_path, banks_dir, clock):
    interrupted_session(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("n", "ctrl+l")
        await pilot.pause()
        await type_text(pilot, "Cara")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert COMPLAINTS in text
        assert "1 of 2 questioned criteria practised" in rendered_text(app)


async def test_app_opens_on_the_shipped_banks(tmp_path):
    from tutor.settings import default_banks_dir
    from tutor.ui.app import create_app

    app = create_app(tmp_path / "tutor.db", default_banks_dir())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, StartScreen)
        assert app.bank is not None and len(app.bank.units) >= 70
        units = app.screen.query_one("#units")
        assert units.option_count == len(app.bank.units)
        assert units.get_option_at_index(0).value in screen_text(app)


async def test_command_palette_offers_the_session_actions(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Start the session", "Transcripts", "Progress"} <= set(titles)
        await start_session(pilot, "Ann")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Hint (F2)" in titles and "End (F10)" in titles
        assert not any(t.startswith("Ask") for t in titles)  # assessment only


async def test_first_time_user_starts_with_name_enter_space_and_start(make_app):
    """Name, Enter (straight to the units), Space, then Tab to Start and Enter."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "Dee")
        await pilot.press("enter")
        assert app.focused is app.screen.query_one("#units")
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        assert "1 unit · 2 criteria chosen" in text
        assert "Units · 1 chosen" in text and "✓" in text  # visible without colour
        await pilot.press("tab", "tab")  # past the criteria to Start
        assert app.focused is app.screen.query_one("#start")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.learner == "Dee" and "Practice · Dee" in screen_text(app)
