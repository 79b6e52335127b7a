"""The side panel: the session's criteria and how each stands."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

# status -> (mark, style). Assessment sessions only ever use the first three: the learner
# must not learn the machine's judgement during the session.
MARKS = {
    "waiting": ("○", "$text-muted"),
    "current": ("▶", "bold $text-accent"),
    "answered": ("●", "$text"),
    "skipped": ("–", "$text-muted"),
    "met": ("✓", "bold $text-success"),
    "partly_met": ("◐", "$text-warning"),
    "not_yet_met": ("✗", "$text-error"),
}


class CriteriaPanel(Static):
    """Each criterion of the session with a mark for its status."""

    rows: reactive[tuple[tuple[str, str, str], ...]] = reactive(())  # (criterion, text, status)

    def watch_rows(self) -> None:
        parts: list[Content | tuple[str, str] | str] = []
        for criterion, text, status in self.rows:
            mark, style = MARKS.get(status, ("?", ""))
            parts.append((f"{mark} ", style))
            parts.append((criterion, "bold" if status == "current" else ""))
            parts.append("\n")
            if text:
                parts.append(Content(f"{text}\n").stylize("$text-muted"))
        self.update(Content.assemble(*parts).rstrip())
