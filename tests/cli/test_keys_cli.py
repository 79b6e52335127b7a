"""`tutor keys init|show|export|rotate` through click, in a key folder of the test's own
(TUTOR_KEYS, set for every test by the shared conftest)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.cli_helpers import run
from tests.signing.key_fixtures import LATER, at
from tutor.signing import (
    active_info,
    active_key,
    list_keys,
    read_public_key,
    sign,
    verify_signature,
)


@pytest.fixture
def folder() -> Path:
    return Path(os.environ["TUTOR_KEYS"])


def lines_of(text: str) -> dict[str, str]:
    """'Fingerprint  SHA256:…' lines as {label: value}."""
    found = {}
    for line in text.splitlines():
        label, _, value = line.partition("  ")
        if value:
            found[label.strip()] = value.strip()
    return found


def test_init_makes_a_key_and_says_where_it_is(folder: Path) -> None:
    result = run("keys", "init", "--name", "Jo Khan")
    assert result.exit_code == 0, result.output
    made = active_info(folder)
    shown = lines_of(result.stdout)
    assert "Made a signing key for Jo Khan." in result.stdout
    assert shown["Fingerprint"] == made.fingerprint
    assert shown["Public key"] == made.public_key_text
    assert f"Private key kept in {folder}" in result.stdout
    assert "tutor keys export --out FILE" in result.stdout


def test_init_twice_is_one_line_pointing_to_rotate(folder: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    result = run("keys", "init", "--name", "Someone Else")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "already holds Jo Khan's key" in result.stderr and "tutor keys rotate" in result.stderr
    assert [k.name for k in list_keys(folder)] == ["Jo Khan"]


def test_init_needs_a_name() -> None:
    result = run("keys", "init")
    assert result.exit_code == 2
    assert "missing option '--name'" in result.stderr


def test_init_with_a_blank_name_is_refused(folder: Path) -> None:
    result = run("keys", "init", "--name", "   ")
    assert result.exit_code == 1
    assert "needs the name" in result.stderr and list_keys(folder) == ()


def test_init_into_a_chosen_folder(tmp_path: Path) -> None:
    chosen = tmp_path / "centre-keys"
    result = run("keys", "init", "--name", "Northfield Centre", "--dir", str(chosen))
    assert result.exit_code == 0, result.output
    assert active_info(chosen).name == "Northfield Centre"


def test_show_without_a_key_says_how_to_make_one() -> None:
    result = run("keys", "show")
    assert result.exit_code == 1
    assert 'run tutor keys init --name "YOUR NAME"' in result.stderr
    assert result.stderr.count("\n") == 1


def test_show_lists_the_key_and_its_retired_keys(folder: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    first = active_info(folder)
    run("keys", "rotate")
    result = run("keys", "show")
    assert result.exit_code == 0, result.output
    current = active_info(folder)
    shown = lines_of(result.stdout)
    assert shown["Key holder"] == "Jo Khan"
    assert shown["Fingerprint"] == current.fingerprint
    assert shown["Public key"] == current.public_key_text
    assert shown["Created"] == current.created_at
    retired = result.stdout.split("Retired keys", 1)[1]
    assert first.fingerprint in retired and "retired 20" in retired


def test_show_as_json(folder: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    run("keys", "rotate")
    result = run("keys", "show", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["folder"] == str(folder)
    assert [k["active"] for k in document["keys"]] == [False, True]
    assert document["keys"][1]["fingerprint"] == active_info(folder).fingerprint
    assert document["keys"][0]["retired_at"] is not None


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_show_refuses_a_private_key_others_can_read(folder: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    [private] = folder.glob("ed25519-*.pem")
    private.chmod(0o644)
    result = run("keys", "show")
    assert result.exit_code == 1
    assert "Jo Khan" in result.stdout  # the public half is still shown
    assert f"{private} can be read by others" in result.stderr
    assert "chmod 600" in result.stderr and result.stderr.count("\n") == 1


def test_export_prints_only_the_public_key(folder: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    result = run("keys", "export")
    assert result.exit_code == 0, result.output
    assert "-----BEGIN PUBLIC KEY-----" in result.stdout
    assert "PRIVATE" not in result.stdout
    assert active_info(folder).fingerprint in result.stdout


def test_export_to_a_file_that_verify_key_reads(folder: Path, tmp_path: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    out = tmp_path / "jo-khan.pub"
    result = run("keys", "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"written to {out}" in result.stdout
    signed = sign(active_key(folder), "sha256:abc", clock=at(LATER))
    assert verify_signature(signed, "sha256:abc", read_public_key(out))


def test_export_into_a_folder_uses_a_descriptive_name(folder: Path, tmp_path: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    out = tmp_path / "public"
    out.mkdir()
    result = run("keys", "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    [written] = out.iterdir()
    hex_digits = active_info(folder).fingerprint.removeprefix("SHA256:").replace(" ", "")
    assert written.name == f"jo-khan_ed25519_{hex_digits[:8]}.pub"


def test_export_never_overwrites_without_force(tmp_path: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    out = tmp_path / "jo.pub"
    out.write_text("something else")
    refused = run("keys", "export", "--out", str(out))
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert out.read_text() == "something else"
    assert run("keys", "export", "--out", str(out), "--force").exit_code == 0
    assert "BEGIN PUBLIC KEY" in out.read_text()


def test_export_a_retired_key_by_fingerprint(folder: Path, tmp_path: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    first = active_info(folder)
    run("keys", "rotate")
    prefix = first.fingerprint.removeprefix("SHA256:")[:9]  # "ab12 cd34"
    out = tmp_path / "old.pub"
    result = run("keys", "export", "--fingerprint", prefix, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert read_public_key(out) == first.public_key
    assert "retired" in out.read_text()


def test_export_without_a_key() -> None:
    result = run("keys", "export")
    assert result.exit_code == 1 and "tutor keys init" in result.stderr


def test_rotate_retires_the_old_key(folder: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    old = active_info(folder)
    result = run("keys", "rotate")
    assert result.exit_code == 0, result.output
    new = active_info(folder)
    assert new.fingerprint != old.fingerprint
    assert f"Retired {old.fingerprint}; records it signed still verify." in result.stdout
    assert lines_of(result.stdout)["Fingerprint"] == new.fingerprint


def test_rotate_with_a_new_name(folder: Path) -> None:
    run("keys", "init", "--name", "Jo Khan")
    assert run("keys", "rotate", "--name", "Jo Khan-Ahmed").exit_code == 0
    assert [k.name for k in list_keys(folder)] == ["Jo Khan", "Jo Khan-Ahmed"]


def test_rotate_without_a_key() -> None:
    result = run("keys", "rotate")
    assert result.exit_code == 1 and "tutor keys init" in result.stderr


@pytest.mark.parametrize("command", ["init", "show", "export", "rotate"])
def test_every_command_explains_itself(command: str) -> None:
    result = run("keys", command, "--help")
    assert result.exit_code == 0
    assert "--dir" in result.stdout
    assert len(result.stdout.split("Options:")[0].split("\n", 2)[2].strip()) > 20


def test_keys_is_listed_in_tutor_help() -> None:
    result = run("--help")
    assert "keys" in result.stdout and "signing key" in result.stdout
