"""What the store remembers about learners between sessions: names, registration number,
latest centre, and the answer left unsent."""

from __future__ import annotations

from pathlib import Path

from tutor.store.learners import (
    LearnerDetails,
    draft,
    learner_details,
    learner_names,
    save_draft,
)
from tutor.store.queries import Store

AT = "2026-11-02T09:00:00.000Z"


def session(store: Store, learner: str, started_at: str, **details: str) -> int:
    return store.create_session(
        learner=learner,
        mode="assessment",
        planned_criteria=[],
        question_plan=[],
        started_at=started_at,
        assessor="Mary Cole",
        **details,
    )


def test_details_are_the_registration_and_the_latest_centre(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as store:
        session(store, "Sam", AT, registration_number="NC-1", centre="Northgate")
        session(store, "Sam", "2026-11-03T09:00:00.000Z", centre="Southgate")
        session(store, "Sam", "2026-11-04T09:00:00.000Z")  # no centre named: not forgotten
        session(store, "Ann", AT)
        assert learner_names(store) == ["Ann", "Sam"]
        assert learner_details(store, "Sam") == LearnerDetails("NC-1", "Southgate")
        assert learner_details(store, "Ann") == LearnerDetails(None, None)
        assert learner_details(store, "Nobody") == LearnerDetails()


def test_a_draft_is_kept_per_session_and_blank_deletes_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t.db") as store:
        first = session(store, "Sam", AT)
        second = session(store, "Sam", AT)
        save_draft(store, first, "half an answer", AT)
        save_draft(store, first, "half an answer, and more", AT)
        assert draft(store, first) == "half an answer, and more"
        assert draft(store, second) == ""
        save_draft(store, first, "  ", AT)
        assert draft(store, first) == ""
        assert store.turns(first) == []  # a draft is no turn: the chain is untouched
