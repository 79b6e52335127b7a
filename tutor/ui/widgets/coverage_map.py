"""The coverage map: units down, their criteria across, each cell a symbol and a colour.

Colour is never the only signal: every cell carries its status symbol (✓ secure,
~ practising, · not started), a "!" when the criterion is due today, and a letter for the
assessor's decision (M met, N not yet met, I insufficient evidence, P pending).
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tutor.scoring.result import Decision, label
from tutor.sessions.progress import SYMBOLS, CriterionProgress, Progress
from tutor.sessions.revision import CriterionStatus

STATUS_STYLE = {
    CriterionStatus.NOT_STARTED: "$text-muted",
    CriterionStatus.PRACTISING: "$text-warning",
    CriterionStatus.SECURE: "$text-success",
}
DECISION_LETTERS = {
    Decision.MET: "M",
    Decision.NOT_YET_MET: "N",
    Decision.INSUFFICIENT_EVIDENCE: "I",
    Decision.PENDING: "P",
}


def cell(criterion: CriterionProgress) -> Content:
    """One criterion's cell, e.g. '✓1.1M' or '~2.3!'."""
    text = f"{criterion.symbol}{criterion.id}"
    text += DECISION_LETTERS[criterion.decision] if criterion.decision else ""
    text += "!" if criterion.due_today else ""
    style = STATUS_STYLE[criterion.status] + (" bold" if criterion.due_today else "")
    return Content.styled(text, style)


def legend() -> Content:
    """Two lines: the statuses in their colours, then the marks."""
    parts: list[Content | str] = []
    for status, symbol in SYMBOLS.items():
        parts += [Content.styled(f"{symbol} {status}", STATUS_STYLE[status]), "  "]
    parts.append("! due today")
    marks = "  ".join(
        f"{letter} {label(decision).lower()}" for decision, letter in DECISION_LETTERS.items()
    )
    return Content("\n").join([Content.assemble(*parts), Content.styled(marks, "$text-muted")])


def coverage(progress: Progress | None) -> Content:
    """The whole map as text: a line per unit, a legend last."""
    if progress is None or not progress.units:
        return Content("No units practised yet.")
    lines = []
    for unit in progress.units:
        cells: list[Content | str] = [Content.styled(f"{unit.ref:<11}", "bold")]
        for criterion in unit.criteria:
            cells += [" ", cell(criterion)]
        lines.append(Content.assemble(*cells))
    return Content("\n").join([*lines, Content(""), legend()])


class CoverageMap(Widget):
    """Units × criteria for one learner; set `progress` to redraw."""

    progress: reactive[Progress | None] = reactive(None, layout=True)

    def render(self) -> Content:
        return coverage(self.progress)
