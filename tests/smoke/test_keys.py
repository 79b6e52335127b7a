"""The installed `tutor keys` script as a real process: make a key, export its public half,
and check a signature made with the private half against the exported file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.signing.key_fixtures import LATER, at
from tests.smoke.plain_chat import subprocess_env
from tutor.signing import active_key, read_public_key, sign, verify_signature


def tutor_script(*args: str, keys: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("tutor")
    assert script.is_file(), f"no `tutor` entry point beside {sys.executable}: pip install -e ."
    return subprocess.run(
        [str(script), "keys", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**subprocess_env(ROOT), "TUTOR_KEYS": str(keys)},
        timeout=60,
    )


def test_tutor_keys_init_show_export_as_a_real_process(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    made = tutor_script("init", "--name", "Jo Khan", keys=keys)
    assert made.returncode == 0, made.stderr
    shown = tutor_script("show", keys=keys)
    assert shown.returncode == 0 and not shown.stderr, shown.stderr
    key = active_key(keys)
    assert key.fingerprint in shown.stdout and "Jo Khan" in shown.stdout

    public = tmp_path / "jo-khan.pub"
    exported = tutor_script("export", "--out", str(public), keys=keys)
    assert exported.returncode == 0, exported.stderr
    signed = sign(key, "sha256:0123abcd", clock=at(LATER))
    assert verify_signature(signed, "sha256:0123abcd", read_public_key(public))

    again = tutor_script("init", "--name", "Jo Khan", keys=keys)
    assert again.returncode == 1
    assert again.stderr.startswith("tutor: ") and again.stderr.count("\n") == 1
    assert "Traceback" not in again.stderr
