"""Plain-text lines for the one-line-per-event chat (terminals and screen readers).

Learner and assessor text is shown with control characters escaped (ESC as `\\x1b`, a
newline as `\\n`), so an answer can never move the cursor, recolour the terminal or break
the one-line-per-event rule. The stored text is untouched.
"""

from __future__ import annotations

from tutor.sessions.engine import Asked, TurnResult
from tutor.sessions.timing import TimerState, format_seconds
from tutor.text import one_line, visible


def printable(text: str) -> str:
    """`text` on one line with every control and invisible character shown as an escape,
    never sent raw."""
    return visible(text, one_line=True)


def flowing(text: str) -> str:
    """Bank text (questions, hints, model answers) on one line: its line breaks are only
    the author's wrapping, so they become spaces rather than escapes."""
    return one_line(text)


def question_line(asked: Asked) -> str:
    return (
        f"Question {asked.number} of {asked.total} [{asked.criterion}]: "
        f"{flowing(asked.question.text)}"
    )


def timers_line(timers: dict[str, TimerState]) -> str | None:
    if not timers:
        return None
    parts = [f"{scope} {format_seconds(max(0.0, t.remaining))}" for scope, t in timers.items()]
    return "Time left: " + ", ".join(parts)


def _covered(point: str, words: str, earlier: bool) -> str:
    """'listen (“hear them out”)', and where an earlier answer made the point, says so."""
    notes = [f"\u201c{printable(words)}\u201d"] if words else []
    notes += ["an earlier answer"] if earlier else []
    return f"{printable(point)} ({', '.join(notes)})" if notes else printable(point)


def feedback_lines(result: TurnResult) -> list[str]:
    """Practice feedback: the criterion's judgement on every answer to the question so far,
    what was covered (with the words that earned it) and what is still missed."""
    if result.feedback is None:
        return ["Answer saved."]
    lines = [f"Judgement: {result.overall.summary}"] if result.overall else []
    lines.append(f"Feedback: {printable(result.feedback)}")
    if result.covered:
        covered = "; ".join(
            _covered(point, words, point in result.earlier) for point, words in result.covered
        )
        lines.append(f"Covered: {covered}")
    if result.missed:
        lines.append("Missed: " + "; ".join(printable(p) for p in result.missed))
    if result.score is None:
        lines.append("This answer could not be scored; it is saved as given.")
    return lines
