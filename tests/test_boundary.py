"""Only tutor/ui imports Textual: the core and the command line start without it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tutor

CORE_PACKAGES = ("banks", "scoring", "sessions", "store", "export", "signing")


def core_modules() -> list[str]:
    names = ["tutor.cli", "tutor.settings", "tutor.text", "tutor.errors", "tutor.timestamps"]
    for info in pkgutil.walk_packages(tutor.__path__, "tutor."):
        top = info.name.split(".")[1]
        if top in CORE_PACKAGES or info.name.startswith("tutor.cli."):
            names.append(info.name)
    return names


def test_core_and_cli_never_load_textual() -> None:
    modules = core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False", result.stdout + result.stderr


def test_the_store_loads_nothing_of_the_banks_or_the_scorer() -> None:
    """The store keeps what it is given; a bank's model is the layer above's business. Of
    scoring it loads only the typed results (`scoring.result`, a leaf)."""
    store_modules = [
        info.name
        for info in pkgutil.walk_packages(tutor.__path__, "tutor.")
        if info.name.startswith("tutor.store")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {store_modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tutor.banks', 'tutor.scoring'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['tutor.scoring', 'tutor.scoring.result']", (
        result.stdout + result.stderr
    )


def test_the_score_model_is_a_leaf() -> None:
    """`scoring.result` imports nothing of the tutor, so the store may return typed scores."""
    code = (
        "import sys\n"
        "import tutor.scoring.result\n"
        "print(sorted(m for m in sys.modules if m.startswith('tutor.') and m not in "
        "('tutor.scoring', 'tutor.scoring.result')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_signing_loads_only_the_base_modules() -> None:
    """Sessions and exports sign with it, so it must sit below them all."""
    code = (
        "import sys, tutor.signing\n"
        "print(sorted(m for m in sys.modules if m.startswith('tutor.')"
        " and not m.startswith('tutor.signing')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['tutor.errors', 'tutor.text', 'tutor.timestamps']", (
        result.stdout + result.stderr
    )
