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
from searchidx.features.export import Export, ExportMeta, ExportRow
from searchidx.features.fields import DeclaredField
from searchidx.models import (
    CommentHit,
    Document,
    FacetValue,
    Filters,
    Grouping,
    Hit,
    IndexReport,
    IndexStats,
    Interval,
    Notice,
    Results,
    Skipped,
    SortOrder,
    TimelineGrouping,
    TimelinePoint,
)

__version__ = "0.1.0"

__all__ = [
    "BackendNotAvailableError",
    "BackendUnavailableError",
    "CommentHit",
    "DeclaredField",
    "Document",
    "DocumentNotFoundError",
    "Export",
    "ExportMeta",
    "ExportRow",
    "FacetValue",
    "Filters",
    "Grouping",
    "Hit",
    "IndexExistsError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexReport",
    "IndexStats",
    "IndexVersionError",
    "IndexingInterruptedError",
    "IngestError",
    "Interval",
    "InvalidDocumentError",
    "InvalidFilterError",
    "Notice",
    "QuerySyntaxError",
    "Results",
    "SearchIdxError",
    "SearchIndex",
    "ShardUnavailableError",
    "Skipped",
    "SortOrder",
    "TimelineGrouping",
    "TimelinePoint",
    "__version__",
]
