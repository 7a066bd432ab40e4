"""The ``searchidx`` command line: thin Click commands over :class:`SearchIndex`.

``searchidx.cli:main`` is the console entry point; ``serve`` lives in its own
module and imports Starlette only when it runs.
"""

from searchidx.cli.commands import cli, main

__all__ = ["cli", "main"]
