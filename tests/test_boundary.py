"""Only tutor/ui imports Textual: the core and the command line start without it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tutor

CORE_PACKAGES = ("banks", "scoring", "sessions", "store", "export")


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
