"""The smoke database: real plain-chat sessions over the shipped banks.

For every qualification in question_banks/qualifications/ one learner practises one of its
units and is then assessed on it: two questions each, the first answered with the
question's model answer, the second weakly; the assessor records decisions, feedback and
both signatures as the plain chat asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from click.testing import Result

from tests.conftest import SHIPPED_BANKS
from tests.smoke.plain_chat import Sitting, chat_in_process
from tutor.banks.cache import load_bank_cached
from tutor.banks.files import read_qualification_file
from tutor.banks.model import Bank, Qualification, Unit
from tutor.settings import cache_dir

QUALIFICATION_FILES = sorted((SHIPPED_BANKS / "qualifications").glob("*.yaml"))
QUALIFICATIONS = [path.stem for path in QUALIFICATION_FILES]  # test ids
# One learner per qualification, in file order; more qualifications reuse the names.
LEARNERS = ["Sam Patel", "Zoë Adebayo", "Tom O'Neill", "Mei Chen", "Lewis Grant", "Ana Sousa"]
ASSESSOR = "Jo Khan"
QUESTIONS = 2


@dataclass(frozen=True)
class Run:
    """One `tutor chat --plain` session of the smoke database."""

    mode: str
    sitting: Sitting
    result: Result

    @property
    def session_id(self) -> int:
        last = self.result.output.strip().splitlines()[-1]
        assert last.startswith("Session ") and "saved" in last, self.result.output
        return int(last.split()[1])


@dataclass(frozen=True)
class Learning:
    """A learner's practice and assessment on one unit of one qualification."""

    qualification: Qualification
    unit: Unit
    learner: str
    practice: Run
    assessment: Run


@dataclass(frozen=True)
class SmokeData:
    db: Path
    bank: Bank
    by_qualification: dict[str, Learning]  # qualification file stem -> its sessions

    @property
    def runs(self) -> list[Run]:
        return [r for x in self.by_qualification.values() for r in (x.practice, x.assessment)]


def today() -> set[str]:
    """Today's date in local time and in UTC (for an hour or so a day they differ)."""
    return {datetime.now().astimezone().date().isoformat(), datetime.now(UTC).date().isoformat()}


def questioned(unit: Unit) -> bool:
    return any(c.questions for _, c in unit.criteria())


def pick_units(bank: Bank) -> dict[str, tuple[Qualification, Unit]]:
    """For each qualification file, the first unit of its groups with questions that no
    earlier qualification took (any questioned unit if all are taken)."""
    picked: dict[str, tuple[Qualification, Unit]] = {}
    taken: set[str] = set()
    for path in QUALIFICATION_FILES:
        qualification, problems = read_qualification_file(path)
        assert qualification is not None, problems
        units = [u for ref in qualification.unit_refs if (u := bank.unit(ref)) and questioned(u)]
        assert units, f"{qualification.key} has no unit with questions"
        unit = next((u for u in units if u.ref not in taken), units[0])
        taken.add(unit.ref)
        picked[path.stem] = (qualification, unit)
    return picked


def build_smoke_data(db: Path) -> SmokeData:
    """Run the plain chat for every qualification into the database at `db`."""
    bank, _ = load_bank_cached(SHIPPED_BANKS, cache_dir())
    by_qualification = {}
    for index, (stem, (qualification, unit)) in enumerate(pick_units(bank).items()):
        learner = LEARNERS[index % len(LEARNERS)]
        limit = ("--unit", unit.ref, "--limit", str(QUESTIONS), "--seed", str(index))
        practice = Sitting(bank, learner)
        practised = chat_in_process(db, practice, *limit)
        assessment = Sitting(bank, learner, ASSESSOR)
        assessed = chat_in_process(
            db,
            assessment,
            *limit,
            "--mode",
            "assessment",
            "--assessor",
            ASSESSOR,
            "--qualification",
            qualification.key,
            "--centre",
            "Northgate College",
        )
        by_qualification[stem] = Learning(
            qualification,
            unit,
            learner,
            Run("practice", practice, practised),
            Run("assessment", assessment, assessed),
        )
    return SmokeData(db, bank, by_qualification)
