"""Ctrl+Q on the shipped banks: mid-session it asks first, and the answer typed but not sent
comes back in the box when the session is resumed."""

from __future__ import annotations

from tests.ui.pilot_steps import ready, rendered_text, screen_text, start_session, type_text
from tutor.store.learners import draft
from tutor.store.queries import Store
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.screens.dialogs import ConfirmScreen
from tutor.ui.widgets.answer_box import AnswerBox

UNSENT = "Benchmarks are standards we compare the team's results with, so"


async def test_quit_mid_session_asks_and_the_unsent_answer_comes_back(make_shipped_app, shipped_db):
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Sam Patel")
        await type_text(pilot, UNSENT)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shown = screen_text(app)
        assert "Your answers so far are saved" in shown
        assert "unsent text in the answer box is kept" in rendered_text(app)

        await pilot.press("n")  # stay: nothing lost
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.screen.query_one("#answer", AnswerBox).text == UNSENT
        assert app.return_code is None

        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    with Store.open(shipped_db) as store:
        assert draft(store, 1) == UNSENT
        assert not [t for t in store.turns(1) if t.kind == "answer"]  # a draft is no answer

    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("y")  # resume
        await pilot.pause()
        await pilot.pause()
        chat = app.screen
        assert isinstance(chat, ChatScreen)
        assert chat.query_one("#answer", AnswerBox).text == UNSENT
        assert "The answer you had not sent is back in the box" in rendered_text(app)
        await pilot.press("enter")
        await pilot.pause()
    with Store.open(shipped_db) as store:
        answers = [t.text for t in store.turns(1) if t.kind == "answer"]
        assert answers == [UNSENT]
        assert draft(store, 1) == ""


async def test_ctrl_q_twice_quits_and_keeps_the_draft(make_shipped_app, shipped_db):
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Sam Patel", assessor="Mary Cole")
        await type_text(pilot, UNSENT)
        await pilot.press("ctrl+q", "ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    with Store.open(shipped_db) as store:
        assert draft(store, 1) == UNSENT


async def test_ctrl_q_with_no_session_open_quits_at_once(make_shipped_app):
    app = make_shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
