"""Whether text output may carry bold and colour: ``--color`` and NO_COLOR."""

from __future__ import annotations

from collections.abc import Mapping

COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, environ: Mapping[str, str]) -> bool | None:
    """Click's ``Context.color`` for ``--color CHOICE``: None lets Click ask the terminal.

    NO_COLOR (https://no-color.org: set and not empty) turns ``auto`` off; an
    explicit ``--color always`` still wins, as the user asked for it on this run.
    """
    if choice == "always":
        return True
    if choice == "never" or environ.get("NO_COLOR"):
        return False
    return None
