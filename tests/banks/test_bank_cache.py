"""The pickled bank cache: reused while files are unchanged, refreshed when one changes."""

from __future__ import annotations

import os

from tests.sessions.session_fixtures import UNIT_A, write_tiny_bank
from tutor.banks.cache import load_bank_cached
from tutor.banks.files import load_bank


def test_cached_bank_equals_the_files_and_is_reused(tmp_path):
    banks = write_tiny_bank(tmp_path / "banks")
    first, _ = load_bank_cached(banks, tmp_path / "cache")
    assert first == load_bank(banks)[0]
    assert len(list((tmp_path / "cache").glob("bank-*.pickle"))) == 1
    again, _ = load_bank_cached(banks, tmp_path / "cache")
    assert again == first


def test_edited_bank_file_is_read_afresh(tmp_path):
    banks = write_tiny_bank(tmp_path / "banks")
    load_bank_cached(banks, tmp_path / "cache")
    unit_file = next((banks / "units").glob("J-*.yaml"))
    unit_file.write_text(
        unit_file.read_text().replace("Principles of customer service", "Renamed unit")
    )
    stat = unit_file.stat()
    os.utime(unit_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    bank, _ = load_bank_cached(banks, tmp_path / "cache")
    assert bank.unit(UNIT_A).title == "Renamed unit"
    assert len(list((tmp_path / "cache").glob("bank-*.pickle"))) == 1


def test_damaged_cache_falls_back_to_the_files(tmp_path):
    banks = write_tiny_bank(tmp_path / "banks")
    load_bank_cached(banks, tmp_path / "cache")
    for cached in (tmp_path / "cache").glob("bank-*.pickle"):
        cached.write_bytes(b"not a pickle")
    bank, _ = load_bank_cached(banks, tmp_path / "cache")
    assert bank == load_bank(banks)[0]
