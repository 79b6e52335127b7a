"""A pickled copy of a loaded bank, reused while no bank file (and no loader code) changed.

Reading and checking every YAML file of the shipped banks takes about half a second; the
app starts on the cached copy in a few milliseconds. The key covers each file's path, size
and modification time and the source of the model and loader, so editing a bank file or
upgrading the tutor reads the files afresh. A cache that cannot be read or written is
ignored: the files are always the truth.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from tutor.banks import files, model
from tutor.banks.files import Problem, default_banks_dir, load_bank
from tutor.banks.model import Bank


def cache_key(root: Path) -> str:
    """A digest of the bank files' names, sizes and times, and of the loader's source."""
    digest = hashlib.sha256()
    for module in (model, files):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(str(root.resolve()).encode())
    paths = [root] if root.is_file() else sorted(root.rglob("*.yaml"))
    for path in paths:
        stat = path.stat()
        digest.update(
            f"{path.relative_to(root.parent)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
        )
    return digest.hexdigest()[:32]


def read_cached(root: Path, cache_dir: Path) -> tuple[Bank, list[Problem]] | None:
    """The cached copy of the bank at `root`, if the files are unchanged since it was made."""
    try:
        cached = Path(cache_dir) / f"bank-{cache_key(Path(root))}.pickle"
        return pickle.loads(cached.read_bytes())
    except Exception:  # any failure to read our own copy only means: read the files
        return None


def load_bank_cached(
    root: Path | None = None, cache_dir: Path | None = None
) -> tuple[Bank, list[Problem]]:
    """`load_bank(root)`, from `cache_dir` when the files are unchanged since last time."""
    root = Path(root) if root is not None else default_banks_dir()
    if cache_dir is None or not root.exists():
        return load_bank(root)
    found = read_cached(root, cache_dir)
    if found is not None:
        return found
    bank, problems = load_bank(root)
    with contextlib.suppress(OSError):  # no cache this time; the bank was read from its files
        _write(Path(cache_dir) / f"bank-{cache_key(root)}.pickle", (bank, problems))
    return bank, problems


def _write(path: Path, value: object) -> None:
    """Write atomically (a reader never sees half a file); old copies are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("bank-*.pickle"):
        old.unlink(missing_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
