"""The vocabulary every ingest reader speaks.

Readers yield one stream of :data:`Record` values: Documents to index, Skipped
for what could not be read (with where and why), Notice for what the user should
know but that is not an error.
"""

from __future__ import annotations

from searchidx.models import Document, Notice, Skipped

Record = Document | Skipped | Notice

# What a document's source is when nothing names the outlet (models' default too).
UNKNOWN_SOURCE = "unbekannt"
