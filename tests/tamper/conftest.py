"""The tamper suite's database, built once per module and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tamper.tamper_fixtures import Built, build


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """Built once per module: the engine writing three sessions is slow to repeat."""
    folder = tmp_path_factory.mktemp("tamper-template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TUTOR_CACHE", str(folder / "cache"))
        patch.setenv("TUTOR_KEYS", str(folder / "keys"))
        yield build(folder)


@pytest.fixture
def built(template: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Built:
    """A copy of the template for one test to tamper with; its keys are the ones in use."""
    folder = tmp_path / "built"
    shutil.copytree(template.folder, folder, ignore=shutil.ignore_patterns("cache"))
    copy = Built(
        folder,
        folder / template.db.name,
        folder / "banks",
        folder / "keys",
        template.earlier,
        template.assessment,
        template.practice,
    )
    monkeypatch.setenv("TUTOR_KEYS", str(copy.keys))
    return copy
