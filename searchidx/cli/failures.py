"""How a failed command reports itself: one line on stderr, a documented exit code.

People get ``Error: message (hint: …)``; a command run with ``--format json``
(for a program) gets the same failure as one JSON line on stderr instead,
``{"error": {"code": …, "message": …, "hint": …}}``, with the same exit code.
The codes are the HTTP API's where both have the error (``bad_query``,
``bad_parameter``, ``not_found``).
"""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from collections.abc import Sequence
from typing import Any, Final

import click

from searchidx.cli.exiting import EXIT_BROKEN_PIPE, command_name
from searchidx.cli.lazy_group import LazyGroup
from searchidx.errors import (
    DocumentNotFoundError,
    IndexingInterruptedError,
    InvalidFilterError,
    QuerySyntaxError,
    SearchIdxError,
)

EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
# Commands whose --format chooses their output (index's --format is the input's).
OUTPUT_FORMAT_COMMANDS: Final = frozenset(
    {"search", "timeline", "similar", "get", "stats", "analyze"}
)
JSON_ERRORS: Final = "searchidx.json_errors"  # ctx.meta key
_CODES: Final[tuple[tuple[type[Exception], str], ...]] = (
    (QuerySyntaxError, "bad_query"),
    (InvalidFilterError, "bad_parameter"),
    (DocumentNotFoundError, "not_found"),
    (IndexingInterruptedError, "interrupted"),
    (click.BadParameter, "bad_parameter"),
    (click.UsageError, "usage"),
)
_HINTED: Final = re.compile(r"^(?P<message>.*) \(hint: (?P<hint>[^()]*)\)$", re.DOTALL)


class UserInputError(click.ClickException):
    """A bad query or option value: exit code 2, like Click's usage errors."""

    exit_code = EXIT_USAGE


class Interrupted(click.ClickException):
    """Stopped by Ctrl-C after committing what it could: exit code 130 (128 + SIGINT)."""

    exit_code = EXIT_INTERRUPTED


class SearchIdxGroup(LazyGroup):
    """Turns library errors into one-line messages (or JSON lines) instead of tracebacks."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[JSON_ERRORS] = wants_json(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort):
            raise
        except click.ClickException as error:
            if not ctx.meta.get(JSON_ERRORS):
                raise
            failure: BaseException = error
        except KeyboardInterrupt as stop:
            if not ctx.meta.get(JSON_ERRORS):
                click.echo("Interrupted.", err=True)
                ctx.exit(EXIT_INTERRUPTED)
            failure = stop
        except BrokenPipeError:
            # `searchidx export … | head`: the reader left; stop quietly like other tools.
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except Exception as error:
            if ctx.meta.get("verbose"):
                click.echo(traceback.format_exc().rstrip(), err=True)
            if not ctx.meta.get(JSON_ERRORS):
                raise to_click_error(error) from None
            failure = error
        click.echo(error_json(failure), err=True)
        ctx.exit(exit_code(failure))


def wants_json(args: Sequence[str]) -> bool:
    """Did ``args`` ask a command with output formats for ``--format json``?"""
    if command_name(args) not in OUTPUT_FORMAT_COMMANDS:
        return False
    pairs = zip(args, [*args[1:], ""], strict=True)
    return "--format=json" in args or any(pair == ("--format", "json") for pair in pairs)


def to_click_error(error: Exception) -> click.ClickException:
    """The one-line message and exit code for an error (see README: exit codes)."""
    if isinstance(error, IndexingInterruptedError):
        return Interrupted(with_hint(error))
    if isinstance(error, QuerySyntaxError | InvalidFilterError):
        return UserInputError(with_hint(error))
    if isinstance(error, SearchIdxError):
        return click.ClickException(with_hint(error))
    return click.ClickException(_internal_message(error))


def with_hint(error: SearchIdxError) -> str:
    return f"{error} (hint: {error.hint})" if error.hint else str(error)


def error_json(error: BaseException) -> str:
    """``{"error": {"code", "message", "hint"}}`` on one line (hint null when there is none)."""
    hint: str | None = None
    if isinstance(error, SearchIdxError):
        message, hint = str(error), error.hint
    elif isinstance(error, click.ClickException):
        message = error.format_message()
        hinted = _HINTED.match(message)
        if hinted:
            message, hint = hinted["message"], hinted["hint"]
        elif isinstance(error, click.UsageError) and error.ctx is not None:
            hint = f"see `{error.ctx.command_path} -h`"
    elif isinstance(error, KeyboardInterrupt):
        message = "interrupted"
    else:
        message = _internal_message(error)
    body = {"code": error_code(error), "message": " ".join(message.split()), "hint": hint}
    return json.dumps({"error": body}, ensure_ascii=False)


def error_code(error: BaseException) -> str:
    """bad_query, bad_parameter, not_found, usage, …; other library errors by class name."""
    for kind, code in _CODES:
        if isinstance(error, kind):
            return code
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    if isinstance(error, UserInputError):
        return "bad_parameter"
    if isinstance(error, SearchIdxError):  # IndexLockedError -> index_locked
        name = type(error).__name__.removesuffix("Error")
        return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return "error" if isinstance(error, click.ClickException) else "internal"


def exit_code(error: BaseException) -> int:
    if isinstance(error, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    click_error = error if isinstance(error, click.ClickException) else None
    if click_error is None and isinstance(error, Exception):
        click_error = to_click_error(error)
    return click_error.exit_code if click_error is not None else 1


def _internal_message(error: BaseException) -> str:
    detail = " ".join(str(error).split())  # one line, whatever the exception says
    return (
        f"internal error: {type(error).__name__}: {detail} "
        "(run `searchidx --verbose …` for the traceback)"
    )


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
