"""Stored turns as conversation widgets: one home for how a turn looks, live or read back."""

from __future__ import annotations

from textual.widget import Widget

from tutor.scoring.result import Score
from tutor.sessions.answers import covered_and_missed, made_earlier
from tutor.sessions.engine import TurnResult
from tutor.store.model import Turn
from tutor.ui.widgets.chat_bubble import ChatBubble, SystemLine
from tutor.ui.widgets.feedback_view import FeedbackView

_ASKING_TITLES = {
    "retry": "Try again",
    "follow_up": "Follow-up",
    "assessor_question": "Assessor's question",
}


def evidence_spans(score: Score | None) -> list[tuple[int, int]]:
    """Where in the answer the matched words are (offsets from the scorer)."""
    if score is None:
        return []
    return [(e.start, e.end) for point in score.points if point.matched for e in point.evidence]


def result_of(answer: Turn, feedback: str | None) -> TurnResult:
    """The practice feedback of a stored answer, as the engine gave it."""
    overall = answer.result
    covered, missed = covered_and_missed(overall)
    return TurnResult(
        answer.seq,
        answer.criterion or "",
        answer.score,
        feedback,
        covered,
        missed,
        overall=overall,
        earlier=made_earlier(overall, answer.seq),
    )


class TurnRenderer:
    """Turns into widgets, in order. `learner_view` hides what a learner in an assessment
    must not see (machine scores, note texts); the transcript viewer shows everything."""

    def __init__(self, mode: str, *, learner_view: bool) -> None:
        self.practice = mode == "practice"
        self.learner_view = learner_view
        self.questions = 0
        self.last_answer: Turn | None = None

    def widgets(self, turn: Turn) -> list[Widget]:
        kind = turn.kind
        if kind == "question":
            self.questions += 1
            title = f"Question {self.questions} · {turn.criterion}"
            return [ChatBubble(turn.text, speaker=turn.actor, title=title, kind=kind)]
        if kind in _ASKING_TITLES:
            title = f"{_ASKING_TITLES[kind]} · {turn.criterion or ''}".rstrip(" ·")
            return [ChatBubble(turn.text, speaker=turn.actor, title=title, kind=kind)]
        if kind == "answer":
            self.last_answer = turn
            scored = self.practice or not self.learner_view
            spans = evidence_spans(turn.score) if scored else []
            return [ChatBubble(turn.text, speaker="learner", title="Answer", highlights=spans)]
        if kind == "feedback" and turn.actor == "tutor":
            if self.last_answer is not None:
                return [FeedbackView(result_of(self.last_answer, turn.text))]
            return [ChatBubble(turn.text, speaker="tutor", title="Feedback", kind=kind)]
        if kind in ("hint", "model_answer"):
            title = "Hint" if kind == "hint" else "Model answer"
            return [ChatBubble(turn.text, speaker="tutor", title=title, kind=kind)]
        if kind == "note":
            text = "Note saved." if self.learner_view else f"Note ({turn.actor}): {turn.text}"
            return [SystemLine(text, kind="note")]
        if kind == "feedback":
            return [ChatBubble(turn.text, speaker="assessor", title="Assessor's feedback")]
        if kind in ("decision", "override", "declaration"):
            return [] if self.learner_view else [SystemLine(turn.readable, kind="record")]
        if kind == "timer":
            return [SystemLine(turn.text, kind="warning")]
        if kind == "skip":
            return [SystemLine(f"Skipped {turn.criterion or ''}".strip())]
        return [SystemLine(turn.text.capitalize() if turn.text else kind)]
