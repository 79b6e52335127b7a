"""The assessor's record of an assessment: decisions, overrides of the machine's reading,
feedback, the learner's declaration and the countersignature.

Each is a turn in the session's hash chain, written with its row in one transaction, and
moves the session's state on like any other turn. The order the faces take them in is
`rules.AssessmentClose`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from tutor.banks.model import Rubric
from tutor.banks.refs import CriterionRef
from tutor.scoring.result import Decision, Judgement, Score
from tutor.sessions.answers import GivenAnswer, criterion_result, given_answers
from tutor.sessions.state import ASSESSMENT, ModeError, SessionError, SessionState, apply
from tutor.store.model import (
    DecisionRecord,
    DeclarationRecord,
    OverrideRecord,
    StoredDeclaration,
    TurnKind,
)
from tutor.store.queries import Store
from tutor.timestamps import iso

if TYPE_CHECKING:
    from tutor.signing.keys import SigningKey

DECISIONS = (Decision.MET, Decision.NOT_YET_MET, Decision.INSUFFICIENT_EVIDENCE)
JUDGEMENTS = tuple(Judgement)
PENDING = Decision.PENDING
AUTHENTICITY_STATEMENT = "I confirm that the answers I gave in this session are my own work."
COUNTERSIGN_STATEMENT = (
    "I confirm that this record is an accurate account of the session and that, to the best "
    "of my knowledge, the evidence is the learner's own work."
)


class AssessmentRecord:
    """Records the assessor's judgements on one session, whose state it moves on."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        state: SessionState,
        verb_of: Callable[[str], str],
        rubric_of: Callable[[str], Rubric | None],
        signing_key: SigningKey | None = None,
    ) -> None:
        self.store = store
        self.clock = clock  # the engine's time for the next turn: never before the last
        self.state = state
        self.signing_key = signing_key
        self._verb_of = verb_of  # criterion -> its command verb
        self._rubric_of = rubric_of  # question hash -> the rubric asked

    @property
    def session_id(self) -> int:
        return self.state.session_id

    def answers(self, criterion: str) -> list[GivenAnswer]:
        """The learner's answers to `criterion`'s question in this session, in order."""
        return given_answers(self.store.turns(self.session_id), criterion)

    def criterion_result(self, criterion: str) -> Score | None:
        """The machine's result for `criterion` on all the learner's answers to its
        question (None if no answer was scored)."""
        answers = self.answers(criterion)
        digest = answers[-1].turn.question_hash if answers else None
        return criterion_result(
            [a.turn for a in answers], self._rubric_of(digest or ""), self._verb_of(criterion)
        )

    @property
    def authenticity(self) -> StoredDeclaration | None:
        """The learner's declaration that the answers are their own, if made."""
        made = [d for d in self.store.declarations(self.session_id) if d.kind == "authenticity"]
        return made[-1] if made else None

    def decide(
        self, criterion: str, decision: str, reason: str, decided_by: str | None = None
    ) -> None:
        """The assessor's judgement on a criterion, with the machine score kept beside it.
        A later decision on the same criterion stands; earlier ones stay in the record."""
        self._assessment_only("decisions are recorded in assessments only")
        if decision not in (*DECISIONS, PENDING):
            raise SessionError(
                f"{decision!r} is not a decision: use met, not yet met or insufficient evidence"
            )
        decided = Decision(decision)
        if decided is not PENDING and not reason.strip():
            raise SessionError("a decision needs a reason")
        ref = str(CriterionRef.parse(criterion))
        machine = self.criterion_result(ref)
        machine_met = machine is not None and machine.judgement is Judgement.MET
        overrides = (
            machine is not None
            and (decided is Decision.MET) != machine_met
            and decided is not PENDING
        )
        at = iso(self.clock())
        record = DecisionRecord(
            criterion=ref,
            decision=decided,
            reason=reason.strip(),
            overrides_machine=overrides,
            decided_by=decided_by or self.state.assessor,
            decided_at=at,
        )
        turn = self.store.record_decision(self.session_id, record, machine=machine, at=at)
        apply(self.state, turn)

    def close_pending(self) -> list[str]:
        """Record 'pending' for each covered criterion that has no decision yet."""
        decided = {d.criterion for d in self.store.decisions(self.session_id)}
        left = [c for c in self.state.covered() if c not in decided]
        for criterion in left:
            self.decide(criterion, PENDING, "no decision recorded before the session closed")
        return left

    def override(
        self,
        answer_seq: int | None,
        judgement: str,
        reason: str,
        decided_by: str | None = None,
    ) -> None:
        """Replace the machine's judgement of one answer (None: the latest) for the record;
        the machine score stays in the answer turn, untouched."""
        self._assessment_only("scores are overridden by an assessor, in assessments")
        if judgement not in JUDGEMENTS:
            raise SessionError(
                f"{judgement!r} is not a judgement: use met, partly met or not yet met"
            )
        if not reason.strip():
            raise SessionError("an override needs a reason")
        answer_seq = answer_seq if answer_seq is not None else self.state.last_answer_seq
        answer = next(
            (
                t
                for t in self.store.turns(self.session_id)
                if t.seq == answer_seq and t.kind == TurnKind.ANSWER
            ),
            None,
        )
        if answer is None:
            raise SessionError(f"turn {answer_seq} is not an answer in this session")
        at = iso(self.clock())
        record = OverrideRecord(
            answer_seq=answer.seq,
            criterion=answer.criterion,
            judgement=Judgement(judgement),
            reason=reason.strip(),
            decided_by=decided_by or self.state.assessor,
            decided_at=at,
        )
        turn = self.store.record_override(self.session_id, record, at=at)
        apply(self.state, turn)

    def give_feedback(self, feedback: str, next_steps: str) -> None:
        """The assessor's feedback and next steps for the learner."""
        turn = self.store.record_feedback(
            self.session_id, feedback.strip(), next_steps.strip(), at=iso(self.clock())
        )
        apply(self.state, turn)

    def declare(self, name: str) -> None:
        """The learner's declaration, in their own turn, that the answers are their own
        work: their name as they typed it, and the time."""
        self._declare("authenticity", name, AUTHENTICITY_STATEMENT)

    def countersign(self, name: str) -> None:
        """The assessor's countersignature, with time and name, then signed with the
        assessor's key where this computer has one."""
        self._declare("countersign", name, COUNTERSIGN_STATEMENT)
        self.sign()

    def sign(self) -> bool:
        """Sign the session digest as it stands with the signing key, if there is one (see
        `tutor keys`); False when there is none. The signature is a turn of its own."""
        if self.signing_key is None:
            return False
        from tutor.signing.signatures import sign

        digest = self.store.session(self.session_id)["digest"]
        signature = sign(self.signing_key, digest, clock=self.clock)
        turn = self.store.record_signature(
            self.session_id, signature.to_dict(), at=iso(self.clock())
        )
        apply(self.state, turn)
        return True

    def _declare(self, kind: str, name: str, statement: str) -> None:
        if not name.strip():
            raise SessionError("a declaration needs a name")
        at = iso(self.clock())
        record = DeclarationRecord(kind=kind, name=name.strip(), statement=statement, at=at)
        actor = "learner" if kind == "authenticity" else "assessor"
        turn = self.store.record_declaration(self.session_id, record, actor=actor, at=at)
        apply(self.state, turn)

    def _assessment_only(self, message: str) -> None:
        if self.state.mode != ASSESSMENT:
            raise ModeError(message)
