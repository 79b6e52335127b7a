"""`tutor bank check` on marked test responses: what it prints, its JSON, and --strict."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.banks.bank_fixtures import (
    MARKED_RESPONSES,
    PURPOSE_QUESTION,
    mislabelled,
    small_unit,
    write_small_bank,
)
from tests.cli.cli_helpers import run
from tests.sessions.session_fixtures import PURPOSE, tiny_units
from tutor.banks.files import write_unit
from tutor.banks.model import Response, ResponseKind, Unit
from tutor.scoring import responses as marking

# Criterion 1.1 asks one question per set of responses; 1.2 is not a target, so the bank
# has nothing else for --strict to fail.


def _unit(*responses: tuple[Response, ...]) -> Unit:
    unit = small_unit(
        tuple(
            replace(PURPOSE_QUESTION, id=f"q{i}", responses=r) for i, r in enumerate(responses, 1)
        )
    )
    first, second = unit.outcomes[0].criteria
    outcome = replace(unit.outcomes[0], criteria=(first, replace(second, target=False)))
    return replace(unit, outcomes=(outcome, *unit.outcomes[1:]))


def _banks(tmp_path: Path, *responses: tuple[Response, ...]) -> Path:
    return write_small_bank(tmp_path / "banks", _unit(*responses))


def _response_lines(path: Path) -> list[int]:
    return [n for n, line in enumerate(path.read_text().splitlines(), 1) if "- expect:" in line]


SOUND = (MARKED_RESPONSES,) * 6


@pytest.fixture
def agreement_required(monkeypatch: pytest.MonkeyPatch) -> None:
    """--strict as it will be once the shipped rubrics reach the agreement thresholds."""
    monkeypatch.setattr(marking, "AGREEMENT_REQUIRED", True)


def test_strict_does_not_yet_hold_the_agreement_thresholds(tmp_path: Path) -> None:
    banks = _banks(tmp_path, mislabelled(MARKED_RESPONSES, 1), mislabelled(MARKED_RESPONSES, 2))
    result = run("bank", "check", str(banks), "--strict")
    assert result.exit_code == 0, result.output
    assert "(questions short of it: 0): not yet required by --strict" in result.stdout


def test_check_lists_each_disagreement_with_its_line_then_the_agreement(tmp_path: Path) -> None:
    banks = _banks(tmp_path, MARKED_RESPONSES, mislabelled(MARKED_RESPONSES, 4), ())
    result = run("bank", "check", str(banks))
    assert result.exit_code == 0, result.output
    line = _response_lines(banks / "units" / "J-506-2132.yaml")[6 + 4]
    assert result.stdout.splitlines() == [
        f"banks/units/J-506-2132.yaml:{line}: unit J/506/2132 criterion 1.1 question q2: "
        'expected met, judged not yet met — "Good service is about keeping the shop tidy and '
        'stacking the…"',
        "marked responses: responses 12, agreeing 11 (91.6%), questions with responses 2 of 3",
        "  qualification 601/3973/0: responses 12, agreeing 11 (91.6%), questions with "
        "responses 2 of 3",
        "  unit J/506/2132: responses 12, agreeing 11 (91.6%), questions with responses 2 of 3",
        "  no responses yet: questions 1, units 1 (not yet required by --strict)",
        "  agreement target 95% overall and 5 of 6 a question (questions short of it: 0): not "
        "yet required by --strict, while the rubrics are repaired",
        "1 units, 1 qualifications: no problems",
    ]


def test_check_on_a_bank_without_responses_says_none_yet(tmp_path: Path) -> None:
    result = run("bank", "check", str(_banks(tmp_path, ())), "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "marked responses: none yet, questions with responses 0 of 1 (not yet required by "
        "--strict)",
        "1 units, 1 qualifications: no problems",
    ]


def test_check_json_carries_the_responses_beside_the_problems(tmp_path: Path) -> None:
    banks = _banks(tmp_path, mislabelled(MARKED_RESPONSES, 0), ())
    result = run("bank", "check", str(banks), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["problems"] == []
    responses = data["responses"]
    tally = {"total": 6, "agreeing": 5, "questions": 2, "questions_with_responses": 1}
    assert {k: responses[k] for k in tally} == tally
    assert responses["by_qualification"] == {"601/3973/0": tally}
    assert responses["by_unit"] == {"J/506/2132": tally}
    (disagreement,) = responses["disagreements"]
    assert disagreement["file"] == "banks/units/J-506-2132.yaml"
    assert disagreement["line"] == _response_lines(banks / "units" / "J-506-2132.yaml")[0]
    assert (disagreement["expected"], disagreement["judged"]) == ("not_yet_met", "met")


def test_strict_fails_a_question_with_four_of_six_agreeing(
    tmp_path: Path, agreement_required: None
) -> None:
    banks = _banks(tmp_path, *SOUND, mislabelled(MARKED_RESPONSES, 0, 5))
    result = run("bank", "check", str(banks), "--strict", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["responses"]["agreeing"] == 40 and data["responses"]["total"] == 42
    (problem,) = data["problems"]
    assert problem["path"] == "unit J/506/2132 criterion 1.1 question q7"
    assert problem["message"] == (
        "4 of its 6 marked responses judged as expected: --strict needs 6 or more, 5 of them "
        "judged as expected"
    )
    lines = (banks / "units" / "J-506-2132.yaml").read_text().splitlines()
    assert lines[problem["line"] - 1] == "    - id: q7"


def test_strict_passes_a_question_with_five_of_six_agreeing(tmp_path: Path) -> None:
    banks = _banks(tmp_path, *SOUND, mislabelled(MARKED_RESPONSES, 3))
    result = run("bank", "check", str(banks), "--strict")
    assert result.exit_code == 0, result.output
    assert "agreeing 41 (97.6%)" in result.stdout


def test_strict_fails_under_95_percent_overall_in_one_line(
    tmp_path: Path, agreement_required: None
) -> None:
    banks = _banks(tmp_path, mislabelled(MARKED_RESPONSES, 1), mislabelled(MARKED_RESPONSES, 2))
    result = run("bank", "check", str(banks), "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "banks: marked responses: 10 of 12 judged as expected (83.3%), under the 95% --strict needs"
    )
    assert result.stderr == "1 units, 1 qualifications: 1 problem(s)\n"


def test_without_strict_disagreements_do_not_fail_the_check(tmp_path: Path) -> None:
    banks = _banks(tmp_path, mislabelled(MARKED_RESPONSES, 0, 1, 2, 3))
    assert run("bank", "check", str(banks)).exit_code == 0


def test_a_session_never_shows_or_keeps_a_marked_response(tmp_path: Path) -> None:
    """Responses are the authors' test data: not asked, hinted, stored or exported."""
    marker = "Marked response written blind"
    marked = (Response("met", ResponseKind.COMPETENT, f"{marker}: customers come back."),)
    units = [
        replace(
            unit,
            outcomes=tuple(
                replace(
                    o,
                    criteria=tuple(
                        replace(
                            c, questions=tuple(replace(q, responses=marked) for q in c.questions)
                        )
                        for c in o.criteria
                    ),
                )
                for o in unit.outcomes
            ),
        )
        for unit in tiny_units()
    ]
    banks = tmp_path / "banks"
    for unit in units:
        write_unit(unit, banks)
    script = "\n".join(["I would listen to them", "/hint", "/model", "", "/skip", "/skip"])
    session = run(
        "--banks", str(banks), "chat", "--plain", "--learner", "Ann",
        "--criteria", PURPOSE, "--seed", "1", input=script + "\n",
    )  # fmt: skip
    assert session.exit_code == 0, session.output
    assert "Model answer:" in session.output and marker not in session.output
    for export in ("json", "md"):
        result = run("--banks", str(banks), "export", "1", "--format", export)
        assert result.exit_code == 0, result.output
    exported = list((tmp_path / "exports").rglob("*"))
    assert exported and all(marker not in p.read_text() for p in exported if p.is_file())
    assert marker.encode() not in (tmp_path / "tutor.db").read_bytes()
