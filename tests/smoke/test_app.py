"""The app over the shipped banks and a copy of the smoke database: every screen opens and
shows what the user came for: the qualifications and units, the question and feedback, the
criteria asked for a decision, the learners' transcripts and their progress."""

from __future__ import annotations

import random

import pytest
from pypdf import PdfReader
from textual.widgets import Select, SelectionList

from tests.conftest import SHIPPED_BANKS
from tests.smoke.plain_chat import SEARCH_WORD, WEAK_ANSWER, flowing
from tests.smoke.smoke_data import ASSESSOR, QUALIFICATIONS, SmokeData, today
from tests.ui.pilot_steps import answer, ready, rendered_text, screen_text, type_text, until
from tutor.store.queries import Store
from tutor.ui.app import TutorApp, create_app
from tutor.ui.screens.chat import ChatScreen
from tutor.ui.screens.decision import DecisionScreen
from tutor.ui.screens.declaration import DeclarationScreen
from tutor.ui.screens.export import ExportScreen
from tutor.ui.screens.help import HelpScreen
from tutor.ui.screens.progress import ProgressScreen
from tutor.ui.screens.start import StartScreen
from tutor.ui.screens.transcript import TranscriptScreen
from tutor.ui.screens.transcripts import TranscriptsScreen
from tutor.ui.widgets.feedback_view import FeedbackView

SIZE = (110, 36)


@pytest.fixture
def app(app_db) -> TutorApp:
    return create_app(app_db, SHIPPED_BANKS, rng=random.Random(7))


def shown(app: TutorApp) -> str:
    """What is on the screen: every widget's text, and the terminal's characters."""
    return rendered_text(app) + "\n" + screen_text(app)


def notifications(app: TutorApp) -> str:
    """The notifications shown so far (toasts are not in a screenshot)."""
    return "\n".join(n.message for n in app._notifications)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def choose_qualification(pilot, key: str) -> None:
    """Pick a qualification in the start screen's list (as the mouse or keys would), and wait
    until the units list shows its units: a key pressed before then would go to the list that
    the refresh replaces."""
    pilot.app.screen.query_one("#qualification").value = key
    bank = pilot.app.bank
    qualification = next(q for q in bank.qualifications if q.key == key)
    expected = {ref for ref in qualification.unit_refs if bank.unit(ref) is not None}
    units = pilot.app.screen.query_one("#units", SelectionList)

    def listed() -> set[str]:
        return {units.get_option_at_index(i).value for i in range(units.option_count)}

    assert await until(pilot, lambda: listed() == expected), shown(pilot.app)


async def test_start_screen_lists_the_shipped_qualifications_and_units_and_help_opens(
    app, smoke_data: SmokeData
):
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, StartScreen)
        await pilot.press("tab", "tab", "enter")  # mode, qualification: open the list
        await pilot.pause()
        text = shown(app)
        for found in smoke_data.by_qualification.values():
            assert found.qualification.title in text, found.qualification.title
        await pilot.press("escape")
        for found in smoke_data.by_qualification.values():
            await choose_qualification(pilot, found.qualification.key)
            text = shown(app)
            assert found.unit.ref in text and found.unit.title in text, found.unit.ref

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = shown(app)
        for section in ("Start", "Session (chat)", "Decision", "Transcripts", "Progress"):
            assert section in text, section
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_practice_on_a_shipped_unit_shows_questions_feedback_and_progress(
    app, smoke_data: SmokeData
):
    found = smoke_data.by_qualification[QUALIFICATIONS[1]]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "Priya Shah")
        await choose_qualification(pilot, found.qualification.key)
        app.screen.query_one("#learner").focus()
        await pilot.press("enter", "space", "ctrl+s")  # on to the units, tick the first, start
        assert await until(pilot, lambda: isinstance(app.screen, ChatScreen)), shown(app)
        await settle(pilot)
        chat = app.screen
        assert isinstance(chat, ChatScreen), shown(app)
        assert "Priya Shah" in shown(app)

        answered = []
        for turn in range(2):
            asked = chat.engine.current()
            assert asked is not None
            text = shown(app)
            assert asked.criterion in text and flowing(asked.question.text) in flowing(text)
            reply = flowing(asked.question.model_answer) if turn == 0 else WEAK_ANSWER
            await answer(pilot, reply)
            answered.append(asked.criterion)
            feedback = chat.query(FeedbackView)
            assert len(feedback) == turn + 1, shown(app)
            assert str(feedback.last().render()).strip()
            assert reply in rendered_text(app)
            await pilot.press("enter")  # empty box: the next question
            await pilot.pause()

        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert chat.engine.ended
        assert "Session complete" in shown(app)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert "Priya Shah" in str(app.screen.query_one("#summary").render())
        rows = progress_rows(app)
        for criterion in answered:
            assert criterion in rows and rows[criterion] != "not started", rows


async def test_assessment_ends_on_the_decision_screen_and_the_decision_is_saved_today(
    app, app_db, smoke_data: SmokeData
):
    found = smoke_data.by_qualification[QUALIFICATIONS[0]]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "Callum Reid")
        await pilot.press("tab", "enter", "down", "enter", "tab")  # mode: Assessment
        await type_text(pilot, ASSESSOR)
        await choose_qualification(pilot, found.qualification.key)
        # Enter from the assessor's name goes on to the minutes, registration, centre and
        # delivery (pilot_steps.start_session types those): go straight to the units.
        app.screen.query_one("#units").focus()
        await pilot.press("space", "ctrl+s")  # tick the first unit, start
        assert await until(pilot, lambda: isinstance(app.screen, ChatScreen)), shown(app)
        await settle(pilot)
        chat = app.screen
        assert isinstance(chat, ChatScreen), shown(app)
        asked = chat.engine.current()
        assert asked is not None and asked.criterion in shown(app)
        session_id = chat.engine.session_id
        await answer(pilot, flowing(asked.question.model_answer))
        assert not chat.query(FeedbackView)  # no feedback for the learner in an assessment

        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        # The learner declares the answers their own, in their own turn.
        assert isinstance(app.screen, DeclarationScreen), shown(app)
        await type_text(pilot, "Callum Reid")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen), shown(app)
        text = shown(app)
        assert "Callum Reid" in text and asked.criterion in text
        assert "Made by the learner, Callum Reid" in text

        app.screen.query_one(".decision", Select).focus()
        await pilot.press("enter", "down", "enter")  # the first decision: Met
        for field, typed in (
            (".reason", "Explained it fully, with reasons."),
            ("#assessor-sign", ASSESSOR),
        ):
            app.screen.query_one(field).focus()
            await pilot.pause()
            await type_text(pilot, typed)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, DecisionScreen), shown(app)

    with Store.open(app_db) as store:
        decisions = store.decisions(session_id)
        assert store.verify(session_id).ok
        # Signed with the assessor's key when it ended and after the countersignature.
        assert [s["signer"] for s in store.signers(session_id)] == [ASSESSOR, ASSESSOR]
    assert [(d.criterion, d.decision) for d in decisions] == [(asked.criterion, "met")]
    assert decisions[0].decided_at[:10] in today()


async def test_transcripts_search_open_verify_and_export_a_session(
    app, smoke_data: SmokeData, tmp_path
):
    found = smoke_data.by_qualification[QUALIFICATIONS[2]]
    session_id = found.assessment.session_id
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, TranscriptsScreen)
        text = shown(app)
        for learning in smoke_data.by_qualification.values():
            assert learning.learner in text, learning.learner

        await pilot.press("ctrl+f")
        await type_text(pilot, SEARCH_WORD)
        await pilot.press("enter")
        await settle(pilot)
        text = shown(app)
        assert "turn(s) match" in text and SEARCH_WORD in text
        for learning in smoke_data.by_qualification.values():
            assert learning.learner in text, learning.learner

        await pilot.press("ctrl+a")  # every session, newest first
        await pilot.pause()
        newer = sum(1 for r in smoke_data.runs if r.session_id > session_id)
        await pilot.press(*["down"] * newer, "enter")
        await settle(pilot)
        assert isinstance(app.screen, TranscriptScreen), shown(app)
        text = shown(app)
        assert found.learner in text and ASSESSOR in text
        for criterion, typed in found.assessment.sitting.answers:
            assert criterion in text and typed in text, typed
        for criterion in found.assessment.sitting.decisions:
            assert f"Decision on {criterion}" in text

        await pilot.press("v")
        await settle(pilot)
        assert f"Session {session_id} verified" in notifications(app)

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        text = shown(app)
        assert all(name in text for name in ("PDF", "Markdown", "HTML", "JSON"))
        await pilot.press("enter")  # PDF, the first
        await settle(pilot)
        assert isinstance(app.screen, TranscriptScreen)
        assert "written to" in notifications(app), notifications(app)
    (pdf,) = (tmp_path / "exports").glob(f"*session-{session_id}*.pdf")
    exported = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert found.learner in exported and WEAK_ANSWER in " ".join(exported.split())


def progress_rows(app: TutorApp) -> dict[str, str]:
    """The progress table as criterion -> status, every row (scrolled out of sight or not)."""
    table = app.screen.query_one("#map")
    rows = (table.get_row_at(i) for i in range(table.row_count))
    return {str(row[0]): str(row[1]) for row in rows}


async def test_progress_screen_shows_every_learner_with_history(app, smoke_data: SmokeData):
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        for found in smoke_data.by_qualification.values():
            await pilot.press("ctrl+f")
            screen.query_one("#learner").value = ""
            await type_text(pilot, found.learner)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ProgressScreen), shown(app)
            summary = str(screen.query_one("#summary").render())
            assert found.learner in summary and "practised" in summary, summary
            assert found.unit.ref in str(screen.query_one("#coverage").render())
            rows = progress_rows(app)
            for criterion, _ in found.practice.sitting.answers:
                assert rows.get(criterion, "not started") != "not started", (criterion, rows)


async def test_the_word_list_and_vocabulary_are_ready_before_the_first_answer(app):
    # Loaded by a worker once the shipped bank is in, not on the UI thread at the first
    # answer: cleared here, so a copy another test loaded cannot stand in.
    from tutor.scoring import specificity
    from tutor.scoring.normalise import word_frequencies

    word_frequencies.cache_clear()
    specificity._BANKS.clear()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert word_frequencies.cache_info().currsize == 1
        assert app.bank is not None
        assert specificity._BANKS[id(app.bank)][0] is app.bank
