"""What a user runs on the command line, over the shipped banks and a database of real
sessions: the plain chat on a unit of every qualification, then progress, transcripts,
exports, verification, bank checks, scoring and rubric drafts."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import traceback
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfReader

from tests.cli.cli_helpers import run
from tests.conftest import ROOT, SHIPPED_BANKS
from tests.smoke.plain_chat import (
    FEEDBACK,
    NEXT_STEPS,
    REASONS,
    SEARCH_WORD,
    WEAK_ANSWER,
    Sitting,
    converse,
    subprocess_env,
)
from tests.smoke.smoke_data import (
    ASSESSOR,
    QUALIFICATIONS,
    QUESTIONS,
    Learning,
    SmokeData,
    today,
)

PROBLEM = re.compile(r"Traceback|\b[A-Za-z]*Error\b")
STATUSES = {"not started", "practising", "secure"}
PRACTISED = {"practising", "secure"}
DECISIONS = {"met": "met", "not yet met": "not_yet_met"}


def clean(result: Result) -> str:
    """The output of a command that must succeed: exit status 0, no traceback, no error."""
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(*result.exc_info))
    assert result.exit_code == 0 and not crash, f"exit {result.exit_code}\n{result.output}{crash}"
    assert not PROBLEM.search(result.output), result.output
    return result.output


def tutor(data: SmokeData, *args: str) -> Result:
    return run("--db", str(data.db), *args)


def flat(text: str) -> str:
    return " ".join(text.split())


def learning(data: SmokeData, qualification: str) -> Learning:
    return data.by_qualification[qualification]


# --- the plain chat ---------------------------------------------------------------------------


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_practice_chat_on_a_unit_of_every_qualification(smoke_data, qualification):
    found = learning(smoke_data, qualification)
    output = clean(found.practice.result)
    assert f"practice for {found.learner}" in output
    asked = [criterion for criterion, _ in found.practice.sitting.answers]
    assert len(asked) == QUESTIONS, output
    assert all(c.startswith(f"{found.unit.ref} ") for c in asked), asked
    assert output.count("Feedback") >= QUESTIONS  # feedback after every practice answer
    assert found.practice.session_id


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_assessment_chat_records_decisions_and_signatures(smoke_data, qualification):
    found = learning(smoke_data, qualification)
    output = clean(found.assessment.result)
    sitting = found.assessment.sitting
    assert f"assessment for {found.learner}" in output
    assert len(sitting.answers) == QUESTIONS, output
    assert set(sitting.decisions) == {c for c, _ in sitting.answers}, output
    assert f"Declared by {found.learner}." in output and f"Countersigned by {ASSESSOR}." in output
    assert "pending" not in output
    assert found.assessment.session_id


def test_python_m_tutor_cli_runs_a_plain_chat_as_a_real_process(smoke_data, app_db):
    """A real process on pipes: `python -m tutor.cli`, stdin read as the prompts appear."""
    found = learning(smoke_data, QUALIFICATIONS[0])
    sitting = Sitting(smoke_data.bank, "Ravi Mistry")
    command = [sys.executable, "-m", "tutor.cli", "--db", str(app_db), "chat", "--plain"]
    command += ["--learner", sitting.learner, "--unit", found.unit.ref, "--limit", "2"]
    finished = converse(command, sitting, subprocess_env(ROOT))
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert not PROBLEM.search(finished.stdout + finished.stderr), finished.stderr
    assert len(sitting.answers) == 2 and "saved" in finished.stdout.splitlines()[-1]


def test_tutor_entry_point_shows_progress_as_json(smoke_data):
    """The installed `tutor` script, as a real process."""
    script = Path(sys.executable).with_name("tutor")
    assert script.is_file(), f"no `tutor` entry point beside {sys.executable}: pip install -e ."
    found = learning(smoke_data, QUALIFICATIONS[0])
    finished = subprocess.run(
        [str(script), "--db", str(smoke_data.db), "progress", "--learner", found.learner, "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=subprocess_env(ROOT),
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr
    assert not PROBLEM.search(finished.stderr), finished.stderr
    assert json.loads(finished.stdout)["learner"] == found.learner


# --- progress ---------------------------------------------------------------------------------


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_progress_shows_the_unit_and_each_criterion_practised(smoke_data, qualification):
    found = learning(smoke_data, qualification)
    output = clean(tutor(smoke_data, "progress", "--learner", found.learner))
    assert f"Progress for {found.learner}" in output
    assert f"{found.unit.ref}  {found.unit.title}" in output
    block = output.split(f"{found.unit.ref}  {found.unit.title}", 1)[1].split("\n\n", 1)[0]
    for criterion, _ in found.practice.sitting.answers:
        number = criterion.split()[-1]
        line = re.search(rf"^\s+\S+\s+{re.escape(number)}\s+(.*)$", block, re.MULTILINE)
        assert line, f"{criterion} is not listed:\n{block}"
        assert any(status in line[1] for status in PRACTISED), line[0]


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_progress_json_has_the_documented_keys_and_statuses(smoke_data, qualification):
    found = learning(smoke_data, qualification)
    output = clean(tutor(smoke_data, "progress", "--learner", found.learner, "--json"))
    progress = json.loads(output)
    assert progress["learner"] == found.learner
    assert isinstance(progress["due_today"], int)
    units = {u["ref"]: u for u in progress["units"]}
    assert found.unit.ref in units, list(units)
    unit = units[found.unit.ref]
    assert unit["title"] == found.unit.title
    criteria = {c["id"]: c for c in unit["criteria"]}
    for c in criteria.values():
        assert {"id", "status", "decision", "last_seen", "due", "recent_scores"} <= set(c), c
        assert c["status"] in STATUSES, c
    for criterion, _ in found.practice.sitting.answers:
        practised = criteria[criterion.split()[-1]]
        assert practised["status"] in PRACTISED, practised
        assert practised["recent_scores"], practised
        assert practised["last_seen"][:10] in today(), practised
    for criterion, decision in found.assessment.sitting.decisions.items():
        assert criteria[criterion.split()[-1]]["decision"] == DECISIONS[decision]


# --- transcripts ------------------------------------------------------------------------------


def test_transcripts_list_shows_every_session(smoke_data):
    output = clean(tutor(smoke_data, "transcripts", "list"))
    for run_ in smoke_data.runs:
        line = next((x for x in output.splitlines() if x.split()[0] == str(run_.session_id)), "")
        assert run_.mode in line and run_.sitting.learner in line, output


def test_transcripts_list_json_is_newest_first_with_the_documented_keys(smoke_data):
    sessions = json.loads(clean(tutor(smoke_data, "transcripts", "list", "--json")))["sessions"]
    keys = {"id", "learner", "mode", "started_at", "ended_at", "turns", "digest"}
    for session in sessions:
        assert keys <= set(session), session
        datetime.fromisoformat(session["started_at"])
        datetime.fromisoformat(session["ended_at"])
        assert session["turns"] > 0 and session["digest"]
    assert {s["id"] for s in sessions} == {r.session_id for r in smoke_data.runs}
    started = [s["started_at"] for s in sessions]
    assert started == sorted(started, reverse=True)
    by_id = {s["id"]: s for s in sessions}
    for run_ in smoke_data.runs:
        assert by_id[run_.session_id]["learner"] == run_.sitting.learner
        assert by_id[run_.session_id]["mode"] == run_.mode


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_transcripts_show_has_every_answer_and_decision(smoke_data, qualification):
    found = learning(smoke_data, qualification)
    for run_ in (found.practice, found.assessment):
        output = clean(tutor(smoke_data, "transcripts", "show", str(run_.session_id)))
        assert found.learner in output.splitlines()[0]
        for criterion, answer in run_.sitting.answers:
            assert f"[{criterion}]: {answer}" in output, f"{criterion}: {answer}\n{output}"
    for criterion, decision in found.assessment.sitting.decisions.items():
        assert criterion in output and REASONS[decision] in output


def test_transcripts_search_finds_the_word_in_every_session(smoke_data):
    output = clean(tutor(smoke_data, "transcripts", "search", SEARCH_WORD))
    for run_ in smoke_data.runs:
        assert re.search(
            rf"^session {run_.session_id} turn \d+ \(answer, {re.escape(run_.sitting.learner)}\)",
            output,
            re.MULTILINE,
        ), output


# --- export and verify ------------------------------------------------------------------------


def exported_text(path: Path, fmt: str) -> str:
    if fmt == "pdf":
        assert path.read_bytes().startswith(b"%PDF")
        return flat(" ".join(page.extract_text() for page in PdfReader(path).pages))
    text = path.read_text(encoding="utf-8")
    if fmt == "json":
        return flat("\n".join(strings(json.loads(text))))
    return flat(html.unescape(text) if fmt == "html" else text)


def strings(value: object) -> Iterator[str]:
    """Every string in a JSON document, keys and values."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def export(data: SmokeData, session_id: int, fmt: str, out: Path) -> Path:
    output = clean(tutor(data, "export", str(session_id), "--format", fmt, "--out", str(out)))
    assert out.is_file() and str(out) in flat(output), output
    return out


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "json"])
@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_export_holds_the_answers_and_criteria_and_json_verifies(
    smoke_data, qualification, fmt, tmp_path
):
    found = learning(smoke_data, qualification)
    path = export(smoke_data, found.assessment.session_id, fmt, tmp_path / f"record.{fmt}")
    text = exported_text(path, fmt)
    assert found.learner in text and ASSESSOR in text
    assert found.unit.ref in text
    for criterion, answer in found.assessment.sitting.answers:
        assert criterion in text, criterion
        if answer == WEAK_ANSWER or fmt != "pdf":
            assert flat(answer) in text, answer
    for decision in found.assessment.sitting.decisions.values():
        assert flat(REASONS[decision]) in text
    assert FEEDBACK in text and NEXT_STEPS in text
    if fmt == "json":
        assert f"{path}: intact" in flat(clean(tutor(smoke_data, "verify", str(path))))


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_practice_record_exports_as_pdf(smoke_data, qualification, tmp_path):
    found = learning(smoke_data, qualification)
    path = export(smoke_data, found.practice.session_id, "pdf", tmp_path / "practice.pdf")
    text = exported_text(path, "pdf")
    assert found.learner in text and found.unit.ref in text
    for criterion, _ in found.practice.sitting.answers:
        assert criterion in text, criterion
    assert WEAK_ANSWER in text


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_every_session_verifies_intact(smoke_data, qualification):
    found = learning(smoke_data, qualification)
    for run_ in (found.practice, found.assessment):
        output = clean(tutor(smoke_data, "verify", str(run_.session_id)))
        assert f"Session {run_.session_id}: intact" in output


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_every_assessment_is_signed_by_the_assessors_key(
    smoke_data, qualification, assessor_public_key, tmp_path
):
    found = learning(smoke_data, qualification)
    session = str(found.assessment.session_id)
    keyed = tutor(smoke_data, "verify", session, "--key", str(assessor_public_key))
    assert keyed.exit_code == 0, keyed.output
    assert f"Signed by {ASSESSOR} (key SHA256:" in keyed.output
    path = export(smoke_data, found.assessment.session_id, "json", tmp_path / "record.json")
    exported = clean(tutor(smoke_data, "verify", str(path), "--key", str(assessor_public_key)))
    assert f"{path}: intact" in flat(exported)
    practice = tutor(
        smoke_data, "verify", str(found.practice.session_id), "--key", str(assessor_public_key)
    )
    assert practice.exit_code == 1 and "not signed" in practice.output


def test_verify_all_holds_over_the_smoke_database(smoke_data):
    output = clean(tutor(smoke_data, "verify", "--all"))
    assert f"All {len(smoke_data.runs)} sessions intact" in output


# --- banks, scoring, rubrics ------------------------------------------------------------------


def test_bank_check_passes_on_the_shipped_banks():
    output = clean(run("bank", "check", str(SHIPPED_BANKS)))
    assert f"{len(QUALIFICATIONS)} qualifications" in output


def test_bank_stats_json_counts_every_shipped_qualification(smoke_data):
    stats = json.loads(clean(run("bank", "stats", "--json")))
    numbers = {x.qualification.number for x in smoke_data.by_qualification.values()}
    found = {q["number"]: q for q in stats["qualifications"]}
    assert numbers <= set(found), list(found)
    keys = {"number", "units", "outcomes", "criteria", "knowledge_criteria", "with_question"}
    keys |= {"with_rubric", "target_criteria", "complete"}
    for number in numbers:
        assert keys <= set(found[number]), found[number]
        assert found[number]["units"] > 0 and found[number]["with_question"] > 0
    # Question security: the shipped bank keeps a question for assessments on 244 criteria.
    bank = stats["bank"]
    assert bank["with_assessment_only"] == bank["assessment_only_questions"] == 244
    assert "kept" in clean(run("bank", "stats")).splitlines()[0]


def check_score(score: dict, criterion: str) -> None:
    assert score["criterion"] == criterion
    assert 0.0 <= score["score"] <= 1.0
    assert score["judgement"] in {"met", "partly_met", "not_yet_met"}
    assert isinstance(score["missed"], list) and isinstance(score["feedback"], str)
    assert score["points"]
    for point in score["points"]:
        assert isinstance(point["text"], str) and isinstance(point["matched"], bool)
        for evidence in point["evidence"]:
            assert {"start", "end", "text", "similarity"} <= set(evidence)
            assert 0 <= evidence["similarity"] <= 100


def test_score_json_has_the_documented_keys(smoke_data):
    answer = "Good service keeps customers coming back and telling their friends about us."
    criterion = "J/506/2132 1.1"
    score = json.loads(clean(tutor(smoke_data, "score", criterion, "--answer", answer, "--json")))
    check_score(score, criterion)
    assert any(p["matched"] for p in score["points"])
    for point in score["points"]:
        for evidence in point["evidence"]:
            assert answer[evidence["start"] : evidence["end"]] == evidence["text"]


@pytest.mark.parametrize("qualification", QUALIFICATIONS)
def test_score_a_criterion_of_every_qualification(smoke_data, qualification):
    found = learning(smoke_data, qualification)
    criterion, answer = found.practice.sitting.strong_answers[0]
    output = clean(tutor(smoke_data, "score", criterion, "--answer", answer, "--json"))
    check_score(json.loads(output), criterion)


def test_rubric_draft_suggests_points():
    model = "Say sorry, listen, then put it right so the customer comes back."
    output = clean(run("rubric", "draft", model))
    assert "points:" in output and "text:" in output
    drafted = json.loads(clean(run("rubric", "draft", model, "--json")))
    points = drafted["rubric"]["points"]
    assert points and all(point["text"] in model.lower() for point in points)
