"""An exported JSON record verifies offline, and any one-character change is caught."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.export import export_fixtures as fx
from tutor.cli import main
from tutor.export import export_session, verify_record_file


@pytest.fixture
def exported(sessions) -> Path:
    return export_session(sessions.db, sessions.assessment, "json", banks=sessions.banks)


def _verify(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", str(path)])
    return result.exit_code, result.output


def _replace_first(path: Path, old: str, new: str, after: str = "") -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def test_an_unaltered_export_verifies(exported: Path) -> None:
    code, output = _verify(exported)
    assert code == 0, output
    assert "intact" in output


def test_one_character_changed_in_an_answer_of_the_transcript_names_the_turn(
    exported: Path,
) -> None:
    _replace_first(exported, "listen to the customer", "listen to the custmoer", '"transcript"')
    code, output = _verify(exported)
    assert code == 1
    assert "turn 3 (answer) was altered" in output


def test_one_character_changed_in_the_record_s_copy_of_an_answer_names_it(
    exported: Path,
) -> None:
    _replace_first(exported, "listen to the customer", "listen to the customes")
    code, output = _verify(exported)
    assert code == 1
    assert "the answer in question 1 (turn 3) does not match the transcript" in output


def test_a_changed_decision_is_named(exported: Path) -> None:
    _replace_first(exported, fx.DECISION_REASON, fx.DECISION_REASON.replace("all", "alk"))
    code, output = _verify(exported)
    assert code == 1
    assert "decision on J/506/2132 1.2" in output


def test_a_changed_registration_number_is_named(exported: Path) -> None:
    _replace_first(exported, fx.REGISTRATION, fx.REGISTRATION.replace("42", "43"))
    code, output = _verify(exported)
    assert code == 1
    # Sealed into the session's digest, so named with the session's details.
    assert "session's details (learner, registration" in output


def test_a_changed_learner_name_breaks_the_session_digest(exported: Path) -> None:
    _replace_first(exported, f'"learner": "{fx.LEARNER}"', '"learner": "Sam Petal"')
    code, output = _verify(exported)
    assert code == 1
    assert "session's details" in output


def test_any_letter_or_digit_changed_anywhere_fails_verification(exported: Path) -> None:
    original = exported.read_text(encoding="utf-8")
    rng = random.Random(11)
    positions = [i for i, ch in enumerate(original) if ch.isascii() and ch.isalnum()]
    for at in rng.sample(positions, 150):
        ch = original[at]
        pool = "0123456789" if ch.isdigit() else "abcdefghijklmnopqrstuvwxyz"
        new = rng.choice([c for c in pool if c != ch.lower()])
        exported.write_text(original[:at] + new + original[at + 1 :], encoding="utf-8")
        result = verify_record_file(exported)
        assert not result.ok, f"a change at {at} ({original[at - 20 : at + 20]!r}) went unnoticed"


def test_a_removed_turn_is_named(exported: Path) -> None:
    doc = json.loads(exported.read_text(encoding="utf-8"))
    del doc["transcript"][4]
    exported.write_text(json.dumps(doc), encoding="utf-8")
    result = verify_record_file(exported)
    assert not result.ok and result.first_bad_turn == 5


def test_a_file_that_is_not_a_record_fails_with_a_reason(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    code, output = _verify(other)
    assert code == 1 and "not a tutor record" in output
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "tutor-record/1", ', encoding="utf-8")
    assert "not valid JSON" in _verify(broken)[1]


def test_an_answer_with_control_characters_survives_export_exactly_and_verifies(
    sessions,
) -> None:
    from tests.sessions.session_fixtures import FakeClock
    from tutor.store.queries import Store

    odd = "bad \x00 byte and \x1b[31m colour\r\nnext line \u2028 end"
    with Store.open(sessions.db) as store:
        session_id = fx.assessment_session(
            store, sessions.bank, FakeClock(), {"J/506/2132 1.2": odd}
        )
    path = export_session(sessions.db, session_id, "json", banks=sessions.banks)
    assert verify_record_file(path).ok
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["record"]["questions"][0]["entries"][0]["text"] == odd


def test_how_the_assessment_was_held_is_sealed_into_the_export(exported: Path) -> None:
    assert json.loads(exported.read_text(encoding="utf-8"))["record"]["delivery"] == "remote"
    assert _verify(exported)[0] == 0
    _replace_first(exported, '"delivery": "remote"', '"delivery": "face to face"')
    code, output = _verify(exported)
    assert code == 1, output
