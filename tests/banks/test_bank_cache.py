"""The bank cache: plain JSON, reused while files are unchanged, never trusted blindly."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from tests.cli.cli_helpers import run
from tests.conftest import SHIPPED_BANKS
from tests.sessions.session_fixtures import UNIT_A, write_tiny_bank
from tutor.banks.cache import load_bank_cached, read_cached
from tutor.banks.files import load_bank
from tutor.banks.model import Bank


class _Planted:
    """A pickle that, if ever unpickled, creates a file: the proof that it ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


def _cached_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("bank-*"))


def _rewrite(cached: Path, edit) -> None:
    """Change the copy's content with `edit` and give it a header that matches again."""
    header_line, _, body = cached.read_bytes().partition(b"\n")
    header = json.loads(header_line)
    new_body = json.dumps(edit(json.loads(body))).encode()
    header["sha256"] = hashlib.sha256(new_body).hexdigest()
    cached.write_bytes(json.dumps(header).encode() + b"\n" + new_body)


@pytest.fixture
def shipped(shipped_bank: Bank) -> tuple:
    """The shipped banks as read from their files (without problems)."""
    return shipped_bank, []


def test_cached_shipped_bank_equals_the_files_and_is_reused(tmp_path: Path, shipped) -> None:
    cache = tmp_path / "cache"
    first = load_bank_cached(SHIPPED_BANKS, cache)
    assert first == shipped
    (cached,) = _cached_files(cache)
    assert cached.suffix == ".json"
    assert read_cached(SHIPPED_BANKS, cache) == shipped
    assert _cached_files(cache) == [cached]


def test_edited_bank_file_is_read_afresh(tmp_path: Path) -> None:
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
    assert len(_cached_files(tmp_path / "cache")) == 1


def test_a_planted_pickle_is_never_run(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    cache = tmp_path / "cache"
    load_bank_cached(banks, cache)
    marker = tmp_path / "the-pickle-ran"
    planted = pickle.dumps(_Planted(marker))
    for cached in _cached_files(cache):  # whatever name the tutor reads its copy from
        cached.write_bytes(planted)
    bank, problems = load_bank_cached(banks, cache)
    assert not marker.exists()
    assert (bank, problems) == load_bank(banks)


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    cache = tmp_path / "cache"
    load_bank_cached(banks, cache)
    (cached,) = _cached_files(cache)
    cached.write_bytes(cached.read_bytes()[:-200])  # cut short: the checksum no longer holds
    assert read_cached(banks, cache) is None
    assert load_bank_cached(banks, cache) == load_bank(banks)
    assert read_cached(banks, cache) == load_bank(banks)


def test_content_changed_without_its_checksum_is_ignored(tmp_path: Path) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    cache = tmp_path / "cache"
    load_bank_cached(banks, cache)
    (cached,) = _cached_files(cache)
    cached.write_bytes(cached.read_bytes().replace(b"Principles of customer service", b"Forged"))
    bank, _ = load_bank_cached(banks, cache)
    assert bank.unit(UNIT_A).title == "Principles of customer service"


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda d: {**d, "units": [[1, *u[1:]] for u in d["units"]]}, id="number-ref"),
        pytest.param(lambda d: {**d, "units": [u[:-1] for u in d["units"]]}, id="field-missing"),
        pytest.param(lambda d: {**d, "extra": {"__reduce__": "os.system"}}, id="unknown-key"),
        pytest.param(lambda d: [d], id="not-a-mapping"),
    ],
)
def test_a_copy_of_the_wrong_shape_is_ignored_even_with_a_good_checksum(
    tmp_path: Path, edit
) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    cache = tmp_path / "cache"
    load_bank_cached(banks, cache)
    (cached,) = _cached_files(cache)
    _rewrite(cached, edit)
    assert read_cached(banks, cache) is None
    assert load_bank_cached(banks, cache) == load_bank(banks)


def test_a_full_disk_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    banks = write_tiny_bank(tmp_path / "banks")
    cache = tmp_path / "cache"
    real_fdopen = os.fdopen

    class FullDisk:
        """A file that takes part of the first write, then runs out of space."""

        def __init__(self, handle) -> None:
            self.handle = handle

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[:100])
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: FullDisk(real_fdopen(fd, *a, **k)))
    bank, problems = load_bank_cached(banks, cache)
    monkeypatch.undo()
    assert (bank, problems) == load_bank(banks)
    assert list(cache.iterdir()) == []


def test_the_cache_lives_in_the_users_cache_directory(tmp_path: Path, monkeypatch) -> None:
    from platformdirs import user_cache_path

    from tutor.settings import cache_dir

    assert cache_dir() == tmp_path / "cache"  # TUTOR_CACHE, as every test sets it
    monkeypatch.delenv("TUTOR_CACHE")
    assert cache_dir() == user_cache_path("tutor", appauthor=False)


def test_commands_keep_the_cache_out_of_the_database_folder(tmp_path: Path) -> None:
    banks = tmp_path / "question_banks"
    shutil.copytree(SHIPPED_BANKS, banks)
    db = tmp_path / "db" / "tutor.db"
    result = run("--db", str(db), "--banks", str(banks), "score", "A/506/1821 1.1", "--answer", "x")
    assert result.exit_code == 0, result.output
    assert not (db.parent / "cache").exists()
    assert [p.suffix for p in _cached_files(tmp_path / "cache")] == [".json"]
