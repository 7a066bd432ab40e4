"""HTTP layer over :class:`SearchIndex`: a JSON API and a search page (``searchidx serve``).

Importing this package imports Starlette, so the CLI imports it only when serving.
"""

from searchidx.web.app import create_app

__all__ = ["create_app"]
