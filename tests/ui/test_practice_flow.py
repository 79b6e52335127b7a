"""A learner's practice session, driven through the app with the keyboard alone."""

from __future__ import annotations

from tests.sessions.session_fixtures import (
    COMPLAINTS,
    COMPLAINTS_Q,
    PURPOSE,
    PURPOSE_Q1,
    PURPOSE_Q2,
)
from tests.ui.pilot_steps import answer, ready, rendered_text, start_session
from tutor.store.queries import Store
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.screens.start import StartScreen
from tutor.ui.widgets.chat_bubble import ChatBubble
from tutor.ui.widgets.feedback_view import FeedbackView

# A partial answer per criterion: (answer, a point it makes, a point it misses)
PARTIAL = {
    PURPOSE: ("Customers come back and recommend us", "repeat business", "meet customer needs"),
    COMPLAINTS: ("I hear them out and say sorry", "listen", "put it right"),
}


async def test_practice_session_from_start_to_end(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Ann")
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        first = screen.engine.current()
        assert first is not None
        assert first.question.text in rendered_text(app)

        text, made, missed = PARTIAL[first.criterion]
        await answer(pilot, text)
        feedback = str(screen.query(FeedbackView).last().render())
        assert f"✓ {made}" in feedback
        assert f"✗ {missed}" in feedback

        await pilot.press("f4")  # retry: the same question again
        await pilot.pause()
        assert screen.engine.awaiting_answer
        await pilot.press("f2")  # hint (for a question waiting for its answer)
        await pilot.press("f3")  # model answer
        await pilot.pause()
        titles = [str(b.title) for b in screen.query(ChatBubble)]
        assert "Hint" in titles and "Model answer" in titles
        assert first.question.model_answer in rendered_text(app)
        await answer(pilot, "Listen, apologise and fix the problem; meet customer needs")
        await pilot.press("enter")  # empty box: the next question
        await pilot.pause()
        second = screen.engine.current()
        assert second is not None and second.number == 2
        await answer(pilot, "Say sorry")
        await pilot.press("f10")  # end
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen.engine.ended
        assert "Session complete" in rendered_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)

    with Store.open(db_path) as store:
        turns = store.turns(1)
        kinds = [t.kind for t in turns]
    assert kinds.count("answer") == 3
    assert {"hint", "model_answer", "retry", "feedback", "end"} <= set(kinds)
    assert store.path == db_path
    texts = {t.text for t in turns if t.kind == "question"}
    assert texts <= {PURPOSE_Q1.text, PURPOSE_Q2.text, COMPLAINTS_Q.text}


async def test_answer_with_markup_shows_as_typed(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Ann")
        await answer(pilot, "[b]loyal[/b] customers [1]")
        bubble = [b for b in app.screen.query(ChatBubble) if b.title == "Answer"][-1]
        assert "[b]loyal[/b] customers [1]" in str(bubble.query_one(".body").render())


async def test_ctrl_j_adds_a_line_and_enter_sends_both(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await start_session(pilot, "Ann")
        await pilot.press(*"one", "ctrl+j", *"two", "enter")
        await pilot.pause()
    with Store.open(db_path) as store:
        answers = [t.text for t in store.turns(1) if t.kind == "answer"]
    assert answers == ["one\ntwo"]
