"""What the app shows of the store: invisible characters escaped in turns, a busy database
that never loses an answer, and search that works like a user expects."""

from __future__ import annotations

import random
import sqlite3

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, Static

from tests.sessions.session_fixtures import COMPLAINTS, tiny_bank
from tests.ui.pilot_steps import ready, rendered_text, screen_text, start_session, type_text
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.screens.transcript import TranscriptScreen
from tutor.ui.screens.transcripts import TranscriptsScreen
from tutor.ui.widgets.answer_box import AnswerBox
from tutor.ui.widgets.chat_bubble import ChatBubble, SystemLine

RLO = "\u202e"
SPOOFED = f"I would refund {RLO}5£ dnuf and listen\u200b"


class Bubbles(App[None]):
    def compose(self) -> ComposeResult:
        yield ChatBubble(
            f"a{RLO}b listen\u2066 and sorry",
            speaker="learner",
            title=f"Answer{RLO}",
            highlights=[(4, 10), (16, 21)],
        )
        yield SystemLine(f"Note (assessor): odd{RLO} text\x1b[2J")


async def test_a_turn_shows_invisible_characters_escaped_with_highlights_on_the_words():
    app = Bubbles()
    async with app.run_test() as pilot:
        await pilot.pause()
        body = app.query_one(ChatBubble).query_one(Static).content
        assert body.plain == "a\\u202eb listen\\u2066 and sorry"
        underlined = [body.plain[span.start : span.end] for span in body.spans]
        assert underlined == ["listen", "sorry"]
        assert str(app.query_one(ChatBubble).query_one(Static).border_title) == "Answer\\u202e"
        line = app.query_one(SystemLine).content
        assert line.plain == "Note (assessor): odd\\u202e text\\x1b[2J"


def assessed(db_path, banks_dir, clock) -> int:
    """An ended assessment: a spoofed answer and a decision on it."""
    with Store.open(db_path) as store:
        engine = SessionEngine(tiny_bank(banks_dir), store, clock, random.Random(1))
        session_id = engine.start_assessment(f"Cara{RLO}", "Jo Khan", [COMPLAINTS])
        engine.next_question()
        engine.submit_answer(SPOOFED)
        engine.end()
        engine.record.decide(COMPLAINTS, "not_yet_met", "no complaints procedure given")
    return session_id


async def open_transcripts(pilot) -> TranscriptsScreen:
    await ready(pilot)
    await pilot.press("n", "ctrl+r")  # not resuming; the transcripts
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TranscriptsScreen)
    return screen


async def search(pilot, query: str) -> None:
    await pilot.press("ctrl+f")
    search_box = pilot.app.screen.query_one("#search", Input)
    search_box.value = ""
    await type_text(pilot, query)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_transcript_shows_a_spoofed_answer_escaped(make_app, db_path, banks_dir, clock):
    assessed(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(110, 36)) as pilot:
        await open_transcripts(pilot)
        assert "Cara\\u202e" in screen_text(app) and RLO not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TranscriptScreen)
        shown = screen_text(app)
        assert RLO not in shown and "\u200b" not in shown
        assert "I would refund \\u202e5£ dnuf and listen\\u200b" in shown
        assert "Decision on J/506/2132 1.2: not yet met" in shown


async def test_search_finds_other_forms_and_shows_decisions_in_words(
    make_app, db_path, banks_dir, clock
):
    assessed(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_transcripts(pilot)
        await search(pilot, "complaint")
        assert "2 turn(s) match" in rendered_text(app)
        table = screen.query_one("#sessions", DataTable)
        texts = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert any(t.startswith("Decision on J/506/2132 1.2: not yet met") for t in texts)
        assert not any("{" in t for t in texts)


async def test_search_with_no_words_says_no_matches_and_keeps_the_query(
    make_app, db_path, banks_dir, clock
):
    assessed(db_path, banks_dir.parent / "bank2", clock)
    app = make_app()
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await open_transcripts(pilot)
        await search(pilot, "😀")
        assert screen.query_one("#search", Input).value == "😀"
        assert "No matches for “😀”" in rendered_text(app)
        assert screen.query_one("#sessions", DataTable).row_count == 0
        await search(pilot, "£5")  # the spoofed answer holds "5£", never "£5"
        assert "No matches for “£5”" in rendered_text(app)


async def test_an_answer_refused_while_busy_stays_in_the_box_and_is_sent_on_enter(
    make_app, db_path
):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert app.store is not None
        app.store.close()
        app.store = Store.open(db_path, busy_limit=0.2)  # the test need not wait 30 s
        await start_session(pilot, "Ann")
        chat = app.screen
        assert isinstance(chat, ChatScreen)
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # another program writing
        await type_text(pilot, "I hear them out and say sorry")
        await pilot.press("enter")
        await pilot.pause()
        box = chat.query_one("#answer", AnswerBox)
        assert box.text == "I hear them out and say sorry"
        assert chat.engine.awaiting_answer
        messages = [n.message for n in app._notifications]
        assert any("not saved yet" in m and "press Enter" in m for m in messages)

        other.execute("ROLLBACK")
        other.close()
        await pilot.press("enter")
        await pilot.pause()
        assert box.text == ""
        assert not chat.engine.awaiting_answer
        turns = app.store.turns(chat.engine.session_id)
        answers = [t.text for t in turns if t.kind == "answer"]
        assert answers == ["I hear them out and say sorry"]
        assert any(b.text == answers[0] for b in chat.query(ChatBubble))
