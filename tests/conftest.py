"""Shared fixtures. Tests that read ../shared/seeds skip, saying why, where it is absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutor.banks.cache import load_bank_cached
from tutor.banks.files import load_bank
from tutor.banks.model import Bank
from tutor.scoring.response_cache import check_responses

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"
SHIPPED_BANKS = ROOT / "question_banks"

SEED_FILES = {
    "pearson_l3": "000_3135d01774356a71.txt",
    "ncfe": "001_1843c058c36d64e5.txt",
    "pearson_principles": "002_fe53323ef1feaf19.txt",
    "proqual": "003_f68a613929ff46c3.txt",
    "gqa": "004_2e26f089490b172a.txt",
}


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed specifications are not beside this checkout ({SEEDS})")
    return SEEDS


@pytest.fixture(scope="session")
def mohler_csv() -> Path:
    path = DATASETS / "mohler2011" / "mohler_dataset_edited.csv"
    if not path.is_file():
        pytest.skip(f"the Mohler dataset is not beside this checkout ({path})")
    return path


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the checkout's transcripts/ or a user's data or cache directory."""
    monkeypatch.setenv("TUTOR_DB", str(tmp_path / "tutor.db"))
    monkeypatch.setenv("TUTOR_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.setenv("TUTOR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TUTOR_KEYS", str(tmp_path / "keys"))
    monkeypatch.delenv("TUTOR_BANKS", raising=False)


@pytest.fixture(scope="session")
def shipped_bank() -> Bank:
    """The shipped banks read from their files once per test process (a second or two of
    YAML): tests only read it."""
    bank, problems = load_bank(SHIPPED_BANKS)
    assert problems == []
    return bank


@pytest.fixture(scope="session")
def shipped_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the shipped banks' copy (see tutor.banks.cache) and their marked
    responses' judgements, built once per test process."""
    folder = tmp_path_factory.mktemp("shipped-cache")
    bank = load_bank_cached(SHIPPED_BANKS, folder)[0]
    # The marked responses' judgements too: a bank check would score all of them again.
    check_responses(bank, SHIPPED_BANKS, folder)
    return folder


@pytest.fixture
def warm_cache(shipped_cache: Path, tmp_path: Path) -> Path:
    """This test's own TUTOR_CACHE, starting with the shipped banks' copy: each command over
    the shipped banks would otherwise read their YAML again. The copy is keyed by the files'
    paths, sizes and times, so a test that edits a bank still reads it afresh."""
    folder = tmp_path / "cache"
    shutil.copytree(shipped_cache, folder, dirs_exist_ok=True)
    return folder
