"""`tutor import`: reports, bad files, --json and --out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.banks.bank_fixtures import DAMAGED_FILE, DAMAGED_UNIT, copy_shipped_banks, cut_short
from tests.cli.cli_helpers import run
from tests.conftest import SEED_FILES
from tutor.banks.files import load_bank


@pytest.fixture
def gqa_seed(seeds_dir: Path) -> Path:
    return seeds_dir / SEED_FILES["gqa"]


def _run(*args: str):
    return run("import", *args)


def _one_line_error(result, name: str) -> None:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert name in lines[0]
    assert "Traceback" not in result.output + result.stderr


def test_report_gives_counts_and_warnings_per_file(gqa_seed: Path) -> None:
    result = _run(str(gqa_seed))
    assert result.exit_code == 0, result.output
    assert (
        f"{gqa_seed.name}: GQA Level 3 Diploma in Customer Service (603/5637/6): "
        "23 units, 62 outcomes, 299 criteria" in result.stdout
    )
    assert f"{gqa_seed.name}: F/618/0481: level disagrees" in result.stdout


def test_empty_file_is_one_line_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = _run(str(empty))
    _one_line_error(result, "empty.txt")
    assert "empty" in result.stderr


def test_binary_file_is_one_line_error(tmp_path: Path) -> None:
    binary = tmp_path / "spec.pdf"
    binary.write_bytes(b"%PDF-1.7\x00\x01\x02\xff")
    result = _run(str(binary))
    _one_line_error(result, "spec.pdf")
    assert "binary" in result.stderr


def test_text_that_is_no_specification_is_one_line_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\n- milk\n- bread\n")
    result = _run(str(notes))
    _one_line_error(result, "notes.txt")
    assert "not a specification" in result.stderr


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    _one_line_error(_run(str(tmp_path / "nowhere.txt")), "nowhere.txt")


def test_bad_file_does_not_stop_the_others(tmp_path: Path, gqa_seed: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = _run(str(empty), str(gqa_seed), "--out", str(tmp_path / "bank"))
    _one_line_error(result, "empty.txt")
    assert "23 units" in result.stdout
    assert (tmp_path / "bank" / "units" / "H-618-0196.yaml").is_file()


def test_no_spec_is_a_usage_error() -> None:
    assert _run().exit_code == 2


def test_help_shows_an_example() -> None:
    result = _run("--help")
    assert result.exit_code == 0
    assert "tutor import ../shared/seeds/*.txt --out" in result.stdout


def test_json_to_stdout_is_one_document_in_the_documented_shape(gqa_seed: Path) -> None:
    result = _run(str(gqa_seed), "--json", "-")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    spec = data[gqa_seed.name]
    assert spec["qualification"] == {
        **spec["qualification"],
        "title": "GQA Level 3 Diploma in Customer Service",
        "number": "603/5637/6",
        "awarding_body": "GQA",
        "level": 3,
    }
    unit = spec["units"][0]
    assert {"ref", "title", "level", "credit", "glh", "outcomes"} <= set(unit)
    outcome = unit["outcomes"][0]
    assert {"id", "text", "kind", "criteria"} <= set(outcome)
    assert outcome["kind"] == "knowledge"
    assert {"id", "text", "guidance"} <= set(outcome["criteria"][0])
    assert any(w["unit"] == "F/618/0481" for w in spec["warnings"])
    assert "23 units" in result.stderr


def test_json_to_file(tmp_path: Path, gqa_seed: Path) -> None:
    out = tmp_path / "spec.json"
    result = _run(str(gqa_seed), "--json", str(out))
    assert result.exit_code == 0
    assert len(json.loads(out.read_text())[gqa_seed.name]["units"]) == 23


def test_out_writes_a_bank_that_loads_without_problems(tmp_path: Path, gqa_seed: Path) -> None:
    bank_dir = tmp_path / "bank"
    result = _run(str(gqa_seed), "--out", str(bank_dir))
    assert result.exit_code == 0, result.stderr
    bank, problems = load_bank(bank_dir)
    assert problems == []
    assert len(bank.units) == 23
    assert [q.number for q in bank.qualifications] == ["603/5637/6"]
    assert "wrote 24 files" in result.stdout


def test_all_seeds_import_into_one_bank(tmp_path: Path, seeds_dir: Path) -> None:
    seeds = [str(seeds_dir / name) for name in SEED_FILES.values()]
    result = _run(*seeds, "--out", str(tmp_path / "bank"))
    assert result.exit_code == 0, result.stderr
    bank, problems = load_bank(tmp_path / "bank")
    assert [p for p in problems if p.severity == "error"] == []
    assert bank.unit("H/618/0196").ref == "L/506/2150"
    assert {q.key for q in bank.qualifications} == {
        "601/3973/0",  # NCFE
        "601/5358/1",  # Pearson Principles: the Award ...
        "601/5359/3",  # ... and the Certificate, from one file
        "601/3577/3",  # ProQual
        "603/5637/6",  # GQA
        "Pearson BTEC Level 3 Diploma in Customer Service",  # its text prints no number
    }


# Criteria per seed in the import's JSON: every one the specifications hold, as the errata
# decide: the one Pearson's extraction lost (L/506/9017 3.1) restored, ProQual's J/502/4397
# in Pearson's Level 3 wording (1.3 gone, 3.4 added), GQA's two missing criteria kept.
SEED_CRITERIA = {
    "pearson_l3": 415,
    "ncfe": 535,
    "pearson_principles": 125,
    "proqual": 617,
    "gqa": 299,
}
RECONSTRUCTED = {
    ("pearson_principles", "K/506/9011", "1.5"),
    ("pearson_principles", "K/506/9011", "1.6"),
    ("pearson_principles", "L/506/9017", "1.2"),
    ("pearson_principles", "L/506/9017", "1.3"),
    ("pearson_principles", "L/506/9017", "3.1"),
    ("pearson_principles", "R/506/9018", "3.2"),
    *(("proqual", "J/502/4397", c) for c in ("1.2", "2.1", "2.2", "2.3", "3.1", "3.3", "3.4")),
    ("gqa", "Y/618/0471", "1.6"),
    ("gqa", "L/618/0466", "3.6"),
}


def test_json_holds_every_criterion_of_the_five_seeds(tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "spec.json"
    result = _run(*(str(seeds_dir / name) for name in SEED_FILES.values()), "--json", str(out))
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    counts = {
        seed: sum(len(o["criteria"]) for u in data[name]["units"] for o in u["outcomes"])
        for seed, name in SEED_FILES.items()
    }
    assert counts == SEED_CRITERIA
    assert sum(counts.values()) == 1991
    criteria = {
        (seed, u["ref"], c["id"]): c
        for seed, name in SEED_FILES.items()
        for u in data[name]["units"]
        for o in u["outcomes"]
        for c in o["criteria"]
    }
    assert {key for key, c in criteria.items() if c["reconstructed"]} == RECONSTRUCTED
    restored = criteria[("pearson_principles", "L/506/9017", "3.1")]
    assert restored["text"] == "Explain how to work positively with others to support improvements"
    assert restored["erratum"]["printed"] == "positively with others to support improvements"
    assert "reconstruction" in restored["erratum"]["reason"]
    assert restored["guidance"][0].startswith("Working with others: team working")
    (outcome,) = (
        o
        for u in data[SEED_FILES["pearson_principles"]]["units"]
        if u["ref"] == "L/506/9017"
        for o in u["outcomes"]
        if o["reconstructed"]
    )
    assert outcome["id"] == "3" and outcome["text"].startswith("Understand how to support")
    assert "11 units, 34 outcomes, 125 criteria" in result.stdout
    assert "L/506/9017: criterion 3.1: erratum added (missing from the source)" in result.stdout


def test_reimport_restores_a_unit_file_cut_short(tmp_path: Path, seeds_dir: Path) -> None:
    banks = copy_shipped_banks(tmp_path)
    cut_short(banks / "units" / DAMAGED_FILE.name)
    assert load_bank(banks)[1] != []
    result = _run(*(str(seeds_dir / name) for name in SEED_FILES.values()), "--out", str(banks))
    assert result.exit_code == 0, result.stderr
    bank, problems = load_bank(banks)
    assert problems == []
    assert len(bank.unit(DAMAGED_UNIT).criteria()) == 23


def test_json_is_never_written_over_a_device(gqa_seed: Path) -> None:
    result = _run(str(gqa_seed), "--json", "/dev/full")
    assert result.exit_code == 1
    assert "/dev/full" in result.stderr and "--json" in result.stderr
    assert Path("/dev/full").is_char_device()


def test_a_failed_json_write_leaves_nothing_behind(
    gqa_seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk as the file is flushed: no JSON, half or whole, and no temporary file."""
    import os

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "spec.json"
    result = _run(str(gqa_seed), "--json", str(target))
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.stderr
    assert list(tmp_path.iterdir()) == []
