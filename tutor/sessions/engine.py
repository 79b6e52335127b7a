"""The session engine: practice and assessment sessions over a bank and a store.

Pure apart from the store: the clock and randomness are passed in. Every event is written
as a turn (committed) before the method that caused it returns, so a crash loses nothing
that was submitted, and `resume_session` rebuilds the state from the turns alone. Turn times
never go back: a clock set back is held at the last turn's time and recorded as an anomaly
turn (see `clock`). Time used is derived from the turns (see `timing.active_seconds`).

Practice: the learner alone; due criteria first, then the weakest, then new ones (FSRS, see
`revision`); each first scored answer to a question is a review of its criterion; feedback
after each answer; hint, model answer, follow-up and retry on request. Assessment: an
assessor present; a planned set of criteria asked forward-only within time limits (10%
leeway); the learner never sees rubric points, model answers or hints; the assessor adds
questions and notes, pauses and ends; the learner then declares, in their own turn, that the
answers are their own work; the assessor records a decision per criterion, feedback and a
countersignature.

The engine asks and answers; the session's state comes from its turns (`state.replay`), what
was answered and how it was judged from `answers`, and the assessor's record is
`assessment.AssessmentRecord` (`engine.record`). Messages name no key or command: each face
adds its own way to act on them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from tutor.banks.model import Bank, Question, Rubric, RubricPoint
from tutor.banks.names import record_names
from tutor.banks.refs import CriterionRef
from tutor.errors import TutorError
from tutor.limits import MAX_ANSWER_CHARS
from tutor.scoring.judgement import combine
from tutor.scoring.result import Score
from tutor.sessions import choice, schedule, timing
from tutor.sessions.answers import covered_and_missed, made_earlier
from tutor.sessions.assessment import AssessmentRecord
from tutor.sessions.clock import anomaly_text, monotonic_at
from tutor.sessions.state import (
    ASSESSMENT,
    PRACTICE,
    ModeError,
    SessionError,
    SessionState,
    apply,
    replay,
)
from tutor.store.model import TimerMark, Turn, TurnKind
from tutor.store.queries import Store, Transaction
from tutor.text import clean_line
from tutor.timestamps import iso

if TYPE_CHECKING:
    from tutor.signing.keys import SigningKey

Scorer = Callable[..., Any]

DELIVERY_MODES = ("face to face", "remote")


class AnswerTooLong(SessionError):
    """An answer larger than the store accepts; nothing of it was stored."""


class AssessorNeeded(SessionError):
    """An assessment resumed without its assessor's name, or with another name."""


def question_from_dict(data: dict[str, Any]) -> Question:
    """Rebuild a stored question version (its JSON in the questions table)."""
    rubric = data.get("rubric") or {}
    return Question(
        id=data["id"],
        text=data["text"],
        rubric=Rubric(
            points=tuple(
                RubricPoint(
                    text=p["text"],
                    alternatives=tuple(p.get("alternatives", ())),
                    weight=float(p.get("weight", 1.0)),
                    required=bool(p.get("required", False)),
                )
                for p in rubric.get("points", ())
            ),
            needed=rubric.get("needed"),
            open_list=bool(rubric.get("open_list", False)),
        ),
        model_answer=data.get("model_answer", ""),
        hint=data.get("hint", ""),
        follow_ups=tuple(data.get("follow_ups", ())),
    )


@dataclass(frozen=True)
class Asked:
    """A question put to the learner."""

    number: int  # position in the plan, from 1
    total: int
    criterion: str
    question: Question
    criterion_text: str = ""
    verb: str = ""


@dataclass(frozen=True)
class TurnResult:
    """What submitting an answer produced. `score` is this answer's own machine score (its
    evidence marks its words); `overall` is the criterion's result on every answer to the
    question so far, which `covered`, `missed` and the feedback come from. `feedback` is
    None where the learner must not see it (assessment); the machine's reading is kept for
    the assessor either way."""

    seq: int
    criterion: str
    score: Score | None
    feedback: str | None
    covered: tuple[tuple[str, str], ...] = ()  # (point, the words that earned it)
    missed: tuple[str, ...] = ()
    late: bool = False
    overall: Score | None = None
    earlier: tuple[str, ...] = ()  # points covered by an earlier answer to the question


class SessionEngine:
    """Runs one session at a time over `bank` and `store`."""

    def __init__(
        self,
        bank: Bank,
        store: Store,
        clock: Callable[[], datetime],
        rng: random.Random,
        scorer: Scorer | None = None,
        signing_key: SigningKey | None = None,
    ) -> None:
        self.bank = bank
        self.store = store
        self.clock = clock
        self.rng = rng
        self._scorer = scorer
        self.signing_key = signing_key  # signs an assessment when it ends and is countersigned
        self._s: SessionState | None = None
        self._record: AssessmentRecord | None = None
        self._questions: dict[str, Question] = {}

    # --- starting -----------------------------------------------------------------------

    def start_practice(
        self,
        learner: str,
        criteria: Sequence[str],
        *,
        limit: int | None = None,
        time_limit: float | None = None,
        registration: str | None = None,
    ) -> int:
        """Start a practice session on `criteria`, weakest and least-practised first."""
        history = {c: [s for _, s in v] for c, v in self.store.criterion_history(learner).items()}
        candidates = self._candidates(criteria, practice=True)
        # FSRS order first: due, then weakest, then new (in the order given), then strong.
        rank = schedule.practice_rank(
            self.store, learner.strip(), [c for c, _ in candidates], self.clock()
        )
        plan = choice.choose(
            candidates, history, self.rng, limit=limit, first_key=lambda c: rank.get(c, 0.0)
        )
        return self._start(
            PRACTICE,
            learner,
            criteria,
            plan,
            limit=limit,
            time_limit=time_limit,
            registration=registration,
        )

    def start_assessment(
        self,
        learner: str,
        assessor: str,
        criteria: Sequence[str],
        *,
        limit: int | None = None,
        time_limit: float | None = None,
        question_time_limit: float | None = None,
        centre: str | None = None,
        registration: str | None = None,
        qualification: str | None = None,
        delivery: str | None = None,
    ) -> int:
        """Start an assessment on the planned `criteria`, in that order; a re-sit draws
        questions the learner has not been asked in an assessment where the bank has them.
        `delivery` is "face to face" or "remote"."""
        if not assessor.strip():
            raise ModeError("an assessment needs the assessor's name")
        if delivery not in (None, *DELIVERY_MODES):
            raise SessionError(f"delivery {delivery!r} is not one of: {', '.join(DELIVERY_MODES)}")
        asked = self.store.asked_questions(learner, ASSESSMENT)
        previous = [s for s in self.store.list_sessions(learner) if s["mode"] == ASSESSMENT]
        plan = choice.choose(
            self._candidates(criteria),
            {},
            self.rng,
            limit=limit,
            avoid=asked,
            keep_order=True,
            prefer=lambda q: q.assessment_only,
        )
        return self._start(
            ASSESSMENT,
            learner,
            criteria,
            plan,
            assessor=assessor,
            centre=centre,
            registration=registration,
            qualification=qualification,
            limit=limit,
            time_limit=time_limit,
            question_time_limit=question_time_limit,
            resit_of=previous[0]["id"] if previous else None,
            delivery=delivery,
        )

    def _candidates(
        self, criteria: Sequence[str], practice: bool = False
    ) -> list[tuple[str, Sequence[Question]]]:
        """Each criterion's questions; in practice, never those kept for assessments."""
        out: list[tuple[str, Sequence[Question]]] = []
        kept = False  # a question kept for assessments was left out
        for text in criteria:
            ref = CriterionRef.parse(text)
            unit = self.bank.unit(ref.unit)
            found = unit.criterion(ref.criterion) if unit else None
            if found is None:
                raise SessionError(f"{ref} is not in the question bank; check the reference")
            questions = found.questions
            if practice:
                kept = kept or any(q.assessment_only for q in questions)
                questions = tuple(q for q in questions if not q.assessment_only)
            out.append((str(ref), questions))
        if kept and not any(qs for _, qs in out):
            raise SessionError(
                "the chosen criteria have no practice questions (their questions are kept "
                "for assessments); choose others to practise"
            )
        if not any(qs for _, qs in out):
            raise SessionError(
                "none of the chosen criteria has a question in the bank; choose others "
                "or add questions (tutor bank stats shows coverage)"
            )
        return out

    def _start(
        self,
        mode: str,
        learner: str,
        criteria: Sequence[str],
        plan: list[choice.Choice],
        **details: Any,
    ) -> int:
        if not learner.strip():
            raise SessionError("a session needs the learner's name")
        timing.check_limit(details.get("time_limit"), "session time limit")
        timing.check_limit(details.get("question_time_limit"), "question time limit")
        now = self.clock()
        planned = [str(CriterionRef.parse(c)) for c in criteria]
        if mode == "assessment":
            # The record is judged on what the plan asks, not every criterion offered.
            asked = {c.criterion for c in plan}
            planned = [c for c in planned if c in asked]
        session_id = self.store.create_session(
            learner=learner.strip(),
            mode=mode,
            planned_criteria=planned,
            question_plan=[(c.criterion, c.question) for c in plan],
            started_at=iso(now),
            registration_number=details.pop("registration", None),
            question_limit=details.pop("limit", None),
            time_limit_seconds=details.pop("time_limit", None),
            question_time_limit_seconds=details.pop("question_time_limit", None),
            names=record_names(self.bank, planned, details.get("qualification")),
            **details,
        )
        for c in plan:
            self._questions[c.question.content_hash] = c.question
        self._load(session_id)
        self._log(TurnKind.START, self._state.actor, f"{mode} session started", at=now)
        return session_id

    def resume_session(self, session_id: int, by: str | None = None) -> Asked | None:
        """Take up an unfinished session where it stopped; returns the question that was
        waiting for an answer, if any. An assessment is taken up by its assessor only: `by`
        is their name as the session records it (case and spacing aside).

        An assessment's clock ran while it was interrupted: the time from its last turn to
        this resume counts as used (see `timing.active_seconds`), unless it was paused."""
        session = self.store.session(session_id)
        text = "session resumed"
        if session["mode"] == ASSESSMENT:
            assessor = session["assessor"] or ""
            if not (by or "").strip():
                raise AssessorNeeded(
                    f"session {session_id} is an assessment: its assessor resumes it, giving "
                    "their name"
                )
            if clean_line(by or "").casefold() != clean_line(assessor).casefold():
                raise AssessorNeeded(
                    f"that is not the name of session {session_id}'s assessor; give it as "
                    "the session records it"
                )
            text = f"session resumed by {assessor}"
        self._load(session_id)
        state = self._state
        if state.ended:  # as the chain says: a status column changed by hand is not believed
            raise SessionError(f"session {session_id} has ended; start a new session")
        self._log(TurnKind.RESUME, state.actor, text)
        return self.current() if state.awaiting else None

    def _load(self, session_id: int) -> None:
        session = self.store.session(session_id)
        for _, digest in session["question_plan"]:
            if digest not in self._questions:
                stored = self.store.question_json(digest)
                if stored is not None:
                    self._questions[digest] = question_from_dict(stored)
        self._s = replay(session, self.store.turns(session_id))
        self._record = None

    # --- state --------------------------------------------------------------------------

    @property
    def _state(self) -> SessionState:
        if self._s is None:
            raise SessionError("no session is open; start or resume one first")
        return self._s

    @property
    def session_id(self) -> int:
        return self._state.session_id

    @property
    def mode(self) -> str:
        return self._state.mode

    @property
    def ended(self) -> bool:
        return self._state.ended

    @property
    def record(self) -> AssessmentRecord:
        """The assessor's record of this session: decisions, overrides, declarations."""
        if self._record is None or self._record.state is not self._state:
            self._record = AssessmentRecord(
                self.store, self._now, self._state, self._verb, self._rubric, self.signing_key
            )
        return self._record

    def _log(
        self,
        kind: TurnKind,
        actor: str,
        text: str,
        *,
        at: datetime | None = None,
        criterion: str | None = None,
        question_hash: str | None = None,
        timing: TimerMark | None = None,
    ) -> Turn:
        moment = at or self._now()
        turn = self.store.append_turn(
            self._state.session_id,
            kind=kind,
            actor=actor,
            at=iso(moment),
            text=text,
            criterion=criterion,
            question_hash=question_hash,
            timing=timing,
        )
        apply(self._state, turn)
        return turn

    def _now(self) -> datetime:
        """The time for the next turn: the clock's, but never before the last turn's. When
        the clock has gone back, the jump is recorded first, as an anomaly turn."""
        state = self._state
        at, anomaly = monotonic_at(state.last_at, self.clock(), reported=state.clock_behind)
        if anomaly is not None:
            self._log(TurnKind.ANOMALY, "tutor", anomaly_text(anomaly), at=at, timing=anomaly)
        return at

    def current(self) -> Asked | None:
        """The plan item asked most recently (None before the first question)."""
        state = self._state
        if state.position == 0:
            return None
        criterion, digest = state.plan[state.position - 1]
        ref = CriterionRef.parse(criterion)
        unit = self.bank.unit(ref.unit)
        found = unit.criterion(ref.criterion) if unit else None
        return Asked(
            number=state.position,
            total=len(state.plan),
            criterion=criterion,
            question=self._questions[digest],
            criterion_text=found.text if found else "",
            verb=found.verb if found else "",
        )

    @property
    def awaiting_answer(self) -> bool:
        return self._state.awaiting

    # --- timing -------------------------------------------------------------------------

    def timers(self) -> dict[str, timing.TimerState]:
        """The session and current-question timers that apply ('session', 'question')."""
        state = self._state
        now, _ = monotonic_at(state.last_at, self.clock())  # a clock gone back gives no time
        events = state.events
        # An assessment's clock runs on while the program is stopped; practice waits.
        interrupted = state.mode == ASSESSMENT
        out = {}
        if state.time_limit:
            out["session"] = timing.timer(
                state.time_limit,
                timing.active_seconds(events, now, interruptions_count=interrupted),
            )
        if state.question_time_limit and state.position:
            out["question"] = timing.timer(
                state.question_time_limit,
                timing.since(events, state.question_index, now, interruptions_count=interrupted),
            )
        return out

    def timer_warnings(self) -> list[str]:
        """Warnings newly due (one minute left; time up, leeway to finish), each logged."""
        state = self._state
        if state.status != "active":
            return []
        messages = []
        for scope, clock in self.timers().items():
            if scope == "question" and not state.awaiting:
                continue
            phase = clock.phase
            if phase is timing.Phase.RUNNING:
                continue
            key = f"{scope}:{phase.value}"
            if key in state.warned:
                continue
            name = "This question" if scope == "question" else "The session"
            text = {
                timing.Phase.LAST_MINUTE: f"{name}: 1 minute left.",
                timing.Phase.LEEWAY: f"{name}: time is up; finish the answer you are giving.",
                timing.Phase.OVER: f"{name}: time and leeway are over.",
            }[phase]
            self._log(TurnKind.TIMER, "tutor", text, timing=TimerMark(key, clock.remaining))
            messages.append(text)
        return messages

    @property
    def time_up(self) -> bool:
        """True once the session's time limit is reached: no new question is asked."""
        clock = self.timers().get("session")
        return clock is not None and clock.phase in (timing.Phase.LEEWAY, timing.Phase.OVER)

    # --- asking and answering -----------------------------------------------------------

    def next_question(self) -> Asked | None:
        """Ask the next planned question (logged); the waiting one if it is unanswered;
        None when the plan is done, the session has ended or its time is up."""
        state = self._state
        if state.status == "ended":
            return None
        if state.status == "paused":
            raise SessionError("the session is paused; resume it first")
        if state.awaiting:
            return self.current()
        if state.position >= len(state.plan) or self.time_up:
            return None
        criterion, digest = state.plan[state.position]
        self._log(
            TurnKind.QUESTION,
            "tutor" if state.mode == PRACTICE else "assessor",
            self._questions[digest].text,
            criterion=criterion,
            question_hash=digest,
        )
        return self.current()

    def submit_answer(self, text: str) -> TurnResult:
        """Store the answer (committed before returning) with its machine score."""
        state = self._state
        asked = self.current()
        if not state.awaiting or asked is None:
            raise SessionError("no question is waiting for an answer")
        if state.status == "paused":
            raise SessionError("the session is paused; resume it before answering")
        if len(text) > MAX_ANSWER_CHARS:
            raise AnswerTooLong(
                f"that answer is {len(text):,} characters; the limit is {MAX_ANSWER_CHARS:,}. "
                "Nothing was stored: shorten it and answer again"
            )
        late = any(c.expired for c in self.timers().values())
        if late:
            self._log(
                TurnKind.TIMER,
                "tutor",
                "Answer given after the time limit and its leeway.",
                criterion=asked.criterion,
                timing=TimerMark("late"),
            )
        now = self._now()  # before the answer's seq is counted: it may log an anomaly turn
        score = self._score(text, asked)
        overall = None
        if score is not None:
            # The answer is the next turn; its result joins the question's earlier answers.
            answers = {**state.answers, state.last_seq + 1: score}
            overall = combine(asked.question.rubric, asked.verb, answers)
        # The answer and its review in one write: after a crash both are stored or neither.
        with self.store.transaction(state.session_id) as tx:
            turn = tx.append_turn(
                kind=TurnKind.ANSWER,
                actor="learner",
                at=iso(now),
                text=text,
                criterion=asked.criterion,
                question_hash=asked.question.content_hash,
                score=score,
                overall=overall,
            )
            if state.mode == PRACTICE:
                self._add_review(tx, turn, asked, now)
        apply(state, turn)
        # What is shown is what is kept: the scores as the store read them back.
        overall = turn.overall
        covered, missed = covered_and_missed(overall)
        feedback = None
        if state.mode == PRACTICE:
            feedback = overall.feedback if overall else "Answer saved; it could not be scored."
            self._log(
                TurnKind.FEEDBACK,
                "tutor",
                feedback,
                criterion=asked.criterion,
                question_hash=asked.question.content_hash,
            )
        return TurnResult(
            turn.seq,
            asked.criterion,
            turn.score,
            feedback,
            covered,
            missed,
            late,
            overall,
            made_earlier(overall, turn.seq),
        )

    def _add_review(self, tx: Transaction, answer: Turn, asked: Asked, now: datetime) -> None:
        """The criterion's review for this practice answer, in the answer's own transaction;
        none when the answer is no review (see `schedule.answer_review`)."""
        state = self._state
        seconds = timing.since(state.events, state.question_index, now)
        kinds = [kind for kind, _ in state.events[state.question_index + 1 :]]
        points = len(asked.question.rubric.points)
        rating = schedule.answer_review(answer.overall, points, seconds, kinds)
        if rating is None:
            return
        value = answer.overall.score if answer.overall else None
        schedule.add_review(tx, answer.seq, asked.criterion, now, rating, value, seconds)

    def _score(self, text: str, asked: Asked) -> Score | None:
        scorer = self._scorer
        if scorer is None:
            from tutor.scoring import score_answer
            from tutor.scoring.specificity import bank_vocabulary

            scorer = partial(score_answer, vocabulary=bank_vocabulary(self.bank))
        try:
            result = scorer(
                text, asked.question.rubric, asked.verb, (asked.question.text, asked.criterion_text)
            )
        except TutorError:
            return None
        # As it will be stored, so the result combined from it is the one read back.
        return Score.from_dict(result.to_dict())

    def skip(self) -> None:
        """Move past the waiting question without answering (logged)."""
        asked = self.current()
        if not self._state.awaiting or asked is None:
            raise SessionError("no question is waiting to be skipped")
        self._log(
            TurnKind.SKIP,
            "learner",
            "question skipped",
            criterion=asked.criterion,
            question_hash=asked.question.content_hash,
        )

    def retry(self) -> Asked:
        """Ask the current question again (practice only)."""
        return self._show("retry", TurnKind.RETRY, lambda q: q.text)[0]

    def hint(self) -> str:
        """The question's hint (practice only; logged as shown)."""
        return self._show(
            "hint",
            TurnKind.HINT,
            lambda q: q.hint or "No hint for this question: re-read the criterion.",
        )[1]

    def model_answer(self) -> str:
        """The question's model answer (practice only; logged as shown)."""
        return self._show(
            "model answer",
            TurnKind.MODEL_ANSWER,
            lambda q: q.model_answer or "No model answer is written for this question.",
        )[1]

    def _show(
        self, what: str, kind: TurnKind, text_of: Callable[[Question], str]
    ) -> tuple[Asked, str]:
        """Show the learner something about the current question, logged as shown."""
        asked = self._practice_only(what)
        text = text_of(asked.question)
        self._log(
            kind,
            "tutor",
            text,
            criterion=asked.criterion,
            question_hash=asked.question.content_hash,
        )
        return asked, text

    def _practice_only(self, what: str) -> Asked:
        asked = self.current()
        if self._state.mode != PRACTICE:
            raise ModeError(f"no {what} in an assessment: the learner must not see it")
        if asked is None:
            raise SessionError(f"no question yet to give a {what} for")
        return asked

    def suggested_follow_up(self) -> str | None:
        """A follow-up question, not yet asked, for a point no answer to the question has
        made yet."""
        state = self._state
        asked = self.current()
        overall = state.last_result
        if asked is None or overall is None:
            return None
        missed = set(overall.missed)
        candidates = [
            asked.question.follow_ups[i]
            for i, point in enumerate(asked.question.rubric.points)
            if point.text in missed and i < len(asked.question.follow_ups)
        ]
        if not candidates and state.mode == PRACTICE:
            # Practice may name the missed point; an assessment never shows rubric points.
            candidates = [f"Can you say more about {point}?" for point in sorted(missed)]
        # The points still missed on every answer so far, less the follow-ups already asked.
        fresh = [c for c in candidates if c not in state.followed_up]
        return fresh[0] if fresh else None

    def follow_up(self) -> str | None:
        """Ask the suggested follow-up (logged); the next answer is scored again."""
        asked = self.current()
        text = self.suggested_follow_up()
        if text is None or asked is None:
            return None
        self._log(
            TurnKind.FOLLOW_UP,
            "tutor" if self.mode == PRACTICE else "assessor",
            text,
            criterion=asked.criterion,
            question_hash=asked.question.content_hash,
        )
        return text

    def assessor_question(self, text: str) -> None:
        """An assessor's own question on the current criterion (assessment only)."""
        if self.mode != ASSESSMENT:
            raise ModeError("assessor questions belong to assessments")
        asked = self.current()
        self._log(
            TurnKind.ASSESSOR_QUESTION,
            "assessor",
            text,
            criterion=asked.criterion if asked else None,
            question_hash=asked.question.content_hash if asked else None,
        )

    def note(self, text: str) -> None:
        """A note for the record (the assessor's in an assessment)."""
        asked = self.current()
        criterion = asked.criterion if asked else None
        self._log(TurnKind.NOTE, self._state.actor, text, criterion=criterion)

    def pause(self) -> None:
        if self._state.status != "active":
            raise SessionError("the session is not running, so it cannot be paused")
        self._log(TurnKind.PAUSE, self._state.actor, "session paused")

    def resume(self) -> None:
        if self._state.status != "paused":
            raise SessionError("the session is not paused")
        self._log(TurnKind.RESUME, self._state.actor, "session resumed")

    def end(self, reason: str = "session ended") -> None:
        """End the session (logged); decisions and declarations may still be recorded."""
        state = self._state
        if state.status == "ended":
            return
        self._log(TurnKind.END, state.actor, reason)
        if state.mode == ASSESSMENT:
            self.record.sign()

    # --- what the record needs to know ------------------------------------------------

    def criteria_covered(self) -> list[str]:
        """Criteria asked in this session, in plan order."""
        return self._state.covered()

    def _verb(self, criterion: str) -> str:
        ref = CriterionRef.parse(criterion)
        unit = self.bank.unit(ref.unit)
        found = unit.criterion(ref.criterion) if unit else None
        return found.verb if found else ""

    def _rubric(self, digest: str) -> Rubric | None:
        question = self._questions.get(digest)
        return question.rubric if question else None
