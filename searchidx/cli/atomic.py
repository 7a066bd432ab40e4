"""Files the CLI writes (exports, their provenance) appear whole or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click


def write_atomically(target: Path, lines: Iterable[str]) -> None:
    """Write to a temporary file beside ``target`` and rename: no half-written exports."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            stream.writelines(lines)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {target}: {error.strerror}") from None
