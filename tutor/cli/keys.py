"""`tutor keys init|show|export|rotate`: the signer's Ed25519 key pair."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from tutor.cli.options import json_flag
from tutor.errors import SigningError
from tutor.settings import default_keys_dir
from tutor.signing import (
    ALGORITHM,
    KeyInfo,
    active_info,
    active_key,
    find_key,
    init_key,
    list_keys,
    public_key_file,
    rotate,
)
from tutor.text import one_line

F = TypeVar("F", bound=Callable[..., Any])


def _now() -> datetime:
    return datetime.now(UTC)


def dir_option(f: F) -> F:
    return click.option(
        "--dir",
        "directory",
        type=click.Path(file_okay=False, path_type=Path),
        help="Key folder (default: TUTOR_KEYS, else keys/ in the user data directory).",
    )(f)


def _folder(directory: Path | None) -> Path:
    return directory or default_keys_dir()


@click.group("keys")
def keys() -> None:
    """Your signing key: an Ed25519 key pair that signs the records you end or countersign.

    The private key stays in your key folder, readable by you alone; the public key is what
    others use to check a record you signed (tutor verify FILE.json --key PUBLIC_KEY_FILE).
    """


@keys.command("init")
@click.option("--name", required=True, help="Your name (or your centre's) as records show it.")
@dir_option
def init_command(name: str, directory: Path | None) -> None:
    """Make your signing key. Refused if you already have one: use tutor keys rotate."""
    folder = _folder(directory)
    key = init_key(name, folder, clock=_now)
    click.echo(f"Made a signing key for {one_line(key.name)}.")
    _describe(key)
    click.echo(f"Private key kept in {folder}, readable by you alone.")
    click.echo("Give others your public key to check what you sign: tutor keys export --out FILE")


@keys.command("show")
@dir_option
@json_flag
@click.pass_context
def show_command(ctx: click.Context, directory: Path | None, as_json: bool) -> None:
    """Your key: name, public key, fingerprint and when it was made; retired keys too.

    Exit status 1 if there is no key yet, or the private key cannot be used (missing,
    damaged, or readable by others).
    """
    folder = _folder(directory)
    found = list_keys(folder)
    if as_json:
        keys = [{**k.to_dict(), "active": k.active} for k in found]
        document = {"folder": str(folder), "keys": keys}
        click.echo(json.dumps(document, ensure_ascii=False))
    else:
        _show(found)
    # Checked last: the public half is worth seeing even when the private file is not usable.
    try:
        active_key(folder)
    except SigningError as exc:
        click.echo(f"tutor: {one_line(str(exc))}", err=True)
        ctx.exit(1)


def _show(found: tuple[KeyInfo, ...]) -> None:
    for key in (k for k in found if k.active):
        click.echo(f"Key holder   {one_line(key.name)}")
        _describe(key)
    retired = [k for k in found if not k.active]
    if retired:
        click.echo("Retired keys (records they signed still verify):")
        for key in retired:
            click.echo(f"  {key.fingerprint}")
            click.echo(
                f"    {one_line(key.name)}, created {key.created_at}, retired {key.retired_at}"
            )


def _describe(key: KeyInfo) -> None:
    click.echo(f"Algorithm    {ALGORITHM}")
    click.echo(f"Public key   {key.public_key_text}")
    click.echo(f"Fingerprint  {key.fingerprint}")
    click.echo(f"Created      {key.created_at}")


@keys.command("export")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Write to this file (or into this folder) instead of printing.",
)
@click.option("--force", is_flag=True, help="Replace an existing --out file.")
@click.option(
    "--fingerprint",
    "wanted",
    metavar="FINGERPRINT",
    help="A retired key instead of the active one (its first 8 or more hex digits).",
)
@dir_option
def export_command(
    out: Path | None, force: bool, wanted: str | None, directory: Path | None
) -> None:
    """Your public key (never the private one) in a file tutor verify --key reads.

    The file is a standard PEM public key with comment lines naming its holder and
    fingerprint; OpenSSL reads it too.
    """
    folder = _folder(directory)
    key = find_key(folder, wanted) if wanted else active_info(folder)
    text = public_key_file(key)
    if out is None:
        click.echo(text, nl=False)
        return
    from tutor.export.paths import resolve_target, slug, write_bytes

    hex_digits = key.fingerprint.removeprefix("SHA256:").replace(" ", "")
    default_name = f"{slug(key.name, 'signer')}_ed25519_{hex_digits[:8]}.pub"
    target = write_bytes(
        resolve_target(Path.cwd(), out, default_name), text.encode("utf-8"), force=force
    )
    click.echo(f"Public key of {one_line(key.name)} written to {target}")


@keys.command("rotate")
@click.option("--name", help="A new name for the new key (default: the current key's).")
@dir_option
def rotate_command(name: str | None, directory: Path | None) -> None:
    """Replace your key with a new one. The old key is retired: its public half is kept,
    so records it signed still verify, and its private file is deleted, so it signs no more.
    """
    folder = _folder(directory)
    old = active_info(folder)
    key = rotate(folder, clock=_now, name=name)
    click.echo(f"Retired {old.fingerprint}; records it signed still verify.")
    click.echo(f"New signing key for {one_line(key.name)}.")
    _describe(key)
    click.echo("Give others your new public key: tutor keys export --out FILE")
