"""Where things live: the database, the banks, the exports. Nothing is created at import."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.banks.files import default_banks_dir

__all__ = [
    "checkout_dir",
    "default_banks_dir",
    "default_db_path",
    "default_exports_dir",
    "default_keys_dir",
]


def checkout_dir() -> Path | None:
    """The source checkout this package runs from, if it is one (make run, make test)."""
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file() and (root / "transcripts").is_dir():
        return root
    return None


def default_db_path() -> Path:
    """TUTOR_DB, else transcripts/tutor.db in a checkout, else the user data directory."""
    if env := os.environ.get("TUTOR_DB"):
        return Path(env)
    if (root := checkout_dir()) is not None:
        return root / "transcripts" / "tutor.db"
    from platformdirs import user_data_path

    return user_data_path("tutor", appauthor=False) / "tutor.db"


def default_exports_dir(db_path: Path | None = None) -> Path:
    """TUTOR_EXPORTS, else an exports/ folder beside the database."""
    if env := os.environ.get("TUTOR_EXPORTS"):
        return Path(env)
    return (db_path or default_db_path()).parent / "exports"


def default_keys_dir() -> Path:
    """TUTOR_KEYS, else keys/ in the user data directory: never in a checkout, where a
    private key could be committed or shared with the code."""
    if env := os.environ.get("TUTOR_KEYS"):
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("tutor", appauthor=False) / "keys"


def cache_dir() -> Path:
    """Where derived, disposable files (the bank cache) live: TUTOR_CACHE, else the user's
    cache directory (platformdirs), which only the user can write to."""
    if env := os.environ.get("TUTOR_CACHE"):
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("tutor", appauthor=False)
