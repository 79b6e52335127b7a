"""Shared fixtures. Tests that read ../shared/seeds skip, saying why, where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

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
