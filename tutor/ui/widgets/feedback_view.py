"""Practice feedback under an answer: the criterion's judgement on every answer to the
question so far, covered points ticked (with the words that earned them), missed points
listed."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tutor.sessions.engine import TurnResult
from tutor.text import visible


def feedback_content(result: TurnResult) -> Content:
    """The feedback as styled text; rubric text and answers are never parsed as markup."""
    parts: list[Content | tuple[str, str] | str] = []
    overall = result.overall
    if overall is not None:
        parts.append((overall.summary, "bold"))
        parts.append("\n")
    if result.feedback:
        parts.append(Content(visible(result.feedback) + "\n"))
    for point, words in result.covered:
        parts.append(("✓ ", "bold $text-success"))
        parts.append(Content(point))
        if words:
            parts.append((f" — “{visible(words, one_line=True)}”", "italic"))
        if point in result.earlier:
            parts.append((" (an earlier answer)", "$text-muted"))
        parts.append("\n")
    for point in result.missed:
        parts.append(("✗ ", "bold $text-error"))
        parts.append(Content(point + "\n"))
    if result.score is None:
        parts.append("This answer could not be scored; it is saved as given.\n")
    return Content.assemble(*parts).rstrip()


class FeedbackView(Static):
    """The feedback on one practice answer."""

    def __init__(self, result: TurnResult) -> None:
        super().__init__(feedback_content(result))
        self.result = result
