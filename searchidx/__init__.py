"""searchidx: German-aware full-text search for news articles and reader comments.

>>> from searchidx import SearchIndex
>>> with SearchIndex.open("index") as index:
...     results = index.search('"Region Kursk"', limit=5)
"""

from searchidx.engine import SearchIndex
from searchidx.errors import (
    BackendNotAvailableError,
    BackendUnavailableError,
    DocumentNotFoundError,
    IndexExistsError,
    IndexingInterruptedError,
    IndexLockedError,
    IndexNotFoundError,
    IndexVersionError,
    IngestError,
    InvalidDocumentError,
    InvalidFilterError,
    QuerySyntaxError,
    SearchIdxError,
    ShardUnavailableError,
)
from searchidx.models import (
    Document,
    FacetValue,
    Filters,
    Hit,
    IndexReport,
    IndexStats,
    Notice,
    Results,
    Skipped,
)

__version__ = "0.1.0"

__all__ = [
    "BackendNotAvailableError",
    "BackendUnavailableError",
    "Document",
    "DocumentNotFoundError",
    "FacetValue",
    "Filters",
    "Hit",
    "IndexExistsError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexReport",
    "IndexStats",
    "IndexVersionError",
    "IndexingInterruptedError",
    "IngestError",
    "InvalidDocumentError",
    "InvalidFilterError",
    "Notice",
    "QuerySyntaxError",
    "Results",
    "SearchIdxError",
    "SearchIndex",
    "ShardUnavailableError",
    "Skipped",
    "__version__",
]
