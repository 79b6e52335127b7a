"""Snapshots of each screen at 80×24 and 120×40, with a fixed clock and fixed data.

Update after an intended change of look: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import random

import pytest
from textual.widgets import Input

from tests.sessions.session_fixtures import COMPLAINTS, EXPECTATIONS, PURPOSE, tiny_bank
from tests.ui.pilot_steps import answer, ready, start_session, type_text, until
from tutor.scoring.result import Evidence, Judgement, PointResult, Score
from tutor.sessions.engine import SessionEngine
from tutor.store.queries import Store
from tutor.ui.app import create_app
from tutor.ui.screens.declaration import DeclarationScreen
from tutor.ui.widgets.answer_box import AnswerBox


def fixed_scorer(text, rubric, verb, context) -> Score:
    """The first rubric point met by the answer's first word, the rest missed: the snapshots
    pin the screens, not the scorer (which has tests of its own)."""
    first_word = text.split()[0]
    points = tuple(
        PointResult(
            point.text,
            index == 0,
            None,
            100.0 if index == 0 else 0.0,
            (Evidence(0, len(first_word), first_word, 100.0),) if index == 0 else (),
            False,
        )
        for index, point in enumerate(rubric.points)
    )
    missed = tuple(point.text for point in rubric.points[1:])
    return Score(
        0.4,
        Judgement.PARTLY_MET,
        points,
        missed,
        "Fixed feedback for the snapshot.",
        False,
        False,
        needed=2,
    )


@pytest.fixture
def make_app(db_path, banks_dir, clock):
    def make():
        return create_app(
            db_path, banks_dir, clock=clock, rng=random.Random(7), scorer=fixed_scorer
        )

    return make


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def steady_cursor(app) -> None:
    """Stop the cursors on the screen blinking (they stay shown): whether a blink had hidden
    one when the picture was taken would depend on how busy the machine was."""
    for box in (*app.screen.query(AnswerBox), *app.screen.query(Input)):
        box.cursor_blink = False


def ended_sessions(db_path, banks_dir, clock) -> None:
    """Two finished sessions for the transcripts screen."""
    with Store.open(db_path) as store:
        bank = tiny_bank(banks_dir)
        engine = SessionEngine(bank, store, clock, random.Random(1), scorer=fixed_scorer)
        engine.start_practice("Ann Example", [PURPOSE])
        engine.next_question()
        engine.submit_answer("Customers come back and recommend us")
        engine.end()
        clock.advance(3600)
        engine = SessionEngine(bank, store, clock, random.Random(1), scorer=fixed_scorer)
        engine.start_assessment("Ben Example", "Mary Cole", [COMPLAINTS, EXPECTATIONS])
        engine.next_question()
        engine.submit_answer("Listen and apologise")
        engine.end()


@pytest.mark.parametrize("size", SIZES)
def test_start_screen(snap_compare, make_app, size):
    async def fill(pilot):
        await ready(pilot)
        await pilot.press("tab", "tab", "tab", "space")

    assert snap_compare(make_app(), terminal_size=size, run_before=fill)


@pytest.mark.parametrize("size", SIZES)
def test_start_screen_assessment(snap_compare, make_app, size):
    """An assessment's own fields: time limit, registration number, centre, delivery."""

    async def fill(pilot):
        await ready(pilot)
        await type_text(pilot, "Ben Example")
        await pilot.press("tab", "enter", "down", "enter", "tab")
        for text in ("Mary Cole", "10", "NC-0042", "Northgate College"):
            await type_text(pilot, text)
            await pilot.press("tab")

    assert snap_compare(make_app(), terminal_size=size, run_before=fill)


@pytest.mark.parametrize("size", SIZES)
def test_chat_practice(snap_compare, make_app, size):
    async def practise(pilot):
        await ready(pilot)
        await start_session(pilot, "Ann Example")
        await answer(pilot, "I hear them out and say sorry, then fix the problem")
        steady_cursor(pilot.app)

    assert snap_compare(make_app(), terminal_size=size, run_before=practise)


@pytest.mark.parametrize("size", SIZES)
def test_chat_assessment(snap_compare, make_app, clock, size):
    async def assess(pilot):
        await ready(pilot)
        await start_session(pilot, "Ben Example", assessor="Mary Cole", minutes="10", untick=1)
        await answer(pilot, "I hear them out")
        clock.advance(9 * 60 + 5)
        pilot.app.screen.tick()
        steady_cursor(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=assess)


@pytest.mark.parametrize("size", SIZES)
def test_declaration_screen(snap_compare, make_app, size):
    async def finish(pilot):
        await ready(pilot)
        await start_session(pilot, "Ben Example", assessor="Mary Cole", untick=1)
        await answer(pilot, "I hear them out and say sorry")
        await pilot.press("f10", "y")
        assert await until(pilot, lambda: isinstance(pilot.app.screen, DeclarationScreen))
        steady_cursor(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=finish)


@pytest.mark.parametrize("size", SIZES)
def test_decision_screen(snap_compare, make_app, size):
    async def decide(pilot):
        await ready(pilot)
        await start_session(pilot, "Ben Example", assessor="Mary Cole", untick=1)
        await answer(pilot, "I hear them out and say sorry")
        await pilot.press("f5")  # a follow-up, so the card shows two answers
        await pilot.pause()
        await answer(pilot, "Fix the problem")
        await pilot.press("f10", "y")
        await pilot.pause()
        await answer(pilot, "Ben Example")  # the learner's declaration
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=decide)


@pytest.mark.parametrize("size", SIZES)
def test_transcripts_screen(snap_compare, make_app, db_path, banks_dir, clock, size):
    ended_sessions(db_path, banks_dir.parent / "bank2", clock)

    async def browse(pilot):
        await ready(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=browse)
