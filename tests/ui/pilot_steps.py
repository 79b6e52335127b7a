"""Keyboard steps shared by the pilot tests: what a user types to get somewhere."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from tutor.ui.app import TutorApp


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused box. Inserted whole, like a paste: the pilot spends about 60 ms
    on each key press, and the keys themselves are tested where they matter (Enter, Ctrl+J)."""
    focused = pilot.app.focused
    if isinstance(focused, TextArea):
        focused.insert(text)
    elif isinstance(focused, Input):
        focused.insert_text_at_cursor(text)
    else:
        raise AssertionError(f"{focused!r} does not take text")
    await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 30) -> bool:
    """Let the app run until `condition` holds (True) or `timeout` seconds pass (False): on a
    loaded machine a message may take more than a pause or two to be handled, and a fixed
    wait would make the test flaky."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


async def ready(pilot: Pilot) -> None:
    """Wait for the banks to load and the start screen to settle."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def start_session(
    pilot: Pilot,
    learner: str,
    *,
    assessor: str = "",
    minutes: str = "",
    registration: str = "",
    centre: str = "",
    remote: bool = False,
    units: int = 1,
    untick: int = 0,
) -> None:
    """Fill the start screen with the keyboard alone and press Ctrl+S: the first `units`
    units, less the first `untick` of their criteria. An assessor makes it an assessment,
    with the details given (a blank one keeps what the screen remembered)."""
    await type_text(pilot, learner)
    await pilot.press("tab")  # mode
    if assessor:
        await pilot.press("enter", "down", "enter")  # Assessment
        await pilot.press("tab")
        await type_text(pilot, assessor)
        for detail in (minutes, registration, centre):
            await pilot.press("tab")
            if detail:
                await pilot.press("ctrl+a", "ctrl+k")  # clear what may be remembered
                await type_text(pilot, detail)
        await pilot.press("tab")  # delivery
        if remote:
            await pilot.press("enter", "down", "enter")
    await pilot.press("tab", "tab")  # qualification, then units
    for index in range(units):
        if index:
            await pilot.press("down")
        await pilot.press("space")
    if untick:
        await pilot.press("tab")
        for index in range(untick):
            await pilot.press(*(["down"] if index else []), "space")
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.pause()


async def answer(pilot: Pilot, text: str) -> None:
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


def rendered_text(app: TutorApp) -> str:
    """Every visible widget's content on the current screen, joined."""
    parts = []
    for widget in app.screen.walk_children(Widget):
        for attribute in ("text", "value", "placeholder"):
            value = getattr(widget, attribute, None)
            if isinstance(value, str):
                parts.append(value)
        parts.append(str(widget.render()))
        if widget.border_title:
            parts.append(str(widget.border_title))
    return "\n".join(parts)


def screen_text(app: TutorApp) -> str:
    """The characters on the terminal right now (from a screenshot, tags stripped)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def screen_lines(app: TutorApp) -> list[str]:
    """The terminal's rows as the user sees them (from a screenshot, tags stripped)."""
    svg = app.export_screenshot()
    svg = re.sub(r"<(style|defs)>.*?</\1>", "", svg, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
    return [line for line in text.splitlines() if line.strip()]


def footer_text(app: TutorApp) -> str:
    """The footer's row: each key and what it does, e.g. '^q Quit', 'f1 Help'."""
    return screen_lines(app)[-1]
