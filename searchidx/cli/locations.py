"""Where things live by default: the index directory and the bundled seeds."""

from __future__ import annotations

import os
from pathlib import Path

from searchidx.errors import SearchIdxError

INDEX_ENV = "SEARCHIDX_INDEX"
DEFAULT_INDEX = Path("index")
_REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def default_index_path() -> Path:
    """``$SEARCHIDX_INDEX`` if set, else ``index/`` in the working directory."""
    return Path(os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


def find_seeds() -> Path:
    """The bundled seed pages: ``seeds/`` here, else the checkout searchidx runs from."""
    for candidate in (Path("seeds"), _REPO_SEEDS):
        if (candidate / "manifest.json").is_file():
            return candidate
    raise SearchIdxError(
        "cannot find the bundled seeds/ directory",
        hint="run from the searchidx checkout or pass PATHS to `searchidx index`",
    )
